// The in-process engine behind llm::Provider (llm.provider = "local").
#include <chrono>

#include "models/grammar.hpp"
#include "models/manager.hpp"

namespace sagaz::models {

namespace {

class LocalProvider final : public llm::Provider {
 public:
  LocalProvider(ModelManager& manager, std::string model)
      : manager_(manager), model_(std::move(model)) {}

  Result<llm::ChatResponse> Chat(const llm::ChatRequest& request,
                                 const llm::DeltaFn& on_delta) override {
    SamplingOptions sampling;
    sampling.temperature = request.temperature;
    sampling.max_tokens = request.max_tokens;
    if (request.json) sampling.grammar = JsonObjectGrammar();
    const auto deadline = request.timeout
                              ? std::optional(std::chrono::steady_clock::now() + *request.timeout)
                              : std::nullopt;
    bool timed_out = false;
    auto generation =
        SAGAZ_TRY(manager_.Chat(model_, request.messages, sampling, [&](std::string_view text) {
          if (deadline && std::chrono::steady_clock::now() > *deadline) {
            timed_out = true;
            return false;
          }
          if (on_delta) on_delta(text);
          return true;
        }));
    if (timed_out) {
      return Fail(Error(ErrorCode::kTimeout, "the local model did not answer in time")
                      .With("model", model_));
    }
    llm::ChatResponse out;
    out.content = std::move(generation.text);
    out.model = Name();
    out.attempts = 1;
    out.elapsed_ms = generation.elapsed_ms;
    out.first_token_ms = generation.first_token_ms;
    out.prompt_tokens = generation.prompt_tokens;
    out.completion_tokens = generation.completion_tokens;
    return out;
  }

  std::string Name() const override { return model_ + "@local"; }

 private:
  ModelManager& manager_;
  std::string model_;
};

}  // namespace

std::unique_ptr<llm::Provider> MakeLocalProvider(ModelManager& manager, std::string model) {
  return std::make_unique<LocalProvider>(manager, std::move(model));
}

}  // namespace sagaz::models
