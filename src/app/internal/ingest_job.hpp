// The "ingest" job: loads an uploaded file with the ingest service, reporting progress, stopping
// when cancelled, and recording its effect in the same transaction as the data (so a crash after
// the commit never loads the file twice).
#pragma once

#include <cstdint>

#include "core/error.hpp"

namespace sagaz {
class App;
}
namespace sagaz::jobs {
class Workers;
}

namespace sagaz::internal {

void RegisterIngestJob(jobs::Workers& workers, App& app);

struct Orphans {
  int64_t files = 0;
  uint64_t bytes = 0;
};
// Removes upload files no queued or running job needs (left by cancelled or dead jobs, or by a
// crash during an upload) that are older than a minute.
Result<Orphans> RemoveOrphanedUploads(App& app);

}  // namespace sagaz::internal
