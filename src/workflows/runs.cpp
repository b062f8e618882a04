// Runs of workflows: records, step states written as they change, artifacts, resume and re-run.
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "db/db.hpp"
#include "workflows/workflows.hpp"

namespace sagaz::workflows {

namespace {

constexpr std::string_view kRunColumns =
    "SELECT r.id, r.workflow_id, coalesce(w.name, ''), r.version, r.status, r.vars, r.trigger, "
    "r.user_name, r.role, r.permissions, r.job_id, r.rerun_of, r.from_step, r.error, "
    "r.created_ms, r.started_ms, r.finished_ms FROM _sagaz.workflow_runs r LEFT JOIN "
    "_sagaz.workflows w ON w.id = r.workflow_id";

Run RunFromRow(const std::vector<db::Value>& r) {
  Run run;
  run.id = db::TextOf(r[0]);
  run.workflow_id = db::TextOf(r[1]);
  run.workflow_name = db::TextOf(r[2]);
  run.version = static_cast<int>(db::IntOf(r[3]));
  run.status = ParseRunStatus(db::TextOf(r[4])).value_or(RunStatus::kFailed);
  run.vars = db::TextOf(r[5]);
  run.trigger = db::TextOf(r[6]);
  run.caller.user = db::TextOf(r[7]);
  run.caller.role = auth::ParseRole(db::TextOf(r[8])).value_or(auth::Role::kViewer);
  run.caller.permissions = static_cast<uint32_t>(db::IntOf(r[9]));
  run.job_id = db::TextOf(r[10]);
  run.rerun_of = db::TextOf(r[11]);
  run.from_step = db::TextOf(r[12]);
  run.error = db::TextOf(r[13]);
  run.created_ms = db::IntOf(r[14]);
  run.started_ms = db::IntOf(r[15]);
  run.finished_ms = db::IntOf(r[16]);
  return run;
}

Result<std::vector<StepRecord>> LoadSteps(db::Connection& conn, std::string_view run_id) {
  const db::Param p[] = {std::string(run_id)};
  auto r = SAGAZ_TRY(conn.Query(
      "SELECT step_id, kind, status, attempts, started_ms, finished_ms, output, artifact, "
      "output_bytes, error_code, error, note FROM _sagaz.workflow_steps WHERE run_id = ?",
      p));
  std::vector<StepRecord> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    StepRecord s;
    s.state.id = db::TextOf(row[0]);
    s.state.kind = db::TextOf(row[1]);
    s.state.status = ParseStepStatus(db::TextOf(row[2])).value_or(StepStatus::kFailed);
    s.state.attempts = static_cast<int>(db::IntOf(row[3]));
    s.state.started_ms = db::IntOf(row[4]);
    s.state.finished_ms = db::IntOf(row[5]);
    s.state.output = db::TextOf(row[6]);
    s.artifact = db::TextOf(row[7]);
    s.output_bytes = db::IntOf(row[8]);
    s.state.error_code = db::TextOf(row[9]);
    s.state.error = db::TextOf(row[10]);
    s.state.note = db::TextOf(row[11]);
    out.push_back(std::move(s));
  }
  return out;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<Run> WorkflowService::GetRun(std::string_view run_id) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {std::string(run_id)};
  auto r = SAGAZ_TRY(conn->Query(std::string(kRunColumns) + " WHERE r.id = ?", p));
  auto rows = SAGAZ_TRY(r.FetchRows(1));
  if (rows.empty()) {
    return Fail(Error(ErrorCode::kNotFound, "run '" + std::string(run_id) + "' does not exist")
                    .With("run", std::string(run_id)));
  }
  Run run = RunFromRow(rows[0]);
  auto steps = SAGAZ_TRY(LoadSteps(*conn, run_id));
  // Definition order, with steps never started shown as pending.
  auto w = GetVersion(run.workflow_id, run.version);
  if (w) {
    for (const auto& def : w->definition.steps) {
      StepRecord rec;
      rec.state.id = def.id;
      rec.state.kind = def.kind;
      for (auto& s : steps)
        if (s.state.id == def.id) rec = std::move(s);
      run.steps.push_back(std::move(rec));
    }
  } else {
    run.steps = std::move(steps);
  }
  return run;
}

Result<std::vector<Run>> WorkflowService::Runs(std::string_view workflow, size_t limit) {
  const auto w = SAGAZ_TRY(Get(workflow));
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {w.id, static_cast<int64_t>(limit)};
  auto r = SAGAZ_TRY(conn->Query(
      std::string(kRunColumns) + " WHERE r.workflow_id = ? ORDER BY r.created_ms DESC, r.id DESC "
                                 "LIMIT ?",
      p));
  std::vector<Run> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(RunFromRow(row));
  return out;
}

Result<Run> WorkflowService::CreateRun(std::string_view id_or_name, const RunOptions& options,
                                       const Caller& caller) {
  const auto w = SAGAZ_TRY(Get(id_or_name));
  Json vars = Json::parse(w.definition.vars);
  const Json overrides = Json::parse(options.vars, nullptr, false);
  if (!overrides.is_object())
    return Fail(Error(ErrorCode::kInvalidArgument, "vars is a JSON object").With("field", "vars"));
  for (const auto& [k, v] : overrides.items()) {
    if (!vars.contains(k)) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "workflow '" + w.definition.name + "' declares no variable '" + k + "'")
                      .With("field", "vars." + k));
    }
    // Variables given as text (CLI --var k=v) take the type of the default when they can.
    if (v.is_string() && vars[k].is_number()) {
      const Json parsed = Json::parse(v.get<std::string>(), nullptr, false);
      vars[k] = parsed.is_number() ? parsed : v;
    } else if (v.is_string() && vars[k].is_array()) {
      Json list = Json::array();
      std::stringstream in(v.get<std::string>());
      for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) list.push_back(item);
      vars[k] = std::move(list);
    } else {
      vars[k] = v;
    }
  }
  // Steps taken over from an earlier run.
  std::vector<StepState> kept;
  if (!options.rerun_of.empty()) {
    const auto prior = SAGAZ_TRY(GetRun(options.rerun_of));
    if (prior.workflow_id != w.id) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "run '" + options.rerun_of + "' is not a run of this workflow")
                      .With("field", "rerun_of"));
    }
    // The step and everything that depends on it, directly or not, run again.
    std::set<std::string> again;
    bool found = false;
    for (const auto& s : w.definition.steps) found = found || s.id == options.from_step;
    if (!found) {
      return Fail(Error(ErrorCode::kNotFound, "workflow '" + w.definition.name + "' has no step '" +
                                                  options.from_step + "'")
                      .With("field", "from_step"));
    }
    again.insert(options.from_step);
    for (const size_t i : TopologicalOrder(w.definition)) {
      for (const auto& dep : w.definition.steps[i].depends_on)
        if (again.contains(dep)) again.insert(w.definition.steps[i].id);
    }
    for (const auto& s : prior.steps) {
      if (again.contains(s.state.id)) continue;
      if (s.state.status != StepStatus::kSucceeded && s.state.status != StepStatus::kSkipped)
        continue;
      StepState st = s.state;
      if (!s.artifact.empty()) st.output = ReadFile(data_dir_ / s.artifact);
      kept.push_back(std::move(st));
    }
  }
  Run run;
  run.id = "run_" + RandomHex(8);
  run.workflow_id = w.id;
  run.workflow_name = w.definition.name;
  run.version = w.version;
  run.vars = vars.dump();
  run.trigger = options.trigger;
  run.caller = caller;
  run.rerun_of = options.rerun_of;
  run.from_step = options.from_step;
  run.created_ms = NowMs();
  {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const db::Param p[] = {run.id,
                           run.workflow_id,
                           int64_t{run.version},
                           std::string(ToString(run.status)),
                           run.vars,
                           run.trigger,
                           caller.user,
                           std::string(auth::ToString(caller.role)),
                           static_cast<int64_t>(caller.permissions),
                           std::string(),
                           run.rerun_of,
                           run.from_step,
                           std::string(),
                           run.created_ms,
                           int64_t{0},
                           int64_t{0}};
    SAGAZ_TRY(conn->Query(
        "INSERT INTO _sagaz.workflow_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p));
  }
  for (const auto& st : kept) SAGAZ_TRY(WriteStep(run.id, st));
  return GetRun(run.id);
}

Status WorkflowService::SetJob(std::string_view run_id, std::string_view job_id) {
  std::lock_guard lock(write_mu_);
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {std::string(job_id), std::string(run_id)};
  SAGAZ_TRY(conn->Query("UPDATE _sagaz.workflow_runs SET job_id = ? WHERE id = ?", p));
  return Ok();
}

Status WorkflowService::WriteStep(std::string_view run_id, const StepState& state) {
  StepState st = state;
  std::string artifact;
  const auto bytes = static_cast<int64_t>(st.output.size());
  if (bytes > config_.artifact_kb * 1024) {
    const auto rel =
        std::filesystem::path("workflows") / "runs" / std::string(run_id) / (st.id + ".json");
    std::error_code ec;
    std::filesystem::create_directories((data_dir_ / rel).parent_path(), ec);
    std::ofstream out(data_dir_ / rel, std::ios::binary | std::ios::trunc);
    out << st.output;
    if (!out) return Fail(ErrorCode::kIo, "cannot write the artifact " + rel.string());
    artifact = rel.string();
    st.output.clear();
  }
  std::lock_guard lock(write_mu_);
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  const db::Param key[] = {std::string(run_id), st.id};
  SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.workflow_steps WHERE run_id = ? AND step_id = ?", key));
  const db::Param p[] = {std::string(run_id),
                         st.id,
                         st.kind,
                         std::string(ToString(st.status)),
                         int64_t{st.attempts},
                         st.started_ms,
                         st.finished_ms,
                         st.output,
                         artifact,
                         bytes,
                         st.error_code,
                         st.error,
                         st.note};
  SAGAZ_TRY(conn->Query(
      "INSERT INTO _sagaz.workflow_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p));
  SAGAZ_TRY(tx.Commit());
  return Ok();
}

namespace {

Status SetRunStatus(db::ConnectionPool& pool, std::mutex& mu, std::string_view run_id,
                    RunStatus status, std::string_view error, int64_t started_ms,
                    int64_t finished_ms) {
  std::lock_guard lock(mu);
  auto conn = SAGAZ_TRY(pool.Acquire());
  const db::Param p[] = {std::string(ToString(status)), std::string(error), started_ms, finished_ms,
                         std::string(run_id)};
  SAGAZ_TRY(conn->Query(
      "UPDATE _sagaz.workflow_runs SET status = ?, error = ?, started_ms = CASE WHEN started_ms "
      "= 0 THEN ? ELSE started_ms END, finished_ms = ? WHERE id = ?",
      p));
  return Ok();
}

}  // namespace

Result<Run> WorkflowService::Execute(
    std::string_view run_id, const std::function<bool()>& cancelled,
    const std::function<void(double, std::string_view)>& progress) {
  Run run = SAGAZ_TRY(GetRun(run_id));
  if (run.status == RunStatus::kSucceeded || run.status == RunStatus::kFailed ||
      run.status == RunStatus::kCancelled) {
    return run;  // a job that finished the run and died before reporting it
  }
  const auto w = SAGAZ_TRY(GetVersion(run.workflow_id, run.version));
  // The definition again with the kinds of now: a kind that went away fails here, not midway.
  SAGAZ_TRY(ParseDefinition(ToJson(w.definition), registry_.Lookup()));
  SAGAZ_TRY(SetRunStatus(pool_, write_mu_, run.id, RunStatus::kRunning, "", NowMs(), 0));
  std::vector<StepState> states;
  for (const auto& s : run.steps) {
    StepState st = s.state;
    if (!s.artifact.empty()) st.output = ReadFile(data_dir_ / s.artifact);
    states.push_back(std::move(st));
  }
  StepContext base;
  base.run_id = run.id;
  base.caller = run.caller;
  EngineOptions options;
  options.parallelism = config_.parallelism;
  options.default_timeout_ms = config_.step_timeout_ms;
  const size_t total = w.definition.steps.size();
  size_t finished = 0;
  Status write_error = Ok();
  const auto outcome = workflows::Execute(
      w.definition, run.vars, states, registry_, base, options,
      [&](const StepState& st) {
        if (auto written = WriteStep(run.id, st); !written && write_error) {
          write_error = std::move(written);
        }
        if (st.status != StepStatus::kRunning && st.status != StepStatus::kPending) ++finished;
        if (progress) {
          progress(
              100.0 * static_cast<double>(std::min(finished, total)) / static_cast<double>(total),
              st.id + ": " + std::string(ToString(st.status)));
        }
      },
      cancelled);
  SAGAZ_TRY(write_error);
  SAGAZ_TRY(
      SetRunStatus(pool_, write_mu_, run.id, outcome.status, outcome.error, NowMs(), NowMs()));
  log::Info("workflow run finished", {{"run", run.id},
                                      {"workflow", w.definition.name},
                                      {"status", std::string(ToString(outcome.status))}});
  return GetRun(run.id);
}

Status WorkflowService::MarkCancelled(std::string_view run_id, std::string_view why) {
  const auto run = SAGAZ_TRY(GetRun(run_id));
  if (run.status == RunStatus::kSucceeded || run.status == RunStatus::kFailed ||
      run.status == RunStatus::kCancelled)
    return Ok();
  return SetRunStatus(pool_, write_mu_, run_id, RunStatus::kCancelled, why, 0, NowMs());
}

Status WorkflowService::Requeue(std::string_view run_id) {
  return SetRunStatus(pool_, write_mu_, run_id, RunStatus::kQueued, "", 0, 0);
}

Result<std::string> WorkflowService::StepOutput(std::string_view run_id, std::string_view step_id) {
  const auto run = SAGAZ_TRY(GetRun(run_id));
  for (const auto& s : run.steps) {
    if (s.state.id != step_id) continue;
    if (!s.artifact.empty()) return ReadFile(data_dir_ / s.artifact);
    return s.state.output.empty() ? std::string("null") : s.state.output;
  }
  return Fail(Error(ErrorCode::kNotFound,
                    "run '" + std::string(run_id) + "' has no step '" + std::string(step_id) + "'")
                  .With("step", std::string(step_id)));
}

}  // namespace sagaz::workflows
