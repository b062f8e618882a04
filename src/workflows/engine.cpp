#include "workflows/engine.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/ids.hpp"
#include "workflows/template.hpp"

namespace sagaz::workflows {

namespace {

constexpr std::pair<StepStatus, std::string_view> kStepNames[] = {
    {StepStatus::kPending, "pending"},     {StepStatus::kRunning, "running"},
    {StepStatus::kSucceeded, "succeeded"}, {StepStatus::kFailed, "failed"},
    {StepStatus::kSkipped, "skipped"},     {StepStatus::kCancelled, "cancelled"}};
constexpr std::pair<RunStatus, std::string_view> kRunNames[] = {
    {RunStatus::kQueued, "queued"},
    {RunStatus::kRunning, "running"},
    {RunStatus::kSucceeded, "succeeded"},
    {RunStatus::kFailed, "failed"},
    {RunStatus::kCancelled, "cancelled"}};

bool Done(StepStatus s) { return s == StepStatus::kSucceeded || s == StepStatus::kSkipped; }
bool Broken(StepStatus s) { return s == StepStatus::kFailed || s == StepStatus::kCancelled; }

// Errors retrying cannot fix.
bool Permanent(ErrorCode c) {
  return c == ErrorCode::kInvalidArgument || c == ErrorCode::kNotFound ||
         c == ErrorCode::kPermissionDenied || c == ErrorCode::kUnsupported ||
         c == ErrorCode::kCancelled;
}

// Sleeps `ms` unless `stop` turns true first.
void Backoff(int64_t ms, const std::function<bool()>& stop) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until && !(stop && stop()))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

}  // namespace

std::string_view ToString(StepStatus status) {
  for (const auto& [s, n] : kStepNames)
    if (s == status) return n;
  return "pending";
}
Result<StepStatus> ParseStepStatus(std::string_view text) {
  for (const auto& [s, n] : kStepNames)
    if (n == text) return s;
  return Fail(ErrorCode::kInvalidArgument, "unknown step status '" + std::string(text) + "'");
}
std::string_view ToString(RunStatus status) {
  for (const auto& [s, n] : kRunNames)
    if (s == status) return n;
  return "queued";
}
Result<RunStatus> ParseRunStatus(std::string_view text) {
  for (const auto& [s, n] : kRunNames)
    if (n == text) return s;
  return Fail(ErrorCode::kInvalidArgument, "unknown run status '" + std::string(text) + "'");
}

namespace {

// Everything one run shares between its threads.
class Runner {
 public:
  Runner(const Definition& d, const std::string& vars, std::vector<StepState>& states,
         const StepRegistry& registry, const StepContext& base, const EngineOptions& options,
         const std::function<void(const StepState&)>& on_change,
         const std::function<bool()>& cancelled)
      : d_(d),
        states_(states),
        registry_(registry),
        base_(base),
        options_(options),
        on_change_(on_change),
        cancelled_(cancelled) {
    // The definition's defaults, with the run's values over them.
    Json merged = Json::parse(d_.vars, nullptr, false);
    if (!merged.is_object()) merged = Json::object();
    const Json given = Json::parse(vars, nullptr, false);
    if (given.is_object())
      for (const auto& [k, v] : given.items()) merged[k] = v;
    scope_ = Json::object();
    scope_["vars"] = std::move(merged);
    scope_["steps"] = Json::object();
    // One state per step, in definition order; finished ones are kept.
    std::map<std::string, StepState> prior;
    for (auto& s : states_) prior[s.id] = std::move(s);
    states_.clear();
    for (const auto& step : d_.steps) {
      StepState st;
      if (auto it = prior.find(step.id); it != prior.end() && Done(it->second.status)) {
        st = std::move(it->second);
      } else {
        st.id = step.id;
        st.status = StepStatus::kPending;
      }
      st.kind = step.kind;
      states_.push_back(std::move(st));
      if (Done(states_.back().status)) Publish(states_.back());
    }
  }

  EngineOutcome Run() {
    std::unique_lock lock(mu_);
    std::vector<std::thread> threads;
    while (true) {
      bool launched = false;
      const bool stop = cancelled_ && cancelled_();
      for (size_t i = 0; i < d_.steps.size(); ++i) {
        auto& st = states_[i];
        if (st.status != StepStatus::kPending) continue;
        if (stop) {
          st.status = StepStatus::kCancelled;
          st.note = "the run was cancelled";
          Changed(st);
          continue;
        }
        bool ready = true;
        std::string broken;
        for (const auto& dep : d_.steps[i].depends_on) {
          const auto& ds = states_[Index(dep)];
          if (Broken(ds.status)) broken = dep;
          if (!Done(ds.status)) ready = false;
        }
        if (!broken.empty()) {
          st.status = StepStatus::kCancelled;
          st.note = "not run: the step '" + broken + "' it needs did not succeed";
          Changed(st);
          launched = true;  // its dependents may now be decided
          continue;
        }
        if (!ready || running_ >= std::max(1, options_.parallelism)) continue;
        st.status = StepStatus::kRunning;
        st.started_ms = NowMs();
        st.finished_ms = 0;
        st.error.clear();
        st.error_code.clear();
        Changed(st);
        ++running_;
        launched = true;
        threads.emplace_back([this, i] { RunStep(i); });
      }
      if (!launched && running_ == 0) break;
      if (!launched) cv_.wait_for(lock, std::chrono::milliseconds(200));
    }
    lock.unlock();
    for (auto& t : threads) t.join();
    EngineOutcome out;
    for (const auto& st : states_) {
      if (st.status == StepStatus::kFailed && out.status != RunStatus::kFailed) {
        out.status = RunStatus::kFailed;
        out.error = "step '" + st.id + "' failed: " + st.error;
      }
    }
    if (out.status != RunStatus::kFailed) {
      for (const auto& st : states_) {
        if (st.status == StepStatus::kCancelled) {
          out.status = RunStatus::kCancelled;
          out.error = "the run was cancelled";
          break;
        }
      }
    }
    return out;
  }

 private:
  size_t Index(const std::string& id) const {
    for (size_t i = 0; i < d_.steps.size(); ++i)
      if (d_.steps[i].id == id) return i;
    return 0;
  }

  void Publish(const StepState& st) {
    Json out = Json::parse(st.output.empty() ? "null" : st.output, nullptr, false);
    if (out.is_discarded()) out = nullptr;
    scope_["steps"][st.id] = {{"status", ToString(st.status)}, {"output", std::move(out)}};
  }

  // Under mu_.
  void Changed(StepState& st) {
    if (Done(st.status)) Publish(st);
    if (on_change_) on_change_(st);
  }

  void RunStep(size_t i) {
    const StepDef& def = d_.steps[i];
    Json scope;
    {
      std::lock_guard lock(mu_);
      scope = scope_;
    }
    StepState result;
    {
      std::lock_guard lock(mu_);
      result = states_[i];
    }
    const auto finish = [&](StepStatus status) {
      std::lock_guard lock(mu_);
      result.status = status;
      result.finished_ms = NowMs();
      states_[i] = result;
      Changed(states_[i]);
      --running_;
      cv_.notify_all();
    };
    if (!def.when.empty()) {
      auto e = Expression::Parse(def.when);
      if (!e || !e->Evaluate([&](const Path& p) { return Lookup(scope, p); })) {
        result.output = "null";
        result.note = "skipped: `" + def.when + "` is false";
        finish(StepStatus::kSkipped);
        return;
      }
    }
    const Json inputs = Json::parse(def.inputs, nullptr, false);
    std::vector<Json> items;
    const bool loop = !def.foreach.empty();
    if (loop) {
      const Json list = Substitute(Json(def.foreach), scope);
      if (!list.is_array()) {
        result.error_code = "invalid_argument";
        result.error = "foreach " + def.foreach + " is not a list";
        finish(StepStatus::kFailed);
        return;
      }
      items.assign(list.begin(), list.end());
    }
    Json outputs = Json::array();
    const size_t rounds = loop ? items.size() : 1;
    for (size_t k = 0; k < rounds; ++k) {
      Json local = scope;
      if (loop) {
        local["item"] = items[k];
        local["index"] = k;
      }
      auto out = Attempt(def, Substitute(inputs, local), result);
      if (!out) {
        result.error_code = std::string(sagaz::ToString(out.error().code));
        result.error =
            (loop ? "item " + std::to_string(k) + ": " : std::string()) + out.error().message;
        finish(out.error().code == ErrorCode::kCancelled ? StepStatus::kCancelled
                                                         : StepStatus::kFailed);
        return;
      }
      if (!loop) {
        outputs = std::move(*out);
        break;
      }
      outputs.push_back(std::move(*out));
    }
    result.output = outputs.dump(-1, ' ', false, Json::error_handler_t::replace);
    finish(StepStatus::kSucceeded);
  }

  // The attempts of one call, with retries and the timeout.
  Result<Json> Attempt(const StepDef& def, const Json& inputs, StepState& st) {
    const int64_t timeout = def.timeout_ms > 0 ? def.timeout_ms : options_.default_timeout_ms;
    int64_t backoff = options_.retry_backoff_ms;
    for (int attempt = 0;; ++attempt) {
      if (cancelled_ && cancelled_()) return Fail(ErrorCode::kCancelled, "the run was cancelled");
      StepContext ctx = base_;
      ctx.step_id = def.id;
      ctx.cancel = cancelled_;
      const auto start = std::chrono::steady_clock::now();
      if (timeout > 0) ctx.deadline = start + std::chrono::milliseconds(timeout);
      {
        std::lock_guard lock(mu_);
        st.attempts++;
      }
      auto out = registry_.Run(def.kind, inputs, ctx);
      if (out && timeout > 0 && std::chrono::steady_clock::now() > ctx.deadline) {
        out = Fail(Error(ErrorCode::kTimeout, "the step took longer than its timeout of " +
                                                  std::to_string(timeout) + " ms"));
      } else if (!out && timeout > 0 && std::chrono::steady_clock::now() > ctx.deadline &&
                 !(cancelled_ && cancelled_())) {
        out = Fail(Error(ErrorCode::kTimeout, "the step took longer than its timeout of " +
                                                  std::to_string(timeout) +
                                                  " ms: " + out.error().message));
      }
      if (out || attempt >= def.retries || Permanent(out.error().code)) return out;
      Backoff(backoff, cancelled_);
      backoff *= 2;
    }
  }

  const Definition& d_;
  std::vector<StepState>& states_;
  const StepRegistry& registry_;
  const StepContext& base_;
  const EngineOptions& options_;
  const std::function<void(const StepState&)>& on_change_;
  const std::function<bool()>& cancelled_;
  std::mutex mu_;
  std::condition_variable cv_;
  Json scope_;       // guarded by mu_
  int running_ = 0;  // guarded by mu_
};

}  // namespace

EngineOutcome Execute(const Definition& definition, const std::string& vars,
                      std::vector<StepState>& states, const StepRegistry& registry,
                      const StepContext& base, const EngineOptions& options,
                      const std::function<void(const StepState&)>& on_change,
                      const std::function<bool()>& cancelled) {
  Runner runner(definition, vars, states, registry, base, options, on_change, cancelled);
  return runner.Run();
}

}  // namespace sagaz::workflows
