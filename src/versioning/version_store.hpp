// Model versions on disk, for every capability that trains models (forecast, feedback):
// <dir>/<id>/model.bin (the model's bytes) and record.json (the owner's record, checksum
// included), written to a temporary folder and renamed into place, so a crash leaves a whole
// version or none; <dir>/active.json maps each slot (what a version serves: a ticker and horizon,
// the comment classifier) to its active version. Activating an older version is the rollback.
//
//   versioning::VersionStore<ModelRecord> store(dir, "forecast", {encode, decode, slot});
//   SAGAZ_TRY(store.Save(record, bytes));     // sets record.checksum
//   SAGAZ_TRY(store.SetActive(record));
//
// `Record` has `id`, `created_at` (ISO-8601, orders versions) and `checksum` strings and a bool
// `active` (set on what the store returns). Records are read once and kept in memory (the process
// is the store's only writer: the database beside it is exclusive). Not thread-safe: the owner
// serializes calls.
#pragma once

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::versioning {

// Ids are safe folder names: 1-80 characters of [A-Za-z0-9_-].
Status ValidateVersionId(std::string_view id);
std::string Sha256Hex(std::string_view bytes);

// How the owner writes and reads its records, and which slot a record serves.
template <class Record>
struct RecordCodec {
  std::function<std::string(const Record&)> encode;             // JSON text
  std::function<Result<Record>(std::string_view json)> decode;  // kInvalidArgument when malformed
  std::function<std::string(const Record&)> slot;
};

namespace detail {
// The untyped half of the store: files, folders and the active map.
class VersionDir {
 public:
  VersionDir(std::filesystem::path dir, std::string owner)
      : dir_(std::move(dir)), owner_(std::move(owner)) {}
  const std::filesystem::path& dir() const { return dir_; }
  const std::string& owner() const { return owner_; }
  // Writes model.bin and record.json into <dir>/<id>, replacing a version with that id.
  Status Write(const std::string& id, std::string_view record_json, std::string_view model) const;
  // The ids of the version folders.
  std::vector<std::string> Ids() const;
  Result<std::string> ReadRecord(const std::string& id) const;
  // The model file, checked against `checksum` (kFailedPrecondition when damaged or missing).
  Result<std::string> ReadModel(const std::string& id, const std::string& checksum) const;
  Result<std::map<std::string, std::string>> ReadActive() const;
  Status WriteActive(const std::map<std::string, std::string>& active) const;
  Status RemoveFolder(const std::string& id) const;

 private:
  std::filesystem::path dir_;
  std::string owner_;  // names the store in logs
};
Error DamagedRecord(const std::string& id, const Error& cause);
Error UnknownVersion(const std::string& id);
void WarnUnreadable(const std::string& owner, const std::string& id, const Error& error);
}  // namespace detail

template <class Record>
class VersionStore {
 public:
  VersionStore(std::filesystem::path dir, std::string owner, RecordCodec<Record> codec)
      : files_(std::move(dir), std::move(owner)), codec_(std::move(codec)) {}

  // Writes the version (sets record.checksum); replaces a version with the same id.
  Status Save(Record& record, const std::string& model_bytes) {
    SAGAZ_TRY(ValidateVersionId(record.id));
    SAGAZ_TRY(Load());
    record.checksum = Sha256Hex(model_bytes);
    SAGAZ_TRY(files_.Write(record.id, codec_.encode(record), model_bytes));
    records_[record.id] = record;
    return Ok();
  }
  // Every readable record, newest first, with `active` set; unreadable folders are skipped with
  // a logged warning.
  Result<std::vector<Record>> List() {
    return Find([](const Record&) { return true; });
  }
  // The records for which `keep` is true, newest first, with `active` set.
  Result<std::vector<Record>> Find(const std::function<bool(const Record&)>& keep) {
    SAGAZ_TRY(Load());
    std::vector<Record> out;
    for (const auto& [id, r] : records_) {
      if (!keep(r)) continue;
      out.push_back(r);
      out.back().active = IsActive(r);
    }
    std::sort(out.begin(), out.end(), [](const Record& a, const Record& b) {
      return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
    });
    return out;
  }
  Result<Record> Get(const std::string& id) {
    SAGAZ_TRY(ValidateVersionId(id));
    SAGAZ_TRY(Load());
    auto it = records_.find(id);
    if (it == records_.end()) return Fail(detail::UnknownVersion(id));
    Record rec = it->second;
    rec.active = IsActive(rec);
    return rec;
  }
  // The active version of a slot, if any.
  Result<std::optional<Record>> Active(const std::string& slot) {
    SAGAZ_TRY(Load());
    auto a = active_.find(slot);
    if (a == active_.end()) return std::optional<Record>();
    auto it = records_.find(a->second);
    if (it == records_.end()) return std::optional<Record>();
    Record rec = it->second;
    rec.active = true;
    return std::optional<Record>(std::move(rec));
  }
  Result<std::string> ReadModel(const Record& record) {
    return files_.ReadModel(record.id, record.checksum);
  }
  Status SetActive(const Record& record) {
    SAGAZ_TRY(Load());
    active_[codec_.slot(record)] = record.id;
    return files_.WriteActive(active_);
  }
  // No version of the slot is active any more (its owner falls back to its default).
  Status ClearActive(const std::string& slot) {
    SAGAZ_TRY(Load());
    if (active_.erase(slot) == 0) return Ok();
    return files_.WriteActive(active_);
  }
  Status Remove(const std::string& id) {
    auto rec = SAGAZ_TRY(Get(id));
    if (rec.active) SAGAZ_TRY(ClearActive(codec_.slot(rec)));
    SAGAZ_TRY(files_.RemoveFolder(id));
    records_.erase(id);
    return Ok();
  }

 private:
  bool IsActive(const Record& r) const {
    auto a = active_.find(codec_.slot(r));
    return a != active_.end() && a->second == r.id;
  }
  Status Load() {
    if (loaded_) return Ok();
    records_.clear();
    active_ = SAGAZ_TRY(files_.ReadActive());
    for (const auto& id : files_.Ids()) {
      auto rec = [&]() -> Result<Record> {
        const auto text = SAGAZ_TRY(files_.ReadRecord(id));
        auto decoded = codec_.decode(text);
        if (!decoded) return Fail(detail::DamagedRecord(id, decoded.error()));
        decoded->id = id;  // the folder names the version
        return decoded;
      }();
      if (!rec) {
        detail::WarnUnreadable(files_.owner(), id, rec.error());
        continue;
      }
      records_[id] = std::move(*rec);
    }
    loaded_ = true;
    return Ok();
  }

  detail::VersionDir files_;
  RecordCodec<Record> codec_;
  bool loaded_ = false;
  std::map<std::string, Record> records_;      // by id
  std::map<std::string, std::string> active_;  // slot -> id
};

}  // namespace sagaz::versioning
