// The sagaz executable: everything lives in the libraries; this only hands over to the CLI.
#include <csignal>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  // A client that disconnects mid-response must not kill the server: writes fail with EPIPE
  // instead.
  std::signal(SIGPIPE, SIG_IGN);
  return sagaz::cli::Main(argc, argv);
}
