// Grammars that make a model's output valid by construction: OpenAI's response_format turned into
// GBNF with llama.cpp's own JSON-schema converter (common/json-schema-to-grammar).
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace sagaz::models {

// GBNF for any JSON object (response_format {"type": "json_object"}).
std::string JsonObjectGrammar();

// GBNF for the JSON values a JSON schema allows (response_format {"type": "json_schema"}). The
// schema is untrusted text: kInvalidArgument names what is wrong with it; nothing throws.
Result<std::string> JsonSchemaGrammar(std::string_view schema_json);

}  // namespace sagaz::models
