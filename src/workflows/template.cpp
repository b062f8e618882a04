#include "workflows/template.hpp"

#include <nlohmann/json.hpp>

namespace sagaz::workflows {

namespace {

// Calls `on_ref(begin, end, path_text)` for each ${...} of `s`; stops at the first error.
template <class Fn>
Status ForEachRef(const std::string& s, Fn&& on_ref) {
  size_t pos = 0;
  while ((pos = s.find("${", pos)) != std::string::npos) {
    const size_t close = s.find('}', pos + 2);
    if (close == std::string::npos) {
      return Fail(Error(ErrorCode::kInvalidArgument, "a reference '${' is not closed with '}'")
                      .With("reference", s.substr(pos, 40)));
    }
    SAGAZ_TRY(on_ref(pos, close + 1, std::string_view(s).substr(pos + 2, close - pos - 2)));
    pos = close + 1;
  }
  return Ok();
}

std::string AsText(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

Result<std::vector<Path>> FindReferences(const Json& value) {
  std::vector<Path> out;
  Status status = Ok();
  std::function<Status(const Json&)> walk = [&](const Json& v) -> Status {
    if (v.is_string()) {
      return ForEachRef(
          v.get_ref<const std::string&>(), [&](size_t, size_t, std::string_view text) -> Status {
            auto path = ParsePath(text);
            if (!path) {
              return Fail(Error(ErrorCode::kInvalidArgument, "malformed reference '${" +
                                                                 std::string(text) +
                                                                 "}': " + path.error().message)
                              .With("reference", std::string(text)));
            }
            out.push_back(std::move(*path));
            return Ok();
          });
    }
    if (v.is_structured()) {
      for (const auto& child : v) SAGAZ_TRY(walk(child));
    }
    return Ok();
  };
  SAGAZ_TRY(walk(value));
  return out;
}

Json Substitute(const Json& value, const Json& scope) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s.find("${") == std::string::npos) return value;
    std::string out;
    size_t last = 0;
    std::optional<Json> whole;
    const auto done = ForEachRef(s, [&](size_t begin, size_t end, std::string_view text) -> Status {
      auto path = ParsePath(text);
      const Json v = path ? Lookup(scope, *path) : Json();
      if (begin == 0 && end == s.size()) whole = v;
      out.append(s, last, begin - last);
      out += AsText(v);
      last = end;
      return Ok();
    });
    if (!done) return value;
    if (whole) return *whole;
    out.append(s, last);
    return out;
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : value.items()) out[k] = Substitute(v, scope);
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& v : value) out.push_back(Substitute(v, scope));
    return out;
  }
  return value;
}

}  // namespace sagaz::workflows
