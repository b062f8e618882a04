// Pipeline files: TOML read with toml++ into typed nodes, checked, and ordered as a DAG.
#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <set>

#include "catalog/catalog.hpp"
#include "core/strings.hpp"
#include "jobs/cron.hpp"
#include "pipelines/pipelines.hpp"

namespace sagaz::pipelines {
namespace {

Error SpecError(std::string_view where, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::string(where) + ": " + message)
      .With("where", std::string(where));
}

// Keys of `table` outside `known` are errors: a typo must not silently drop a rule.
Status CheckKeys(const toml::table& table, std::initializer_list<std::string_view> known,
                 std::string_view where) {
  for (const auto& [k, v] : table) {
    if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
      return Fail(SpecError(where, "unknown key '" + std::string(k.str()) + "' (known: " +
                                       Join(std::vector<std::string_view>(known), ", ") + ")"));
    }
  }
  return Ok();
}

Result<std::string> Text(const toml::table& t, std::string_view key, std::string_view where) {
  const auto* n = t.get(key);
  if (!n) return std::string();
  if (const auto* s = n->as_string()) return s->get();
  return Fail(SpecError(where, "'" + std::string(key) + "' must be a string"));
}

Result<std::vector<std::string>> TextList(const toml::table& t, std::string_view key,
                                          std::string_view where) {
  std::vector<std::string> out;
  const auto* n = t.get(key);
  if (!n) return out;
  if (const auto* s = n->as_string()) return std::vector<std::string>{s->get()};
  const auto* arr = n->as_array();
  if (!arr) return Fail(SpecError(where, "'" + std::string(key) + "' must be a list of strings"));
  for (const auto& item : *arr) {
    const auto* s = item.as_string();
    if (!s) return Fail(SpecError(where, "'" + std::string(key) + "' must be a list of strings"));
    out.push_back(s->get());
  }
  return out;
}

Result<std::optional<double>> Number(const toml::table& t, std::string_view key,
                                     std::string_view where) {
  const auto* n = t.get(key);
  if (!n) return std::optional<double>();
  if (const auto* i = n->as_integer()) return std::optional<double>(static_cast<double>(i->get()));
  if (const auto* f = n->as_floating_point()) return std::optional<double>(f->get());
  return Fail(SpecError(where, "'" + std::string(key) + "' must be a number"));
}

Status CheckColumn(const std::string& column, std::string_view where) {
  if (auto st = catalog::ValidateName(column); !st) {
    return Fail(SpecError(where, "column '" + column + "': " + st.error().message));
  }
  return Ok();
}

Result<Rule> ParseRule(const toml::table& t, std::string_view where) {
  SAGAZ_TRY(CheckKeys(t,
                      {"name", "not_null", "unique", "column", "min", "max", "allowed", "regex",
                       "row_count", "predicate"},
                      where));
  Rule r;
  r.name = SAGAZ_TRY(Text(t, "name", where));
  const std::string column = SAGAZ_TRY(Text(t, "column", where));
  int kinds = 0;
  if (t.contains("not_null")) {
    ++kinds;
    r.kind = RuleKind::kNotNull;
    r.columns = SAGAZ_TRY(TextList(t, "not_null", where));
  }
  if (t.contains("unique")) {
    ++kinds;
    r.kind = RuleKind::kUnique;
    r.columns = SAGAZ_TRY(TextList(t, "unique", where));
  }
  if (t.contains("allowed")) {
    ++kinds;
    r.kind = RuleKind::kAllowed;
    r.values = SAGAZ_TRY(TextList(t, "allowed", where));
  }
  if (t.contains("regex")) {
    ++kinds;
    r.kind = RuleKind::kRegex;
    r.pattern = SAGAZ_TRY(Text(t, "regex", where));
  }
  if (t.contains("predicate")) {
    ++kinds;
    r.kind = RuleKind::kPredicate;
    r.predicate = SAGAZ_TRY(Text(t, "predicate", where));
    if (Trim(r.predicate).empty()) return Fail(SpecError(where, "'predicate' is empty"));
  }
  if (const auto* rc = t.get("row_count")) {
    ++kinds;
    r.kind = RuleKind::kRowCount;
    const auto* tab = rc->as_table();
    if (!tab) return Fail(SpecError(where, "'row_count' must be a table such as { min = 1 }"));
    SAGAZ_TRY(CheckKeys(*tab, {"min", "max"}, where));
    r.min = SAGAZ_TRY(Number(*tab, "min", where));
    r.max = SAGAZ_TRY(Number(*tab, "max", where));
  } else if (t.contains("min") || t.contains("max")) {
    if (kinds == 0) {
      ++kinds;
      r.kind = RuleKind::kRange;
    }
    r.min = SAGAZ_TRY(Number(t, "min", where));
    r.max = SAGAZ_TRY(Number(t, "max", where));
    if (r.kind != RuleKind::kRange) {
      return Fail(SpecError(where, "'min'/'max' belong to a range rule on its own"));
    }
  }
  if (kinds != 1) {
    return Fail(SpecError(where,
                          "a rule has exactly one of not_null, unique, allowed, regex, "
                          "min/max (range), row_count, predicate"));
  }
  const bool needs_column =
      r.kind == RuleKind::kRange || r.kind == RuleKind::kAllowed || r.kind == RuleKind::kRegex;
  if (needs_column) {
    if (column.empty()) {
      return Fail(SpecError(where, std::string(ToString(r.kind)) + " needs 'column'"));
    }
    r.columns = {column};
  } else if (!column.empty()) {
    return Fail(SpecError(where, "'column' is not used by " + std::string(ToString(r.kind))));
  }
  if ((r.kind == RuleKind::kNotNull || r.kind == RuleKind::kUnique) && r.columns.empty()) {
    return Fail(SpecError(where, std::string(ToString(r.kind)) + " needs at least one column"));
  }
  for (const auto& c : r.columns) SAGAZ_TRY(CheckColumn(c, where));
  if ((r.kind == RuleKind::kRange || r.kind == RuleKind::kRowCount) && !r.min && !r.max) {
    return Fail(SpecError(where, "a range needs 'min' or 'max'"));
  }
  if (r.min && r.max && *r.min > *r.max) return Fail(SpecError(where, "'min' is above 'max'"));
  if (r.kind == RuleKind::kAllowed && r.values.empty()) {
    return Fail(SpecError(where, "'allowed' needs at least one value"));
  }
  if (r.name.empty()) {
    r.name = std::string(ToString(r.kind));
    if (!r.columns.empty()) r.name += "(" + Join(r.columns, ",") + ")";
  }
  return r;
}

Result<Reference> ParseReference(const toml::table& t, std::string_view where) {
  SAGAZ_TRY(CheckKeys(t, {"column", "parent", "parent_column", "on_orphan"}, where));
  Reference ref;
  ref.column = SAGAZ_TRY(Text(t, "column", where));
  ref.parent = SAGAZ_TRY(Text(t, "parent", where));
  ref.parent_column = SAGAZ_TRY(Text(t, "parent_column", where));
  if (ref.parent_column.empty()) ref.parent_column = ref.column;
  const std::string action = SAGAZ_TRY(Text(t, "on_orphan", where));
  if (action.empty() || action == "drop") {
    ref.on_orphan = OrphanAction::kDrop;
  } else if (action == "fail") {
    ref.on_orphan = OrphanAction::kFail;
  } else {
    return Fail(SpecError(where, "'on_orphan' is drop or fail, not '" + action + "'"));
  }
  SAGAZ_TRY(CheckColumn(ref.column, where));
  SAGAZ_TRY(CheckColumn(ref.parent_column, where));
  if (auto st = catalog::ValidateName(ref.parent); !st) {
    return Fail(SpecError(where, "parent '" + ref.parent + "': " + st.error().message));
  }
  return ref;
}

Result<Strategy> ParseStrategy(std::string_view text, std::string_view where) {
  if (text.empty() || text == "full") return Strategy::kFull;
  if (text == "append") return Strategy::kAppend;
  if (text == "window") return Strategy::kWindow;
  if (text == "upsert") return Strategy::kUpsert;
  return Fail(SpecError(
      where, "strategy is full, append, window or upsert, not '" + std::string(text) + "'"));
}

std::string FormatOf(const std::string& given, const std::string& name) {
  if (!given.empty()) return given;
  const auto lower = ToLower(name);
  if (lower.ends_with(".csv") || lower.ends_with(".csv.gz") || lower.ends_with(".tsv")) {
    return "csv";
  }
  if (lower.ends_with(".json") || lower.ends_with(".jsonl") || lower.ends_with(".ndjson")) {
    return "json";
  }
  return "parquet";
}

Result<Node> ParseNode(const std::string& name, const toml::table& t,
                       const std::filesystem::path& base_dir) {
  const std::string where = "node '" + name + "'";
  SAGAZ_TRY(CheckKeys(
      t,
      {"description", "columns", "sql", "dataset", "file", "folder", "pattern", "format", "inputs",
       "strategy", "key", "watermark", "window_days", "delete_missing", "rules", "references"},
      where));
  Node n;
  n.name = name;
  if (auto st = catalog::ValidateName(name); !st) {
    return Fail(SpecError(where, "not a valid dataset name: " + st.error().message));
  }
  n.description = SAGAZ_TRY(Text(t, "description", where));
  if (const auto* cols = t.get("columns")) {
    const auto* tab = cols->as_table();
    if (!tab) return Fail(SpecError(where, "'columns' must be a table of column = description"));
    for (const auto& [k, v] : *tab) {
      const auto* s = v.as_string();
      if (!s) return Fail(SpecError(where, "column descriptions must be strings"));
      n.column_docs.emplace_back(std::string(k.str()), s->get());
    }
  }
  n.sql = SAGAZ_TRY(Text(t, "sql", where));
  n.dataset = SAGAZ_TRY(Text(t, "dataset", where));
  const std::string file = SAGAZ_TRY(Text(t, "file", where));
  const std::string folder = SAGAZ_TRY(Text(t, "folder", where));
  n.pattern = SAGAZ_TRY(Text(t, "pattern", where));
  n.format = SAGAZ_TRY(Text(t, "format", where));
  const int sources = !n.sql.empty() + !n.dataset.empty() + !file.empty() + !folder.empty();
  if (sources != 1) {
    return Fail(SpecError(where, "a node has exactly one of sql, dataset, file, folder"));
  }
  if (!n.format.empty() && n.format != "parquet" && n.format != "csv" && n.format != "json") {
    return Fail(SpecError(where, "format is parquet, csv or json, not '" + n.format + "'"));
  }
  n.inputs = SAGAZ_TRY(TextList(t, "inputs", where));
  if (!n.sql.empty()) {
    n.source = SourceKind::kSql;
    if (n.inputs.empty()) return Fail(SpecError(where, "a SQL node lists the 'inputs' it reads"));
  } else {
    if (!n.inputs.empty()) return Fail(SpecError(where, "'inputs' belong to SQL nodes"));
    if (!n.dataset.empty()) {
      n.source = SourceKind::kDataset;
      if (auto st = catalog::ValidateName(n.dataset); !st) {
        return Fail(SpecError(where, "dataset '" + n.dataset + "': " + st.error().message));
      }
      n.inputs = {n.dataset};
    } else {
      n.source = file.empty() ? SourceKind::kFolder : SourceKind::kFile;
      std::filesystem::path p = file.empty() ? folder : file;
      if (p.is_relative()) p = base_dir / p;
      n.path = p.lexically_normal().string();
      if (n.source == SourceKind::kFolder && n.pattern.empty()) n.pattern = "*.parquet";
      if (n.pattern.find('/') != std::string::npos) {
        return Fail(SpecError(where, "'pattern' matches file names, without '/'"));
      }
      n.format = FormatOf(n.format, file.empty() ? n.pattern : file);
    }
  }
  if (n.source != SourceKind::kFolder && !n.pattern.empty()) {
    return Fail(SpecError(where, "'pattern' belongs to folder sources"));
  }
  const std::string strategy = SAGAZ_TRY(Text(t, "strategy", where));
  n.strategy = SAGAZ_TRY(ParseStrategy(strategy, where));
  n.key = SAGAZ_TRY(TextList(t, "key", where));
  for (const auto& c : n.key) SAGAZ_TRY(CheckColumn(c, where));
  n.watermark = SAGAZ_TRY(Text(t, "watermark", where));
  if (!n.watermark.empty()) SAGAZ_TRY(CheckColumn(n.watermark, where));
  if (const auto* wd = t.get("window_days")) {
    const auto* i = wd->as_integer();
    if (!i || i->get() < 1 || i->get() > 36500) {
      return Fail(SpecError(where, "'window_days' must be a whole number of days, 1 to 36500"));
    }
    n.window_days = i->get();
  }
  if (const auto* dm = t.get("delete_missing")) {
    const auto* b = dm->as_boolean();
    if (!b) return Fail(SpecError(where, "'delete_missing' must be true or false"));
    n.delete_missing = b->get();
  }
  switch (n.strategy) {
    case Strategy::kFull:
      break;
    case Strategy::kAppend:
      if (n.watermark.empty()) return Fail(SpecError(where, "append needs a 'watermark' column"));
      break;
    case Strategy::kWindow:
      if (n.watermark.empty() || n.window_days == 0 || n.key.empty()) {
        return Fail(SpecError(where, "window needs 'watermark', 'window_days' and 'key'"));
      }
      break;
    case Strategy::kUpsert:
      if (n.key.empty()) return Fail(SpecError(where, "upsert needs a 'key'"));
      break;
  }
  if (n.delete_missing && n.strategy != Strategy::kUpsert) {
    return Fail(SpecError(where, "'delete_missing' belongs to the upsert strategy"));
  }
  if (const auto* rules = t.get("rules")) {
    const auto* arr = rules->as_array();
    if (!arr) return Fail(SpecError(where, "'rules' must be a list of tables"));
    size_t i = 0;
    for (const auto& item : *arr) {
      const auto* tab = item.as_table();
      const std::string rw = where + " rule " + std::to_string(++i);
      if (!tab) return Fail(SpecError(rw, "a rule must be a table"));
      n.rules.push_back(SAGAZ_TRY(ParseRule(*tab, rw)));
    }
  }
  if (const auto* refs = t.get("references")) {
    const auto* arr = refs->as_array();
    if (!arr) return Fail(SpecError(where, "'references' must be a list of tables"));
    size_t i = 0;
    for (const auto& item : *arr) {
      const auto* tab = item.as_table();
      const std::string rw = where + " reference " + std::to_string(++i);
      if (!tab) return Fail(SpecError(rw, "a reference must be a table"));
      n.references.push_back(SAGAZ_TRY(ParseReference(*tab, rw)));
    }
  }
  for (const auto& in : n.inputs) {
    if (auto st = catalog::ValidateName(in); !st) {
      return Fail(SpecError(where, "input '" + in + "': " + st.error().message));
    }
  }
  return n;
}

// Orders nodes so that each comes after the nodes it reads (Kahn's algorithm, ties by name); a
// cycle is reported by walking it.
Status Order(Pipeline& p) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < p.nodes.size(); ++i) index[p.nodes[i].name] = i;
  auto deps_of = [&](const Node& n) {
    std::set<size_t> deps;
    for (const auto& in : n.inputs) {
      if (auto it = index.find(in); it != index.end() && in != n.name) deps.insert(it->second);
    }
    for (const auto& r : n.references) {
      if (auto it = index.find(r.parent); it != index.end() && r.parent != n.name) {
        deps.insert(it->second);
      }
    }
    return deps;
  };
  for (const auto& n : p.nodes) {
    if (std::find(n.inputs.begin(), n.inputs.end(), n.name) != n.inputs.end() &&
        n.source == SourceKind::kSql) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "pipeline '" + p.name + "' has a cycle: " + n.name + " -> " + n.name)
                      .With("cycle", n.name + " -> " + n.name));
    }
  }
  std::vector<std::set<size_t>> deps;
  for (const auto& n : p.nodes) deps.push_back(deps_of(n));
  std::vector<int> color(p.nodes.size(), 0);  // 0 new, 1 on the path, 2 done
  std::vector<size_t> order, path;
  std::function<Status(size_t)> visit = [&](size_t i) -> Status {
    if (color[i] == 2) return Ok();
    if (color[i] == 1) {
      auto start = std::find(path.begin(), path.end(), i);
      std::string cycle;
      for (auto it = start; it != path.end(); ++it) cycle += p.nodes[*it].name + " -> ";
      cycle += p.nodes[i].name;
      return Fail(
          Error(ErrorCode::kInvalidArgument, "pipeline '" + p.name + "' has a cycle: " + cycle)
              .With("cycle", cycle));
    }
    color[i] = 1;
    path.push_back(i);
    for (size_t d : deps[i]) SAGAZ_TRY(visit(d));
    path.pop_back();
    color[i] = 2;
    order.push_back(i);
    return Ok();
  };
  for (size_t i = 0; i < p.nodes.size(); ++i) SAGAZ_TRY(visit(i));
  std::vector<Node> sorted;
  for (size_t i : order) sorted.push_back(std::move(p.nodes[i]));
  p.nodes = std::move(sorted);
  return Ok();
}

// [[schedules]]: {name, cron, full_refresh?, from?}, after the nodes (from must name one).
Status ParseSchedules(const toml::table& root, const std::string& where, Pipeline& p) {
  const auto* node = root.get("schedules");
  if (!node) return Ok();
  const auto* list = node->as_array();
  if (!list)
    return Fail(SpecError(where, "'schedules' must be an array of tables ([[schedules]])"));
  std::set<std::string> names;
  for (size_t i = 0; i < list->size(); ++i) {
    const auto* t = list->get(i)->as_table();
    const std::string at = where + ", schedules[" + std::to_string(i) + "]";
    if (!t) return Fail(SpecError(at, "must be a table"));
    SAGAZ_TRY(CheckKeys(*t, {"name", "cron", "full_refresh", "from"}, at));
    ExtraSchedule e;
    e.name = SAGAZ_TRY(Text(*t, "name", at));
    if (e.name.empty() || e.name.size() > 64 ||
        !std::all_of(e.name.begin(), e.name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        })) {
      return Fail(SpecError(at, "'name' must be 1 to 64 letters, digits or _"));
    }
    if (!names.insert(e.name).second) {
      return Fail(SpecError(at, "the schedule name '" + e.name + "' is used twice"));
    }
    e.cron = SAGAZ_TRY(Text(*t, "cron", at));
    if (auto cron = jobs::CronExpr::Parse(e.cron, p.time_zone); !cron) {
      return Fail(SpecError(at, "cron: " + cron.error().message));
    }
    if (const auto* fr = t->get("full_refresh")) {
      const auto* b = fr->as_boolean();
      if (!b) return Fail(SpecError(at, "'full_refresh' must be true or false"));
      e.full_refresh = b->get();
    }
    e.from = ToLower(SAGAZ_TRY(Text(*t, "from", at)));
    if (!e.from.empty() && std::none_of(p.nodes.begin(), p.nodes.end(),
                                        [&](const Node& n) { return n.name == e.from; })) {
      return Fail(SpecError(at, "'from' names no node of the pipeline: '" + e.from + "'"));
    }
    p.schedules.push_back(std::move(e));
  }
  return Ok();
}

}  // namespace

std::string_view ToString(Strategy s) {
  switch (s) {
    case Strategy::kFull:
      return "full";
    case Strategy::kAppend:
      return "append";
    case Strategy::kWindow:
      return "window";
    case Strategy::kUpsert:
      return "upsert";
  }
  return "full";
}

std::string_view ToString(RuleKind k) {
  switch (k) {
    case RuleKind::kNotNull:
      return "not_null";
    case RuleKind::kUnique:
      return "unique";
    case RuleKind::kRange:
      return "range";
    case RuleKind::kAllowed:
      return "allowed";
    case RuleKind::kRegex:
      return "regex";
    case RuleKind::kRowCount:
      return "row_count";
    case RuleKind::kPredicate:
      return "predicate";
  }
  return "predicate";
}

Result<Pipeline> ParsePipeline(std::string_view toml_text, std::string_view origin,
                               const std::filesystem::path& base_dir) {
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string(origin));
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "pipeline " + std::string(origin) + " is not valid TOML (line " +
                          std::to_string(at.line) + ", column " + std::to_string(at.column) +
                          "): " + std::string(e.description()))
                    .With("line", std::to_string(at.line)));
  }
  const std::string where = "pipeline " + std::string(origin);
  SAGAZ_TRY(CheckKeys(root, {"name", "description", "schedule", "time_zone", "schedules", "nodes"},
                      where));
  Pipeline p;
  p.origin = std::string(origin);
  p.name = SAGAZ_TRY(Text(root, "name", where));
  if (auto st = catalog::ValidateName(p.name); !st) {
    return Fail(SpecError(where, "'name' must be a valid name: " + st.error().message));
  }
  p.description = SAGAZ_TRY(Text(root, "description", where));
  p.schedule = SAGAZ_TRY(Text(root, "schedule", where));
  p.time_zone = SAGAZ_TRY(Text(root, "time_zone", where));
  if (p.time_zone.empty()) p.time_zone = "UTC";
  if (!p.schedule.empty()) {
    // Five fields here, whatever jobs.schedule_seconds says: a pipeline file is not a test.
    if (auto cron = jobs::CronExpr::Parse(p.schedule, p.time_zone); !cron) {
      return Fail(SpecError(where, "schedule: " + cron.error().message));
    }
  } else if (auto st = jobs::CheckTimeZone(p.time_zone); !st) {
    return Fail(SpecError(where, "time_zone: " + st.error().message));
  }
  const auto* nodes = root.get_as<toml::table>("nodes");
  if (!nodes || nodes->empty()) return Fail(SpecError(where, "no [nodes.NAME] tables"));
  for (const auto& [k, v] : *nodes) {
    const auto* tab = v.as_table();
    if (!tab) return Fail(SpecError(where, "nodes." + std::string(k.str()) + " must be a table"));
    p.nodes.push_back(SAGAZ_TRY(ParseNode(ToLower(k.str()), *tab, base_dir)));
  }
  SAGAZ_TRY(Order(p));
  SAGAZ_TRY(ParseSchedules(root, where, p));
  return p;
}

std::vector<std::vector<size_t>> Dependencies(const Pipeline& p) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < p.nodes.size(); ++i) index[p.nodes[i].name] = i;
  std::vector<std::vector<size_t>> out(p.nodes.size());
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    std::set<size_t> deps;
    for (const auto& in : p.nodes[i].inputs) {
      if (auto it = index.find(in); it != index.end() && it->second != i) deps.insert(it->second);
    }
    for (const auto& r : p.nodes[i].references) {
      if (auto it = index.find(r.parent); it != index.end() && it->second != i) {
        deps.insert(it->second);
      }
    }
    out[i].assign(deps.begin(), deps.end());
  }
  return out;
}

}  // namespace sagaz::pipelines
