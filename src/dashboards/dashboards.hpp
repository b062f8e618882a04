// Saved questions and dashboards: answers an analyst keeps, arranges on a grid and shares.
//
//   dashboards::NewQuestion q{.name = "GMV por mês", .kind = QuestionKind::kSql,
//                             .sql = "SELECT date_trunc('month', created_at) AS mes, ..."};
//   auto saved = SAGAZ_TRY(app.dashboards().CreateQuestion(viewer, q));   // runs it once
//   auto run = SAGAZ_TRY(app.dashboards().RunQuestion(viewer, saved.id, {}));
//   auto board = SAGAZ_TRY(app.dashboards().CreateDashboard(viewer, {.name = "Vendas", ...}));
//   auto link = SAGAZ_TRY(app.dashboards().CreatePublicLink(viewer, board.id));
//   auto page = SAGAZ_TRY(app.dashboards().OpenPublic(link.token, {}));  // no account needed
//
// A saved question is an Ask question, a SQL query or a statistics request, with the SQL it ran
// under the guard, the columns it returned, its chart settings and language. Running it again
// gives fresh results; when its datasets changed shape it fails with kFailedPrecondition and says
// what broke (a dataset gone, a column gone, the chart's columns missing from the result).
//
// A dashboard is a grid of cards (a saved question, Markdown text, or a single KPI) with filters
// (a category value, a date range) applied to every card whose question reads a dataset that has
// the filter's column. Card results are cached by the question's version, the filter values and
// the data versions of the datasets it reads: a dataset that did not change is not queried again.
// A public link (a random token, revocable) shows a dashboard's card results without an account,
// never its SQL.
//
// Access: every question and dashboard belongs to a collection; a collection names the least role
// that may view it and the least role that may edit it (default: viewer and analyst); admins may
// always do both. Everything is persisted in _sagaz tables of the application's database.
//
// Thread-safe: one service serves every request thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/role.hpp"
#include "core/error.hpp"
#include "db/db.hpp"
#include "insights/chart.hpp"
#include "stats/service.hpp"

namespace sagaz::catalog {
class Catalog;
}
namespace sagaz::sql {
class QueryService;
}
namespace sagaz::ask {
class AskService;
}
namespace sagaz::auth {
class Signer;
}

namespace sagaz::dashboards {

enum class QuestionKind { kAsk, kSql, kStats };
std::string_view ToString(QuestionKind kind);
Result<QuestionKind> ParseQuestionKind(std::string_view text);

// How a result is drawn. The web UI draws every type from the result's rows.
enum class ChartType {
  kAuto,  // what the answer suggests (Ask's chart; a table for SQL)
  kLine,
  kArea,
  kBar,
  kStackedBar,
  kHorizontalBar,
  kPie,
  kDonut,
  kScatter,
  kHistogram,
  kBoxplot,
  kHeatmap,
  kTable,
  kNumber,  // a single number with its change from the previous row (period)
  kPivot,
};
std::string_view ToString(ChartType type);
Result<ChartType> ParseChartType(std::string_view text);

struct ChartSettings {
  ChartType type = ChartType::kAuto;
  std::string x;               // column on the x axis (categories, times); empty: the first
  std::vector<std::string> y;  // value columns; empty: every numeric column
  std::string series;          // column whose values split the series (stacked, heatmap, pivot)
  std::string sort;            // column to sort by; empty: as the query returns
  bool descending = false;
  std::string number_format;  // e.g. "0.00", "currency:BRL", "percent"; empty: the locale's
  std::string date_format;    // e.g. "month", "day", "yyyy-MM"; empty: the locale's
};

// A saved question as created or replaced by its owner.
struct NewQuestion {
  std::string name;
  std::string description;
  std::string collection;  // empty: "default"
  QuestionKind kind = QuestionKind::kSql;
  std::string question;  // kAsk: the question text
  // kSql: the query. kAsk: optionally the edited query an answer ran (AskRequest::sql).
  std::string sql;
  std::string stats;                   // kStats: the request, as the API's JSON document
  std::optional<std::string> dataset;  // kAsk: restrict the question to this dataset
  std::string language;                // "pt", "en" or empty (detected for kAsk)
  ChartSettings chart;
};

struct Question {
  std::string id;
  std::string name;
  std::string description;
  std::string collection;
  QuestionKind kind = QuestionKind::kSql;
  std::string question;
  std::string sql;
  std::string stats;
  std::optional<std::string> dataset;
  std::string language;
  ChartSettings chart;
  std::string ran_sql;                     // the SQL it last ran under the guard
  std::vector<std::string> tables;         // datasets it read
  std::vector<db::Column> result_columns;  // columns it returned when saved
  std::string owner;
  int64_t version = 1;  // bumped by every edit (results cached by an older version are stale)
  std::string created_at;
  std::string updated_at;
};

// A dashboard filter's value for one run: `value` for a category, `from`/`to` (YYYY-MM-DD,
// inclusive, either may be empty) for a date range.
struct FilterValue {
  std::string value;
  std::string from;
  std::string to;
};
// By filter column.
using FilterValues = std::map<std::string, FilterValue, std::less<>>;

// A question's fresh (or cached) result.
struct RunResult {
  std::string question_id;
  std::vector<db::Column> columns;
  std::vector<std::vector<db::Value>> rows;
  int64_t total_rows = 0;
  bool truncated = false;                        // rows beyond the card limit were left out
  std::optional<db::Value> value;                // single-number answers
  std::string insight;                           // kAsk: the written insight
  std::optional<insights::ChartSpec> ask_chart;  // kAsk: the chart Ask drew
  std::optional<stats::StatsResult> statistics;  // kStats, and kAsk's summary of its measure
  std::string ran_sql;                           // never shown on public links
  std::vector<std::string> tables;
  std::vector<std::string> filters_applied;  // filter columns that narrowed this result
  std::vector<std::string> warnings;         // the result's columns changed without breaking it
  std::string language;
  double elapsed_ms = 0;
  bool cached = false;
  std::string ran_at;  // when the rows were computed (cached results: their first run)
};

// A clicked bar or point: `column` is a column of the question's result (its expression is
// evaluated on the rows, so a month bucket matches the rows of that month) or of its dataset.
struct DrillFilter {
  std::string column;
  std::optional<std::string> value;  // the value's text; absent (with no range): IS NULL
  std::string from;                  // or a date range, YYYY-MM-DD, inclusive
  std::string to;
};

struct DrillRequest {
  std::vector<DrillFilter> filters;  // 1 to 10
  FilterValues dashboard_filters;    // the dashboard's filters in force
};

enum class CardKind { kQuestion, kMarkdown, kKpi };
std::string_view ToString(CardKind kind);
Result<CardKind> ParseCardKind(std::string_view text);

struct Position {
  int x = 0;
  int y = 0;
  int w = 6;  // of a 12-column grid
  int h = 4;
};

struct Card {
  CardKind kind = CardKind::kQuestion;
  std::string question_id;           // kQuestion, kKpi
  std::string title;                 // empty: the question's name
  std::string text;                  // kMarkdown
  std::optional<ChartType> chart;    // overrides the question's chart type on this card
  std::optional<Position> position;  // absent: placed after the cards before it
};

enum class FilterKind { kValue, kDateRange };
std::string_view ToString(FilterKind kind);
Result<FilterKind> ParseFilterKind(std::string_view text);

struct Filter {
  std::string column;
  FilterKind kind = FilterKind::kValue;
  std::string label;  // empty: the column
  FilterValue default_value;
};

struct NewDashboard {
  std::string name;
  std::string description;
  std::string collection;
  std::vector<Card> cards;
  std::vector<Filter> filters;
  int refresh_s = 0;  // auto-refresh interval in the web UI; 0: none
};

struct Dashboard {
  std::string id;
  std::string name;
  std::string description;
  std::string collection;
  std::vector<Card> cards;  // positions filled in
  std::vector<Filter> filters;
  int refresh_s = 0;
  std::string owner;
  int64_t version = 1;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> public_token;  // the active public link, shown to editors only
};

// A card with its result (or the error that kept it from one).
struct CardResult {
  Card card;  // position filled in, title filled in from the question
  std::optional<Question> question;
  std::optional<RunResult> result;
  std::optional<Error> error;
  // kKpi: the last value of the result's value column and the one before it.
  std::optional<double> kpi_value;
  std::optional<double> kpi_previous;
};

struct OpenedDashboard {
  Dashboard dashboard;
  std::vector<CardResult> cards;
  FilterValues filters;  // the values used (defaults filled in)
  double elapsed_ms = 0;
};

struct PublicLink {
  std::string token;
  std::string dashboard_id;
  std::string created_at;
};

// A signed, expiring token that shows a dashboard in another site's iframe (the public view). It
// names the dashboard's public link without showing it: revoking the public link ends every
// embed token made from it.
struct EmbedToken {
  std::string token;
  std::string dashboard_id;
  int64_t expires_ms = 0;
};

// Who asks: the account's name and role (auth::Identity's user and role).
struct Viewer {
  std::string user;
  auth::Role role = auth::Role::kViewer;
};

struct Collection {
  std::string name;
  auth::Role view = auth::Role::kViewer;
  auth::Role edit = auth::Role::kAnalyst;
};

// A dashboard and its questions as one document (sagaz dashboards export|import).
struct Bundle {
  Dashboard dashboard;  // cards name questions by their ids in `questions`
  std::vector<Question> questions;
};

// Reads a stored statistics request (the API's JSON document); wire::ParseStatsRequest.
using StatsParser = std::function<Result<stats::StatsRequest>(std::string_view json)>;

struct ServiceOptions {
  int64_t card_rows = 5000;    // rows of a result kept for a card
  size_t cache_entries = 512;  // card results kept in memory
};

class DashboardService {
 public:
  // Creates the tables if needed.
  static Result<std::unique_ptr<DashboardService>> Open(
      db::ConnectionPool& pool, catalog::Catalog& catalog, sql::QueryService& query,
      ask::AskService& ask, stats::StatsService& stats, StatsParser parse_stats,
      ServiceOptions options = {});
  ~DashboardService();

  // Questions. Create and Update run the question once (a question that does not run is not
  // saved) and record the SQL it ran and its columns. Errors: kNotFound, kPermissionDenied (the
  // collection's edit role), kInvalidArgument (empty name, missing spec), and the run's own.
  Result<Question> CreateQuestion(const Viewer& viewer, const NewQuestion& question);
  Result<std::vector<Question>> ListQuestions(const Viewer& viewer);
  Result<Question> GetQuestion(const Viewer& viewer, std::string_view id);
  Result<Question> UpdateQuestion(const Viewer& viewer, std::string_view id,
                                  const NewQuestion& question);
  // Refused (kFailedPrecondition) while a dashboard shows the question.
  Status DeleteQuestion(const Viewer& viewer, std::string_view id);
  // Fresh results (or cached ones for unchanged data). A question whose datasets changed shape
  // fails with kFailedPrecondition, details "problems" (what broke, "; "-separated) and "cause".
  Result<RunResult> RunQuestion(const Viewer& viewer, std::string_view id,
                                const FilterValues& filters);

  // The rows behind a clicked bar or point (internal/drill.hpp), through the SQL guard, up to the
  // card row limit. Errors: kUnsupported for SQL that cannot be drilled into (a UNION; a
  // measure, not a category, clicked), the guard's and the query's.
  Result<RunResult> Drill(const Viewer& viewer, std::string_view id, const DrillRequest& request);

  // Dashboards. Cards must name questions the viewer may see.
  Result<Dashboard> CreateDashboard(const Viewer& viewer, const NewDashboard& dashboard);
  Result<std::vector<Dashboard>> ListDashboards(const Viewer& viewer);
  Result<Dashboard> GetDashboard(const Viewer& viewer, std::string_view id);
  Result<Dashboard> UpdateDashboard(const Viewer& viewer, std::string_view id,
                                    const NewDashboard& dashboard);
  Status DeleteDashboard(const Viewer& viewer, std::string_view id);
  // The dashboard with every card's result; a card that fails carries its error.
  Result<OpenedDashboard> OpenDashboard(const Viewer& viewer, std::string_view id,
                                        const FilterValues& filters);

  // Public links: one active link per dashboard (creating again returns it). Needs edit access.
  Result<PublicLink> CreatePublicLink(const Viewer& viewer, std::string_view dashboard_id);
  Status RevokePublicLink(const Viewer& viewer, std::string_view dashboard_id);
  // kNotFound for an unknown or revoked token.
  Result<OpenedDashboard> OpenPublic(std::string_view token, const FilterValues& filters);

  // Embedding. Needs edit access; makes the public link when there is none. `ttl_s` > 0.
  Result<EmbedToken> CreateEmbedToken(const Viewer& viewer, std::string_view dashboard_id,
                                      int64_t ttl_s, const auth::Signer& signer);
  // The public view of an embed token's dashboard. kUnauthenticated for a token that is
  // malformed, tampered with or expired, or whose public link was revoked.
  Result<OpenedDashboard> OpenEmbedded(std::string_view token, const FilterValues& filters,
                                       const auth::Signer& signer);

  // Collections: those with settings, and changing one's roles (admins only).
  Result<std::vector<Collection>> ListCollections(const Viewer& viewer);
  Result<Collection> SetCollection(const Viewer& viewer, const Collection& collection);

  // Export and import of a dashboard with its questions. Import creates new ids, owned by
  // `viewer`, in the bundle's collection (or `collection` when given).
  Result<Bundle> ExportBundle(const Viewer& viewer, std::string_view dashboard_id);
  Result<Dashboard> ImportBundle(const Viewer& viewer, const Bundle& bundle,
                                 std::optional<std::string> collection = {});

  // Card results held in memory.
  size_t CachedResults() const;

 private:
  struct Impl;
  explicit DashboardService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The SQL whose rows are a question's answer, for exports and reports: a SQL question's query, an
// Ask question's aggregated answer as it last ran. kUnsupported for a statistics question, whose
// answer is its statistics.
Result<std::string> RowsSql(const Question& question);

// The collection of something saved without one.
inline constexpr std::string_view kDefaultCollection = "default";

}  // namespace sagaz::dashboards
