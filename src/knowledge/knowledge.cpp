#include "knowledge/knowledge.hpp"

#include <sodium.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "knowledge/internal/answer.hpp"
#include "knowledge/internal/terms.hpp"
#include "llm/llm.hpp"

namespace sagaz::knowledge {
namespace {

using nlohmann::json;

// Term prefixes of the index. Chunks: kChunk, kOfDoc+id, kCollection+name, kFormat+format,
// kTag+tag, P…/E… words; value kAddedSlot: the document's added_at. Document records: kRecord,
// kId+id, kCollection+name, kHash+collection+'\t'+hash.
constexpr std::string_view kChunk = "XTC";
constexpr std::string_view kRecord = "XTD";
constexpr std::string_view kOfDoc = "XD";
constexpr std::string_view kId = "Q";
constexpr std::string_view kCollection = "XC";
constexpr std::string_view kHash = "XH";
constexpr std::string_view kFormat = "XF";
constexpr std::string_view kTag = "XG";
constexpr Xapian::valueno kAddedSlot = 0;

std::string T(std::string_view prefix, std::string_view value) {
  return std::string(prefix) + std::string(value);
}

std::string HashHex(std::string_view bytes) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : out) hex += {kHex[b >> 4], kHex[b & 15]};
  return hex;
}

json ToRecord(const DocumentInfo& d) {
  return {{"id", d.id},
          {"collection", d.collection},
          {"name", d.name},
          {"format", d.format},
          {"hash", d.hash},
          {"bytes", d.bytes},
          {"pages", d.pages},
          {"chunks", d.chunks},
          {"pages_without_text", d.pages_without_text},
          {"encoding", d.encoding},
          {"tags", d.tags},
          {"added_at", d.added_at}};
}

DocumentInfo FromRecord(const std::string& data) {
  const json j = json::parse(data, nullptr, false);
  DocumentInfo d;
  if (!j.is_object()) return d;
  d.id = j.value("id", "");
  d.collection = j.value("collection", "");
  d.name = j.value("name", "");
  d.format = j.value("format", "");
  d.hash = j.value("hash", "");
  d.bytes = j.value("bytes", int64_t{0});
  d.pages = j.value("pages", 0);
  d.chunks = j.value("chunks", 0);
  d.pages_without_text = j.value("pages_without_text", std::vector<int>{});
  d.encoding = j.value("encoding", "");
  d.tags = j.value("tags", std::vector<std::string>{});
  d.added_at = j.value("added_at", "");
  return d;
}

// Runs a Xapian operation, turning its exceptions into Errors.
template <class Fn>
auto Xap(const char* what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Xapian::DatabaseLockError& e) {
    return Fail(ErrorCode::kFailedPrecondition,
                std::string("the knowledge index is in use by another Sagaz process (") +
                    e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    return Fail(ErrorCode::kIo, std::string(what) + ": " + e.get_description());
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, std::string(what) + ": " + e.what());
  }
}

}  // namespace

Result<Engine> ParseEngine(std::string_view name) {
  if (name.empty() || name == "auto") return Engine::kAuto;
  if (name == "builtin") return Engine::kBuiltin;
  if (name == "llm") return Engine::kLlm;
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown engine '" + std::string(name) + "'; use auto, builtin or llm")
                  .With("field", "engine"));
}

Status ValidateCollection(std::string_view name) {
  const bool ok =
      !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
      });
  if (!ok) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "collection names are 1-64 letters, digits, '_', '-' or '.'")
                    .With("field", "collection"));
  }
  return Ok();
}

Result<std::vector<std::string>> NormalizeTags(const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (const auto& raw : tags) {
    std::string tag = ToLower(Trim(raw));
    const bool ok = !tag.empty() && tag.size() <= 40 && IsValidUtf8(tag) &&
                    std::none_of(tag.begin(), tag.end(), [](char c) {
                      return c == ',' || static_cast<unsigned char>(c) < 32;
                    });
    if (!ok) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "a tag has 1 to 40 characters, without ',' or control characters")
                      .With("field", "tags"));
    }
    if (std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(std::move(tag));
  }
  if (out.size() > 20)
    return Fail(Error(ErrorCode::kInvalidArgument, "at most 20 tags").With("field", "tags"));
  return out;
}

std::string Highlighted(std::string_view text, const std::vector<Span>& highlights) {
  return internal::Marked(text, highlights);
}

namespace {

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// The filter part of a query: chunks, of the collection, of the filters.
Xapian::Query FilterQuery(const QueryRequest& request) {
  std::vector<Xapian::Query> all = {Xapian::Query(T(kChunk, ""))};
  if (!request.collection.empty()) all.emplace_back(T(kCollection, request.collection));
  const auto& f = request.filters;
  auto any_of = [&all](std::string_view prefix, const std::vector<std::string>& values) {
    if (values.empty()) return;
    std::vector<std::string> terms;
    for (const auto& v : values) terms.push_back(T(prefix, v));
    all.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
  };
  any_of(kFormat, f.formats);
  any_of(kTag, f.tags);
  if (!f.document_id.empty()) all.emplace_back(T(kOfDoc, f.document_id));
  // added_at is ISO-8601 text: dates compare as strings.
  if (!f.added_from.empty() && !f.added_to.empty()) {
    all.emplace_back(Xapian::Query::OP_VALUE_RANGE, kAddedSlot, f.added_from, f.added_to + "~");
  } else if (!f.added_from.empty()) {
    all.emplace_back(Xapian::Query::OP_VALUE_GE, kAddedSlot, f.added_from);
  } else if (!f.added_to.empty()) {
    all.emplace_back(Xapian::Query::OP_VALUE_LE, kAddedSlot, f.added_to + "~");
  }
  return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

}  // namespace

struct KnowledgeService::Impl {
  Config config;
  std::filesystem::path dir;
  std::mutex mutex;
  std::optional<Xapian::WritableDatabase> db;  // guarded by mutex; opened on first use
  internal::Terms terms;                       // guarded by mutex

  // The index, opened (created) on first use so that commands that never touch Knowledge never
  // take its lock. Call with the mutex held.
  Result<Xapian::WritableDatabase*> Db() {
    if (db) return &*db;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
    SAGAZ_TRY(Xap("cannot open the knowledge index", [&]() -> Status {
      db.emplace(dir.string(), Xapian::DB_CREATE_OR_OPEN);
      return Ok();
    }));
    return &*db;
  }

  ChunkOptions Options() const {
    return {.chunk_chars = static_cast<size_t>(config.knowledge.chunk_chars),
            .overlap_chars = static_cast<size_t>(config.knowledge.chunk_overlap),
            .max_pages = static_cast<size_t>(config.knowledge.max_pages)};
  }

  Xapian::Document ChunkDocument(const DocumentInfo& info, const Chunk& c) {
    Xapian::Document doc;
    doc.add_boolean_term(T(kChunk, ""));
    doc.add_boolean_term(T(kOfDoc, info.id));
    doc.add_boolean_term(T(kCollection, info.collection));
    doc.add_boolean_term(T(kFormat, info.format));
    for (const auto& tag : info.tags) doc.add_boolean_term(T(kTag, tag));
    doc.add_value(kAddedSlot, info.added_at);
    for (const auto& w : internal::Words(c.text))
      for (const auto& t : terms.Of(w.text)) doc.add_term(t);
    // The heading path counts too: later chunks of a section no longer contain its heading.
    for (const auto& w : internal::Words(c.heading))
      for (const auto& t : terms.Of(w.text)) doc.add_term(t);
    doc.set_data(json{
        {"d", info.id},
        {"n", info.name},
        {"c", info.collection},
        {"p", c.page},
        {"h", c.heading},
        {"s", c.start},
        {"e", c.end},
        {"t",
         c.text}}.dump());
    return doc;
  }
};

KnowledgeService::KnowledgeService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KnowledgeService::~KnowledgeService() = default;

Result<std::unique_ptr<KnowledgeService>> KnowledgeService::Open(const std::filesystem::path& dir,
                                                                 const Config& config) {
  if (sodium_init() < 0) return Fail(ErrorCode::kInternal, "libsodium failed to initialise");
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->dir = dir;
  return std::unique_ptr<KnowledgeService>(new KnowledgeService(std::move(impl)));
}

Result<AddResult> KnowledgeService::AddFile(const std::filesystem::path& path,
                                            std::string_view name, std::string_view collection,
                                            const AddOptions& options) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Fail(ErrorCode::kNotFound, "cannot read " + path.string() + ": " + ec.message());
  const uint64_t limit = static_cast<uint64_t>(impl_->config.knowledge.max_document_mb) << 20;
  if (size > limit) {
    return Fail(
        Error(ErrorCode::kPayloadTooLarge,
              "the document is larger than knowledge.max_document_mb (" + FormatBytes(limit) + ")")
            .With("limit_bytes", std::to_string(limit)));
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
    return Fail(ErrorCode::kIo, "cannot read " + path.string());
  return AddBytes(bytes, name, collection, options);
}

Result<AddResult> KnowledgeService::AddBytes(std::string_view bytes, std::string_view name,
                                             std::string_view collection,
                                             const AddOptions& options) {
  SAGAZ_TRY(ValidateCollection(collection));
  auto tags = SAGAZ_TRY(NormalizeTags(options.tags));
  auto progress = [&options](double fraction, std::string_view stage) {
    if (options.progress) options.progress(fraction, stage);
  };
  const uint64_t limit = static_cast<uint64_t>(impl_->config.knowledge.max_document_mb) << 20;
  if (bytes.size() > limit) {
    return Fail(
        Error(ErrorCode::kPayloadTooLarge,
              "the document is larger than knowledge.max_document_mb (" + FormatBytes(limit) + ")")
            .With("limit_bytes", std::to_string(limit)));
  }
  const std::string hash = HashHex(bytes);
  // Parsing runs outside the lock: the index is only touched to commit.
  progress(0.05, "parsing");
  auto parsed = SAGAZ_TRY(ParseDocument(bytes, name, impl_->Options()));
  progress(0.5, "indexing");
  DocumentInfo info;
  info.id = NewUuid();
  info.collection = std::string(collection);
  info.name = SanitizeUtf8(name.empty() ? std::string_view("document") : name);
  info.format = std::string(ToString(parsed.format));
  info.hash = hash;
  info.bytes = static_cast<int64_t>(bytes.size());
  info.pages = parsed.pages;
  info.chunks = static_cast<int>(parsed.chunks.size());
  info.pages_without_text = parsed.pages_without_text;
  info.encoding = parsed.encoding;
  info.tags = std::move(tags);
  info.added_at = NowIso8601();

  std::lock_guard lock(impl_->mutex);
  auto& db = *SAGAZ_TRY(impl_->Db());
  return Xap("cannot index the document", [&]() -> Result<AddResult> {
    const std::string hash_term = T(kHash, info.collection + "\t" + hash);
    if (db.term_exists(hash_term)) {
      auto it = db.postlist_begin(hash_term);
      AddResult dup{FromRecord(db.get_document(*it).get_data()), true};
      return dup;
    }
    db.begin_transaction();
    try {
      const size_t total = parsed.chunks.size();
      for (size_t i = 0; i < total; ++i) {
        db.add_document(impl_->ChunkDocument(info, parsed.chunks[i]));
        if (i % 64 == 63) progress(0.5 + 0.45 * static_cast<double>(i + 1) / total, "indexing");
      }
      Xapian::Document record;
      record.add_boolean_term(T(kRecord, ""));
      record.add_boolean_term(T(kId, info.id));
      record.add_boolean_term(T(kCollection, info.collection));
      record.add_boolean_term(hash_term);
      record.set_data(ToRecord(info).dump());
      db.replace_document(T(kId, info.id), record);
      db.commit_transaction();
    } catch (...) {
      db.cancel_transaction();
      throw;
    }
    progress(1.0, "indexed");
    return AddResult{info, false};
  });
}

Result<std::vector<DocumentInfo>> KnowledgeService::List(std::string_view collection) {
  std::lock_guard lock(impl_->mutex);
  auto& db = *SAGAZ_TRY(impl_->Db());
  return Xap("cannot list documents", [&]() -> Result<std::vector<DocumentInfo>> {
    std::vector<DocumentInfo> out;
    const std::string term = T(kRecord, "");
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      auto d = FromRecord(db.get_document(*it).get_data());
      if (collection.empty() || d.collection == collection) out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const DocumentInfo& a, const DocumentInfo& b) {
      return a.added_at != b.added_at ? a.added_at > b.added_at : a.name < b.name;
    });
    return out;
  });
}

Result<DocumentInfo> KnowledgeService::Get(std::string_view id) {
  std::lock_guard lock(impl_->mutex);
  auto& db = *SAGAZ_TRY(impl_->Db());
  return Xap("cannot read the document", [&]() -> Result<DocumentInfo> {
    const std::string term = T(kId, id);
    auto it = db.postlist_begin(term);
    if (id.empty() || it == db.postlist_end(term))
      return Fail(ErrorCode::kNotFound, "document '" + SanitizeUtf8(id) + "' does not exist");
    return FromRecord(db.get_document(*it).get_data());
  });
}

Status KnowledgeService::Delete(std::string_view id) {
  std::lock_guard lock(impl_->mutex);
  auto& db = *SAGAZ_TRY(impl_->Db());
  return Xap("cannot delete the document", [&]() -> Status {
    const std::string term = T(kId, id);
    if (id.empty() || !db.term_exists(term))
      return Fail(ErrorCode::kNotFound, "document '" + SanitizeUtf8(id) + "' does not exist");
    db.begin_transaction();
    try {
      db.delete_document(T(kOfDoc, id));
      db.delete_document(term);
      db.commit_transaction();
    } catch (...) {
      db.cancel_transaction();
      throw;
    }
    return Ok();
  });
}

Status KnowledgeService::Validate(const QueryRequest& request) const {
  const std::string_view question = Trim(request.question);
  if (question.empty()) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "the question is empty").With("field", "question"));
  }
  if (question.size() > 4000) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the question is longer than 4000 bytes")
                    .With("field", "question"));
  }
  if (!request.collection.empty()) SAGAZ_TRY(ValidateCollection(request.collection));
  const auto& f = request.filters;
  for (const auto& format : f.formats) SAGAZ_TRY(ParseFormat(format));
  SAGAZ_TRY(NormalizeTags(f.tags));
  for (const auto& [date, field] :
       {std::pair{f.added_from, "added_from"}, {f.added_to, "added_to"}}) {
    if (!date.empty() && !IsDate(date)) {
      return Fail(
          Error(ErrorCode::kInvalidArgument, std::string(field) + " must be a date like 2026-01-31")
              .With("field", field));
    }
  }
  if (request.engine == Engine::kLlm && !llm::IsConfigured(impl_->config.llm)) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "no language model is configured: set llm.base_url and llm.model "
                      "(SAGAZ_LLM_BASE_URL, SAGAZ_LLM_MODEL), or llm.provider = \"local\" and "
                      "llm.model, or use engine builtin")
                    .With("config", "llm.base_url"));
  }
  return Ok();
}

Result<Answer> KnowledgeService::Query(const QueryRequest& request, const QueryEvents& events) {
  const Stopwatch total;
  SAGAZ_TRY(Validate(request));
  const std::string question(Trim(request.question));
  QueryRequest filtered = request;
  filtered.filters.tags = SAGAZ_TRY(NormalizeTags(request.filters.tags));
  const int top_k = std::clamp(
      request.top_k > 0 ? request.top_k : static_cast<int>(impl_->config.knowledge.top_k), 1, 50);
  const bool have_model = llm::IsConfigured(impl_->config.llm);
  Answer out;
  out.question = SanitizeUtf8(question);
  out.language = std::string(internal::DetectLanguage(out.question));
  out.engine = "builtin";

  std::vector<internal::TermGroup> groups;
  {
    std::lock_guard lock(impl_->mutex);
    auto& db = *SAGAZ_TRY(impl_->Db());
    SAGAZ_TRY(Xap("cannot search the knowledge index", [&]() -> Status {
      auto& terms = impl_->terms;
      const double n_docs = std::max<double>(1, db.get_doccount());
      std::set<std::string> seen;
      std::vector<Xapian::Query> parts;
      for (const auto& w : internal::Words(out.question)) {
        auto own = terms.Of(w.text);
        if (own.empty() || !seen.insert(w.text).second) continue;
        std::set<std::string> variants(own.begin(), own.end());
        for (const auto& translation : terms.Translations(w.text)) {
          for (const auto& tw : internal::Words(translation)) {
            const auto more = terms.Of(tw.text);
            if (!more.empty() && variants.insert(more[0]).second) out.expansions.push_back(tw.text);
            variants.insert(more.begin(), more.end());
          }
        }
        internal::TermGroup group;
        Xapian::doccount df = 0;
        for (const auto& v : variants) df = std::max(df, db.get_termfreq(v));
        group.terms.assign(variants.begin(), variants.end());
        group.idf = std::log(1 + n_docs / (1.0 + df));
        parts.emplace_back(Xapian::Query::OP_SYNONYM, group.terms.begin(), group.terms.end());
        groups.push_back(std::move(group));
      }
      if (parts.empty()) return Ok();
      Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, FilterQuery(filtered));
      Xapian::Enquire enquire(db);
      enquire.set_query(query);
      enquire.set_weighting_scheme(Xapian::BM25Weight());
      const auto matches = enquire.get_mset(0, static_cast<Xapian::doccount>(top_k));
      int n = 0;
      for (auto it = matches.begin(); it != matches.end(); ++it) {
        const json j = json::parse(it.get_document().get_data(), nullptr, false);
        if (!j.is_object()) continue;
        Citation c;
        c.n = ++n;
        c.document_id = j.value("d", "");
        c.document = j.value("n", "");
        c.collection = j.value("c", "");
        c.page = j.value("p", 0);
        c.heading = j.value("h", "");
        c.start = j.value("s", int64_t{0});
        c.end = j.value("e", int64_t{0});
        c.text = j.value("t", "");
        c.score = it.get_weight();
        c.highlights = internal::Highlights(c.text, groups, terms);
        out.citations.push_back(std::move(c));
      }
      return Ok();
    }));
    out.timings.retrieve_ms = total.ElapsedMs();
  }
  if (events.on_passages) events.on_passages(out);
  {
    std::lock_guard lock(impl_->mutex);
    if (out.citations.empty()) {
      out.answer = internal::NoAnswer(out.language);
    } else if (request.engine == Engine::kBuiltin || !have_model) {
      internal::ExtractiveAnswer(out, groups, impl_->terms);
    }
  }
  if (!out.citations.empty() && request.engine != Engine::kBuiltin && have_model) {
    const Stopwatch answer;
    auto status = internal::LlmAnswer(out, impl_->config.llm, events.on_delta);
    if (!status) {
      if (request.engine == Engine::kLlm) return Fail(std::move(status).error());
      // auto: the model failed; the extractive answer still stands, and says why.
      out.warnings.push_back("the model did not answer (" + status.error().message +
                             "); this is the extractive answer");
      std::lock_guard lock(impl_->mutex);
      internal::ExtractiveAnswer(out, groups, impl_->terms);
    }
    out.timings.answer_ms = answer.ElapsedMs();
  } else {
    out.timings.answer_ms = total.ElapsedMs() - out.timings.retrieve_ms;
  }
  // The extractive answer (or the fallback after a failed model) comes whole.
  if (events.on_delta &&
      (request.engine == Engine::kBuiltin || !have_model || out.engine == "builtin"))
    events.on_delta(out.answer);
  out.timings.total_ms = total.ElapsedMs();
  return out;
}

Result<EvalReport> Evaluate(KnowledgeService& service, const std::vector<EvalCase>& cases,
                            int top_k) {
  EvalReport report;
  report.top_k = top_k;
  double rr = 0;
  int hit1 = 0, hit3 = 0;
  for (const auto& item : cases) {
    auto answer = SAGAZ_TRY(service.Query({.question = item.question,
                                           .collection = item.collection,
                                           .top_k = top_k,
                                           .engine = Engine::kBuiltin}));
    const std::string phrase = ToLower(FoldAccents(item.phrase));
    EvalResult r{item, 0};
    for (const auto& c : answer.citations) {
      if (c.document != item.document) continue;
      if (!phrase.empty() && ToLower(FoldAccents(c.text)).find(phrase) == std::string::npos)
        continue;
      r.rank = c.n;
      break;
    }
    if (r.rank == 1) ++hit1;
    if (r.rank >= 1 && r.rank <= 3) ++hit3;
    if (r.rank > 0) rr += 1.0 / r.rank;
    report.results.push_back(std::move(r));
  }
  report.cases = static_cast<int>(cases.size());
  if (report.cases > 0) {
    report.hit_at_1 = static_cast<double>(hit1) / report.cases;
    report.hit_at_3 = static_cast<double>(hit3) / report.cases;
    report.mrr = rr / report.cases;
  }
  return report;
}

}  // namespace sagaz::knowledge
