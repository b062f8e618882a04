// Facts about this process and its machine, read from /proc and statvfs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace sagaz::observability {

struct ProcessStats {
  uint64_t rss_bytes = 0;
  double cpu_seconds = 0;  // user + system
  int64_t open_fds = 0;
  int64_t threads = 0;
};
ProcessStats ReadProcessStats();

struct DiskSpace {
  uint64_t total_bytes = 0;
  uint64_t free_bytes = 0;  // available to this (unprivileged) process
};
std::optional<DiskSpace> ReadDiskSpace(const std::filesystem::path& path);

}  // namespace sagaz::observability
