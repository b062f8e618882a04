// Scheduled reports and alerts: a dashboard or a saved question rendered to CSV, XLSX, PNG or PDF
// and delivered to a folder under the data directory or to an allow-listed webhook; an alert when
// a saved question's value crosses a threshold, delivered the same way.
//
//   reports::ReportSpec spec{.target = {.dashboard_id = "dsh_..."},
//                            .formats = {reports::Format::kPdf, reports::Format::kCsv},
//                            .delivery = {.folder = "vendas"},
//                            .run_as = {"ana", auth::Role::kAnalyst}};
//   auto done = SAGAZ_TRY(app.reports().RunReport(spec, "vendas-diario"));
//
// Schedules run these as jobs of the kinds "report" and "alert" (jobs/schedules.hpp): the
// scheduler is generic over job kinds, and the application allows these two besides "pipeline"
// (app/jobs.hpp, BindScheduleOwner). A report or alert runs with the access of the account that
// created it (`run_as`), never more.
//
// Delivery:
//   folder:  data/<reports.dir>/<folder>/<name>/<UTC time>-<file>; one directory per schedule.
//   webhook: one POST of multipart/form-data: a part "meta" (application/json: what ran, when,
//            and for alerts the value, threshold and state) and one part per file. The URL must
//            start with an entry of webhooks.allow; redirects are not followed; a status other
//            than 2xx fails the delivery (and the job is retried by the queue). With
//            webhooks.secret the body is signed (webhooks/webhooks.hpp).
//
// Alerts: the value is the question's single value, or the last row's value of its first numeric
// column (or `column`); for a statistics question, the `statistic` (default "mean") of `column`
// (default: the first column described). Direction above fires when value > threshold; it fires
// once and re-arms only when the value falls to threshold - hysteresis or below (below: symmetric),
// so a value that hovers at the threshold does not fire every run. The armed state is kept per
// alert definition (question, direction, threshold, hysteresis, column, destination) in the
// database.
//
// Rendering draws every card of a dashboard on a 12-column grid with cairo: bars, lines, areas,
// pies, single numbers with their change, tables, statistics and Markdown text as plain lines.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "dashboards/dashboards.hpp"

namespace sagaz::db {
class ConnectionPool;
}
namespace sagaz::exports {
class Exporter;
}
namespace sagaz::webhooks {
class Sender;
}

namespace sagaz::reports {

enum class Format { kCsv, kXlsx, kPng, kPdf };
std::string_view ToString(Format format);
Result<Format> ParseFormat(std::string_view text);

// What a report shows: one dashboard or one saved question (exactly one is set).
struct Target {
  std::string dashboard_id;
  std::string question_id;
};

// Where files go: exactly one of the two.
struct Delivery {
  std::string folder;   // a name under data/<reports.dir>/ (letters, digits, ".", "_", "-")
  std::string webhook;  // an http(s) URL starting with an entry of webhooks.allow
};

struct ReportSpec {
  Target target;
  std::vector<Format> formats;  // at least one; CSV and XLSX hold each question's full rows
  Delivery delivery;
  dashboards::FilterValues filters;  // dashboard filter values (defaults when absent)
  dashboards::Viewer run_as;         // whose access the report runs with
  std::string language;              // "pt" or "en" for the rendered text; empty: "pt"
};

enum class Direction { kAbove, kBelow };
std::string_view ToString(Direction direction);
Result<Direction> ParseDirection(std::string_view text);

struct AlertSpec {
  std::string question_id;
  Direction direction = Direction::kAbove;
  double threshold = 0;
  double hysteresis = 0;  // >= 0; see the header comment
  std::string column;     // the value column; empty: the single value or first numeric
  // A statistics question: the statistic of `column` (default: the first column) watched, by its
  // stats name ("mean", "max", "std_dev", "median", ...); empty: "mean". Only for those questions.
  std::string statistic;
  std::vector<Format> formats;  // files sent with the alert besides its meta (may be empty)
  Delivery delivery;
  dashboards::Viewer run_as;
  std::string language;
};

// A file delivered.
struct DeliveredFile {
  std::string name;  // file name
  std::string content_type;
  uint64_t bytes = 0;
  std::string path;  // folder delivery: the path under the data directory
};

struct ReportOutcome {
  std::string title;  // the dashboard's or question's name
  std::vector<DeliveredFile> files;
  std::string destination;               // "folder:<path>" or the webhook URL
  int webhook_status = 0;                // the webhook's HTTP status
  std::vector<std::string> card_errors;  // cards that could not be computed (the rest ran)
};

enum class AlertState {
  kFired,    // crossed: delivered
  kFiring,   // still beyond the threshold: not delivered again
  kRearmed,  // back past the hysteresis band: armed again
  kOk,       // not beyond the threshold
};
std::string_view ToString(AlertState state);

struct AlertOutcome {
  double value = 0;
  AlertState state = AlertState::kOk;
  std::optional<ReportOutcome> delivered;  // when fired
};

// Rendering options.
struct RenderOptions {
  std::string language = "pt";
  int width = 1200;  // pixels (PNG) or points (PDF)
};

// Draws an opened dashboard as a PNG or PDF (kInvalidArgument for CSV/XLSX). Returns the bytes.
Result<std::string> Render(const dashboards::OpenedDashboard& opened, Format format,
                           const RenderOptions& options = {});
// An opened dashboard of one card: the question with its result, full width.
dashboards::OpenedDashboard SingleCard(const dashboards::Question& question,
                                       const dashboards::RunResult& result);

class ReportService {
 public:
  // `data_dir` is the data directory; config: reports.*. Webhooks go through `webhooks`.
  static Result<std::unique_ptr<ReportService>> Open(db::ConnectionPool& pool,
                                                     dashboards::DashboardService& dashboards,
                                                     exports::Exporter& exporter,
                                                     const webhooks::Sender& webhooks,
                                                     std::filesystem::path data_dir,
                                                     ReportsConfig config);
  ~ReportService();

  // Checks a spec before it is saved: formats, destination (folder name, URL on the
  // allow-list), and that `run_as` may see the target. Errors name the field.
  Status Check(const ReportSpec& spec);
  Status Check(const AlertSpec& spec);

  // Renders and delivers. `name` names the folder of this report's files (the schedule name).
  Result<ReportOutcome> RunReport(const ReportSpec& spec, std::string_view name);
  // Evaluates the alert and delivers when it fires.
  Result<AlertOutcome> RunAlert(const AlertSpec& spec, std::string_view name);

  // The bytes of one rendering, for previews: a dashboard or question as PNG or PDF.
  Result<std::string> RenderTarget(const dashboards::Viewer& viewer, const Target& target,
                                   Format format, const dashboards::FilterValues& filters,
                                   std::string_view language);

 private:
  struct Impl;
  explicit ReportService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagaz::reports
