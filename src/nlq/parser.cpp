// The builtin semantic parser, in stages that hand each other explicit records:
//
//   1. question   (internal/question.hpp)  tokens, folded words, stems, synonyms, cue phrases;
//   2. mentions   (internal/mentions.hpp)  the tables, columns and values the words name, with
//                                          their positions in the question;
//   3. plan       (internal/assembler.hpp) for each candidate main table, a typed plan (measure,
//                                          aggregate, filters, grouping, ordering, period) and the
//                                          words it explains; the best-scoring plan wins;
//   4. coverage   (internal/coverage.hpp)  every content word used or reported; unused words that
//                                          look like values, columns or conditions lower the
//                                          confidence, and below kUnsureBelow the answer is
//                                          "unclear" with the candidate readings;
//   5. SQL        (sql.cpp)                RenderSql.
//
// SAGAZ_NLQ_DEBUG=1 prints what each stage produced to stderr.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "core/strings.hpp"
#include "nlq/internal/assembler.hpp"
#include "nlq/internal/coverage.hpp"
#include "nlq/internal/mentions.hpp"
#include "nlq/internal/question.hpp"
#include "nlq/internal/types.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::nlq {
namespace {

using internal::Candidate;

Error NoMatch(Language language) {
  return Error(ErrorCode::kInvalidArgument,
               language == Language::kPortuguese
                   ? "não entendi a pergunta: não encontrei colunas ou tabelas que ela mencione"
                   : "I could not understand the question: it names no column or table I know")
      .With("reason", "no_match");
}

void DumpStages(std::string_view question, const internal::Question& q,
                const internal::SchemaIndex& idx, const internal::Mentions& mentions) {
  std::fprintf(stderr, "-- %s\n", std::string(question).c_str());
  for (const auto& w : q.words) {
    std::fprintf(stderr, "  [%zu] %s (%s)%s%s\n", w.token.index, w.token.norm.c_str(),
                 w.token.stem.c_str(), w.stop ? " stop" : "",
                 w.cue && w.cue_owner == w.token.index ? " cue" : "");
  }
  for (const auto& m : mentions.columns) {
    std::string pos;
    for (size_t p : m.words) pos += std::to_string(p) + " ";
    std::fprintf(stderr, "  col %s.%s %.2f hits=%zu/%zu distinct=%lld @%s\n",
                 idx.columns[m.column].table->name.c_str(),
                 idx.columns[m.column].column->name.c_str(), m.score, m.name_hits, m.name_size,
                 static_cast<long long>(idx.columns[m.column].column->distinct), pos.c_str());
  }
  for (const auto& v : mentions.values) {
    std::fprintf(stderr, "  val %s.%s='%s' %.2f\n", idx.columns[v.column].table->name.c_str(),
                 idx.columns[v.column].column->name.c_str(), v.value.c_str(), v.score);
  }
  for (const auto& t : mentions.tables) {
    std::string pos;
    for (size_t p : t.words) pos += std::to_string(p) + " ";
    std::fprintf(stderr, "  tab %s %.2f%s @%s\n", idx.tables[t.table].table->name.c_str(), t.score,
                 t.entity ? " entity" : "", pos.c_str());
  }
}

}  // namespace

Result<Reading> ReadQuestion(std::string_view question, const Schema& schema,
                             const ParseOptions& options) {
  if (Trim(question).empty()) return Fail(ErrorCode::kInvalidArgument, "the question is empty");
  if (question.size() > 2000)
    return Fail(ErrorCode::kInvalidArgument, "the question is longer than 2000 characters");
  if (schema.tables.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "there are no datasets yet: load one first");
  }
  const Language language = options.language.value_or(DetectLanguage(question));
  const auto index = schema.Index();
  const internal::SchemaIndex& idx = *index;
  // 1. and 2.
  const internal::Question q = internal::Analyze(question, language, idx);
  const internal::Mentions mentions = internal::FindMentions(q, idx);
  const bool debug = std::getenv("SAGAZ_NLQ_DEBUG") != nullptr;
  if (debug) DumpStages(question, q, idx, mentions);

  // 3. A plan per candidate main table, best first.
  std::vector<Candidate> candidates;
  for (size_t ti = 0; ti < idx.tables.size(); ++ti) {
    if (options.dataset && idx.tables[ti].table->name != *options.dataset) continue;
    internal::Assembler a(q, schema, idx, mentions);
    if (auto c = a.Build(ti)) candidates.push_back(std::move(*c));
  }
  if (options.dataset && candidates.empty() && !schema.Find(*options.dataset)) {
    return Fail(Error(ErrorCode::kNotFound, "dataset '" + *options.dataset + "' does not exist")
                    .With("dataset", *options.dataset));
  }
  // 2b. A comparison whose operand does not fit its column has no answer to give with
  // confidence, whatever reading compares something else.
  if (const auto mismatch = internal::FindTypeMismatch(q, idx, mentions))
    return Fail(internal::TypeMismatchError(*mismatch, language));
  if (candidates.empty()) return Fail(NoMatch(language));
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  if (debug) {
    for (auto& c : candidates) {
      Plan p = c.plan;
      (void)RenderSql(schema, p);
      std::fprintf(stderr, "  plan %s %.2f %s | %s\n", c.plan.table.c_str(), c.score,
                   std::string(ToString(c.plan.shape)).c_str(), p.answer_sql.c_str());
    }
  }

  // 4. What the best plan leaves of the question.
  Candidate& best = candidates.front();
  auto rival_close = [&](const Candidate& c) {
    return c.score >= best.score - 0.25 && c.plan.table != best.plan.table;
  };
  const bool rival = candidates.size() > 1 && rival_close(candidates[1]);
  const internal::Coverage coverage =
      internal::Account(q, idx, mentions, best.plan, best.explained, rival);
  if (debug) {
    std::fprintf(stderr, "  coverage %zu/%zu confidence %.2f\n", coverage.used, coverage.content,
                 coverage.confidence);
    for (const auto& u : coverage.unused) {
      std::fprintf(stderr, "  unused %s (%s)\n", u.text.c_str(),
                   std::string(internal::ToString(u.kind)).c_str());
    }
  }
  best.plan.confidence = coverage.confidence;
  // Nothing the question says was understood: listing tables as "readings" would be a guess.
  if (best.plan.confidence < 0.05) return Fail(NoMatch(language));
  Reading reading;
  reading.unsure = best.plan.confidence < internal::kUnsureBelow;
  for (const auto& u : coverage.unused) {
    if (u.kind != internal::Unused::kPlain) reading.unexplained.push_back(u.text);
  }
  for (size_t i = 1; i < candidates.size() && reading.alternatives.size() < 3; ++i) {
    if ((rival_close(candidates[i]) || reading.unsure) &&
        candidates[i].plan.table != best.plan.table) {
      const internal::Coverage alt_coverage =
          internal::Account(q, idx, mentions, candidates[i].plan, candidates[i].explained, true);
      Plan alt = std::move(candidates[i].plan);
      alt.confidence = std::min(alt_coverage.confidence, best.plan.confidence);
      if (RenderSql(schema, alt).has_value()) reading.alternatives.push_back(std::move(alt));
    }
  }
  if (!reading.unexplained.empty()) {
    std::string words;
    for (const auto& w : reading.unexplained) words += (words.empty() ? "" : ", ") + w;
    best.plan.notes.push_back(language == Language::kPortuguese
                                  ? "palavras que a resposta não usa: " + words
                                  : "words the answer does not use: " + words);
  }
  if (!reading.unsure) {
    for (const auto& alt : reading.alternatives) {
      best.plan.notes.push_back(language == Language::kPortuguese
                                    ? "a pergunta também poderia ser sobre " + alt.table
                                    : "could also be about " + alt.table);
    }
  }
  reading.plan = std::move(best.plan);
  return reading;
}

Result<Plan> ParseQuestion(std::string_view question, const Schema& schema,
                           const ParseOptions& options) {
  Reading reading = SAGAZ_TRY(ReadQuestion(question, schema, options));
  if (!reading.unsure) return std::move(reading.plan);
  Error e(ErrorCode::kInvalidArgument, UnsureMessage(reading.plan.language));
  e.With("reason", "low_confidence");
  std::string list = reading.plan.table;
  for (const auto& alt : reading.alternatives) list += "; " + alt.table;
  e.With("candidates", list);
  return Fail(std::move(e));
}

std::string UnsureMessage(Language language) {
  return language == Language::kPortuguese
             ? "não tenho certeza do que a pergunta pede; veja as interpretações possíveis"
             : "I am not sure what the question asks; see the possible readings";
}

Relevance RankSchema(std::string_view question, const Schema& schema, Language language) {
  const auto index = schema.Index();
  const internal::SchemaIndex& idx = *index;
  const internal::Question q = internal::Analyze(question, language, idx);
  const internal::Mentions mentions = internal::FindMentions(q, idx, /*bind=*/false);
  const auto& columns = mentions.columns;
  const auto& values = mentions.values;
  const auto& tables = mentions.tables;
  Relevance out;
  std::map<const SchemaTable*, size_t> slot;
  for (const auto& t : idx.tables) {
    slot[t.table] = out.tables.size();
    out.tables.push_back({t.table->name, 0, {}});
  }
  for (const auto& m : tables) {
    auto& t = out.tables[slot[idx.tables[m.table].table]];
    t.score = std::max(t.score, m.score);
  }
  auto column_of = [&](size_t ci) -> Relevance::Column& {
    const auto& c = idx.columns[ci];
    auto& t = out.tables[slot[c.table]];
    for (auto& rc : t.columns) {
      if (rc.name == c.column->name) return rc;
    }
    t.columns.push_back({c.column->name, 0, {}});
    return t.columns.back();
  };
  for (const auto& m : columns) {
    auto& c = column_of(m.column);
    c.score = std::max(c.score, m.score);
  }
  for (const auto& v : values) {
    auto& c = column_of(v.column);
    c.score = std::max(c.score, v.score * 0.8);
    if (std::find(c.values.begin(), c.values.end(), v.value) == c.values.end())
      c.values.push_back(v.value);
  }
  // A table is as relevant as its name, or as the columns the question names in it.
  for (auto& t : out.tables) {
    std::sort(
        t.columns.begin(), t.columns.end(),
        [](const Relevance::Column& a, const Relevance::Column& b) { return a.score > b.score; });
    double columns_score = 0;
    for (size_t i = 0; i < t.columns.size() && i < 3; ++i) columns_score += t.columns[i].score;
    t.score = std::max(t.score, std::min(1.0, 0.5 * columns_score));
  }
  std::stable_sort(
      out.tables.begin(), out.tables.end(),
      [](const Relevance::Table& a, const Relevance::Table& b) { return a.score > b.score; });
  return out;
}

}  // namespace sagaz::nlq
