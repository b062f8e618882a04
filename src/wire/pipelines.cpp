#include "wire/pipelines.hpp"

#include "wire/internal/read.hpp"

namespace sagaz::wire {
namespace {

// Offending rows are JSON objects made by DuckDB's to_json; kept as objects when they parse.
Json Samples(const std::vector<std::string>& v) {
  Json out = Json::array();
  for (const auto& s : v) {
    Json row = Json::parse(s, nullptr, /*allow_exceptions=*/false);
    out.push_back(row.is_discarded() ? Json(s) : row);
  }
  return out;
}

}  // namespace

Json ToJson(const pipelines::NodeReport& n) {
  Json failures = Json::array();
  for (const auto& f : n.failures) {
    failures.push_back({{"rule", f.rule}, {"count", f.count}, {"samples", Samples(f.samples)}});
  }
  Json orphans = Json::array();
  for (const auto& o : n.orphans) {
    orphans.push_back({{"column", o.column},
                       {"parent", o.parent},
                       {"count", o.count},
                       {"dropped", o.dropped},
                       {"samples", Samples(o.samples)}});
  }
  return {{"node", n.node},
          {"status", std::string(pipelines::ToString(n.status))},
          {"strategy", n.strategy},
          {"rows_read", n.rows_read},
          {"rows_written", n.rows_written},
          {"rows_rejected", n.rows_rejected},
          {"rows_inserted", n.rows_inserted},
          {"rows_updated", n.rows_updated},
          {"rows_deleted", n.rows_deleted},
          {"elapsed_ms", n.elapsed_ms},
          {"rss_delta_bytes", n.rss_delta_bytes},
          {"duckdb_memory_bytes", n.duckdb_memory_bytes},
          {"high_memory", n.high_memory},
          {"error", n.error.empty() ? Json(nullptr) : Json(n.error)},
          {"failures", std::move(failures)},
          {"orphans", std::move(orphans)}};
}

Json ToJson(const pipelines::RunReport& r) {
  Json nodes = Json::array();
  int64_t read = 0, written = 0, rejected = 0;
  for (const auto& n : r.nodes) {
    nodes.push_back(ToJson(n));
    read += n.rows_read;
    written += n.rows_written;
    rejected += n.rows_rejected;
  }
  return {{"id", r.id},
          {"pipeline", r.pipeline},
          {"job_id", r.job_id.empty() ? Json(nullptr) : Json(r.job_id)},
          {"status", std::string(pipelines::ToString(r.status))},
          {"full_refresh", r.full_refresh},
          {"from", r.from.empty() ? Json(nullptr) : Json(r.from)},
          {"started_at", r.started_at},
          {"finished_at", r.finished_at.empty() ? Json(nullptr) : Json(r.finished_at)},
          {"elapsed_ms", r.elapsed_ms},
          {"error", r.error.empty() ? Json(nullptr) : Json(r.error)},
          {"rows_read", read},
          {"rows_written", written},
          {"rows_rejected", rejected},
          {"nodes", std::move(nodes)}};
}

Json SchedulesJson(const std::vector<pipelines::ExtraSchedule>& list) {
  Json out = Json::array();
  for (const auto& e : list) {
    out.push_back({{"name", e.name},
                   {"cron", e.cron},
                   {"full_refresh", e.full_refresh},
                   {"from", e.from.empty() ? Json(nullptr) : Json(e.from)}});
  }
  return out;
}

Json ToJson(const pipelines::PipelineSummary& s) {
  return {{"name", s.name},
          {"description", s.description},
          {"schedule", s.schedule.empty() ? Json(nullptr) : Json(s.schedule)},
          {"time_zone", s.time_zone.empty() ? Json(nullptr) : Json(s.time_zone)},
          {"schedules", SchedulesJson(s.schedules)},
          {"origin", s.origin},
          {"nodes", s.nodes},
          {"last_run", s.last_run ? ToJson(*s.last_run) : Json(nullptr)}};
}

Json ToJson(const pipelines::Pipeline& p) {
  Json nodes = Json::array();
  for (const auto& n : p.nodes) {
    Json rules = Json::array();
    for (const auto& r : n.rules) {
      rules.push_back({{"name", r.name}, {"kind", std::string(pipelines::ToString(r.kind))}});
    }
    Json refs = Json::array();
    for (const auto& r : n.references) {
      refs.push_back(
          {{"column", r.column},
           {"parent", r.parent},
           {"parent_column", r.parent_column},
           {"on_orphan", r.on_orphan == pipelines::OrphanAction::kDrop ? "drop" : "fail"}});
    }
    nodes.push_back({{"name", n.name},
                     {"description", n.description},
                     {"inputs", Json(n.inputs)},
                     {"strategy", std::string(pipelines::ToString(n.strategy))},
                     {"key", Json(n.key)},
                     {"watermark", n.watermark.empty() ? Json(nullptr) : Json(n.watermark)},
                     {"window_days", n.window_days ? Json(n.window_days) : Json(nullptr)},
                     {"rules", std::move(rules)},
                     {"references", std::move(refs)}});
  }
  return {{"name", p.name},
          {"description", p.description},
          {"schedule", p.schedule.empty() ? Json(nullptr) : Json(p.schedule)},
          {"time_zone", p.time_zone},
          {"schedules", SchedulesJson(p.schedules)},
          {"origin", p.origin},
          {"nodes", std::move(nodes)}};
}

Json ToJson(const pipelines::Lineage& l) {
  Json nodes = Json::array();
  for (const auto& n : l.nodes) {
    nodes.push_back({{"id", n.id},
                     {"kind", n.kind},
                     {"strategy", n.strategy.empty() ? Json(nullptr) : Json(n.strategy)},
                     {"description", n.description},
                     {"sql", n.sql.empty() ? Json(nullptr) : Json(n.sql)},
                     {"reads", Json(n.reads)},
                     {"writes", Json(n.writes)},
                     {"rules", Json(n.rules)},
                     {"last_run", n.last_run ? ToJson(*n.last_run) : Json(nullptr)}});
  }
  Json edges = Json::array();
  for (const auto& e : l.edges) edges.push_back({{"from", e.from}, {"to", e.to}});
  return {{"pipeline", l.pipeline}, {"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
}

Result<pipelines::RunRequest> ParseRunRequest(const Json& body, std::string_view pipeline) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"pipeline", "full_refresh", "from", "resume"}));
  pipelines::RunRequest req;
  req.pipeline = std::string(pipeline);
  if (auto p = SAGAZ_TRY(internal::OptionalString(body, "pipeline"))) req.pipeline = *p;
  if (body.contains("full_refresh")) {
    if (!body["full_refresh"].is_boolean()) {
      return Fail(internal::FieldError("full_refresh", "'full_refresh' must be true or false"));
    }
    req.full_refresh = body["full_refresh"].get<bool>();
  }
  if (auto f = SAGAZ_TRY(internal::OptionalString(body, "from"))) req.from = *f;
  if (auto r = SAGAZ_TRY(internal::OptionalString(body, "resume"))) req.resume = *r;
  if (!req.from.empty() && !req.resume.empty()) {
    return Fail(internal::FieldError("resume",
                                     "a run either resumes ('resume') or starts from a "
                                     "node ('from'), not both"));
  }
  if (req.pipeline.empty()) {
    return Fail(internal::FieldError("pipeline", "the request needs a pipeline name"));
  }
  return req;
}

Json RunPayload(const pipelines::RunRequest& r) {
  Json j = {{"pipeline", r.pipeline}, {"full_refresh", r.full_refresh}};
  if (!r.from.empty()) j["from"] = r.from;
  if (!r.resume.empty()) j["resume"] = r.resume;
  return j;
}

}  // namespace sagaz::wire
