// The "knowledge.index" job: a file job (see ingest_job.hpp) that indexes a document.
#include "app/app.hpp"
#include "app/internal/ingest_job.hpp"
#include "app/jobs.hpp"
#include "core/strings.hpp"
#include "jobs/jobs.hpp"
#include "knowledge/knowledge.hpp"
#include "wire/knowledge.hpp"

namespace sagaz {
namespace app_jobs {

Result<jobs::Submitted> SubmitKnowledgeIndex(App& app, const KnowledgeIndexSpec& spec) {
  IngestJobSpec file{.path = spec.path,
                     .source_name = spec.name,
                     .fields = {{"collection", spec.collection}, {"tags", Join(spec.tags, ",")}},
                     .created_by = spec.created_by,
                     .idempotency_key = spec.idempotency_key};
  return SubmitFileJob(app, kKnowledgeIndex, file);
}

}  // namespace app_jobs

namespace internal {

void RegisterKnowledgeIndexJob(jobs::Workers& workers, App& app) {
  auto handler = [&app](jobs::JobContext& ctx) -> Result<std::string> {
    const FileJobPayload payload = SAGAZ_TRY(ParseFileJobPayload(app, ctx.job().payload));
    std::error_code ec;
    if (!std::filesystem::exists(payload.path, ec)) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "the uploaded file of this job is gone; upload the document again");
    }
    knowledge::AddOptions options;
    if (const auto it = payload.fields.find("tags"); it != payload.fields.end()) {
      for (auto tag : Split(it->second, ',')) {
        if (!Trim(tag).empty()) options.tags.emplace_back(Trim(tag));
      }
    }
    options.progress = [&ctx](double fraction, std::string_view stage) {
      ctx.Progress(fraction * 100, stage);
    };
    const auto it = payload.fields.find("collection");
    const std::string collection = it == payload.fields.end() ? "default" : it->second;
    ctx.Progress(0, "reading " + payload.source_name);
    auto added =
        SAGAZ_TRY(app.knowledge().AddFile(payload.path, payload.source_name, collection, options));
    return wire::Dump(wire::ToJson(added));
  };
  workers.Register(std::string(app_jobs::kKnowledgeIndex), std::move(handler),
                   FileJobFinalizer(app));
}

}  // namespace internal
}  // namespace sagaz
