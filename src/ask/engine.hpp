// Who reads a question (ask/ask.hpp). Header-only, so that the configuration (core/config.hpp)
// can hold an Engine without linking ask.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/strings.hpp"

namespace sagaz::ask {

enum class Engine {
  kBuiltin,  // the builtin semantic parser: no model needed
  kLlm,      // the configured language model, with the builtin parser as its fallback
};

constexpr std::string_view ToString(Engine engine) {
  return engine == Engine::kBuiltin ? "builtin" : "llm";
}

// Who read (or wrote) for people: "builtin", or the model by its name ("model@base_url").
inline std::string EngineName(Engine engine, const std::string& model) {
  return engine == Engine::kBuiltin ? std::string(ToString(engine)) : model;
}

// Case-insensitive; the error names the field "engine".
inline Result<Engine> ParseEngine(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  if (t == "builtin") return Engine::kBuiltin;
  if (t == "llm") return Engine::kLlm;
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "engine must be builtin or llm, not '" + std::string(text) + "'")
                  .With("field", "engine"));
}

}  // namespace sagaz::ask
