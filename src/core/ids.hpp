// Random identifiers and timing helpers.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sagaz {

// `bytes` random bytes from the OS as lowercase hex.
std::string RandomHex(size_t bytes);
// A 128-bit random id in UUID v4 text form.
std::string NewUuid();

// Wall-clock time elapsed since construction.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double ElapsedMs() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
        .count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Current UTC time as ISO-8601 with milliseconds: 2026-11-22T10:00:00.123Z.
std::string NowIso8601();
// Milliseconds since the Unix epoch, now.
int64_t NowMs();
// A time in milliseconds since the epoch as ISO-8601 UTC with milliseconds.
std::string Iso8601FromMs(int64_t ms);

}  // namespace sagaz
