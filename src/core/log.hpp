// Structured logging: readable lines on the console, JSON lines in a rotating file.
//
//   log::Info("dataset loaded", {{"dataset", name}, {"rows", std::to_string(rows)}});
//   log::ScopedField rid("request_id", id);   // added to every line this thread logs while in
//   scope
//
// spdlog stays behind this header. Thread-safe.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace sagaz::log {

enum class Level { kTrace, kDebug, kInfo, kWarn, kError, kOff };

struct Options {
  Level console_level = Level::kWarn;
  Level file_level = Level::kInfo;
  std::filesystem::path file;  // empty: no file
  size_t max_size_bytes = 50u << 20;
  size_t max_files = 5;
};

// Replaces the process-wide logger. Before Init, warnings and errors go to stderr.
Status Init(const Options& options);
// Flushes and drops the sinks (at shutdown).
void Shutdown();

std::string_view ToString(Level level);  // "trace", "debug", "info", "warn", "error", "off"
Result<Level> ParseLevel(std::string_view name);

struct Field {
  std::string_view key;
  std::string value;
};

void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kDebug, m, f);
}
inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarn, m, f);
}
inline void Err(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}

// Adds a field to every line the current thread writes while this object lives.
class ScopedField {
 public:
  ScopedField(std::string_view key, std::string value);
  ~ScopedField();
  ScopedField(const ScopedField&) = delete;
  ScopedField& operator=(const ScopedField&) = delete;
};

}  // namespace sagaz::log
