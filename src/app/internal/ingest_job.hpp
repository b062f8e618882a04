// The "ingest" job: loads an uploaded file with the ingest service, reporting progress, stopping
// when cancelled, and recording its effect in the same transaction as the data (so a crash after
// the commit never loads the file twice).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "core/error.hpp"
#include "jobs/jobs.hpp"

namespace sagaz {
class App;
}
namespace sagaz::jobs {
class Workers;
}

namespace sagaz::app_jobs {
struct IngestJobSpec;
// Submits a job of `kind` that owns the uploaded file of `spec` (ingest, feedback.import,
// knowledge.index); the payload is ParseFileJobPayload's.
Result<jobs::Submitted> SubmitFileJob(App& app, std::string_view kind, const IngestJobSpec& spec);
}  // namespace sagaz::app_jobs

namespace sagaz::internal {

void RegisterIngestJob(jobs::Workers& workers, App& app);
// The "knowledge.index" job (app/internal/knowledge_job.cpp): parses, chunks and indexes an
// uploaded document, reporting progress. Re-running it after a crash is harmless: the same bytes
// in the same collection are a duplicate, not a second copy.
void RegisterKnowledgeIndexJob(jobs::Workers& workers, App& app);

// The payload of a job that owns an uploaded file (ingest, feedback.import).
struct FileJobPayload {
  std::filesystem::path path;  // absolute
  std::string source_name;
  std::map<std::string, std::string> fields;
};
Result<FileJobPayload> ParseFileJobPayload(const App& app, std::string_view text);
// Removes (or keeps, with ingest.keep_uploads) the file of a job that succeeded.
jobs::Finalizer FileJobFinalizer(App& app);

struct Orphans {
  int64_t files = 0;
  uint64_t bytes = 0;
};
// Removes upload files (*.upload) that no job needs any more (their job succeeded or was purged)
// or never needed (a crash during an upload): at start-up all of them, later only those older
// than a minute (job files) or six hours (files of requests).
Result<Orphans> RemoveOrphanedUploads(App& app, bool at_startup);

// Refuses the retry of a file job (ingest, feedback.import) whose uploaded file is gone.
jobs::Queue::RetryCheck IngestRetryCheck(const App& app);

}  // namespace sagaz::internal
