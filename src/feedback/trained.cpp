#include "feedback/trained.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include "core/ids.hpp"
#include "feedback/internal/linear.hpp"

namespace sagaz::feedback {
namespace {

using internal::LinearModel;
using internal::LinearTarget;

constexpr Sentiment kSentiments[] = {Sentiment::kNegative, Sentiment::kNeutral,
                                     Sentiment::kPositive};
const std::string kTagPrefix = "tag:";

struct Prediction {
  std::optional<Sentiment> sentiment;
  double score = 0;
  std::optional<std::vector<std::string>> tags;  // in model output order
};

// Reads a fitted model's outputs for one text: the sentiment class with the largest decision
// value (score: P(positive) - P(negative) from the normalized one-vs-rest probabilities), and the
// tags whose decision value is positive.
class Reader {
 public:
  explicit Reader(const LinearModel& model) : model_(model) {
    for (size_t s = 0; s < 3; ++s) {
      sentiment_[s] = model.OutputIndex(ToString(kSentiments[s]));
      has_sentiment_ = has_sentiment_ || sentiment_[s].has_value();
    }
    for (size_t o = 0; o < model.outputs().size(); ++o) {
      if (model.outputs()[o].starts_with(kTagPrefix)) {
        tags_.emplace_back(o, model.outputs()[o].substr(kTagPrefix.size()));
      }
    }
  }
  bool has_sentiment() const { return has_sentiment_; }
  bool has_tags() const { return !tags_.empty(); }

  Prediction Predict(std::string_view text) const {
    thread_local std::vector<float> scores;
    model_.Scores(text, scores);
    Prediction p;
    if (has_sentiment_) {
      double prob[3] = {0, 0, 0}, total = 0;
      float best = -INFINITY;
      for (size_t s = 0; s < 3; ++s) {
        if (!sentiment_[s]) continue;
        const float v = scores[*sentiment_[s]];
        prob[s] = 1 / (1 + std::exp(-static_cast<double>(v)));
        total += prob[s];
        if (v > best) {
          best = v;
          p.sentiment = kSentiments[s];
        }
      }
      p.score = total > 0 ? (prob[2] - prob[0]) / total : 0;
    }
    if (!tags_.empty()) {
      p.tags.emplace();
      for (const auto& [o, tag] : tags_) {
        if (scores[o] > 0) p.tags->push_back(tag);
      }
    }
    return p;
  }

 private:
  const LinearModel& model_;
  std::optional<size_t> sentiment_[3];
  bool has_sentiment_ = false;
  std::vector<std::pair<size_t, std::string>> tags_;
};

std::vector<LinearTarget> Targets(std::span<const LabelledComment> data,
                                  const std::vector<std::string>& tag_ids) {
  std::vector<LinearTarget> targets;
  for (Sentiment s : kSentiments) {
    LinearTarget t{std::string(ToString(s)), {}};
    for (const auto& d : data) t.labels.push_back(d.sentiment ? *d.sentiment == s : -1);
    targets.push_back(std::move(t));
  }
  for (const auto& tag : tag_ids) {
    LinearTarget t{kTagPrefix + tag, {}};
    for (const auto& d : data) {
      if (!d.tags) {
        t.labels.push_back(-1);
        continue;
      }
      t.labels.push_back(std::find(d.tags->begin(), d.tags->end(), tag) != d.tags->end());
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

class TrainedClassifier final : public Classifier {
 public:
  TrainedClassifier(LinearModel model, std::string version, std::unique_ptr<Classifier> builtin)
      : model_(std::move(model)),
        reader_(model_),
        version_(std::move(version)),
        builtin_(std::move(builtin)) {}

  std::string_view name() const override { return "trained"; }
  const std::string& version() const override { return version_; }

  Classification Classify(std::string_view text) const override {
    // The builtin pass gives keyphrases, and sentiment or tags the model was not trained for.
    Classification c = builtin_->Classify(text);
    const Prediction p = reader_.Predict(text);
    if (p.sentiment) {
      c.sentiment = *p.sentiment;
      c.score = p.score;
    }
    if (p.tags) c.tags = *p.tags;
    return c;
  }

 private:
  LinearModel model_;
  Reader reader_;
  std::string version_;
  std::unique_ptr<Classifier> builtin_;
};

}  // namespace

std::string DedupKey(std::string_view text) { return internal::FeatureWords(text); }

Result<TrainedModel> TrainClassifier(std::span<const LabelledComment> data,
                                     const Taxonomy& taxonomy, const TrainOptions& options,
                                     const TrainProgress& progress) {
  Stopwatch watch;
  if (options.folds < 2 || options.folds > 10) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "folds is between 2 and 10").With("field", "folds"));
  }
  std::set<std::string> known_tags;
  for (const auto& t : taxonomy.tags()) known_tags.insert(t.id);
  TrainedModel out;
  // Distinct texts only: a repeated text in both the training and the held-out part of a fold
  // would inflate the figures.
  std::vector<LabelledComment> items;
  std::unordered_map<std::string, size_t> seen;
  for (const auto& d : data) {
    if (!d.sentiment && !d.tags) continue;
    if (d.tags) {
      for (const auto& t : *d.tags) {
        if (!known_tags.contains(t)) {
          return Fail(Error(ErrorCode::kInvalidArgument, "tag '" + t + "' is not in the taxonomy")
                          .With("tag", t));
        }
      }
    }
    auto key = DedupKey(d.text);
    if (key.empty()) continue;
    auto [it, fresh] = seen.emplace(std::move(key), items.size());
    if (!fresh) {
      ++out.duplicates;
      const auto& kept = items[it->second];
      if (kept.sentiment != d.sentiment || kept.tags != d.tags) ++out.conflicting;
      continue;
    }
    items.push_back(d);
  }
  out.items = static_cast<int64_t>(items.size());
  std::map<Sentiment, int64_t> per_class;
  std::set<std::string> tag_seen;
  for (const auto& d : items) {
    if (d.sentiment) {
      ++out.sentiment_items;
      ++per_class[*d.sentiment];
    }
    if (d.tags) {
      ++out.tag_items;
      tag_seen.insert(d.tags->begin(), d.tags->end());
    }
  }
  if (out.sentiment_items > 0) {
    int classes = 0;
    for (const auto& [s, n] : per_class) {
      if (n < options.folds) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "too few distinct comments labelled '" + std::string(ToString(s)) +
                              "' (" + std::to_string(n) + ") for " + std::to_string(options.folds) +
                              "-fold cross-validation")
                        .With("label", std::string(ToString(s))));
      }
      ++classes;
    }
    if (classes < 2) {
      return Fail(ErrorCode::kInvalidArgument,
                  "the labels hold a single sentiment: at least two are needed");
    }
  }
  std::vector<std::string> tag_ids;
  for (const auto& t : taxonomy.tags()) {
    if (tag_seen.contains(t.id)) tag_ids.push_back(t.id);
  }
  if (out.sentiment_items == 0 && tag_ids.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "no labelled comments to learn from");
  }
  const internal::LinearOptions linear{.hash_bits = options.hash_bits, .c = options.c};

  // Stratified folds: items of each sentiment (and those without one) dealt round-robin after a
  // seeded shuffle.
  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(options.seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    auto rank = [&](size_t i) {
      return items[i].sentiment ? static_cast<int>(*items[i].sentiment) : 3;
    };
    return rank(a) < rank(b);
  });
  std::vector<int> fold(items.size());
  for (size_t k = 0; k < order.size(); ++k) fold[order[k]] = static_cast<int>(k % options.folds);

  std::vector<std::optional<Sentiment>> predicted(items.size());
  std::vector<std::set<std::string>> predicted_tags(items.size());
  out.cv.folds = options.folds;
  const double steps = options.folds + 1;
  for (int f = 0; f < options.folds; ++f) {
    if (progress && !progress(f / steps, "cross-validation fold " + std::to_string(f + 1) + " of " +
                                             std::to_string(options.folds))) {
      return Fail(ErrorCode::kCancelled, "training cancelled");
    }
    std::vector<LabelledComment> train;
    std::vector<std::string> texts;
    for (size_t i = 0; i < items.size(); ++i) {
      if (fold[i] == f) continue;
      train.push_back(items[i]);
      texts.push_back(items[i].text);
    }
    const auto model = SAGAZ_TRY(LinearModel::Fit(texts, Targets(train, tag_ids), linear));
    const Reader reader(model);
    std::vector<Sentiment> gold, guess;
    for (size_t i = 0; i < items.size(); ++i) {
      if (fold[i] != f) continue;
      const auto p = reader.Predict(items[i].text);
      predicted[i] = p.sentiment;
      if (p.tags) predicted_tags[i].insert(p.tags->begin(), p.tags->end());
      if (items[i].sentiment && p.sentiment) {
        gold.push_back(*items[i].sentiment);
        guess.push_back(*p.sentiment);
      }
    }
    if (!gold.empty()) out.cv.fold_macro_f1.push_back(EvaluateSentiment(gold, guess).macro_f1);
  }
  if (out.sentiment_items > 0) {
    std::vector<Sentiment> gold, guess;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].sentiment || !predicted[i]) continue;
      gold.push_back(*items[i].sentiment);
      guess.push_back(*predicted[i]);
    }
    out.cv.sentiment = EvaluateSentiment(gold, guess);
  }
  if (!tag_ids.empty()) {
    std::vector<std::set<std::string>> gold, guess;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].tags) continue;
      gold.emplace_back(items[i].tags->begin(), items[i].tags->end());
      guess.push_back(predicted_tags[i]);
    }
    out.cv.tags = EvaluateTags(gold, guess);
  }

  if (progress && !progress(options.folds / steps, "fitting the model on every comment")) {
    return Fail(ErrorCode::kCancelled, "training cancelled");
  }
  std::vector<std::string> texts;
  texts.reserve(items.size());
  for (const auto& d : items) texts.push_back(d.text);
  const auto model = SAGAZ_TRY(LinearModel::Fit(texts, Targets(items, tag_ids), linear));
  for (const auto& o : model.outputs()) {
    if (o.starts_with(kTagPrefix)) out.tags.push_back(o.substr(kTagPrefix.size()));
  }
  out.features = static_cast<int64_t>(model.features());
  out.model = model.Serialize();
  out.train_ms = watch.ElapsedMs();
  return out;
}

Result<std::unique_ptr<Classifier>> LoadTrainedClassifier(std::string_view model,
                                                          std::string version,
                                                          std::shared_ptr<const Taxonomy> taxonomy,
                                                          BuiltinOptions builtin) {
  auto linear = SAGAZ_TRY(LinearModel::Parse(model));
  auto fallback = SAGAZ_TRY(MakeBuiltinClassifier(std::move(taxonomy), builtin));
  return std::unique_ptr<Classifier>(std::make_unique<TrainedClassifier>(
      std::move(linear), std::move(version), std::move(fallback)));
}

}  // namespace sagaz::feedback
