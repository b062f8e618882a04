#include "feedback/eval.hpp"

#include <algorithm>
#include <map>

namespace sagaz::feedback {
namespace {

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }
double F1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

}  // namespace

SentimentEvaluation EvaluateSentiment(std::span<const Sentiment> gold,
                                      std::span<const Sentiment> predicted) {
  SentimentEvaluation e;
  const size_t n = std::min(gold.size(), predicted.size());
  e.items = static_cast<int64_t>(n);
  e.confusion.assign(kSentimentCount, std::vector<int64_t>(kSentimentCount, 0));
  for (size_t i = 0; i < n; ++i) {
    ++e.confusion[static_cast<size_t>(gold[i])][static_cast<size_t>(predicted[i])];
  }
  // Metrics of a confusion matrix: accuracy, and macro-F1 over the classes present in gold.
  auto score = [n](const std::vector<std::vector<int64_t>>& m, std::vector<ClassMetrics>* out,
                   double& accuracy, double& macro_f1) {
    int64_t correct = 0;
    double f1_sum = 0;
    int classes = 0;
    for (size_t c = 0; c < kSentimentCount; ++c) {
      ClassMetrics k;
      k.label = std::string(ToString(static_cast<Sentiment>(c)));
      for (size_t o = 0; o < kSentimentCount; ++o) {
        k.support += m[c][o];
        k.predicted += m[o][c];
      }
      correct += m[c][c];
      k.precision = Ratio(static_cast<double>(m[c][c]), static_cast<double>(k.predicted));
      k.recall = Ratio(static_cast<double>(m[c][c]), static_cast<double>(k.support));
      k.f1 = F1(k.precision, k.recall);
      if (k.support > 0) {
        f1_sum += k.f1;
        ++classes;
      }
      if (out) out->push_back(std::move(k));
    }
    accuracy = Ratio(static_cast<double>(correct), static_cast<double>(n));
    macro_f1 = classes > 0 ? f1_sum / classes : 0;
  };
  score(e.confusion, &e.per_class, e.accuracy, e.macro_f1);

  size_t majority = 0;
  for (size_t c = 1; c < kSentimentCount; ++c) {
    if (e.per_class[c].support > e.per_class[majority].support) majority = c;
  }
  std::vector<std::vector<int64_t>> always(kSentimentCount,
                                           std::vector<int64_t>(kSentimentCount, 0));
  for (size_t c = 0; c < kSentimentCount; ++c) always[c][majority] = e.per_class[c].support;
  e.majority_baseline.label = e.per_class[majority].label;
  score(always, nullptr, e.majority_baseline.accuracy, e.majority_baseline.macro_f1);
  return e;
}

TagEvaluation EvaluateTags(std::span<const std::set<std::string>> gold,
                           std::span<const std::set<std::string>> predicted) {
  TagEvaluation e;
  const size_t n = std::min(gold.size(), predicted.size());
  e.items = static_cast<int64_t>(n);
  struct Counts {
    int64_t tp = 0, fp = 0, fn = 0;
  };
  auto tally = [n, &gold](auto predicted_of) {
    std::map<std::string, Counts> by_tag;
    for (size_t i = 0; i < n; ++i) {
      const std::set<std::string>& p = predicted_of(i);
      for (const auto& t : gold[i]) ++(p.contains(t) ? by_tag[t].tp : by_tag[t].fn);
      for (const auto& t : p) {
        if (!gold[i].contains(t)) ++by_tag[t].fp;
      }
    }
    return by_tag;
  };
  auto micro = [](const std::map<std::string, Counts>& by_tag, double& p, double& r, double& f) {
    Counts all;
    for (const auto& [tag, c] : by_tag) {
      all.tp += c.tp;
      all.fp += c.fp;
      all.fn += c.fn;
    }
    p = Ratio(static_cast<double>(all.tp), static_cast<double>(all.tp + all.fp));
    r = Ratio(static_cast<double>(all.tp), static_cast<double>(all.tp + all.fn));
    f = F1(p, r);
  };
  const auto by_tag = tally([&](size_t i) -> const std::set<std::string>& { return predicted[i]; });
  micro(by_tag, e.micro_precision, e.micro_recall, e.micro_f1);
  double f1_sum = 0;
  for (const auto& [tag, c] : by_tag) {
    ClassMetrics k;
    k.label = tag;
    k.support = c.tp + c.fn;
    k.predicted = c.tp + c.fp;
    k.precision = Ratio(static_cast<double>(c.tp), static_cast<double>(k.predicted));
    k.recall = Ratio(static_cast<double>(c.tp), static_cast<double>(k.support));
    k.f1 = F1(k.precision, k.recall);
    f1_sum += k.f1;
    e.per_tag.push_back(std::move(k));
  }
  e.macro_f1 = by_tag.empty() ? 0 : f1_sum / static_cast<double>(by_tag.size());

  std::map<std::string, int64_t> frequency;
  for (size_t i = 0; i < n; ++i) {
    for (const auto& t : gold[i]) ++frequency[t];
  }
  std::set<std::string> majority;
  for (const auto& [tag, count] : frequency) {
    if (2 * count >= static_cast<int64_t>(n)) majority.insert(tag);
  }
  e.majority_baseline.tags.assign(majority.begin(), majority.end());
  double p = 0, r = 0;
  micro(tally([&](size_t) -> const std::set<std::string>& { return majority; }), p, r,
        e.majority_baseline.micro_f1);
  return e;
}

}  // namespace sagaz::feedback
