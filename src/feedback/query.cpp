// Reading comments back: lists, exports, history, summaries, the public report and evaluation of
// stored classifications.
#include <algorithm>
#include <map>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "feedback/eval.hpp"
#include "feedback/feedback.hpp"
#include "feedback/internal/service.hpp"
#include "feedback/internal/text.hpp"

namespace sagaz::feedback {
namespace {

constexpr const char* kColumns =
    "seq, source, id, text, author, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ'), "
    "strftime(received_at, '%Y-%m-%dT%H:%M:%SZ'), metadata, sentiment, sentiment_score, "
    "array_to_string(tags, chr(31)), array_to_string(keyphrases, chr(31)), classifier, "
    "classifier_version, strftime(classified_at, '%Y-%m-%dT%H:%M:%SZ'), warning";

Comment ToComment(const std::vector<db::Value>& row) {
  Comment c;
  c.seq = db::IntOf(row[0]);
  c.source = db::TextOf(row[1]);
  c.id = db::TextOf(row[2]);
  c.text = db::TextOf(row[3]);
  c.author = db::TextOf(row[4]);
  c.created_at = db::TextOf(row[5]);
  c.received_at = db::TextOf(row[6]);
  c.metadata = db::TextOf(row[7]);
  if (auto s = ParseSentiment(db::TextOf(row[8])); s && !db::TextOf(row[8]).empty())
    c.sentiment = *s;
  c.sentiment_score = db::DoubleOf(row[9]).value_or(0);
  c.tags = internal::SplitList(db::TextOf(row[10]));
  c.keyphrases = internal::SplitList(db::TextOf(row[11]));
  c.classifier = db::TextOf(row[12]);
  c.classifier_version = db::TextOf(row[13]);
  c.classified_at = db::TextOf(row[14]);
  c.warning = db::TextOf(row[15]);
  return c;
}

Error BadFilter(std::string_view field, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).With("field", std::string(field));
}

void Add(SentimentCounts& counts, std::string_view sentiment, int64_t n) {
  if (sentiment == "negative") counts.negative += n;
  if (sentiment == "neutral") counts.neutral += n;
  if (sentiment == "positive") counts.positive += n;
}

// Counts by a key and sentiment: `select_key` is an expression over the rows of `from`.
Result<std::vector<KeyedSentiment>> CountBy(db::Connection& conn, const std::string& select_key,
                                            const std::string& from, const internal::Where& where,
                                            bool by_key_order) {
  auto r = SAGAZ_TRY(conn.Query("SELECT k, sentiment, count(*) FROM (SELECT " + select_key +
                                    " AS k, sentiment FROM " + from + " WHERE " + where.sql +
                                    ") WHERE k IS NOT NULL AND sentiment IS NOT NULL GROUP BY ALL",
                                where.params));
  std::map<std::string, SentimentCounts> by_key;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    Add(by_key[db::TextOf(row[0])], db::TextOf(row[1]), db::IntOf(row[2]));
  }
  std::vector<KeyedSentiment> out;
  for (auto& [key, counts] : by_key) out.push_back({key, counts});
  if (!by_key_order) {
    std::stable_sort(out.begin(), out.end(), [](const KeyedSentiment& a, const KeyedSentiment& b) {
      return a.counts.total() > b.counts.total();
    });
  }
  return out;
}

}  // namespace

namespace internal {

Result<Where> WhereOf(const CommentFilter& filter) {
  Where w;
  w.sql = "TRUE";
  auto add = [&](std::string condition, db::Param value) {
    w.sql += " AND " + std::move(condition);
    w.params.push_back(std::move(value));
  };
  if (filter.sentiment) add("sentiment = ?", std::string(ToString(*filter.sentiment)));
  if (!filter.tag.empty()) add("list_contains(tags, ?)", filter.tag);
  if (!filter.source.empty()) add("source = ?", filter.source);
  if (!filter.classifier.empty()) add("classifier = ?", filter.classifier);
  for (const auto& [field, text, op] :
       {std::tuple{"from", &filter.from, ">="}, std::tuple{"to", &filter.to, "<"}}) {
    if (text->empty()) continue;
    auto t = ParseTime(*text);
    if (!t) {
      return Fail(
          BadFilter(field, "'" + *text + "' is not a date (use 2024-03-01 or an ISO time)"));
    }
    add(std::string("coalesce(created_at, received_at) ") + op + " ?", db::Timestamp{*t});
  }
  const auto tokens = Tokenize(filter.q, [](std::string_view) { return false; });
  for (const auto& t : tokens.tokens) {
    if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber)
      add("contains(lower(strip_accents(text)), ?)", t.norm);
  }
  if (!filter.cursor.empty()) {
    auto seq = ParseNumber<int64_t>(filter.cursor);
    if (!seq) return Fail(BadFilter("cursor", "the cursor is not one this API gave"));
    add("seq < ?", *seq);
  }
  return w;
}

}  // namespace internal

Result<CommentPage> FeedbackService::List(const CommentFilter& filter) {
  if (filter.limit < 1 || filter.limit > 1000) {
    return Fail(BadFilter("limit", "limit must be between 1 and 1000"));
  }
  auto where = SAGAZ_TRY(internal::WhereOf(filter));
  where.params.push_back(filter.limit + 1);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto r = SAGAZ_TRY(conn->Query(std::string("SELECT ") + kColumns +
                                     " FROM _sagaz.feedback_comments WHERE " + where.sql +
                                     " ORDER BY seq DESC LIMIT ?",
                                 where.params));
  CommentPage page;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) page.comments.push_back(ToComment(row));
  if (static_cast<int64_t>(page.comments.size()) > filter.limit) {
    page.comments.pop_back();
    page.next_cursor = std::to_string(page.comments.back().seq);
  }
  if (page.comments.empty()) return page;
  // The page's gold labels: one lookup by the page's range of seq.
  const db::Param range[] = {page.comments.back().seq, page.comments.front().seq};
  auto labels = SAGAZ_TRY(conn->Query(
      "SELECT c.seq, l.sentiment, array_to_string(l.tags, chr(31)), l.tags IS NULL FROM "
      "_sagaz.feedback_labels l JOIN _sagaz.feedback_comments c ON c.source = l.source AND c.id "
      "= l.id WHERE c.seq BETWEEN ? AND ?",
      range));
  std::map<int64_t, const std::vector<db::Value>*> by_seq;
  const auto rows = SAGAZ_TRY(labels.FetchRows());
  for (const auto& row : rows) by_seq[db::IntOf(row[0])] = &row;
  for (auto& c : page.comments) {
    auto it = by_seq.find(c.seq);
    if (it == by_seq.end()) continue;
    const auto& row = *it->second;
    if (auto s = ParseSentiment(db::TextOf(row[1])); s) c.gold_sentiment = *s;
    if (!std::get<bool>(row[3])) c.gold_tags = internal::SplitList(db::TextOf(row[2]));
  }
  return page;
}

Status FeedbackService::Export(const CommentFilter& filter,
                               const std::function<bool(std::span<const Comment>)>& chunk) {
  CommentFilter all = filter;
  all.cursor.clear();
  auto where = SAGAZ_TRY(internal::WhereOf(all));
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  int64_t last = -1;
  while (true) {
    auto params = where.params;
    params.push_back(last);
    auto r = SAGAZ_TRY(conn->Query(std::string("SELECT ") + kColumns +
                                       " FROM _sagaz.feedback_comments WHERE " + where.sql +
                                       " AND seq > ? ORDER BY seq LIMIT 5000",
                                   params));
    std::vector<Comment> comments;
    for (const auto& row : SAGAZ_TRY(r.FetchRows())) comments.push_back(ToComment(row));
    if (comments.empty() || !chunk(comments)) return Ok();
    last = comments.back().seq;
  }
}

Result<std::vector<FeedbackService::HistoryEntry>> FeedbackService::History(std::string_view source,
                                                                            std::string_view id) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const db::Param p[] = {std::string(source.empty() ? "default" : source), std::string(id)};
  auto exists = SAGAZ_TRY(
      conn->Query("SELECT count(*) FROM _sagaz.feedback_comments WHERE source = ? AND id = ?", p));
  if (db::IntOf(SAGAZ_TRY(exists.FetchScalar())) == 0) {
    return Fail(ErrorCode::kNotFound, "no comment '" + std::string(id) + "' from source '" +
                                          std::string(source.empty() ? "default" : source) + "'");
  }
  auto r = SAGAZ_TRY(conn->Query(
      "SELECT sentiment, sentiment_score, array_to_string(tags, chr(31)), classifier, "
      "classifier_version, strftime(classified_at, '%Y-%m-%dT%H:%M:%SZ'), text_hash, warning FROM "
      "_sagaz.feedback_classifications WHERE source = ? AND id = ? ORDER BY classified_at DESC",
      p));
  std::vector<HistoryEntry> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    HistoryEntry e;
    e.sentiment = ParseSentiment(db::TextOf(row[0])).value_or(Sentiment::kNeutral);
    e.sentiment_score = db::DoubleOf(row[1]).value_or(0);
    e.tags = internal::SplitList(db::TextOf(row[2]));
    e.classifier = db::TextOf(row[3]);
    e.classifier_version = db::TextOf(row[4]);
    e.classified_at = db::TextOf(row[5]);
    e.text_hash = db::TextOf(row[6]);
    e.warning = db::TextOf(row[7]);
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

Result<Summary> SummarizeWhere(db::Connection& conn, const internal::Where& where, bool sources) {
  Summary s;
  const std::string table = "_sagaz.feedback_comments";
  auto totals = SAGAZ_TRY(conn.Query(
      "SELECT count(*), count(*) FILTER (WHERE sentiment IS NULL), count(*) FILTER (WHERE "
      "sentiment = 'negative'), count(*) FILTER (WHERE sentiment = 'neutral'), count(*) FILTER "
      "(WHERE sentiment = 'positive') FROM " +
          table + " WHERE " + where.sql,
      where.params));
  const auto t = SAGAZ_TRY(totals.FetchRows());
  s.comments = db::IntOf(t[0][0]);
  s.pending = db::IntOf(t[0][1]);
  s.sentiment = {db::IntOf(t[0][2]), db::IntOf(t[0][3]), db::IntOf(t[0][4])};
  s.by_tag = SAGAZ_TRY(CountBy(conn, "unnest(tags)", table, where, false));
  s.by_day = SAGAZ_TRY(
      CountBy(conn, "strftime(coalesce(created_at, received_at), '%Y-%m-%d')", table, where, true));
  if (sources) s.by_source = SAGAZ_TRY(CountBy(conn, "source", table, where, false));
  auto phrases = SAGAZ_TRY(
      conn.Query("SELECT k, count(*) AS n FROM (SELECT unnest(keyphrases) AS k FROM " + table +
                     " WHERE " + where.sql + ") GROUP BY k ORDER BY n DESC, k LIMIT 20",
                 where.params));
  for (const auto& row : SAGAZ_TRY(phrases.FetchRows())) {
    s.keyphrases.push_back({db::TextOf(row[0]), db::IntOf(row[1])});
  }
  return s;
}

}  // namespace

Result<Summary> FeedbackService::Summarize(const CommentFilter& filter) {
  CommentFilter all = filter;
  all.cursor.clear();
  const auto where = SAGAZ_TRY(internal::WhereOf(all));
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  return SummarizeWhere(*conn, where, true);
}

Result<PublicReport> FeedbackService::Report() {
  std::lock_guard lock(impl_->report_mu);
  const int64_t now = NowMs();
  if (impl_->report && now - impl_->report->snapshot_ms < impl_->config.report_cache_s * 1000) {
    return *impl_->report;
  }
  PublicReport report;
  report.snapshot_ms = now;
  report.days = impl_->config.report_days;
  internal::Where where;
  where.sql = "coalesce(created_at, received_at) >= ?";
  where.params.push_back(db::Timestamp{(now - report.days * 86'400'000) * 1000});
  if (!impl_->config.public_sources.empty()) {
    where.sql += " AND source IN (";
    for (size_t i = 0; i < impl_->config.public_sources.size(); ++i) {
      where.sql += i ? ", ?" : "?";
      where.params.push_back(impl_->config.public_sources[i]);
    }
    where.sql += ")";
  }
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  report.summary = SAGAZ_TRY(SummarizeWhere(*conn, where, false));
  for (const auto& tag : impl_->taxonomy->tags()) {
    if (std::any_of(report.summary.by_tag.begin(), report.summary.by_tag.end(),
                    [&](const KeyedSentiment& k) { return k.key == tag.id; })) {
      report.tags.push_back(tag);
    }
  }
  report.highlights = SAGAZ_TRY(internal::Highlights(*conn, where, 3));
  impl_->report = report;
  return report;
}

namespace internal {

Result<std::vector<Highlight>> Highlights(db::Connection& conn, const Where& where, int each) {
  // The clearest positive and negative comments among the latest 500 of each.
  const std::string recent =
      "SELECT text, sentiment, sentiment_score, array_to_string(tags, chr(31)) AS t, "
      "strftime(coalesce(created_at, received_at), '%Y-%m-%d') AS d, seq FROM "
      "_sagaz.feedback_comments WHERE " +
      where.sql + " AND sentiment IN ('positive', 'negative') AND length(text) <= 280";
  std::vector<db::Param> params = where.params;
  params.push_back(int64_t{each});
  params.insert(params.end(), where.params.begin(), where.params.end());
  params.push_back(int64_t{each});
  auto r = SAGAZ_TRY(conn.Query(
      "SELECT * FROM (SELECT * FROM (" + recent +
          " ORDER BY seq DESC LIMIT 500) WHERE sentiment = 'positive' ORDER BY sentiment_score "
          "DESC LIMIT ?) UNION ALL SELECT * FROM (SELECT * FROM (" +
          recent +
          " ORDER BY seq DESC LIMIT 500) WHERE sentiment = 'negative' ORDER BY sentiment_score "
          "LIMIT ?)",
      params));
  std::vector<Highlight> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    Highlight h;
    h.text = MaskPersonalData(db::TextOf(row[0]));
    h.sentiment = ParseSentiment(db::TextOf(row[1])).value_or(Sentiment::kNeutral);
    h.tags = internal::SplitList(db::TextOf(row[3]));
    h.day = db::TextOf(row[4]);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace internal

Result<FeedbackService::StoredEvaluation> FeedbackService::EvaluateStored(
    std::span<const GoldItem> gold) {
  StoredEvaluation out;
  out.gold = static_cast<int64_t>(gold.size());
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(conn->Execute(
      "CREATE OR REPLACE TEMP TABLE fb_gold (idx BIGINT, source VARCHAR, id VARCHAR)"));
  {
    auto appender = SAGAZ_TRY(conn->CreateAppender("", "fb_gold"));
    for (size_t i = 0; i < gold.size(); ++i) {
      appender.Append(static_cast<int64_t>(i))
          .Append(gold[i].source.empty() ? std::string_view("default") : gold[i].source)
          .Append(gold[i].id);
      SAGAZ_TRY(appender.EndRow());
    }
    SAGAZ_TRY(appender.Close());
  }
  auto r = SAGAZ_TRY(conn->Query(
      "SELECT g.idx, c.seq IS NOT NULL, c.sentiment, array_to_string(c.tags, chr(31)), "
      "c.classifier, c.classifier_version FROM fb_gold g LEFT JOIN _sagaz.feedback_comments c ON "
      "c.source = g.source AND c.id = g.id ORDER BY g.idx"));
  const auto rows = SAGAZ_TRY(r.FetchRows());
  SAGAZ_TRY(conn->Execute("DROP TABLE IF EXISTS fb_gold"));
  std::vector<Sentiment> gold_s, predicted_s;
  std::vector<std::set<std::string>> gold_t, predicted_t;
  for (const auto& row : rows) {
    const auto& item = gold[static_cast<size_t>(db::IntOf(row[0]))];
    if (!std::get<bool>(row[1])) {
      ++out.not_found;
      continue;
    }
    const std::string sentiment = db::TextOf(row[2]);
    if (sentiment.empty()) {
      ++out.pending;
      continue;
    }
    out.classifier = db::TextOf(row[4]);
    out.classifier_version = db::TextOf(row[5]);
    if (item.sentiment) {
      gold_s.push_back(*item.sentiment);
      predicted_s.push_back(ParseSentiment(sentiment).value_or(Sentiment::kNeutral));
    }
    if (item.tags) {
      gold_t.emplace_back(item.tags->begin(), item.tags->end());
      const auto tags = internal::SplitList(db::TextOf(row[3]));
      predicted_t.emplace_back(tags.begin(), tags.end());
    }
  }
  if (!gold_s.empty()) out.sentiment = EvaluateSentiment(gold_s, predicted_s);
  if (!gold_t.empty()) out.tags = EvaluateTags(gold_t, predicted_t);
  return out;
}

}  // namespace sagaz::feedback
