// Owners of llama.cpp's handles (model, context, sampler, batch). Internal: included only by
// models/*.cpp, so llama.h never reaches a public header.
#pragma once

#include <llama.h>

#include <filesystem>
#include <memory>

namespace sagaz::models::internal {

struct ModelDeleter {
  void operator()(llama_model* m) const { llama_model_free(m); }
};
struct ContextDeleter {
  void operator()(llama_context* c) const { llama_free(c); }
};
struct SamplerDeleter {
  void operator()(llama_sampler* s) const { llama_sampler_free(s); }
};
using ModelPtr = std::unique_ptr<llama_model, ModelDeleter>;
using ContextPtr = std::unique_ptr<llama_context, ContextDeleter>;
using SamplerPtr = std::unique_ptr<llama_sampler, SamplerDeleter>;

// The folder libllama was loaded from: the CPU variants are beside it.
std::filesystem::path LibraryFolder();

// A llama_batch with room for `capacity` tokens in up to `max_seqs` sequences each.
class Batch {
 public:
  Batch(int capacity, int max_seqs)
      : batch_(llama_batch_init(capacity, 0, max_seqs)), capacity_(capacity) {}
  ~Batch() { llama_batch_free(batch_); }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  void Clear() { batch_.n_tokens = 0; }
  bool Full() const { return batch_.n_tokens >= capacity_; }
  int size() const { return batch_.n_tokens; }
  int capacity() const { return capacity_; }
  void Add(llama_token token, llama_pos pos, llama_seq_id seq, bool logits) {
    const int i = batch_.n_tokens++;
    batch_.token[i] = token;
    batch_.pos[i] = pos;
    batch_.n_seq_id[i] = 1;
    batch_.seq_id[i][0] = seq;
    batch_.logits[i] = logits;
  }
  llama_batch& get() { return batch_; }

 private:
  llama_batch batch_;
  int capacity_;
};

}  // namespace sagaz::models::internal
