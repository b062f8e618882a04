// Job kinds the application runs in the background. Each kind has a submit function here (used by
// the adapters) and a handler registered with the workers (app/internal/).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "jobs/jobs.hpp"

namespace sagaz {
class App;
}
namespace sagaz::pipelines {
struct RunRequest;
}
namespace sagaz::feedback {
struct StoreReport;
}
namespace sagaz::wire {
class CommentReader;
struct CommentColumns;
}  // namespace sagaz::wire
namespace sagaz::dashboards {
struct Viewer;
}
namespace sagaz::auth {
struct Identity;
}
namespace sagaz::workflows {
struct Caller;
struct Run;
struct RunOptions;
}  // namespace sagaz::workflows

namespace sagaz::app_jobs {

inline constexpr std::string_view kIngest = "ingest";
inline constexpr std::string_view kForecastTrain = "forecast_train";
inline constexpr std::string_view kPipeline = "pipeline";
// Classifies the comments of one stored batch (POST /api/v1/feedback/comments with JSON).
inline constexpr std::string_view kFeedbackClassify = "feedback.classify";
// Reads an uploaded NDJSON or CSV file of comments, stores and classifies them.
inline constexpr std::string_view kFeedbackImport = "feedback.import";
// Trains a feedback classifier on the gold labels (POST /api/v1/feedback/models); the payload is
// the request body (wire::ParseTrainBody).
inline constexpr std::string_view kFeedbackTrain = "feedback.train";
// Parses, chunks and indexes an uploaded document (POST /api/v1/knowledge/documents, async).
inline constexpr std::string_view kKnowledgeIndex = "knowledge.index";
// Executes a workflow run (app/internal/workflow_job.hpp).
inline constexpr std::string_view kWorkflowRun = "workflow.run";

// An ingest of a file already on disk under data/uploads/jobs/ (the job owns it and removes it when
// it finishes). `fields` are ingest options as the API takes them (name, mode, delimiter, ...).
struct IngestJobSpec {
  std::filesystem::path path;
  std::string source_name;
  std::map<std::string, std::string> fields;
  std::string created_by;
  std::string idempotency_key;
  int priority = 0;
};
Result<jobs::Submitted> SubmitIngest(App& app, const IngestJobSpec& spec);

// Trains forecast models (forecast::ForecastService::Train) in the background. `body` is the
// request as POST /api/v1/forecast/models takes it (wire/forecast.hpp); the model id is fixed at
// submission, so the caller can name the model before it exists.
struct ForecastJobSpec {
  std::string body;  // JSON
  std::string model_id;
  std::string created_by;
};
Result<jobs::Submitted> SubmitForecastTrain(App& app, const ForecastJobSpec& spec);
// A classification job for comments already stored under `batch`; `store_report` (JSON, may be
// empty) is what storing them reported, echoed in the job's result.
Result<jobs::Submitted> SubmitFeedbackClassify(App& app, std::string_view batch,
                                               std::string_view store_report,
                                               std::string_view created_by,
                                               std::string_view idempotency_key);
// An import of a comment file already under data/uploads/jobs/ (the job owns it). `fields` are
// format, text_column, id_column, date_column, author_column, source_column, source.
Result<jobs::Submitted> SubmitFeedbackImport(App& app, const IngestJobSpec& spec);

// Renders a dashboard or question and delivers it (reports/reports.hpp); payload: wire/reports.hpp.
inline constexpr std::string_view kReport = "report";
// Evaluates a saved question's value against a threshold and delivers when it fires.
inline constexpr std::string_view kAlert = "alert";

// The payload a schedule of `kind` keeps when `owner` makes or changes it: for reports and alerts,
// `run_as` becomes the owner (whatever the client sent) and the owner must be able to see what it
// shows (reports::ReportService::Check); other kinds' payloads are returned as they are. Used by
// the schedules API and CLI, so a schedule never runs with more access than its maker.
Result<std::string> BindSchedulePayload(App& app, std::string_view kind, std::string_view payload,
                                        const dashboards::Viewer& owner);

// Indexes a document already under data/uploads/jobs/ (the job owns the file) into `collection`.
struct KnowledgeIndexSpec {
  std::filesystem::path path;
  std::string name;  // what citations show
  std::string collection;
  std::vector<std::string> tags;
  std::string created_by;
  std::string idempotency_key;
};
Result<jobs::Submitted> SubmitKnowledgeIndex(App& app, const KnowledgeIndexSpec& spec);

// Stores every comment `reader` yields under `batch`, in chunks, with the reader's bad records
// in the report; `progress` gets the bytes read so far. Shared by the import job and the CLI.
Result<feedback::StoreReport> StoreCommentFile(App& app, wire::CommentReader& reader,
                                               std::string_view batch,
                                               const std::function<void(uint64_t)>& progress,
                                               const std::function<bool()>& cancelled);

// Stores the comments of a loaded dataset (a table of the catalog) under `batch`, in chunks:
// `columns` names its text column and optional id, date, author and source columns (the same
// defaults as a CSV file: id, created_at, author, source when the dataset has them; no id column:
// a hash of the text). `progress` gets the fraction of rows read. For `sagaz feedback import
// --dataset`.
Result<feedback::StoreReport> StoreCommentDataset(App& app, std::string_view dataset,
                                                  const wire::CommentColumns& columns,
                                                  std::string_view batch,
                                                  const std::function<void(double)>& progress);

// Where ingest jobs keep their files until they succeed (a failed one keeps its file for a retry;
// once its job is purged, the file goes with the next cleanup).
std::filesystem::path JobUploadsDir(const App& app);

// An upload kept after its ingest (ingest.keep_uploads): renamed from <uuid>.upload, which means
// "in flight" and is removed once no job needs it, to <uuid> with the extension of the name the
// user gave. Returns the new path (the old one if the rename failed).
std::filesystem::path KeepUpload(const std::filesystem::path& upload, std::string_view source_name);

// A run of a pipeline (checked to load first); one attempt, since a failed run needs its data or
// its file fixed before it can succeed.
Result<jobs::Submitted> SubmitPipelineRun(App& app, const pipelines::RunRequest& request,
                                          std::string created_by);

// Records a run of `workflow` and submits the job that executes it; the run carries the job id.
Result<workflows::Run> SubmitWorkflowRun(App& app, std::string_view workflow,
                                         const workflows::RunOptions& options,
                                         const workflows::Caller& caller);
// The permissions a workflow run or an agent run has: the caller's.
workflows::Caller WorkflowCaller(const auth::Identity& who);

}  // namespace sagaz::app_jobs
