// Feedback results as JSON and CSV.
#include "core/ids.hpp"
#include "wire/feedback.hpp"

namespace sagaz::wire {
namespace {

Json OrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json ToJson(const feedback::SentimentCounts& c) {
  return Json{{"negative", c.negative},
              {"neutral", c.neutral},
              {"positive", c.positive},
              {"total", c.total()}};
}

Json Keyed(const std::vector<feedback::KeyedSentiment>& items, const char* key) {
  Json out = Json::array();
  for (const auto& k : items) {
    Json j = ToJson(k.counts);
    j[key] = k.key;
    out.push_back(std::move(j));
  }
  return out;
}

Json Metrics(const std::vector<feedback::ClassMetrics>& items) {
  Json out = Json::object();
  for (const auto& m : items) {
    out[m.label] = {{"precision", m.precision},
                    {"recall", m.recall},
                    {"f1", m.f1},
                    {"support", m.support},
                    {"predicted", m.predicted}};
  }
  return out;
}

// RFC 4180 field: quoted when it holds a delimiter, quote or line break.
std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Json ToJson(const feedback::ItemError& e) {
  Json j{
      {"index", e.index}, {"id", OrNull(e.id)}, {"field", OrNull(e.field)}, {"message", e.message}};
  return j;
}

Json ToJson(const feedback::Taxonomy& taxonomy, const feedback::Classifier& classifier) {
  Json tags = Json::array();
  for (const auto& t : taxonomy.tags()) {
    tags.push_back({{"tag", t.id}, {"name_pt", t.name_pt}, {"name_en", t.name_en}});
  }
  return Json{{"classifier", classifier.name()},
              {"classifier_version", classifier.version()},
              {"tags", std::move(tags)}};
}

Json ToJson(const feedback::StoreReport& r) {
  Json errors = Json::array();
  for (const auto& e : r.errors) errors.push_back(ToJson(e));
  return Json{{"batch", r.batch},           {"received", r.received},     {"inserted", r.inserted},
              {"updated", r.updated},       {"unchanged", r.unchanged},   {"rejected", r.rejected},
              {"classified", r.classified}, {"errors", std::move(errors)}};
}

Json ToJson(const feedback::ClassifyReport& r) {
  return Json{{"batch", OrNull(r.batch)},
              {"classified", r.classified},
              {"classifier", r.classifier},
              {"classifier_version", r.classifier_version},
              {"elapsed_ms", r.elapsed_ms}};
}

Json ToJson(const feedback::Classification& c, const feedback::Classifier& classifier) {
  return Json{{"sentiment", feedback::ToString(c.sentiment)},
              {"sentiment_score", c.score},
              {"tags", Json(c.tags)},
              {"keyphrases", Json(c.keyphrases)},
              {"classifier", c.fallback_classifier.empty() ? std::string(classifier.name())
                                                           : c.fallback_classifier},
              {"classifier_version",
               c.fallback_classifier.empty() ? classifier.version() : c.fallback_version},
              {"warning", OrNull(c.warning)}};
}

Json ClassifyTexts(const feedback::Classifier& classifier, const std::vector<std::string>& texts) {
  Json items = Json::array();
  for (const auto& t : texts) {
    Json j = ToJson(classifier.Classify(t), classifier);
    j["text"] = t;
    items.push_back(std::move(j));
  }
  return Json{{"classifications", std::move(items)}};
}

Json ToJson(const feedback::Comment& c) {
  Json j{{"id", c.id},
         {"source", c.source},
         {"text", c.text},
         {"author", OrNull(c.author)},
         {"created_at", OrNull(c.created_at)},
         {"received_at", c.received_at}};
  Json metadata = nullptr;
  if (!c.metadata.empty()) {
    metadata = Json::parse(c.metadata, nullptr, false);
    if (metadata.is_discarded()) metadata = nullptr;
  }
  j["metadata"] = std::move(metadata);
  j["sentiment"] = c.sentiment ? Json(feedback::ToString(*c.sentiment)) : Json(nullptr);
  j["sentiment_score"] = c.sentiment ? Json(c.sentiment_score) : Json(nullptr);
  j["tags"] = Json(c.tags);
  j["keyphrases"] = Json(c.keyphrases);
  j["classifier"] = OrNull(c.classifier);
  j["classifier_version"] = OrNull(c.classifier_version);
  j["classified_at"] = OrNull(c.classified_at);
  j["warning"] = OrNull(c.warning);
  if (c.gold_sentiment || c.gold_tags) {
    j["label"] = {{"sentiment",
                   c.gold_sentiment ? Json(feedback::ToString(*c.gold_sentiment)) : Json(nullptr)},
                  {"tags", c.gold_tags ? Json(*c.gold_tags) : Json(nullptr)}};
  } else {
    j["label"] = nullptr;
  }
  return j;
}

Json ToJson(const feedback::CommentPage& page) {
  Json items = Json::array();
  for (const auto& c : page.comments) items.push_back(ToJson(c));
  return Json{{"comments", std::move(items)}, {"next_cursor", OrNull(page.next_cursor)}};
}

Json ToJson(const feedback::FeedbackService::HistoryEntry& e) {
  return Json{{"sentiment", feedback::ToString(e.sentiment)},
              {"sentiment_score", e.sentiment_score},
              {"tags", Json(e.tags)},
              {"classifier", e.classifier},
              {"classifier_version", e.classifier_version},
              {"classified_at", e.classified_at},
              {"text_hash", e.text_hash},
              {"warning", OrNull(e.warning)}};
}

Json ToJson(const feedback::Summary& s) {
  Json phrases = Json::array();
  for (const auto& k : s.keyphrases) phrases.push_back({{"keyphrase", k.key}, {"count", k.count}});
  return Json{{"comments", s.comments},           {"pending", s.pending},
              {"sentiment", ToJson(s.sentiment)}, {"by_tag", Keyed(s.by_tag, "tag")},
              {"by_day", Keyed(s.by_day, "day")}, {"by_source", Keyed(s.by_source, "source")},
              {"keyphrases", std::move(phrases)}};
}

Json ToJson(const feedback::PublicReport& r) {
  Json tags = Json::array();
  for (const auto& t : r.tags)
    tags.push_back({{"tag", t.id}, {"name_pt", t.name_pt}, {"name_en", t.name_en}});
  Json highlights = Json::array();
  for (const auto& h : r.highlights) {
    highlights.push_back({{"text", h.text},
                          {"sentiment", feedback::ToString(h.sentiment)},
                          {"tags", Json(h.tags)},
                          {"day", h.day}});
  }
  const auto& s = r.summary;
  return Json{{"snapshot_at", Iso8601FromMs(r.snapshot_ms)},
              {"days", r.days},
              {"comments", s.comments - s.pending},
              {"sentiment_share", ToJson(s.sentiment)},
              {"sentiment_over_time", Keyed(s.by_day, "day")},
              {"top_tags", Keyed(s.by_tag, "tag")},
              {"tags", std::move(tags)},
              {"highlights", std::move(highlights)}};
}

Json ToJson(const feedback::SentimentEvaluation& e) {
  Json labels = Json::array();
  for (const auto& m : e.per_class) labels.push_back(m.label);
  return Json{{"items", e.items},
              {"accuracy", e.accuracy},
              {"macro_f1", e.macro_f1},
              {"per_class", Metrics(e.per_class)},
              {"confusion", {{"labels", labels}, {"matrix", e.confusion}}},
              {"majority_baseline",
               {{"label", e.majority_baseline.label},
                {"accuracy", e.majority_baseline.accuracy},
                {"macro_f1", e.majority_baseline.macro_f1}}}};
}

Json ToJson(const feedback::TagEvaluation& e) {
  return Json{
      {"items", e.items},
      {"micro_precision", e.micro_precision},
      {"micro_recall", e.micro_recall},
      {"micro_f1", e.micro_f1},
      {"macro_f1", e.macro_f1},
      {"per_tag", Metrics(e.per_tag)},
      {"majority_baseline",
       {{"tags", Json(e.majority_baseline.tags)}, {"micro_f1", e.majority_baseline.micro_f1}}}};
}

Json ToJson(const feedback::FeedbackService::StoredEvaluation& e) {
  return Json{{"gold", e.gold},
              {"not_found", e.not_found},
              {"pending", e.pending},
              {"classifier", OrNull(e.classifier)},
              {"classifier_version", OrNull(e.classifier_version)},
              {"sentiment", e.sentiment ? ToJson(*e.sentiment) : Json(nullptr)},
              {"tags", e.tags ? ToJson(*e.tags) : Json(nullptr)}};
}

std::string CommentsCsvHeader() {
  return "source,id,text,author,created_at,received_at,sentiment,sentiment_score,tags,keyphrases,"
         "classifier,classifier_version\r\n";
}

std::string ToCsvRow(const feedback::Comment& c) {
  std::string tags, phrases;
  for (const auto& t : c.tags) tags += (tags.empty() ? "" : ";") + t;
  for (const auto& k : c.keyphrases) phrases += (phrases.empty() ? "" : ";") + k;
  const std::string fields[] = {c.source,
                                c.id,
                                c.text,
                                c.author,
                                c.created_at,
                                c.received_at,
                                c.sentiment ? std::string(feedback::ToString(*c.sentiment)) : "",
                                c.sentiment ? Dump(Json(c.sentiment_score)) : "",
                                tags,
                                phrases,
                                c.classifier,
                                c.classifier_version};
  std::string out;
  for (const auto& f : fields) {
    if (!out.empty()) out += ',';
    out += CsvField(f);
  }
  return out + "\r\n";
}

}  // namespace sagaz::wire
