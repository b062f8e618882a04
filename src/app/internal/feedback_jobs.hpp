// The feedback jobs: "feedback.classify" (the comments of a stored batch) and "feedback.import"
// (an uploaded NDJSON or CSV file: read, stored, classified). Both are idempotent: comments are
// stored by (source, id) and classified once per text, so a retried attempt redoes nothing that
// was done.
#pragma once

namespace sagaz {
class App;
}
namespace sagaz::jobs {
class Workers;
}

namespace sagaz::internal {

void RegisterFeedbackJobs(jobs::Workers& workers, App& app);

}  // namespace sagaz::internal
