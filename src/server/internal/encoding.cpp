#include "server/internal/encoding.hpp"

#include <zlib.h>

#include "core/strings.hpp"

namespace sagaz::http::internal {

bool AcceptsEncoding(std::string_view header, std::string_view coding) {
  bool star = false;
  for (std::string_view item : Split(header, ',')) {
    item = Trim(item);
    const std::string_view token = Trim(item.substr(0, item.find(';')));
    bool refused = false;
    if (const size_t q = item.find("q="); q != std::string_view::npos) {
      refused = ParseNumber<double>(Trim(item.substr(q + 2))).value_or(1.0) <= 0;
    }
    if (IEquals(token, coding)) return !refused;
    if (token == "*") star = !refused;
  }
  return star;
}

bool Compressible(std::string_view content_type, size_t size) {
  if (size < 1024) return false;
  return content_type.starts_with("application/json") || content_type.starts_with("text/") ||
         content_type.starts_with("application/x-ndjson") ||
         content_type.starts_with("image/svg+xml");
}

std::optional<std::string> Gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace sagaz::http::internal
