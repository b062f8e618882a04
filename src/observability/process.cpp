#include "observability/process.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace sagaz::observability {

ProcessStats ReadProcessStats() {
  ProcessStats s;
  const long page = sysconf(_SC_PAGESIZE);
  const long ticks = sysconf(_SC_CLK_TCK);
  {
    std::ifstream statm("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    if (statm >> size >> resident) s.rss_bytes = resident * static_cast<uint64_t>(page);
  }
  {
    // /proc/self/stat: the command may hold spaces; fields after its closing parenthesis.
    std::ifstream stat("/proc/self/stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close != std::string::npos) {
      std::istringstream rest(line.substr(close + 2));
      std::string field;
      uint64_t utime = 0, stime = 0;
      int64_t threads = 0;
      for (int i = 3; rest >> field; ++i) {
        if (i == 14) utime = std::stoull(field);
        if (i == 15) stime = std::stoull(field);
        if (i == 20) {
          threads = std::stoll(field);
          break;
        }
      }
      if (ticks > 0)
        s.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(ticks);
      s.threads = threads;
    }
  }
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++s.open_fds;
  }
  return s;
}

std::optional<DiskSpace> ReadDiskSpace(const std::filesystem::path& path) {
  struct statvfs st {};
  if (statvfs(path.c_str(), &st) != 0) return std::nullopt;
  return DiskSpace{static_cast<uint64_t>(st.f_blocks) * st.f_frsize,
                   static_cast<uint64_t>(st.f_bavail) * st.f_frsize};
}

}  // namespace sagaz::observability
