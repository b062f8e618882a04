// Templates: finding {{placeholders}}, checking values against typed variables, filling them; and
// the checks a test case expects of an output. Pure functions, no state.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/strings.hpp"
#include "llm/llm.hpp"
#include "prompts/prompts.hpp"

namespace sagaz::prompts {
namespace {

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// One placeholder found at [begin, end) naming `name`.
struct Slot {
  size_t begin = 0;
  size_t end = 0;
  std::string name;
};

// Every "{{ name }}" of `text`. A "{{" is a placeholder only when it closes with "}}" on the same
// line; its inside, trimmed, must be a name.
Result<std::vector<Slot>> Slots(std::string_view text) {
  std::vector<Slot> out;
  size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    const size_t close = text.find("}}", pos + 2);
    const size_t newline = text.find('\n', pos + 2);
    if (close == std::string_view::npos || newline < close) {
      return Fail(Error(ErrorCode::kInvalidArgument, "a '{{' at character " + std::to_string(pos) +
                                                         " is not closed by '}}' on the same line")
                      .With("position", std::to_string(pos)));
    }
    const std::string_view inside = Trim(text.substr(pos + 2, close - pos - 2));
    const bool valid = !inside.empty() && inside.size() <= 64 &&
                       std::all_of(inside.begin(), inside.end(), IsNameChar) &&
                       !std::isdigit(static_cast<unsigned char>(inside.front()));
    if (!valid) {
      const std::string shown(text.substr(pos, std::min<size_t>(close + 2 - pos, 80)));
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "'" + SanitizeUtf8(shown) +
                            "' is not a placeholder: use {{name}} with letters, digits and '_'")
                      .With("position", std::to_string(pos)));
    }
    out.push_back({pos, close + 2, std::string(inside)});
    pos = close + 2;
  }
  return out;
}

std::string Fill(std::string_view text, const std::vector<Slot>& slots,
                 const std::map<std::string, std::string>& values) {
  std::string out;
  size_t last = 0;
  for (const auto& s : slots) {
    out.append(text.substr(last, s.begin - last));
    out += values.at(s.name);
    last = s.end;
  }
  out.append(text.substr(last));
  return out;
}

std::string_view TypeOfValue(const Value& v) {
  switch (v.index()) {
    case 0:
      return "text";
    case 1:
      return "integer";
    case 2:
      return "number";
    default:
      return "boolean";
  }
}

// The value as text for a variable of `type`, or nullopt when it does not fit.
std::optional<std::string> Format(VariableType type, const Value& v) {
  switch (type) {
    case VariableType::kText:
      if (const auto* s = std::get_if<std::string>(&v)) return *s;
      return std::nullopt;
    case VariableType::kInteger:
      if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
      return std::nullopt;
    case VariableType::kNumber:
      if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
      if (const auto* d = std::get_if<double>(&v)) return FormatDouble(*d);
      return std::nullopt;
    case VariableType::kBoolean:
      if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
      return std::nullopt;
  }
  return std::nullopt;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string Folded(std::string_view s) { return ToLower(FoldAccents(s)); }

}  // namespace

std::string_view ToString(VariableType type) {
  switch (type) {
    case VariableType::kText:
      return "text";
    case VariableType::kNumber:
      return "number";
    case VariableType::kInteger:
      return "integer";
    case VariableType::kBoolean:
      return "boolean";
  }
  return "text";
}

Result<VariableType> ParseVariableType(std::string_view text) {
  for (auto t : {VariableType::kText, VariableType::kNumber, VariableType::kInteger,
                 VariableType::kBoolean}) {
    if (ToString(t) == text) return t;
  }
  return Fail(
      Error(ErrorCode::kInvalidArgument, "unknown variable type '" + SanitizeUtf8(text) +
                                             "'; the types are text, number, integer and boolean")
          .With("type", SanitizeUtf8(text)));
}

std::string_view ToString(ExpectKind kind) {
  switch (kind) {
    case ExpectKind::kContains:
      return "contains";
    case ExpectKind::kNotContains:
      return "not_contains";
    case ExpectKind::kEquals:
      return "equals";
    case ExpectKind::kJson:
      return "json";
    case ExpectKind::kMaxChars:
      return "max_chars";
  }
  return "contains";
}

Result<ExpectKind> ParseExpectKind(std::string_view text) {
  for (auto k : {ExpectKind::kContains, ExpectKind::kNotContains, ExpectKind::kEquals,
                 ExpectKind::kJson, ExpectKind::kMaxChars}) {
    if (ToString(k) == text) return k;
  }
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown expectation '" + SanitizeUtf8(text) +
                        "'; the kinds are contains, not_contains, equals, json and max_chars")
                  .With("kind", SanitizeUtf8(text)));
}

std::string_view ToString(RunStatus status) {
  return status == RunStatus::kSucceeded ? "succeeded" : "failed";
}

Result<std::vector<std::string>> Placeholders(std::string_view text) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (auto& s : SAGAZ_TRY(Slots(text))) {
    if (seen.insert(s.name).second) names.push_back(std::move(s.name));
  }
  return names;
}

Result<Rendered> RenderTemplate(const Version& version, const Values& values) {
  std::vector<std::string> missing, unknown, mistyped;
  std::map<std::string, std::string> text;
  std::set<std::string> declared;
  for (const auto& v : version.variables) {
    declared.insert(v.name);
    const auto it = values.find(v.name);
    if (it == values.end()) {
      missing.push_back(v.name);
      continue;
    }
    if (auto formatted = Format(v.type, it->second)) {
      text[v.name] = std::move(*formatted);
    } else {
      mistyped.push_back(v.name + " (" + std::string(ToString(v.type)) + ", got " +
                         std::string(TypeOfValue(it->second)) + ")");
    }
  }
  for (const auto& [name, value] : values) {
    if (!declared.contains(name)) unknown.push_back(name);
  }
  if (!missing.empty() || !unknown.empty() || !mistyped.empty()) {
    std::vector<std::string> parts;
    if (!missing.empty()) parts.push_back("missing variables: " + Join(missing, ", "));
    if (!unknown.empty()) parts.push_back("unknown variables: " + Join(unknown, ", "));
    if (!mistyped.empty()) parts.push_back("wrong types: " + Join(mistyped, ", "));
    Error e(ErrorCode::kInvalidArgument, SanitizeUtf8(Join(parts, "; ")));
    if (!missing.empty()) e.With("missing", Join(missing, ","));
    if (!unknown.empty()) e.With("unknown", SanitizeUtf8(Join(unknown, ",")));
    if (!mistyped.empty()) e.With("mistyped", Join(mistyped, ","));
    return Fail(std::move(e));
  }
  const auto system_slots = SAGAZ_TRY(Slots(version.system));
  const auto user_slots = SAGAZ_TRY(Slots(version.text));
  // A version the service stored declares every placeholder; one built elsewhere may not.
  for (const auto* slots : {&system_slots, &user_slots}) {
    for (const auto& s : *slots) {
      if (!text.contains(s.name)) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "the template uses '" + s.name + "', which is not a declared variable")
                        .With("undeclared", s.name));
      }
    }
  }
  Rendered out;
  out.version = version.number;
  out.system = Fill(version.system, system_slots, text);
  out.user = Fill(version.text, user_slots, text);
  return out;
}

std::vector<CheckResult> Check(const std::vector<Expectation>& expect, std::string_view output) {
  std::vector<CheckResult> out;
  const std::string folded = Folded(output);
  for (const auto& e : expect) {
    CheckResult r{.expectation = e};
    switch (e.kind) {
      case ExpectKind::kContains:
        r.passed = folded.find(Folded(e.value)) != std::string::npos;
        if (!r.passed) r.detail = "the output does not contain '" + e.value + "'";
        break;
      case ExpectKind::kNotContains:
        r.passed = folded.find(Folded(e.value)) == std::string::npos;
        if (!r.passed) r.detail = "the output contains '" + e.value + "'";
        break;
      case ExpectKind::kEquals:
        r.passed = Folded(Trim(output)) == Folded(Trim(e.value));
        if (!r.passed) r.detail = "the output is not '" + e.value + "'";
        break;
      case ExpectKind::kJson: {
        const std::string object = llm::ExtractJsonObject(output);
        r.passed = !object.empty() && JsonNesting(object, kMaxJsonNesting) <= kMaxJsonNesting &&
                   nlohmann::json::accept(object);
        if (!r.passed) r.detail = "the output holds no JSON object";
        break;
      }
      case ExpectKind::kMaxChars: {
        const size_t n = CodePoints(output);
        const auto limit = ParseNumber<int64_t>(e.value).value_or(0);
        r.passed = static_cast<int64_t>(n) <= limit;
        if (!r.passed)
          r.detail = "the output has " + std::to_string(n) + " characters, more than " + e.value;
        break;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sagaz::prompts
