#include "versioning/version_store.hpp"

#include <sodium.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/ids.hpp"
#include "core/log.hpp"

namespace sagaz::versioning {
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

Status ValidateVersionId(std::string_view id) {
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

namespace detail {

Status VersionDir::Write(const std::string& id, std::string_view record_json,
                         std::string_view model) const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create " + dir_.string() + ": " + ec.message());
  const auto tmp = dir_ / (".tmp-" + id + "-" + RandomHex(4));
  std::filesystem::create_directories(tmp, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create " + tmp.string() + ": " + ec.message());
  auto written = [&]() -> Status {
    SAGAZ_TRY(WriteFile(tmp / "model.bin", model));
    SAGAZ_TRY(WriteFile(tmp / "record.json", record_json));
    const auto final_dir = dir_ / id;
    std::filesystem::remove_all(final_dir, ec);
    std::filesystem::rename(tmp, final_dir, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot store model " + id + ": " + ec.message());
    return Ok();
  }();
  if (!written) std::filesystem::remove_all(tmp, ec);
  return written;
}

std::vector<std::string> VersionDir::Ids() const {
  std::vector<std::string> ids;
  std::error_code ec;
  if (!std::filesystem::exists(dir_, ec)) return ids;
  for (auto it = std::filesystem::directory_iterator(dir_, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (!it->is_directory()) continue;
    auto name = it->path().filename().string();
    if (name.starts_with(".") || !ValidateVersionId(name)) continue;
    ids.push_back(std::move(name));
  }
  return ids;
}

Result<std::string> VersionDir::ReadRecord(const std::string& id) const {
  return ReadFile(dir_ / id / "record.json");
}

Result<std::string> VersionDir::ReadModel(const std::string& id,
                                          const std::string& checksum) const {
  auto bytes = ReadFile(dir_ / id / "model.bin");
  if (!bytes || Sha256Hex(*bytes) != checksum) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "the file of model '" + id +
                          "' is damaged or missing (its SHA-256 does not match the record)")
                    .With("id", id));
  }
  return bytes;
}

Result<std::map<std::string, std::string>> VersionDir::ReadActive() const {
  std::map<std::string, std::string> active;
  std::error_code ec;
  if (!std::filesystem::exists(dir_ / "active.json", ec)) return active;
  const auto text = SAGAZ_TRY(ReadFile(dir_ / "active.json"));
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) {
    log::Warn(owner_ + ": active.json is unreadable; the newest versions serve",
              {{"dir", dir_.string()}});
    return active;
  }
  for (const auto& [k, v] : j.items()) {
    if (v.is_string()) active[k] = v.get<std::string>();
  }
  return active;
}

Status VersionDir::WriteActive(const std::map<std::string, std::string>& active) const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : active) j[k] = v;
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  return WriteAtomically(dir_ / "active.json", j.dump(1));
}

Status VersionDir::RemoveFolder(const std::string& id) const {
  std::error_code ec;
  std::filesystem::remove_all(dir_ / id, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot delete model " + id + ": " + ec.message());
  return Ok();
}

Error DamagedRecord(const std::string& id, const Error& cause) {
  return Error(ErrorCode::kFailedPrecondition,
               "the record of model '" + id + "' is damaged: " + cause.message)
      .With("id", id);
}

Error UnknownVersion(const std::string& id) {
  return Error(ErrorCode::kNotFound, "model '" + id + "' does not exist").With("id", id);
}

void WarnUnreadable(const std::string& owner, const std::string& id, const Error& error) {
  log::Warn(owner + ": skipping an unreadable model version",
            {{"id", id}, {"error", error.message}});
}

}  // namespace detail
}  // namespace sagaz::versioning
