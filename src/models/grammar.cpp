#include "models/grammar.hpp"

#include <json-schema-to-grammar.h>  // llama.cpp's converter, compiled from its source (cmake/Llama.cmake)
#include <json.h>

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "models/engine.hpp"
#include "models/requests.hpp"

namespace sagaz::models {

namespace {

constexpr size_t kMaxSchemaBytes = 256 * 1024;
// What llama.cpp's converter handles with recursion that grows with the text, bounded so that no
// schema can overflow the stack: its rule names pass std::regex "[^a-zA-Z0-9-]+" over property
// names and $ref values (libstdc++ recurses once per character of a matching run), and it parses
// a "pattern" recursively at each group.
constexpr size_t kMaxNameBytes = 256;
constexpr size_t kMaxPatternBytes = 1024;
constexpr int kMaxPatternGroups = 16;

int GroupDepth(std::string_view pattern) {
  int depth = 0, most = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == '(') {
      most = std::max(most, ++depth);
    } else if (pattern[i] == ')') {
      depth = std::max(0, depth - 1);
    }
  }
  return most;
}

// The limits above over a parsed schema (its nesting is already bounded by kMaxJsonNesting).
Status CheckSchema(const nlohmann::json& node) {
  if (node.is_array()) {
    for (const auto& item : node) SAGAZ_TRY(CheckSchema(item));
    return Ok();
  }
  if (!node.is_object()) return Ok();
  for (const auto& [key, value] : node.items()) {
    if (key.size() > kMaxNameBytes) {
      return Fail(Error(ErrorCode::kInvalidArgument, "a name in the JSON schema is too long")
                      .With("max_bytes", std::to_string(kMaxNameBytes)));
    }
    if (key == "$ref" && value.is_string() && value.get_ref<const std::string&>().size() > 1024)
      return Fail(ErrorCode::kInvalidArgument, "a $ref in the JSON schema is too long");
    if (key == "pattern" && value.is_string()) {
      const auto& pattern = value.get_ref<const std::string&>();
      if (pattern.size() > kMaxPatternBytes || GroupDepth(pattern) > kMaxPatternGroups) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "a pattern in the JSON schema is too long or nests too many groups")
                        .With("max_bytes", std::to_string(kMaxPatternBytes))
                        .With("max_groups", std::to_string(kMaxPatternGroups)));
      }
    }
    SAGAZ_TRY(CheckSchema(value));
  }
  return Ok();
}

}  // namespace

std::string JsonObjectGrammar() {
  static const std::string grammar = [] {
    auto g = JsonSchemaGrammar(R"({"type": "object"})");
    return g ? *g : std::string();
  }();
  return grammar;
}

Result<std::string> JsonSchemaGrammar(std::string_view schema_json) {
  if (schema_json.size() > kMaxSchemaBytes)
    return Fail(ErrorCode::kPayloadTooLarge, "the JSON schema is larger than 256 KiB");
  // llama.cpp's converter recurses over the schema: bound the nesting first.
  if (JsonNesting(schema_json, kMaxJsonNesting) > kMaxJsonNesting)
    return Fail(ErrorCode::kInvalidArgument, "the JSON schema is nested too deeply");
  const auto parsed = nlohmann::json::parse(schema_json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return Fail(ErrorCode::kInvalidArgument, "the JSON schema is not valid JSON");
  SAGAZ_TRY(CheckSchema(parsed));
  try {
    const common_json schema = common_json::parse(std::string(schema_json));
    std::string grammar = json_schema_to_grammar(schema, /*force_gbnf=*/true);
    if (grammar.empty())
      return Fail(ErrorCode::kInvalidArgument, "the JSON schema gives no grammar");
    return grammar;
  } catch (const std::exception& e) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the JSON schema cannot be used")
                    .With("reason", SanitizeUtf8(e.what())));
  } catch (...) {
    return Fail(ErrorCode::kInvalidArgument, "the JSON schema cannot be used");
  }
}

}  // namespace sagaz::models

namespace sagaz::models {

Status ApplyResponseFormat(ChatCompletionRequest& request) {
  switch (request.format) {
    case FormatKind::kText:
      return Ok();
    case FormatKind::kJsonObject:
      request.sampling.grammar = JsonObjectGrammar();
      return Ok();
    case FormatKind::kJsonSchema:
      request.sampling.grammar = SAGAZ_TRY(JsonSchemaGrammar(request.schema));
      return Ok();
  }
  return Ok();
}

}  // namespace sagaz::models
