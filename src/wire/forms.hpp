// Requests sent as form fields: the fields of the two upload routes that are not ingest options
// (those are read by IngestRequestFromFields, wire/json.hpp). Form fields and query parameters are
// text; an empty field counts as absent.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ask/ask.hpp"
#include "core/error.hpp"

namespace sagaz::wire {

using Fields = std::map<std::string, std::string>;

// POST /api/v1/datasets: "async" (true or false; absent: by the file's size) and "priority" of the
// ingest job (-100 to 100).
struct UploadOptions {
  std::optional<bool> async;
  int priority = 0;
};
Result<UploadOptions> ParseUploadOptions(const Fields& fields);

// POST /api/v1/upload_and_analyze: "question", and "language", "engine", "policy" as in
// POST /api/v1/ask, about `dataset` (the uploaded file's, named in the missing question's error).
Result<ask::AskRequest> ParseAnalyzeRequest(const Fields& fields, std::string_view dataset);

}  // namespace sagaz::wire
