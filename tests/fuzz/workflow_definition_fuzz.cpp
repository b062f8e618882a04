// Workflows: a definition body (POST/PUT /api/v1/workflows) through validation (references,
// `when` expressions, foreach, cycles), and any text as a `when` expression evaluated against a
// scope, and as step inputs with ${...} references filled in. No input may crash, hang or throw.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "wire/json.hpp"
#include "workflows/definition.hpp"
#include "workflows/expr.hpp"
#include "workflows/template.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz;
  using workflows::Json;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const workflows::KindInfo kAny{.open = true};
  const Json scope = {{"vars", {{"k", 1}, {"s", "x"}, {"l", {1, 2, 3}}}},
                      {"steps", {{"a", {{"status", "succeeded"}, {"output", {{"n", 5}}}}}}},
                      {"item", "i"},
                      {"index", 0}};
  if (auto body = wire::ParseBody(input)) {
    if (auto d = workflows::ParseDefinition(*body, [](std::string_view) { return &kAny; })) {
      (void)workflows::TopologicalOrder(*d);
      (void)workflows::ParseDefinition(workflows::ToJson(*d),
                                       [](std::string_view) { return &kAny; });
    }
    (void)workflows::Substitute(*body, scope);
    (void)workflows::FindReferences(*body);
  }
  if (auto e = workflows::Expression::Parse(input)) {
    (void)e->Evaluate([&](const workflows::Path& p) { return workflows::Lookup(scope, p); });
  }
  (void)workflows::ParsePath(input);
  (void)workflows::Substitute(Json(std::string(input)), scope);
  return 0;
}
