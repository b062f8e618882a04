// The state FeedbackService's parts share (store.cpp, query.cpp, report.cpp).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "feedback/feedback.hpp"

namespace sagaz::feedback {

struct FeedbackService::Impl {
  Impl(db::ConnectionPool& p, FeedbackConfig c) : pool(p), config(std::move(c)) {}
  db::ConnectionPool& pool;
  FeedbackConfig config;
  std::shared_ptr<const Taxonomy> taxonomy;
  std::shared_ptr<const Classifier> builtin;
  std::shared_ptr<llm::Provider> llm;  // the LLM classifier's model, if configured
  std::optional<versioning::VersionStore<ModelVersion>> models;  // guarded by models_mu
  std::mutex models_mu;
  mutable std::mutex classifier_mu;
  std::shared_ptr<const Classifier> classifier;  // guarded by classifier_mu
  std::shared_ptr<const Classifier> Current() const {
    std::lock_guard lock(classifier_mu);
    return classifier;
  }
  // Serves the store's active version, or the builtin classifier when none is active or the
  // active one cannot be read (with a logged warning). models.cpp.
  Status LoadActive();
  // The LLM classifier over `fallback`.
  Result<std::shared_ptr<const Classifier>> WithLlm(
      std::shared_ptr<const Classifier> fallback) const;
  // Every write to the comment tables: DuckDB lets one transaction at a time change a row.
  std::mutex write_mu;

  std::mutex report_mu;
  std::optional<PublicReport> report;  // guarded by report_mu
};

namespace internal {

// Tags and keyphrases are stored as lists; they cross the C API as text joined by this separator.
inline constexpr char kListSeparator = '\x1f';
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitList(std::string_view text);

// SQL conditions and parameters of a filter ("TRUE" when it selects everything).
struct Where {
  std::string sql;
  std::vector<db::Param> params;
};
Result<Where> WhereOf(const CommentFilter& filter);

// The clearest `each` positive and `each` negative comments among the latest of `where`, masked.
Result<std::vector<Highlight>> Highlights(db::Connection& conn, const Where& where, int each);

}  // namespace internal
}  // namespace sagaz::feedback
