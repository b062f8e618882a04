#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "db/db.hpp"
#include "workflows/workflows.hpp"

namespace sagaz::workflows {

namespace {

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.workflows(id VARCHAR NOT NULL, name VARCHAR NOT NULL, "
    "owner VARCHAR NOT NULL, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL);"
    "CREATE TABLE _sagaz.workflow_versions(workflow_id VARCHAR NOT NULL, version INTEGER NOT NULL, "
    "definition VARCHAR NOT NULL, author VARCHAR NOT NULL, created_ms BIGINT NOT NULL);"
    "CREATE TABLE _sagaz.workflow_runs(id VARCHAR NOT NULL, workflow_id VARCHAR NOT NULL, "
    "version INTEGER NOT NULL, status VARCHAR NOT NULL, vars VARCHAR NOT NULL, "
    "trigger VARCHAR NOT NULL, user_name VARCHAR NOT NULL, role VARCHAR NOT NULL, "
    "permissions BIGINT NOT NULL, job_id VARCHAR NOT NULL, rerun_of VARCHAR NOT NULL, "
    "from_step VARCHAR NOT NULL, error VARCHAR NOT NULL, created_ms BIGINT NOT NULL, "
    "started_ms BIGINT NOT NULL, finished_ms BIGINT NOT NULL);"
    "CREATE TABLE _sagaz.workflow_steps(run_id VARCHAR NOT NULL, step_id VARCHAR NOT NULL, "
    "kind VARCHAR NOT NULL, status VARCHAR NOT NULL, attempts INTEGER NOT NULL, "
    "started_ms BIGINT NOT NULL, finished_ms BIGINT NOT NULL, output VARCHAR NOT NULL, "
    "artifact VARCHAR NOT NULL, output_bytes BIGINT NOT NULL, error_code VARCHAR NOT NULL, "
    "error VARCHAR NOT NULL, note VARCHAR NOT NULL);",
};

Error NotFound(std::string_view what, std::string_view id) {
  return Error(ErrorCode::kNotFound,
               std::string(what) + " '" + std::string(id) + "' does not exist")
      .With(std::string(what), std::string(id));
}

Json ParseStored(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json() : j;
}

constexpr std::string_view kWorkflowColumns =
    "SELECT w.id, w.owner, w.created_ms, w.updated_ms, v.version, v.definition FROM "
    "_sagaz.workflows w JOIN _sagaz.workflow_versions v ON v.workflow_id = w.id";

}  // namespace

WorkflowService::WorkflowService(db::ConnectionPool& pool, const StepRegistry& registry,
                                 std::filesystem::path data_dir, WorkflowsConfig config)
    : pool_(pool),
      registry_(registry),
      data_dir_(std::move(data_dir)),
      config_(std::move(config)) {}
WorkflowService::~WorkflowService() = default;

Result<std::unique_ptr<WorkflowService>> WorkflowService::Open(db::ConnectionPool& pool,
                                                               const StepRegistry& registry,
                                                               std::filesystem::path data_dir,
                                                               WorkflowsConfig config) {
  auto conn = SAGAZ_TRY(pool.Acquire());
  SAGAZ_TRY(db::ApplyMigrations(*conn, "workflows", kMigrations));
  return std::unique_ptr<WorkflowService>(
      new WorkflowService(pool, registry, std::move(data_dir), std::move(config)));
}

namespace {

Result<std::optional<Workflow>> LoadWorkflow(db::Connection& conn, std::string_view id_or_name,
                                             int version) {
  const db::Param p[] = {std::string(id_or_name), int64_t{version}};
  auto r = SAGAZ_TRY(conn.Query(
      std::string(kWorkflowColumns) +
          " WHERE (w.id = $1 OR w.name = $1) AND v.version = CASE WHEN $2 > 0 THEN $2 ELSE "
          "(SELECT max(version) FROM _sagaz.workflow_versions m WHERE m.workflow_id = w.id) END "
          "ORDER BY w.id = $1 DESC",
      p));
  auto rows = SAGAZ_TRY(r.FetchRows(1));
  if (rows.empty()) return std::optional<Workflow>();
  Workflow w;
  w.id = db::TextOf(rows[0][0]);
  w.owner = db::TextOf(rows[0][1]);
  w.created_ms = db::IntOf(rows[0][2]);
  w.updated_ms = db::IntOf(rows[0][3]);
  w.version = static_cast<int>(db::IntOf(rows[0][4]));
  // Stored definitions were validated when saved; they are read back without the kind check (a
  // kind may have gone since), which running them reports.
  auto d = ParseDefinition(ParseStored(db::TextOf(rows[0][5])), [](std::string_view) {
    static const KindInfo open{.open = true};
    return &open;
  });
  if (!d) return Fail(std::move(d).error());
  w.definition = std::move(*d);
  return std::optional<Workflow>(std::move(w));
}

}  // namespace

Result<Workflow> WorkflowService::Get(std::string_view id_or_name) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto w = SAGAZ_TRY(LoadWorkflow(*conn, id_or_name, 0));
  if (!w) return Fail(NotFound("workflow", id_or_name));
  return std::move(*w);
}

Result<Workflow> WorkflowService::GetVersion(std::string_view id_or_name, int version) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto w = SAGAZ_TRY(LoadWorkflow(*conn, id_or_name, version));
  if (!w) {
    return Fail(NotFound("workflow", id_or_name).With("version", std::to_string(version)));
  }
  return std::move(*w);
}

Result<std::vector<Workflow>> WorkflowService::List() {
  std::vector<std::string> ids;
  {
    auto conn = SAGAZ_TRY(pool_.Acquire());
    auto r = SAGAZ_TRY(conn->Query("SELECT id FROM _sagaz.workflows ORDER BY name"));
    for (const auto& row : SAGAZ_TRY(r.FetchRows())) ids.push_back(db::TextOf(row[0]));
  }
  std::vector<Workflow> out;
  for (const auto& id : ids) {
    auto w = Get(id);
    if (w) out.push_back(std::move(*w));
  }
  return out;
}

Result<Workflow> WorkflowService::Save(std::string_view author, const Json& doc,
                                       std::optional<Workflow> existing) {
  const Definition d = SAGAZ_TRY(ParseDefinition(doc, registry_.Lookup()));
  const std::string text = ToJson(d).dump();
  std::lock_guard lock(write_mu_);
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const int64_t now = NowMs();
  {
    // Another workflow with that name?
    const db::Param p[] = {d.name, existing ? existing->id : std::string()};
    auto r =
        SAGAZ_TRY(conn->Query("SELECT id FROM _sagaz.workflows WHERE name = $1 AND id <> $2", p));
    if (!SAGAZ_TRY(r.FetchRows(1)).empty()) {
      return Fail(Error(ErrorCode::kAlreadyExists, "a workflow named '" + d.name + "' exists")
                      .With("field", "name"));
    }
  }
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  std::string id;
  int version = 1;
  if (existing) {
    id = existing->id;
    version = existing->version + 1;
    const db::Param p[] = {d.name, now, id};
    SAGAZ_TRY(conn->Query("UPDATE _sagaz.workflows SET name = ?, updated_ms = ? WHERE id = ?", p));
  } else {
    id = "wf_" + RandomHex(8);
    const db::Param p[] = {id, d.name, std::string(author), now, now};
    SAGAZ_TRY(conn->Query("INSERT INTO _sagaz.workflows VALUES (?, ?, ?, ?, ?)", p));
  }
  const db::Param v[] = {id, int64_t{version}, text, std::string(author), now};
  SAGAZ_TRY(conn->Query("INSERT INTO _sagaz.workflow_versions VALUES (?, ?, ?, ?, ?)", v));
  SAGAZ_TRY(tx.Commit());
  auto saved = SAGAZ_TRY(LoadWorkflow(*conn, id, 0));
  if (!saved) return Fail(ErrorCode::kInternal, "a saved workflow could not be read back");
  return std::move(*saved);
}

Result<Workflow> WorkflowService::Create(std::string_view owner, const Json& doc) {
  return Save(owner, doc, std::nullopt);
}

Result<Workflow> WorkflowService::Update(std::string_view author, std::string_view id_or_name,
                                         const Json& doc) {
  auto existing = SAGAZ_TRY(Get(id_or_name));
  return Save(author, doc, std::move(existing));
}

Result<Workflow> WorkflowService::Declare(std::string_view owner, const Json& doc) {
  const Definition d = SAGAZ_TRY(ParseDefinition(doc, registry_.Lookup()));
  auto existing = Get(d.name);
  if (!existing) {
    if (existing.error().code != ErrorCode::kNotFound) return Fail(std::move(existing).error());
    return Save(owner, doc, std::nullopt);
  }
  if (ToJson(existing->definition) == ToJson(d)) return std::move(*existing);
  return Save(owner, doc, std::move(*existing));
}

Status WorkflowService::Delete(std::string_view id_or_name) {
  const auto w = SAGAZ_TRY(Get(id_or_name));
  std::vector<std::string> runs;
  {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const db::Param p[] = {w.id};
    {
      auto r =
          SAGAZ_TRY(conn->Query("SELECT id FROM _sagaz.workflow_runs WHERE workflow_id = ?", p));
      for (const auto& row : SAGAZ_TRY(r.FetchRows())) runs.push_back(db::TextOf(row[0]));
    }
    auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
    SAGAZ_TRY(
        conn->Query("DELETE FROM _sagaz.workflow_steps WHERE run_id IN (SELECT id FROM "
                    "_sagaz.workflow_runs WHERE workflow_id = ?)",
                    p));
    SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.workflow_runs WHERE workflow_id = ?", p));
    SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.workflow_versions WHERE workflow_id = ?", p));
    SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.workflows WHERE id = ?", p));
    SAGAZ_TRY(tx.Commit());
  }
  for (const auto& run : runs) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_ / "workflows" / "runs" / run, ec);
  }
  return Ok();
}

}  // namespace sagaz::workflows
