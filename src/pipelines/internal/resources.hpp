// Pipeline files shipped in the binary (src/pipelines/resources/*.toml, embedded at build time).
#pragma once

#include <string_view>

namespace sagaz::pipelines::internal {

std::string_view ThelookToml();

}  // namespace sagaz::pipelines::internal
