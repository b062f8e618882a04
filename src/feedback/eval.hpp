// Scoring a classifier against gold labels: accuracy, macro-F1, per-class precision/recall/F1 and
// the confusion matrix for sentiment, micro/macro F1 for tags (multi-label), always beside the
// baseline that predicts the most frequent gold class, so a score can be read for what it is.
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "feedback/classifier.hpp"
#include "feedback/feedback.hpp"
#include "feedback/metrics.hpp"

namespace sagaz::feedback {

struct FeedbackService::StoredEvaluation {
  int64_t gold = 0;
  int64_t not_found = 0;                       // no comment with that (source, id)
  int64_t pending = 0;                         // stored, not yet classified
  std::string classifier, classifier_version;  // of the scored comments (the latest seen)
  std::optional<SentimentEvaluation> sentiment;
  std::optional<TagEvaluation> tags;
};

}  // namespace sagaz::feedback
