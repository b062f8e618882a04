#include <algorithm>
#include <cmath>

#include "core/crash.hpp"
#include "core/log.hpp"
#include "jobs/jobs.hpp"

namespace sagaz::jobs {
namespace {

// Errors that the same input will produce again: failing at once beats retrying.
bool Retryable(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPayloadTooLarge:
    case ErrorCode::kUnsupported:
      return false;
    default:
      return true;
  }
}

}  // namespace

void JobContext::Progress(double percent, std::string_view message) {
  const auto now = std::chrono::steady_clock::now();
  // A few writes a second are plenty for people watching; the last one (100%) always goes out.
  if (percent < 100 && now - last_report_ < std::chrono::milliseconds(200) &&
      std::abs(percent - last_percent_) < 5) {
    return;
  }
  last_report_ = now;
  last_percent_ = percent;
  auto st = queue_.Report(job_.id, owner_, percent, message);
  if (!st)
    log::Warn("could not report job progress", {{"job", job_.id}, {"error", st.error().message}});
}

Status JobContext::RecordEffect(db::Connection& conn, std::string_view result) {
  return effects_.Record(conn, job_.id, result);
}

Workers::Workers(Queue& queue, EffectLog& effects, JobsConfig config, std::string owner)
    : queue_(queue), effects_(effects), config_(std::move(config)), owner_(std::move(owner)) {}

Workers::~Workers() { Stop(); }

void Workers::Register(std::string kind, Handler handler, Finalizer on_final) {
  kinds_.push_back(kind);
  handlers_.emplace(std::move(kind), Kind{std::move(handler), std::move(on_final)});
}

void Workers::OnOutcome(std::function<void(const AttemptOutcome&)> observer) {
  observer_ = std::move(observer);
}

void Workers::Start(int threads) {
  if (threads <= 0 || !threads_.empty()) return;
  stopping_ = false;
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
  heartbeat_ = std::thread([this] { Heartbeat(); });
  log::Info("job workers started", {{"threads", std::to_string(threads)}, {"owner", owner_}});
}

void Workers::Stop() {
  if (threads_.empty()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [id, ctx] : running_) ctx->cancelled_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
  if (heartbeat_.joinable()) heartbeat_.join();
  log::Info("job workers stopped", {{"owner", owner_}});
}

size_t Workers::Running() const {
  std::lock_guard lock(mu_);
  return running_.size();
}

void Workers::Loop() {
  crash::AltStack alt;  // a job that overflows this thread's stack is still recorded as crashed
  while (!stopping_) {
    const uint64_t seen = queue_.Version();
    auto claimed = CatchAll([&] { return queue_.Claim(owner_, kinds_); });
    if (!claimed) {
      log::Warn("could not claim a job", {{"error", claimed.error().message}});
    } else if (*claimed) {
      Run(std::move(**claimed));
      continue;
    }
    // Idle: wake on any change to the queue (a submission), or poll for retries coming due.
    std::unique_lock lock(mu_);
    if (stopping_) break;
    lock.unlock();
    queue_.WaitForChange(seen, std::chrono::milliseconds(500));
  }
}

void Workers::Heartbeat() {
  // At most a second between renewals, so that a cancellation reaches the handler quickly.
  const auto period =
      std::chrono::milliseconds(std::clamp<int64_t>(config_.lease_ms / 3, 100, 1000));
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, period, [&] { return stopping_.load(); });
    if (stopping_) break;
    std::vector<std::string> ids;
    for (const auto& [id, ctx] : running_) ids.push_back(id);
    lock.unlock();
    for (const auto& id : ids) {
      auto lease = queue_.Renew(id, owner_);
      lock.lock();
      auto it = running_.find(id);  // looked up again: the job may have finished meanwhile
      if (it != running_.end() && lease && (!lease->held || lease->cancel_requested)) {
        if (!lease->held) log::Warn("job lease lost; stopping it", {{"job", id}});
        it->second->cancelled_ = true;
      }
      lock.unlock();
    }
    lock.lock();
  }
}

void Workers::Run(Job job) {
  const std::string id = job.id;
  const std::string kind = job.kind;
  const auto started = std::chrono::steady_clock::now();
  JobContext ctx(queue_, effects_, std::move(job), owner_);
  {
    std::lock_guard lock(mu_);
    running_[id] = &ctx;
    if (stopping_) ctx.cancelled_ = true;
  }
  log::Info("job started",
            {{"job", id}, {"kind", kind}, {"attempt", std::to_string(ctx.job().attempts)}});

  Result<std::string> result = Fail(ErrorCode::kInternal, "no handler");
  // A recorded effect means an earlier attempt committed its work before its process died.
  auto effect = effects_.Find(id);
  if (effect && *effect) {
    log::Info("job effect already committed; finishing it", {{"job", id}});
    result = std::move(**effect);
  } else if (auto it = handlers_.find(kind); it != handlers_.end()) {
    crash::Running running(id);
    result = CatchAll([&]() -> Result<std::string> { return it->second.handler(ctx); });
  } else {
    result = Fail(ErrorCode::kUnsupported, "no worker handles jobs of kind '" + kind + "'");
  }

  bool stopping;
  {
    std::lock_guard lock(mu_);
    running_.erase(id);
    stopping = stopping_;
  }
  State state = State::kSucceeded;
  Status st;
  if (result) {
    st = queue_.Succeed(id, owner_, *result);
  } else if (ctx.Cancelled() && stopping) {
    st = queue_.Release(id, owner_);  // not the job's fault: it runs again after the restart
    state = State::kQueued;
  } else if (ctx.Cancelled()) {
    st =
        queue_.FailAttempt(id, owner_, Error(ErrorCode::kCancelled, "cancelled on request"), false);
    state = State::kCancelled;
  } else {
    const bool retry = Retryable(result.error().code);
    st = queue_.FailAttempt(id, owner_, result.error(), retry);
    auto after = queue_.Get(id);
    state = after ? after->state : State::kFailed;
    log::Warn("job attempt failed",
              {{"job", id}, {"kind", kind}, {"error", result.error().ToText()}});
  }
  if (!st)
    log::Warn("could not record the job's outcome", {{"job", id}, {"error", st.error().message}});
  if (IsTerminal(state)) {
    if (auto it = handlers_.find(kind); it != handlers_.end() && it->second.on_final) {
      if (auto final_job = queue_.Get(id)) {
        try {  // a thread boundary
          it->second.on_final(*final_job);
        } catch (const std::exception& e) {
          log::Err("job finalizer threw", {{"job", id}, {"error", e.what()}});
        }
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  log::Info("job finished", {{"job", id}, {"kind", kind}, {"state", std::string(ToString(state))}});
  if (observer_) observer_(AttemptOutcome{kind, state, seconds});
}

}  // namespace sagaz::jobs
