#include "models/engine.hpp"

#include <dlfcn.h>
#include <ggml-backend.h>
#include <llama.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

#include "core/log.hpp"
#include "core/strings.hpp"
#include "models/internal/llama_handles.hpp"
#include "models/internal/text_stream.hpp"

namespace sagaz::models {

namespace {

using internal::Batch;
using internal::ContextPtr;
using internal::ModelPtr;
using internal::SamplerPtr;
using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void LogFromLlama(ggml_log_level level, const char* text, void*) {
  if (text == nullptr || level < GGML_LOG_LEVEL_WARN)
    return;  // info and debug are per-tensor noise
  std::string_view line = Trim(std::string_view(text));
  if (!line.empty()) log::Debug("llama.cpp", {{"message", std::string(line)}});
}

std::mutex backend_mu;
bool backend_ready = false;
std::string backend_name;

}  // namespace

std::filesystem::path internal::LibraryFolder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&llama_backend_init), &info) != 0 &&
      info.dli_fname != nullptr) {
    std::filesystem::path lib(info.dli_fname);
    if (lib.filename().string().starts_with("libllama")) return lib.parent_path();
  }
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
}

namespace {

std::string MetaString(const llama_model* model, const std::string& key) {
  char buf[256];
  const int n = llama_model_meta_val_str(model, key.c_str(), buf, sizeof(buf));
  return n < 0 ? std::string()
               : std::string(buf, static_cast<size_t>(std::min<int>(n, sizeof(buf) - 1)));
}

Result<std::vector<llama_token>> Tokenize(const llama_vocab* vocab, std::string_view text,
                                          bool special) {
  if (text.size() > static_cast<size_t>(INT32_MAX / 2))
    return Fail(ErrorCode::kPayloadTooLarge, "the text is too long to tokenize");
  const int len = static_cast<int>(text.size());
  int n = -llama_tokenize(vocab, text.data(), len, nullptr, 0, /*add_special=*/true, special);
  if (n <= 0) n = 0;
  std::vector<llama_token> tokens(static_cast<size_t>(n));
  const int got =
      llama_tokenize(vocab, text.data(), len, tokens.data(), n, /*add_special=*/true, special);
  if (got < 0) return Fail(ErrorCode::kInternal, "tokenization failed");
  tokens.resize(static_cast<size_t>(got));
  return tokens;
}

std::string Piece(const llama_vocab* vocab, llama_token token) {
  char buf[256];
  const int n = llama_token_to_piece(vocab, token, buf, sizeof(buf), 0, /*special=*/false);
  if (n >= 0) return std::string(buf, static_cast<size_t>(n));
  std::string big(static_cast<size_t>(-n), '\0');
  const int m = llama_token_to_piece(vocab, token, big.data(), -n, 0, false);
  big.resize(static_cast<size_t>(std::max(m, 0)));
  return big;
}

// The prompt: the model's chat template, or ChatML when llama.cpp does not know the model's.
Result<std::string> ApplyTemplate(const llama_model* model,
                                  const std::vector<llm::Message>& messages) {
  std::vector<llama_chat_message> chat;
  size_t total = 0;
  for (const auto& m : messages) {
    chat.push_back({m.role.c_str(), m.content.c_str()});
    total += m.role.size() + m.content.size();
  }
  std::string buf(2 * total + 256, '\0');
  for (const char* tmpl : {llama_model_chat_template(model, nullptr), "chatml"}) {
    if (tmpl == nullptr) continue;
    int n = llama_chat_apply_template(tmpl, chat.data(), chat.size(), true, buf.data(),
                                      static_cast<int32_t>(buf.size()));
    if (n > static_cast<int>(buf.size())) {
      buf.resize(static_cast<size_t>(n));
      n = llama_chat_apply_template(tmpl, chat.data(), chat.size(), true, buf.data(),
                                    static_cast<int32_t>(buf.size()));
    }
    if (n >= 0) return buf.substr(0, static_cast<size_t>(n));
  }
  return Fail(ErrorCode::kInternal, "the chat template could not be applied");
}

}  // namespace

Status InitBackend() {
  std::lock_guard lock(backend_mu);
  if (backend_ready) return Ok();
  llama_log_set(LogFromLlama, nullptr);
  const auto folder = internal::LibraryFolder();
  ggml_backend_load_all_from_path(folder.c_str());
  if (ggml_backend_dev_count() == 0) {
    return Fail(Error(ErrorCode::kUnavailable,
                      "no llama.cpp CPU backend could be loaded for this processor")
                    .With("folder", folder.string()));
  }
  llama_backend_init();
  ggml_backend_dev_t dev = ggml_backend_dev_get(0);
  backend_name =
      std::string(ggml_backend_dev_name(dev)) + " (" + ggml_backend_dev_description(dev) + ")";
  backend_ready = true;
  log::Info("llama.cpp backend ready", {{"backend", backend_name}});
  return Ok();
}

std::string BackendName() {
  std::lock_guard lock(backend_mu);
  return backend_name;
}

struct Engine::Impl {
  ModelPtr model;
  ContextPtr ctx;
  const llama_vocab* vocab = nullptr;
  bool embedding = false;
  int n_ctx = 0;
  int n_batch = 0;
  int n_seqs = 1;
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Load(const std::filesystem::path& file,
                                             const LoadOptions& options) {
  SAGAZ_TRY(InitBackend());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    return Fail(Error(ErrorCode::kIo, "model file not found").With("path", file.string()));
  auto impl = std::make_unique<Impl>();
  auto mparams = llama_model_default_params();
  mparams.n_gpu_layers = 0;
  impl->model.reset(llama_model_load_from_file(file.c_str(), mparams));
  if (!impl->model) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "llama.cpp cannot load this file: not a GGUF model it supports, or damaged")
                    .With("path", file.string()));
  }
  impl->vocab = llama_model_get_vocab(impl->model.get());
  const std::string arch = MetaString(impl->model.get(), "general.architecture");
  const std::string pooling = MetaString(impl->model.get(), arch + ".pooling_type");
  impl->embedding = !pooling.empty() && pooling != "0";

  auto cparams = llama_context_default_params();
  const int train = llama_model_n_ctx_train(impl->model.get());
  impl->n_ctx = std::max(64, train > 0 ? std::min(options.context, train) : options.context);
  cparams.n_ctx = static_cast<uint32_t>(impl->n_ctx);
  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  cparams.n_threads = threads;
  cparams.n_threads_batch = threads;
  cparams.no_perf = true;
  if (impl->embedding) {
    // Each input is one sequence of a batch; a sequence must fit one micro-batch.
    impl->n_seqs = 8;
    impl->n_batch = std::min(impl->n_ctx, 2048);
    cparams.embeddings = true;
    cparams.n_seq_max = static_cast<uint32_t>(impl->n_seqs);
    cparams.kv_unified = true;
    cparams.n_batch = cparams.n_ubatch = static_cast<uint32_t>(impl->n_batch);
  } else {
    impl->n_batch = std::clamp(options.batch, 16, impl->n_ctx);
    cparams.n_batch = static_cast<uint32_t>(impl->n_batch);
    cparams.n_ubatch = static_cast<uint32_t>(std::min(impl->n_batch, 512));
    cparams.n_seq_max = 1;
  }
  impl->ctx.reset(llama_init_from_model(impl->model.get(), cparams));
  if (!impl->ctx) {
    return Fail(Error(ErrorCode::kUnavailable, "llama.cpp could not make a context for the model")
                    .With("path", file.string()));
  }
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

bool Engine::embedding() const { return impl_->embedding; }
int Engine::context() const { return impl_->n_ctx; }
int Engine::dimensions() const { return llama_model_n_embd_out(impl_->model.get()); }
uint64_t Engine::weight_bytes() const { return llama_model_size(impl_->model.get()); }

Result<std::string> Engine::FormatPrompt(const std::vector<llm::Message>& messages) const {
  return ApplyTemplate(impl_->model.get(), messages);
}

Result<Generation> Engine::Chat(const std::vector<llm::Message>& messages,
                                const SamplingOptions& options, const TextFn& on_text) {
  if (impl_->embedding)
    return Fail(ErrorCode::kUnsupported, "this is an embedding model: it does not chat");
  const auto start = Clock::now();
  llama_context* ctx = impl_->ctx.get();
  const std::string prompt = SAGAZ_TRY(ApplyTemplate(impl_->model.get(), messages));
  const auto tokens = SAGAZ_TRY(Tokenize(impl_->vocab, prompt, /*special=*/true));
  Generation out;
  out.prompt_tokens = static_cast<int64_t>(tokens.size());
  if (tokens.empty() || static_cast<int>(tokens.size()) >= impl_->n_ctx) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the prompt does not fit the model's context")
                    .With("prompt_tokens", std::to_string(tokens.size()))
                    .With("context", std::to_string(impl_->n_ctx)));
  }
  const int budget =
      std::min(std::max(options.max_tokens, 0), impl_->n_ctx - static_cast<int>(tokens.size()));

  // The sampler chain: grammar first (it masks what may not follow), then top-p, temperature.
  auto chain_params = llama_sampler_chain_default_params();
  chain_params.no_perf = true;
  SamplerPtr chain(llama_sampler_chain_init(chain_params));
  if (!options.grammar.empty()) {
    llama_sampler* grammar =
        llama_sampler_init_grammar(impl_->vocab, options.grammar.c_str(), "root");
    if (grammar == nullptr)
      return Fail(ErrorCode::kInvalidArgument,
                  "the grammar does not parse (GBNF, root rule 'root')");
    llama_sampler_chain_add(chain.get(), grammar);
  }
  if (options.temperature <= 0) {
    llama_sampler_chain_add(chain.get(), llama_sampler_init_greedy());
  } else {
    llama_sampler_chain_add(chain.get(),
                            llama_sampler_init_top_p(static_cast<float>(options.top_p), 1));
    llama_sampler_chain_add(chain.get(),
                            llama_sampler_init_temp(static_cast<float>(options.temperature)));
    llama_sampler_chain_add(chain.get(),
                            llama_sampler_init_dist(options.seed.value_or(LLAMA_DEFAULT_SEED)));
  }

  llama_memory_clear(llama_get_memory(ctx), true);
  // The prompt, in steps of n_batch tokens; logits only for its last token.
  Batch batch(impl_->n_batch, 1);
  for (size_t i = 0; i < tokens.size();) {
    if (options.cancel != nullptr && options.cancel->load()) {
      out.finish_reason = "cancelled";
      out.elapsed_ms = MsSince(start);
      return out;
    }
    batch.Clear();
    for (; i < tokens.size() && !batch.Full(); ++i)
      batch.Add(tokens[i], static_cast<llama_pos>(i), 0, i + 1 == tokens.size());
    if (llama_decode(ctx, batch.get()) != 0)
      return Fail(ErrorCode::kInternal, "llama.cpp could not process the prompt");
  }

  internal::TextStream stream(options.stop);
  bool keep_going = true;
  auto emit = [&](std::string text) {
    if (text.empty()) return;
    out.text += text;
    if (keep_going && on_text && !on_text(text)) keep_going = false;
  };
  out.finish_reason = "length";
  for (int n = 0; n < budget; ++n) {
    if ((options.cancel != nullptr && options.cancel->load()) || !keep_going) {
      out.finish_reason = "cancelled";
      break;
    }
    llama_token token = llama_sampler_sample(chain.get(), ctx, -1);
    if (n == 0) out.first_token_ms = MsSince(start);
    if (llama_vocab_is_eog(impl_->vocab, token)) {
      out.finish_reason = "stop";
      break;
    }
    ++out.completion_tokens;
    const auto step = stream.Push(Piece(impl_->vocab, token));
    emit(step.text);
    if (step.stopped) {
      out.finish_reason = "stop";
      break;
    }
    if (n + 1 == budget) break;
    llama_batch one = llama_batch_get_one(&token, 1);
    if (llama_decode(ctx, one) != 0)
      return Fail(ErrorCode::kInternal, "llama.cpp could not decode a token");
  }
  emit(stream.Flush());
  if (!keep_going) out.finish_reason = "cancelled";
  out.elapsed_ms = MsSince(start);
  return out;
}

Result<Embeddings> Engine::Embed(const std::vector<std::string>& inputs) {
  if (!impl_->embedding) {
    return Fail(ErrorCode::kUnsupported,
                "this model declares no pooling: it is not an embedding model");
  }
  llama_context* ctx = impl_->ctx.get();
  std::vector<std::vector<llama_token>> tokenized;
  Embeddings out;
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto tokens = SAGAZ_TRY(Tokenize(impl_->vocab, inputs[i], /*special=*/false));
    if (inputs[i].empty() || tokens.empty())
      return Fail(
          Error(ErrorCode::kInvalidArgument, "an input is empty").With("input", std::to_string(i)));
    if (static_cast<int>(tokens.size()) > impl_->n_batch) {
      return Fail(Error(ErrorCode::kInvalidArgument, "an input is longer than the model takes")
                      .With("input", std::to_string(i))
                      .With("tokens", std::to_string(tokens.size()))
                      .With("max_tokens", std::to_string(impl_->n_batch)));
    }
    out.prompt_tokens += static_cast<int64_t>(tokens.size());
    tokenized.push_back(std::move(tokens));
  }
  const int dims = llama_model_n_embd_out(impl_->model.get());
  out.vectors.resize(inputs.size());
  Batch batch(impl_->n_batch, impl_->n_seqs);
  size_t next = 0;
  while (next < tokenized.size()) {
    // As many whole inputs as fit one batch, each its own sequence.
    batch.Clear();
    const size_t first = next;
    while (next < tokenized.size() && static_cast<int>(next - first) < impl_->n_seqs &&
           batch.size() + static_cast<int>(tokenized[next].size()) <= batch.capacity()) {
      const auto seq = static_cast<llama_seq_id>(next - first);
      for (size_t p = 0; p < tokenized[next].size(); ++p)
        batch.Add(tokenized[next][p], static_cast<llama_pos>(p), seq, true);
      ++next;
    }
    llama_memory_clear(llama_get_memory(ctx), true);
    if (llama_decode(ctx, batch.get()) != 0)
      return Fail(ErrorCode::kInternal, "llama.cpp could not compute the embeddings");
    for (size_t i = first; i < next; ++i) {
      const float* v = llama_get_embeddings_seq(ctx, static_cast<llama_seq_id>(i - first));
      if (v == nullptr) return Fail(ErrorCode::kInternal, "llama.cpp returned no pooled embedding");
      double norm = 0;
      for (int d = 0; d < dims; ++d) norm += static_cast<double>(v[d]) * v[d];
      norm = norm > 0 ? std::sqrt(norm) : 1;
      auto& vec = out.vectors[i];
      vec.resize(static_cast<size_t>(dims));
      for (int d = 0; d < dims; ++d) vec[static_cast<size_t>(d)] = static_cast<float>(v[d] / norm);
    }
  }
  return out;
}

}  // namespace sagaz::models
