// `sagaz schedules list|show|create|enable|disable|delete`: cron schedules that submit jobs (a
// pipeline run, a dashboard or question report, an alert) to the queue; `sagaz serve` or
// `sagaz worker` runs them.
#include <iostream>

#include "app/app.hpp"
#include "app/jobs.hpp"
#include "cli/context.hpp"
#include "cli/table.hpp"
#include "core/ids.hpp"
#include "dashboards/dashboards.hpp"
#include "jobs/schedules.hpp"
#include "wire/pipelines.hpp"
#include "wire/schedules.hpp"

namespace sagaz::cli {
namespace {

struct ScheduleArgs {
  std::string name;
  std::string cron;
  std::string time_zone = "UTC";
  std::string pipeline;
  std::string kind;
  std::string payload;
  std::string missed = "run_once";
  bool disabled = false;
  // Reports and alerts.
  std::string report;  // dashboard:ID or question:ID
  std::string alert;   // a question id
  std::vector<std::string> formats;
  std::string folder;
  std::string webhook;
  std::optional<double> above;
  std::optional<double> below;
  double hysteresis = 0;
  std::string column;
  std::string statistic;
  std::string language;
};

// The payload of a report or alert schedule from the options.
Result<wire::Json> ReportPayload(const ScheduleArgs& a) {
  wire::Json p = wire::Json::object();
  if (!a.report.empty()) {
    const auto colon = a.report.find(':');
    const std::string what = a.report.substr(0, colon);
    if (colon == std::string::npos || (what != "dashboard" && what != "question")) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--report is dashboard:ID or question:ID, not '" + a.report + "'");
    }
    p[what + "_id"] = a.report.substr(colon + 1);
  } else {
    p["question_id"] = a.alert;
    if (a.above.has_value() == a.below.has_value()) {
      return Fail(ErrorCode::kInvalidArgument, "an alert needs one of --above or --below");
    }
    p["direction"] = a.above ? "above" : "below";
    p["threshold"] = a.above ? *a.above : *a.below;
    p["hysteresis"] = a.hysteresis;
    if (!a.column.empty()) p["column"] = a.column;
    if (!a.statistic.empty()) p["statistic"] = a.statistic;
  }
  if (!a.formats.empty() || !a.report.empty()) p["formats"] = a.formats;
  p["delivery"] =
      a.webhook.empty() ? wire::Json{{"folder", a.folder}} : wire::Json{{"webhook", a.webhook}};
  if (!a.language.empty()) p["language"] = a.language;
  return p;
}

void PrintSchedules(const std::vector<jobs::Schedule>& all) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : all) {
    rows.push_back({s.id, s.spec.name, s.spec.cron, s.spec.time_zone, s.spec.kind,
                    s.spec.enabled ? "yes" : "no", std::string(jobs::ToString(s.spec.missed)),
                    s.next_ms ? Iso8601FromMs(*s.next_ms) : "-",
                    s.last_ms ? Iso8601FromMs(*s.last_ms) : "-"});
  }
  std::cout << RenderTable({{"id"},
                            {"name"},
                            {"cron"},
                            {"time zone"},
                            {"kind"},
                            {"enabled"},
                            {"missed"},
                            {"next run"},
                            {"last run"}},
                           rows, 40);
}

// Shows one schedule with its next runs.
Status ShowOne(Context& c, App& app, const jobs::Schedule& s) {
  const auto runs = SAGAZ_TRY(app.scheduler().NextRuns(s, 5));
  c.Show(wire::ToJson(s, runs), [&] {
    PrintSchedules({s});
    for (const auto ms : runs) std::cout << "  next: " << Iso8601FromMs(ms) << "\n";
  });
  return Ok();
}

}  // namespace

void AddScheduleCommands(CLI::App& cli, Context& ctx) {
  auto* cmd = cli.add_subcommand(
      "schedules", "Cron schedules that run pipelines and reports (sagaz serve runs them)");
  cmd->require_subcommand(1);
  auto& a = ctx.Hold<ScheduleArgs>();
  Context* c = &ctx;
  ScheduleArgs* args = &a;

  cmd->add_subcommand("list", "List schedules with their next and last runs")->callback([c] {
    c->WithApp([&](App& app) -> Status {
      const auto all = SAGAZ_TRY(app.scheduler().List());
      wire::Json items = wire::Json::array();
      for (const auto& s : all) {
        items.push_back(wire::ToJson(s, SAGAZ_TRY(app.scheduler().NextRuns(s, 5))));
      }
      c->Show({{"schedules", items}}, [&] { PrintSchedules(all); });
      return Ok();
    });
  });

  auto* show = cmd->add_subcommand("show", "Show a schedule and its next five runs");
  show->add_option("schedule", a.name, "Schedule id or name")->required();
  show->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      return ShowOne(*c, app, SAGAZ_TRY(app.scheduler().Get(args->name)));
    });
  });

  auto* create = cmd->add_subcommand("create", "Create a schedule");
  create->add_option("name", a.name, "Schedule name")->required();
  create->add_option("--cron", a.cron, "Cron expression: \"0 3 * * *\", \"30 6 * * MON-FRI\"")
      ->required();
  create->add_option("--time-zone", a.time_zone, "Time zone of the expression (tz database)");
  auto* pipeline = create->add_option("--pipeline", a.pipeline, "Run this pipeline");
  auto* report =
      create->add_option("--report", a.report, "Render and deliver dashboard:ID or question:ID")
          ->excludes(pipeline);
  auto* alert = create
                    ->add_option("--alert", a.alert,
                                 "Alert when this saved question's value crosses a threshold")
                    ->excludes(pipeline)
                    ->excludes(report);
  create->add_option("--kind", a.kind, "Job kind to submit (instead of --pipeline)")
      ->excludes(pipeline)
      ->excludes(report)
      ->excludes(alert);
  create->add_option("--format", a.formats, "Report files: pdf, png, csv, xlsx (repeatable)");
  create->add_option("--folder", a.folder, "Deliver into data/reports/FOLDER/<schedule>/");
  create->add_option("--webhook", a.webhook, "Deliver to this URL (on webhooks.allow)");
  create->add_option("--above", a.above, "Alert when the value goes above this");
  create->add_option("--below", a.below, "Alert when the value goes below this");
  create->add_option("--hysteresis", a.hysteresis,
                     "Re-arm the alert only once the value is this far back past the threshold");
  create->add_option("--column", a.column, "The alert's value column (default: the first number)");
  create->add_option("--statistic", a.statistic,
                     "An alert on a statistics question: the statistic watched (default: mean)");
  create->add_option("--language", a.language, "Rendered text: pt (default) or en");
  create->add_option("--payload", a.payload, "Job payload (a JSON object) with --kind");
  create->add_option("--missed", a.missed, "After downtime: run_once (default) or skip");
  create->add_flag("--disabled", a.disabled, "Create it disabled");
  create->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      jobs::ScheduleSpec spec{.name = args->name,
                              .cron = args->cron,
                              .time_zone = args->time_zone,
                              .kind = args->kind,
                              .missed = SAGAZ_TRY(jobs::ParseMissedPolicy(args->missed)),
                              .enabled = !args->disabled,
                              .created_by = "cli"};
      if (!args->pipeline.empty()) {
        spec.kind = "pipeline";
        spec.payload = wire::Dump(wire::RunPayload({.pipeline = args->pipeline}));
      } else if (!args->report.empty() || !args->alert.empty()) {
        spec.kind = std::string(args->report.empty() ? app_jobs::kAlert : app_jobs::kReport);
        spec.payload = wire::Dump(SAGAZ_TRY(ReportPayload(*args)));
      } else if (!args->payload.empty()) {
        spec.payload = wire::Dump(SAGAZ_TRY(wire::ParseBody(args->payload)));
      }
      if (spec.kind.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "say what the schedule runs: --pipeline, --report, --alert or --kind");
      }
      // The CLI acts for the person at the machine, who owns the data directory: an admin.
      spec.payload = SAGAZ_TRY(app_jobs::BindSchedulePayload(
          app, spec.kind, spec.payload, dashboards::Viewer{"cli", auth::Role::kAdmin}));
      return ShowOne(*c, app, SAGAZ_TRY(app.scheduler().Create(spec)));
    });
  });

  for (const bool enable : {true, false}) {
    auto* sub = cmd->add_subcommand(
        enable ? "enable" : "disable",
        enable ? "Enable a schedule (its next run counts from now)" : "Disable a schedule");
    sub->add_option("schedule", a.name, "Schedule id or name")->required();
    sub->callback([c, args, enable] {
      c->WithApp([&](App& app) -> Status {
        return ShowOne(*c, app, SAGAZ_TRY(app.scheduler().Update(args->name, {.enabled = enable})));
      });
    });
  }

  auto* del = cmd->add_subcommand("delete", "Delete a schedule (its jobs stay)");
  del->add_option("schedule", a.name, "Schedule id or name")->required();
  del->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      SAGAZ_TRY(app.scheduler().Delete(args->name));
      c->Show({{"deleted", args->name}}, [&] { std::cout << "deleted " << args->name << "\n"; });
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
