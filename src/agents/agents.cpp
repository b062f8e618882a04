#include "agents/agents.hpp"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "llm/llm.hpp"

namespace sagaz::agents {

namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.agents(name VARCHAR NOT NULL, spec VARCHAR NOT NULL, "
    "owner VARCHAR NOT NULL, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL);",
};
constexpr size_t kMaxToolResult = 8000;  // characters of a tool result shown to the model

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Json SpecJson(const AgentSpec& s) {
  return {{"name", s.name},
          {"description", s.description},
          {"instructions", s.instructions},
          {"model", s.model},
          {"tools", s.tools},
          {"max_steps", s.max_steps},
          {"max_tokens", s.max_tokens},
          {"timeout_ms", s.timeout_ms},
          {"role", std::string(auth::ToString(s.role))},
          {"forecast_dataset", s.forecast_dataset}};
}

AgentSpec SpecFrom(const Json& j) {
  AgentSpec s;
  s.name = j.value("name", "");
  s.description = j.value("description", "");
  s.instructions = j.value("instructions", "");
  s.model = j.value("model", "");
  if (j.contains("tools") && j["tools"].is_array())
    for (const auto& t : j["tools"])
      if (t.is_string()) s.tools.push_back(t.get<std::string>());
  s.max_steps = j.value("max_steps", 0);
  s.max_tokens = j.value("max_tokens", int64_t{0});
  s.timeout_ms = j.value("timeout_ms", int64_t{0});
  s.role = auth::ParseRole(j.value("role", "analyst")).value_or(auth::Role::kAnalyst);
  s.forecast_dataset = j.value("forecast_dataset", "cotahist");
  return s;
}

Agent BuiltinAgent() {
  Agent a;
  a.builtin = true;
  a.owner = "sagaz";
  a.spec.name = "builtin";
  a.spec.description =
      "Routes a request to one capability without a model: data questions to Ask, document "
      "questions to Knowledge, price questions to Forecast, comments to Feedback.";
  a.spec.tools = {"ask", "knowledge.query", "forecast.predict", "feedback.classify"};
  return a;
}

bool ContainsAny(const std::string& text, std::initializer_list<std::string_view> words) {
  for (const auto w : words)
    if (text.find(w) != std::string::npos) return true;
  return false;
}

bool LooksPortuguese(const std::string& lower) {
  return ContainsAny(lower, {" o ", " a ", " de ", "qual", "quanto", "vai ", "não", "ção", "ões",
                             " é ", "foi", "muito", "produto", "entrega", "segundo"});
}

// OpenAI function names allow letters, digits, "_" and "-": "feedback.summary" is
// "feedback__summary".
std::string ToolName(std::string_view kind) {
  std::string out;
  for (const char c : kind) out += c == '.' ? std::string("__") : std::string(1, c);
  return out;
}

std::string Truncate(std::string s) {
  if (s.size() > kMaxToolResult) {
    s.resize(kMaxToolResult);
    s += "... (truncated)";
  }
  return SanitizeUtf8(s);
}

}  // namespace

std::string RouteOf(std::string_view input) {
  std::string lower = ToLower(std::string(input));
  static const std::regex ticker(R"(\b[a-z]{4}[0-9]{1,2}\b)");
  if (ContainsAny(lower, {"vai subir", "vai cair", "subir?", "cair?", "previs", "forecast", "go up",
                          "go down", "will rise", "will fall", "tendência de alta"}) ||
      (std::regex_search(lower, ticker) &&
       ContainsAny(lower, {"subir", "cair", "alta", "baixa", "rise", "fall", "up", "down"}))) {
    return "forecast.predict";
  }
  if (ContainsAny(lower,
                  {"document", "contrato", "manual", "política", "politica", "policy", "segundo os",
                   "according to", "regulamento", "procedimento", "procedure", "faq"})) {
    return "knowledge.query";
  }
  const bool question =
      lower.find('?') != std::string::npos ||
      ContainsAny(lower, {"qual", "quant", "quais", "como ", "média", "media", "total", "what",
                          "how many", "how much", "which", "average", "mostre", "liste", "show",
                          "list ", "por mês", "por dia", "per "});
  if (!question) return "feedback.classify";
  return "ask";
}

AgentService::AgentService(db::ConnectionPool& pool, const workflows::StepRegistry& steps,
                           Config config)
    : pool_(pool), steps_(steps), config_(std::move(config)) {}
AgentService::~AgentService() = default;

Result<std::unique_ptr<AgentService>> AgentService::Open(db::ConnectionPool& pool,
                                                         const workflows::StepRegistry& steps,
                                                         const Config& config) {
  auto conn = SAGAZ_TRY(pool.Acquire());
  SAGAZ_TRY(db::ApplyMigrations(*conn, "agents", kMigrations));
  return std::unique_ptr<AgentService>(new AgentService(pool, steps, config));
}

Status AgentService::Check(const AgentSpec& spec) const {
  auto field = [](std::string f, std::string m) {
    return Fail(Error(ErrorCode::kInvalidArgument, std::move(m)).With("field", std::move(f)));
  };
  if (spec.name.empty() || spec.name.size() > 100 ||
      !std::all_of(spec.name.begin(), spec.name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      }))
    return field("name", "an agent name is 1 to 100 letters, digits, '.', '_' or '-'");
  if (spec.name == "builtin") return field("name", "the name 'builtin' is the builtin agent's");
  for (const auto& t : spec.tools)
    if (!steps_.Find(t)) return field("tools", "unknown tool '" + t + "'");
  if (spec.max_steps < 0 || spec.max_steps > 100)
    return field("max_steps", "max_steps is from 0 to 100");
  if (spec.max_tokens < 0) return field("max_tokens", "max_tokens is not negative");
  if (spec.timeout_ms < 0 || spec.timeout_ms > 3'600'000)
    return field("timeout_ms", "timeout_ms is from 0 to 3600000");
  return Ok();
}

Result<Agent> AgentService::Create(std::string_view owner, const AgentSpec& spec) {
  SAGAZ_TRY(Check(spec));
  std::lock_guard lock(write_mu_);
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param name[] = {spec.name};
  auto r = SAGAZ_TRY(conn->Query("SELECT 1 FROM _sagaz.agents WHERE name = ?", name));
  if (!SAGAZ_TRY(r.FetchRows(1)).empty()) {
    return Fail(Error(ErrorCode::kAlreadyExists, "an agent named '" + spec.name + "' exists")
                    .With("field", "name"));
  }
  const int64_t now = NowMs();
  const db::Param p[] = {spec.name, SpecJson(spec).dump(), std::string(owner), now, now};
  SAGAZ_TRY(conn->Query("INSERT INTO _sagaz.agents VALUES (?, ?, ?, ?, ?)", p));
  return Agent{.spec = spec, .owner = std::string(owner), .created_ms = now, .updated_ms = now};
}

Result<Agent> AgentService::Update(std::string_view name, const AgentSpec& spec) {
  auto existing = SAGAZ_TRY(Get(name));
  if (existing.builtin)
    return Fail(ErrorCode::kFailedPrecondition, "the builtin agent cannot be changed");
  AgentSpec s = spec;
  s.name = existing.spec.name;
  SAGAZ_TRY(Check(s));
  std::lock_guard lock(write_mu_);
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const int64_t now = NowMs();
  const db::Param p[] = {SpecJson(s).dump(), now, s.name};
  SAGAZ_TRY(conn->Query("UPDATE _sagaz.agents SET spec = ?, updated_ms = ? WHERE name = ?", p));
  existing.spec = s;
  existing.updated_ms = now;
  return existing;
}

Result<Agent> AgentService::Get(std::string_view name) {
  if (name == "builtin") return BuiltinAgent();
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {std::string(name)};
  auto r = SAGAZ_TRY(conn->Query(
      "SELECT spec, owner, created_ms, updated_ms FROM _sagaz.agents WHERE name = ?", p));
  auto rows = SAGAZ_TRY(r.FetchRows(1));
  if (rows.empty()) {
    return Fail(Error(ErrorCode::kNotFound, "agent '" + std::string(name) + "' does not exist")
                    .With("agent", std::string(name)));
  }
  Agent a;
  a.spec = SpecFrom(Json::parse(db::TextOf(rows[0][0]), nullptr, false));
  a.owner = db::TextOf(rows[0][1]);
  a.created_ms = db::IntOf(rows[0][2]);
  a.updated_ms = db::IntOf(rows[0][3]);
  return a;
}

Result<std::vector<Agent>> AgentService::List() {
  std::vector<Agent> out = {BuiltinAgent()};
  std::vector<std::string> names;
  {
    auto conn = SAGAZ_TRY(pool_.Acquire());
    auto r = SAGAZ_TRY(conn->Query("SELECT name FROM _sagaz.agents ORDER BY name"));
    for (const auto& row : SAGAZ_TRY(r.FetchRows())) names.push_back(db::TextOf(row[0]));
  }
  for (const auto& n : names) out.push_back(SAGAZ_TRY(Get(n)));
  return out;
}

Status AgentService::Delete(std::string_view name) {
  const auto a = SAGAZ_TRY(Get(name));
  if (a.builtin) return Fail(ErrorCode::kFailedPrecondition, "the builtin agent cannot be deleted");
  std::lock_guard lock(write_mu_);
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {std::string(name)};
  SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.agents WHERE name = ?", p));
  return Ok();
}

namespace {

// The builtin agent's answer from one capability's output.
std::string Compose(const std::string& route, const Json& out, bool pt) {
  const std::string who = pt ? "Agente embutido (sem modelo): " : "Builtin agent (no model): ";
  if (route == "ask") {
    const std::string insight = out.value("insight", "");
    return who + (insight.empty()
                      ? (pt ? "a pergunta foi respondida pelo Ask." : "Ask answered the question.")
                      : insight);
  }
  if (route == "knowledge.query") return who + out.value("answer", "");
  if (route == "feedback.classify" && out.contains("classifications") &&
      !out["classifications"].empty()) {
    const auto& c = out["classifications"][0];
    std::string tags;
    for (const auto& t : c.value("tags", Json::array()))
      tags += (tags.empty() ? "" : ", ") + t.get<std::string>();
    return who + (pt ? "o comentário é " : "the comment is ") + c.value("sentiment", "") +
           (tags.empty() ? "" : (pt ? " (temas: " : " (topics: ") + tags + ")") + ".";
  }
  if (route == "forecast.predict" && out.contains("ticker")) {
    const auto& p = out;
    const double up = p.value("probability_up", 0.0);
    char prob[32];
    std::snprintf(prob, sizeof prob, "%.0f%%", up * 100);
    return who + p.value("ticker", "") + ": " +
           (pt ? "previsão " + p.value("direction", "") + " em " +
                     std::to_string(p.value("horizon", 0)) +
                     " pregão(ões), probabilidade de alta " + prob +
                     ". Não é recomendação de investimento."
               : "predicted " + p.value("direction", "") + " over " +
                     std::to_string(p.value("horizon", 0)) + " trading day(s), probability up " +
                     prob + ". Not investment advice.");
  }
  return who + out.dump();
}

}  // namespace

Result<AgentResult> AgentService::Run(std::string_view name, std::string_view input,
                                      const workflows::Caller& caller,
                                      const std::function<void(const TraceStep&)>& on_step) {
  if (Trim(input).empty())
    return Fail(Error(ErrorCode::kInvalidArgument, "the input is empty").With("field", "input"));
  const Agent agent = SAGAZ_TRY(Get(name));
  const auto start = Clock::now();
  AgentResult result;
  result.agent = agent.spec.name;
  auto add = [&](TraceStep step) {
    if (on_step) on_step(step);
    result.trace.push_back(std::move(step));
  };
  // Never more than the caller, never more than the agent's role.
  workflows::StepContext ctx;
  ctx.caller = caller;
  ctx.caller.permissions &= workflows::Caller::WithRole({}, agent.spec.role).permissions;
  if (auth::ToString(caller.role) != auth::ToString(agent.spec.role) &&
      static_cast<int>(agent.spec.role) < static_cast<int>(caller.role))
    ctx.caller.role = agent.spec.role;
  const int64_t timeout =
      agent.spec.timeout_ms > 0 ? agent.spec.timeout_ms : config_.workflows.agent_timeout_ms;
  ctx.deadline = start + std::chrono::milliseconds(timeout);
  auto allowed = [&](std::string_view kind) {
    return agent.spec.tools.empty() || std::find(agent.spec.tools.begin(), agent.spec.tools.end(),
                                                 kind) != agent.spec.tools.end();
  };

  LlmConfig llm = config_.llm;
  if (!agent.spec.model.empty()) llm.model = agent.spec.model;
  auto provider =
      agent.builtin
          ? Result<std::unique_ptr<llm::Provider>>(Fail(ErrorCode::kFailedPrecondition, "builtin"))
          : llm::MakeProvider(llm);
  if (!provider) {
    // The builtin agent: one capability, chosen by the words of the request.
    const std::string lower = ToLower(std::string(input));
    const bool pt = LooksPortuguese(" " + lower + " ");
    std::string route = RouteOf(input);
    if (!allowed(route)) route = "ask";
    add({.type = "route", .tool = route, .result = "builtin routing"});
    Json args;
    if (route == "forecast.predict") {
      static const std::regex ticker(R"(\b([A-Za-z]{4}[0-9]{1,2})\b)");
      std::smatch m;
      const std::string text(input);
      if (!std::regex_search(text, m, ticker)) {
        result.engine = "builtin";
        result.stopped = "answered";
        result.answer = pt ? "Agente embutido (sem modelo): diga o ticker (por exemplo PETR4) para "
                             "eu consultar a previsão."
                           : "Builtin agent (no model): name the ticker (PETR4, say) and I will "
                             "look up its forecast.";
        result.ms = MsSince(start);
        return result;
      }
      args = {{"dataset", agent.spec.forecast_dataset}, {"ticker", Upper(m[1].str())}};
    } else if (route == "feedback.classify") {
      args = {{"texts", Json::array({std::string(input)})}};
    } else {
      args = {{"question", std::string(input)}};
    }
    const auto call_start = Clock::now();
    auto out = steps_.Run(route, args, ctx);
    TraceStep step{.type = "tool", .tool = route, .arguments = args.dump()};
    step.ms = MsSince(call_start);
    result.engine = "builtin";
    result.stopped = "answered";
    if (out) {
      step.result = Truncate(out->dump(-1, ' ', false, Json::error_handler_t::replace));
      result.answer = Compose(route, *out, pt);
    } else {
      step.error = out.error().message;
      result.answer = (pt ? "Agente embutido (sem modelo): não consegui responder: "
                          : "Builtin agent (no model): I could not answer: ") +
                      out.error().message;
      result.error = out.error().message;
    }
    add(std::move(step));
    result.ms = MsSince(start);
    return result;
  }

  // With a model: a bounded function-calling loop.
  result.engine = "llm:" + (*provider)->Name();
  Json tools = Json::array();
  for (const auto& k : steps_.All()) {
    if (!allowed(k.name) || !ctx.caller.Can(k.permission)) continue;
    tools.push_back({{"type", "function"},
                     {"function",
                      {{"name", ToolName(k.name)},
                       {"description", k.description},
                       {"parameters", Json::parse(k.schema, nullptr, false)}}}});
  }
  std::vector<llm::Message> messages;
  messages.push_back(
      {.role = "system",
       .content =
           (agent.spec.instructions.empty() ? std::string() : agent.spec.instructions + "\n\n") +
           "You are an agent of Sagaz, a business-insights server. Use the tools to get "
           "facts; never invent numbers. When a tool fails, read its error and fix the "
           "call or explain. Answer in the language of the request and name the tools whose "
           "results you used."});
  messages.push_back({.role = "user", .content = std::string(input)});
  const int max_steps =
      agent.spec.max_steps > 0 ? agent.spec.max_steps : config_.workflows.agent_max_steps;
  const int64_t max_tokens =
      agent.spec.max_tokens > 0 ? agent.spec.max_tokens : config_.workflows.agent_max_tokens;
  int calls = 0;
  while (true) {
    if (Clock::now() >= ctx.deadline) {
      result.stopped = "timeout";
      result.error = "the agent ran out of time (" + std::to_string(timeout) + " ms)";
      break;
    }
    llm::ChatRequest request;
    request.messages = messages;
    request.tools = tools.dump();
    request.timeout = std::chrono::milliseconds(ctx.RemainingMs());
    const auto call_start = Clock::now();
    auto reply = (*provider)->Chat(request);
    TraceStep model{.type = "model"};
    model.ms = MsSince(call_start);
    if (!reply) {
      model.error = reply.error().message;
      add(std::move(model));
      result.stopped = "model_error";
      result.error = "the model failed: " + reply.error().message;
      break;
    }
    model.result = reply->content;
    model.prompt_tokens = reply->prompt_tokens;
    model.completion_tokens = reply->completion_tokens;
    for (const auto& c : reply->tool_calls)
      model.arguments += (model.arguments.empty() ? "" : ", ") + c.name;
    add(std::move(model));
    result.tokens += reply->prompt_tokens + reply->completion_tokens;
    if (reply->tool_calls.empty()) {
      result.answer = reply->content;
      result.stopped = "answered";
      break;
    }
    if (result.tokens > max_tokens) {
      result.stopped = "max_tokens";
      result.error = "the agent used more than " + std::to_string(max_tokens) + " tokens";
      break;
    }
    messages.push_back(
        {.role = "assistant", .content = reply->content, .tool_calls = reply->tool_calls});
    bool stop = false;
    for (const auto& call : reply->tool_calls) {
      TraceStep step{.type = "tool", .arguments = call.arguments};
      std::string content;
      if (calls >= max_steps) {
        stop = true;
        step.tool = call.name;
        step.error =
            "not run: the agent reached its limit of " + std::to_string(max_steps) + " tool calls";
        content = Json{{"error", step.error}}.dump();
      } else {
        ++calls;
        std::string kind;
        for (const auto& k : steps_.All())
          if (ToolName(k.name) == call.name && allowed(k.name)) kind = k.name;
        step.tool = kind.empty() ? call.name : kind;
        const auto t0 = Clock::now();
        const Json args =
            Json::parse(call.arguments.empty() ? "{}" : call.arguments, nullptr, false);
        Result<Json> out = Fail(ErrorCode::kInternal, "");
        if (kind.empty()) {
          out = Fail(ErrorCode::kInvalidArgument, "there is no tool named '" + call.name + "'");
        } else if (args.is_discarded() || !args.is_object()) {
          out = Fail(ErrorCode::kInvalidArgument,
                     "the arguments are not a JSON object: " + call.arguments.substr(0, 200));
        } else {
          out = steps_.Run(kind, args, ctx);
        }
        step.ms = MsSince(t0);
        if (out) {
          content = Truncate(out->dump(-1, ' ', false, Json::error_handler_t::replace));
          step.result = content;
        } else {
          // Returned to the model, which may correct its call.
          step.error = out.error().message;
          Json err = {{"error",
                       {{"code", std::string(sagaz::ToString(out.error().code))},
                        {"message", out.error().message}}}};
          for (const auto& [k, v] : out.error().details) err["error"][k] = v;
          content = err.dump();
        }
      }
      add(std::move(step));
      messages.push_back({.role = "tool", .content = content, .tool_call_id = call.id});
    }
    if (stop) {
      result.stopped = "max_steps";
      result.error = "the agent reached its limit of " + std::to_string(max_steps) + " tool calls";
      break;
    }
  }
  if (result.answer.empty() && !result.error.empty()) result.answer = result.error;
  result.ms = MsSince(start);
  return result;
}

}  // namespace sagaz::agents
