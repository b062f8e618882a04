#include "app/internal/ingest_job.hpp"

#include <set>

#include "app/app.hpp"
#include "app/jobs.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "ingest/ingest.hpp"
#include "jobs/jobs.hpp"
#include "wire/json.hpp"

namespace sagaz {
namespace app_jobs {

std::filesystem::path JobUploadsDir(const App& app) {
  return app.config().DataPath("uploads") / "jobs";
}

Result<jobs::Submitted> SubmitFileJob(App& app, std::string_view kind, const IngestJobSpec& spec) {
  wire::Json fields = wire::Json::object();
  for (const auto& [k, v] : spec.fields) fields[k] = v;
  // Kept relative to the data directory, so that a moved data directory keeps its jobs.
  std::error_code ec;
  const auto relative = std::filesystem::relative(spec.path, app.config().DataDir(), ec);
  const bool inside = !ec && !relative.empty() && *relative.begin() != "..";
  const wire::Json payload = {{"path", (inside ? relative : spec.path).string()},
                              {"source_name", spec.source_name},
                              {"fields", std::move(fields)}};
  return app.jobs().Submit({.kind = std::string(kind),
                            .payload = wire::Dump(payload),
                            .priority = spec.priority,
                            .idempotency_key = spec.idempotency_key,
                            .created_by = spec.created_by});
}

Result<jobs::Submitted> SubmitIngest(App& app, const IngestJobSpec& spec) {
  return SubmitFileJob(app, kIngest, spec);
}

Result<jobs::Submitted> SubmitFeedbackImport(App& app, const IngestJobSpec& spec) {
  return SubmitFileJob(app, kFeedbackImport, spec);
}

std::filesystem::path KeepUpload(const std::filesystem::path& upload,
                                 std::string_view source_name) {
  std::string ext = std::filesystem::path(source_name).extension().string();
  if (ext.empty() || ext == ".upload" || !IsValidUtf8(ext) || ext.size() > 16) ext = ".kept";
  auto kept = upload;
  kept.replace_extension(ext);
  std::error_code ec;
  std::filesystem::rename(upload, kept, ec);
  return ec ? upload : kept;
}

}  // namespace app_jobs

namespace internal {

Result<FileJobPayload> ParseFileJobPayload(const App& app, std::string_view text) {
  auto j = SAGAZ_TRY(wire::ParseBody(text));
  FileJobPayload p;
  if (!j.is_object() || !j["path"].is_string() || !j["fields"].is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "malformed file job payload");
  }
  p.path = j["path"].get<std::string>();
  if (p.path.is_relative()) p.path = app.config().DataPath(p.path);
  p.source_name = j.value("source_name", std::string());
  for (const auto& [k, v] : j["fields"].items()) {
    if (v.is_string()) p.fields[k] = v.get<std::string>();
  }
  return p;
}

namespace {

void RemoveFile(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

}  // namespace

void RegisterIngestJob(jobs::Workers& workers, App& app) {
  auto handler = [&app](jobs::JobContext& ctx) -> Result<std::string> {
    const FileJobPayload payload = SAGAZ_TRY(ParseFileJobPayload(app, ctx.job().payload));
    ingest::Request request = SAGAZ_TRY(wire::IngestRequestFromFields(payload.fields));
    request.path = payload.path;
    request.source_name = payload.source_name;
    request.cancelled = [&ctx] { return ctx.Cancelled(); };
    std::error_code ec;
    if (!std::filesystem::exists(request.path, ec)) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "the uploaded file of this job is gone; upload the file again");
    }
    ctx.Progress(0, "loading " + payload.source_name);
    auto report = SAGAZ_TRY(app.ingestor().Run(
        request, [&ctx](double f) { ctx.Progress(f * 100, "loading"); },
        [&ctx](db::Connection& conn, const ingest::Report& so_far) {
          return ctx.RecordEffect(conn, wire::Dump(wire::ToJson(so_far)));
        }));
    return wire::Dump(wire::ToJson(report));
  };
  workers.Register(std::string(app_jobs::kIngest), std::move(handler), FileJobFinalizer(app));
}

jobs::Finalizer FileJobFinalizer(App& app) {
  // A failed, dead or cancelled job keeps its file, so that it can be retried; the file goes once
  // the job is purged (RemoveOrphanedUploads).
  return [&app](const jobs::Job& job) {
    if (job.state != jobs::State::kSucceeded) return;
    auto payload = ParseFileJobPayload(app, job.payload);
    if (!payload) return;
    if (app.config().ingest.keep_uploads) {
      app_jobs::KeepUpload(payload->path, payload->source_name);
    } else {
      RemoveFile(payload->path);
    }
  };
}

jobs::Queue::RetryCheck IngestRetryCheck(const App& app) {
  return [&app](const jobs::Job& job) -> Status {
    auto payload = SAGAZ_TRY(ParseFileJobPayload(app, job.payload));
    std::error_code ec;
    if (!std::filesystem::exists(payload.path, ec)) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "its uploaded file (" + payload.source_name + ") is gone; upload the file again");
    }
    return Ok();
  };
}

Result<Orphans> RemoveOrphanedUploads(App& app, bool at_startup) {
  Orphans out;
  std::set<std::string> needed;
  for (const auto kind :
       {app_jobs::kIngest, app_jobs::kFeedbackImport, app_jobs::kKnowledgeIndex}) {
    for (const auto& job : SAGAZ_TRY(app.jobs().Retained(kind))) {
      if (auto payload = ParseFileJobPayload(app, job.payload))
        needed.insert(payload->path.string());
    }
  }
  const auto now = std::filesystem::file_time_type::clock::now();
  std::error_code ec;
  // While the server runs, job files are complete before their job is submitted, and files
  // directly under uploads/ may belong to a request still reading them: only old ones go. At
  // start-up nothing is in flight (the database is exclusive to this process), so all go.
  const auto any_age = std::chrono::minutes(0);
  const std::pair<std::filesystem::path, std::chrono::minutes> dirs[] = {
      {app_jobs::JobUploadsDir(app), at_startup ? any_age : std::chrono::minutes(1)},
      {app.config().DataPath("uploads"), at_startup ? any_age : std::chrono::minutes(6 * 60)}};
  for (const auto& [dir, min_age] : dirs) {
    for (auto it = std::filesystem::directory_iterator(dir, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file() || it->path().extension() != ".upload") continue;
      if (needed.contains(it->path().string())) continue;
      if (now - it->last_write_time() < min_age) continue;
      std::error_code size_ec;
      const auto size = it->file_size(size_ec);
      if (std::filesystem::remove(it->path(), size_ec)) {
        ++out.files;
        out.bytes += size;
      }
    }
    ec.clear();
  }
  return out;
}

}  // namespace internal
}  // namespace sagaz
