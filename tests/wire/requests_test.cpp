// The typed request parsers of wire/, driven by tests/data/wire/requests.jsonl: one case per line,
// {"parser", "body" (JSON) or "fields" (form fields), and "want" (the typed request, written as
// JSON below) or "error" (the field the error must name; "" when the body as a whole is wrong)}.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <string>

#include "wire/ask.hpp"
#include "wire/dashboards.hpp"
#include "wire/forms.hpp"
#include "wire/json.hpp"
#include "wire/platform.hpp"
#include "wire/stats.hpp"

namespace sagaz::wire {
namespace {

// A parser under test: the case's input to its typed request, written as JSON for comparison.
using Parser = std::function<Result<Json>(const Json& input)>;

// Absent optionals are left out, so "want" lists only what the request carries.
template <class T>
void Put(Json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}

Fields FieldsOf(const Json& input) {
  Fields fields;
  for (const auto& [k, v] : input.items()) fields[k] = v.get<std::string>();
  return fields;
}

const std::map<std::string, Parser>& Parsers() {
  static const std::map<std::string, Parser> parsers = {
      {"stats",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseStatsRequest(body));
         Json j = {{"dataset", r.dataset}, {"columns", r.spec.columns}};
         Put(j, "filter", r.filter);
         Put(j, "group_by", r.spec.group_by);
         Put(j, "weights", r.spec.weights);
         Put(j, "trend_x", r.spec.trend_x);
         return j;
       }},
      {"sql",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseSqlRequest(body));
         Json j = {{"sql", r.sql}};
         if (r.options.policy) j["policy"] = std::string(sql::ToString(*r.options.policy));
         Put(j, "limit", r.options.row_limit);
         if (r.options.timeout) j["timeout_ms"] = r.options.timeout->count();
         return j;
       }},
      {"login",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseLoginRequest(body));
         return Json{{"username", r.username}, {"password", r.password}};
       }},
      {"refresh",
       [](const Json& body) -> Result<Json> {
         return Json{{"refresh_token", SAGAZ_TRY(ParseRefreshRequest(body)).refresh_token}};
       }},
      {"password",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParsePasswordChange(body));
         return Json{{"current_password", r.current_password}, {"new_password", r.new_password}};
       }},
      {"new_user",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseNewUser(body));
         return Json{{"username", r.username},
                     {"role", std::string(auth::ToString(r.role))},
                     {"password", r.password}};
       }},
      {"user_update",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseUserUpdate(body));
         Json j = Json::object();
         if (r.role) j["role"] = std::string(auth::ToString(*r.role));
         Put(j, "password", r.password);
         return j;
       }},
      {"api_key",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseApiKeyRequest(body, "ana"));
         Json scopes = Json::array();
         for (auto p : r.scopes) scopes.push_back(std::string(auth::ToString(p)));
         Json j = {{"owner", r.owner}, {"name", r.name}, {"scopes", std::move(scopes)}};
         Put(j, "ttl_s", r.ttl_s);
         return j;
       }},
      {"description",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseDescriptionUpdate(body));
         Json j = Json::object();
         Put(j, "description", r.description);
         j["columns"] = r.columns;
         return j;
       }},
      {"upload_options",
       [](const Json& fields) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseUploadOptions(FieldsOf(fields)));
         Json j = Json::object();
         Put(j, "async", r.async);
         j["priority"] = r.priority;
         return j;
       }},
      {"question",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseNewQuestion(body));
         Json j = {{"name", r.name}, {"kind", std::string(dashboards::ToString(r.kind))}};
         if (!r.question.empty()) j["question"] = r.question;
         if (!r.sql.empty()) j["sql"] = r.sql;
         if (!r.stats.empty()) j["stats"] = Json::parse(r.stats);
         if (!r.collection.empty()) j["collection"] = r.collection;
         if (!r.language.empty()) j["language"] = r.language;
         Put(j, "dataset", r.dataset);
         if (body.contains("chart")) j["chart"] = ToJson(r.chart);
         return j;
       }},
      {"dashboard",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseNewDashboard(body));
         dashboards::Dashboard d;
         d.name = r.name;
         d.collection = r.collection;
         d.cards = r.cards;
         d.filters = r.filters;
         const Json full = ToJson(d);
         return Json{{"name", r.name}, {"cards", full["cards"]}, {"filters", full["filters"]}};
       }},
      {"export",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseExportRequest(body));
         return Json{{"sql", r.sql},
                     {"format", std::string(exports::ToString(r.options.format))},
                     {"separator", std::string(1, r.options.separator)},
                     {"decimal", std::string(1, r.options.decimal)},
                     {"bom", r.options.bom}};
       }},
      {"analyze",
       [](const Json& fields) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseAnalyzeRequest(FieldsOf(fields), "vendas"));
         Json j = {{"question", r.question}};
         Put(j, "dataset", r.dataset);
         if (r.language) j["language"] = std::string(nlq::ToString(*r.language));
         if (r.engine) j["engine"] = std::string(ask::ToString(*r.engine));
         if (r.policy) j["policy"] = std::string(sql::ToString(*r.policy));
         return j;
       }},
      {"ask",
       [](const Json& body) -> Result<Json> {
         const auto r = SAGAZ_TRY(ParseAskRequest(body));
         Json j = {{"question", r.question}};
         Put(j, "dataset", r.dataset);
         if (r.language) j["language"] = std::string(nlq::ToString(*r.language));
         if (r.engine) j["engine"] = std::string(ask::ToString(*r.engine));
         if (r.policy) j["policy"] = std::string(sql::ToString(*r.policy));
         Put(j, "sql", r.sql);
         return j;
       }},
  };
  return parsers;
}

TEST(WireRequests, CasesFromData) {
  std::ifstream in(std::string(SAGAZ_TEST_DATA_DIR) + "/wire/requests.jsonl");
  ASSERT_TRUE(in) << "tests/data/wire/requests.jsonl is missing";
  std::map<std::string, int> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const Json c = Json::parse(line);
    const std::string parser = c.at("parser").get<std::string>();
    SCOPED_TRACE("line " + std::to_string(number) + ": " + line);
    const auto it = Parsers().find(parser);
    ASSERT_NE(it, Parsers().end()) << "no parser named " << parser;
    ++cases[parser];
    const auto got = it->second(c.contains("body") ? c["body"] : c.at("fields"));
    if (c.contains("want")) {
      ASSERT_TRUE(got) << got.error().ToText();
      EXPECT_EQ(*got, c["want"]);
      continue;
    }
    ASSERT_FALSE(got) << "parsed as " << Dump(*got);
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument) << got.error().ToText();
    EXPECT_EQ(got.error().Detail("field"), c.at("error").get<std::string>())
        << got.error().ToText();
    EXPECT_FALSE(got.error().message.empty());
  }
  // Every parser has cases, both ways.
  for (const auto& [name, parser] : Parsers()) EXPECT_GE(cases[name], 2) << name;
}

// The body must be an object before any field is read.
TEST(WireRequests, ABodyThatIsNotAnObjectIsRefusedByEveryParser) {
  for (const auto& [name, parser] : Parsers()) {
    if (name == "upload_options" || name == "analyze") continue;  // form fields, not JSON
    for (const Json& body : {Json(nullptr), Json("x"), Json::array({1}), Json(3)}) {
      const auto got = parser(body);
      ASSERT_FALSE(got) << name << " " << Dump(body);
      EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument) << name;
    }
  }
}

}  // namespace
}  // namespace sagaz::wire
