// Feedback's trained models, gold labels and training files: JSON shapes and readers.
#include <fstream>

#include "core/strings.hpp"
#include "wire/feedback.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {
namespace {

std::vector<feedback::ClassMetrics> MetricsFrom(const Json& j) {
  std::vector<feedback::ClassMetrics> out;
  if (!j.is_object()) return out;
  for (const auto& [label, m] : j.items()) {
    out.push_back({label, m.value("precision", 0.0), m.value("recall", 0.0), m.value("f1", 0.0),
                   m.value("support", int64_t{0}), m.value("predicted", int64_t{0})});
  }
  return out;
}

feedback::SentimentEvaluation SentimentFrom(const Json& j) {
  feedback::SentimentEvaluation e;
  e.items = j.value("items", int64_t{0});
  e.accuracy = j.value("accuracy", 0.0);
  e.macro_f1 = j.value("macro_f1", 0.0);
  // per_class in sentiment order, whatever order the object kept.
  auto per_class = MetricsFrom(j.value("per_class", Json::object()));
  for (auto s : {feedback::Sentiment::kNegative, feedback::Sentiment::kNeutral,
                 feedback::Sentiment::kPositive}) {
    for (const auto& m : per_class) {
      if (m.label == feedback::ToString(s)) e.per_class.push_back(m);
    }
  }
  if (auto c = j.find("confusion"); c != j.end() && c->is_object()) {
    e.confusion = c->value("matrix", std::vector<std::vector<int64_t>>{});
  }
  if (auto b = j.find("majority_baseline"); b != j.end() && b->is_object()) {
    e.majority_baseline = {b->value("label", std::string()), b->value("accuracy", 0.0),
                           b->value("macro_f1", 0.0)};
  }
  return e;
}

feedback::TagEvaluation TagsFrom(const Json& j) {
  feedback::TagEvaluation e;
  e.items = j.value("items", int64_t{0});
  e.micro_precision = j.value("micro_precision", 0.0);
  e.micro_recall = j.value("micro_recall", 0.0);
  e.micro_f1 = j.value("micro_f1", 0.0);
  e.macro_f1 = j.value("macro_f1", 0.0);
  e.per_tag = MetricsFrom(j.value("per_tag", Json::object()));
  if (auto b = j.find("majority_baseline"); b != j.end() && b->is_object()) {
    e.majority_baseline.tags = b->value("tags", std::vector<std::string>{});
    e.majority_baseline.micro_f1 = b->value("micro_f1", 0.0);
  }
  return e;
}

std::vector<std::string> SplitTags(std::string_view cell) {
  std::vector<std::string> out;
  std::string current;
  for (char c : cell) {
    if (c == ';' || c == ',' || c == '|') {
      if (auto t = Trim(current); !t.empty()) out.emplace_back(t);
      current.clear();
    } else {
      current += c;
    }
  }
  if (auto t = Trim(current); !t.empty()) out.emplace_back(t);
  return out;
}

}  // namespace

Json ToJson(const feedback::ModelVersion& m) {
  Json cv{{"folds", m.cv.folds},
          {"sentiment", m.cv.sentiment ? ToJson(*m.cv.sentiment) : Json(nullptr)},
          {"tags", m.cv.tags ? ToJson(*m.cv.tags) : Json(nullptr)},
          {"fold_macro_f1", m.cv.fold_macro_f1}};
  return Json{{"id", m.id},
              {"version", m.version},
              {"created_at", m.created_at},
              {"checksum", m.checksum},
              {"active", m.active},
              {"kind", m.kind},
              {"trained_on", m.trained_on},
              {"options",
               {{"folds", m.options.folds},
                {"c", m.options.c},
                {"hash_bits", m.options.hash_bits},
                {"seed", m.options.seed}}},
              {"items", m.items},
              {"duplicates", m.duplicates},
              {"conflicting", m.conflicting},
              {"sentiment_items", m.sentiment_items},
              {"tag_items", m.tag_items},
              {"features", m.features},
              {"tags", m.tags},
              {"taxonomy", m.taxonomy},
              {"cross_validation", std::move(cv)},
              {"train_ms", m.train_ms}};
}

Result<feedback::ModelVersion> ModelVersionFromJson(const Json& j) {
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string()) {
    return Fail(ErrorCode::kInvalidArgument, "not a feedback model record");
  }
  feedback::ModelVersion m;
  try {
    m.id = j.value("id", std::string());
    m.version = j.value("version", 1);
    m.created_at = j.value("created_at", std::string());
    m.checksum = j.value("checksum", std::string());
    m.kind = j.value("kind", m.kind);
    m.trained_on = j.value("trained_on", std::string());
    if (auto o = j.find("options"); o != j.end() && o->is_object()) {
      m.options.folds = o->value("folds", m.options.folds);
      m.options.c = o->value("c", m.options.c);
      m.options.hash_bits = o->value("hash_bits", m.options.hash_bits);
      m.options.seed = o->value("seed", m.options.seed);
    }
    m.items = j.value("items", int64_t{0});
    m.duplicates = j.value("duplicates", int64_t{0});
    m.conflicting = j.value("conflicting", int64_t{0});
    m.sentiment_items = j.value("sentiment_items", int64_t{0});
    m.tag_items = j.value("tag_items", int64_t{0});
    m.features = j.value("features", int64_t{0});
    m.tags = j.value("tags", std::vector<std::string>{});
    m.taxonomy = j.value("taxonomy", std::string());
    m.train_ms = j.value("train_ms", 0.0);
    if (auto cv = j.find("cross_validation"); cv != j.end() && cv->is_object()) {
      m.cv.folds = cv->value("folds", 0);
      if (auto s = cv->find("sentiment"); s != cv->end() && s->is_object()) {
        m.cv.sentiment = SentimentFrom(*s);
      }
      if (auto t = cv->find("tags"); t != cv->end() && t->is_object()) m.cv.tags = TagsFrom(*t);
      m.cv.fold_macro_f1 = cv->value("fold_macro_f1", std::vector<double>{});
    }
  } catch (const Json::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, std::string("malformed model record: ") + e.what());
  }
  return m;
}

versioning::RecordCodec<feedback::ModelVersion> FeedbackModelCodec() {
  return {.encode = [](const feedback::ModelVersion& m) { return Dump(ToJson(m), 1); },
          .decode = [](std::string_view text) -> Result<feedback::ModelVersion> {
            return ModelVersionFromJson(SAGAZ_TRY(ParseBody(text)));
          },
          .slot = [](const feedback::ModelVersion&) { return std::string("classifier"); }};
}

Result<TrainBody> ParseTrainBody(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"folds", "c", "activate"}));
  TrainBody out;
  if (auto f =
          SAGAZ_TRY(internal::OptionalInteger(body, "folds", 2, 10, "an integer from 2 to 10"))) {
    out.options.folds = static_cast<int>(*f);
  }
  if (auto c = body.find("c"); c != body.end()) {
    if (!c->is_number() || !(c->get<double>() > 0) || c->get<double>() > 1e6) {
      return Fail(internal::FieldError("c", "'c' must be a positive number"));
    }
    out.options.c = c->get<double>();
  }
  if (auto a = body.find("activate"); a != body.end()) {
    if (!a->is_boolean())
      return Fail(internal::FieldError("activate", "'activate' must be true or false"));
    out.activate = a->get<bool>();
  }
  return out;
}

Result<feedback::RelabelRequest> ParseRelabel(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"source", "sentiment", "tags"}));
  feedback::RelabelRequest out;
  if (auto s = SAGAZ_TRY(internal::OptionalString(body, "source"))) out.source = *s;
  if (auto s = body.find("sentiment"); s != body.end() && !s->is_null()) {
    if (!s->is_string())
      return Fail(internal::FieldError("sentiment", "'sentiment' must be a string"));
    auto parsed = feedback::ParseSentiment(s->get<std::string>());
    if (!parsed) return Fail(internal::FieldError("sentiment", parsed.error().message));
    out.sentiment = *parsed;
  }
  if (auto t = body.find("tags"); t != body.end() && !t->is_null()) {
    if (!t->is_array())
      return Fail(internal::FieldError("tags", "'tags' must be an array of tag ids"));
    out.tags.emplace();
    for (const auto& tag : *t) {
      if (!tag.is_string())
        return Fail(internal::FieldError("tags", "'tags' must be an array of tag ids"));
      out.tags->push_back(tag.get<std::string>());
    }
  }
  if (!out.sentiment && !out.tags) {
    return Fail(internal::FieldError("sentiment", "a label needs 'sentiment', 'tags' or both"));
  }
  return out;
}

Json ToJson(const feedback::WeeklySummary& w) {
  auto counts = [](const feedback::SentimentCounts& c) {
    return Json{{"negative", c.negative},
                {"neutral", c.neutral},
                {"positive", c.positive},
                {"total", c.total()}};
  };
  auto trends = [](const std::vector<feedback::TagTrend>& tags) {
    Json out = Json::array();
    for (const auto& t : tags) {
      out.push_back(
          {{"tag", t.tag}, {"count", t.count}, {"previous", t.previous}, {"negative", t.negative}});
    }
    return out;
  };
  Json highlights = Json::array();
  for (const auto& h : w.highlights) {
    highlights.push_back({{"text", h.text},
                          {"sentiment", feedback::ToString(h.sentiment)},
                          {"tags", h.tags},
                          {"day", h.day}});
  }
  return Json{{"week", w.week},
              {"from", w.from},
              {"to", w.to},
              {"comments", w.comments},
              {"previous_comments", w.previous_comments},
              {"sentiment", counts(w.sentiment)},
              {"previous_sentiment", counts(w.previous_sentiment)},
              {"net_sentiment", w.net},
              {"previous_net_sentiment", w.previous_net},
              {"net_sentiment_change", w.net - w.previous_net},
              {"top_tags", trends(w.top_tags)},
              {"rising_tags", trends(w.rising_tags)},
              {"highlights", std::move(highlights)},
              {"text", {{"en", w.text_en}, {"pt", w.text_pt}}}};
}

Json ToJson(const feedback::GoldLabel& g) {
  return Json{{"source", g.source},
              {"id", g.id},
              {"sentiment", g.sentiment ? Json(feedback::ToString(*g.sentiment)) : Json(nullptr)},
              {"tags", g.tags ? Json(*g.tags) : Json(nullptr)},
              {"labelled_by", g.labelled_by},
              {"labelled_at", g.labelled_at}};
}

Result<LabelledComments> ReadLabelledComments(std::istream& in, std::string_view text_column,
                                              std::string_view label_column,
                                              std::string_view tags_column) {
  CommentColumns columns;
  columns.text = std::string(text_column);
  columns.id = std::string(label_column);     // the label rides in the id field
  columns.author = std::string(tags_column);  // and the tags in the author field
  auto view = std::make_unique<std::istream>(in.rdbuf());
  auto reader = SAGAZ_TRY(CommentReader::Open(std::move(view), CommentFormat::kCsv, columns));
  LabelledComments out;
  std::vector<feedback::CommentInput> batch;
  std::vector<feedback::ItemError> errors;
  while (true) {
    batch.clear();
    errors.clear();
    const bool more = SAGAZ_TRY(reader->Next(4096, batch, errors));
    out.skipped += static_cast<int64_t>(errors.size());
    for (auto& c : batch) {
      feedback::LabelledComment item;
      if (!label_column.empty()) {
        if (auto label = feedback::ParseSentiment(c.id)) item.sentiment = *label;
      }
      if (!tags_column.empty()) item.tags = SplitTags(c.author);
      if (Trim(c.text).empty() || (!item.sentiment && !item.tags)) {
        ++out.skipped;
        continue;
      }
      item.text = std::move(c.text);
      out.items.push_back(std::move(item));
    }
    if (!more) break;
  }
  return out;
}

}  // namespace sagaz::wire
