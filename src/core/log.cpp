#include "core/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <vector>

#include "core/strings.hpp"

namespace sagaz::log {
namespace {

// Fields travel inside the spdlog payload, separated by control characters that never appear in
// sanitized text; each sink's formatter renders them its own way.
constexpr char kFieldSep = '\x1e';
constexpr char kKeySep = '\x1f';

thread_local std::vector<std::pair<std::string, std::string>> t_scoped;

struct Parsed {
  std::string_view message;
  std::vector<std::pair<std::string_view, std::string_view>> fields;
};

Parsed ParsePayload(std::string_view payload) {
  Parsed p;
  auto parts = Split(payload, kFieldSep);
  p.message = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) {
    auto kv = parts[i];
    auto pos = kv.find(kKeySep);
    if (pos == std::string_view::npos) continue;
    p.fields.emplace_back(kv.substr(0, pos), kv.substr(pos + 1));
  }
  return p;
}

void AppendTime(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest, bool iso) {
  auto t = std::chrono::system_clock::to_time_t(msg.time);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()) % 1000;
  std::tm tm{};
  if (iso) {
    gmtime_r(&t, &tm);
  } else {
    localtime_r(&t, &tm);
  }
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, iso ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S", &tm);
  n += std::snprintf(buf + n, sizeof buf - n, ".%03d%s", static_cast<int>(ms.count()),
                     iso ? "Z" : "");
  dest.append(buf, buf + n);
}

void AppendJsonString(std::string_view s, spdlog::memory_buf_t& dest) {
  dest.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        dest.append(std::string_view("\\\""));
        break;
      case '\\':
        dest.append(std::string_view("\\\\"));
        break;
      case '\n':
        dest.append(std::string_view("\\n"));
        break;
      case '\r':
        dest.append(std::string_view("\\r"));
        break;
      case '\t':
        dest.append(std::string_view("\\t"));
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          dest.append(std::string_view(buf));
        } else {
          dest.push_back(c);
        }
    }
  }
  dest.push_back('"');
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto p = ParsePayload(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(std::string_view("{\"ts\":\""));
    AppendTime(msg, dest, true);
    dest.append(std::string_view("\",\"level\":\""));
    auto lvl = spdlog::level::to_string_view(msg.level);
    dest.append(lvl.data(), lvl.data() + lvl.size());
    dest.append(std::string_view("\",\"msg\":"));
    AppendJsonString(p.message, dest);
    for (const auto& [k, v] : p.fields) {
      dest.push_back(',');
      AppendJsonString(k, dest);
      dest.push_back(':');
      AppendJsonString(v, dest);
    }
    dest.append(std::string_view("}\n"));
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

class ConsoleFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto p = ParsePayload(std::string_view(msg.payload.data(), msg.payload.size()));
    AppendTime(msg, dest, false);
    dest.push_back(' ');
    msg.color_range_start = dest.size();
    auto lvl = spdlog::level::to_string_view(msg.level);
    dest.append(lvl.data(), lvl.data() + lvl.size());
    msg.color_range_end = dest.size();
    dest.push_back(' ');
    dest.append(p.message.data(), p.message.data() + p.message.size());
    for (const auto& [k, v] : p.fields) {
      dest.push_back(' ');
      dest.append(k.data(), k.data() + k.size());
      dest.push_back('=');
      bool quote = v.empty() || v.find(' ') != std::string_view::npos;
      if (quote) dest.push_back('"');
      dest.append(v.data(), v.data() + v.size());
      if (quote) dest.push_back('"');
    }
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<ConsoleFormatter>();
  }
};

spdlog::level::level_enum ToSpd(Level level) {
  switch (level) {
    case Level::kTrace:
      return spdlog::level::trace;
    case Level::kDebug:
      return spdlog::level::debug;
    case Level::kInfo:
      return spdlog::level::info;
    case Level::kWarn:
      return spdlog::level::warn;
    case Level::kError:
      return spdlog::level::err;
    case Level::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

// Keeps control characters used as separators out of user-provided text.
void AppendClean(std::string& out, std::string_view text) {
  for (char c : text) out += (c == kFieldSep || c == kKeySep) ? ' ' : c;
}

std::shared_ptr<spdlog::logger> MakeDefault() {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  sink->set_formatter(std::make_unique<ConsoleFormatter>());
  auto logger = std::make_shared<spdlog::logger>("sagaz", sink);
  logger->set_level(spdlog::level::warn);
  return logger;
}

std::shared_ptr<spdlog::logger>& Logger() {
  static std::shared_ptr<spdlog::logger> logger = MakeDefault();
  return logger;
}

}  // namespace

std::string_view ToString(Level level) {
  switch (level) {
    case Level::kTrace:
      return "trace";
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
    case Level::kOff:
      return "off";
  }
  return "info";
}

Result<Level> ParseLevel(std::string_view name) {
  auto n = ToLower(name);
  if (n == "trace") return Level::kTrace;
  if (n == "debug") return Level::kDebug;
  if (n == "info") return Level::kInfo;
  if (n == "warn" || n == "warning") return Level::kWarn;
  if (n == "error") return Level::kError;
  if (n == "off") return Level::kOff;
  return Fail(ErrorCode::kInvalidArgument, "unknown log level '" + std::string(name) + "'");
}

Status Init(const Options& options) {
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_formatter(std::make_unique<ConsoleFormatter>());
  console->set_level(ToSpd(options.console_level));
  sinks.push_back(console);
  if (!options.file.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.file.parent_path(), ec);
    try {
      auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          options.file.string(), options.max_size_bytes, options.max_files);
      file->set_formatter(std::make_unique<JsonFormatter>());
      file->set_level(ToSpd(options.file_level));
      sinks.push_back(file);
    } catch (const spdlog::spdlog_ex& e) {
      return Fail(ErrorCode::kIo,
                  "cannot open log file " + options.file.string() + ": " + e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("sagaz", sinks.begin(), sinks.end());
  logger->set_level(std::min(ToSpd(options.console_level), ToSpd(options.file_level)));
  logger->flush_on(spdlog::level::warn);
  std::atomic_store(&Logger(), logger);
  spdlog::flush_every(std::chrono::seconds(2));
  return Ok();
}

void Shutdown() {
  auto logger = std::atomic_load(&Logger());
  if (logger) logger->flush();
  std::atomic_store(&Logger(), MakeDefault());
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  auto logger = std::atomic_load(&Logger());
  const auto spd_level = ToSpd(level);
  if (!logger->should_log(spd_level)) return;
  std::string payload;
  payload.reserve(message.size() + 64);
  AppendClean(payload, message);
  auto add = [&](std::string_view k, std::string_view v) {
    payload += kFieldSep;
    AppendClean(payload, k);
    payload += kKeySep;
    AppendClean(payload, v);
  };
  for (const auto& [k, v] : t_scoped) add(k, v);
  for (const auto& f : fields) add(f.key, f.value);
  logger->log(spd_level, std::string_view(payload));
}

ScopedField::ScopedField(std::string_view key, std::string value) {
  t_scoped.emplace_back(std::string(key), std::move(value));
}

ScopedField::~ScopedField() { t_scoped.pop_back(); }

}  // namespace sagaz::log
