#include "server/upload.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "app/app.hpp"
#include "app/jobs.hpp"
#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "wire/forms.hpp"
#include "wire/json.hpp"

namespace sagaz::server {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

TempFile::~TempFile() {
  if (!keep_) {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
}

Result<Upload> ReceiveUpload(const http::Request& req, http::BodyReader& body, const TempFile& file,
                             uint64_t limit) {
  std::unique_ptr<std::FILE, FileCloser> out(std::fopen(file.path().c_str(), "wb"));
  if (!out) {
    return Fail(ErrorCode::kIo, "cannot store the upload (is the data directory writable?)");
  }
  std::vector<char> buffer(1 << 20);
  std::setvbuf(out.get(), buffer.data(), _IOFBF, buffer.size());

  Upload upload;
  bool too_large = false;
  bool write_failed = false;
  int files = 0;
  // Past the limit the rest of the body is read and dropped (up to a bound), so that the client,
  // still sending, gets to read the 413 instead of a broken connection.
  constexpr uint64_t kDrain = 8u << 20;
  auto write = [&](const char* data, size_t size) {
    upload.bytes += size;
    if (upload.bytes > limit) {
      too_large = true;
      return upload.bytes <= limit + kDrain;
    }
    if (std::fwrite(data, 1, size, out.get()) != size) {
      write_failed = true;
      return false;
    }
    return true;
  };

  bool complete;
  // Options may come as query parameters with either kind of body; form fields win. "filename"
  // names a raw body; a form's file part carries its own.
  for (const auto& [k, v] : req.query) upload.fields[k] = v;
  if (auto it = upload.fields.find("filename"); it != upload.fields.end()) {
    if (!body.IsMultipart()) upload.filename = SanitizeUtf8(it->second);
    upload.fields.erase(it);
  }
  if (body.IsMultipart()) {
    std::string current;  // field being read, or empty for the file
    bool in_file = false;
    complete = body.ReadMultipart(
        [&](const http::BodyReader::Part& part) {
          in_file = !part.filename.empty() || part.name == "file";
          if (in_file) {
            ++files;
            upload.filename = SanitizeUtf8(part.filename);  // old clients send Latin-1 names
          } else {
            current = part.name;
            upload.fields[current].clear();  // a form field replaces a query parameter
          }
          return files <= 1;
        },
        [&](const char* data, size_t size) {
          if (in_file) return write(data, size);
          auto& value = upload.fields[current];
          if (value.size() + size > 64 * 1024) return false;  // a form field is never this long
          value.append(data, size);
          return true;
        });
    if (files > 1) return Fail(ErrorCode::kInvalidArgument, "send one file per request");
    if (complete && files == 0) {
      return Fail(
          Error(ErrorCode::kInvalidArgument, "the form has no file; send it as the 'file' field")
              .With("field", "file"));
    }
  } else {
    complete = body.Read(write);
  }
  if (std::fflush(out.get()) != 0) write_failed = true;
  if (too_large) {
    return Fail(Error(ErrorCode::kPayloadTooLarge,
                      "the file is larger than the upload limit of " + FormatBytes(limit))
                    .With("limit_bytes", std::to_string(limit)));
  }
  if (write_failed)
    return Fail(ErrorCode::kIo, "cannot write the upload to disk (is the disk full?)");
  if (!complete)
    return Fail(ErrorCode::kInvalidArgument, "the upload was interrupted or malformed");
  return upload;
}

namespace {

// An upload on disk with the ingest request its fields describe.
struct Received {
  std::unique_ptr<TempFile> file;
  Upload upload;
  std::map<std::string, std::string> own_fields;
  ingest::Request request;
};

Result<Received> Receive(App& app, const http::Request& req, http::BodyReader& body,
                         const std::set<std::string>& own_fields, bool unique_name) {
  const auto uploads = app.config().DataPath("uploads");
  std::error_code ec;
  std::filesystem::create_directories(uploads, ec);
  Received r;
  r.file = std::make_unique<TempFile>(uploads / (NewUuid() + ".upload"));
  const uint64_t limit = static_cast<uint64_t>(app.config().ingest.max_upload_mb) << 20;
  r.upload = SAGAZ_TRY(ReceiveUpload(req, body, *r.file, limit));
  for (const auto& name : own_fields) {
    if (auto it = r.upload.fields.find(name); it != r.upload.fields.end()) {
      r.own_fields[name] = std::move(it->second);
      r.upload.fields.erase(it);
    }
  }
  if (r.upload.fields["name"].empty() && r.upload.filename.empty()) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "name the dataset (field or query parameter 'name') or send a file name")
                    .With("field", "name"));
  }
  if (r.upload.fields["name"].empty()) r.upload.fields.erase("name");
  if (unique_name && !r.upload.fields.contains("name")) {
    const std::string base =
        catalog::SuggestName(std::filesystem::path(r.upload.filename).stem().string());
    std::string name = base;
    for (int n = 2; SAGAZ_TRY(app.catalog().Exists(name)); ++n)
      name = base + "_" + std::to_string(n);
    r.upload.fields["name"] = name;
  }
  // Parsed now so that bad options fail the request, not a job later.
  r.request = SAGAZ_TRY(wire::IngestRequestFromFields(r.upload.fields));
  r.request.path = r.file->path();
  r.request.source_name = r.upload.filename.empty() ? std::string("upload") : r.upload.filename;
  return r;
}

// Ingests a received upload now; the file goes unless ingest.keep_uploads.
Result<ingest::Report> IngestNow(App& app, Received& r) {
  auto report = SAGAZ_TRY(app.ingestor().Run(r.request));
  if (app.config().ingest.keep_uploads) {
    r.file->Keep();
    app_jobs::KeepUpload(r.file->path(), r.request.source_name);
  }
  return report;
}

}  // namespace

Result<IngestedUpload> IngestUpload(App& app, const http::Request& req, http::BodyReader& body,
                                    const std::set<std::string>& own_fields, bool unique_name) {
  Received r = SAGAZ_TRY(Receive(app, req, body, own_fields, unique_name));
  IngestedUpload out;
  out.own_fields = std::move(r.own_fields);
  out.report = SAGAZ_TRY(IngestNow(app, r));
  return out;
}

Result<UploadOutcome> IngestOrSubmit(App& app, const http::Request& req, http::BodyReader& body) {
  Received r = SAGAZ_TRY(Receive(app, req, body, {"async", "priority"}, false));
  const auto options = SAGAZ_TRY(wire::ParseUploadOptions(r.own_fields));
  UploadOutcome out;
  const uint64_t threshold = static_cast<uint64_t>(app.config().jobs.async_ingest_mb) << 20;
  if (!options.async.value_or(r.upload.bytes > threshold)) {
    out.report = SAGAZ_TRY(IngestNow(app, r));
    return out;
  }
  // The job owns the file from here: it moves out of the request's temporary name.
  const auto dir = app_jobs::JobUploadsDir(app);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const auto path = dir / r.file->path().filename();
  std::filesystem::rename(r.file->path(), path, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot keep the upload for its job: " + ec.message());
  auto submitted =
      app_jobs::SubmitIngest(app, {.path = path,
                                   .source_name = r.request.source_name,
                                   .fields = r.upload.fields,
                                   .created_by = req.caller.user,
                                   .idempotency_key = req.Header("Idempotency-Key").value_or(""),
                                   .priority = options.priority});
  if (!submitted || submitted->existing) {
    std::filesystem::remove(path, ec);  // not needed: the job failed to start or already exists
  }
  out.job = SAGAZ_TRY(std::move(submitted));
  return out;
}

ReceivedFile::~ReceivedFile() {
  if (!path.empty()) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
}

Result<std::unique_ptr<ReceivedFile>> ReceiveFile(App& app, const http::Request& req,
                                                  http::BodyReader& body, uint64_t limit) {
  const auto uploads = app.config().DataPath("uploads");
  std::error_code ec;
  std::filesystem::create_directories(uploads, ec);
  auto out = std::make_unique<ReceivedFile>();
  TempFile file(uploads / (NewUuid() + ".upload"));
  auto upload = SAGAZ_TRY(ReceiveUpload(req, body, file, limit));
  file.Keep();  // owned by `out` from here
  out->path = file.path();
  out->filename = std::move(upload.filename);
  out->fields = std::move(upload.fields);
  out->bytes = upload.bytes;
  return out;
}

}  // namespace sagaz::server
