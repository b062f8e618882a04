// Delivering a report's files: into a folder under the data directory, or as one multipart POST
// to an allow-listed webhook (webhooks::Sender). Internal.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "exports/exports.hpp"
#include "reports/reports.hpp"
#include "webhooks/webhooks.hpp"

namespace sagaz::reports::internal {

// One file of a report: drawn in memory (PNG, PDF, the alert's JSON) or written by the exporter.
struct Artifact {
  std::string name;
  std::string content_type;
  std::string bytes;
  std::optional<exports::File> file;
  uint64_t size() const { return file ? file->size() : bytes.size(); }
};

// A folder name: 1 to 64 of letters, digits, ".", "_", "-", not starting with ".".
Status CheckFolder(std::string_view name);
// A name safe as a path component ("pipeline:x" -> "pipeline_x").
std::string PathComponent(std::string_view name);

// Moves or writes each artifact to `dir` (created), file names prefixed with `stamp`. Returns the
// files with their paths relative to `data_dir`.
Result<std::vector<DeliveredFile>> DeliverToFolder(std::vector<Artifact>& artifacts,
                                                   const std::filesystem::path& dir,
                                                   const std::filesystem::path& data_dir,
                                                   std::string_view stamp);

// POSTs multipart/form-data: "meta" (application/json) then one part "file" per artifact
// (exported files streamed from disk). Returns the HTTP status; see webhooks::Sender for failures.
Result<int> PostToWebhook(const webhooks::Sender& sender, const std::string& url,
                          const std::string& meta, const std::vector<Artifact>& artifacts,
                          int64_t timeout_ms);

}  // namespace sagaz::reports::internal
