// What this process leaves behind when a fatal signal kills it.
//
//   crash::InstallHandler(config.DataPath("crashed-jobs"));   // once, before work starts
//   crash::AltStack alt;                                       // in each thread that runs work
//   { crash::Running running(job.id); RunTheJob(); }           // while the job runs
//   ... after a restart:
//   auto crashed = SAGAZ_TRY(crash::TakeMarker(config.DataPath("crashed-jobs")));
//
// On SIGSEGV, SIGBUS, SIGABRT, SIGFPE or SIGILL the handler appends the notes (job ids) running at
// that moment to the marker file, using only open(2), write(2) and close(2), and re-raises the
// signal to its previous disposition, so the process still dies as it would have (exit status,
// core dump). When the crashing thread had registered notes, only those are written (the crash was
// in that work); otherwise, every registered note (a crash in a shared thread, such as one of the
// database's, cannot be attributed). A process killed by SIGKILL or a power loss leaves no marker.
//
// A stack overflow, the likeliest crash of a recursive engine on hostile input, leaves no room on
// the thread's own stack for a handler: threads that run work carry an AltStack.
//
// Thread-safe: Running may be constructed and destroyed on any thread, concurrently; at most
// kMaxRunning notes are tracked at once (more are not recorded).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::crash {

inline constexpr size_t kMaxRunning = 128;
inline constexpr size_t kMaxNote = 95;  // longer notes are cut

// Installs the fatal-signal handlers writing to `marker`. Idempotent; the last path wins. Call
// before the threads that register notes start.
Status InstallHandler(const std::filesystem::path& marker);

// Gives the calling thread an alternate signal stack while it lives. Move-less; one per thread.
class AltStack {
 public:
  AltStack();
  ~AltStack();
  AltStack(const AltStack&) = delete;
  AltStack& operator=(const AltStack&) = delete;

 private:
  void* memory_ = nullptr;
  size_t size_ = 0;
  bool installed_ = false;
};

// Registers `note` as running on the calling thread while it lives.
class Running {
 public:
  explicit Running(std::string_view note);
  ~Running();
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  int slot_ = -1;
};

// The notes left in `marker` by crashed processes, and removes the file. Empty when there is none.
Result<std::vector<std::string>> TakeMarker(const std::filesystem::path& marker);

}  // namespace sagaz::crash
