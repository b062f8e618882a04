#include "models/grammar.hpp"

#include <dlfcn.h>
#include <json.h>  // common_json's size only: its functions are called through dlsym

#include <exception>
#include <mutex>

#include "core/strings.hpp"
#include "models/engine.hpp"
#include "models/internal/llama_handles.hpp"
#include "models/requests.hpp"

namespace sagaz::models {

namespace {

constexpr size_t kMaxSchemaBytes = 256 * 1024;

// llama.cpp's JSON-schema converter lives in libllama-common.so, which also exports its own build
// of cpp-httplib and nlohmann/json. Linked normally, those symbols would interpose over the ones
// the server uses (Debian's libcpp-httplib), so it is opened privately (RTLD_LOCAL | RTLD_DEEPBIND)
// and only the three functions needed are looked up.
struct CommonLib {
  void* handle = nullptr;
  void* (*parse)(void* out, const std::string& text) = nullptr;  // common_json::parse (sret)
  void (*destroy)(void* json) = nullptr;                         // common_json::~common_json
  std::string (*to_grammar)(const void* schema, bool force_gbnf) = nullptr;
  std::string error;
};

const CommonLib& Common() {
  static const CommonLib lib = [] {
    CommonLib l;
    const auto path = internal::LibraryFolder() / "libllama-common.so";
    l.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (l.handle == nullptr) {
      const char* e = dlerror();
      l.error = e != nullptr ? e : "cannot open libllama-common.so";
      return l;
    }
    l.parse = reinterpret_cast<decltype(l.parse)>(dlsym(
        l.handle, "_ZN11common_json5parseERKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE"));
    l.destroy = reinterpret_cast<decltype(l.destroy)>(dlsym(l.handle, "_ZN11common_jsonD1Ev"));
    l.to_grammar = reinterpret_cast<decltype(l.to_grammar)>(
        dlsym(l.handle, "_Z22json_schema_to_grammarB5cxx11RK11common_jsonb"));
    if (l.parse == nullptr || l.destroy == nullptr || l.to_grammar == nullptr)
      l.error = "libllama-common.so lacks json_schema_to_grammar";
    return l;
  }();
  return lib;
}

}  // namespace

std::string JsonObjectGrammar() {
  static const std::string grammar = [] {
    auto g = JsonSchemaGrammar(R"({"type": "object"})");
    return g ? *g : std::string();
  }();
  return grammar;
}

Result<std::string> JsonSchemaGrammar(std::string_view schema_json) {
  if (schema_json.size() > kMaxSchemaBytes)
    return Fail(ErrorCode::kPayloadTooLarge, "the JSON schema is larger than 256 KiB");
  // llama.cpp's converter recurses over the schema: bound the nesting first.
  if (JsonNesting(schema_json, kMaxJsonNesting) > kMaxJsonNesting)
    return Fail(ErrorCode::kInvalidArgument, "the JSON schema is nested too deeply");
  if (auto ready = InitBackend(); !ready) return Fail(std::move(ready).error());
  const CommonLib& lib = Common();
  if (!lib.error.empty()) {
    return Fail(Error(ErrorCode::kUnavailable, "JSON schemas cannot be converted")
                    .With("reason", lib.error));
  }
  try {
    alignas(alignof(std::max_align_t)) unsigned char storage[sizeof(common_json)];
    lib.parse(storage, std::string(schema_json));  // throws on malformed JSON: nothing to destroy
    struct Destroy {
      const CommonLib& lib;
      void* json;
      ~Destroy() { lib.destroy(json); }
    } destroy{lib, storage};
    std::string grammar = lib.to_grammar(storage, /*force_gbnf=*/true);
    if (grammar.empty())
      return Fail(ErrorCode::kInvalidArgument, "the JSON schema gives no grammar");
    return grammar;
  } catch (const std::exception& e) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the JSON schema cannot be used")
                    .With("reason", SanitizeUtf8(e.what())));
  } catch (...) {
    return Fail(ErrorCode::kInvalidArgument, "the JSON schema cannot be used");
  }
}

}  // namespace sagaz::models

namespace sagaz::models {

Status ApplyResponseFormat(ChatCompletionRequest& request) {
  switch (request.format) {
    case FormatKind::kText:
      return Ok();
    case FormatKind::kJsonObject:
      request.sampling.grammar = JsonObjectGrammar();
      return Ok();
    case FormatKind::kJsonSchema:
      request.sampling.grammar = SAGAZ_TRY(JsonSchemaGrammar(request.schema));
      return Ok();
  }
  return Ok();
}

}  // namespace sagaz::models
