// The trained classifier's model: hashed TF-IDF features of a comment (word unigrams and bigrams,
// character 3-5-grams within words, sublinear term frequency, smoothed idf, each family L2-
// normalized) and linear one-vs-rest logistic regressions over them, one per sentiment class and
// one per tag, fitted by LIBLINEAR (Debian liblinear-dev) with balanced class weights.
//
// Only features seen in training are kept (like a vocabulary-based TF-IDF); scoring a comment is
// one pass over its n-grams with a lookup per n-gram in a dense index. Immutable once fitted or
// loaded; Scores is const and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::feedback::internal {

struct LinearOptions {
  int hash_bits = 18;  // per feature family: 2^18 word and 2^18 character buckets
  double c = 4;        // inverse regularization strength (LIBLINEAR's C)
};

// Feature ids of a text with their counts, sorted by id: words in [0, 2^bits), character n-grams
// in [2^bits, 2^(bits+1)).
struct FeatureCounts {
  std::vector<uint32_t> ids;
  std::vector<float> counts;
};
void CountFeatures(std::string_view text, int hash_bits, FeatureCounts& out);
// The words the features are made of, joined by spaces: folded, letter runs cut, URLs,
// @mentions and a leading "RT" left out.
std::string FeatureWords(std::string_view text);

// One output to learn: per training item, true, false, or unknown (left out of this output).
struct LinearTarget {
  std::string name;            // "negative", "tag:delivery"
  std::vector<int8_t> labels;  // 1, 0, or -1 (unknown)
};

class LinearModel {
 public:
  // Fits every target on the texts (targets' labels are parallel to texts). A target whose known
  // labels are all of one value is left out (see outputs()).
  static Result<LinearModel> Fit(std::span<const std::string> texts,
                                 std::span<const LinearTarget> targets,
                                 const LinearOptions& options);
  static Result<LinearModel> Parse(std::string_view bytes);
  std::string Serialize() const;

  const std::vector<std::string>& outputs() const { return outputs_; }
  std::optional<size_t> OutputIndex(std::string_view name) const;
  // Decision values (log-odds) of every output for a text, in outputs() order.
  void Scores(std::string_view text, std::vector<float>& out) const;
  size_t features() const { return features_.size(); }

 private:
  void BuildIndex();
  int bits_ = 18;
  std::vector<std::string> outputs_;
  std::vector<uint32_t> features_;  // sorted feature ids seen in training
  std::vector<float> idf_;          // per kept feature
  std::vector<float> weights_;      // features_.size() x outputs_.size(), row-major
  std::vector<float> bias_;         // per output
  std::vector<int32_t> slot_;       // feature id -> row, or -1
};

}  // namespace sagaz::feedback::internal
