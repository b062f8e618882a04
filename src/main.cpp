// The sagaz executable: everything lives in the libraries; this only hands over to the CLI.
#include <sys/stat.h>

#include <csignal>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  // Everything Sagaz writes is private to its user: the database holds password hashes, and logs,
  // uploads and secrets are no one else's business (directories 0700, files 0600).
  umask(0077);
  // A client that disconnects mid-response must not kill the server: writes fail with EPIPE
  // instead.
  std::signal(SIGPIPE, SIG_IGN);
  return sagaz::cli::Main(argc, argv);
}
