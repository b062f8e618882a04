#include "llm/llm.hpp"

#include <curl/curl.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"

namespace sagaz::llm {
namespace {

using json = nlohmann::json;

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One HTTP exchange: the status, the body (non-streamed) and the parsed stream.
struct Exchange {
  long status = 0;
  std::string body;     // raw body (also kept while streaming, for error messages)
  std::string buffer;   // unparsed streamed bytes
  std::string content;  // text assembled from the stream
  std::string model;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  bool streaming = false;
  bool done = false;
  std::string stream_error;
  Stopwatch watch;
  double first_token_ms = 0;
  double last_data_ms = 0;  // when bytes last arrived
  int64_t stall_ms = 0;     // streaming: abort after this long without bytes (0: never)
  bool stalled = false;
  const DeltaFn* on_delta = nullptr;

  // Server-sent events: lines "data: {...}", ended by "data: [DONE]".
  void Feed(const char* data, size_t size) {
    last_data_ms = watch.ElapsedMs();
    constexpr size_t kMaxBody = 8u
                                << 20;  // a chat reply is far smaller; a runaway server is cut off
    if (body.size() < kMaxBody) body.append(data, std::min(size, kMaxBody - body.size()));
    if (!streaming) return;
    buffer.append(data, size);
    size_t pos;
    while ((pos = buffer.find('\n')) != std::string::npos) {
      std::string line = buffer.substr(0, pos);
      buffer.erase(0, pos + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.starts_with("data:")) continue;
      std::string payload(Trim(std::string_view(line).substr(5)));
      if (payload == "[DONE]") {
        done = true;
        continue;
      }
      if (JsonNesting(payload, kMaxJsonNesting) > kMaxJsonNesting) continue;
      json event = json::parse(payload, nullptr, false);
      if (event.is_discarded() || !event.is_object()) continue;
      if (event.contains("error")) {
        stream_error = event["error"].is_object() ? event["error"].value("message", "error")
                                                  : event["error"].dump();
        continue;
      }
      if (event.contains("model") && event["model"].is_string())
        model = event["model"].get<std::string>();
      if (event.contains("usage") && event["usage"].is_object()) {
        prompt_tokens = event["usage"].value("prompt_tokens", int64_t{0});
        completion_tokens = event["usage"].value("completion_tokens", int64_t{0});
      }
      if (!event.contains("choices") || !event["choices"].is_array() || event["choices"].empty())
        continue;
      const auto& choice = event["choices"][0];
      std::string delta;
      if (choice.contains("delta") && choice["delta"].is_object() &&
          choice["delta"].contains("content") && choice["delta"]["content"].is_string()) {
        delta = choice["delta"]["content"].get<std::string>();
      }
      if (!delta.empty()) {
        if (content.empty()) first_token_ms = watch.ElapsedMs();
        content += delta;
        if (on_delta && *on_delta) {
          try {
            (*on_delta)(delta);
          } catch (...) {  // a C callback boundary: never let it unwind through curl
          }
        }
      }
      if (choice.contains("finish_reason") && choice["finish_reason"].is_string()) done = true;
    }
  }
};

// Called by curl about once a second while idle: a stream that went silent for stall_ms is aborted.
int ProgressCallback(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* ex = static_cast<Exchange*>(user);
  // Before the first byte the model may still be reading a long prompt: the timeout governs that.
  if (ex->stall_ms > 0 && ex->last_data_ms > 0 &&
      ex->watch.ElapsedMs() - ex->last_data_ms > static_cast<double>(ex->stall_ms)) {
    ex->stalled = true;
    return 1;
  }
  return 0;
}

size_t WriteCallback(char* data, size_t size, size_t n, void* user) {
  static_cast<Exchange*>(user)->Feed(data, size * n);
  return size * n;
}

class OpenAiCompatible final : public Provider {
 public:
  explicit OpenAiCompatible(LlmConfig config) : config_(std::move(config)) {
    while (!config_.base_url.empty() && config_.base_url.back() == '/') config_.base_url.pop_back();
  }

  std::string Name() const override { return config_.model + "@" + config_.base_url; }

  Result<ChatResponse> Chat(const ChatRequest& request, const DeltaFn& on_delta) override {
    const bool stream = request.stream && request.tools.empty();
    json body = {{"model", config_.model},
                 {"temperature", request.temperature},
                 {"max_tokens", request.max_tokens},
                 {"stream", stream}};
    json messages = json::array();
    for (const auto& m : request.messages) {
      json msg = {{"role", m.role}, {"content", m.content}};
      if (!m.tool_calls.empty()) {
        json calls = json::array();
        for (const auto& c : m.tool_calls) {
          calls.push_back({{"id", c.id},
                           {"type", "function"},
                           {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
        }
        msg["tool_calls"] = std::move(calls);
      }
      if (!m.tool_call_id.empty()) msg["tool_call_id"] = m.tool_call_id;
      messages.push_back(std::move(msg));
    }
    body["messages"] = std::move(messages);
    if (!request.tools.empty()) {
      json tools = json::parse(request.tools, nullptr, false);
      if (!tools.is_array()) return Fail(ErrorCode::kInvalidArgument, "tools is not a JSON array");
      body["tools"] = std::move(tools);
    }
    if (!request.json_schema.empty()) {
      json schema = json::parse(request.json_schema, nullptr, false);
      if (schema.is_discarded()) {
        return Fail(ErrorCode::kInvalidArgument, "the answer's JSON schema is not valid JSON");
      }
      body["response_format"] = {
          {"type", "json_schema"},
          {"json_schema", {{"name", "answer"}, {"strict", true}, {"schema", std::move(schema)}}}};
    } else if (request.json) {
      body["response_format"] = {{"type", "json_object"}};
    }
    if (stream) body["stream_options"] = {{"include_usage", true}};
    const std::string payload = body.dump(-1, ' ', false, json::error_handler_t::replace);

    Stopwatch total;
    Error last(ErrorCode::kUnavailable, "the model was not called");
    std::mt19937 jitter(std::random_device{}());
    for (int attempt = 1; attempt <= config_.max_retries + 1; ++attempt) {
      auto result = Once(payload, stream, on_delta,
                         request.timeout ? request.timeout->count() : config_.timeout_ms);
      if (result) {
        result->attempts = attempt;
        result->elapsed_ms = total.ElapsedMs();
        return result;
      }
      last = std::move(result).error();
      const bool transient = last.code == ErrorCode::kUnavailable ||
                             last.code == ErrorCode::kTimeout ||
                             last.code == ErrorCode::kRateLimited;
      if (!transient || attempt > config_.max_retries) break;
      // Exponential backoff with jitter: 200 ms, 400 ms, 800 ms... (capped at 5 s).
      const int base = std::min(5000, 200 << (attempt - 1));
      const int wait = base / 2 + static_cast<int>(jitter() % static_cast<unsigned>(base / 2 + 1));
      log::Warn("model call failed, retrying", {{"error", last.ToText()},
                                                {"attempt", std::to_string(attempt)},
                                                {"wait_ms", std::to_string(wait)}});
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    return Fail(std::move(last));
  }

 private:
  Result<ChatResponse> Once(const std::string& payload, bool stream, const DeltaFn& on_delta,
                            int64_t timeout_ms) {
    GlobalInit();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Fail(ErrorCode::kInternal, "cannot create a curl handle");
    const std::string url = config_.base_url + "/chat/completions";
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    auto add = [&](const std::string& h) {
      headers.reset(curl_slist_append(headers.release(), h.c_str()));
    };
    add("Content-Type: application/json");
    add(stream ? "Accept: text/event-stream" : "Accept: application/json");
    if (!config_.api_key.empty()) add("Authorization: Bearer " + config_.api_key);
    Exchange ex;
    ex.streaming = stream;
    ex.on_delta = &on_delta;
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &WriteCallback);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &ex);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    // A stream that stalls (no byte for stall_ms) fails early instead of waiting for the timeout.
    if (stream && config_.stall_ms > 0) {
      ex.stall_ms = config_.stall_ms;
      curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &ProgressCallback);
      curl_easy_setopt(c, CURLOPT_XFERINFODATA, &ex);
      curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    }
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout_ms));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &ex.status);
    if (rc == CURLE_ABORTED_BY_CALLBACK && ex.stalled) {
      return Fail(Error(ErrorCode::kTimeout, "the model's stream stalled for more than " +
                                                 std::to_string(config_.stall_ms) + " ms")
                      .With("provider", Name()));
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      return Fail(Error(ErrorCode::kTimeout,
                        "the model did not answer within " + std::to_string(timeout_ms) + " ms")
                      .With("provider", Name()));
    }
    if (rc != CURLE_OK) {
      return Fail(Error(ErrorCode::kUnavailable,
                        std::string("cannot reach the model endpoint: ") + curl_easy_strerror(rc))
                      .With("provider", Name()));
    }
    if (ex.status == 401 || ex.status == 403) {
      return Fail(Error(ErrorCode::kUnauthenticated, "the model endpoint refused the API key")
                      .With("status", std::to_string(ex.status)));
    }
    if (ex.status == 429)
      return Fail(Error(ErrorCode::kRateLimited, "the model endpoint is rate-limiting"));
    if (ex.status >= 500) {
      return Fail(Error(ErrorCode::kUnavailable,
                        "the model endpoint failed with HTTP " + std::to_string(ex.status))
                      .With("body", SanitizeUtf8(ex.body.substr(0, 300))));
    }
    // A server that ignored "stream" answers with one JSON body: accept it either way.
    json reply = JsonNesting(ex.body, kMaxJsonNesting) > kMaxJsonNesting
                     ? json(json::value_t::discarded)
                     : json::parse(ex.body, nullptr, false);
    const bool plain_json = !reply.is_discarded() && reply.is_object();
    if (ex.status >= 400) {
      std::string msg = plain_json && reply.contains("error")
                            ? (reply["error"].is_object() ? reply["error"].value("message", "")
                                                          : reply["error"].dump())
                            : ex.body.substr(0, 300);
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "the model endpoint refused the request: " + SanitizeUtf8(msg))
                      .With("status", std::to_string(ex.status)));
    }
    ChatResponse out;
    if (stream && !plain_json) {
      if (!ex.stream_error.empty())
        return Fail(ErrorCode::kUnavailable, "the model failed: " + ex.stream_error);
      if (ex.content.empty())
        return Fail(ErrorCode::kInternal, "the model sent an empty or malformed stream");
      if (!ex.done)
        return Fail(ErrorCode::kUnavailable,
                    "the model's stream ended before the reply was complete");
      out.content = std::move(ex.content);
      out.model = ex.model;
      out.first_token_ms = ex.first_token_ms;
      out.prompt_tokens = ex.prompt_tokens;
      out.completion_tokens = ex.completion_tokens;
      return out;
    }
    if (!plain_json || !reply.contains("choices") || !reply["choices"].is_array() ||
        reply["choices"].empty()) {
      return Fail(Error(ErrorCode::kInternal, "the model's reply is not a chat completion")
                      .With("body", SanitizeUtf8(ex.body.substr(0, 300))));
    }
    const auto& msg = reply["choices"][0].value("message", json::object());
    if (msg.contains("tool_calls") && msg["tool_calls"].is_array()) {
      for (const auto& call_json : msg["tool_calls"]) {
        if (!call_json.is_object() || !call_json.contains("function") ||
            !call_json["function"].is_object())
          continue;
        const auto& f = call_json["function"];
        ToolCall call;
        call.id = call_json.value("id", "");
        call.name = f.value("name", "");
        if (f.contains("arguments"))
          call.arguments = f["arguments"].is_string() ? f["arguments"].get<std::string>()
                                                      : f["arguments"].dump();
        out.tool_calls.push_back(std::move(call));
      }
    }
    if (msg.contains("content") && msg["content"].is_string()) {
      out.content = msg["content"].get<std::string>();
    } else if (out.tool_calls.empty()) {
      return Fail(ErrorCode::kInternal, "the model's reply has no text");
    }
    out.model = reply.value("model", config_.model);
    out.first_token_ms = ex.watch.ElapsedMs();
    if (reply.contains("usage") && reply["usage"].is_object()) {
      out.prompt_tokens = reply["usage"].value("prompt_tokens", int64_t{0});
      out.completion_tokens = reply["usage"].value("completion_tokens", int64_t{0});
    }
    if (on_delta) on_delta(out.content);
    return out;
  }

  LlmConfig config_;
};

std::mutex local_mu;
LocalFactory local_factory;  // guarded by local_mu

size_t DiscardBody(char*, size_t size, size_t n, void*) { return size * n; }

}  // namespace

void SetLocalFactory(LocalFactory factory) {
  std::lock_guard lock(local_mu);
  local_factory = std::move(factory);
}

Reachability Probe(const LlmConfig& config) {
  Reachability out;
  if (!config.base_url.starts_with("http://") && !config.base_url.starts_with("https://")) {
    out.error = "llm.base_url is not an http(s) URL";
    return out;
  }
  GlobalInit();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    out.error = "cannot create a curl handle";
    return out;
  }
  const std::string url = config.base_url + "/models";
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  if (!config.api_key.empty()) {
    const std::string h = "Authorization: Bearer " + config.api_key;
    headers.reset(curl_slist_append(nullptr, h.c_str()));
  }
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &DiscardBody);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(config.connect_timeout_ms * 2));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  Stopwatch watch;
  const CURLcode rc = curl_easy_perform(c);
  out.latency_ms = watch.ElapsedMs();
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  out.http_status = static_cast<int>(status);
  if (rc != CURLE_OK) {
    out.error = curl_easy_strerror(rc);
  } else if (status >= 500) {
    out.error = "HTTP " + std::to_string(status);
  } else {
    out.reachable = true;  // 401/404 still say a server is there
  }
  return out;
}

bool IsConfigured(const LlmConfig& config) {
  return config.provider == ProviderKind::kLocal ? !config.model.empty() : !config.base_url.empty();
}

Result<std::unique_ptr<Provider>> MakeProvider(const LlmConfig& config) {
  if (config.provider == ProviderKind::kLocal) {
    if (config.model.empty()) {
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "llm.model is not set: name a model of the models folder")
                      .With("key", "llm.model"));
    }
    std::lock_guard lock(local_mu);
    if (!local_factory) {
      return Fail(
          Error(ErrorCode::kFailedPrecondition, "local models are not available in this process")
              .With("key", "llm.provider"));
    }
    return local_factory(config.model);
  }
  if (config.base_url.empty()) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "no language model is configured: set llm.base_url (and llm.model)")
                    .With("key", "llm.base_url"));
  }
  if (!config.base_url.starts_with("http://") && !config.base_url.starts_with("https://")) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "llm.base_url must start with http:// or https://")
            .With("key", "llm.base_url"));
  }
  if (config.model.empty()) {
    return Fail(
        Error(ErrorCode::kFailedPrecondition, "llm.model is not set").With("key", "llm.model"));
  }
  return std::unique_ptr<Provider>(new OpenAiCompatible(config));
}

std::string ExtractJsonObject(std::string_view reply) {
  auto text = Trim(reply);
  if (text.starts_with("{") && json::accept(text)) return std::string(text);
  // The first balanced {...} that parses.
  for (size_t start = text.find('{'); start != std::string_view::npos;
       start = text.find('{', start + 1)) {
    int depth = 0;
    bool in_string = false, escape = false;
    for (size_t i = start; i < text.size(); ++i) {
      const char ch = text[i];
      if (in_string) {
        if (escape)
          escape = false;
        else if (ch == '\\')
          escape = true;
        else if (ch == '"')
          in_string = false;
        continue;
      }
      if (ch == '"')
        in_string = true;
      else if (ch == '{')
        ++depth;
      else if (ch == '}' && --depth == 0) {
        std::string_view candidate = text.substr(start, i - start + 1);
        if (json::accept(candidate)) return std::string(candidate);
        break;
      }
    }
  }
  return {};
}

}  // namespace sagaz::llm
