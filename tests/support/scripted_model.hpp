// A scripted OpenAI-compatible chat completions server on a loopback port: it answers each POST
// /v1/chat/completions with the next scripted reply (as one JSON body, or as server-sent events
// when the request asks to stream) and records the requests, so tests see exactly what Sagaz sends.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace sagaz::testing {

class ScriptedModel {
 public:
  struct Reply {
    int status = 200;
    std::string content;   // the assistant's text, wrapped in a chat completion or SSE chunks
    std::string raw_body;  // sent as it is instead (errors, garbage)
    int delay_ms = 0;      // wait before answering (timeouts)
    int stall_after =
        -1;  // streaming: after this many chunks, go silent for delay_ms... then close
  };

  ScriptedModel();
  ~ScriptedModel();
  ScriptedModel(const ScriptedModel&) = delete;
  ScriptedModel& operator=(const ScriptedModel&) = delete;

  // Replies are used in order; when none is left, the fallback answers.
  void Push(Reply reply);
  void SetFallback(Reply reply);
  std::string base_url() const;  // http://127.0.0.1:PORT/v1
  std::vector<nlohmann::json> requests() const;
  size_t calls() const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::deque<Reply> replies_;
  Reply fallback_;
  std::vector<nlohmann::json> requests_;
};

}  // namespace sagaz::testing
