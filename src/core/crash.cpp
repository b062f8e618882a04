// The fatal-signal handler and what it reads. Everything the handler touches is static storage
// written before it can run (the marker path) or lock-free atomics (the slots), and it calls only
// async-signal-safe functions.
#include "core/crash.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/strings.hpp"

namespace sagaz::crash {
namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};

struct Slot {
  // 0: free; -1: being filled or emptied; > 0: the thread (gettid) whose note this is.
  std::atomic<pid_t> owner{0};
  char note[kMaxNote + 1] = {};
};

Slot g_slots[kMaxRunning];
char g_marker[4096] = {};
std::atomic<bool> g_installed{false};
struct sigaction g_previous[NSIG];

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void OnFatalSignal(int sig, siginfo_t*, void*) {
  const pid_t self = gettid();
  bool mine = false;
  for (const auto& slot : g_slots) mine = mine || slot.owner.load() == self;
  int fd = -1;
  for (const auto& slot : g_slots) {
    const pid_t owner = slot.owner.load();
    if (owner <= 0 || (mine && owner != self)) continue;
    if (fd < 0) fd = open(g_marker, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) break;
    WriteAll(fd, slot.note, strnlen(slot.note, kMaxNote));
    WriteAll(fd, "\n", 1);
  }
  if (fd >= 0) close(fd);
  // Die as the process would have: the previous disposition (usually the default, a core dump)
  // takes the signal once this handler returns (or the faulting instruction runs again).
  sigaction(sig, &g_previous[sig], nullptr);
  raise(sig);
}

}  // namespace

Status InstallHandler(const std::filesystem::path& marker) {
  const std::string path = marker.string();
  if (path.size() >= sizeof g_marker) {
    return Fail(ErrorCode::kInvalidArgument, "the data directory's path is too long");
  }
  std::memcpy(g_marker, path.c_str(), path.size() + 1);
  if (g_installed.exchange(true)) return Ok();
  struct sigaction action {};
  action.sa_sigaction = OnFatalSignal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (int sig : kSignals) {
    if (sigaction(sig, &action, &g_previous[sig]) != 0) {
      return Fail(ErrorCode::kInternal, "cannot install the fatal-signal handler");
    }
  }
  return Ok();
}

AltStack::AltStack() {
  // Room for the handler's frame on top of the kernel's signal frame (which grows with the CPU's
  // vector registers); a guard page below catches an overflow of the handler itself.
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_ = std::max<size_t>(64 * 1024, static_cast<size_t>(SIGSTKSZ) * 4);
  void* memory =
      mmap(nullptr, size_ + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return;
  memory_ = memory;
  mprotect(memory_, page, PROT_NONE);
  stack_t stack{};
  stack.ss_sp = static_cast<char*>(memory_) + page;
  stack.ss_size = size_;
  installed_ = sigaltstack(&stack, nullptr) == 0;
  size_ += page;
}

AltStack::~AltStack() {
  if (installed_) {
    stack_t off{};
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, nullptr);
  }
  if (memory_ != nullptr) munmap(memory_, size_);
}

Running::Running(std::string_view note) {
  const pid_t self = gettid();
  for (size_t i = 0; i < kMaxRunning; ++i) {
    pid_t expected = 0;
    if (!g_slots[i].owner.compare_exchange_strong(expected, -1)) continue;
    const size_t n = std::min(note.size(), kMaxNote);
    std::memcpy(g_slots[i].note, note.data(), n);
    g_slots[i].note[n] = '\0';
    g_slots[i].owner.store(self);
    slot_ = static_cast<int>(i);
    return;
  }
}

Running::~Running() {
  if (slot_ >= 0) g_slots[slot_].owner.store(0);
}

Result<std::vector<std::string>> TakeMarker(const std::filesystem::path& marker) {
  std::vector<std::string> notes;
  std::error_code ec;
  if (!std::filesystem::exists(marker, ec)) return notes;
  {
    std::ifstream in(marker);
    if (!in) return Fail(ErrorCode::kIo, "cannot read " + marker.string());
    for (std::string line; std::getline(in, line);) {
      line = std::string(Trim(line));
      if (!line.empty() && std::find(notes.begin(), notes.end(), line) == notes.end()) {
        notes.push_back(std::move(line));
      }
    }
  }
  std::filesystem::remove(marker, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot remove " + marker.string() + ": " + ec.message());
  return notes;
}

}  // namespace sagaz::crash
