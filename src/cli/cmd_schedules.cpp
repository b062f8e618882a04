// `sagaz schedules list|show|create|enable|disable|delete`: cron schedules that submit jobs (a
// pipeline run, a dashboard report) to the queue; `sagaz serve` or `sagaz worker` runs them.
#include <iostream>

#include "app/app.hpp"
#include "cli/context.hpp"
#include "cli/table.hpp"
#include "core/ids.hpp"
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
};

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
  create->add_option("--kind", a.kind, "Job kind to submit (instead of --pipeline)")
      ->excludes(pipeline);
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
      } else if (!args->payload.empty()) {
        spec.payload = wire::Dump(SAGAZ_TRY(wire::ParseBody(args->payload)));
      }
      if (spec.kind.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "say what the schedule runs: --pipeline or --kind");
      }
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
