// Model versions on disk: <dir>/<id>/model.bin (the classifier's bytes) and record.json (the
// ModelRecord, checksum included), written to a temporary folder and renamed into place, so a
// crash leaves a whole version or none; <dir>/active.json maps dataset, ticker and horizon to the
// active version. Records are read once and kept in memory (this process is the store's only
// writer: the database beside it is exclusive). Not thread-safe: the service serializes calls.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "forecast/record.hpp"

namespace sagaz::forecast::internal {

// Ids are safe folder names: 1-80 characters of [A-Za-z0-9_-].
Status ValidateModelId(std::string_view id);
std::string Sha256Hex(std::string_view bytes);

class ModelStore {
 public:
  explicit ModelStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Writes the version (sets record.checksum); replaces a version with the same id.
  Status Save(ModelRecord& record, const std::string& model_bytes);
  // Every readable record, newest first, with `active` set; unreadable folders are skipped with a
  // logged warning.
  Result<std::vector<ModelRecord>> List();
  Result<ModelRecord> Get(const std::string& id);
  // The records for which `keep` is true, newest first, with `active` set.
  Result<std::vector<ModelRecord>> Find(const std::function<bool(const ModelRecord&)>& keep);
  // The model file, checked against the record's checksum (kFailedPrecondition when damaged).
  Result<std::string> ReadModel(const ModelRecord& record);
  Status SetActive(const ModelRecord& record);
  Status Remove(const std::string& id);

 private:
  Status Load();
  Result<ModelRecord> ReadRecord(const std::string& id);
  Result<std::map<std::string, std::string>> ReadActive();
  Status WriteActive();
  std::filesystem::path dir_;
  bool loaded_ = false;
  std::map<std::string, ModelRecord> records_;  // by id
  std::map<std::string, std::string> active_;   // SlotKey -> id
};

// The key of a record's slot among versions: dataset, ticker, horizon.
std::string SlotKey(const ModelRecord& record);

}  // namespace sagaz::forecast::internal
