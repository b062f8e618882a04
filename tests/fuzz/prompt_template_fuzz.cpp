// Prompt studio: a prompt body (POST/PUT /api/v1/prompts), its template's placeholders, rendering
// with the values of a run body, and the checks of a test case. No input may crash, hang or throw.
// The input is split at the first NUL: a prompt body, then a run body (or the run's output).
#include <cstdint>
#include <string_view>

#include "prompts/prompts.hpp"
#include "wire/prompts.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view first = input.substr(0, nul);
  const std::string_view second = nul == std::string_view::npos ? "" : input.substr(nul + 1);

  (void)prompts::Placeholders(first);
  prompts::Version version;
  version.text = std::string(first);
  if (auto spec_body = wire::ParseBody(first)) {
    if (auto spec = wire::ParsePromptSpec(*spec_body)) {
      version.text = spec->text;
      version.system = spec->system;
      if (spec->variables) version.variables = *spec->variables;
    }
    (void)wire::ParsePromptTest(*spec_body);
  }
  if (version.variables.empty()) {
    if (auto names = prompts::Placeholders(version.system + version.text)) {
      for (const auto& n : *names) version.variables.push_back({.name = n});
    }
  }
  prompts::Values values;
  if (auto run_body = wire::ParseBody(second)) {
    if (auto run = wire::ParsePromptRun(*run_body)) values = run->variables;
  }
  (void)prompts::RenderTemplate(version, values);
  const std::vector<prompts::Expectation> expect = {
      {prompts::ExpectKind::kContains, std::string(first.substr(0, 8))},
      {prompts::ExpectKind::kJson, ""},
      {prompts::ExpectKind::kMaxChars, std::string(first.substr(0, 4))},
      {prompts::ExpectKind::kEquals, std::string(first)}};
  (void)prompts::Check(expect, second);
  return 0;
}
