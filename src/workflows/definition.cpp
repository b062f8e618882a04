#include "workflows/definition.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "workflows/expr.hpp"
#include "workflows/template.hpp"

namespace sagaz::workflows {

namespace {

constexpr size_t kMaxSteps = 200;
constexpr int kMaxRetries = 10;
constexpr int64_t kMaxTimeoutMs = 24LL * 3600 * 1000;

bool ValidName(std::string_view s, std::string_view extra) {
  if (s.empty() || s.size() > 100) return false;
  for (const char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && extra.find(c) == std::string_view::npos)
      return false;
  }
  return true;
}

Error At(std::string step, std::string field, std::string message) {
  Error e(ErrorCode::kInvalidArgument, std::move(message));
  if (!step.empty()) e.With("step", std::move(step));
  if (!field.empty()) e.With("field", std::move(field));
  return e;
}

// The step a reference depends on ("steps.<id>..."), if any.
std::string StepOf(const Path& p) {
  if (p.segments.size() >= 2 && p.segments[0].name == "steps") return p.segments[1].name;
  return {};
}

Status CheckRoots(const std::vector<Path>& refs, const std::string& step, const std::string& field,
                  const Json& vars, const std::set<std::string>& ids, bool in_foreach) {
  for (const auto& r : refs) {
    const auto& root = r.segments[0].name;
    if (root == "steps") {
      if (r.segments.size() < 3 || r.segments[1].name.empty() ||
          (r.segments[2].name != "output" && r.segments[2].name != "status")) {
        return Fail(At(
            step, field,
            "a step reference is steps.<id>.output[...] or steps.<id>.status: '" + r.text + "'"));
      }
      if (!ids.contains(r.segments[1].name)) {
        return Fail(At(step, field, "'" + r.text + "' names no step of this workflow")
                        .With("reference", r.text));
      }
      if (r.segments[1].name == step)
        return Fail(At(step, field, "a step cannot refer to its own output"));
    } else if (root == "vars") {
      if (r.segments.size() < 2 || r.segments[1].name.empty())
        return Fail(At(step, field, "a variable reference is vars.<name>: '" + r.text + "'"));
      if (!vars.contains(r.segments[1].name)) {
        return Fail(At(step, field,
                       "'" + r.text + "' names a variable the workflow does not declare in vars")
                        .With("reference", r.text));
      }
    } else if (root == "item" || root == "index") {
      if (!in_foreach)
        return Fail(At(step, field, "'" + root + "' exists only in a step with foreach"));
    } else {
      return Fail(
          At(step, field, "a reference starts with steps, vars, item or index: '" + r.text + "'"));
    }
  }
  return Ok();
}

Result<std::string> StringField(const Json& obj, const char* key, const std::string& step) {
  if (!obj.contains(key)) return std::string();
  if (!obj[key].is_string()) return Fail(At(step, key, std::string(key) + " must be a string"));
  return obj[key].get<std::string>();
}

Result<int64_t> IntField(const Json& obj, const char* key, const std::string& step, int64_t min,
                         int64_t max) {
  if (!obj.contains(key)) return int64_t{0};
  const auto& v = obj[key];
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max) {
    return Fail(At(step, key,
                   std::string(key) + " must be an integer from " + std::to_string(min) + " to " +
                       std::to_string(max)));
  }
  return v.get<int64_t>();
}

Result<StepDef> ParseStep(const Json& j, size_t index, const KindLookup& kinds) {
  std::string where = std::to_string(index);
  if (!j.is_object()) return Fail(At(where, "", "each step is an object"));
  static const std::set<std::string> kFields = {"id",      "kind",   "inputs",  "when",
                                                "foreach", "needs",  "retries", "timeout_ms",
                                                "name",    "comment"};
  for (const auto& [k, v] : j.items()) {
    if (!kFields.contains(k)) return Fail(At(where, k, "unknown field '" + k + "' in a step"));
  }
  StepDef s;
  s.id = SAGAZ_TRY(StringField(j, "id", where));
  if (!ValidName(s.id, "_-"))
    return Fail(At(where, "id", "a step id is 1 to 100 letters, digits, '_' or '-'"));
  where = s.id;
  s.kind = SAGAZ_TRY(StringField(j, "kind", where));
  const KindInfo* info = kinds ? kinds(s.kind) : nullptr;
  if (!info) {
    return Fail(At(where, "kind", "unknown step kind '" + s.kind + "'").With("kind", s.kind));
  }
  const Json inputs = j.contains("inputs") ? j["inputs"] : Json::object();
  if (!inputs.is_object()) return Fail(At(where, "inputs", "inputs must be an object"));
  if (!info->open) {
    for (const auto& [k, v] : inputs.items()) {
      if (std::find(info->properties.begin(), info->properties.end(), k) ==
          info->properties.end()) {
        return Fail(
            At(where, "inputs." + k, "step kind '" + s.kind + "' has no input '" + k + "'"));
      }
    }
  }
  for (const auto& r : info->required) {
    if (!inputs.contains(r)) {
      return Fail(At(where, "inputs." + r, "step kind '" + s.kind + "' needs input '" + r + "'"));
    }
  }
  s.inputs = inputs.dump();
  s.when = SAGAZ_TRY(StringField(j, "when", where));
  s.foreach = SAGAZ_TRY(StringField(j, "foreach", where));
  if (j.contains("needs")) {
    if (!j["needs"].is_array()) return Fail(At(where, "needs", "needs is a list of step ids"));
    for (const auto& n : j["needs"]) {
      if (!n.is_string()) return Fail(At(where, "needs", "needs is a list of step ids"));
      s.needs.push_back(n.get<std::string>());
    }
  }
  s.retries = static_cast<int>(SAGAZ_TRY(IntField(j, "retries", where, 0, kMaxRetries)));
  s.timeout_ms = SAGAZ_TRY(IntField(j, "timeout_ms", where, 0, kMaxTimeoutMs));
  return s;
}

}  // namespace

Result<Definition> ParseDefinition(const Json& doc, const KindLookup& kinds) {
  if (!doc.is_object()) return Fail(At("", "", "a workflow definition is a JSON object"));
  for (const auto& [k, v] : doc.items()) {
    if (k != "name" && k != "description" && k != "vars" && k != "steps")
      return Fail(At("", k, "unknown field '" + k + "' in a workflow"));
  }
  Definition d;
  d.name = SAGAZ_TRY(StringField(doc, "name", ""));
  if (!ValidName(d.name, "._-"))
    return Fail(At("", "name", "a workflow name is 1 to 100 letters, digits, '.', '_' or '-'"));
  d.description = SAGAZ_TRY(StringField(doc, "description", ""));
  const Json vars = doc.contains("vars") ? doc["vars"] : Json::object();
  if (!vars.is_object()) return Fail(At("", "vars", "vars is an object of default values"));
  for (const auto& [k, v] : vars.items()) {
    if (!ValidName(k, "_-"))
      return Fail(At("", "vars." + k, "a variable name is letters, digits, '_' or '-'"));
  }
  d.vars = vars.dump();
  if (!doc.contains("steps") || !doc["steps"].is_array() || doc["steps"].empty())
    return Fail(At("", "steps", "a workflow needs a non-empty list of steps"));
  if (doc["steps"].size() > kMaxSteps)
    return Fail(At("", "steps", "a workflow has at most " + std::to_string(kMaxSteps) + " steps"));
  std::set<std::string> ids;
  for (size_t i = 0; i < doc["steps"].size(); ++i) {
    d.steps.push_back(SAGAZ_TRY(ParseStep(doc["steps"][i], i, kinds)));
    if (!ids.insert(d.steps.back().id).second)
      return Fail(At(d.steps.back().id, "id", "two steps have the id '" + d.steps.back().id + "'"));
  }
  // References: where they point and what they make a step wait for.
  for (auto& s : d.steps) {
    std::set<std::string> deps(s.needs.begin(), s.needs.end());
    for (const auto& n : s.needs) {
      if (!ids.contains(n)) return Fail(At(s.id, "needs", "needs names no step '" + n + "'"));
      if (n == s.id) return Fail(At(s.id, "needs", "a step cannot need itself"));
    }
    const bool in_foreach = !s.foreach.empty();
    auto inputs_refs = FindReferences(Json::parse(s.inputs));
    if (!inputs_refs) return Fail(At(s.id, "inputs", inputs_refs.error().message));
    SAGAZ_TRY(CheckRoots(*inputs_refs, s.id, "inputs", vars, ids, in_foreach));
    for (const auto& r : *inputs_refs)
      if (auto dep = StepOf(r); !dep.empty()) deps.insert(dep);
    if (!s.when.empty()) {
      auto e = Expression::Parse(s.when);
      if (!e)
        return Fail(At(s.id, "when", "when: " + e.error().message)
                        .With("column", std::string(e.error().Detail("column"))));
      SAGAZ_TRY(CheckRoots(e->references(), s.id, "when", vars, ids, false));
      for (const auto& r : e->references())
        if (auto dep = StepOf(r); !dep.empty()) deps.insert(dep);
    }
    if (in_foreach) {
      const auto& f = s.foreach;
      if (f.size() < 4 || !f.starts_with("${") || !f.ends_with("}") ||
          f.find("${", 2) != std::string::npos) {
        return Fail(
            At(s.id, "foreach", "foreach is one reference to a list, like ${vars.tickers}"));
      }
      auto path = ParsePath(std::string_view(f).substr(2, f.size() - 3));
      if (!path) return Fail(At(s.id, "foreach", "foreach: " + path.error().message));
      SAGAZ_TRY(CheckRoots({*path}, s.id, "foreach", vars, ids, false));
      if (auto dep = StepOf(*path); !dep.empty()) deps.insert(dep);
    }
    s.depends_on.assign(deps.begin(), deps.end());
  }
  // Cycles: Kahn's algorithm must take every step.
  if (TopologicalOrder(d).size() != d.steps.size()) {
    std::string names;
    const auto order = TopologicalOrder(d);
    std::set<size_t> done(order.begin(), order.end());
    for (size_t i = 0; i < d.steps.size(); ++i) {
      if (!done.contains(i)) names += (names.empty() ? "" : ", ") + d.steps[i].id;
    }
    const std::string first = names.substr(0, names.find(','));
    return Fail(At(first, "needs", "the steps " + names + " depend on each other in a cycle"));
  }
  return d;
}

std::vector<size_t> TopologicalOrder(const Definition& d) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < d.steps.size(); ++i) index[d.steps[i].id] = i;
  std::vector<int> waiting(d.steps.size(), 0);
  std::vector<std::vector<size_t>> dependents(d.steps.size());
  for (size_t i = 0; i < d.steps.size(); ++i) {
    for (const auto& dep : d.steps[i].depends_on) {
      const auto it = index.find(dep);
      if (it == index.end()) continue;
      ++waiting[i];
      dependents[it->second].push_back(i);
    }
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < d.steps.size(); ++i)
    if (waiting[i] == 0) order.push_back(i);
  for (size_t k = 0; k < order.size(); ++k) {
    for (const size_t next : dependents[order[k]])
      if (--waiting[next] == 0) order.push_back(next);
  }
  return order;
}

Json ToJson(const Definition& d) {
  Json out = {{"name", d.name}};
  if (!d.description.empty()) out["description"] = d.description;
  out["vars"] = Json::parse(d.vars);
  Json steps = Json::array();
  for (const auto& s : d.steps) {
    Json j = {{"id", s.id}, {"kind", s.kind}, {"inputs", Json::parse(s.inputs)}};
    if (!s.when.empty()) j["when"] = s.when;
    if (!s.foreach.empty()) j["foreach"] = s.foreach;
    if (!s.needs.empty()) j["needs"] = s.needs;
    if (s.retries) j["retries"] = s.retries;
    if (s.timeout_ms) j["timeout_ms"] = s.timeout_ms;
    steps.push_back(std::move(j));
  }
  out["steps"] = std::move(steps);
  return out;
}

}  // namespace sagaz::workflows
