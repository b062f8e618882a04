// PromptService: validation of prompt specs, versions, runs against the configured model, test
// cases and their runs. Persistence is internal/store.cpp's.
#include <algorithm>
#include <mutex>
#include <set>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "llm/llm.hpp"
#include "prompts/internal/store.hpp"
#include "prompts/prompts.hpp"

namespace sagaz::prompts {
namespace {

constexpr size_t kMaxTemplateBytes = 100'000;
constexpr size_t kMaxTestsPerPrompt = 100;
constexpr size_t kMaxExpectations = 20;

Error Invalid(std::string message, std::string_view field) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).With("field", std::string(field));
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 32; });
}

Status CheckText(std::string_view text, std::string_view field, size_t max_bytes) {
  if (!IsValidUtf8(text)) return Fail(Invalid("'" + std::string(field) + "' is not UTF-8", field));
  if (text.size() > max_bytes) {
    return Fail(Invalid(
        "'" + std::string(field) + "' is longer than " + std::to_string(max_bytes) + " bytes",
        field));
  }
  return Ok();
}

// The version a spec describes, checked: name, sizes, placeholders against declared variables,
// model parameters.
Result<Version> VersionOf(const PromptSpec& spec) {
  const std::string name(Trim(spec.name));
  if (name.empty() || name.size() > 100 || HasControl(name)) {
    return Fail(
        Invalid("a prompt's name has 1 to 100 characters and no control characters", "name"));
  }
  SAGAZ_TRY(CheckText(name, "name", 100));
  SAGAZ_TRY(CheckText(spec.description, "description", 2000));
  SAGAZ_TRY(CheckText(spec.note, "note", 2000));
  SAGAZ_TRY(CheckText(spec.system, "system", kMaxTemplateBytes));
  SAGAZ_TRY(CheckText(spec.text, "template", kMaxTemplateBytes));
  if (Trim(spec.text).empty()) return Fail(Invalid("the template is empty", "template"));
  if (!(spec.params.temperature >= 0 && spec.params.temperature <= 2)) {
    return Fail(Invalid("temperature must be from 0 to 2", "temperature"));
  }
  if (spec.params.max_tokens < 1 || spec.params.max_tokens > 32768) {
    return Fail(Invalid("max_tokens must be from 1 to 32768", "max_tokens"));
  }
  SAGAZ_TRY(CheckText(spec.params.model, "model", 200));

  auto used = SAGAZ_TRY(Placeholders(spec.system));
  for (auto& n : SAGAZ_TRY(Placeholders(spec.text)))
    if (std::find(used.begin(), used.end(), n) == used.end()) used.push_back(std::move(n));

  Version v;
  v.system = spec.system;
  v.text = spec.text;
  v.params = spec.params;
  v.note = spec.note;
  if (!spec.variables) {
    for (const auto& n : used) v.variables.push_back({.name = n});
    return v;
  }
  std::set<std::string> declared;
  std::vector<std::string> unused, undeclared;
  for (const auto& var : *spec.variables) {
    SAGAZ_TRY(CheckText(var.description, "variables", 2000));
    if (!declared.insert(var.name).second) {
      return Fail(
          Invalid("variable '" + SanitizeUtf8(var.name) + "' is declared twice", "variables"));
    }
    if (std::find(used.begin(), used.end(), var.name) == used.end())
      unused.push_back(SanitizeUtf8(var.name));
  }
  for (const auto& n : used)
    if (!declared.contains(n)) undeclared.push_back(n);
  if (!undeclared.empty()) {
    return Fail(
        Error(ErrorCode::kInvalidArgument,
              "the template uses variables that are not declared: " + Join(undeclared, ", "))
            .With("field", "variables")
            .With("undeclared", Join(undeclared, ",")));
  }
  if (!unused.empty()) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "declared variables the template does not use: " + Join(unused, ", "))
                    .With("field", "variables")
                    .With("unused", Join(unused, ",")));
  }
  v.variables = *spec.variables;
  return v;
}

bool SameVariables(const std::vector<Variable>& a, const std::vector<Variable>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].type != b[i].type || a[i].description != b[i].description)
      return false;
  }
  return true;
}

bool SameContent(const Version& a, const Version& b) {
  return a.system == b.system && a.text == b.text && SameVariables(a.variables, b.variables) &&
         a.params.model == b.params.model && a.params.temperature == b.params.temperature &&
         a.params.max_tokens == b.params.max_tokens && a.params.json == b.params.json;
}

// A run of version `v` with `values`, before the model is asked.
PromptRun NewRun(const Prompt& p, const Version& v, const Values& values, std::string_view user) {
  PromptRun run;
  run.id = NewUuid();
  run.prompt_id = p.id;
  run.version = v.number;
  run.variables = values;
  run.user_name = std::string(user);
  return run;
}

Error NotFound(std::string_view id) {
  return Error(ErrorCode::kNotFound, "prompt '" + SanitizeUtf8(id) + "' does not exist")
      .With("prompt", SanitizeUtf8(id));
}

}  // namespace

struct PromptService::Impl {
  db::ConnectionPool& pool;
  LlmConfig llm;
  // Serialises writes: name uniqueness and version numbers are read, then written.
  std::mutex write_mu;

  Result<Prompt> Load(db::Connection& conn, std::string_view id_or_name) {
    auto p = SAGAZ_TRY(internal::LoadPrompt(conn, id_or_name));
    if (!p) return Fail(NotFound(id_or_name));
    return std::move(*p);
  }

  Status NameFree(db::Connection& conn, const std::string& name, std::string_view self_id) {
    auto other = SAGAZ_TRY(internal::LoadPrompt(conn, name));
    if (other && other->id != self_id) {
      return Fail(Error(ErrorCode::kAlreadyExists, "a prompt named '" + name + "' exists")
                      .With("name", name));
    }
    return Ok();
  }

  // The provider a run uses, or the refusal that names what to configure.
  Result<std::unique_ptr<llm::Provider>> ProviderFor(const Version& v, const std::string& model) {
    LlmConfig config = llm;
    if (!model.empty())
      config.model = model;
    else if (!v.params.model.empty())
      config.model = v.params.model;
    if (config.provider != llm::ProviderKind::kLocal && config.base_url.empty()) {
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "no language model is configured, so a prompt cannot run: set "
                        "llm.base_url and llm.model in sagaz.toml (or SAGAZ_LLM_BASE_URL and "
                        "SAGAZ_LLM_MODEL) to an OpenAI-compatible endpoint such as Ollama or "
                        "llama.cpp's server")
                      .With("key", "llm.base_url"));
    }
    return llm::MakeProvider(config);
  }

  // One model call for a rendered prompt; the run is filled whether it succeeded or failed.
  void Ask(llm::Provider& provider, const Version& v, const Rendered& r, PromptRun& run) {
    llm::ChatRequest chat;
    if (!r.system.empty()) chat.messages.push_back({"system", r.system});
    chat.messages.push_back({"user", r.user});
    chat.temperature = v.params.temperature;
    chat.max_tokens = v.params.max_tokens;
    chat.json = v.params.json;
    run.model = provider.Name();
    Stopwatch clock;
    auto reply = provider.Chat(chat);
    run.latency_ms = clock.ElapsedMs();
    if (!reply) {
      run.status = RunStatus::kFailed;
      run.error = reply.error().message;
      return;
    }
    run.output = reply->content;
    run.first_token_ms = reply->first_token_ms;
    run.prompt_tokens = reply->prompt_tokens;
    run.completion_tokens = reply->completion_tokens;
  }

  Status Record(const PromptRun& run) {
    auto conn = SAGAZ_TRY(pool.Acquire());
    return internal::InsertRun(*conn, run, NowMs());
  }
};

PromptService::PromptService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PromptService::~PromptService() = default;

Result<std::unique_ptr<PromptService>> PromptService::Open(db::ConnectionPool& pool,
                                                           LlmConfig llm) {
  auto conn = SAGAZ_TRY(pool.Acquire());
  SAGAZ_TRY(internal::Migrate(*conn));
  return std::unique_ptr<PromptService>(
      new PromptService(std::unique_ptr<Impl>(new Impl{pool, std::move(llm), {}})));
}

Result<Prompt> PromptService::Create(std::string_view owner, const PromptSpec& spec) {
  Version v = SAGAZ_TRY(VersionOf(spec));
  v.number = 1;
  v.author = std::string(owner);
  Prompt p;
  p.id = NewUuid();
  p.name = std::string(Trim(spec.name));
  p.description = spec.description;
  p.owner = std::string(owner);
  std::lock_guard lock(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(impl_->NameFree(*conn, p.name, ""));
  const int64_t now = NowMs();
  {
    auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
    SAGAZ_TRY(internal::InsertPrompt(*conn, p, now));
    SAGAZ_TRY(internal::InsertVersion(*conn, p.id, v, now));
    SAGAZ_TRY(tx.Commit());
  }
  return impl_->Load(*conn, p.id);
}

Result<std::vector<Prompt>> PromptService::List() {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  return internal::LoadPrompts(*conn);
}

Result<Prompt> PromptService::Get(std::string_view id_or_name) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  return impl_->Load(*conn, id_or_name);
}

Result<Prompt> PromptService::Update(std::string_view author, std::string_view id,
                                     const PromptSpec& spec) {
  Version v = SAGAZ_TRY(VersionOf(spec));
  std::lock_guard lock(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  Prompt p = SAGAZ_TRY(impl_->Load(*conn, id));
  const std::string name(Trim(spec.name));
  SAGAZ_TRY(impl_->NameFree(*conn, name, p.id));
  const bool renamed = name != p.name || spec.description != p.description;
  const bool changed = !SameContent(v, p.latest);
  if (!renamed && !changed) return p;
  p.name = name;
  p.description = spec.description;
  const int64_t now = NowMs();
  {
    auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
    SAGAZ_TRY(internal::UpdatePrompt(*conn, p, now));
    if (changed) {
      v.number = p.latest.number + 1;
      v.author = std::string(author);
      SAGAZ_TRY(internal::InsertVersion(*conn, p.id, v, now));
    }
    SAGAZ_TRY(tx.Commit());
  }
  return impl_->Load(*conn, p.id);
}

Status PromptService::Delete(std::string_view id) {
  std::lock_guard lock(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const Prompt p = SAGAZ_TRY(impl_->Load(*conn, id));
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  SAGAZ_TRY(internal::DeletePrompt(*conn, p.id));
  return tx.Commit();
}

Result<std::vector<Version>> PromptService::Versions(std::string_view id) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const Prompt p = SAGAZ_TRY(impl_->Load(*conn, id));
  return internal::LoadVersions(*conn, p.id);
}

Result<Version> PromptService::GetVersion(std::string_view id, int version) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const Prompt p = SAGAZ_TRY(impl_->Load(*conn, id));
  if (version == 0) return p.latest;
  auto found = SAGAZ_TRY(internal::LoadVersions(*conn, p.id, version));
  if (found.empty()) {
    return Fail(Error(ErrorCode::kNotFound, "prompt '" + p.name + "' has no version " +
                                                std::to_string(version) + " (the latest is " +
                                                std::to_string(p.latest.number) + ")")
                    .With("version", std::to_string(version)));
  }
  return std::move(found.front());
}

Result<Rendered> PromptService::Render(std::string_view id, int version, const Values& values) {
  return RenderTemplate(SAGAZ_TRY(GetVersion(id, version)), values);
}

Result<PromptRun> PromptService::Run(std::string_view user, std::string_view id,
                                     const RunRequest& request) {
  const Prompt p = SAGAZ_TRY(Get(id));
  const Version v = SAGAZ_TRY(GetVersion(p.id, request.version));
  const Rendered rendered = SAGAZ_TRY(RenderTemplate(v, request.variables));
  auto provider = SAGAZ_TRY(impl_->ProviderFor(v, request.model));
  PromptRun run = NewRun(p, v, request.variables, user);
  run.system = rendered.system;
  run.user = rendered.user;
  impl_->Ask(*provider, v, rendered, run);
  SAGAZ_TRY(impl_->Record(run));
  run.created_at = NowIso8601();
  if (run.status == RunStatus::kFailed) {
    return Fail(Error(ErrorCode::kUnavailable, "the model did not answer: " + run.error)
                    .With("run_id", run.id));
  }
  return run;
}

Result<std::vector<PromptRun>> PromptService::Runs(std::string_view id, int limit) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const Prompt p = SAGAZ_TRY(impl_->Load(*conn, id));
  return internal::LoadRuns(*conn, p.id, limit);
}

Result<TestCase> PromptService::AddTest(std::string_view id, const NewTestCase& test) {
  const std::string name(Trim(test.name));
  if (name.empty() || name.size() > 200 || HasControl(name) || !IsValidUtf8(name))
    return Fail(Invalid("a test case's name has 1 to 200 characters", "name"));
  if (test.expect.size() > kMaxExpectations) {
    return Fail(Invalid(
        "a test case has at most " + std::to_string(kMaxExpectations) + " expectations", "expect"));
  }
  for (const auto& e : test.expect) {
    SAGAZ_TRY(CheckText(e.value, "expect", 10'000));
    if (e.kind == ExpectKind::kMaxChars && !ParseNumber<int64_t>(e.value)) {
      return Fail(Invalid("max_chars needs a whole number of characters", "expect"));
    }
    if ((e.kind == ExpectKind::kContains || e.kind == ExpectKind::kNotContains) &&
        e.value.empty()) {
      return Fail(Invalid(std::string(ToString(e.kind)) + " needs a value", "expect"));
    }
  }
  std::lock_guard lock(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const Prompt p = SAGAZ_TRY(impl_->Load(*conn, id));
  SAGAZ_TRY(RenderTemplate(p.latest, test.variables));  // the values must fit the prompt
  const auto existing = SAGAZ_TRY(internal::LoadTests(*conn, p.id));
  if (existing.size() >= kMaxTestsPerPrompt) {
    return Fail(Invalid(
        "a prompt has at most " + std::to_string(kMaxTestsPerPrompt) + " test cases", "name"));
  }
  TestCase t;
  t.id = NewUuid();
  t.prompt_id = p.id;
  t.name = name;
  t.variables = test.variables;
  t.expect = test.expect;
  SAGAZ_TRY(internal::InsertTest(*conn, t, NowMs()));
  t.created_at = NowIso8601();
  return t;
}

Result<std::vector<TestCase>> PromptService::Tests(std::string_view id) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const Prompt p = SAGAZ_TRY(impl_->Load(*conn, id));
  return internal::LoadTests(*conn, p.id);
}

Status PromptService::DeleteTest(std::string_view id, std::string_view test_id) {
  std::lock_guard lock(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const Prompt p = SAGAZ_TRY(impl_->Load(*conn, id));
  if (!SAGAZ_TRY(internal::DeleteTestRow(*conn, p.id, test_id))) {
    return Fail(Error(ErrorCode::kNotFound,
                      "prompt '" + p.name + "' has no test case '" + SanitizeUtf8(test_id) + "'")
                    .With("test", SanitizeUtf8(test_id)));
  }
  return Ok();
}

Result<TestReport> PromptService::RunTests(std::string_view user, std::string_view id,
                                           const TestRunRequest& request) {
  const Prompt p = SAGAZ_TRY(Get(id));
  const Version v = SAGAZ_TRY(GetVersion(p.id, request.version));
  const auto tests = SAGAZ_TRY(Tests(p.id));
  if (tests.empty()) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "prompt '" + p.name + "' has no test cases: add one first")
                    .With("prompt", p.id));
  }
  auto provider = SAGAZ_TRY(impl_->ProviderFor(v, request.model));
  TestReport report;
  report.prompt_id = p.id;
  report.version = v.number;
  report.model = provider->Name();
  for (const auto& t : tests) {
    PromptRun run = NewRun(p, v, t.variables, user);
    run.test_id = t.id;
    run.model = provider->Name();
    if (auto rendered = RenderTemplate(v, t.variables)) {
      run.system = rendered->system;
      run.user = rendered->user;
      impl_->Ask(*provider, v, *rendered, run);
    } else {
      run.status = RunStatus::kFailed;  // the case was written for another version's variables
      run.error = rendered.error().message;
    }
    if (run.status == RunStatus::kSucceeded) run.checks = Check(t.expect, run.output);
    run.passed = run.status == RunStatus::kSucceeded &&
                 std::all_of(run.checks.begin(), run.checks.end(),
                             [](const CheckResult& c) { return c.passed; });
    SAGAZ_TRY(impl_->Record(run));
    run.created_at = NowIso8601();
    ++report.cases;
    ++(*run.passed ? report.passed : report.failed);
    report.runs.push_back(std::move(run));
  }
  return report;
}

}  // namespace sagaz::prompts
