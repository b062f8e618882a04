#include "app/internal/report_jobs.hpp"

#include "app/app.hpp"
#include "app/jobs.hpp"
#include "jobs/jobs.hpp"
#include "jobs/schedules.hpp"
#include "reports/reports.hpp"
#include "wire/reports.hpp"

namespace sagaz {

namespace {

// The name of the schedule that submitted a job ("schedule:<id>:<ms>"), or "manual".
std::string ScheduleName(App& app, const jobs::Job& job) {
  constexpr std::string_view kPrefix = "schedule:";
  const std::string& key = job.idempotency_key;
  if (key.starts_with(kPrefix)) {
    const auto end = key.find(':', kPrefix.size());
    if (auto s = app.scheduler().Get(key.substr(kPrefix.size(), end - kPrefix.size()))) {
      return s->spec.name;
    }
  }
  return "manual";
}

Status NeedOwner(const dashboards::Viewer& run_as) {
  if (run_as.user.empty()) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "the payload has no run_as: make report and alert schedules through the "
                      "schedules API or `sagaz schedules create`")
                    .With("field", "payload.run_as"));
  }
  return Ok();
}

}  // namespace

namespace app_jobs {

Result<std::string> BindSchedulePayload(App& app, std::string_view kind, std::string_view payload,
                                        const dashboards::Viewer& owner) {
  if (kind == kReport) {
    auto spec = SAGAZ_TRY(wire::ParseReportSpec(SAGAZ_TRY(wire::ParseBody(payload))));
    spec.run_as = owner;
    SAGAZ_TRY(app.reports().Check(spec));
    return wire::Dump(wire::ToJson(spec));
  }
  if (kind == kAlert) {
    auto spec = SAGAZ_TRY(wire::ParseAlertSpec(SAGAZ_TRY(wire::ParseBody(payload))));
    spec.run_as = owner;
    SAGAZ_TRY(app.reports().Check(spec));
    return wire::Dump(wire::ToJson(spec));
  }
  return std::string(payload);
}

}  // namespace app_jobs

namespace internal {

void RegisterReportJobs(jobs::Workers& workers, App& app) {
  workers.Register(
      std::string(app_jobs::kReport), [&app](jobs::JobContext& ctx) -> Result<std::string> {
        const auto spec =
            SAGAZ_TRY(wire::ParseReportSpec(SAGAZ_TRY(wire::ParseBody(ctx.job().payload))));
        SAGAZ_TRY(NeedOwner(spec.run_as));
        ctx.Progress(0, "rendering");
        const auto outcome = SAGAZ_TRY(app.reports().RunReport(spec, ScheduleName(app, ctx.job())));
        return wire::Dump(wire::ToJson(outcome));
      });
  workers.Register(
      std::string(app_jobs::kAlert), [&app](jobs::JobContext& ctx) -> Result<std::string> {
        const auto spec =
            SAGAZ_TRY(wire::ParseAlertSpec(SAGAZ_TRY(wire::ParseBody(ctx.job().payload))));
        SAGAZ_TRY(NeedOwner(spec.run_as));
        const auto outcome = SAGAZ_TRY(app.reports().RunAlert(spec, ScheduleName(app, ctx.job())));
        return wire::Dump(wire::ToJson(outcome));
      });
}

void AllowReportSchedules(jobs::Scheduler& scheduler, App& app) {
  scheduler.AllowKind(std::string(app_jobs::kReport), [&app](std::string_view payload) -> Status {
    const auto spec = SAGAZ_TRY(wire::ParseReportSpec(SAGAZ_TRY(wire::ParseBody(payload))));
    SAGAZ_TRY(NeedOwner(spec.run_as));
    return app.reports().Check(spec);
  });
  scheduler.AllowKind(std::string(app_jobs::kAlert), [&app](std::string_view payload) -> Status {
    const auto spec = SAGAZ_TRY(wire::ParseAlertSpec(SAGAZ_TRY(wire::ParseBody(payload))));
    SAGAZ_TRY(NeedOwner(spec.run_as));
    return app.reports().Check(spec);
  });
}

}  // namespace internal
}  // namespace sagaz
