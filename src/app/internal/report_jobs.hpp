// The "report" and "alert" jobs (reports/reports.hpp) and the schedules that submit them. A
// report's files go to a folder named after its schedule.
#pragma once

namespace sagaz {
class App;
}
namespace sagaz::jobs {
class Workers;
class Scheduler;
}  // namespace sagaz::jobs

namespace sagaz::internal {

void RegisterReportJobs(jobs::Workers& workers, App& app);
// Lets schedules submit "report" and "alert" jobs whose payload checks (ReportService::Check).
void AllowReportSchedules(jobs::Scheduler& scheduler, App& app);

}  // namespace sagaz::internal
