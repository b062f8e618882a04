// The `sagaz` command line: subcommands mirroring the API, readable tables by default, --json for
// scripts (the same shapes as the API), exit code 1 with the error on stderr on any failure.
#pragma once

namespace sagaz::cli {

int Main(int argc, char** argv);

}  // namespace sagaz::cli
