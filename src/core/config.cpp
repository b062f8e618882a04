#include "core/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "core/strings.hpp"

namespace sagaz {
namespace {

// Declaration of one configuration key. Values are converted from TOML nodes (file) and from text
// (environment, flags) through the same typed accessor, so every layer validates alike.
struct KeyDef {
  std::string_view name;
  std::string_view doc;
  bool secret = false;
  std::function<Status(Config&, const toml::node&)> from_toml;
  std::function<Status(Config&, std::string_view)> from_text;
  std::function<std::string(const Config&)> to_toml;  // the value as a TOML literal
  std::string_view replaced_by;  // a deprecated key: the key it feeds (see DeprecatedKeys)
};

template <class T>
using Accessor = T& (*)(Config&);

std::string TomlQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

Error BadValue(std::string_view key, std::string_view why) {
  return Error(ErrorCode::kInvalidArgument,
               "config key '" + std::string(key) + "': " + std::string(why))
      .With("key", std::string(key));
}

template <class T>
Status CheckRange(std::string_view key, T value, T min, T max) {
  if (value < min || value > max) {
    std::ostringstream os;
    os << "value " << value << " is outside [" << min << ", " << max << "]";
    return Fail(BadValue(key, os.str()));
  }
  return Ok();
}

template <class T>
KeyDef NumberKey(std::string_view name, std::string_view doc, Accessor<T> get, T min, T max) {
  KeyDef k{name, doc};
  k.from_text = [=](Config& c, std::string_view text) -> Status {
    T v{};
    auto parsed = ParseNumber<T>(text);
    if (!parsed) return Fail(BadValue(name, "expected a number, got '" + std::string(text) + "'"));
    v = *parsed;
    SAGAZ_TRY(CheckRange(name, v, min, max));
    get(c) = v;
    return Ok();
  };
  k.from_toml = [=](Config& c, const toml::node& node) -> Status {
    std::optional<T> v;
    if constexpr (std::is_integral_v<T>) {
      if (auto i = node.value_exact<int64_t>()) v = static_cast<T>(*i);
    } else {
      if (auto d = node.value<double>()) v = *d;
    }
    if (!v) return Fail(BadValue(name, "expected a number"));
    SAGAZ_TRY(CheckRange(name, *v, min, max));
    get(c) = *v;
    return Ok();
  };
  k.to_toml = [=](const Config& c) {
    std::ostringstream os;
    os << get(const_cast<Config&>(c));
    return os.str();
  };
  return k;
}

KeyDef StringKey(std::string_view name, std::string_view doc, Accessor<std::string> get,
                 std::vector<std::string_view> allowed = {}, bool secret = false) {
  KeyDef k{name, doc, secret};
  k.from_text = [=](Config& c, std::string_view text) -> Status {
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
      return Fail(BadValue(name, "'" + std::string(text) + "' is not one of " + Join(allowed, ", "))
                      .With("allowed", Join(allowed, ", ")));
    }
    get(c) = std::string(text);
    return Ok();
  };
  k.from_toml = [=, from_text = k.from_text](Config& c, const toml::node& node) -> Status {
    auto v = node.value_exact<std::string>();
    if (!v) return Fail(BadValue(name, "expected a string"));
    return from_text(c, *v);
  };
  k.to_toml = [=](const Config& c) { return TomlQuote(get(const_cast<Config&>(c))); };
  return k;
}

// A key that takes one of a fixed set of names, held as the value each name stands for (an enum).
template <class T>
using Choices = std::vector<std::pair<std::string_view, T>>;

// Enum values under the names their module gives them (its ToString), so the names are written
// once.
template <class E, class... More>
Choices<E> Named(E first, More... more) {
  return {{ToString(first), first}, {ToString(more), more}...};
}

template <class T>
KeyDef ChoiceKey(std::string_view name, std::string_view doc, Accessor<T> get, Choices<T> choices) {
  KeyDef k{name, doc};
  k.from_text = [=](Config& c, std::string_view text) -> Status {
    for (const auto& [choice, value] : choices) {
      if (choice == text) {
        get(c) = value;
        return Ok();
      }
    }
    std::vector<std::string_view> names;
    for (const auto& choice : choices) names.push_back(choice.first);
    return Fail(BadValue(name, "'" + std::string(text) + "' is not one of " + Join(names, ", "))
                    .With("allowed", Join(names, ", ")));
  };
  k.from_toml = [=, from_text = k.from_text](Config& c, const toml::node& node) -> Status {
    auto v = node.value_exact<std::string>();
    if (!v) return Fail(BadValue(name, "expected a string"));
    return from_text(c, *v);
  };
  k.to_toml = [=](const Config& c) {
    const T& value = get(const_cast<Config&>(c));
    for (const auto& [choice, v] : choices) {
      if (v == value) return TomlQuote(choice);
    }
    return TomlQuote("");  // unreachable: every value held was parsed from one of the choices
  };
  return k;
}

KeyDef BoolKey(std::string_view name, std::string_view doc, Accessor<bool> get) {
  KeyDef k{name, doc};
  k.from_text = [=](Config& c, std::string_view text) -> Status {
    auto v = ParseBool(text);
    if (!v) return Fail(BadValue(name, "expected true or false, got '" + std::string(text) + "'"));
    get(c) = *v;
    return Ok();
  };
  k.from_toml = [=](Config& c, const toml::node& node) -> Status {
    auto v = node.value_exact<bool>();
    if (!v) return Fail(BadValue(name, "expected true or false"));
    get(c) = *v;
    return Ok();
  };
  k.to_toml = [=](const Config& c) {
    return std::string(get(const_cast<Config&>(c)) ? "true" : "false");
  };
  return k;
}

std::vector<std::string> ListFromText(std::string_view text) {
  std::vector<std::string> items;
  for (auto& part : Split(text, ',')) {
    auto item = Trim(part);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

Result<std::vector<std::string>> ListFromToml(std::string_view name, const toml::node& node) {
  const auto* arr = node.as_array();
  if (!arr) return Fail(BadValue(name, "expected an array of strings"));
  std::vector<std::string> items;
  for (const auto& el : *arr) {
    auto v = el.value_exact<std::string>();
    if (!v) return Fail(BadValue(name, "expected an array of strings"));
    items.push_back(*v);
  }
  return items;
}

KeyDef ListKey(std::string_view name, std::string_view doc,
               Accessor<std::vector<std::string>> get) {
  KeyDef k{name, doc};
  k.from_text = [=](Config& c, std::string_view text) -> Status {
    get(c) = ListFromText(text);
    return Ok();
  };
  k.from_toml = [=](Config& c, const toml::node& node) -> Status {
    get(c) = SAGAZ_TRY(ListFromToml(name, node));
    return Ok();
  };
  k.to_toml = [=](const Config& c) {
    std::string out = "[";
    const auto& items = get(const_cast<Config&>(c));
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + TomlQuote(items[i]);
    return out + "]";
  };
  return k;
}

void Warn(Config& c, std::string text) {
  if (std::find(c.warnings.begin(), c.warnings.end(), text) == c.warnings.end()) {
    c.warnings.push_back(std::move(text));
  }
}

// A deprecated list key whose entries are added to the list of `replacement` (so a file that
// sets both keeps every entry), with a warning. Deprecated keys are read after the other keys of
// the same layer, and are neither listed by `sagaz config` nor written to the example file.
KeyDef AppendedListKey(std::string_view name, std::string_view replacement,
                       Accessor<std::vector<std::string>> get) {
  KeyDef k{name, {}};
  k.replaced_by = replacement;
  auto append = [=](Config& c, std::vector<std::string> items) {
    auto& list = get(c);
    for (auto& item : items) {
      if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
    }
    Warn(c, "config key '" + std::string(name) + "' is deprecated: its entries were added to '" +
                std::string(replacement) + "'; list them there instead");
  };
  k.from_text = [=](Config& c, std::string_view text) -> Status {
    append(c, ListFromText(text));
    return Ok();
  };
  k.from_toml = [=](Config& c, const toml::node& node) -> Status {
    append(c, SAGAZ_TRY(ListFromToml(name, node)));
    return Ok();
  };
  return k;
}

// The declaration of every key. Keep docs short: they are printed by `sagaz config` and written
// into sagaz.example.toml.
const std::vector<KeyDef>& Keys() {
  static const std::vector<KeyDef> keys = [] {
    std::vector<KeyDef> k;
    k.push_back(StringKey("server.host",
                          "Address to listen on. Use 0.0.0.0 to accept remote clients.",
                          [](Config& c) -> std::string& { return c.server.host; }));
    k.push_back(NumberKey<int>(
        "server.port", "TCP port; 0 picks a free port.",
        [](Config& c) -> int& { return c.server.port; }, 0, 65535));
    k.push_back(NumberKey<int>(
        "server.threads",
        "Threads serving HTTP requests; an idle connection holds none, an event stream holds one.",
        [](Config& c) -> int& { return c.server.threads; }, 1, 1024));
    k.push_back(NumberKey<int64_t>(
        "server.max_body_mb", "Largest JSON request body, in MiB.",
        [](Config& c) -> int64_t& { return c.server.max_body_mb; }, 1, 1024));
    k.push_back(
        ListKey("server.cors_origins",
                "Origins allowed to call the API from a browser (exact match, or \"*\").",
                [](Config& c) -> std::vector<std::string>& { return c.server.cors_origins; }));
    k.push_back(NumberKey<int>(
        "server.read_timeout_s", "Seconds to wait for a slow client's request.",
        [](Config& c) -> int& { return c.server.read_timeout_s; }, 1, 3600));
    k.push_back(NumberKey<int>(
        "server.write_timeout_s", "Seconds to wait for a slow client to read.",
        [](Config& c) -> int& { return c.server.write_timeout_s; }, 1, 3600));
    k.push_back(NumberKey<int>(
        "server.keep_alive_s", "Seconds an idle keep-alive connection stays open.",
        [](Config& c) -> int& { return c.server.keep_alive_s; }, 1, 3600));
    k.push_back(NumberKey<int>(
        "server.header_timeout_s",
        "Seconds a client has to send a request's headers (and a body up to 1 MiB), from its first "
        "byte; slower clients get 408.",
        [](Config& c) -> int& { return c.server.header_timeout_s; }, 1, 3600));
    k.push_back(NumberKey<int>(
        "server.max_connections", "Open client connections in all; more are refused with 503.",
        [](Config& c) -> int& { return c.server.max_connections; }, 1, 900));
    k.push_back(NumberKey<int>(
        "server.max_connections_per_address", "Open client connections from one address.",
        [](Config& c) -> int& { return c.server.max_connections_per_address; }, 1, 900));
    k.push_back(StringKey("data.dir",
                          "Data directory: sagaz.duckdb, uploads/, index/, models/, logs/.",
                          [](Config& c) -> std::string& { return c.data.dir; }));
    k.push_back(NumberKey<int64_t>(
        "ingest.max_upload_mb", "Largest uploaded file, in MiB.",
        [](Config& c) -> int64_t& { return c.ingest.max_upload_mb; }, 1, int64_t{1} << 30));
    k.push_back(NumberKey<int64_t>(
        "ingest.sample_rows", "Rows the CSV sniffer reads to guess the dialect and column types.",
        [](Config& c) -> int64_t& { return c.ingest.sample_rows; }, 1024, int64_t{1} << 40));
    k.push_back(NumberKey<double>(
        "ingest.max_reject_ratio",
        "Fail an ingest when more than this fraction of rows is malformed (0 = any bad row fails).",
        [](Config& c) -> double& { return c.ingest.max_reject_ratio; }, 0.0, 1.0));
    k.push_back(NumberKey<int64_t>(
        "ingest.max_columns",
        "Most columns a loaded file may have; wider files are refused before they are read (DuckDB "
        "needs seconds and gigabytes per few thousand columns).",
        [](Config& c) -> int64_t& { return c.ingest.max_columns; }, 1, 1'000'000));
    k.push_back(BoolKey(
        "ingest.keep_uploads",
        "Keep uploaded files in uploads/ after ingesting them (as <id>.<extension of the file's "
        "name>).",
        [](Config& c) -> bool& { return c.ingest.keep_uploads; }));
    k.push_back(NumberKey<int64_t>(
        "sql.row_limit", "Most rows a query returns.",
        [](Config& c) -> int64_t& { return c.sql.row_limit; }, 1, int64_t{1} << 31));
    k.push_back(NumberKey<int64_t>(
        "sql.timeout_ms", "Time limit of one query, in milliseconds.",
        [](Config& c) -> int64_t& { return c.sql.timeout_ms; }, 10, int64_t{24} * 3600 * 1000));
    k.push_back(ChoiceKey<sql::Policy>(
        "sql.policy",
        "Default SQL policy: standard (read-only aggregates allowed) or strict (projections and "
        "filters only).",
        [](Config& c) -> sql::Policy& { return c.sql.policy; },
        Named(sql::Policy::kStandard, sql::Policy::kStrict)));
    k.push_back(NumberKey<int>(
        "stats.threads", "Threads of the statistics engine for large inputs; 0 uses every core.",
        [](Config& c) -> int& { return c.stats.threads; }, 0, 1024));
    k.push_back(NumberKey<int64_t>(
        "stats.max_rows", "Most rows one statistics request reads into memory.",
        [](Config& c) -> int64_t& { return c.stats.max_rows; }, 1, int64_t{1} << 40));
    k.push_back(NumberKey<int64_t>(
        "stats.max_groups", "Most distinct group_by keys one statistics request returns.",
        [](Config& c) -> int64_t& { return c.stats.max_groups; }, 1, int64_t{1} << 24));
    k.push_back(NumberKey<int>(
        "duckdb.threads", "DuckDB worker threads; 0 uses every core.",
        [](Config& c) -> int& { return c.duckdb.threads; }, 0, 1024));
    k.push_back(
        StringKey("duckdb.memory_limit",
                  "DuckDB memory limit such as \"4GB\"; empty: half of the RAM (the statistics "
                  "engine's columns live outside DuckDB's limit, beside it).",
                  [](Config& c) -> std::string& { return c.duckdb.memory_limit; }));
    k.push_back(ChoiceKey<llm::ProviderKind>(
        "llm.provider",
        "Who answers model calls: openai (an OpenAI-compatible endpoint at llm.base_url) or local "
        "(the GGUF model named by llm.model, run inside Sagaz; see [models]).",
        [](Config& c) -> llm::ProviderKind& { return c.llm.provider; },
        Named(llm::ProviderKind::kOpenAi, llm::ProviderKind::kLocal)));
    k.push_back(StringKey(
        "llm.base_url",
        "OpenAI-compatible API of a language model (Ollama, llama.cpp, vLLM, OpenAI), e.g. "
        "http://127.0.0.1:11434/v1; empty: Sagaz works without a model.",
        [](Config& c) -> std::string& { return c.llm.base_url; }));
    k.push_back(
        StringKey("llm.model",
                  "Model name: sent to the API (e.g. \"qwen2.5:7b\"), or with llm.provider = "
                  "local the name of a model in the models folder.",
                  [](Config& c) -> std::string& { return c.llm.model; }));
    k.push_back(StringKey(
        "llm.api_key", "API key for the model endpoint; best set as SAGAZ_LLM_API_KEY.",
        [](Config& c) -> std::string& { return c.llm.api_key; }, {}, /*secret=*/true));
    k.push_back(NumberKey<int64_t>(
        "llm.timeout_ms", "Time limit of one model call, in milliseconds.",
        [](Config& c) -> int64_t& { return c.llm.timeout_ms; }, 100, 3'600'000));
    k.push_back(NumberKey<int64_t>(
        "llm.connect_timeout_ms", "Time limit to connect to the model endpoint.",
        [](Config& c) -> int64_t& { return c.llm.connect_timeout_ms; }, 50, 600'000));
    k.push_back(NumberKey<int64_t>(
        "llm.stall_ms",
        "A streamed reply that goes silent this long (ms) after its first byte has failed; 0 "
        "disables.",
        [](Config& c) -> int64_t& { return c.llm.stall_ms; }, 0, 3'600'000));
    k.push_back(NumberKey<int64_t>(
        "llm.insight_timeout_ms",
        "Time budget of a model-written insight; after it the builtin text is used.",
        [](Config& c) -> int64_t& { return c.llm.insight_timeout_ms; }, 100, 600'000));
    k.push_back(NumberKey<int>(
        "llm.max_retries", "Retries of a model call on errors that may pass (5xx, 429, timeouts).",
        [](Config& c) -> int& { return c.llm.max_retries; }, 0, 10));
    k.push_back(NumberKey<int>(
        "llm.sql_attempts",
        "Tries the model gets to write valid SQL, each seeing the previous error.",
        [](Config& c) -> int& { return c.llm.sql_attempts; }, 1, 10));
    k.push_back(StringKey("models.dir",
                          "Folder of the in-process GGUF models, relative to data.dir.",
                          [](Config& c) -> std::string& { return c.models.dir; }));
    k.push_back(ListKey("models.paths",
                        "More GGUF model files, anywhere on disk (never deleted by Sagaz).",
                        [](Config& c) -> std::vector<std::string>& { return c.models.paths; }));
    k.push_back(NumberKey<int64_t>(
        "models.keep_alive_s", "Seconds a loaded model stays in memory after its last request.",
        [](Config& c) -> int64_t& { return c.models.keep_alive_s; }, 0, 7 * 24 * 3600));
    k.push_back(NumberKey<int64_t>(
        "models.ram_budget_mb",
        "Memory the loaded models may use together, in MiB; 0: 75% of the RAM. A model that does "
        "not fit evicts idle ones, or is refused.",
        [](Config& c) -> int64_t& { return c.models.ram_budget_mb; }, 0, int64_t{1} << 30));
    k.push_back(NumberKey<int>(
        "models.queue_depth", "Requests that may wait for a busy model; more are answered 429.",
        [](Config& c) -> int& { return c.models.queue_depth; }, 0, 10000));
    k.push_back(NumberKey<int>(
        "models.context", "Context of a loaded model, in tokens (at most its training context).",
        [](Config& c) -> int& { return c.models.context; }, 128, 1 << 20));
    k.push_back(NumberKey<int>(
        "models.threads", "Threads of the in-process models; 0 uses every core.",
        [](Config& c) -> int& { return c.models.threads; }, 0, 1024));
    k.push_back(ChoiceKey<ask::Engine>(
        "ask.engine", "Who interprets questions by default: builtin (no model) or llm.",
        [](Config& c) -> ask::Engine& { return c.ask.engine; },
        Named(ask::Engine::kBuiltin, ask::Engine::kLlm)));
    k.push_back(ChoiceKey<sql::Policy>(
        "ask.policy",
        "SQL policy of Ask: strict (projections and filters; statistics by Sagaz) or standard.",
        [](Config& c) -> sql::Policy& { return c.ask.policy; },
        Named(sql::Policy::kStrict, sql::Policy::kStandard)));
    k.push_back(NumberKey<int64_t>(
        "ask.max_rows", "Most rows one answer reads into the statistics engine.",
        [](Config& c) -> int64_t& { return c.ask.max_rows; }, 1000, int64_t{1} << 34));
    k.push_back(ListKey(
        "ask.relationships",
        "Links between datasets Ask may join along, as \"table.column -> table.column\" (e.g. "
        "\"orders.product_id -> products.id\"). Links named like keys are also found and used "
        "when the data confirms them (90% of the values occur in the other table's key).",
        [](Config& c) -> std::vector<std::string>& { return c.ask.relationships; }));
    k.push_back(NumberKey<int64_t>(
        "knowledge.max_document_mb", "Largest document Knowledge accepts (upload or file), in MB.",
        [](Config& c) -> int64_t& { return c.knowledge.max_document_mb; }, 1, 1 << 20));
    k.push_back(NumberKey<int64_t>(
        "knowledge.chunk_chars", "Target size of a document chunk, in bytes of UTF-8.",
        [](Config& c) -> int64_t& { return c.knowledge.chunk_chars; }, 200, 20000));
    k.push_back(NumberKey<int64_t>(
        "knowledge.chunk_overlap",
        "Text of the previous chunk of a section repeated at the start of the next, in bytes.",
        [](Config& c) -> int64_t& { return c.knowledge.chunk_overlap; }, 0, 5000));
    k.push_back(NumberKey<int64_t>(
        "knowledge.max_pages", "Most PDF pages one document may have.",
        [](Config& c) -> int64_t& { return c.knowledge.max_pages; }, 1, 1000000));
    k.push_back(NumberKey<int64_t>(
        "knowledge.top_k", "Passages retrieved for an answer unless the request says otherwise.",
        [](Config& c) -> int64_t& { return c.knowledge.top_k; }, 1, 50));
    k.push_back(StringKey(
        "auth.jwt_secret",
        "Key that signs access tokens (HS256, at least 32 bytes); empty: a random key "
        "is generated once into data/secrets/jwt.key. Best set as SAGAZ_AUTH_JWT_SECRET.",
        [](Config& c) -> std::string& { return c.auth.jwt_secret; }, {},
        /*secret=*/true));
    k.push_back(NumberKey<int64_t>(
        "auth.access_ttl_s", "Lifetime of an access token, in seconds.",
        [](Config& c) -> int64_t& { return c.auth.access_ttl_s; }, 10, 86'400));
    k.push_back(NumberKey<int64_t>(
        "auth.refresh_ttl_s", "Lifetime of a refresh token, in seconds; each refresh rotates it.",
        [](Config& c) -> int64_t& { return c.auth.refresh_ttl_s; }, 60, int64_t{400} * 86'400));
    k.push_back(ChoiceKey<std::optional<auth::Role>>(
        "auth.anonymous_role",
        "Role of requests that carry no token: none (401) or viewer (read-only).",
        [](Config& c) -> std::optional<auth::Role>& { return c.auth.anonymous_role; },
        {{"none", std::nullopt}, {auth::ToString(auth::Role::kViewer), auth::Role::kViewer}}));
    k.push_back(NumberKey<int>(
        "auth.max_failed_logins",
        "Failed logins of one account within the window before logins are refused (429).",
        [](Config& c) -> int& { return c.auth.max_failed_logins; }, 1, 1000));
    k.push_back(NumberKey<int>(
        "auth.max_failed_logins_per_address",
        "Failed logins from one address within the window before it is refused (429).",
        [](Config& c) -> int& { return c.auth.max_failed_logins_per_address; }, 1, 100000));
    k.push_back(NumberKey<int64_t>(
        "auth.failed_login_window_s", "Window in which failed logins are counted, in seconds.",
        [](Config& c) -> int64_t& { return c.auth.failed_login_window_s; }, 1, 86'400));
    k.push_back(NumberKey<int>(
        "jobs.workers", "Job threads inside `sagaz serve`; 0 leaves jobs to `sagaz worker`.",
        [](Config& c) -> int& { return c.jobs.workers; }, 0, 256));
    k.push_back(NumberKey<int>(
        "jobs.max_attempts", "Tries of a job before it is dead-lettered.",
        [](Config& c) -> int& { return c.jobs.max_attempts; }, 1, 100));
    k.push_back(NumberKey<int64_t>(
        "jobs.backoff_ms",
        "Delay before the first retry of a failed job; doubles with each attempt.",
        [](Config& c) -> int64_t& { return c.jobs.backoff_ms; }, 0, 3'600'000));
    k.push_back(NumberKey<int64_t>(
        "jobs.max_backoff_ms", "Longest delay between retries.",
        [](Config& c) -> int64_t& { return c.jobs.max_backoff_ms; }, 0, 86'400'000));
    k.push_back(NumberKey<int64_t>(
        "jobs.lease_ms",
        "Lease of a running job; heartbeats renew it, and an expired lease "
        "lets another worker take the job.",
        [](Config& c) -> int64_t& { return c.jobs.lease_ms; }, 300, 3'600'000));
    k.push_back(ListKey(
        "jobs.concurrency",
        "Most jobs of a kind running at once across workers, as \"kind=N\" (e.g. \"ingest=1\").",
        [](Config& c) -> std::vector<std::string>& { return c.jobs.concurrency; }));
    k.push_back(NumberKey<int64_t>(
        "jobs.async_ingest_mb",
        "Uploads larger than this (MiB) are ingested by a job (202 + job id).",
        [](Config& c) -> int64_t& { return c.jobs.async_ingest_mb; }, 0, int64_t{1} << 30));
    k.push_back(NumberKey<int64_t>(
        "jobs.retention_days",
        "Finished jobs are kept this many days (cache cleanup removes older ones).",
        [](Config& c) -> int64_t& { return c.jobs.retention_days; }, 1, 36'500));
    k.push_back(NumberKey<int64_t>(
        "jobs.schedule_tick_ms",
        "How often (ms) the scheduler looks for due schedule occurrences (at once after a change).",
        [](Config& c) -> int64_t& { return c.jobs.schedule_tick_ms; }, 50, 60'000));
    k.push_back(NumberKey<int64_t>(
        "jobs.schedule_grace_ms",
        "A schedule occurrence found later than this (ms) was missed (the server was down): "
        "the schedule's policy says whether it runs once or is skipped.",
        [](Config& c) -> int64_t& { return c.jobs.schedule_grace_ms; }, 0, 86'400'000));
    k.push_back(BoolKey(
        "jobs.schedule_seconds",
        "Accept cron expressions of six fields, seconds first (\"*/5 * * * * *\"). For tests and "
        "demos: production schedules need no more than minutes.",
        [](Config& c) -> bool& { return c.jobs.schedule_seconds; }));
    k.push_back(NumberKey<int>(
        "pipelines.parallelism", "Nodes of one pipeline run executed side by side.",
        [](Config& c) -> int& { return c.pipelines.parallelism; }, 1, 64));
    k.push_back(NumberKey<int64_t>(
        "pipelines.high_memory_mb",
        "A pipeline node whose RSS growth or DuckDB memory passes this (MiB) is flagged "
        "high_memory in its run report.",
        [](Config& c) -> int64_t& { return c.pipelines.high_memory_mb; }, 1, int64_t{1} << 30));
    k.push_back(NumberKey<int64_t>(
        "pipelines.sample_rows",
        "Offending rows kept per failed validation rule or orphan check in a run report.",
        [](Config& c) -> int64_t& { return c.pipelines.sample_rows; }, 0, 100));
    k.push_back(NumberKey<int64_t>(
        "feedback.max_batch",
        "Most comments in one JSON request to POST /api/v1/feedback/comments.",
        [](Config& c) -> int64_t& { return c.feedback.max_batch; }, 1, 1'000'000));
    k.push_back(NumberKey<int64_t>(
        "feedback.max_text_chars", "Longest comment, in characters; longer ones are rejected.",
        [](Config& c) -> int64_t& { return c.feedback.max_text_chars; }, 1, 1'000'000));
    k.push_back(NumberKey<int64_t>(
        "feedback.max_item_errors",
        "Rejected comments listed one by one in a report (all of them are counted).",
        [](Config& c) -> int64_t& { return c.feedback.max_item_errors; }, 0, 1'000'000));
    k.push_back(StringKey(
        "feedback.taxonomy",
        "Tags of comments: a TSV file (tag, name_pt, name_en, terms); empty: the builtin commerce "
        "taxonomy (delivery, delay, quality, price, service, ...).",
        [](Config& c) -> std::string& { return c.feedback.taxonomy; }));
    k.push_back(NumberKey<double>(
        "feedback.neutral_threshold",
        "Builtin classifier: a comment whose score (-1..1) is closer to 0 than this is neutral.",
        [](Config& c) -> double& { return c.feedback.neutral_threshold; }, 0.0, 1.0));
    k.push_back(NumberKey<int64_t>(
        "feedback.report_cache_s",
        "The public feedback report is computed at most once per this many seconds.",
        [](Config& c) -> int64_t& { return c.feedback.report_cache_s; }, 1, 86'400));
    k.push_back(NumberKey<int64_t>(
        "feedback.report_days", "Days of recent comments the public feedback report covers.",
        [](Config& c) -> int64_t& { return c.feedback.report_days; }, 1, 3650));
    k.push_back(ListKey(
        "feedback.public_sources",
        "Sources of comments shown (as aggregates) in the public report; empty: every source.",
        [](Config& c) -> std::vector<std::string>& { return c.feedback.public_sources; }));
    k.push_back(ChoiceKey<ask::Engine>(
        "feedback.engine",
        "Who classifies new comments: builtin (no model: the active trained version, else the "
        "builtin classifier) or llm (the configured model, falling back to builtin with a "
        "warning on each result it could not give).",
        [](Config& c) -> ask::Engine& { return c.feedback.engine; },
        Named(ask::Engine::kBuiltin, ask::Engine::kLlm)));
    k.push_back(NumberKey<int64_t>(
        "feedback.llm_batch", "Comments per prompt of the LLM classifier.",
        [](Config& c) -> int64_t& { return c.feedback.llm_batch; }, 1, 200));
    k.push_back(NumberKey<int64_t>(
        "feedback.llm_timeout_ms", "Time one prompt of the LLM classifier may take.",
        [](Config& c) -> int64_t& { return c.feedback.llm_timeout_ms; }, 100, 600'000));
    k.push_back(StringKey(
        "reports.dir",
        "Folder of delivered reports and alerts, relative to data.dir (one folder per schedule).",
        [](Config& c) -> std::string& { return c.reports.dir; }));
    k.push_back(NumberKey<int64_t>(
        "reports.webhook_timeout_ms", "Time a webhook has to answer a delivery, in ms.",
        [](Config& c) -> int64_t& { return c.reports.webhook_timeout_ms; }, 100, 600'000));
    k.push_back(ListKey(
        "webhooks.allow",
        "URL prefixes (scheme://host[:port]/path) that reports, alerts and workflow webhook steps "
        "may POST to (\"https://hooks.example.com/sagaz\"); a URL matches at a '/', '?', '#' or "
        "its "
        "end; a loopback or link-local address only when an entry names it. Empty: webhooks are "
        "refused.",
        [](Config& c) -> std::vector<std::string>& { return c.webhooks.allow; }));
    k.push_back(StringKey(
        "webhooks.secret",
        "Key of the HMAC-SHA256 signature sent with every webhook (X-Sagaz-Signature over "
        "\"<X-Sagaz-Timestamp>.<body>\"); empty: unsigned. Best set as SAGAZ_WEBHOOKS_SECRET.",
        [](Config& c) -> std::string& { return c.webhooks.secret; }, {}, /*secret=*/true));
    k.push_back(NumberKey<int64_t>(
        "dashboards.embed_ttl_s", "Default lifetime of a signed embed token, in seconds.",
        [](Config& c) -> int64_t& { return c.dashboards.embed_ttl_s; }, 60, int64_t{400} * 86'400));
    k.push_back(NumberKey<int64_t>(
        "dashboards.embed_max_ttl_s", "Longest lifetime an embed token may be given, in seconds.",
        [](Config& c) -> int64_t& { return c.dashboards.embed_max_ttl_s; }, 60,
        int64_t{400} * 86'400));
    k.push_back(ListKey(
        "dashboards.frame_ancestors",
        "Origins allowed to show embedded dashboards in an iframe (CSP frame-ancestors, e.g. "
        "\"https://intranet.example.com\"); empty: no site may frame them.",
        [](Config& c) -> std::vector<std::string>& { return c.dashboards.frame_ancestors; }));
    k.push_back(NumberKey<int>(
        "workflows.parallelism", "Steps of one workflow run executed side by side.",
        [](Config& c) -> int& { return c.workflows.parallelism; }, 1, 64));
    k.push_back(NumberKey<int64_t>(
        "workflows.step_timeout_ms",
        "Time limit of one attempt of a workflow step that sets no timeout_ms of its own.",
        [](Config& c) -> int64_t& { return c.workflows.step_timeout_ms; }, 1, 86'400'000));
    k.push_back(NumberKey<int64_t>(
        "workflows.artifact_kb",
        "Step outputs larger than this (KiB of JSON) are stored as files under "
        "data/workflows/runs instead of in the database.",
        [](Config& c) -> int64_t& { return c.workflows.artifact_kb; }, 1, 1'048'576));
    k.push_back(NumberKey<int>(
        "workflows.agent_max_steps", "Tool calls one agent run may make, at most.",
        [](Config& c) -> int& { return c.workflows.agent_max_steps; }, 1, 100));
    k.push_back(NumberKey<int64_t>(
        "workflows.agent_max_tokens", "Model tokens (prompt and completion) one agent run may use.",
        [](Config& c) -> int64_t& { return c.workflows.agent_max_tokens; }, 100, 10'000'000));
    k.push_back(NumberKey<int64_t>(
        "workflows.agent_timeout_ms", "Time one agent run may take, at most.",
        [](Config& c) -> int64_t& { return c.workflows.agent_timeout_ms; }, 1000, 3'600'000));
    k.push_back(
        BoolKey("observability.metrics_public",
                "Serve GET /metrics without a token (for a Prometheus scraper); false: admin only.",
                [](Config& c) -> bool& { return c.observability.metrics_public; }));
    k.push_back(NumberKey<int64_t>(
        "observability.usage_retention_days",
        "Days of per-request usage records kept for the analytics routes.",
        [](Config& c) -> int64_t& { return c.observability.usage_retention_days; }, 1, 36'500));
    k.push_back(ChoiceKey<log::Level>(
        "log.level", "Least severe level logged: trace, debug, info, warn, error, off.",
        [](Config& c) -> log::Level& { return c.log.level; },
        Named(log::Level::kTrace, log::Level::kDebug, log::Level::kInfo, log::Level::kWarn,
              log::Level::kError, log::Level::kOff)));
    k.push_back(StringKey("log.file",
                          "JSON-lines log file, relative to data.dir; empty disables the file.",
                          [](Config& c) -> std::string& { return c.log.file; }));
    k.push_back(NumberKey<int>(
        "log.max_size_mb", "Size at which the log file rotates, in MiB.",
        [](Config& c) -> int& { return c.log.max_size_mb; }, 1, 100000));
    k.push_back(NumberKey<int>(
        "log.max_files", "Rotated log files kept.",
        [](Config& c) -> int& { return c.log.max_files; }, 1, 1000));
    k.push_back(NumberKey<int>(
        "forecast.min_train_days",
        "Training days of the first walk-forward fit of a forecast model.",
        [](Config& c) -> int& { return c.forecast.min_train_days; }, 50, 100000));
    k.push_back(NumberKey<int>(
        "forecast.retrain_every_days",
        "Walk-forward test block length in trading days: the model is refitted this often.",
        [](Config& c) -> int& { return c.forecast.retrain_every_days; }, 1, 100000));
    k.push_back(NumberKey<int>(
        "forecast.trees", "Trees of a random forest, or boosting rounds of boosted trees.",
        [](Config& c) -> int& { return c.forecast.trees; }, 1, 5000));
    k.push_back(NumberKey<int>(
        "forecast.max_depth",
        "Depth of each tree; 0 uses 6 for random forests and 3 for boosted trees.",
        [](Config& c) -> int& { return c.forecast.max_depth; }, 0, 20));
    k.push_back(NumberKey<double>(
        "forecast.learning_rate", "Shrinkage of boosted trees.",
        [](Config& c) -> double& { return c.forecast.learning_rate; }, 0.001, 1.0));
    k.push_back(NumberKey<int>(
        "forecast.threads",
        "Tickers trained at once by a multi-ticker training (each model trains on one thread).",
        [](Config& c) -> int& { return c.forecast.threads; }, 1, 256));
    k.push_back(NumberKey<int>(
        "forecast.search_budget",
        "Parameter candidates a training run tries inside each training window (walk-forward "
        "validation, never shuffled folds); 0 uses the parameters above as they are.",
        [](Config& c) -> int& { return c.forecast.search_budget; }, 0, 64));
    return k;
  }();
  return keys;
}

// Keys kept so that older files and environments keep working; each says what replaced it.
const std::vector<KeyDef>& DeprecatedKeys() {
  static const std::vector<KeyDef> keys = [] {
    std::vector<KeyDef> k;
    for (std::string_view name : {"reports.webhook_allow", "workflows.webhook_allow"}) {
      k.push_back(
          AppendedListKey(name, "webhooks.allow",
                          [](Config& c) -> std::vector<std::string>& { return c.webhooks.allow; }));
    }
    return k;
  }();
  return keys;
}

bool IsDeprecated(const KeyDef& key) { return !key.replaced_by.empty(); }

const KeyDef* FindKey(std::string_view name) {
  for (const auto* keys : {&Keys(), &DeprecatedKeys()}) {
    for (const auto& k : *keys) {
      if (k.name == name) return &k;
    }
  }
  return nullptr;
}

// Applies one layer's values: current keys first, then deprecated ones (so a deprecated list
// adds to a current one set in the same layer rather than being replaced by it).
using Setter = std::pair<const KeyDef*, std::function<Status()>>;
Status ApplyLayer(Config& config, std::vector<Setter> sets, std::string_view layer) {
  std::stable_partition(sets.begin(), sets.end(),
                        [](const Setter& s) { return !IsDeprecated(*s.first); });
  for (auto& [def, set] : sets) {
    SAGAZ_TRY(set());
    config.origin[std::string(IsDeprecated(*def) ? def->replaced_by : def->name)] =
        std::string(layer);
  }
  return Ok();
}

Status ApplyFile(Config& config, const std::filesystem::path& path) {
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return Fail(ErrorCode::kInvalidArgument, "cannot parse " + path.string() + " at line " +
                                                 std::to_string(where.line) + ": " +
                                                 std::string(e.description()));
  }
  std::vector<Setter> sets;
  for (const auto& [section, node] : table) {
    const auto* sub = node.as_table();
    if (!sub) {
      return Fail(ErrorCode::kInvalidArgument,
                  path.string() + ": '" + std::string(section.str()) + "' must be a [section]");
    }
    for (const auto& [key, value] : *sub) {
      std::string name = std::string(section.str()) + "." + std::string(key.str());
      const KeyDef* def = FindKey(name);
      if (!def) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          path.string() + ": unknown config key '" + name + "'")
                        .With("key", name));
      }
      sets.emplace_back(def, [&config, def, &value] { return def->from_toml(config, value); });
    }
  }
  SAGAZ_TRY(ApplyLayer(config, std::move(sets), "file"));
  config.file = path;
  return Ok();
}

}  // namespace

std::filesystem::path Config::DataPath(const std::filesystem::path& relative) const {
  return relative.is_absolute() ? relative : DataDir() / relative;
}

std::string EnvVarName(std::string_view key) {
  std::string out = "SAGAZ_";
  for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

Result<Config> LoadConfig(const ConfigSources& sources) {
  Config config;
  std::optional<std::filesystem::path> file = sources.file;
  if (!file && sources.use_environment) {
    if (const char* env = std::getenv("SAGAZ_CONFIG"); env && *env) file = env;
  }
  if (file) {
    if (!std::filesystem::exists(*file)) {
      return Fail(ErrorCode::kNotFound, "config file " + file->string() + " does not exist");
    }
    SAGAZ_TRY(ApplyFile(config, *file));
  } else if (std::filesystem::exists("sagaz.toml")) {
    SAGAZ_TRY(ApplyFile(config, "sagaz.toml"));
  }
  if (sources.use_environment) {
    std::vector<Setter> sets;
    for (const auto* keys : {&Keys(), &DeprecatedKeys()}) {
      for (const auto& k : *keys) {
        std::string var = EnvVarName(k.name);
        if (const char* env = std::getenv(var.c_str()); env != nullptr) {
          sets.emplace_back(&k, [&config, &k, env, var]() -> Status {
            auto st = k.from_text(config, env);
            if (!st) return Fail(Error(st.error()).With("env", var));
            return Ok();
          });
        }
      }
    }
    SAGAZ_TRY(ApplyLayer(config, std::move(sets), "env"));
  }
  std::vector<Setter> flags;
  for (const auto& [name, value] : sources.overrides) {
    const KeyDef* def = FindKey(name);
    if (!def) return Fail(ErrorCode::kInvalidArgument, "unknown config key '" + name + "'");
    flags.emplace_back(def, [&config, def, &value] { return def->from_text(config, value); });
  }
  SAGAZ_TRY(ApplyLayer(config, std::move(flags), "flag"));
  return config;
}

std::vector<ConfigEntry> DescribeConfig(const Config& config) {
  const Config defaults;
  std::vector<ConfigEntry> out;
  for (const auto& k : Keys()) {
    ConfigEntry e;
    e.key = k.name;
    e.doc = k.doc;
    e.secret = k.secret;
    e.value = k.to_toml(config);
    e.default_value = k.to_toml(defaults);
    if (k.secret && e.value != "\"\"") e.value = "\"********\"";
    auto it = config.origin.find(k.name);
    e.source = it == config.origin.end() ? "default" : it->second;
    out.push_back(std::move(e));
  }
  return out;
}

std::string ExampleConfigToml() {
  const Config defaults;
  std::string out =
      "# Sagaz configuration. Every key is optional; the values shown are the defaults.\n"
      "# Precedence: defaults < this file (./sagaz.toml, $SAGAZ_CONFIG or --config) < SAGAZ_* "
      "environment\n"
      "# variables (server.port -> SAGAZ_SERVER_PORT) < command-line flags.\n"
      "# Generated by `sagaz config --example`.\n";
  std::string section;
  for (const auto& k : Keys()) {
    auto dot = k.name.find('.');
    std::string sec(k.name.substr(0, dot));
    if (sec != section) {
      out += "\n[" + sec + "]\n";
      section = sec;
    }
    out += "# " + std::string(k.doc) + "\n";
    out += "# " + std::string(k.name.substr(dot + 1)) + " = " + k.to_toml(defaults) + "\n";
  }
  return out;
}

}  // namespace sagaz
