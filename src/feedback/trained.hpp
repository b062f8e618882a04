// The trained classifier: a supervised model of the user's own labels (sentiment, tags or both),
// hashed TF-IDF word and character n-grams with balanced one-vs-rest logistic regressions
// (LIBLINEAR), cross-validated before it is stored as a version.
//
//   auto trained = SAGAZ_TRY(feedback::TrainClassifier(labelled, *taxonomy, {}));
//   // trained.cv.sentiment->macro_f1: k-fold figures on the deduplicated items
//   auto classifier = SAGAZ_TRY(feedback::LoadTrainedClassifier(trained.model, "v1", taxonomy));
//
// Tags the labels never give are left to the taxonomy's rules; keyphrases always come from the
// builtin extractor. Training is deterministic for the same data and options.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "feedback/classifier.hpp"
#include "feedback/metrics.hpp"

namespace sagaz::feedback {

// One labelled comment; either label may be absent.
struct LabelledComment {
  std::string text;
  std::optional<Sentiment> sentiment;
  std::optional<std::vector<std::string>> tags;  // tag ids of the taxonomy
};

struct TrainOptions {
  int folds = 5;       // k of the cross-validation (2-10)
  double c = 4;        // inverse regularization strength
  int hash_bits = 18;  // 2^bits buckets per feature family
  uint64_t seed = 1;   // of the fold assignment
};

struct CrossValidation {
  int folds = 0;
  std::optional<SentimentEvaluation> sentiment;  // pooled over the folds' held-out items
  std::optional<TagEvaluation> tags;
  std::vector<double> fold_macro_f1;  // sentiment macro-F1 of each fold
};

struct TrainedModel {
  std::string model;        // bytes to store and load
  int64_t items = 0;        // distinct labelled comments used
  int64_t duplicates = 0;   // repeated texts left out (after normalizing case, accents, URLs)
  int64_t conflicting = 0;  // of those, with labels unlike the kept item's
  int64_t sentiment_items = 0, tag_items = 0;
  std::vector<std::string> tags;  // tags with a model (seen both present and absent)
  int64_t features = 0;
  CrossValidation cv;
  double train_ms = 0;
};

// A trained model as stored (versioning/version_store.hpp) and shown: what it learned from, how,
// and its cross-validated figures.
struct ModelVersion {
  std::string id;
  int version = 1;                    // 1, 2, ... in order of training
  std::string created_at;             // ISO-8601 UTC
  std::string checksum;               // SHA-256 of the model file
  bool active = false;                // the version that classifies new comments
  std::string kind = "tfidf-logreg";  // hashed TF-IDF n-grams, one-vs-rest logistic regression
  std::string trained_on;             // "file reviews.csv", "gold labels"
  TrainOptions options;
  int64_t items = 0, duplicates = 0, conflicting = 0, sentiment_items = 0, tag_items = 0;
  int64_t features = 0;
  std::vector<std::string> tags;
  std::string taxonomy;  // fingerprint of the taxonomy it was trained with
  CrossValidation cv;
  double train_ms = 0;
};

// Called with the fraction done and what is happening; returning false cancels.
using TrainProgress = std::function<bool(double fraction, const std::string& message)>;

// kInvalidArgument when there is too little to learn (fewer than 2 classes or than `folds`
// items per class) or a tag is not in the taxonomy.
Result<TrainedModel> TrainClassifier(std::span<const LabelledComment> data,
                                     const Taxonomy& taxonomy, const TrainOptions& options,
                                     const TrainProgress& progress = {});

// The classifier of a stored model; `version` names it in results.
Result<std::unique_ptr<Classifier>> LoadTrainedClassifier(std::string_view model,
                                                          std::string version,
                                                          std::shared_ptr<const Taxonomy> taxonomy,
                                                          BuiltinOptions builtin = {});

// The text a duplicate is recognised by: folded words, URLs, @mentions and a retweet mark left out.
std::string DedupKey(std::string_view text);

}  // namespace sagaz::feedback
