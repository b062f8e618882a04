#include "app/internal/workflow_steps.hpp"

#include <cmark.h>

#include <fstream>

#include "app/app.hpp"
#include "ask/ask.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "feedback/feedback.hpp"
#include "forecast/service.hpp"
#include "knowledge/knowledge.hpp"
#include "pipelines/pipelines.hpp"
#include "prompts/prompts.hpp"
#include "sql/query.hpp"
#include "stats/service.hpp"
#include "webhooks/webhooks.hpp"
#include "wire/ask.hpp"
#include "wire/feedback.hpp"
#include "wire/forecast.hpp"
#include "wire/json.hpp"
#include "wire/knowledge.hpp"
#include "wire/pipelines.hpp"
#include "wire/prompts.hpp"
#include "wire/stats.hpp"
#include "workflows/steps.hpp"

namespace sagaz::internal {

namespace {

using wire::Json;
using workflows::StepContext;

// The inputs without null values (a reference to a missing value means "not given").
Json Given(const Json& inputs) {
  Json out = Json::object();
  for (const auto& [k, v] : inputs.items())
    if (!v.is_null()) out[k] = v;
  return out;
}

std::string Text(const Json& inputs, const char* key) {
  if (!inputs.contains(key) || inputs[key].is_null()) return {};
  return inputs[key].is_string() ? inputs[key].get<std::string>() : inputs[key].dump();
}

// A file name for a report: letters, digits, "-", "_" and "." only, no leading dot.
Result<std::string> SafeFileName(std::string name) {
  if (name.empty()) name = "report";
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  while (!name.empty() && name.front() == '.') name.erase(0, 1);
  if (name.empty() || name.size() > 120)
    return Fail(Error(ErrorCode::kInvalidArgument, "a report name is 1 to 120 characters")
                    .With("field", "name"));
  return name;
}

std::string MarkdownToHtml(const std::string& title, const std::string& markdown) {
  // CMARK_OPT_SAFE is the default in 0.30: raw HTML and unsafe links are not passed through.
  std::unique_ptr<char, decltype(&std::free)> body(
      cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT), &std::free);
  std::string escaped;
  for (const char c : title) {
    if (c == '<')
      escaped += "&lt;";
    else if (c == '>')
      escaped += "&gt;";
    else if (c == '&')
      escaped += "&amp;";
    else
      escaped += c;
  }
  return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + escaped +
         "</title><style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:"
         "1.5}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em}</style>"
         "</head><body>\n" +
         std::string(body ? body.get() : "") + "</body></html>\n";
}

// A cell of a Markdown table: text as it is (pipes escaped, one line), numbers as numbers.
std::string Cell(const Json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : (v.is_null() ? "" : wire::Dump(v));
  std::string out;
  for (const char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// A section of a report: a heading, text, and a table of `rows` (a list of objects).
Result<std::string> Section(const Json& section, size_t index) {
  const std::string field = "sections[" + std::to_string(index) + "]";
  if (!section.is_object())
    return Fail(Error(ErrorCode::kInvalidArgument, "a section is an object").With("field", field));
  std::string md;
  if (section.contains("title")) md += "\n## " + Cell(section["title"]) + "\n\n";
  if (section.contains("text") && section["text"].is_string())
    md += section["text"].get<std::string>() + "\n\n";
  if (!section.contains("rows")) return md;
  const Json& rows = section["rows"];
  if (!rows.is_array() || rows.empty() || !rows[0].is_object()) {
    md += "_(sem dados / no data)_\n";
    return md;
  }
  std::vector<std::string> columns;
  if (section.contains("columns") && section["columns"].is_array()) {
    for (const auto& c : section["columns"])
      if (c.is_string()) columns.push_back(c.get<std::string>());
  } else {
    for (const auto& [k, v] : rows[0].items()) columns.push_back(k);
  }
  md += "|";
  for (const auto& c : columns) md += " " + Cell(c) + " |";
  md += "\n|";
  for (size_t i = 0; i < columns.size(); ++i) md += " --- |";
  md += "\n";
  for (const auto& row : rows) {
    md += "|";
    for (const auto& c : columns)
      md += " " + (row.is_object() && row.contains(c) ? Cell(row[c]) : std::string()) + " |";
    md += "\n";
  }
  return md;
}

Result<Json> WriteReport(App& app, const Json& in, const StepContext& ctx) {
  const std::string title = Text(in, "title");
  std::string markdown = Text(in, "markdown");
  if (!title.empty()) markdown = "# " + title + "\n\n" + markdown;
  if (in.contains("sections") && !in["sections"].is_null()) {
    if (!in["sections"].is_array()) {
      return Fail(
          Error(ErrorCode::kInvalidArgument, "sections is a list").With("field", "sections"));
    }
    markdown += "\n";
    for (size_t i = 0; i < in["sections"].size(); ++i)
      markdown += SAGAZ_TRY(Section(in["sections"][i], i));
  }
  const std::string format = in.contains("format") ? Text(in, "format") : "markdown";
  if (format != "markdown" && format != "html" && format != "both") {
    return Fail(Error(ErrorCode::kInvalidArgument, "format is markdown, html or both")
                    .With("field", "format"));
  }
  const std::string name = SAGAZ_TRY(SafeFileName(Text(in, "name")));
  const std::string run = ctx.run_id.empty() ? "adhoc-" + RandomHex(4) : ctx.run_id;
  const auto rel = std::filesystem::path("reports") / run;
  const auto dir = app.config().DataPath(rel);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
  Json files = Json::array();
  auto write = [&](const std::string& ext, const std::string& content) -> Status {
    const auto path = dir / (name + ext);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) return Fail(ErrorCode::kIo, "cannot write " + path.string());
    files.push_back(
        {{"path", (rel / (name + ext)).string()}, {"bytes", static_cast<int64_t>(content.size())}});
    return Ok();
  };
  if (format != "html") SAGAZ_TRY(write(".md", markdown));
  if (format != "markdown") SAGAZ_TRY(write(".html", MarkdownToHtml(title, markdown)));
  return Json{{"files", std::move(files)}, {"markdown", markdown}};
}

}  // namespace

void RegisterWorkflowSteps(workflows::StepRegistry& registry, App& app) {
  using auth::Permission;
  registry.Add({.name = "sql",
                .description =
                    "Runs one read-only SELECT over the catalog's datasets through the SQL guard "
                    "(no files, no settings) and returns its columns and rows.",
                .schema = R"({"type":"object","properties":{
          "sql":{"type":"string","description":"one SELECT statement"},
          "policy":{"type":"string","enum":["standard","strict"]},
          "limit":{"type":"integer","description":"rows at most"},
          "timeout_ms":{"type":"integer"}},"required":["sql"]})",
                .permission = Permission::kQuery,
                .run = [&app](const Json& in, const StepContext& ctx) -> Result<Json> {
                  auto request = SAGAZ_TRY(wire::ParseSqlRequest(Given(in)));
                  const std::chrono::milliseconds left(ctx.RemainingMs());
                  if (!request.options.timeout || *request.options.timeout > left)
                    request.options.timeout = left;
                  return wire::ToJson(SAGAZ_TRY(app.query().Run(request.sql, request.options)));
                }});
  registry.Add({.name = "ask",
                .description =
                    "Answers a question about the datasets in Portuguese or English: the SQL it "
                    "ran, exact statistics, a chart and a written insight.",
                .schema = R"({"type":"object","properties":{
          "question":{"type":"string"},"dataset":{"type":"string"},
          "language":{"type":"string","enum":["pt","en"]},
          "engine":{"type":"string"},"policy":{"type":"string"}},"required":["question"]})",
                .permission = Permission::kQuery,
                .run = [&app](const Json& in, const StepContext&) -> Result<Json> {
                  const auto request = SAGAZ_TRY(wire::ParseAskRequest(Given(in)));
                  return wire::ToJson(SAGAZ_TRY(app.ask().Ask(request)));
                }});
  registry.Add({.name = "stats",
                .description =
                    "Exact descriptive statistics of a dataset's columns (count, mean, median, "
                    "quantiles, correlation, trend), optionally by group and with a filter.",
                .schema = R"({"type":"object","properties":{
          "dataset":{"type":"string"},"filter":{"type":"string"},
          "columns":{"type":"array","items":{"type":"string"}},
          "stats":{"type":"array","items":{"type":"string"}},
          "group_by":{"type":"array","items":{"type":"string"}},
          "quantiles":{"type":"array"},"quantile_method":{"type":"string"},
          "include_infinite":{"type":"boolean"},"trim":{"type":"number"},"iqr_k":{"type":"number"},
          "mad_threshold":{"type":"number"},"histogram":{"type":"object"},
          "weights":{"type":"string"},"censor":{"type":"object"},
          "correlation":{"type":"string"},"trend":{"type":"object"}},"required":["dataset"]})",
                .permission = Permission::kQuery,
                .run = [&app](const Json& in, const StepContext&) -> Result<Json> {
                  const auto request = SAGAZ_TRY(wire::ParseStatsRequest(Given(in)));
                  return wire::ToJson(SAGAZ_TRY(app.stats().Describe(request)));
                }});
  registry.Add({.name = "knowledge.query",
                .description =
                    "Answers a question from the uploaded documents with citations of the "
                    "passages used (says so when no passage supports an answer).",
                .schema = R"({"type":"object","properties":{
          "question":{"type":"string"},"collection":{"type":"string"},
          "top_k":{"type":"integer"},"engine":{"type":"string"},"filters":{"type":"object"}},
          "required":["question"]})",
                .permission = Permission::kQuery,
                .run = [&app](const Json& in, const StepContext&) -> Result<Json> {
                  const auto request = SAGAZ_TRY(wire::ParseKnowledgeQuery(Given(in)));
                  return wire::ToJson(SAGAZ_TRY(app.knowledge().Query(request)));
                }});
  registry.Add(
      {.name = "prompt.run",
       .description = "Runs a prompt of the prompt studio (by id or name) with variables through "
                      "the configured model and returns its output.",
       .schema = R"({"type":"object","properties":{
          "prompt":{"type":"string"},"version":{"type":"integer"},
          "variables":{"type":"object"},"model":{"type":"string"}},"required":["prompt"]})",
       .permission = Permission::kQuery,
       .run = [&app](const Json& in, const StepContext& ctx) -> Result<Json> {
         Json body = Given(in);
         const std::string prompt = Text(body, "prompt");
         body.erase("prompt");
         const auto request = SAGAZ_TRY(wire::ParsePromptRun(body));
         return wire::ToJson(SAGAZ_TRY(app.prompts().Run(ctx.caller.user, prompt, request)));
       }});
  registry.Add({.name = "feedback.classify",
                .description =
                    "Classifies customer comments: sentiment (positive, neutral, negative) and "
                    "tags (delivery, price, quality, ...), without storing them.",
                .schema = R"({"type":"object","properties":{
          "texts":{"type":"array","items":{"type":"string"}}},"required":["texts"]})",
                .permission = Permission::kQuery,
                .run = [&app](const Json& in, const StepContext&) -> Result<Json> {
                  const auto texts = SAGAZ_TRY(wire::ParseClassifyRequest(Given(in)));
                  return wire::ClassifyTexts(*app.feedback().classifier(), texts);
                }});
  registry.Add(
      {.name = "feedback.summary",
       .description = "Summary of stored customer comments: counts by sentiment, tag, day and "
                      "source, and frequent key phrases; filters as GET /feedback/summary.",
       .schema = R"({"type":"object","properties":{
          "sentiment":{"type":"string"},"tag":{"type":"string"},"source":{"type":"string"},
          "from":{"type":"string"},"to":{"type":"string"},"q":{"type":"string"},
          "since_days":{"type":"integer","description":"from = this many days ago"}}})",
       .permission = Permission::kDatasetsRead,
       .run = [&app](const Json& in, const StepContext&) -> Result<Json> {
         std::multimap<std::string, std::string> query;
         const Json given = Given(in);
         for (const auto& [k, v] : given.items()) {
           if (k == "since_days") {
             if (!v.is_number_integer() || v.get<int64_t>() < 0)
               return Fail(
                   Error(ErrorCode::kInvalidArgument, "since_days is a whole number of days")
                       .With("field", k));
             query.emplace("from",
                           Iso8601FromMs(NowMs() - v.get<int64_t>() * 86'400'000).substr(0, 10));
           } else {
             query.emplace(k, v.is_string() ? v.get<std::string>() : v.dump());
           }
         }
         const auto filter = SAGAZ_TRY(wire::ParseCommentFilter(query));
         return wire::ToJson(SAGAZ_TRY(app.feedback().Summarize(filter)));
       }});
  registry.Add(
      {.name = "pipeline.run",
       .description = "Runs a metrics pipeline (validated, incremental) and returns its run "
                      "report: nodes, rows, rule failures.",
       .schema = R"({"type":"object","properties":{
          "pipeline":{"type":"string"},"full_refresh":{"type":"boolean"},
          "from":{"type":"string"}},"required":["pipeline"]})",
       .permission = Permission::kDatasetsWrite,
       .run = [&app](const Json& in, const StepContext& ctx) -> Result<Json> {
         Json body = Given(in);
         const std::string name = Text(body, "pipeline");
         body.erase("pipeline");
         auto request = SAGAZ_TRY(wire::ParseRunRequest(body, name));
         const auto report =
             SAGAZ_TRY(app.pipelines().Run(request, {}, [&ctx] { return ctx.Cancelled(); }));
         if (report.status != pipelines::RunStatus::kSucceeded) {
           return Fail(Error(ErrorCode::kFailedPrecondition,
                             "pipeline run " + report.id + " failed: " + report.error)
                           .With("run_id", report.id));
         }
         return wire::ToJson(report);
       }});
  registry.Add({.name = "forecast.predict",
                .description =
                    "Predicts whether a ticker's price goes up over a horizon in trading days "
                    "with its active forecast model: the prediction of the ticker given, or "
                    "{predictions: [...]} for every ticker with a model when none is given.",
                .schema = R"({"type":"object","properties":{
          "dataset":{"type":"string"},"ticker":{"type":"string"},
          "horizon":{"type":"integer"},"model":{"type":"string"}},"required":["dataset"]})",
                .permission = Permission::kQuery,
                .run = [&app](const Json& in, const StepContext&) -> Result<Json> {
                  const auto request = SAGAZ_TRY(wire::ParseForecastPredictRequest(Given(in)));
                  const auto predictions = SAGAZ_TRY(app.forecast().Predict(request));
                  // One ticker asked: the prediction itself (as the route answers); a batch: a
                  // list.
                  if ((request.ticker || request.model) && !predictions.empty())
                    return wire::ToJson(predictions.front());
                  Json items = Json::array();
                  for (const auto& p : predictions) items.push_back(wire::ToJson(p));
                  return Json{{"predictions", std::move(items)}};
                }});
  registry.Add({.name = "report",
                .description =
                    "Writes a report (Markdown, HTML or both) under the data directory's "
                    "reports/<run>/ and returns the files written.",
                .schema = R"({"type":"object","properties":{
          "name":{"type":"string"},"title":{"type":"string"},"markdown":{"type":"string"},
          "format":{"type":"string","enum":["markdown","html","both"]},
          "sections":{"type":"array","description":"[{title, text?, rows?: [objects], columns?}]"}},
          "required":["markdown"]})",
                .permission = Permission::kQuery,
                .run = [&app](const Json& in, const StepContext& ctx) -> Result<Json> {
                  return WriteReport(app, in, ctx);
                }});
  registry.Add({.name = "webhook",
                .description = "POSTs a JSON body to a URL on the configured allow-list "
                               "(webhooks.allow), signed when webhooks.secret is set, and returns "
                               "the status and the response.",
                .schema = R"({"type":"object","properties":{
          "url":{"type":"string"},"body":{}},"required":["url"]})",
                .permission = Permission::kQuery,
                .run = [&app](const Json& in, const StepContext& ctx) -> Result<Json> {
                  const std::string url = Text(in, "url");
                  const std::string body = in.contains("body") ? wire::Dump(in["body"]) : "{}";
                  const auto reply = SAGAZ_TRY(app.webhooks().PostJson(
                      url, body, {.timeout_ms = ctx.RemainingMs(), .cancelled = [&ctx] {
                                    return ctx.cancel && ctx.cancel();
                                  }}));
                  Json response = Json::parse(reply.body, nullptr, false);
                  if (response.is_discarded()) response = reply.body;
                  return Json{{"status", reply.status}, {"response", std::move(response)}};
                }});
}

}  // namespace sagaz::internal
