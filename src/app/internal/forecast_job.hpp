// The "forecast_train" job: trains forecast models with progress (folds done, time left) and stops
// when cancelled. Storing a version is idempotent (its id is fixed at submission), so a retried
// job replaces what a crashed attempt left.
#pragma once

namespace sagaz {
class App;
}
namespace sagaz::jobs {
class Workers;
}

namespace sagaz::internal {

void RegisterForecastJob(jobs::Workers& workers, App& app);

}  // namespace sagaz::internal
