#include "models/registry.hpp"

#include <gguf.h>
#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>

#include "core/strings.hpp"

namespace sagaz::models {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kExtension = ".gguf";
constexpr std::string_view kChecksumExtension = ".sha256";
constexpr std::string_view kPartialExtension = ".partial";
constexpr uint64_t kDiskReserve = 64ull << 20;  // left free after an add

struct GgufDeleter {
  void operator()(gguf_context* c) const { gguf_free(c); }
};

std::string QuantizationName(uint32_t ftype) {
  static const char* const names[] = {
      "F32",    "F16",    "Q4_0",  "Q4_1",    "",       "",       "",         "Q8_0",
      "Q5_0",   "Q5_1",   "Q2_K",  "Q3_K_S",  "Q3_K_M", "Q3_K_L", "Q4_K_S",   "Q4_K_M",
      "Q5_K_S", "Q5_K_M", "Q6_K",  "IQ2_XXS", "IQ2_XS", "Q2_K_S", "IQ3_XS",   "IQ3_XXS",
      "IQ1_S",  "IQ4_NL", "IQ3_S", "IQ3_M",   "IQ2_S",  "IQ2_M",  "IQ4_XS",   "IQ1_M",
      "BF16",   "",       "",      "",        "TQ1_0",  "TQ2_0",  "MXFP4_MOE"};
  if (ftype < std::size(names) && names[ftype][0] != '\0') return names[ftype];
  return "unknown";
}

int64_t IntValue(const gguf_context* ctx, const std::string& key) {
  const int64_t id = gguf_find_key(ctx, key.c_str());
  if (id < 0) return 0;
  switch (gguf_get_kv_type(ctx, id)) {
    case GGUF_TYPE_UINT32:
      return gguf_get_val_u32(ctx, id);
    case GGUF_TYPE_INT32:
      return gguf_get_val_i32(ctx, id);
    case GGUF_TYPE_UINT64:
      return static_cast<int64_t>(gguf_get_val_u64(ctx, id));
    default:
      return 0;
  }
}

std::string StringValue(const gguf_context* ctx, const std::string& key) {
  const int64_t id = gguf_find_key(ctx, key.c_str());
  if (id < 0 || gguf_get_kv_type(ctx, id) != GGUF_TYPE_STRING) return {};
  return SanitizeUtf8(gguf_get_val_str(ctx, id));
}

fs::path ChecksumPath(const fs::path& model) {
  return fs::path(model.string() + std::string(kChecksumExtension));
}

std::string ReadChecksum(const fs::path& model) {
  std::ifstream in(ChecksumPath(model));
  std::string hex;
  if (!(in >> hex) || hex.size() != 64) return {};
  return ToLower(hex);
}

Status WriteChecksum(const fs::path& model, const std::string& hex) {
  std::ofstream out(ChecksumPath(model), std::ios::trunc);
  out << hex << "  " << model.filename().string() << "\n";
  out.close();
  if (!out)
    return Fail(Error(ErrorCode::kIo, "cannot write the checksum").With("path", model.string()));
  return Ok();
}

// Copies `from` to `to` and returns the SHA-256 of what was written.
Result<std::string> CopyHashing(const fs::path& from, const fs::path& to) {
  std::unique_ptr<FILE, int (*)(FILE*)> in(std::fopen(from.c_str(), "rb"), std::fclose);
  if (!in) return Fail(Error(ErrorCode::kIo, "cannot read the file").With("path", from.string()));
  std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(to.c_str(), "wb"), std::fclose);
  if (!out) return Fail(Error(ErrorCode::kIo, "cannot write the file").With("path", to.string()));
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<unsigned char> buf(1 << 20);
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), in.get())) > 0) {
    crypto_hash_sha256_update(&state, buf.data(), n);
    if (std::fwrite(buf.data(), 1, n, out.get()) != n)
      return Fail(
          Error(ErrorCode::kIo, "writing the model failed (disk full?)").With("path", to.string()));
  }
  if (std::ferror(in.get()))
    return Fail(Error(ErrorCode::kIo, "reading the file failed").With("path", from.string()));
  if (std::fflush(out.get()) != 0 || fsync(fileno(out.get())) != 0)
    return Fail(
        Error(ErrorCode::kIo, "writing the model failed (disk full?)").With("path", to.string()));
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
  return std::string(hex);
}

}  // namespace

Result<GgufInfo> InspectGguf(const fs::path& file) {
  std::error_code ec;
  const uint64_t size = fs::file_size(file, ec);
  if (ec) return Fail(Error(ErrorCode::kIo, "cannot read the file").With("path", file.string()));
  gguf_init_params params{/*no_alloc=*/true, /*ctx=*/nullptr};
  std::unique_ptr<gguf_context, GgufDeleter> ctx(gguf_init_from_file(file.c_str(), params));
  if (!ctx) {
    return Fail(Error(ErrorCode::kInvalidArgument, "not a GGUF file, or its header is damaged")
                    .With("path", file.string()));
  }
  // The weights must lie inside the file: a truncated copy fails here, not in the middle of a load.
  const uint64_t data = gguf_get_data_offset(ctx.get());
  for (int64_t t = 0; t < gguf_get_n_tensors(ctx.get()); ++t) {
    const uint64_t end =
        data + gguf_get_tensor_offset(ctx.get(), t) + gguf_get_tensor_size(ctx.get(), t);
    if (end > size) {
      return Fail(Error(ErrorCode::kInvalidArgument, "the GGUF file is truncated")
                      .With("path", file.string())
                      .With("expected_bytes", std::to_string(end))
                      .With("bytes", std::to_string(size)));
    }
  }
  GgufInfo info;
  info.architecture = StringValue(ctx.get(), "general.architecture");
  if (info.architecture.empty())
    return Fail(Error(ErrorCode::kInvalidArgument, "the GGUF file names no architecture")
                    .With("path", file.string()));
  const std::string& a = info.architecture;
  info.description = StringValue(ctx.get(), "general.name");
  const int64_t ftype_id = gguf_find_key(ctx.get(), "general.file_type");
  info.quantization =
      ftype_id < 0
          ? "unknown"
          : QuantizationName(static_cast<uint32_t>(IntValue(ctx.get(), "general.file_type")));
  info.context_length = IntValue(ctx.get(), a + ".context_length");
  info.layers = IntValue(ctx.get(), a + ".block_count");
  info.embedding_length = IntValue(ctx.get(), a + ".embedding_length");
  const int64_t heads = IntValue(ctx.get(), a + ".attention.head_count");
  int64_t kv_heads = IntValue(ctx.get(), a + ".attention.head_count_kv");
  if (kv_heads == 0) kv_heads = heads;
  info.kv_width = heads > 0 ? info.embedding_length / heads * kv_heads : info.embedding_length;
  const int64_t tokens = gguf_find_key(ctx.get(), "tokenizer.ggml.tokens");
  info.vocabulary = tokens < 0 ? 0 : static_cast<int64_t>(gguf_get_arr_n(ctx.get(), tokens));
  info.embedding = IntValue(ctx.get(), a + ".pooling_type") > 0;
  return info;
}

Status ValidateModelName(const std::string& name) {
  const bool ok =
      !name.empty() && name.size() <= 128 && name[0] != '.' &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
      });
  if (!ok) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "a model name has 1 to 128 letters, digits, '.', '-' or '_' and does not "
                      "start with '.'")
                    .With("name", SanitizeUtf8(name)));
  }
  return Ok();
}

Result<std::string> Sha256File(const fs::path& file) {
  std::unique_ptr<FILE, int (*)(FILE*)> in(std::fopen(file.c_str(), "rb"), std::fclose);
  if (!in) return Fail(Error(ErrorCode::kIo, "cannot read the file").With("path", file.string()));
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<unsigned char> buf(1 << 20);
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), in.get())) > 0)
    crypto_hash_sha256_update(&state, buf.data(), n);
  if (std::ferror(in.get()))
    return Fail(Error(ErrorCode::kIo, "reading the file failed").With("path", file.string()));
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
  return std::string(hex);
}

ModelFile Registry::Describe(const fs::path& path, bool configured) const {
  ModelFile m;
  m.path = path;
  m.name = path.stem().string();
  m.configured = configured;
  std::error_code ec;
  m.size = fs::file_size(path, ec);
  const auto mtime = fs::last_write_time(path, ec);
  {
    std::lock_guard lock(mu_);
    auto it = headers_.find(path);
    if (it != headers_.end() && it->second.mtime == mtime && it->second.size == m.size) {
      m.info = it->second.info;
      m.error = it->second.error;
      m.sha256 = ReadChecksum(path);
      return m;
    }
  }
  Cached cached{mtime, m.size, {}, {}};
  if (auto info = InspectGguf(path))
    cached.info = *info;
  else
    cached.error = info.error().message;
  m.info = cached.info;
  m.error = cached.error;
  m.sha256 = ReadChecksum(path);
  std::lock_guard lock(mu_);
  headers_[path] = std::move(cached);
  return m;
}

Registry::Registry(fs::path folder, std::vector<fs::path> paths)
    : folder_(std::move(folder)), paths_(std::move(paths)) {}

Result<std::vector<ModelFile>> Registry::List() const {
  std::vector<ModelFile> out;
  std::error_code ec;
  if (fs::is_directory(folder_, ec)) {
    for (const auto& entry : fs::directory_iterator(folder_, ec)) {
      if (!entry.is_regular_file(ec) || entry.path().extension() != kExtension) continue;
      if (!ValidateModelName(entry.path().stem().string())) continue;
      out.push_back(Describe(entry.path(), false));
    }
  }
  for (const auto& p : paths_) {
    const bool taken = std::any_of(out.begin(), out.end(),
                                   [&](const ModelFile& m) { return m.name == p.stem().string(); });
    if (!taken && fs::is_regular_file(p, ec)) out.push_back(Describe(p, true));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Result<ModelFile> Registry::Find(const std::string& name) const {
  SAGAZ_TRY(ValidateModelName(name));
  const auto all = SAGAZ_TRY(List());
  std::vector<std::string> names;
  for (const auto& m : all) {
    if (m.name == name) return m;
    names.push_back(m.name);
  }
  return Fail(Error(ErrorCode::kNotFound, "no model is named '" + name + "'")
                  .With("model", name)
                  .With("models", names.empty() ? "(none)" : Join(names, ", ")));
}

Result<ModelFile> Registry::Add(const fs::path& source, std::string name) const {
  if (name.empty()) name = source.stem().string();
  SAGAZ_TRY(ValidateModelName(name));
  SAGAZ_TRY(InspectGguf(source));  // only GGUF models are copied
  std::error_code ec;
  fs::create_directories(folder_, ec);
  if (ec)
    return Fail(
        Error(ErrorCode::kIo, "cannot create the models folder").With("path", folder_.string()));
  const fs::path target = folder_ / (name + std::string(kExtension));
  if (fs::exists(target, ec))
    return Fail(Error(ErrorCode::kAlreadyExists, "a model named '" + name + "' exists")
                    .With("model", name));
  const uint64_t size = fs::file_size(source, ec);
  const auto space = fs::space(folder_, ec);
  if (!ec && space.available < size + kDiskReserve) {
    return Fail(Error(ErrorCode::kFailedPrecondition, "not enough free disk space for the model")
                    .With("needed", FormatBytes(size + kDiskReserve))
                    .With("available", FormatBytes(space.available)));
  }
  const fs::path partial = fs::path(target.string() + std::string(kPartialExtension));
  auto hash = CopyHashing(source, partial);
  if (!hash) {
    fs::remove(partial, ec);
    return Fail(std::move(hash).error());
  }
  fs::rename(partial, target, ec);
  if (ec) {
    fs::remove(partial, ec);
    return Fail(
        Error(ErrorCode::kIo, "cannot move the model into place").With("path", target.string()));
  }
  if (auto written = WriteChecksum(target, *hash); !written) {
    fs::remove(target, ec);
    return Fail(std::move(written).error());
  }
  return Describe(target, false);
}

Status Registry::Remove(const std::string& name) const {
  const auto model = SAGAZ_TRY(Find(name));
  if (model.configured) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "this model comes from models.paths: remove it from the configuration")
                    .With("model", name));
  }
  std::error_code ec;
  fs::remove(model.path, ec);
  if (ec)
    return Fail(Error(ErrorCode::kIo, "cannot remove the model").With("path", model.path.string()));
  fs::remove(ChecksumPath(model.path), ec);
  return Ok();
}

Result<std::vector<VerifyResult>> Registry::Verify(const std::string& name, bool remove_bad) const {
  std::vector<ModelFile> models;
  if (name.empty())
    models = SAGAZ_TRY(List());
  else
    models.push_back(SAGAZ_TRY(Find(name)));
  std::vector<VerifyResult> out;
  for (const auto& m : models) {
    VerifyResult r;
    r.name = m.name;
    r.expected = m.sha256;
    auto actual = Sha256File(m.path);
    if (!actual) {
      r.status = "unreadable";
    } else {
      r.actual = *actual;
      r.status = m.sha256.empty() ? "no_checksum" : m.sha256 == *actual ? "ok" : "mismatch";
    }
    if (remove_bad && !m.configured && (r.status == "mismatch" || r.status == "unreadable")) {
      std::error_code ec;
      r.removed = fs::remove(m.path, ec);
      fs::remove(ChecksumPath(m.path), ec);
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<CleanupResult> Registry::CleanUp() const {
  CleanupResult out;
  std::error_code ec;
  if (!fs::is_directory(folder_, ec)) return out;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(folder_, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const fs::path& p = entry.path();
    const std::string file = p.filename().string();
    if (file.ends_with(kPartialExtension)) {
      doomed.push_back(p);
    } else if (file.ends_with(std::string(kExtension) + std::string(kChecksumExtension))) {
      const fs::path model = p.parent_path() / p.stem();
      if (!fs::exists(model, ec)) doomed.push_back(p);
    } else if (p.extension() == kExtension && !InspectGguf(p)) {
      doomed.push_back(p);
      if (fs::exists(ChecksumPath(p), ec)) doomed.push_back(ChecksumPath(p));
    }
  }
  for (const auto& p : doomed) {
    const uint64_t size = fs::file_size(p, ec);
    if (fs::remove(p, ec)) {
      out.removed.push_back(p.filename().string());
      out.bytes += ec ? 0 : size;
    }
  }
  return out;
}

}  // namespace sagaz::models
