// ReportService: builds a report's files (renderings, exports), delivers them, and keeps the
// armed state of alerts.
#include "stats/service.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "exports/exports.hpp"
#include "reports/internal/delivery.hpp"
#include "reports/reports.hpp"
#include "stats/stats.hpp"

namespace sagaz::reports {

namespace {

using internal::Artifact;
using Json = nlohmann::json;

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.alert_states(key VARCHAR PRIMARY KEY, firing BOOLEAN NOT NULL, "
    "value DOUBLE, updated_ms BIGINT NOT NULL);",
};

Error Invalid(std::string field, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).With("field", std::move(field));
}

Status CheckFormats(const std::vector<Format>& formats, bool allow_none) {
  if (formats.empty() && !allow_none) {
    return Fail(Invalid("formats", "a report needs at least one format: csv, xlsx, png or pdf"));
  }
  if (formats.size() > 4) return Fail(Invalid("formats", "at most four formats"));
  return Ok();
}

std::string_view ContentType(Format f) {
  return f == Format::kPng ? "image/png" : "application/pdf";
}

// "20261207T181500Z": sorts by time in a folder listing.
std::string Stamp() {
  std::string iso = NowIso8601();  // 2026-12-07T18:15:00.123Z
  std::string out;
  for (char c : iso.substr(0, 19)) {
    if (c != '-' && c != ':') out += c;
  }
  return out + "Z";
}

std::string AlertKey(const AlertSpec& a) {
  std::string key = a.question_id + '|' + std::string(ToString(a.direction)) + '|' +
                    FormatDouble(a.threshold) + '|' + FormatDouble(a.hysteresis) + '|' + a.column +
                    '|' + a.delivery.folder + '|' + a.delivery.webhook;
  // Alerts made before statistics questions could be watched keep their key (and armed state).
  if (!a.statistic.empty()) key += '|' + a.statistic;
  return key;
}

// The statistic an alert watches on a statistics question (its name checked by Check).
stats::Stat WatchedStat(const AlertSpec& a) {
  return stats::StatFromName(a.statistic.empty() ? "mean" : a.statistic)
      .value_or(stats::Stat::kMean);
}

// A statistics question's value: the statistic of `column` (or of the first column described).
Result<double> StatisticValue(const stats::StatsResult& s, const AlertSpec& a) {
  for (const auto& c : s.columns) {
    if (!a.column.empty() && c.name != a.column) continue;
    if (auto v = c.summary.Get(WatchedStat(a)); v && std::isfinite(*v)) return *v;
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "the statistic '" + std::string(stats::Name(WatchedStat(a))) +
                          "' of column '" + c.name + "' has no value (too few values?)")
                    .With("field", "statistic"));
  }
  if (s.columns.empty()) return Fail(ErrorCode::kFailedPrecondition, "the statistics are empty");
  return Fail(Invalid("column", "the statistics describe no column '" + a.column + "'"));
}

// The alert's value: `column` of the last row, the single value, or the last row's first number.
Result<double> AlertValue(const dashboards::RunResult& r, const std::string& column) {
  if (!column.empty()) {
    for (size_t i = 0; i < r.columns.size(); ++i) {
      if (r.columns[i].name != column) continue;
      if (r.rows.empty()) break;
      if (auto v = db::DoubleOf(r.rows.back()[i])) return *v;
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "the alert's column '" + column + "' has no number in the last row")
                      .With("field", "column"));
    }
    if (r.rows.empty()) {
      return Fail(ErrorCode::kFailedPrecondition, "the question returned no rows");
    }
    return Fail(Invalid("column", "the question's result has no column '" + column + "'"));
  }
  if (r.value) {
    if (auto v = db::DoubleOf(*r.value)) return *v;
  }
  if (!r.rows.empty()) {
    for (const auto& cell : r.rows.back()) {
      if (std::holds_alternative<std::string>(cell)) continue;
      if (auto v = db::DoubleOf(cell)) return *v;
    }
  }
  return Fail(ErrorCode::kFailedPrecondition,
              "the question gave no number to compare with the threshold (an alert needs a "
              "single value or a numeric column)");
}

}  // namespace

std::string_view ToString(Format f) {
  switch (f) {
    case Format::kCsv:
      return "csv";
    case Format::kXlsx:
      return "xlsx";
    case Format::kPng:
      return "png";
    case Format::kPdf:
      return "pdf";
  }
  return "csv";
}

Result<Format> ParseFormat(std::string_view text) {
  const std::string f = ToLower(Trim(text));
  for (Format v : {Format::kCsv, Format::kXlsx, Format::kPng, Format::kPdf}) {
    if (f == ToString(v)) return v;
  }
  return Fail(Invalid(
      "formats", "unknown report format '" + std::string(text) + "'; use csv, xlsx, png or pdf"));
}

std::string_view ToString(Direction d) { return d == Direction::kAbove ? "above" : "below"; }

Result<Direction> ParseDirection(std::string_view text) {
  if (text == "above") return Direction::kAbove;
  if (text == "below") return Direction::kBelow;
  return Fail(Invalid("direction", "the direction is 'above' or 'below'"));
}

std::string_view ToString(AlertState s) {
  switch (s) {
    case AlertState::kFired:
      return "fired";
    case AlertState::kFiring:
      return "firing";
    case AlertState::kRearmed:
      return "rearmed";
    case AlertState::kOk:
      return "ok";
  }
  return "ok";
}

struct ReportService::Impl {
  db::ConnectionPool& pool;
  dashboards::DashboardService& dashboards;
  exports::Exporter& exporter;
  const webhooks::Sender& webhooks;
  std::filesystem::path data_dir;
  ReportsConfig config;
  std::mutex alert_mu;  // one alert evaluation at a time in this process

  Status CheckDelivery(const Delivery& d) {
    if (d.folder.empty() == d.webhook.empty()) {
      return Fail(Invalid("delivery", "a delivery is either a folder or a webhook"));
    }
    if (!d.folder.empty()) return internal::CheckFolder(d.folder);
    return webhooks.Check(d.webhook, "delivery.webhook");
  }

  struct Built {
    std::string title;
    std::vector<Artifact> artifacts;
    std::vector<std::string> card_errors;
    std::optional<dashboards::RunResult> question_result;  // a question's run
    dashboards::QuestionKind question_kind = dashboards::QuestionKind::kSql;
  };

  // The rows of a question's card as a CSV or XLSX file: the SQL that produced the card (narrowed
  // by the dashboard's filters), without the card's row limit.
  Result<Artifact> ExportCard(const dashboards::Question& q, const dashboards::RunResult& r,
                              Format format) {
    std::string sql = r.filters_applied.empty() ? SAGAZ_TRY(dashboards::RowsSql(q)) : r.ran_sql;
    exports::Options options;
    options.format = format == Format::kXlsx ? exports::Format::kXlsx : exports::Format::kCsv;
    auto file = SAGAZ_TRY(exporter.Export(sql, sql::Policy::kStandard, options, q.name));
    Artifact a{file.filename(), std::string(file.content_type()), {}, std::nullopt};
    a.file.emplace(std::move(file));
    return a;
  }

  Result<Built> Build(const dashboards::Viewer& viewer, const Target& target,
                      const std::vector<Format>& formats, const dashboards::FilterValues& filters,
                      const std::string& language) {
    Built out;
    dashboards::OpenedDashboard opened;
    if (!target.dashboard_id.empty()) {
      opened = SAGAZ_TRY(dashboards.OpenDashboard(viewer, target.dashboard_id, filters));
    } else {
      const auto q = SAGAZ_TRY(dashboards.GetQuestion(viewer, target.question_id));
      auto run = SAGAZ_TRY(dashboards.RunQuestion(viewer, target.question_id, filters));
      opened = SingleCard(q, run);
      out.question_result = std::move(run);
      out.question_kind = q.kind;
    }
    out.title = opened.dashboard.name;
    for (const auto& card : opened.cards) {
      if (card.error) out.card_errors.push_back(card.card.title + ": " + card.error->message);
    }
    const std::string base = internal::PathComponent(out.title);
    for (const Format f : formats) {
      if (f == Format::kPng || f == Format::kPdf) {
        auto bytes = SAGAZ_TRY(Render(opened, f, {.language = language.empty() ? "pt" : language}));
        out.artifacts.push_back({base + "." + std::string(ToString(f)), std::string(ContentType(f)),
                                 std::move(bytes), std::nullopt});
        continue;
      }
      std::set<std::string> seen;
      for (const auto& card : opened.cards) {
        if (!card.question || !card.result || !seen.insert(card.question->id).second) continue;
        if (card.question->kind == dashboards::QuestionKind::kStats) continue;  // no rows
        out.artifacts.push_back(SAGAZ_TRY(ExportCard(*card.question, *card.result, f)));
      }
    }
    return out;
  }

  Result<ReportOutcome> Deliver(Built& built, const Delivery& d, std::string_view name, Json meta) {
    ReportOutcome out;
    out.title = built.title;
    out.card_errors = built.card_errors;
    if (!d.folder.empty()) {
      const auto dir = data_dir / config.dir / d.folder / internal::PathComponent(name);
      out.files = SAGAZ_TRY(internal::DeliverToFolder(built.artifacts, dir, data_dir, Stamp()));
      std::error_code ec;
      out.destination = "folder:" + std::filesystem::relative(dir, data_dir, ec).string();
    } else {
      Json files = Json::array();
      for (const auto& a : built.artifacts) {
        files.push_back({{"name", a.name}, {"content_type", a.content_type}, {"bytes", a.size()}});
        out.files.push_back({a.name, a.content_type, a.size(), ""});
      }
      meta["files"] = std::move(files);
      meta["title"] = built.title;
      meta["name"] = std::string(name);
      meta["generated_at"] = NowIso8601();
      out.webhook_status = SAGAZ_TRY(internal::PostToWebhook(
          webhooks, d.webhook, meta.dump(-1, ' ', false, Json::error_handler_t::replace),
          built.artifacts, config.webhook_timeout_ms));
      out.destination = d.webhook;
    }
    log::Info("report delivered", {{"name", std::string(name)},
                                   {"files", std::to_string(out.files.size())},
                                   {"destination", out.destination}});
    return out;
  }

  Result<std::optional<bool>> Firing(const std::string& key) {
    auto conn = SAGAZ_TRY(pool.Acquire());
    const db::Param params[] = {key};
    auto r = SAGAZ_TRY(conn->Query("SELECT firing FROM _sagaz.alert_states WHERE key = ?", params));
    auto rows = SAGAZ_TRY(r.FetchRows(1));
    if (rows.empty()) return std::optional<bool>();
    return std::optional<bool>(std::get_if<bool>(&rows[0][0]) && std::get<bool>(rows[0][0]));
  }

  Status SaveFiring(const std::string& key, bool firing, double value) {
    auto conn = SAGAZ_TRY(pool.Acquire());
    const db::Param params[] = {key, firing, value, NowMs()};
    SAGAZ_TRY(
        conn->Query("INSERT OR REPLACE INTO _sagaz.alert_states(key, firing, value, updated_ms) "
                    "VALUES (?, ?, ?, ?)",
                    params));
    return Ok();
  }
};

ReportService::ReportService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReportService::~ReportService() = default;

Result<std::unique_ptr<ReportService>> ReportService::Open(
    db::ConnectionPool& pool, dashboards::DashboardService& dashboards, exports::Exporter& exporter,
    const webhooks::Sender& webhooks, std::filesystem::path data_dir, ReportsConfig config) {
  {
    auto conn = SAGAZ_TRY(pool.Acquire());
    SAGAZ_TRY(db::ApplyMigrations(*conn, "reports", kMigrations));
  }
  auto impl = std::unique_ptr<Impl>(
      new Impl{pool, dashboards, exporter, webhooks, std::move(data_dir), std::move(config), {}});
  return std::unique_ptr<ReportService>(new ReportService(std::move(impl)));
}

Status ReportService::Check(const ReportSpec& spec) {
  const Target& t = spec.target;
  if (t.dashboard_id.empty() == t.question_id.empty()) {
    return Fail(Invalid("target", "a report shows either a dashboard_id or a question_id"));
  }
  SAGAZ_TRY(CheckFormats(spec.formats, false));
  SAGAZ_TRY(impl_->CheckDelivery(spec.delivery));
  if (!spec.language.empty() && spec.language != "pt" && spec.language != "en") {
    return Fail(Invalid("language", "the language is 'pt' or 'en'"));
  }
  if (!t.dashboard_id.empty()) {
    SAGAZ_TRY(impl_->dashboards.GetDashboard(spec.run_as, t.dashboard_id));
  } else {
    SAGAZ_TRY(impl_->dashboards.GetQuestion(spec.run_as, t.question_id));
  }
  return Ok();
}

Status ReportService::Check(const AlertSpec& spec) {
  if (spec.question_id.empty()) return Fail(Invalid("question_id", "an alert needs question_id"));
  if (!std::isfinite(spec.threshold))
    return Fail(Invalid("threshold", "the threshold is a number"));
  if (!std::isfinite(spec.hysteresis) || spec.hysteresis < 0) {
    return Fail(Invalid("hysteresis", "the hysteresis is a number >= 0"));
  }
  SAGAZ_TRY(CheckFormats(spec.formats, true));
  SAGAZ_TRY(impl_->CheckDelivery(spec.delivery));
  const auto q = SAGAZ_TRY(impl_->dashboards.GetQuestion(spec.run_as, spec.question_id));
  if (q.kind != dashboards::QuestionKind::kStats && !spec.statistic.empty()) {
    return Fail(Invalid("statistic", "'statistic' is for an alert on a statistics question"));
  }
  if (!spec.statistic.empty() && !stats::StatFromName(spec.statistic)) {
    return Fail(Invalid("statistic", "unknown statistic '" + spec.statistic +
                                         "'; use a name of /api/v1/stats, such as mean, max, "
                                         "median or std_dev"));
  }
  return Ok();
}

Result<ReportOutcome> ReportService::RunReport(const ReportSpec& spec, std::string_view name) {
  SAGAZ_TRY(Check(spec));
  auto built =
      SAGAZ_TRY(impl_->Build(spec.run_as, spec.target, spec.formats, spec.filters, spec.language));
  Json meta = {{"kind", "report"},
               {"target", spec.target.dashboard_id.empty()
                              ? Json{{"question_id", spec.target.question_id}}
                              : Json{{"dashboard_id", spec.target.dashboard_id}}}};
  return impl_->Deliver(built, spec.delivery, name, std::move(meta));
}

Result<AlertOutcome> ReportService::RunAlert(const AlertSpec& spec, std::string_view name) {
  SAGAZ_TRY(Check(spec));
  std::lock_guard lock(impl_->alert_mu);
  auto built = SAGAZ_TRY(impl_->Build(spec.run_as, {.question_id = spec.question_id}, spec.formats,
                                      {}, spec.language));
  AlertOutcome out;
  const auto& result = *built.question_result;
  const bool statistics = built.question_kind == dashboards::QuestionKind::kStats;
  if (statistics && !result.statistics) {
    return Fail(ErrorCode::kInternal, "a statistics question ran without statistics");
  }
  out.value = statistics ? SAGAZ_TRY(StatisticValue(*result.statistics, spec))
                         : SAGAZ_TRY(AlertValue(result, spec.column));
  const std::string key = AlertKey(spec);
  const bool firing = SAGAZ_TRY(impl_->Firing(key)).value_or(false);
  const bool above = spec.direction == Direction::kAbove;
  const bool beyond = above ? out.value > spec.threshold : out.value < spec.threshold;
  const bool back = above ? out.value <= spec.threshold - spec.hysteresis
                          : out.value >= spec.threshold + spec.hysteresis;
  bool firing_after = firing;
  if (!firing && beyond) {
    out.state = AlertState::kFired;
    firing_after = true;
  } else if (firing && back) {
    out.state = AlertState::kRearmed;
    firing_after = false;
  } else {
    out.state = firing ? AlertState::kFiring : AlertState::kOk;
  }
  if (out.state == AlertState::kFired) {
    Json alert = {{"question_id", spec.question_id},
                  {"question", built.title},
                  {"value", out.value},
                  {"direction", std::string(ToString(spec.direction))},
                  {"threshold", spec.threshold},
                  {"hysteresis", spec.hysteresis},
                  {"state", std::string(ToString(out.state))},
                  {"at", NowIso8601()}};
    if (!spec.column.empty()) alert["column"] = spec.column;
    if (statistics) alert["statistic"] = std::string(stats::Name(WatchedStat(spec)));
    std::vector<Artifact> files;
    files.push_back(Artifact{"alert.json", "application/json",
                             alert.dump(2, ' ', false, Json::error_handler_t::replace),
                             std::nullopt});
    for (auto& a : built.artifacts) files.push_back(std::move(a));
    built.artifacts = std::move(files);
    Json meta = {{"kind", "alert"}, {"alert", std::move(alert)}};
    // Delivered first: a failed delivery leaves the alert armed, so the retry fires again.
    out.delivered = SAGAZ_TRY(impl_->Deliver(built, spec.delivery, name, std::move(meta)));
  }
  if (firing_after != firing || out.state == AlertState::kFired) {
    SAGAZ_TRY(impl_->SaveFiring(key, firing_after, out.value));
  }
  log::Info("alert evaluated", {{"name", std::string(name)},
                                {"value", FormatDouble(out.value)},
                                {"state", std::string(ToString(out.state))}});
  return out;
}

Result<std::string> ReportService::RenderTarget(const dashboards::Viewer& viewer,
                                                const Target& target, Format format,
                                                const dashboards::FilterValues& filters,
                                                std::string_view language) {
  if (format != Format::kPng && format != Format::kPdf) {
    return Fail(Invalid("format", "a rendering is png or pdf"));
  }
  auto built = SAGAZ_TRY(impl_->Build(viewer, target, {format}, filters, std::string(language)));
  return std::move(built.artifacts.front().bytes);
}

}  // namespace sagaz::reports
