#include "forecast/internal/store.hpp"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "wire/forecast.hpp"

namespace sagaz::forecast::internal {
namespace {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot open " + path.filename().string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return Fail(ErrorCode::kIo, "cannot write " + path.string());
  return Ok();
}

// Writes next to the target and renames over it: readers see the old or the new file.
Status WriteAtomically(const std::filesystem::path& path, std::string_view bytes) {
  const auto tmp = path.string() + ".tmp-" + RandomHex(4);
  SAGAZ_TRY(WriteFile(tmp, bytes));
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot replace " + path.string() + ": " + ec.message());
  return Ok();
}

}  // namespace

Status ValidateModelId(std::string_view id) {
  const bool ok = !id.empty() && id.size() <= 80 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  if (!ok) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "a model id has 1 to 80 letters, digits, '_' or '-'")
            .With("field", "id"));
  }
  return Ok();
}

std::string Sha256Hex(std::string_view bytes) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::string SlotKey(const ModelRecord& r) {
  return r.dataset + "/" + r.ticker + "/" + std::to_string(r.config.horizon);
}

Status ModelStore::Save(ModelRecord& record, const std::string& model_bytes) {
  SAGAZ_TRY(ValidateModelId(record.id));
  SAGAZ_TRY(Load());
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create " + dir_.string() + ": " + ec.message());
  record.checksum = Sha256Hex(model_bytes);
  const auto tmp = dir_ / (".tmp-" + record.id + "-" + RandomHex(4));
  std::filesystem::create_directories(tmp, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create " + tmp.string() + ": " + ec.message());
  auto written = [&]() -> Status {
    SAGAZ_TRY(WriteFile(tmp / "model.bin", model_bytes));
    SAGAZ_TRY(WriteFile(tmp / "record.json", wire::Dump(wire::ModelRecordToJson(record), 1)));
    const auto final_dir = dir_ / record.id;
    std::filesystem::remove_all(final_dir, ec);
    std::filesystem::rename(tmp, final_dir, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot store model " + record.id + ": " + ec.message());
    return Ok();
  }();
  if (!written) {
    std::filesystem::remove_all(tmp, ec);
    return written;
  }
  records_[record.id] = record;
  return Ok();
}

Status ModelStore::Load() {
  if (loaded_) return Ok();
  records_.clear();
  active_ = SAGAZ_TRY(ReadActive());
  std::error_code ec;
  if (std::filesystem::exists(dir_, ec)) {
    for (auto it = std::filesystem::directory_iterator(dir_, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
      if (!it->is_directory()) continue;
      const auto name = it->path().filename().string();
      if (name.starts_with(".") || !ValidateModelId(name)) continue;
      auto rec = ReadRecord(name);
      if (!rec) {
        log::Warn("forecast: skipping an unreadable model version",
                  {{"id", name}, {"error", rec.error().message}});
        continue;
      }
      records_[name] = std::move(*rec);
    }
  }
  loaded_ = true;
  return Ok();
}

Result<std::map<std::string, std::string>> ModelStore::ReadActive() {
  std::map<std::string, std::string> active;
  std::error_code ec;
  if (!std::filesystem::exists(dir_ / "active.json", ec)) return active;
  const auto text = SAGAZ_TRY(ReadFile(dir_ / "active.json"));
  auto j = wire::ParseBody(text);
  if (!j || !j->is_object()) {
    log::Warn("forecast: active.json is unreadable; the newest versions serve",
              {{"dir", dir_.string()}});
    return active;
  }
  for (const auto& [k, v] : j->items()) {
    if (v.is_string()) active[k] = v.get<std::string>();
  }
  return active;
}

Status ModelStore::WriteActive() {
  wire::Json j = wire::Json::object();
  for (const auto& [k, v] : active_) j[k] = v;
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  return WriteAtomically(dir_ / "active.json", wire::Dump(j, 1));
}

Result<std::vector<ModelRecord>> ModelStore::Find(
    const std::function<bool(const ModelRecord&)>& keep) {
  SAGAZ_TRY(Load());
  std::vector<ModelRecord> out;
  for (const auto& [id, r] : records_) {
    if (!keep(r)) continue;
    out.push_back(r);
    auto a = active_.find(SlotKey(r));
    out.back().active = a != active_.end() && a->second == id;
  }
  std::sort(out.begin(), out.end(), [](const ModelRecord& a, const ModelRecord& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
  });
  return out;
}

Result<std::vector<ModelRecord>> ModelStore::List() {
  return Find([](const ModelRecord&) { return true; });
}

Result<ModelRecord> ModelStore::ReadRecord(const std::string& id) {
  const auto text = SAGAZ_TRY(ReadFile(dir_ / id / "record.json"));
  auto j = wire::ParseBody(text);
  if (!j) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "the record of model '" + id + "' is damaged: " + j.error().message)
                    .With("id", id));
  }
  auto rec = SAGAZ_TRY(wire::ModelRecordFromJson(*j));
  rec.id = id;  // the folder names the version
  return rec;
}

Result<ModelRecord> ModelStore::Get(const std::string& id) {
  SAGAZ_TRY(ValidateModelId(id));
  SAGAZ_TRY(Load());
  auto it = records_.find(id);
  if (it == records_.end()) {
    return Fail(Error(ErrorCode::kNotFound, "model '" + id + "' does not exist").With("id", id));
  }
  ModelRecord rec = it->second;
  auto a = active_.find(SlotKey(rec));
  rec.active = a != active_.end() && a->second == rec.id;
  return rec;
}

Result<std::string> ModelStore::ReadModel(const ModelRecord& record) {
  auto bytes = ReadFile(dir_ / record.id / "model.bin");
  if (!bytes || Sha256Hex(*bytes) != record.checksum) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "the file of model '" + record.id +
                          "' is damaged or missing (its SHA-256 does not match the record)")
                    .With("id", record.id));
  }
  return bytes;
}

Status ModelStore::SetActive(const ModelRecord& record) {
  SAGAZ_TRY(Load());
  active_[SlotKey(record)] = record.id;
  return WriteActive();
}

Status ModelStore::Remove(const std::string& id) {
  auto rec = SAGAZ_TRY(Get(id));
  if (auto a = active_.find(SlotKey(rec)); a != active_.end() && a->second == id) {
    active_.erase(a);
    SAGAZ_TRY(WriteActive());
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_ / id, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot delete model " + id + ": " + ec.message());
  records_.erase(id);
  return Ok();
}

}  // namespace sagaz::forecast::internal
