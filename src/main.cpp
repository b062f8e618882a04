// The sagaz executable: everything lives in the libraries; this only hands over to the CLI.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return sagaz::cli::Main(argc, argv); }
