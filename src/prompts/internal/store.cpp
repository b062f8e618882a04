#include "prompts/internal/store.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "core/strings.hpp"

namespace sagaz::prompts::internal {
namespace {

using Json = nlohmann::json;

// No primary keys: DuckDB reports an update of an indexed table's row as a conflict with a
// transaction that began earlier; the service serialises writes instead.
constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.prompts(id VARCHAR NOT NULL, name VARCHAR NOT NULL, "
    "description VARCHAR NOT NULL, owner VARCHAR NOT NULL, created_ms BIGINT NOT NULL, "
    "updated_ms BIGINT NOT NULL);"
    "CREATE TABLE _sagaz.prompt_versions(prompt_id VARCHAR NOT NULL, version INTEGER NOT NULL, "
    "system VARCHAR NOT NULL, text VARCHAR NOT NULL, variables VARCHAR NOT NULL, "
    "model VARCHAR NOT NULL, temperature DOUBLE NOT NULL, max_tokens INTEGER NOT NULL, "
    "json_output BOOLEAN NOT NULL, note VARCHAR NOT NULL, author VARCHAR NOT NULL, "
    "created_ms BIGINT NOT NULL);"
    "CREATE TABLE _sagaz.prompt_tests(id VARCHAR NOT NULL, prompt_id VARCHAR NOT NULL, "
    "name VARCHAR NOT NULL, variables VARCHAR NOT NULL, expect VARCHAR NOT NULL, "
    "created_ms BIGINT NOT NULL);"
    "CREATE TABLE _sagaz.prompt_runs(id VARCHAR NOT NULL, prompt_id VARCHAR NOT NULL, "
    "version INTEGER NOT NULL, test_id VARCHAR NOT NULL, model VARCHAR NOT NULL, "
    "variables VARCHAR NOT NULL, system VARCHAR NOT NULL, user_text VARCHAR NOT NULL, "
    "output VARCHAR NOT NULL, status VARCHAR NOT NULL, error VARCHAR NOT NULL, "
    "checks VARCHAR NOT NULL, passed BOOLEAN, latency_ms DOUBLE NOT NULL, "
    "first_token_ms DOUBLE NOT NULL, prompt_tokens BIGINT NOT NULL, "
    "completion_tokens BIGINT NOT NULL, user_name VARCHAR NOT NULL, created_ms BIGINT NOT NULL);",
};

// Stored JSON is what this file wrote; a value that does not read back is skipped.
Json Parse(const std::string& text) {
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

std::string VariablesToText(const std::vector<Variable>& vars) {
  Json out = Json::array();
  for (const auto& v : vars)
    out.push_back({{"name", v.name}, {"type", ToString(v.type)}, {"description", v.description}});
  return out.dump();
}

std::vector<Variable> VariablesFromText(const std::string& text) {
  std::vector<Variable> out;
  const Json j = Parse(text);
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (!item.is_object()) continue;
    Variable v;
    v.name = item.value("name", "");
    v.type = ParseVariableType(item.value("type", "text")).value_or(VariableType::kText);
    v.description = item.value("description", "");
    out.push_back(std::move(v));
  }
  return out;
}

std::string ValuesToText(const Values& values) {
  Json out = Json::object();
  for (const auto& [name, v] : values) std::visit([&](const auto& x) { out[name] = x; }, v);
  return out.dump();
}

Values ValuesFromText(const std::string& text) {
  Values out;
  const Json j = Parse(text);
  if (!j.is_object()) return out;
  for (const auto& [name, v] : j.items()) {
    if (v.is_string())
      out[name] = v.get<std::string>();
    else if (v.is_boolean())
      out[name] = v.get<bool>();
    else if (v.is_number_integer())
      out[name] = v.get<int64_t>();
    else if (v.is_number())
      out[name] = v.get<double>();
  }
  return out;
}

Json ExpectationJson(const Expectation& e) {
  return {{"kind", ToString(e.kind)}, {"value", e.value}};
}

Expectation ExpectationFrom(const Json& j) {
  Expectation e;
  e.kind = ParseExpectKind(j.value("kind", "contains")).value_or(ExpectKind::kContains);
  e.value = j.value("value", "");
  return e;
}

std::string ExpectToText(const std::vector<Expectation>& expect) {
  Json out = Json::array();
  for (const auto& e : expect) out.push_back(ExpectationJson(e));
  return out.dump();
}

std::vector<Expectation> ExpectFromText(const std::string& text) {
  std::vector<Expectation> out;
  const Json j = Parse(text);
  if (!j.is_array()) return out;
  for (const auto& item : j)
    if (item.is_object()) out.push_back(ExpectationFrom(item));
  return out;
}

std::string ChecksToText(const std::vector<CheckResult>& checks) {
  Json out = Json::array();
  for (const auto& c : checks) {
    Json item = ExpectationJson(c.expectation);
    item["passed"] = c.passed;
    item["detail"] = c.detail;
    out.push_back(std::move(item));
  }
  return out.dump();
}

std::vector<CheckResult> ChecksFromText(const std::string& text) {
  std::vector<CheckResult> out;
  const Json j = Parse(text);
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (!item.is_object()) continue;
    out.push_back({.expectation = ExpectationFrom(item),
                   .passed = item.value("passed", false),
                   .detail = item.value("detail", "")});
  }
  return out;
}

constexpr std::string_view kVersionColumns =
    "SELECT version, system, text, variables, model, temperature, max_tokens, json_output, note, "
    "author, created_ms FROM _sagaz.prompt_versions";

Version VersionFromRow(const std::vector<db::Value>& r) {
  Version v;
  v.number = static_cast<int>(db::IntOf(r[0]));
  v.system = db::TextOf(r[1]);
  v.text = db::TextOf(r[2]);
  v.variables = VariablesFromText(db::TextOf(r[3]));
  v.params.model = db::TextOf(r[4]);
  v.params.temperature = db::DoubleOf(r[5]).value_or(0);
  v.params.max_tokens = static_cast<int>(db::IntOf(r[6], 1024));
  v.params.json = std::holds_alternative<bool>(r[7]) && std::get<bool>(r[7]);
  v.note = db::TextOf(r[8]);
  v.author = db::TextOf(r[9]);
  v.created_at = Iso8601FromMs(db::IntOf(r[10]));
  return v;
}

// Prompts with their latest version, one query.
constexpr std::string_view kPromptColumns =
    "SELECT p.id, p.name, p.description, p.owner, p.created_ms, p.updated_ms, "
    "(SELECT count(*) FROM _sagaz.prompt_versions c WHERE c.prompt_id = p.id), "
    "v.version, v.system, v.text, v.variables, v.model, v.temperature, v.max_tokens, "
    "v.json_output, v.note, v.author, v.created_ms FROM _sagaz.prompts p JOIN "
    "_sagaz.prompt_versions v ON v.prompt_id = p.id AND v.version = (SELECT max(version) FROM "
    "_sagaz.prompt_versions m WHERE m.prompt_id = p.id)";

Prompt PromptFromRow(const std::vector<db::Value>& r) {
  Prompt p;
  p.id = db::TextOf(r[0]);
  p.name = db::TextOf(r[1]);
  p.description = db::TextOf(r[2]);
  p.owner = db::TextOf(r[3]);
  p.created_at = Iso8601FromMs(db::IntOf(r[4]));
  p.updated_at = Iso8601FromMs(db::IntOf(r[5]));
  p.versions = static_cast<int>(db::IntOf(r[6]));
  p.latest = VersionFromRow(std::vector<db::Value>(r.begin() + 7, r.end()));
  return p;
}

constexpr std::string_view kRunColumns =
    "SELECT id, prompt_id, version, test_id, model, variables, system, user_text, output, status, "
    "error, checks, passed, latency_ms, first_token_ms, prompt_tokens, completion_tokens, "
    "user_name, created_ms FROM _sagaz.prompt_runs";

PromptRun RunFromRow(const std::vector<db::Value>& r) {
  PromptRun run;
  run.id = db::TextOf(r[0]);
  run.prompt_id = db::TextOf(r[1]);
  run.version = static_cast<int>(db::IntOf(r[2]));
  run.test_id = db::TextOf(r[3]);
  run.model = db::TextOf(r[4]);
  run.variables = ValuesFromText(db::TextOf(r[5]));
  run.system = db::TextOf(r[6]);
  run.user = db::TextOf(r[7]);
  run.output = db::TextOf(r[8]);
  run.status = db::TextOf(r[9]) == "failed" ? RunStatus::kFailed : RunStatus::kSucceeded;
  run.error = db::TextOf(r[10]);
  run.checks = ChecksFromText(db::TextOf(r[11]));
  if (std::holds_alternative<bool>(r[12])) run.passed = std::get<bool>(r[12]);
  run.latency_ms = db::DoubleOf(r[13]).value_or(0);
  run.first_token_ms = db::DoubleOf(r[14]).value_or(0);
  run.prompt_tokens = db::IntOf(r[15]);
  run.completion_tokens = db::IntOf(r[16]);
  run.user_name = db::TextOf(r[17]);
  run.created_at = Iso8601FromMs(db::IntOf(r[18]));
  return run;
}

}  // namespace

Status Migrate(db::Connection& conn) { return db::ApplyMigrations(conn, "prompts", kMigrations); }

Result<std::optional<Prompt>> LoadPrompt(db::Connection& conn, std::string_view id_or_name) {
  const db::Param p[] = {std::string(id_or_name)};
  auto r = SAGAZ_TRY(conn.Query(
      std::string(kPromptColumns) + " WHERE p.id = $1 OR p.name = $1 ORDER BY p.id = $1 DESC", p));
  auto rows = SAGAZ_TRY(r.FetchRows(1));
  if (rows.empty()) return std::optional<Prompt>();
  return std::optional<Prompt>(PromptFromRow(rows[0]));
}

Result<std::vector<Prompt>> LoadPrompts(db::Connection& conn) {
  auto r = SAGAZ_TRY(conn.Query(std::string(kPromptColumns) + " ORDER BY p.updated_ms DESC, p.id"));
  std::vector<Prompt> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(PromptFromRow(row));
  return out;
}

Status InsertPrompt(db::Connection& conn, const Prompt& p, int64_t now_ms) {
  const db::Param params[] = {p.id, p.name, p.description, p.owner, now_ms, now_ms};
  SAGAZ_TRY(conn.Query("INSERT INTO _sagaz.prompts VALUES (?, ?, ?, ?, ?, ?)", params));
  return Ok();
}

Status UpdatePrompt(db::Connection& conn, const Prompt& p, int64_t now_ms) {
  const db::Param params[] = {p.name, p.description, now_ms, p.id};
  SAGAZ_TRY(conn.Query(
      "UPDATE _sagaz.prompts SET name = ?, description = ?, updated_ms = ? WHERE id = ?", params));
  return Ok();
}

Status DeletePrompt(db::Connection& conn, std::string_view id) {
  const db::Param p[] = {std::string(id)};
  for (std::string_view table : {"prompt_runs", "prompt_tests", "prompt_versions"}) {
    SAGAZ_TRY(conn.Query("DELETE FROM _sagaz." + std::string(table) + " WHERE prompt_id = ?", p));
  }
  SAGAZ_TRY(conn.Query("DELETE FROM _sagaz.prompts WHERE id = ?", p));
  return Ok();
}

Status InsertVersion(db::Connection& conn, std::string_view prompt_id, const Version& v,
                     int64_t now_ms) {
  const db::Param params[] = {std::string(prompt_id),
                              int64_t{v.number},
                              v.system,
                              v.text,
                              VariablesToText(v.variables),
                              v.params.model,
                              v.params.temperature,
                              int64_t{v.params.max_tokens},
                              v.params.json,
                              v.note,
                              v.author,
                              now_ms};
  SAGAZ_TRY(conn.Query(
      "INSERT INTO _sagaz.prompt_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params));
  return Ok();
}

Result<std::vector<Version>> LoadVersions(db::Connection& conn, std::string_view prompt_id,
                                          int number) {
  const db::Param p[] = {std::string(prompt_id), int64_t{number}};
  auto r = SAGAZ_TRY(conn.Query(std::string(kVersionColumns) +
                                    " WHERE prompt_id = $1 AND ($2 = 0 OR version = $2) "
                                    "ORDER BY version DESC",
                                p));
  std::vector<Version> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(VersionFromRow(row));
  return out;
}

Status InsertTest(db::Connection& conn, const TestCase& t, int64_t now_ms) {
  const db::Param params[] = {
      t.id, t.prompt_id, t.name, ValuesToText(t.variables), ExpectToText(t.expect), now_ms};
  SAGAZ_TRY(conn.Query("INSERT INTO _sagaz.prompt_tests VALUES (?, ?, ?, ?, ?, ?)", params));
  return Ok();
}

Result<std::vector<TestCase>> LoadTests(db::Connection& conn, std::string_view prompt_id) {
  const db::Param p[] = {std::string(prompt_id)};
  auto r =
      SAGAZ_TRY(conn.Query("SELECT id, prompt_id, name, variables, expect, created_ms FROM "
                           "_sagaz.prompt_tests WHERE prompt_id = ? ORDER BY created_ms, rowid",
                           p));
  std::vector<TestCase> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    TestCase t;
    t.id = db::TextOf(row[0]);
    t.prompt_id = db::TextOf(row[1]);
    t.name = db::TextOf(row[2]);
    t.variables = ValuesFromText(db::TextOf(row[3]));
    t.expect = ExpectFromText(db::TextOf(row[4]));
    t.created_at = Iso8601FromMs(db::IntOf(row[5]));
    out.push_back(std::move(t));
  }
  return out;
}

Result<bool> DeleteTestRow(db::Connection& conn, std::string_view prompt_id,
                           std::string_view test_id) {
  const db::Param p[] = {std::string(prompt_id), std::string(test_id)};
  auto r =
      SAGAZ_TRY(conn.Query("DELETE FROM _sagaz.prompt_tests WHERE prompt_id = ? AND id = ?", p));
  return db::IntOf(SAGAZ_TRY(r.FetchScalar())) > 0;
}

Status InsertRun(db::Connection& conn, const PromptRun& r, int64_t now_ms) {
  const db::Param params[] = {r.id,
                              r.prompt_id,
                              int64_t{r.version},
                              r.test_id,
                              r.model,
                              ValuesToText(r.variables),
                              r.system,
                              r.user,
                              r.output,
                              std::string(ToString(r.status)),
                              r.error,
                              ChecksToText(r.checks),
                              r.passed ? db::Param(*r.passed) : db::Param(nullptr),
                              r.latency_ms,
                              r.first_token_ms,
                              r.prompt_tokens,
                              r.completion_tokens,
                              r.user_name,
                              now_ms};
  SAGAZ_TRY(conn.Query(
      "INSERT INTO _sagaz.prompt_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?)",
      params));
  return Ok();
}

Result<std::vector<PromptRun>> LoadRuns(db::Connection& conn, std::string_view prompt_id,
                                        int limit) {
  const db::Param p[] = {std::string(prompt_id)};
  auto r =
      SAGAZ_TRY(conn.Query(std::string(kRunColumns) +
                               " WHERE prompt_id = ? ORDER BY created_ms DESC, rowid DESC LIMIT " +
                               std::to_string(std::max(limit, 1)),
                           p));
  std::vector<PromptRun> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(RunFromRow(row));
  return out;
}

}  // namespace sagaz::prompts::internal
