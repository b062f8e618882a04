// Gold labels: a person's sentiment and tags for stored comments, for training and evaluation.
#include <map>
#include <set>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "feedback/feedback.hpp"
#include "feedback/internal/service.hpp"

namespace sagaz::feedback {

Result<GoldLabel> FeedbackService::Relabel(const RelabelRequest& request) {
  if (!request.sentiment && !request.tags) {
    return Fail(ErrorCode::kInvalidArgument, "a label needs a sentiment, tags or both");
  }
  const std::string source = request.source.empty() ? "default" : request.source;
  std::string tags;
  if (request.tags) {
    std::set<std::string> known;
    for (const auto& t : impl_->taxonomy->tags()) known.insert(t.id);
    for (const auto& t : *request.tags) {
      if (!known.contains(t)) {
        return Fail(Error(ErrorCode::kInvalidArgument, "tag '" + t + "' is not in the taxonomy")
                        .With("field", "tags")
                        .With("tag", t));
      }
    }
    tags = internal::JoinList(*request.tags);
  }
  std::lock_guard lock(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  {
    const db::Param p[] = {source, request.id};
    auto r = SAGAZ_TRY(conn->Query(
        "SELECT count(*) FROM _sagaz.feedback_comments WHERE source = ? AND id = ?", p));
    if (db::IntOf(SAGAZ_TRY(r.FetchScalar())) == 0) {
      return Fail(
          Error(ErrorCode::kNotFound, "no comment '" + request.id + "' in source '" + source + "'")
              .With("id", request.id)
              .With("source", source));
    }
  }
  GoldLabel label{source, request.id, request.sentiment, request.tags, request.by, NowIso8601()};
  const db::Param p[] = {
      source,
      request.id,
      request.sentiment ? db::Param(std::string(ToString(*request.sentiment))) : db::Param(nullptr),
      request.tags ? db::Param(tags) : db::Param(nullptr),
      request.by.empty() ? std::string("unknown") : request.by,
      db::Timestamp{NowMs() * 1000}};
  // A new label keeps what the previous one said about the part it leaves out.
  SAGAZ_TRY(conn->Query(
      "INSERT INTO _sagaz.feedback_labels VALUES ($1, $2, $3, CASE WHEN $4 IS NULL THEN NULL "
      "WHEN $4 = '' THEN []::VARCHAR[] ELSE string_split($4, chr(31)) END, $5, $6) ON CONFLICT "
      "(source, id) DO UPDATE SET sentiment = coalesce(excluded.sentiment, "
      "feedback_labels.sentiment), tags = "
      "coalesce(excluded.tags, feedback_labels.tags), labelled_by = excluded.labelled_by, "
      "labelled_at = "
      "excluded.labelled_at",
      p));
  return label;
}

Result<std::vector<LabelledComment>> FeedbackService::GoldLabels() {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto r = SAGAZ_TRY(conn->Query(
      "SELECT c.text, l.sentiment, array_to_string(l.tags, chr(31)), l.tags IS NULL FROM "
      "_sagaz.feedback_labels l JOIN _sagaz.feedback_comments c ON c.source = l.source AND c.id "
      "= l.id ORDER BY c.seq"));
  std::vector<LabelledComment> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    LabelledComment item;
    item.text = db::TextOf(row[0]);
    if (const auto s = db::TextOf(row[1]); !s.empty())
      item.sentiment = ParseSentiment(s).value_or(Sentiment::kNeutral);
    if (!std::get<bool>(row[3])) item.tags = internal::SplitList(db::TextOf(row[2]));
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace sagaz::feedback
