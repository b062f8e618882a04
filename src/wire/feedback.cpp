#include "wire/feedback.hpp"

#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "wire/internal/feedback_item.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {

namespace internal {

CommentItem ParseCommentItem(const Json& item, int64_t index) {
  feedback::CommentInput c;
  c.index = index;
  auto error = [&](std::string field, std::string message) -> CommentItem {
    return feedback::ItemError{index, c.id, std::move(field), std::move(message)};
  };
  if (!item.is_object()) return error("", "a comment must be a JSON object");
  if (auto id = item.find("id"); id != item.end()) {
    if (id->is_string()) {
      c.id = id->get<std::string>();
    } else if (id->is_number_integer()) {
      c.id = id->dump();
    } else {
      return error("id", "'id' must be a string or an integer");
    }
  }
  static constexpr std::string_view kFields[] = {"id",     "text",       "source",
                                                 "author", "created_at", "metadata"};
  for (const auto& [key, value] : item.items()) {
    if (std::find(std::begin(kFields), std::end(kFields), key) == std::end(kFields)) {
      return error(key, "unknown field '" + key +
                            "'; the fields are id, text, source, author, created_at, metadata");
    }
    if (key == "id") continue;
    if (key == "metadata") {
      if (!value.is_object() && !value.is_null()) {
        return error(key, "'metadata' must be a JSON object");
      }
      if (value.is_object()) c.metadata = Dump(value);
      continue;
    }
    if (value.is_null()) continue;
    if (!value.is_string()) return error(key, "'" + key + "' must be a string");
    std::string text = value.get<std::string>();
    if (key == "text") c.text = std::move(text);
    if (key == "source") c.source = std::move(text);
    if (key == "author") c.author = std::move(text);
    if (key == "created_at") c.created_at = std::move(text);
  }
  if (!item.contains("text")) return error("text", "the comment needs 'text'");
  return c;
}

CommentItem ParseCommentLine(std::string_view line, int64_t index) {
  auto json = ParseBody(line);
  if (!json) {
    return feedback::ItemError{index, "", "",
                               "the line is not a JSON object: " + json.error().message};
  }
  return ParseCommentItem(*json, index);
}

}  // namespace internal

Result<CommentBatch> ParseCommentBatch(const Json& body, size_t max_items) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"comments"}));
  const auto it = body.find("comments");
  if (it == body.end() || !it->is_array()) {
    return Fail(
        internal::FieldError("comments", "the body needs 'comments', an array of comments"));
  }
  if (it->size() > max_items) {
    return Fail(internal::FieldError("comments", "a request carries at most " +
                                                     std::to_string(max_items) +
                                                     " comments (feedback.max_batch); upload "
                                                     "larger sets as NDJSON or CSV")
                    .With("limit", std::to_string(max_items)));
  }
  CommentBatch batch;
  int64_t index = 0;
  for (const auto& item : *it) {
    auto parsed = internal::ParseCommentItem(item, index++);
    if (auto* e = std::get_if<feedback::ItemError>(&parsed)) {
      batch.errors.push_back(std::move(*e));
    } else {
      batch.comments.push_back(std::get<feedback::CommentInput>(std::move(parsed)));
    }
  }
  return batch;
}

Result<CommentFormat> ParseCommentFormat(std::string_view text) {
  const std::string t = ToLower(Trim(text.substr(0, text.find(';'))));
  if (t.empty() || t == "auto") return CommentFormat::kAuto;
  if (t == "ndjson" || t == "jsonl" || t == "application/x-ndjson" || t == "application/jsonl" ||
      t == "application/ndjson") {
    return CommentFormat::kNdjson;
  }
  if (t == "csv" || t == "text/csv") return CommentFormat::kCsv;
  return Fail(internal::FieldError(
      "format", "'" + std::string(text) + "' is not a comment file format: use ndjson or csv"));
}

Result<CommentColumns> CommentColumnsFromFields(const std::map<std::string, std::string>& fields) {
  CommentColumns c;
  auto get = [&](const char* key, std::string& out) {
    if (auto it = fields.find(key); it != fields.end()) out = std::string(Trim(it->second));
  };
  get("text_column", c.text);
  if (c.text.empty()) c.text = "text";
  get("id_column", c.id);
  get("date_column", c.date);
  get("author_column", c.author);
  get("source_column", c.source_column);
  get("source", c.source);
  if (c.source.size() > 128)
    return Fail(internal::FieldError("source", "a source has at most 128 bytes"));
  return c;
}

Result<int64_t> ParseWeeksLimit(const std::multimap<std::string, std::string>& query) {
  int64_t limit = 8;
  for (const auto& [key, value] : query) {
    if (key != "limit") {
      return Fail(
          internal::FieldError(key, "unknown parameter '" + key + "'; the parameter is limit"));
    }
    const auto v = ParseNumber<int64_t>(Trim(value));
    if (!v || *v < 1 || *v > 52) {
      return Fail(internal::FieldError("limit", "limit is a number of weeks from 1 to 52"));
    }
    limit = *v;
  }
  return limit;
}

Result<feedback::CommentFilter> ParseCommentFilter(
    const std::multimap<std::string, std::string>& query) {
  feedback::CommentFilter f;
  static const std::set<std::string> kKnown = {
      "sentiment", "tag", "source", "classifier", "from", "to", "q", "limit", "cursor", "format"};
  for (const auto& [key, value] : query) {
    if (!kKnown.contains(key)) {
      return Fail(internal::FieldError(key, "unknown parameter '" + key +
                                                "'; the parameters are sentiment, tag, source, "
                                                "classifier, from, to, q, limit, cursor, format"));
    }
    if (key == "sentiment" && !value.empty())
      f.sentiment = SAGAZ_TRY(feedback::ParseSentiment(value));
    if (key == "tag") f.tag = value;
    if (key == "source") f.source = value;
    if (key == "classifier") f.classifier = value;
    if (key == "from") f.from = value;
    if (key == "to") f.to = value;
    if (key == "q") f.q = value;
    if (key == "cursor") f.cursor = value;
    if (key == "limit") {
      auto n = ParseNumber<int64_t>(value);
      if (!n || *n < 1 || *n > 1000) {
        return Fail(internal::FieldError("limit", "limit must be an integer between 1 and 1000"));
      }
      f.limit = *n;
    }
  }
  return f;
}

Result<std::vector<feedback::GoldItem>> ParseGold(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"gold"}));
  const auto it = body.find("gold");
  if (it == body.end() || !it->is_array() || it->empty()) {
    return Fail(internal::FieldError("gold", "the body needs 'gold', a non-empty array of labels"));
  }
  std::vector<feedback::GoldItem> out;
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& g = (*it)[i];
    const std::string where = "gold[" + std::to_string(i) + "]";
    if (!g.is_object()) return Fail(internal::FieldError(where, where + " must be an object"));
    for (const auto& [key, value] : g.items()) {
      if (key != "id" && key != "source" && key != "sentiment" && key != "tags") {
        return Fail(internal::FieldError(where + "." + key, "unknown field '" + key + "' in " +
                                                                where +
                                                                "; the fields are id, source, "
                                                                "sentiment, tags"));
      }
    }
    feedback::GoldItem item;
    const auto id = g.find("id");
    if (id == g.end() || !(id->is_string() || id->is_number_integer())) {
      return Fail(
          internal::FieldError(where + ".id", where + " needs an 'id' (string or integer)"));
    }
    item.id = id->is_string() ? id->get<std::string>() : id->dump();
    if (auto s = g.find("source"); s != g.end()) {
      if (!s->is_string())
        return Fail(internal::FieldError(where + ".source", "'source' must be a string"));
      item.source = s->get<std::string>();
    }
    if (auto s = g.find("sentiment"); s != g.end()) {
      if (!s->is_string() && !s->is_number_integer()) {
        return Fail(internal::FieldError(where + ".sentiment", "'sentiment' must be a string"));
      }
      auto parsed = feedback::ParseSentiment(s->is_string() ? s->get<std::string>() : s->dump());
      if (!parsed) return Fail(internal::FieldError(where + ".sentiment", parsed.error().message));
      item.sentiment = *parsed;
    }
    if (auto t = g.find("tags"); t != g.end()) {
      if (!t->is_array())
        return Fail(internal::FieldError(where + ".tags", "'tags' must be an array of tag ids"));
      std::vector<std::string> tags;
      for (const auto& tag : *t) {
        if (!tag.is_string())
          return Fail(internal::FieldError(where + ".tags", "'tags' must be an array of tag ids"));
        tags.push_back(tag.get<std::string>());
      }
      item.tags = std::move(tags);
    }
    if (!item.sentiment && !item.tags) {
      return Fail(internal::FieldError(where, where + " needs 'sentiment' or 'tags'"));
    }
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<std::string>> ParseClassifyRequest(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"text", "texts"}));
  std::vector<std::string> texts;
  if (auto text = SAGAZ_TRY(internal::OptionalString(body, "text"))) texts.push_back(*text);
  if (auto it = body.find("texts"); it != body.end()) {
    if (!it->is_array() || it->size() > 1000) {
      return Fail(
          internal::FieldError("texts", "'texts' must be an array of at most 1000 strings"));
    }
    for (const auto& t : *it) {
      if (!t.is_string()) return Fail(internal::FieldError("texts", "'texts' must hold strings"));
      texts.push_back(t.get<std::string>());
    }
  }
  if (texts.empty()) return Fail(internal::FieldError("text", "the body needs 'text' or 'texts'"));
  for (const auto& t : texts) {
    if (t.size() > 100'000)
      return Fail(internal::FieldError("texts", "a text has at most 100,000 bytes"));
  }
  return texts;
}

Result<std::string> ParseReclassifyRequest(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"source"}));
  return SAGAZ_TRY(internal::OptionalString(body, "source")).value_or("");
}

}  // namespace sagaz::wire
