#include "support/scripted_model.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>

namespace sagaz::testing {
namespace {

using json = nlohmann::json;

std::string Completion(const std::string& content) {
  return json{{"id", "chatcmpl-test"},
              {"object", "chat.completion"},
              {"model", "scripted"},
              {"choices", json::array({{{"index", 0},
                                        {"message", {{"role", "assistant"}, {"content", content}}},
                                        {"finish_reason", "stop"}}})},
              {"usage", {{"prompt_tokens", 100}, {"completion_tokens", 20}}}}
      .dump();
}

std::string Chunk(const std::string& delta) {
  return "data: " +
         json{{"id", "chatcmpl-test"},
              {"object", "chat.completion.chunk"},
              {"model", "scripted"},
              {"choices", json::array({{{"index", 0}, {"delta", {{"content", delta}}}}})}}
             .dump() +
         "\n\n";
}

}  // namespace

ScriptedModel::ScriptedModel() : server_(std::make_unique<httplib::Server>()) {
  fallback_.content = R"({"error": "no scripted reply left"})";
  server_->Post("/v1/chat/completions", [this](const httplib::Request& req,
                                               httplib::Response& res) {
    Reply reply;
    json body = json::parse(req.body, nullptr, false);
    {
      std::lock_guard lock(mu_);
      requests_.push_back(body);
      if (!replies_.empty()) {
        reply = replies_.front();
        replies_.pop_front();
      } else {
        reply = fallback_;
      }
    }
    if (reply.delay_ms > 0 && reply.stall_after < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(reply.delay_ms));
    }
    if (!reply.raw_body.empty() || reply.status != 200) {
      res.status = reply.status;
      res.set_content(
          reply.raw_body.empty() ? R"({"error": {"message": "scripted failure"}})" : reply.raw_body,
          "application/json");
      return;
    }
    const bool stream = body.is_object() && body.value("stream", false);
    if (!stream) {
      res.set_content(Completion(reply.content), "application/json");
      return;
    }
    // Server-sent events, a few characters per chunk (never splitting a UTF-8 sequence).
    auto chunks = std::make_shared<std::vector<std::string>>();
    for (size_t i = 0; i < reply.content.size();) {
      size_t n = std::min<size_t>(7, reply.content.size() - i);
      while (i + n < reply.content.size() &&
             (static_cast<unsigned char>(reply.content[i + n]) & 0xC0) == 0x80)
        ++n;
      chunks->push_back(Chunk(reply.content.substr(i, n)));
      i += n;
    }
    chunks->push_back("data: [DONE]\n\n");
    auto next = std::make_shared<size_t>(0);
    const int stall_after = reply.stall_after;
    const int delay = reply.delay_ms;
    res.set_chunked_content_provider(
        "text/event-stream", [chunks, next, stall_after, delay](size_t, httplib::DataSink& sink) {
          if (stall_after >= 0 && *next == static_cast<size_t>(stall_after)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
            sink.done();
            return true;
          }
          if (*next >= chunks->size()) {
            sink.done();
            return true;
          }
          const auto& c = (*chunks)[(*next)++];
          return sink.write(c.data(), c.size());
        });
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

ScriptedModel::~ScriptedModel() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void ScriptedModel::Push(Reply reply) {
  std::lock_guard lock(mu_);
  replies_.push_back(std::move(reply));
}

void ScriptedModel::SetFallback(Reply reply) {
  std::lock_guard lock(mu_);
  fallback_ = std::move(reply);
}

std::string ScriptedModel::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

std::vector<nlohmann::json> ScriptedModel::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

size_t ScriptedModel::calls() const {
  std::lock_guard lock(mu_);
  return requests_.size();
}

}  // namespace sagaz::testing
