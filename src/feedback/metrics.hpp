// Classification metrics: accuracy, macro-F1, per-class precision/recall/F1 and the confusion
// matrix for sentiment, micro/macro F1 for tags (multi-label), always beside the baseline that
// predicts the most frequent gold class, so a score can be read for what it is.
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "feedback/classifier.hpp"

namespace sagaz::feedback {

struct ClassMetrics {
  std::string label;
  double precision = 0, recall = 0, f1 = 0;
  int64_t support = 0;    // gold items of the class
  int64_t predicted = 0;  // items predicted as the class
};

struct SentimentEvaluation {
  int64_t items = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  std::vector<ClassMetrics> per_class;  // negative, neutral, positive
  // confusion[gold][predicted], in the order of per_class.
  std::vector<std::vector<int64_t>> confusion;
  struct Baseline {
    std::string label;  // the most frequent gold class
    double accuracy = 0;
    double macro_f1 = 0;
  } majority_baseline;
};

// gold[i] and predicted[i] are about the same item.
SentimentEvaluation EvaluateSentiment(std::span<const Sentiment> gold,
                                      std::span<const Sentiment> predicted);

struct TagEvaluation {
  int64_t items = 0;
  double micro_precision = 0, micro_recall = 0, micro_f1 = 0;
  double macro_f1 = 0;                // over tags that occur in gold or predictions
  std::vector<ClassMetrics> per_tag;  // by tag id
  // Predicting, for every item, the tags present in at least half of the gold items (often none).
  struct Baseline {
    std::vector<std::string> tags;
    double micro_f1 = 0;
  } majority_baseline;
};

TagEvaluation EvaluateTags(std::span<const std::set<std::string>> gold,
                           std::span<const std::set<std::string>> predicted);

}  // namespace sagaz::feedback
