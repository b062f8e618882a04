#include "feedback/internal/linear.hpp"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>

#include "feedback/internal/text.hpp"

namespace sagaz::feedback::internal {
namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;
constexpr uint64_t kUnigramSeed = 0x9e3779b97f4a7c15ULL;
constexpr uint64_t kBigramSeed = 0xc2b2ae3d27d4eb4fULL;
constexpr uint64_t kCharSeed = 0x165667b19e3779f9ULL;

uint64_t Fnv(uint64_t h, std::string_view bytes) {
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

bool IsAsciiWordByte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Words of a folded text: runs of ASCII letters and digits, and runs of other non-ASCII bytes
// (emoji, letters of other scripts); URLs, @mentions and a leading retweet mark dropped.
template <class OnWord>
void ForEachWord(std::string_view folded, const OnWord& on_word) {
  size_t i = 0;
  const size_t n = folded.size();
  bool first = true;
  while (i < n) {
    const auto c = static_cast<unsigned char>(folded[i]);
    if (c == '@' || folded.substr(i).starts_with("http://") ||
        folded.substr(i).starts_with("https://") || folded.substr(i).starts_with("www.")) {
      while (i < n && folded[i] != ' ' && folded[i] != '\n' && folded[i] != '\t') ++i;
      continue;
    }
    if (IsAsciiWordByte(c) || c >= 0x80) {
      const bool ascii = c < 0x80;
      const size_t start = i;
      while (i < n) {
        const auto d = static_cast<unsigned char>(folded[i]);
        if (ascii ? !IsAsciiWordByte(d) : d < 0x80) break;
        ++i;
      }
      const std::string_view word = folded.substr(start, i - start);
      if (first && word == "rt") {
        first = false;
        continue;
      }
      first = false;
      on_word(word, ascii);
      continue;
    }
    ++i;
  }
}

// Runs of three or more of one letter cut to one ("otimooo" -> "otimo"), into `out`.
void CutRepeats(std::string_view word, std::string& out) {
  out.clear();
  for (size_t i = 0; i < word.size();) {
    size_t j = i;
    while (j < word.size() && word[j] == word[i]) ++j;
    const bool letter = word[i] >= 'a' && word[i] <= 'z';
    out.append(letter && j - i >= 3 ? 1 : j - i, word[i]);
    i = j;
  }
}

struct ModelDeleter {
  void operator()(model* m) const { free_and_destroy_model(&m); }
};
using ModelPtr = std::unique_ptr<model, ModelDeleter>;

void Quiet(const char*) {}

// Appends a value of a trivially copyable type to a byte string, and reads it back.
template <class T>
void Put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}
template <class T>
void PutArray(std::string& out, const std::vector<T>& v) {
  Put(out, static_cast<uint64_t>(v.size()));
  out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
struct Reader {
  std::string_view bytes;
  size_t at = 0;
  bool ok = true;
  template <class T>
  T Get() {
    T v{};
    if (at + sizeof(T) > bytes.size()) {
      ok = false;
      return v;
    }
    std::memcpy(&v, bytes.data() + at, sizeof(T));
    at += sizeof(T);
    return v;
  }
  template <class T>
  std::vector<T> GetArray(uint64_t max) {
    const auto size = Get<uint64_t>();
    if (!ok || size > max || at + size * sizeof(T) > bytes.size()) {
      ok = false;
      return {};
    }
    std::vector<T> v(size);
    std::memcpy(v.data(), bytes.data() + at, size * sizeof(T));
    at += size * sizeof(T);
    return v;
  }
};

constexpr std::string_view kMagic = "SGZLIN01";

}  // namespace

void CountFeatures(std::string_view text, int hash_bits, FeatureCounts& out) {
  const uint32_t mask = (1u << hash_bits) - 1;
  const uint32_t char_base = 1u << hash_bits;
  thread_local std::vector<uint32_t> ids;
  thread_local std::string word, padded;
  ids.clear();
  const std::string folded = Fold(text);
  uint64_t previous = 0;
  bool has_previous = false;
  ForEachWord(folded, [&](std::string_view raw, bool ascii) {
    CutRepeats(raw, word);
    const uint64_t h = Fnv(kFnvOffset, word);
    ids.push_back(static_cast<uint32_t>(Mix(h ^ kUnigramSeed)) & mask);
    if (has_previous) {
      ids.push_back(static_cast<uint32_t>(Mix(previous * 31 + h + kBigramSeed)) & mask);
    }
    previous = h;
    has_previous = true;
    if (!ascii) return;
    padded.assign(1, ' ');
    padded += word;
    padded += ' ';
    for (size_t len = 3; len <= 5; ++len) {
      for (size_t k = 0; k + len <= padded.size(); ++k) {
        const uint64_t g = Fnv(kFnvOffset ^ kCharSeed, std::string_view(padded).substr(k, len));
        ids.push_back(char_base + (static_cast<uint32_t>(Mix(g)) & mask));
      }
      if (padded.size() < len + 1) break;
    }
  });
  std::sort(ids.begin(), ids.end());
  out.ids.clear();
  out.counts.clear();
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    out.ids.push_back(ids[i]);
    out.counts.push_back(static_cast<float>(j - i));
    i = j;
  }
}

std::string FeatureWords(std::string_view text) {
  std::string out, word;
  ForEachWord(Fold(text), [&](std::string_view raw, bool) {
    CutRepeats(raw, word);
    if (!out.empty()) out += ' ';
    out += word;
  });
  return out;
}

Result<LinearModel> LinearModel::Fit(std::span<const std::string> texts,
                                     std::span<const LinearTarget> targets,
                                     const LinearOptions& options) {
  if (options.hash_bits < 10 || options.hash_bits > 24) {
    return Fail(ErrorCode::kInvalidArgument, "hash_bits is between 10 and 24");
  }
  if (!(options.c > 0)) return Fail(ErrorCode::kInvalidArgument, "C is a positive number");
  const size_t n = texts.size();
  LinearModel m;
  m.bits_ = options.hash_bits;
  std::vector<FeatureCounts> docs(n);
  std::vector<int32_t> df(size_t{2} << m.bits_, 0);
  for (size_t i = 0; i < n; ++i) {
    CountFeatures(texts[i], m.bits_, docs[i]);
    for (uint32_t id : docs[i].ids) ++df[id];
  }
  for (uint32_t id = 0; id < df.size(); ++id) {
    if (df[id] == 0) continue;
    m.features_.push_back(id);
    m.idf_.push_back(
        static_cast<float>(std::log((1.0 + static_cast<double>(n)) / (1.0 + df[id])) + 1.0));
  }
  m.BuildIndex();
  const int nr_feature = static_cast<int>(m.features_.size());

  // TF-IDF rows in LIBLINEAR's layout: 1-based indices, then the bias feature, then -1.
  std::vector<std::vector<feature_node>> rows(n);
  for (size_t i = 0; i < n; ++i) {
    auto& row = rows[i];
    const auto& d = docs[i];
    row.reserve(d.ids.size() + 2);
    double norm[2] = {0, 0};
    for (size_t k = 0; k < d.ids.size(); ++k) {
      const int32_t r = m.slot_[d.ids[k]];
      const double v = (1.0 + std::log(d.counts[k])) * m.idf_[static_cast<size_t>(r)];
      norm[d.ids[k] >> m.bits_] += v * v;
      row.push_back({r + 1, v});
    }
    for (size_t k = 0; k < d.ids.size(); ++k) {
      const double f = norm[d.ids[k] >> m.bits_];
      row[k].value = f > 0 ? row[k].value / std::sqrt(2 * f) : 0;
    }
    row.push_back({nr_feature + 1, 1.0});
    row.push_back({-1, 0});
  }
  docs.clear();

  static std::once_flag quiet;
  std::call_once(quiet, [] { set_print_string_function(Quiet); });
  std::vector<std::vector<float>> columns;
  for (const auto& target : targets) {
    std::vector<feature_node*> x;
    std::vector<double> y;
    int64_t positives = 0;
    for (size_t i = 0; i < n && i < target.labels.size(); ++i) {
      if (target.labels[i] < 0) continue;
      x.push_back(rows[i].data());
      y.push_back(target.labels[i] ? 1 : -1);
      positives += target.labels[i] ? 1 : 0;
    }
    const auto total = static_cast<int64_t>(y.size());
    if (positives == 0 || positives == total) continue;  // nothing to learn
    problem prob{};
    prob.l = static_cast<int>(total);
    prob.n = nr_feature + 1;
    prob.y = y.data();
    prob.x = x.data();
    prob.bias = 1;
    int weight_label[2] = {1, -1};
    double weight[2] = {
        static_cast<double>(total) / (2.0 * static_cast<double>(positives)),
        static_cast<double>(total) / (2.0 * static_cast<double>(total - positives))};
    parameter param{};
    param.solver_type = L2R_LR;
    param.eps = 0.01;
    param.C = options.c;
    param.nr_weight = 2;
    param.weight_label = weight_label;
    param.weight = weight;
    param.p = 0.1;
    param.init_sol = nullptr;
    if (const char* problem_error = check_parameter(&prob, &param)) {
      return Fail(ErrorCode::kInternal, std::string("LIBLINEAR: ") + problem_error);
    }
    ModelPtr fitted(train(&prob, &param));
    if (!fitted) return Fail(ErrorCode::kInternal, "LIBLINEAR could not fit " + target.name);
    int labels[2] = {0, 0};
    get_labels(fitted.get(), labels);
    const int positive = labels[0] == 1 ? 0 : 1;
    m.outputs_.push_back(target.name);
    m.bias_.push_back(static_cast<float>(get_decfun_bias(fitted.get(), positive)));
    std::vector<float> w(static_cast<size_t>(nr_feature));
    for (int f = 0; f < nr_feature; ++f) {
      w[static_cast<size_t>(f)] =
          static_cast<float>(get_decfun_coef(fitted.get(), f + 1, positive));
    }
    columns.push_back(std::move(w));
  }
  // One row per feature with every output's weight side by side: a comment's scores read one
  // cache line per feature.
  const size_t k = columns.size();
  m.weights_.assign(static_cast<size_t>(nr_feature) * k, 0);
  for (size_t o = 0; o < k; ++o) {
    for (size_t f = 0; f < static_cast<size_t>(nr_feature); ++f)
      m.weights_[f * k + o] = columns[o][f];
  }
  return m;
}

void LinearModel::BuildIndex() {
  slot_.assign(size_t{2} << bits_, -1);
  for (size_t r = 0; r < features_.size(); ++r) slot_[features_[r]] = static_cast<int32_t>(r);
}

std::optional<size_t> LinearModel::OutputIndex(std::string_view name) const {
  for (size_t i = 0; i < outputs_.size(); ++i) {
    if (outputs_[i] == name) return i;
  }
  return std::nullopt;
}

void LinearModel::Scores(std::string_view text, std::vector<float>& out) const {
  const size_t k = outputs_.size();
  out.assign(bias_.begin(), bias_.end());
  if (k == 0) return;
  thread_local FeatureCounts counts;
  thread_local std::vector<std::pair<int32_t, float>> values;
  CountFeatures(text, bits_, counts);
  values.clear();
  double norm[2] = {0, 0};
  for (size_t i = 0; i < counts.ids.size(); ++i) {
    const int32_t r = slot_[counts.ids[i]];
    if (r < 0) continue;
    const float v = (1.0f + std::log(counts.counts[i])) * idf_[static_cast<size_t>(r)];
    norm[counts.ids[i] >> bits_] += static_cast<double>(v) * v;
    values.emplace_back(r, v);
  }
  const float scale[2] = {norm[0] > 0 ? static_cast<float>(1 / std::sqrt(2 * norm[0])) : 0.0f,
                          norm[1] > 0 ? static_cast<float>(1 / std::sqrt(2 * norm[1])) : 0.0f};
  for (const auto& [r, v] : values) {
    const float x = v * scale[features_[static_cast<size_t>(r)] >> bits_];
    const float* w = weights_.data() + static_cast<size_t>(r) * k;
    for (size_t o = 0; o < k; ++o) out[o] += x * w[o];
  }
}

std::string LinearModel::Serialize() const {
  std::string out(kMagic);
  Put(out, static_cast<int32_t>(bits_));
  Put(out, static_cast<uint64_t>(outputs_.size()));
  for (const auto& name : outputs_) {
    Put(out, static_cast<uint64_t>(name.size()));
    out += name;
  }
  PutArray(out, features_);
  PutArray(out, idf_);
  PutArray(out, weights_);
  PutArray(out, bias_);
  return out;
}

Result<LinearModel> LinearModel::Parse(std::string_view bytes) {
  auto damaged = [](std::string why) {
    return Fail(ErrorCode::kFailedPrecondition, "the trained model file is damaged: " + why);
  };
  if (!bytes.starts_with(kMagic)) return damaged("not a Sagaz linear model");
  Reader in{bytes, kMagic.size()};
  LinearModel m;
  m.bits_ = in.Get<int32_t>();
  if (!in.ok || m.bits_ < 10 || m.bits_ > 24) return damaged("bad hash size");
  const auto outputs = in.Get<uint64_t>();
  if (!in.ok || outputs > 10'000) return damaged("bad output count");
  for (uint64_t o = 0; o < outputs; ++o) {
    const auto size = in.Get<uint64_t>();
    if (!in.ok || size > 1024 || in.at + size > bytes.size()) return damaged("bad output name");
    m.outputs_.emplace_back(bytes.substr(in.at, size));
    in.at += size;
  }
  const uint64_t dims = uint64_t{2} << m.bits_;
  m.features_ = in.GetArray<uint32_t>(dims);
  m.idf_ = in.GetArray<float>(dims);
  m.weights_ = in.GetArray<float>(dims * std::max<uint64_t>(outputs, 1));
  m.bias_ = in.GetArray<float>(outputs);
  if (!in.ok || in.at != bytes.size()) return damaged("truncated or too long");
  if (m.idf_.size() != m.features_.size() || m.bias_.size() != outputs ||
      m.weights_.size() != m.features_.size() * outputs) {
    return damaged("sizes disagree");
  }
  for (size_t i = 0; i < m.features_.size(); ++i) {
    if (m.features_[i] >= dims || (i > 0 && m.features_[i] <= m.features_[i - 1])) {
      return damaged("feature ids out of order");
    }
  }
  m.BuildIndex();
  return m;
}

}  // namespace sagaz::feedback::internal
