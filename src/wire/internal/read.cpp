#include "wire/internal/read.hpp"

#include <algorithm>
#include <vector>

#include "core/strings.hpp"

namespace sagaz::wire::internal {

Error FieldError(std::string_view field, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).With("field", std::string(field));
}

Status RequireObject(const Json& body) {
  if (!body.is_object()) return Fail(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  return Ok();
}

Status OnlyFields(const Json& body, std::initializer_list<std::string_view> fields) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
      const std::vector<std::string_view> names(fields);
      return Fail(
          FieldError(key, "unknown field '" + key + "'; the fields are " + Join(names, ", ")));
    }
  }
  return Ok();
}

Result<std::string> RequiredString(const Json& body, std::string_view field) {
  const auto it = body.find(field);
  if (it == body.end()) {
    return Fail(FieldError(field, "the body needs '" + std::string(field) + "'"));
  }
  if (!it->is_string()) {
    return Fail(FieldError(field, "'" + std::string(field) + "' must be a string"));
  }
  return it->get<std::string>();
}

Result<std::optional<std::string>> OptionalString(const Json& body, std::string_view field) {
  if (!body.contains(field)) return std::optional<std::string>();
  return std::optional<std::string>(SAGAZ_TRY(RequiredString(body, field)));
}

Result<std::optional<bool>> OptionalBool(const Json& body, std::string_view field) {
  const auto it = body.find(field);
  if (it == body.end()) return std::optional<bool>();
  if (!it->is_boolean()) {
    return Fail(FieldError(field, "'" + std::string(field) + "' must be true or false"));
  }
  return std::optional<bool>(it->get<bool>());
}

Result<std::optional<int64_t>> OptionalInteger(const Json& body, std::string_view field,
                                               int64_t min, int64_t max, std::string_view what) {
  const auto it = body.find(field);
  if (it == body.end()) return std::optional<int64_t>();
  // Unsigned values above INT64_MAX are out of range too, not wrapped around.
  if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<uint64_t>() > INT64_MAX) ||
      it->get<int64_t>() < min || it->get<int64_t>() > max) {
    return Fail(FieldError(field, std::string(field) + " must be " + std::string(what)));
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

}  // namespace sagaz::wire::internal
