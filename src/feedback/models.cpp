// Trained model versions of the feedback service: training, the version store, activation.
#include <algorithm>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "feedback/feedback.hpp"
#include "feedback/internal/service.hpp"

namespace sagaz::feedback {
namespace {

constexpr std::string_view kSlot = "classifier";

Status NoStorage() {
  return Fail(ErrorCode::kFailedPrecondition, "this feedback service keeps no trained models");
}

}  // namespace

Result<std::shared_ptr<const Classifier>> FeedbackService::Impl::WithLlm(
    std::shared_ptr<const Classifier> fallback) const {
  return std::shared_ptr<const Classifier>(SAGAZ_TRY(MakeLlmClassifier(
      llm, std::move(fallback), taxonomy,
      {.batch = static_cast<int>(config.llm_batch), .timeout_ms = config.llm_timeout_ms})));
}

Status FeedbackService::Impl::LoadActive() {
  std::optional<ModelVersion> none;
  Result<std::optional<ModelVersion>> active = none;
  if (models) active = models->Active(std::string(kSlot));
  if (!active) return Fail(std::move(active).error());
  std::shared_ptr<const Classifier> chosen = builtin;
  if (*active) {
    const auto& rec = **active;
    auto loaded = [&]() -> Result<std::unique_ptr<Classifier>> {
      const auto bytes = SAGAZ_TRY(models->ReadModel(rec));
      return LoadTrainedClassifier(bytes, rec.id, taxonomy,
                                   {.neutral_threshold = config.neutral_threshold});
    }();
    if (loaded) {
      chosen = std::move(*loaded);
    } else {
      log::Warn(
          "feedback: the active trained model cannot be loaded; the builtin classifier serves",
          {{"id", rec.id}, {"error", loaded.error().message}});
    }
  }
  if (llm && config.engine == ask::Engine::kLlm) chosen = SAGAZ_TRY(WithLlm(std::move(chosen)));
  std::lock_guard lock(classifier_mu);
  classifier = std::move(chosen);
  return Ok();
}

Result<ModelVersion> FeedbackService::Train(TrainRequest request, const TrainProgress& progress) {
  if (!impl_->models) return Fail(NoStorage().error());
  if (request.data.empty()) {
    request.data = SAGAZ_TRY(GoldLabels());
    if (request.trained_on.empty()) request.trained_on = "gold labels";
  }
  auto trained =
      SAGAZ_TRY(TrainClassifier(request.data, *impl_->taxonomy, request.options, progress));
  ModelVersion rec;
  rec.created_at = NowIso8601();
  rec.trained_on = request.trained_on;
  rec.options = request.options;
  rec.items = trained.items;
  rec.duplicates = trained.duplicates;
  rec.conflicting = trained.conflicting;
  rec.sentiment_items = trained.sentiment_items;
  rec.tag_items = trained.tag_items;
  rec.features = trained.features;
  rec.tags = trained.tags;
  rec.taxonomy = impl_->taxonomy->fingerprint();
  rec.cv = std::move(trained.cv);
  rec.train_ms = trained.train_ms;
  {
    std::lock_guard lock(impl_->models_mu);
    const auto all = SAGAZ_TRY(impl_->models->List());
    for (const auto& r : all) rec.version = std::max(rec.version, r.version + 1);
    rec.id = "fb-v" + std::to_string(rec.version) + "-" + RandomHex(3);
    SAGAZ_TRY(impl_->models->Save(rec, trained.model));
    if (request.activate) {
      SAGAZ_TRY(impl_->models->SetActive(rec));
      rec.active = true;
    }
  }
  if (request.activate) SAGAZ_TRY(impl_->LoadActive());
  log::Info("feedback model trained",
            {{"id", rec.id},
             {"items", std::to_string(rec.items)},
             {"macro_f1", rec.cv.sentiment ? std::to_string(rec.cv.sentiment->macro_f1) : "-"},
             {"ms", std::to_string(static_cast<int64_t>(rec.train_ms))}});
  return rec;
}

Result<std::vector<ModelVersion>> FeedbackService::Models() {
  if (!impl_->models) return Fail(NoStorage().error());
  std::lock_guard lock(impl_->models_mu);
  return impl_->models->List();
}

Result<ModelVersion> FeedbackService::Model(const std::string& id) {
  if (!impl_->models) return Fail(NoStorage().error());
  std::lock_guard lock(impl_->models_mu);
  return impl_->models->Get(id);
}

Result<std::optional<ModelVersion>> FeedbackService::Activate(const std::string& id) {
  if (!impl_->models) return Fail(NoStorage().error());
  std::optional<ModelVersion> rec;
  {
    std::lock_guard lock(impl_->models_mu);
    if (id == "builtin") {
      SAGAZ_TRY(impl_->models->ClearActive(std::string(kSlot)));
    } else {
      rec = SAGAZ_TRY(impl_->models->Get(id));
      // A damaged version is not activated: it could not serve.
      const auto bytes = SAGAZ_TRY(impl_->models->ReadModel(*rec));
      SAGAZ_TRY(LoadTrainedClassifier(bytes, rec->id, impl_->taxonomy));
      SAGAZ_TRY(impl_->models->SetActive(*rec));
      rec->active = true;
    }
  }
  SAGAZ_TRY(impl_->LoadActive());
  return rec;
}

Result<std::shared_ptr<const Classifier>> FeedbackService::ClassifierNamed(
    const std::string& name) {
  if (name == "builtin") return impl_->builtin;
  if (name == "active" || name.empty()) return impl_->Current();
  if (name == "llm") {
    if (!impl_->llm) {
      return Fail(ErrorCode::kFailedPrecondition, "no language model is configured (llm.base_url)");
    }
    // The model over the active non-LLM classifier.
    std::shared_ptr<const Classifier> fallback = impl_->builtin;
    if (impl_->config.engine != ask::Engine::kLlm) fallback = impl_->Current();
    return impl_->WithLlm(std::move(fallback));
  }
  if (!impl_->models) return Fail(NoStorage().error());
  std::lock_guard lock(impl_->models_mu);
  const auto rec = SAGAZ_TRY(impl_->models->Get(name));
  const auto bytes = SAGAZ_TRY(impl_->models->ReadModel(rec));
  return std::shared_ptr<const Classifier>(SAGAZ_TRY(LoadTrainedClassifier(
      bytes, rec.id, impl_->taxonomy, {.neutral_threshold = impl_->config.neutral_threshold})));
}

Status FeedbackService::DeleteModel(const std::string& id) {
  if (!impl_->models) return NoStorage();
  bool was_active = false;
  {
    std::lock_guard lock(impl_->models_mu);
    was_active = SAGAZ_TRY(impl_->models->Get(id)).active;
    SAGAZ_TRY(impl_->models->Remove(id));
  }
  if (was_active) SAGAZ_TRY(impl_->LoadActive());
  return Ok();
}

}  // namespace sagaz::feedback
