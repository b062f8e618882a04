// Raw HTTP: any bytes are sent to a real server (every route, the connection gate, httplib's
// parsing) over a loopback socket, as an anonymous viewer. The server must answer or close, and
// stay up: every 64 inputs, and at the end, /api/v1/health must answer 200.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "fuzz_app.hpp"
#include "server/http.hpp"
#include "server/server.hpp"

namespace {

sagaz::App* g_app = nullptr;
sagaz::http::Server* g_server = nullptr;
int g_port = 0;

// Sends `bytes`, shuts the sending side (so an incomplete request ends at once) and reads until
// the server closes or a second passes. Returns what came back.
std::string Exchange(const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(g_port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    timeval tv{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    (void)send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    shutdown(fd, SHUT_WR);
    char buf[65536];
    for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;)
      out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

void ExpectHealthy() {
  const std::string reply = Exchange("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
  if (reply.rfind("HTTP/1.1 200", 0) != 0) {
    std::fprintf(stderr, "fuzz: the server stopped answering /api/v1/health: %s\n",
                 reply.substr(0, 200).c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_app = sagaz::fuzz::OpenApp({{"orders", "id,status,amount\n1,complete,5\n2,pending,7.5\n"}},
                               {{"auth.anonymous_role", "viewer"}});
  sagaz::http::ServerOptions options;
  options.port = 0;
  options.threads = 4;
  options.header_timeout = std::chrono::seconds(2);
  g_server = new sagaz::http::Server(options);
  sagaz::server::RegisterRoutes(*g_server, *g_app);
  auto port = g_server->Bind();
  if (!port) std::abort();
  g_port = *port;
  std::thread([] { (void)g_server->Listen(); }).detach();
  ExpectHealthy();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static uint64_t runs = 0;
  (void)Exchange(std::string(reinterpret_cast<const char*>(data), size));
  if (++runs % 64 == 0) ExpectHealthy();
  return 0;
}
