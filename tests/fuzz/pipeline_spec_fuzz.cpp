// Pipeline files: any bytes are parsed as a pipeline (TOML, nodes, rules, references, the DAG); a
// file may be refused with an error, never crash or hang. Seeds: the shipped thelook pipeline.
#include <cstdint>
#include <string_view>

#include "pipelines/pipelines.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = sagaz::pipelines::ParsePipeline(text, "fuzz", "/nonexistent");
  if (p) (void)sagaz::pipelines::Dependencies(*p);
  return 0;
}
