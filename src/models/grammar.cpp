#include "models/grammar.hpp"

#include <json-schema-to-grammar.h>

#include <exception>

#include "core/strings.hpp"
#include "models/requests.hpp"

namespace sagaz::models {

namespace {
constexpr size_t kMaxSchemaBytes = 256 * 1024;
}

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
