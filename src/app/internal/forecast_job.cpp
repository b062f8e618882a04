#include "app/internal/forecast_job.hpp"

#include <chrono>

#include "app/app.hpp"
#include "app/jobs.hpp"
#include "forecast/service.hpp"
#include "jobs/jobs.hpp"
#include "wire/forecast.hpp"

namespace sagaz {
namespace app_jobs {

Result<jobs::Submitted> SubmitForecastTrain(App& app, const ForecastJobSpec& spec) {
  const wire::Json payload = {{"body", spec.body}, {"model_id", spec.model_id}};
  return app.jobs().Submit({.kind = std::string(kForecastTrain),
                            .payload = wire::Dump(payload),
                            .created_by = spec.created_by});
}

}  // namespace app_jobs

namespace internal {

void RegisterForecastJob(jobs::Workers& workers, App& app) {
  auto handler = [&app](jobs::JobContext& ctx) -> Result<std::string> {
    const auto payload = SAGAZ_TRY(wire::ParseBody(ctx.job().payload));
    if (!payload.is_object() || !payload.contains("body") || !payload["body"].is_string()) {
      return Fail(ErrorCode::kInvalidArgument, "malformed forecast job payload");
    }
    const auto body = SAGAZ_TRY(wire::ParseBody(payload["body"].get<std::string>()));
    auto request = SAGAZ_TRY(wire::ParseForecastTrainRequest(body, app.forecast().DefaultConfig()));
    request.model_id = payload.value("model_id", std::string());
    const auto started = std::chrono::steady_clock::now();
    ctx.Progress(0, "loading " + request.dataset);
    auto progress = [&ctx, started](double fraction, const std::string& message) {
      std::string text = message;
      if (fraction > 0.02 && fraction < 1) {
        const double spent =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        text += ", about " + std::to_string(static_cast<int64_t>(spent / fraction - spent) + 1) +
                " s left";
      }
      ctx.Progress(fraction * 100, text);
      return !ctx.Cancelled();
    };
    auto result = SAGAZ_TRY(app.forecast().Train(request, progress));
    return wire::Dump(wire::ToJson(result));
  };
  workers.Register(std::string(app_jobs::kForecastTrain), std::move(handler));
}

}  // namespace internal
}  // namespace sagaz
