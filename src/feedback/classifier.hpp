// Comment classification: sentiment (negative / neutral / positive, with a score), tags from a
// taxonomy and free keyphrases, behind one interface so that other classifiers (trained, LLM) can
// stand beside the builtin one.
//
//   auto taxonomy = SAGAZ_TRY(feedback::LoadTaxonomy(""));            // the builtin commerce set
//   auto classifier = SAGAZ_TRY(feedback::MakeBuiltinClassifier(taxonomy, {}));
//   feedback::Classification c = classifier->Classify("Entrega atrasou, mas o produto é ótimo");
//   // c.sentiment == kPositive, c.tags == {"delivery", "delay", "product", "praise"}
//
// Every result is recorded with the classifier's name and version (a version changes whenever the
// classifier's data does). Classify is const and thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::llm {
class Provider;
}

namespace sagaz::feedback {

enum class Sentiment { kNegative, kNeutral, kPositive };
inline constexpr int kSentimentCount = 3;
std::string_view ToString(Sentiment sentiment);
// negative/neutral/positive, their Portuguese names (negativo, neutro, positivo), neg/neu/pos,
// -1/0/1, and 1-5 stars (1-2 negative, 3 neutral, 4-5 positive); case-insensitive.
Result<Sentiment> ParseSentiment(std::string_view text);

// One tag of a taxonomy: a stable id and its names for people.
struct TagInfo {
  std::string id;  // "delivery"
  std::string name_pt;
  std::string name_en;
};

// A set of tags with the terms that reveal each (see src/feedback/data/taxonomy_commerce.tsv for
// the format). Immutable once loaded; shared by classifiers.
class Taxonomy {
 public:
  struct Impl;
  explicit Taxonomy(std::unique_ptr<Impl> impl);
  ~Taxonomy();
  Taxonomy(Taxonomy&&) noexcept;
  const std::vector<TagInfo>& tags() const;
  // A short fingerprint of the taxonomy's content, part of classifier versions.
  const std::string& fingerprint() const;
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// The builtin commerce taxonomy when `path` is empty, otherwise the file (same format). Errors name
// the line.
Result<std::shared_ptr<const Taxonomy>> LoadTaxonomy(const std::filesystem::path& path);
// From text (tests, fuzzing).
Result<std::shared_ptr<const Taxonomy>> ParseTaxonomy(std::string_view text);

struct Classification {
  Sentiment sentiment = Sentiment::kNeutral;
  double score = 0;                     // -1 (most negative) .. +1 (most positive)
  std::vector<std::string> tags;        // ids, in taxonomy order
  std::vector<std::string> keyphrases;  // at most three, most telling first
  // Set when another classifier than the one called produced this result (the LLM classifier's
  // fallback when its model failed), with why in `warning`.
  std::string fallback_classifier, fallback_version;
  std::string warning;
};

class Classifier {
 public:
  virtual ~Classifier() = default;
  virtual std::string_view name() const = 0;
  virtual const std::string& version() const = 0;
  virtual Classification Classify(std::string_view text) const = 0;
  // Many texts at once (the LLM classifier sends them in batched prompts); by default one by one.
  virtual std::vector<Classification> ClassifyMany(std::span<const std::string_view> texts) const {
    std::vector<Classification> out;
    out.reserve(texts.size());
    for (auto t : texts) out.push_back(Classify(t));
    return out;
  }
};

struct BuiltinOptions {
  // |score| under this is neutral (VADER's is 0.05; 0.2 measured on product reviews).
  double neutral_threshold = 0.2;
};

// The rule-based PT-BR/EN classifier in the spirit of VADER (Hutto & Gilbert, 2014): a lexicon of
// words, slang, emoticons and emoji (VADER, AFINN-pt, the Emoji Sentiment Ranking and Sagaz's own
// Portuguese entries; scripts/feedback_lexicon.mjs), with negation, boosters, contrast ("mas",
// "but"), capitals, exclamation marks, informal spellings, repeated letters and laughter. Tags come
// from the taxonomy's terms; keyphrases from runs of content words (RAKE).
Result<std::unique_ptr<Classifier>> MakeBuiltinClassifier(std::shared_ptr<const Taxonomy> taxonomy,
                                                          BuiltinOptions options);

struct LlmClassifierOptions {
  int batch = 20;              // comments per prompt
  int64_t timeout_ms = 30000;  // per prompt (the provider retries transient failures within it)
  int attempts = 2;            // prompts whose answer is off the schema are asked again
};

// The LLM classifier ("llm", version "model@base_url+prompt"): batched prompts with a JSON schema
// answer. A comment the model fails on (error, timeout, answer off the schema or missing it) is
// classified by `fallback` (the active non-LLM classifier), and the result names the fallback and
// carries a warning. Thread-safe when the provider is.
Result<std::unique_ptr<Classifier>> MakeLlmClassifier(std::shared_ptr<llm::Provider> provider,
                                                      std::shared_ptr<const Classifier> fallback,
                                                      std::shared_ptr<const Taxonomy> taxonomy,
                                                      LlmClassifierOptions options);

// Explanation of a builtin score for people and tests: each sentiment-bearing token with its
// final valence.
struct ScoredToken {
  std::string token;
  double valence = 0;
};
std::vector<ScoredToken> ExplainBuiltin(std::string_view text);

}  // namespace sagaz::feedback
