// Content codings of responses: what a client's Accept-Encoding accepts, and gzip for the bodies
// worth compressing per request. Shared by the server (per-request gzip) and the embedded files
// (precompressed variants).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sagaz::http::internal {

// Whether an Accept-Encoding header accepts `coding`: named, or through "*", with a q above 0. A
// named coding decides over "*" wherever each appears.
bool AcceptsEncoding(std::string_view header, std::string_view coding);

// Whether a body of this type and size is worth compressing per request (text of 1 KiB or more).
bool Compressible(std::string_view content_type, size_t size);

// gzip at zlib's fastest level: JSON shrinks 5-10x at several hundred MB/s. nullopt on failure
// (the body is then sent as it is).
std::optional<std::string> Gzip(std::string_view data);

}  // namespace sagaz::http::internal
