#include "reports/internal/delivery.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "core/strings.hpp"

namespace sagaz::reports::internal {

namespace {

Error Invalid(std::string field, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).With("field", std::move(field));
}

}  // namespace

Status CheckFolder(std::string_view name) {
  const bool ok =
      !name.empty() && name.size() <= 64 && name.front() != '.' &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      });
  if (ok) return Ok();
  return Fail(Invalid("delivery.folder",
                      "a folder name has 1 to 64 letters, digits, '.', '_' or '-' and does not "
                      "start with '.'"));
}

std::string PathComponent(std::string_view name) {
  std::string out;
  for (char c : name) {
    out +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
  }
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  return out.empty() ? "report" : out.substr(0, 100);
}

Result<std::vector<DeliveredFile>> DeliverToFolder(std::vector<Artifact>& artifacts,
                                                   const std::filesystem::path& dir,
                                                   const std::filesystem::path& data_dir,
                                                   std::string_view stamp) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
  std::vector<DeliveredFile> out;
  for (auto& a : artifacts) {
    const fs::path target = dir / (std::string(stamp) + "-" + a.name);
    const fs::path part = target.string() + ".part";
    if (a.file) {
      // The BOM (CSV for spreadsheets) first, then the exporter's file.
      std::ofstream o(part, std::ios::binary | std::ios::trunc);
      o << a.file->prefix();
      std::ifstream in(a.file->path(), std::ios::binary);
      o << in.rdbuf();
      if (!o.flush()) return Fail(ErrorCode::kIo, "cannot write " + target.string());
    } else {
      std::ofstream o(part, std::ios::binary | std::ios::trunc);
      o.write(a.bytes.data(), static_cast<std::streamsize>(a.bytes.size()));
      if (!o.flush()) return Fail(ErrorCode::kIo, "cannot write " + target.string());
    }
    // Readers of the folder never see a half-written file.
    fs::rename(part, target, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot write " + target.string() + ": " + ec.message());
    out.push_back({target.filename().string(), a.content_type, a.size(),
                   fs::relative(target, data_dir, ec).string()});
  }
  return out;
}

Result<int> PostToWebhook(const webhooks::Sender& sender, const std::string& url,
                          const std::string& meta, const std::vector<Artifact>& artifacts,
                          int64_t timeout_ms) {
  std::vector<webhooks::Part> parts;
  parts.push_back({.name = "meta", .content_type = "application/json", .bytes = meta});
  for (const auto& a : artifacts) {
    webhooks::Part part{.name = "file", .filename = a.name, .content_type = a.content_type};
    if (a.file) {
      part.bytes = std::string(a.file->prefix());  // the BOM of a CSV for spreadsheets
      part.file = a.file->path();                  // streamed from disk
    } else {
      part.bytes = a.bytes;
    }
    parts.push_back(std::move(part));
  }
  const auto reply = SAGAZ_TRY(
      sender.PostMultipart(url, parts, {.timeout_ms = timeout_ms, .user_agent = "sagaz-reports"}));
  return reply.status;
}

}  // namespace sagaz::reports::internal
