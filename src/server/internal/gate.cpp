#include "server/internal/gate.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/log.hpp"
#include "core/strings.hpp"

namespace sagaz::http::internal {
namespace {

using Clock = std::chrono::steady_clock;
using Ms = std::chrono::milliseconds;

// How long a connection whose streamed body waits for a free slot may wait before a 503.
constexpr Ms kParkTimeout{30'000};
// How often deadlines are checked.
constexpr Ms kSweepEvery{100};

// An owned file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::pair<std::string, int> PeerOf(int fd, bool local) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = local ? getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                       : getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return {"", 0};
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    return {text, ntohs(in->sin_port)};
  }
  if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    return {text, ntohs(in6->sin6_port)};
  }
  return {"", 0};
}

// What the gate needs to know of a request head.
struct Head {
  size_t length = 0;     // request line and headers with the blank line after them
  uint64_t body = 0;     // Content-Length
  bool streams = false;  // chunked, or the client waits for "100 Continue"
  std::string error;     // not empty: the request is refused with 400
};

// The end of a request head in `text` (the offset past its blank line), or nullopt.
std::optional<size_t> HeadEnd(std::string_view text) {
  for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
    if (i + 1 < text.size() && text[i + 1] == '\n') return i + 2;
    if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') return i + 3;
  }
  return std::nullopt;
}

Head ParseHead(std::string_view head) {
  Head h;
  h.length = head.size();
  std::optional<uint64_t> length;
  bool chunked = false;
  size_t start = head.find('\n') + 1;  // past the request line
  while (start < head.size()) {
    size_t end = head.find('\n', start);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;  // httplib skips these
    const std::string_view name = line.substr(0, colon);
    if (name.back() == ' ' || name.back() == '\t') {
      h.error = "whitespace before the colon of a header field";
      return h;
    }
    const std::string_view value = Trim(line.substr(colon + 1));
    if (IEquals(name, "Content-Length")) {
      const bool digits =
          !value.empty() && value.size() <= 18 &&
          std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        h.error = "the Content-Length header is not a non-negative integer";
        return h;
      }
      const uint64_t n = std::stoull(std::string(value));
      if (length && *length != n) {
        h.error = "the request has two different Content-Length headers";
        return h;
      }
      length = n;
    } else if (IEquals(name, "Transfer-Encoding")) {
      chunked = true;
    } else if (IEquals(name, "Expect") && IEquals(value, "100-continue")) {
      h.streams = true;
    }
  }
  if (chunked && length) {
    h.error = "a request may not have both Content-Length and Transfer-Encoding";
    return h;
  }
  h.body = length.value_or(0);
  h.streams = h.streams || chunked;
  return h;
}

// Open connections, in all and per client address. Thread-safe.
class Counts {
 public:
  // Counts a new connection from `addr`, or says why it is refused.
  std::optional<std::string> Admit(const std::string& addr, const GateOptions& options) {
    std::lock_guard lock(mu_);
    if (total_ >= options.max_connections) {
      return "the server has too many open connections; try again shortly";
    }
    auto& mine = by_addr_[addr];
    if (mine >= options.max_per_address) {
      if (mine == 0) by_addr_.erase(addr);
      return "too many open connections from this address";
    }
    ++mine;
    ++total_;
    return std::nullopt;
  }
  void Forget(const std::string& addr) {
    std::lock_guard lock(mu_);
    --total_;
    if (auto it = by_addr_.find(addr); it != by_addr_.end() && --it->second == 0) {
      by_addr_.erase(it);
    }
  }

 private:
  std::mutex mu_;
  size_t total_ = 0;                                 // guarded by mu_
  std::unordered_map<std::string, size_t> by_addr_;  // guarded by mu_
};

}  // namespace

// A client connection. The gate's thread owns it while it waits; a worker owns it while it serves.
struct Conn {
  enum class Phase { kIdle, kHead, kBody, kParked };

  Counts* counts = nullptr;  // told when the connection closes
  Fd fd;
  std::string addr;
  int port = 0;
  std::string buf;  // bytes read and not yet consumed start at pos
  size_t pos = 0;
  Phase phase = Phase::kIdle;
  Clock::time_point deadline;
  bool eof = false;  // the client shut its sending side
  // The request at pos, once its head is in.
  bool head_known = false;
  size_t need = 0;  // bytes from pos that must be buffered before a worker takes it
  bool streams = false;
  size_t served = 0;

  ~Conn();
  size_t Available() const { return buf.size() - pos; }
  void Compact() {
    if (pos == buf.size()) {
      buf.clear();
      pos = 0;
    } else if (pos > (64u << 10)) {
      buf.erase(0, pos);
      pos = 0;
    }
  }
};

namespace {

// httplib's view of a connection while a worker serves one request: the buffered bytes first,
// then the socket. Waiting on the client is bounded twice: each wait by the read or write
// timeout, and all waits together by a grace period plus the bytes moved at the minimum rate, so
// a client cannot hold the worker by trickling bytes.
class ConnStream final : public httplib::Stream {
 public:
  ConnStream(Conn& conn, const GateOptions& options) : conn_(conn), options_(options) {}

  bool is_readable() const override {
    return conn_.Available() > 0 || Wait(POLLIN, options_.read_timeout);
  }
  bool is_writable() const override {
    if (!Wait(POLLOUT, options_.write_timeout)) return false;
    char byte;
    // A peer that closed reads as 0 bytes; pipelined data or nothing (EAGAIN) mean it is there.
    return recv(conn_.fd.get(), &byte, 1, MSG_PEEK | MSG_DONTWAIT) != 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (conn_.Available() > 0) {
      const size_t n = std::min(size, conn_.Available());
      std::memcpy(ptr, conn_.buf.data() + conn_.pos, n);
      conn_.pos += n;
      return static_cast<ssize_t>(n);
    }
    for (;;) {
      const ssize_t n = recv(conn_.fd.get(), ptr, size, 0);
      if (n >= 0) {
        moved_ += static_cast<uint64_t>(n);
        return n;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      if (!Stall(POLLIN, options_.read_timeout)) return -1;
    }
  }

  ssize_t write(const char* ptr, size_t size) override {
    size_t done = 0;
    while (done < size) {
      const ssize_t n = send(conn_.fd.get(), ptr + done, size - done, MSG_NOSIGNAL);
      if (n > 0) {
        done += static_cast<size_t>(n);
        moved_ += static_cast<uint64_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      if (!Stall(POLLOUT, options_.write_timeout)) return -1;
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = conn_.addr;
    port = conn_.port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    auto [local_ip, local_port] = PeerOf(conn_.fd.get(), true);
    ip = std::move(local_ip);
    port = local_port;
  }
  socket_t socket() const override { return conn_.fd.get(); }

 private:
  bool Wait(short events, Ms timeout) const {
    pollfd p{conn_.fd.get(), events, 0};
    for (;;) {
      const int rc = poll(&p, 1, static_cast<int>(timeout.count()));
      if (rc < 0 && errno == EINTR) continue;
      return rc > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
    }
  }

  // Waits for the socket within what the stall budget has left; false when it ran out.
  bool Stall(short events, Ms timeout) {
    const auto allowed =
        options_.head_timeout + Ms(static_cast<int64_t>(1000.0 * static_cast<double>(moved_) /
                                                        std::max(1.0, options_.min_rate)));
    const auto left = std::chrono::duration_cast<Ms>(allowed - stalled_);
    if (left <= Ms(0)) return false;
    const auto start = Clock::now();
    const bool ready = Wait(events, std::min(timeout, left));
    stalled_ += Clock::now() - start;
    return ready;
  }

  Conn& conn_;
  const GateOptions& options_;
  uint64_t moved_ = 0;         // bytes read from or written to the socket
  Clock::duration stalled_{};  // time spent waiting on the client
};

}  // namespace

struct Gate::Impl {
  GateOptions options;
  ServeFn serve;
  RefuseFn refuse;

  Fd epoll;
  Fd wake;  // eventfd: the inbox has connections, a slot was freed, or the gate stops
  std::atomic<bool> stopping{false};
  std::thread reactor;
  std::vector<std::thread> workers;

  // Connections handed to the gate's thread: new ones and those a worker is done with.
  std::mutex inbox_mu;
  std::vector<std::unique_ptr<Conn>> inbox;  // guarded by inbox_mu

  // Owned by the gate's thread.
  std::unordered_map<int, std::unique_ptr<Conn>> waiting;
  std::deque<std::unique_ptr<Conn>> parked;  // streamed bodies waiting for a slot

  // Requests ready for a worker.
  std::mutex ready_mu;
  std::condition_variable ready_cv;
  std::deque<std::unique_ptr<Conn>> ready;  // guarded by ready_mu
  bool workers_stop = false;                // guarded by ready_mu

  Counts counts;
  // Streamed bodies in flight, in all and per client address.
  std::mutex count_mu;
  size_t streaming = 0;                                       // guarded by count_mu
  std::unordered_map<std::string, size_t> streaming_by_addr;  // guarded by count_mu

  size_t StreamingSlots() const {
    return options.streaming_slots > 0
               ? options.streaming_slots
               : std::max<size_t>(1, static_cast<size_t>(options.workers) / 2);
  }

  void Wake() {
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake.get(), &one, sizeof one);
  }

  // Best effort: the refusal is small and the socket's buffer empty.
  void Refuse(int fd, int status, std::string_view message) {
    const std::string bytes = refuse(status, message);
    [[maybe_unused]] auto n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    log::Debug("connection refused",
               {{"status", std::to_string(status)}, {"reason", std::string(message)}});
  }

  void Adopt(int raw) {
    Fd fd(raw);
    auto [addr, port] = PeerOf(raw, false);
    // httplib serves sockets past FD_SETSIZE with a 500 (it waits with select()).
    std::optional<std::string> refusal;
    if (stopping) {
      refusal = "the server is shutting down";
    } else if (raw >= FD_SETSIZE) {
      refusal = "the server has too many open files; try again shortly";
    } else {
      refusal = counts.Admit(addr, options);
    }
    if (refusal) {
      Refuse(raw, 503, *refusal);
      return;
    }
    const int flags = fcntl(raw, F_GETFL, 0);
    fcntl(raw, F_SETFL, flags | O_NONBLOCK);
    int yes = 1;
    setsockopt(raw, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    auto conn = std::make_unique<Conn>();
    conn->counts = &counts;
    conn->fd = std::move(fd);
    conn->addr = std::move(addr);
    conn->port = port;
    Hand(std::move(conn));
  }

  // Gives a connection to the gate's thread.
  void Hand(std::unique_ptr<Conn> conn) {
    {
      std::lock_guard lock(inbox_mu);
      if (stopping) return;  // closed here
      inbox.push_back(std::move(conn));
    }
    Wake();
  }

  // ---- The gate's thread.

  void Loop() {
    epoll_event events[128];
    auto next_sweep = Clock::now() + kSweepEvery;
    while (!stopping) {
      const int n = epoll_wait(epoll.get(), events, 128, static_cast<int>(kSweepEvery.count()));
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == wake.get()) {
          uint64_t count;
          [[maybe_unused]] auto r = ::read(wake.get(), &count, sizeof count);
          TakeInbox();
          Unpark();
          continue;
        }
        auto it = waiting.find(fd);
        if (it != waiting.end()) OnReadable(it);
      }
      const auto now = Clock::now();
      if (now >= next_sweep) {
        Sweep(now);
        next_sweep = now + kSweepEvery;
      }
    }
    waiting.clear();
    parked.clear();
    std::lock_guard lock(inbox_mu);
    inbox.clear();
  }

  void TakeInbox() {
    std::vector<std::unique_ptr<Conn>> taken;
    {
      std::lock_guard lock(inbox_mu);
      taken.swap(inbox);
    }
    const auto now = Clock::now();
    for (auto& conn : taken) {
      conn->phase = Conn::Phase::kIdle;
      conn->deadline = now + (conn->served == 0 ? options.head_timeout : options.keep_alive);
      epoll_event ev{};
      ev.events = conn->eof ? 0u : static_cast<uint32_t>(EPOLLIN | EPOLLRDHUP);
      ev.data.fd = conn->fd.get();
      if (epoll_ctl(epoll.get(), EPOLL_CTL_ADD, conn->fd.get(), &ev) != 0) continue;  // closed
      const int fd = conn->fd.get();
      auto [it, inserted] = waiting.emplace(fd, std::move(conn));
      TryDispatch(it);  // a pipelined request may already be buffered
    }
  }

  void Close(std::unordered_map<int, std::unique_ptr<Conn>>::iterator it) {
    epoll_ctl(epoll.get(), EPOLL_CTL_DEL, it->first, nullptr);
    waiting.erase(it);
  }

  void RefuseAndClose(std::unordered_map<int, std::unique_ptr<Conn>>::iterator it, int status,
                      std::string_view message) {
    Refuse(it->first, status, message);
    Close(it);
  }

  void OnReadable(std::unordered_map<int, std::unique_ptr<Conn>>::iterator it) {
    Conn& c = *it->second;
    char chunk[16384];
    for (int round = 0; round < 8; ++round) {
      const ssize_t n = recv(c.fd.get(), chunk, sizeof chunk, 0);
      if (n > 0) {
        c.buf.append(chunk, static_cast<size_t>(n));
        if (static_cast<size_t>(n) < sizeof chunk) break;
        continue;
      }
      if (n == 0) {
        // The client sent all it will send: serve what is complete, then close.
        c.eof = true;
        epoll_event ev{};
        ev.data.fd = c.fd.get();
        epoll_ctl(epoll.get(), EPOLL_CTL_MOD, c.fd.get(), &ev);
        break;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      Close(it);
      return;
    }
    TryDispatch(it);
  }

  void TryDispatch(std::unordered_map<int, std::unique_ptr<Conn>>::iterator it) {
    Conn& c = *it->second;
    if (!c.head_known) {
      // Blank lines between requests are allowed (RFC 9112, 2.2).
      while (c.Available() > 0 && (c.buf[c.pos] == '\r' || c.buf[c.pos] == '\n')) ++c.pos;
      c.Compact();
      if (c.Available() == 0) {
        if (c.eof) Close(it);
        return;
      }
      if (c.phase == Conn::Phase::kIdle) {
        // A head's deadline runs from the connection's start, or from the first byte of a later
        // request, and no trickle of bytes extends it.
        c.phase = Conn::Phase::kHead;
        if (c.served > 0) c.deadline = Clock::now() + options.head_timeout;
      }
      const std::string_view view(c.buf.data() + c.pos, c.Available());
      const auto end = HeadEnd(view.substr(0, std::min(view.size(), options.max_head_bytes)));
      if (!end) {
        if (c.Available() > options.max_head_bytes) {
          RefuseAndClose(it, 431, "the request's headers are larger than 64 KiB");
        } else if (c.eof) {
          Close(it);
        }
        return;
      }
      const Head head = ParseHead(view.substr(0, *end));
      if (!head.error.empty()) {
        RefuseAndClose(it, 400, head.error);
        return;
      }
      c.head_known = true;
      c.streams = head.streams || head.body > options.buffered_body_limit;
      c.need = c.streams ? head.length : head.length + head.body;
      if (c.Available() < c.need) {
        c.phase = Conn::Phase::kBody;
        const Ms transfer(static_cast<int64_t>(1000.0 * static_cast<double>(head.body) /
                                               std::max(1.0, options.min_rate)));
        c.deadline = Clock::now() + std::max(options.head_timeout, transfer);
      }
    }
    if (c.Available() < c.need) {
      if (c.eof) Close(it);
      return;
    }
    std::unique_ptr<Conn> conn = std::move(it->second);
    epoll_ctl(epoll.get(), EPOLL_CTL_DEL, it->first, nullptr);
    waiting.erase(it);
    if (conn->streams && !TakeSlot(conn->addr)) {
      conn->phase = Conn::Phase::kParked;
      conn->deadline = Clock::now() + kParkTimeout;
      parked.push_back(std::move(conn));
      return;
    }
    Dispatch(std::move(conn));
  }

  bool TakeSlot(const std::string& addr) {
    std::lock_guard lock(count_mu);
    const size_t per_addr = std::max<size_t>(1, StreamingSlots() / 2);
    if (streaming >= StreamingSlots() || streaming_by_addr[addr] >= per_addr) return false;
    ++streaming;
    ++streaming_by_addr[addr];
    return true;
  }

  void FreeSlot(const std::string& addr) {
    {
      std::lock_guard lock(count_mu);
      --streaming;
      if (auto it = streaming_by_addr.find(addr);
          it != streaming_by_addr.end() && --it->second == 0)
        streaming_by_addr.erase(it);
    }
    Wake();  // a parked connection may go now
  }

  void Unpark() {
    for (auto it = parked.begin(); it != parked.end();) {
      if (TakeSlot((*it)->addr)) {
        Dispatch(std::move(*it));
        it = parked.erase(it);
      } else {
        ++it;
      }
    }
  }

  void Dispatch(std::unique_ptr<Conn> conn) {
    {
      std::lock_guard lock(ready_mu);
      ready.push_back(std::move(conn));
    }
    ready_cv.notify_one();
  }

  void Sweep(Clock::time_point now) {
    for (auto it = waiting.begin(); it != waiting.end();) {
      auto next = std::next(it);
      const Conn& c = *it->second;
      if (now >= c.deadline) {
        if (c.phase == Conn::Phase::kIdle) {
          Close(it);
        } else {
          RefuseAndClose(it, 408, "the request did not arrive in time");
        }
      }
      it = next;
    }
    for (auto it = parked.begin(); it != parked.end();) {
      if (now >= (*it)->deadline) {
        Refuse((*it)->fd.get(), 503, "too many uploads at once; try again shortly");
        it = parked.erase(it);
      } else {
        ++it;
      }
    }
  }

  // ---- Workers.

  void Work() {
    for (;;) {
      std::unique_ptr<Conn> conn;
      {
        std::unique_lock lock(ready_mu);
        ready_cv.wait(lock, [&] { return workers_stop || !ready.empty(); });
        if (ready.empty()) return;
        conn = std::move(ready.front());
        ready.pop_front();
      }
      const bool keep = ServeOne(*conn);
      if (conn->streams) {
        FreeSlot(conn->addr);
        Linger(*conn);  // closed below: a streamed body leaves the framing unknown
      }
      if (keep && !conn->streams && !conn->eof && !stopping) {
        Hand(std::move(conn));
      } else if (keep && conn->eof && conn->Available() > 0 && !stopping) {
        Hand(std::move(conn));  // pipelined requests sent before the client shut its side
      }
    }
  }

  // Before closing a connection whose client may still be sending (an upload refused early): stop
  // writing and read what comes for a moment, so the close does not reset the connection and take
  // the response with it before the client read it.
  static void Linger(Conn& c) {
    char byte;
    if (recv(c.fd.get(), &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0) return;  // nothing unread
    shutdown(c.fd.get(), SHUT_WR);
    char sink[16384];
    const auto until = Clock::now() + Ms(500);
    size_t drained = 0;
    while (drained < (1u << 20)) {
      const auto left = std::chrono::duration_cast<Ms>(until - Clock::now());
      if (left <= Ms(0)) break;
      pollfd p{c.fd.get(), POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      const ssize_t n = recv(c.fd.get(), sink, sizeof sink, 0);
      if (n <= 0) break;
      drained += static_cast<size_t>(n);
    }
  }

  bool ServeOne(Conn& c) {
    const size_t start = c.pos;
    ConnStream stream(c, options);
    bool closed = false;
    bool ok = false;
    try {
      ok = serve(stream, stopping.load(), closed);
    } catch (const std::exception& e) {
      log::Err("serving a connection threw", {{"error", e.what()}});
    } catch (...) {
      log::Err("serving a connection threw a non-exception");
    }
    ++c.served;
    // The next request starts after this one's declared body, whatever the handler read of it.
    if (!c.streams) c.pos = std::max(c.pos, start + c.need);
    c.head_known = false;
    c.Compact();
    return ok && !closed;
  }
};

Conn::~Conn() {
  if (counts) counts->Forget(addr);
}

Gate::Gate(GateOptions options, ServeFn serve, RefuseFn refuse) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->serve = std::move(serve);
  impl_->refuse = std::move(refuse);
  impl_->epoll = Fd(epoll_create1(EPOLL_CLOEXEC));
  impl_->wake = Fd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = impl_->wake.get();
  epoll_ctl(impl_->epoll.get(), EPOLL_CTL_ADD, impl_->wake.get(), &ev);
  Impl* impl = impl_.get();
  impl_->reactor = std::thread([impl] { impl->Loop(); });
  for (int i = 0; i < std::max(1, options.workers); ++i) {
    impl_->workers.emplace_back([impl] { impl->Work(); });
  }
}

Gate::~Gate() { Stop(); }

void Gate::Adopt(int fd) { impl_->Adopt(fd); }

void Gate::Stop() {
  if (impl_->stopping.exchange(true)) return;
  impl_->Wake();
  if (impl_->reactor.joinable()) impl_->reactor.join();
  {
    std::lock_guard lock(impl_->ready_mu);
    impl_->workers_stop = true;
  }
  impl_->ready_cv.notify_all();
  for (auto& t : impl_->workers) t.join();
  impl_->workers.clear();
}

}  // namespace sagaz::http::internal
