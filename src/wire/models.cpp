#include "wire/models.hpp"

#include <chrono>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {

using internal::FieldError;

namespace {

constexpr size_t kMaxMessages = 1024;
constexpr size_t kMaxInputs = 2048;

Result<std::optional<double>> OptionalNumber(const Json& body, std::string_view field, double min,
                                             double max) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number() || it->get<double>() < min || it->get<double>() > max) {
    return Fail(FieldError(field, std::string(field) + " must be a number from " +
                                      FormatDouble(min) + " to " + FormatDouble(max)));
  }
  return std::optional<double>(it->get<double>());
}

// A message's content: a string, or OpenAI's array of parts of which only text is understood.
Result<std::string> MessageContent(const Json& content, const std::string& field) {
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array())
    return Fail(FieldError(field, "content must be a string or an array of text parts"));
  std::string text;
  for (const auto& part : content) {
    // Every member is checked for its type before it is read: Json::value() throws on a "type"
    // that is not a string (the fuzz target found {"type": 7}).
    const auto is_text = [&](const char* key, std::string_view want) {
      const auto m = part.find(key);
      return m != part.end() && m->is_string() &&
             (want.empty() || m->get_ref<const std::string&>() == want);
    };
    if (!part.is_object() || !is_text("type", "text") || !is_text("text", "")) {
      return Fail(
          FieldError(field, "only text parts ({\"type\": \"text\", \"text\": ...}) are supported"));
    }
    text += part["text"].get<std::string>();
  }
  return text;
}

Result<std::vector<llm::Message>> ParseMessages(const Json& body) {
  const auto it = body.find("messages");
  if (it == body.end()) return Fail(FieldError("messages", "the body needs 'messages'"));
  if (!it->is_array() || it->empty() || it->size() > kMaxMessages) {
    return Fail(FieldError("messages", "messages must be an array of 1 to " +
                                           std::to_string(kMaxMessages) + " messages"));
  }
  std::vector<llm::Message> out;
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& m = (*it)[i];
    const std::string field = "messages[" + std::to_string(i) + "]";
    if (!m.is_object()) return Fail(FieldError(field, field + " must be an object"));
    for (const auto& [key, value] : m.items()) {
      if (key != "role" && key != "content" && key != "name") {
        return Fail(FieldError(field + "." + key, "unknown field '" + key + "' in " + field +
                                                      "; the fields are role, content, name"));
      }
    }
    const auto role = m.find("role");
    if (role == m.end() || !role->is_string() ||
        (*role != "system" && *role != "user" && *role != "assistant" && *role != "developer")) {
      return Fail(FieldError(field + ".role", "role must be system, developer, user or assistant"));
    }
    const auto content = m.find("content");
    if (content == m.end()) return Fail(FieldError(field + ".content", field + " needs 'content'"));
    std::string r = role->get<std::string>();
    if (r == "developer") r = "system";
    out.push_back({r, SAGAZ_TRY(MessageContent(*content, field + ".content"))});
  }
  return out;
}

Result<std::vector<std::string>> ParseStop(const Json& body) {
  const auto it = body.find("stop");
  if (it == body.end() || it->is_null()) return std::vector<std::string>();
  if (it->is_string()) return std::vector<std::string>{it->get<std::string>()};
  if (it->is_array() && it->size() <= 4) {
    std::vector<std::string> out;
    for (const auto& s : *it) {
      if (!s.is_string() || s.get<std::string>().empty() || s.get<std::string>().size() > 256)
        break;
      out.push_back(s.get<std::string>());
    }
    if (out.size() == it->size()) return out;
  }
  return Fail(FieldError("stop", "stop must be a string or an array of up to 4 non-empty strings"));
}

Status ParseResponseFormat(const Json& body, models::ChatCompletionRequest& out) {
  const auto it = body.find("response_format");
  if (it == body.end() || it->is_null()) return Ok();
  if (!it->is_object() || !it->contains("type") || !(*it)["type"].is_string())
    return Fail(FieldError("response_format", "response_format must be an object with a type"));
  const std::string type = (*it)["type"].get<std::string>();
  if (type == "text") {
    out.format = models::FormatKind::kText;
  } else if (type == "json_object") {
    out.format = models::FormatKind::kJsonObject;
  } else if (type == "json_schema") {
    const auto spec = it->find("json_schema");
    if (spec == it->end() || !spec->is_object() || !spec->contains("schema") ||
        !(*spec)["schema"].is_object()) {
      return Fail(FieldError("response_format.json_schema",
                             "a json_schema response format needs json_schema.schema, an object"));
    }
    out.format = models::FormatKind::kJsonSchema;
    out.schema = Dump((*spec)["schema"]);
  } else {
    return Fail(FieldError("response_format.type",
                           "response_format.type must be text, json_object or json_schema"));
  }
  return Ok();
}

}  // namespace

Result<models::ChatCompletionRequest> ParseChatCompletion(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(
      body,
      {"model", "messages", "temperature", "top_p", "seed", "max_tokens", "max_completion_tokens",
       "stop", "stream", "response_format", "grammar", "n", "user", "stream_options"}));
  models::ChatCompletionRequest out;
  out.model = SAGAZ_TRY(internal::OptionalString(body, "model")).value_or("");
  out.messages = SAGAZ_TRY(ParseMessages(body));
  if (auto t = SAGAZ_TRY(OptionalNumber(body, "temperature", 0, 2))) out.sampling.temperature = *t;
  if (auto p = SAGAZ_TRY(OptionalNumber(body, "top_p", 0, 1))) out.sampling.top_p = *p;
  if (auto s = SAGAZ_TRY(internal::OptionalInteger(body, "seed", 0, UINT32_MAX - 1,
                                                   "an integer from 0 to 4294967294")))
    out.sampling.seed = static_cast<uint32_t>(*s);
  for (const char* field : {"max_tokens", "max_completion_tokens"}) {
    if (auto n = SAGAZ_TRY(
            internal::OptionalInteger(body, field, 1, 1 << 20, "an integer from 1 to 1048576")))
      out.sampling.max_tokens = static_cast<int>(*n);
  }
  out.sampling.stop = SAGAZ_TRY(ParseStop(body));
  if (auto it = body.find("stream"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) return Fail(FieldError("stream", "stream must be true or false"));
    out.stream = it->get<bool>();
  }
  if (auto n = SAGAZ_TRY(internal::OptionalInteger(body, "n", 1, 1, "1 (one choice)"))) (void)n;
  SAGAZ_TRY(internal::OptionalString(body, "user"));
  SAGAZ_TRY(ParseResponseFormat(body, out));
  if (auto g = SAGAZ_TRY(internal::OptionalString(body, "grammar"))) {
    if (out.format != models::FormatKind::kText)
      return Fail(
          FieldError("grammar", "give either a grammar or a JSON response_format, not both"));
    out.sampling.grammar = *g;
  }
  if (auto it = body.find("stream_options"); it != body.end() && !it->is_object() && !it->is_null())
    return Fail(FieldError("stream_options", "stream_options must be an object"));
  auto applied = models::ApplyResponseFormat(out);
  if (!applied) return Fail(std::move(applied).error().With("field", "response_format"));
  return out;
}

Result<models::EmbeddingRequest> ParseEmbeddingRequest(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(
      internal::OnlyFields(body, {"model", "input", "encoding_format", "user", "dimensions"}));
  models::EmbeddingRequest out;
  out.model = SAGAZ_TRY(internal::OptionalString(body, "model")).value_or("");
  const auto it = body.find("input");
  if (it == body.end()) return Fail(FieldError("input", "the body needs 'input'"));
  if (it->is_string()) {
    out.input.push_back(it->get<std::string>());
  } else if (it->is_array() && !it->empty() && it->size() <= kMaxInputs) {
    for (const auto& s : *it) {
      if (!s.is_string()) break;
      out.input.push_back(s.get<std::string>());
    }
  }
  if (out.input.empty() || (it->is_array() && out.input.size() != it->size())) {
    return Fail(FieldError("input", "input must be a string or an array of 1 to " +
                                        std::to_string(kMaxInputs) + " strings"));
  }
  if (auto f = SAGAZ_TRY(internal::OptionalString(body, "encoding_format")); f && *f != "float")
    return Fail(FieldError("encoding_format", "encoding_format must be float"));
  if (body.contains("dimensions"))
    return Fail(FieldError("dimensions", "dimensions cannot be chosen: the model fixes them"));
  SAGAZ_TRY(internal::OptionalString(body, "user"));
  return out;
}

namespace {

Json Usage(const models::Generation& g) {
  return {{"prompt_tokens", g.prompt_tokens},
          {"completion_tokens", g.completion_tokens},
          {"total_tokens", g.prompt_tokens + g.completion_tokens}};
}

// OpenAI's finish reasons: a cancelled generation (a client that left) never reaches a client.
std::string_view FinishReason(const models::Generation& g) {
  return g.finish_reason == "length" ? "length" : "stop";
}

std::string IsoTime(std::chrono::system_clock::time_point t) {
  return Iso8601FromMs(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

}  // namespace

Json ChatCompletionJson(std::string_view id, std::string_view model, int64_t created,
                        const models::Generation& g) {
  return {{"id", id},
          {"object", "chat.completion"},
          {"created", created},
          {"model", model},
          {"choices", Json::array({{{"index", 0},
                                    {"message", {{"role", "assistant"}, {"content", g.text}}},
                                    {"finish_reason", FinishReason(g)}}})},
          {"usage", Usage(g)}};
}

Json ChatChunkJson(std::string_view id, std::string_view model, int64_t created,
                   std::string_view delta, bool first, const models::Generation* finished) {
  Json d = Json::object();
  if (first) d["role"] = "assistant";
  if (!delta.empty() || first) d["content"] = delta;
  Json chunk = {
      {"id", id},
      {"object", "chat.completion.chunk"},
      {"created", created},
      {"model", model},
      {"choices",
       Json::array({{{"index", 0}, {"delta", std::move(d)}, {"finish_reason", nullptr}}})}};
  if (finished != nullptr) {
    chunk["choices"][0]["finish_reason"] = FinishReason(*finished);
    chunk["usage"] = Usage(*finished);
  }
  return chunk;
}

Json EmbeddingsJson(std::string_view model, const models::Embeddings& e) {
  Json data = Json::array();
  for (size_t i = 0; i < e.vectors.size(); ++i)
    data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", e.vectors[i]}});
  return {{"object", "list"},
          {"data", std::move(data)},
          {"model", model},
          {"usage", {{"prompt_tokens", e.prompt_tokens}, {"total_tokens", e.prompt_tokens}}}};
}

Json ToJson(const models::ModelStatus& s) {
  const auto& f = s.file;
  return {{"name", f.name},
          {"provider", "local"},
          {"path", f.path.string()},
          {"bytes", f.size},
          {"architecture", f.info.architecture},
          {"description", f.info.description},
          {"quantization", f.info.quantization},
          {"context_length", f.info.context_length},
          {"embedding", f.info.embedding},
          {"sha256", f.sha256.empty() ? Json(nullptr) : Json(f.sha256)},
          {"configured", f.configured},
          {"error", f.error.empty() ? Json(nullptr) : Json(f.error)},
          {"state", models::ToString(s.state)},
          {"resident_bytes", s.resident_bytes},
          {"needs_bytes", s.needs_bytes},
          {"last_used", s.last_used ? Json(IsoTime(*s.last_used)) : Json(nullptr)},
          {"requests", s.requests},
          {"tokens", s.tokens},
          {"tokens_per_s", s.tokens_per_s},
          {"load_ms", s.load_ms},
          {"loads", s.loads},
          {"active", s.active},
          {"queued", s.queued}};
}

Json RemoteStatusJson(const LlmConfig& config, const llm::Reachability& r) {
  return {{"provider", "openai"},
          {"base_url", config.base_url},
          {"model", config.model},
          {"reachable", r.reachable},
          {"latency_ms", r.latency_ms},
          {"http_status", r.http_status},
          {"error", r.error.empty() ? Json(nullptr) : Json(r.error)}};
}

Json ToJson(const models::VerifyResult& r) {
  return {{"name", r.name},
          {"status", r.status},
          {"expected", r.expected.empty() ? Json(nullptr) : Json(r.expected)},
          {"actual", r.actual.empty() ? Json(nullptr) : Json(r.actual)},
          {"removed", r.removed}};
}

Json ToJson(const models::CleanupResult& r) { return {{"removed", r.removed}, {"bytes", r.bytes}}; }

}  // namespace sagaz::wire
