// Uploaded files: streamed to disk under the size limit (past it the rest of the body is drained so
// the client reads a 413, not a broken connection), form fields collected, then ingested. Shared by
// POST /api/v1/datasets and POST /api/v1/upload_and_analyze.
#pragma once

#include <map>
#include <set>
#include <string>

#include "core/error.hpp"
#include "ingest/ingest.hpp"
#include "server/http.hpp"

namespace sagaz {
class App;
}

namespace sagaz::server {

struct IngestedUpload {
  ingest::Report report;
  std::map<std::string, std::string> own_fields;  // the caller's fields, not ingest options
};

// Receives the multipart `file` part (or the raw body with options as query parameters) and ingests
// it. Fields named in `own_fields` are returned instead of being read as ingest options. With
// `unique_name`, a dataset name taken from the file name that already exists gets a suffix (_2,
// _3, ...) so nothing is replaced.
Result<IngestedUpload> IngestUpload(App& app, const http::Request& req, http::BodyReader& body,
                                    const std::set<std::string>& own_fields, bool unique_name = false);

}  // namespace sagaz::server
