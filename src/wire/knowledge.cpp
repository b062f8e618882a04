#include "wire/knowledge.hpp"

#include "core/strings.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {

using internal::FieldError;
using internal::OnlyFields;
using internal::OptionalInteger;
using internal::OptionalString;
using internal::RequiredString;
using internal::RequireObject;

Json ToJson(const knowledge::DocumentInfo& d) {
  return {{"id", d.id},
          {"collection", d.collection},
          {"name", d.name},
          {"format", d.format},
          {"hash", d.hash},
          {"bytes", d.bytes},
          {"pages", d.pages},
          {"chunks", d.chunks},
          {"pages_without_text", d.pages_without_text},
          {"encoding", d.encoding},
          {"tags", d.tags},
          {"added_at", d.added_at}};
}

Json ToJson(const knowledge::AddResult& r) {
  return {{"document", ToJson(r.document)}, {"duplicate", r.duplicate}};
}

Json CitationsJson(const knowledge::Answer& a) {
  Json citations = Json::array();
  for (const auto& c : a.citations) {
    Json highlights = Json::array();
    for (const auto& h : c.highlights) highlights.push_back({{"start", h.start}, {"end", h.end}});
    citations.push_back({{"n", c.n},
                         {"document", c.document},
                         {"document_id", c.document_id},
                         {"collection", c.collection},
                         {"page", c.page > 0 ? Json(c.page) : Json(nullptr)},
                         {"heading", c.heading},
                         {"text", c.text},
                         {"score", c.score},
                         {"start", c.start},
                         {"end", c.end},
                         {"highlights", std::move(highlights)},
                         {"highlighted", knowledge::Highlighted(c.text, c.highlights)}});
  }
  return citations;
}

Json ToJson(const knowledge::Answer& a) {
  return {{"question", a.question},
          {"language", a.language},
          {"answer", a.answer},
          {"answered", a.answered},
          {"citations", CitationsJson(a)},
          {"engine", a.engine},
          {"expansions", a.expansions},
          {"warnings", a.warnings},
          {"timings",
           {{"retrieve_ms", a.timings.retrieve_ms},
            {"answer_ms", a.timings.answer_ms},
            {"total_ms", a.timings.total_ms}}}};
}

Result<knowledge::QueryRequest> ParseKnowledgeQuery(const Json& body) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"question", "collection", "top_k", "engine", "filters"}));
  knowledge::QueryRequest r;
  r.question = SAGAZ_TRY(RequiredString(body, "question"));
  r.collection = SAGAZ_TRY(OptionalString(body, "collection")).value_or("");
  r.top_k = static_cast<int>(
      SAGAZ_TRY(OptionalInteger(body, "top_k", 1, 50, "an integer from 1 to 50")).value_or(0));
  r.engine =
      SAGAZ_TRY(knowledge::ParseEngine(SAGAZ_TRY(OptionalString(body, "engine")).value_or("")));
  if (const auto it = body.find("filters"); it != body.end() && !it->is_null()) {
    const Json& f = *it;
    if (!f.is_object()) return Fail(FieldError("filters", "'filters' must be an object"));
    SAGAZ_TRY(OnlyFields(f, {"formats", "tags", "document", "added_from", "added_to"}));
    auto strings = [&f](std::string_view field) -> Result<std::vector<std::string>> {
      std::vector<std::string> out;
      const auto v = f.find(field);
      if (v == f.end() || v->is_null()) return out;
      if (v->is_string()) return std::vector<std::string>{v->get<std::string>()};
      if (!v->is_array() || v->size() > 50)
        return Fail(FieldError(field, "'" + std::string(field) + "' must be a list of strings"));
      for (const auto& item : *v) {
        if (!item.is_string())
          return Fail(FieldError(field, "'" + std::string(field) + "' must be a list of strings"));
        out.push_back(item.get<std::string>());
      }
      return out;
    };
    r.filters.formats = SAGAZ_TRY(strings("formats"));
    r.filters.tags = SAGAZ_TRY(strings("tags"));
    r.filters.document_id = SAGAZ_TRY(OptionalString(f, "document")).value_or("");
    r.filters.added_from = SAGAZ_TRY(OptionalString(f, "added_from")).value_or("");
    r.filters.added_to = SAGAZ_TRY(OptionalString(f, "added_to")).value_or("");
  }
  return r;
}

Json ToJson(const knowledge::EvalReport& report) {
  Json results = Json::array();
  for (const auto& r : report.results) {
    results.push_back({{"question", r.item.question},
                       {"document", r.item.document},
                       {"phrase", r.item.phrase},
                       {"rank", r.rank > 0 ? Json(r.rank) : Json(nullptr)}});
  }
  return {{"cases", report.cases},       {"top_k", report.top_k}, {"hit_at_1", report.hit_at_1},
          {"hit_at_3", report.hit_at_3}, {"mrr", report.mrr},     {"results", std::move(results)}};
}

Result<std::vector<knowledge::EvalCase>> ParseKnowledgeEvalCases(std::string_view jsonl) {
  std::vector<knowledge::EvalCase> cases;
  int line_no = 0;
  for (auto line : Split(jsonl, '\n')) {
    ++line_no;
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    const Json j = Json::parse(line, nullptr, false);
    auto parsed = [&]() -> Result<knowledge::EvalCase> {
      if (j.is_discarded()) return Fail(ErrorCode::kInvalidArgument, "not JSON");
      SAGAZ_TRY(RequireObject(j));
      SAGAZ_TRY(OnlyFields(j, {"question", "document", "phrase", "collection", "lang", "id"}));
      knowledge::EvalCase c;
      c.question = SAGAZ_TRY(RequiredString(j, "question"));
      c.document = SAGAZ_TRY(RequiredString(j, "document"));
      c.phrase = SAGAZ_TRY(OptionalString(j, "phrase")).value_or("");
      c.collection = SAGAZ_TRY(OptionalString(j, "collection")).value_or("");
      return c;
    }();
    if (!parsed) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "line " + std::to_string(line_no) + ": " + parsed.error().message)
                      .With("line", std::to_string(line_no)));
    }
    cases.push_back(std::move(*parsed));
  }
  if (cases.empty()) return Fail(ErrorCode::kInvalidArgument, "the question set has no cases");
  return cases;
}

}  // namespace sagaz::wire
