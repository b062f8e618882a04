// Reading typed values out of JSON request bodies, for the wire/ parsers. Every error is
// invalid_argument and names the field in details "field", so clients and the web UI can point at
// it.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "wire/json.hpp"

namespace sagaz::wire::internal {

Error FieldError(std::string_view field, std::string message);

// Fails unless `body` is a JSON object.
Status RequireObject(const Json& body);
// Fails naming the first member of `body` that is not one of `fields` ("unknown field 'x'; the
// fields are a, b").
Status OnlyFields(const Json& body, std::initializer_list<std::string_view> fields);

// A string member that must be present ("the body needs 'x'", "'x' must be a string").
Result<std::string> RequiredString(const Json& body, std::string_view field);
// A string member that may be absent.
Result<std::optional<std::string>> OptionalString(const Json& body, std::string_view field);
// A boolean member that may be absent ("'x' must be true or false").
Result<std::optional<bool>> OptionalBool(const Json& body, std::string_view field);
// An integer member that may be absent, in [min, max]; `what` completes "x must be ..." ("a
// positive integer").
Result<std::optional<int64_t>> OptionalInteger(const Json& body, std::string_view field,
                                               int64_t min, int64_t max, std::string_view what);

}  // namespace sagaz::wire::internal
