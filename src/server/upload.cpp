#include "server/upload.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "app/app.hpp"
#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "wire/json.hpp"

namespace sagaz::server {
namespace {

// Removes a file when it goes out of scope, unless kept.
class TempFile {
 public:
  explicit TempFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TempFile() {
    if (!keep_) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void Keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Streams an upload (multipart `file` part or raw body) to disk under the limit, collecting form
// fields.
struct Upload {
  std::map<std::string, std::string> fields;
  std::string filename;
  uint64_t bytes = 0;
};

Result<Upload> ReceiveUpload(const http::Request& req, http::BodyReader& body, const TempFile& file,
                             uint64_t limit) {
  std::unique_ptr<std::FILE, FileCloser> out(std::fopen(file.path().c_str(), "wb"));
  if (!out) return Fail(ErrorCode::kIo, "cannot create " + file.path().string());
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
  if (body.IsMultipart()) {
    std::string current;  // field being read, or empty for the file
    bool in_file = false;
    complete = body.ReadMultipart(
        [&](const http::BodyReader::Part& part) {
          in_file = !part.filename.empty() || part.name == "file";
          if (in_file) {
            ++files;
            upload.filename = part.filename;
          } else {
            current = part.name;
            upload.fields[current];
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
    for (const auto& [k, v] : req.query) upload.fields[k] = v;
    if (auto it = upload.fields.find("filename"); it != upload.fields.end()) {
      upload.filename = it->second;
      upload.fields.erase(it);
    }
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

}  // namespace

Result<IngestedUpload> IngestUpload(App& app, const http::Request& req, http::BodyReader& body,
                                    const std::set<std::string>& own_fields, bool unique_name) {
  const auto uploads = app.config().DataPath("uploads");
  std::error_code ec;
  std::filesystem::create_directories(uploads, ec);
  TempFile file(uploads / (NewUuid() + ".upload"));
  const uint64_t limit = static_cast<uint64_t>(app.config().ingest.max_upload_mb) << 20;
  Upload upload = SAGAZ_TRY(ReceiveUpload(req, body, file, limit));

  IngestedUpload out;
  for (const auto& name : own_fields) {
    if (auto it = upload.fields.find(name); it != upload.fields.end()) {
      out.own_fields[name] = std::move(it->second);
      upload.fields.erase(it);
    }
  }
  ingest::Request request = SAGAZ_TRY(wire::IngestRequestFromFields(upload.fields));
  request.path = file.path();
  request.source_name = upload.filename.empty() ? std::string("upload") : upload.filename;
  if (request.dataset.empty() && upload.filename.empty()) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "name the dataset (field or query parameter 'name') or send a file name")
                    .With("field", "name"));
  }
  if (unique_name && request.dataset.empty()) {
    const std::string base = catalog::SuggestName(std::filesystem::path(upload.filename).stem().string());
    std::string name = base;
    for (int n = 2; SAGAZ_TRY(app.catalog().Exists(name)); ++n) name = base + "_" + std::to_string(n);
    request.dataset = name;
  }
  out.report = SAGAZ_TRY(app.ingestor().Run(request));
  if (app.config().ingest.keep_uploads) file.Keep();
  return out;
}

}  // namespace sagaz::server
