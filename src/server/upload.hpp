// Uploaded files: streamed to disk under the size limit (past it the rest of the body is drained so
// the client reads a 413, not a broken connection), form fields collected, then ingested. Shared by
// POST /api/v1/datasets and POST /api/v1/upload_and_analyze.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "core/error.hpp"
#include "ingest/ingest.hpp"
#include "jobs/jobs.hpp"
#include "server/http.hpp"

namespace sagaz {
class App;
}

namespace sagaz::server {

// Removes a file when it goes out of scope, unless kept.
class TempFile {
 public:
  explicit TempFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void Keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

// Streams an upload (the multipart `file` part, or the raw body) into `file` under `limit` bytes,
// collecting form fields and query parameters ("filename" names a raw body).
struct Upload {
  std::map<std::string, std::string> fields;
  std::string filename;
  uint64_t bytes = 0;
};
Result<Upload> ReceiveUpload(const http::Request& req, http::BodyReader& body, const TempFile& file,
                             uint64_t limit);

struct IngestedUpload {
  ingest::Report report;
  std::map<std::string, std::string> own_fields;  // the caller's fields, not ingest options
};

// Receives the multipart `file` part (or the raw body with options as query parameters) and ingests
// it. Fields named in `own_fields` are returned instead of being read as ingest options. With
// `unique_name`, a dataset name taken from the file name that already exists gets a suffix (_2,
// _3, ...) so nothing is replaced.
Result<IngestedUpload> IngestUpload(App& app, const http::Request& req, http::BodyReader& body,
                                    const std::set<std::string>& own_fields,
                                    bool unique_name = false);

// POST /api/v1/datasets: ingests at once, or, when the form says async=true or the file is larger
// than jobs.async_ingest_mb, hands the file to an ingest job and returns it.
struct UploadOutcome {
  std::optional<ingest::Report> report;
  std::optional<jobs::Submitted> job;
};
Result<UploadOutcome> IngestOrSubmit(App& app, const http::Request& req, http::BodyReader& body);

// An upload streamed to a temporary file under data/uploads, removed when this is destroyed.
class ReceivedFile {
 public:
  ReceivedFile() = default;
  ~ReceivedFile();
  ReceivedFile(const ReceivedFile&) = delete;
  ReceivedFile& operator=(const ReceivedFile&) = delete;
  std::filesystem::path path;
  std::string filename;  // as the client named it (sanitised UTF-8), or empty
  std::map<std::string, std::string> fields;
  uint64_t bytes = 0;
};
// Receives the multipart `file` part (or the raw body, named by the `filename` query parameter)
// under `limit` bytes: kPayloadTooLarge past it, kInvalidArgument for a broken upload.
Result<std::unique_ptr<ReceivedFile>> ReceiveFile(App& app, const http::Request& req,
                                                  http::BodyReader& body, uint64_t limit);

}  // namespace sagaz::server
