// The state DashboardService shares between its source files (dashboards.cpp: questions and
// dashboards; sharing.cpp: public links, collections, bundles), and the checks both use. Internal.
#pragma once

#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <mutex>

#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "dashboards/dashboards.hpp"
#include "dashboards/internal/runner.hpp"
#include "dashboards/internal/store.hpp"

namespace sagaz::dashboards {

inline constexpr size_t kMaxName = 200;
inline constexpr size_t kMaxText = 20000;
inline constexpr size_t kMaxCards = 60;
inline constexpr size_t kMaxFilters = 10;
inline constexpr int kGridColumns = 12;
inline constexpr size_t kParallelCards = 4;  // cards computed at once when a dashboard opens

inline Error Invalid(std::string field, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).With("field", std::move(field));
}

inline Status CheckName(std::string_view name, std::string_view field) {
  if (Trim(name).empty()) return Fail(Invalid(std::string(field), "the name must not be empty"));
  if (name.size() > kMaxName) {
    return Fail(Invalid(std::string(field),
                        "the name is longer than " + std::to_string(kMaxName) + " characters"));
  }
  return Ok();
}

inline Status CheckCollection(std::string_view name) {
  if (name.empty() || name.size() > 64 || std::any_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == '/';
      })) {
    return Fail(Invalid("collection",
                        "a collection name has 1 to 64 characters, without '/' or control "
                        "characters"));
  }
  return Ok();
}

inline std::string CollectionName(const std::string& given) {
  return given.empty() ? std::string(kDefaultCollection) : given;
}

inline Error NotFound(std::string_view what, std::string_view id) {
  return Error(ErrorCode::kNotFound,
               std::string(what) + " '" + std::string(id) + "' does not exist")
      .With("id", std::string(id));
}

inline std::string CanonicalFilters(const FilterValues& filters) {
  std::string out;
  for (const auto& [column, v] : filters) {
    out += column + '\x1f' + v.value + '\x1f' + v.from + '\x1f' + v.to + '\x1e';
  }
  return out;
}

// The last value of the result's value column and the one before it (a KPI with its change).
inline void FillKpi(CardResult& card) {
  const RunResult& r = *card.result;
  if (r.value) {
    card.kpi_value = db::DoubleOf(*r.value);
    if (r.rows.size() <= 1) return;
  }
  std::optional<size_t> column;
  const auto& wanted = card.question->chart.y;
  for (size_t i = 0; i < r.columns.size(); ++i) {
    const bool named = !wanted.empty() && r.columns[i].name == wanted.front();
    if (named || (wanted.empty() && r.columns[i].type.IsNumeric())) {
      column = i;
      break;
    }
  }
  if (!column) {  // stored column types are names only: find the first numeric value
    for (size_t i = 0; i < r.columns.size() && !r.rows.empty(); ++i) {
      if (db::DoubleOf(r.rows.back()[i]) &&
          !std::holds_alternative<std::string>(r.rows.back()[i])) {
        column = i;
        break;
      }
    }
  }
  if (!column || r.rows.empty()) return;
  card.kpi_value = db::DoubleOf(r.rows.back()[*column]);
  if (r.rows.size() >= 2) card.kpi_previous = db::DoubleOf(r.rows[r.rows.size() - 2][*column]);
}

struct DashboardService::Impl {
  Impl(db::ConnectionPool& p, catalog::Catalog& c, sql::QueryService& q, ask::AskService& a,
       stats::StatsService& s, StatsParser parse, ServiceOptions o)
      : pool(p),
        catalog(c),
        query(q),
        ask(a),
        stats(s),
        parse_stats(std::move(parse)),
        options(o) {}

  db::ConnectionPool& pool;
  catalog::Catalog& catalog;
  sql::QueryService& query;
  ask::AskService& ask;
  stats::StatsService& stats;
  StatsParser parse_stats;
  ServiceOptions options;

  std::mutex write_mu;  // one writer of the tables at a time

  mutable std::mutex mu;
  std::map<std::string, Collection, std::less<>> collections;  // guarded by mu
  struct Entry {
    std::shared_ptr<const RunResult> result;
    uint64_t used = 0;
  };
  std::map<std::string, Entry, std::less<>> cache;  // guarded by mu
  uint64_t tick = 0;                                // guarded by mu

  internal::Engines Engines() {
    return internal::Engines{catalog, query, ask, stats, parse_stats, options.card_rows};
  }

  Collection CollectionFor(const std::string& name) const {
    std::lock_guard lock(mu);
    if (auto it = collections.find(name); it != collections.end()) return it->second;
    return Collection{name};
  }
  bool CanView(const Viewer& v, const std::string& collection) const {
    return v.role == auth::Role::kAdmin || v.role >= CollectionFor(collection).view;
  }
  bool CanEdit(const Viewer& v, const std::string& collection) const {
    return v.role == auth::Role::kAdmin || v.role >= CollectionFor(collection).edit;
  }
  Status NeedView(const Viewer& v, const std::string& collection) const {
    if (CanView(v, collection)) return Ok();
    return Fail(Error(ErrorCode::kPermissionDenied,
                      "collection '" + collection + "' is not visible to the " +
                          std::string(auth::ToString(v.role)) + " role")
                    .With("collection", collection));
  }
  Status NeedEdit(const Viewer& v, const std::string& collection) const {
    if (CanEdit(v, collection)) return Ok();
    return Fail(Error(ErrorCode::kPermissionDenied,
                      "collection '" + collection + "' can be changed by the " +
                          std::string(auth::ToString(CollectionFor(collection).edit)) +
                          " role and above, not by " + std::string(auth::ToString(v.role)))
                    .With("collection", collection));
  }

  Result<Question> Load(db::Connection& conn, std::string_view id) {
    auto q = SAGAZ_TRY(internal::LoadQuestion(conn, id));
    if (!q) return Fail(NotFound("question", id));
    return std::move(*q);
  }
  Result<Dashboard> LoadBoard(db::Connection& conn, std::string_view id) {
    auto d = SAGAZ_TRY(internal::LoadDashboard(conn, id));
    if (!d) return Fail(NotFound("dashboard", id));
    return std::move(*d);
  }

  // A dashboard the viewer may change.
  Result<Dashboard> LoadEditable(db::Connection& conn, const Viewer& viewer, std::string_view id) {
    auto d = SAGAZ_TRY(LoadBoard(conn, id));
    SAGAZ_TRY(NeedEdit(viewer, d.collection));
    return d;
  }

  // The cache key of a question's result: its version, the filter values and the data versions
  // of the datasets it depends on.
  Result<std::string> CacheKey(const Question& q, const FilterValues& filters) {
    std::string key =
        q.id + '#' + std::to_string(q.version) + '|' + CanonicalFilters(filters) + '|';
    const auto depends = internal::DependsOn(q);
    for (const auto& [name, version] : SAGAZ_TRY(catalog.Versions())) {
      if (depends.empty() || std::find(depends.begin(), depends.end(), name) != depends.end())
        key += name + '@' + std::to_string(version) + ',';
    }
    return key;
  }

  void Remember(const std::string& key, RunResult result) {
    std::lock_guard lock(mu);
    cache[key] = Entry{std::make_shared<const RunResult>(std::move(result)), ++tick};
    while (cache.size() > options.cache_entries) {
      auto oldest = std::min_element(cache.begin(), cache.end(), [](const auto& a, const auto& b) {
        return a.second.used < b.second.used;
      });
      cache.erase(oldest);
    }
  }

  Result<RunResult> Run(const Question& q, const FilterValues& filters) {
    const std::string key = SAGAZ_TRY(CacheKey(q, filters));
    {
      std::lock_guard lock(mu);
      if (auto it = cache.find(key); it != cache.end()) {
        it->second.used = ++tick;
        RunResult out = *it->second.result;
        out.cached = true;
        return out;
      }
    }
    auto result = SAGAZ_TRY(internal::Execute(Engines(), q, filters));
    Remember(key, result);
    return result;
  }

  // Builds a question from what its owner sent, runs it once and records what it ran.
  Result<Question> Prepare(const Viewer& viewer, const NewQuestion& in, Question q) {
    SAGAZ_TRY(CheckName(in.name, "name"));
    const std::string collection = CollectionName(in.collection);
    SAGAZ_TRY(CheckCollection(collection));
    SAGAZ_TRY(NeedEdit(viewer, collection));
    if (in.description.size() > kMaxText) {
      return Fail(Invalid("description", "the description is too long"));
    }
    switch (in.kind) {
      case QuestionKind::kAsk:
        if (Trim(in.question).empty())
          return Fail(Invalid("question", "an ask question needs 'question'"));
        break;
      case QuestionKind::kSql:
        if (Trim(in.sql).empty()) return Fail(Invalid("sql", "a sql question needs 'sql'"));
        break;
      case QuestionKind::kStats:
        if (Trim(in.stats).empty()) return Fail(Invalid("stats", "a stats question needs 'stats'"));
        break;
    }
    q.name = std::string(Trim(in.name));
    q.description = in.description;
    q.collection = collection;
    q.kind = in.kind;
    q.question = in.kind == QuestionKind::kAsk ? in.question : "";
    q.sql = in.kind == QuestionKind::kStats ? "" : in.sql;
    q.stats = in.kind == QuestionKind::kStats ? in.stats : "";
    q.dataset = in.kind == QuestionKind::kAsk ? in.dataset : std::nullopt;
    q.language = in.language;
    q.chart = in.chart;
    q.ran_sql.clear();
    q.tables.clear();
    q.result_columns.clear();
    auto run = SAGAZ_TRY(internal::Execute(Engines(), q, {}));
    if (q.kind != QuestionKind::kStats) {
      std::vector<std::string> used = q.chart.y;
      for (const auto* c : {&q.chart.x, &q.chart.series, &q.chart.sort}) {
        if (!c->empty()) used.push_back(*c);
      }
      for (const auto& name : used) {
        const bool found = std::any_of(run.columns.begin(), run.columns.end(),
                                       [&](const db::Column& c) { return c.name == name; });
        if (!found) {
          std::vector<std::string> names;
          for (const auto& c : run.columns) names.push_back(c.name);
          return Fail(Invalid("chart", "the chart names column '" + name +
                                           "', which the result does not have (its columns: " +
                                           Join(names, ", ") + ")"));
        }
      }
    }
    q.ran_sql = run.ran_sql;
    q.tables = run.tables;
    q.result_columns = run.columns;
    if (q.language.empty()) q.language = run.language;
    // The first run is the first cached result.
    if (auto key = CacheKey(q, {})) Remember(*key, std::move(run));
    return q;
  }

  Result<Dashboard> PrepareBoard(db::Connection& conn, const Viewer& viewer, const NewDashboard& in,
                                 Dashboard d) {
    SAGAZ_TRY(CheckName(in.name, "name"));
    const std::string collection = CollectionName(in.collection);
    SAGAZ_TRY(CheckCollection(collection));
    SAGAZ_TRY(NeedEdit(viewer, collection));
    if (in.cards.size() > kMaxCards)
      return Fail(
          Invalid("cards", "a dashboard has at most " + std::to_string(kMaxCards) + " cards"));
    if (in.filters.size() > kMaxFilters) {
      return Fail(Invalid("filters",
                          "a dashboard has at most " + std::to_string(kMaxFilters) + " filters"));
    }
    if (in.refresh_s < 0 || in.refresh_s > 86400)
      return Fail(Invalid("refresh_s", "refresh_s must be between 0 and 86400 seconds"));
    d.name = std::string(Trim(in.name));
    d.description = in.description;
    d.collection = collection;
    d.refresh_s = in.refresh_s;
    d.cards = in.cards;
    d.filters = in.filters;
    int bottom = 0;
    for (const auto& c : d.cards) {
      if (c.position) bottom = std::max(bottom, c.position->y + c.position->h);
    }
    int placed = 0;
    for (size_t i = 0; i < d.cards.size(); ++i) {
      Card& c = d.cards[i];
      const std::string field = "cards[" + std::to_string(i) + "]";
      if (c.kind == CardKind::kMarkdown) {
        if (c.text.size() > kMaxText) return Fail(Invalid(field, "the card's text is too long"));
        c.question_id.clear();
      } else {
        if (c.question_id.empty()) return Fail(Invalid(field, "the card needs 'question_id'"));
        auto q = SAGAZ_TRY(internal::LoadQuestion(conn, c.question_id));
        if (!q) return Fail(Invalid(field, "question '" + c.question_id + "' does not exist"));
        SAGAZ_TRY(NeedView(viewer, q->collection));
      }
      if (c.title.size() > kMaxName) return Fail(Invalid(field, "the card's title is too long"));
      if (c.position) {
        const Position& p = *c.position;
        if (p.x < 0 || p.w < 1 || p.x + p.w > kGridColumns || p.y < 0 || p.y > 10000 || p.h < 1 ||
            p.h > 100) {
          return Fail(Invalid(field,
                              "a position has 0 <= x, 1 <= w, x + w <= 12, 0 <= y <= "
                              "10000 and 1 <= h <= 100"));
        }
      } else {
        c.position = Position{(placed % 2) * 6, bottom + (placed / 2) * 4, 6, 4};
        ++placed;
      }
    }
    for (size_t i = 0; i < d.filters.size(); ++i) {
      Filter& f = d.filters[i];
      const std::string field = "filters[" + std::to_string(i) + "]";
      if (Trim(f.column).empty()) return Fail(Invalid(field, "the filter needs 'column'"));
      SAGAZ_TRY(internal::FilterCondition(QuoteIdent(f.column), f.default_value));
    }
    return d;
  }

  // Every card's result; a card that fails carries its error.
  Result<OpenedDashboard> Open(const Dashboard& d, const FilterValues& given) {
    Stopwatch watch;
    OpenedDashboard out;
    out.dashboard = d;
    for (const auto& f : d.filters) {
      auto it = given.find(f.column);
      const FilterValue v = it != given.end() ? it->second : f.default_value;
      SAGAZ_TRY(internal::FilterCondition(QuoteIdent(f.column), v));
      if (!v.value.empty() || !v.from.empty() || !v.to.empty()) out.filters[f.column] = v;
    }
    // The cards' questions in one read.
    std::map<std::string, Question, std::less<>> questions;
    {
      std::vector<std::string> ids;
      for (const auto& c : d.cards) {
        if (c.kind != CardKind::kMarkdown) ids.push_back(c.question_id);
      }
      auto conn = SAGAZ_TRY(pool.Acquire());
      for (auto& q : SAGAZ_TRY(internal::LoadQuestionsIn(*conn, ids))) {
        questions.emplace(q.id, std::move(q));
      }
    }
    out.cards.resize(d.cards.size());
    std::vector<size_t> to_run;
    for (size_t i = 0; i < d.cards.size(); ++i) {
      CardResult& card = out.cards[i];
      card.card = d.cards[i];
      if (card.card.kind == CardKind::kMarkdown) continue;
      auto q = questions.find(card.card.question_id);
      if (q == questions.end()) {
        card.error = NotFound("question", card.card.question_id);
        continue;
      }
      if (card.card.title.empty()) card.card.title = q->second.name;
      card.question = q->second;
      to_run.push_back(i);
    }
    auto run_card = [this, &out](size_t i) {
      CardResult& card = out.cards[i];
      auto r = CatchAll([&] { return Run(*card.question, out.filters); });
      if (!r) {
        card.error = std::move(r).error();
        return;
      }
      card.result = std::move(*r);
      if (card.card.kind == CardKind::kKpi) FillKpi(card);
    };
    for (size_t start = 0; start < to_run.size(); start += kParallelCards) {
      std::vector<std::future<void>> batch;
      const size_t end = std::min(to_run.size(), start + kParallelCards);
      for (size_t j = start + 1; j < end; ++j)
        batch.push_back(std::async(std::launch::async, run_card, to_run[j]));
      run_card(to_run[start]);
      for (auto& f : batch) f.get();
    }
    out.elapsed_ms = watch.ElapsedMs();
    return out;
  }
};

}  // namespace sagaz::dashboards
