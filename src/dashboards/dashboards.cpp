#include "dashboards/dashboards.hpp"

#include <algorithm>
#include <future>
#include <mutex>

#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "dashboards/internal/runner.hpp"
#include "dashboards/internal/store.hpp"

namespace sagaz::dashboards {

namespace {

constexpr size_t kMaxName = 200;
constexpr size_t kMaxText = 20000;
constexpr size_t kMaxCards = 60;
constexpr size_t kMaxFilters = 10;
constexpr int kGridColumns = 12;
constexpr size_t kParallelCards = 4;  // cards computed at once when a dashboard opens

Error Invalid(std::string field, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).With("field", std::move(field));
}

Status CheckName(std::string_view name, std::string_view field) {
  if (Trim(name).empty()) return Fail(Invalid(std::string(field), "the name must not be empty"));
  if (name.size() > kMaxName) {
    return Fail(Invalid(std::string(field),
                        "the name is longer than " + std::to_string(kMaxName) + " characters"));
  }
  return Ok();
}

Status CheckCollection(std::string_view name) {
  if (name.empty() || name.size() > 64 || std::any_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == '/';
      })) {
    return Fail(Invalid("collection",
                        "a collection name has 1 to 64 characters, without '/' or control "
                        "characters"));
  }
  return Ok();
}

std::string CollectionName(const std::string& given) {
  return given.empty() ? std::string(kDefaultCollection) : given;
}

Error NotFound(std::string_view what, std::string_view id) {
  return Error(ErrorCode::kNotFound,
               std::string(what) + " '" + std::string(id) + "' does not exist")
      .With("id", std::string(id));
}

std::string CanonicalFilters(const FilterValues& filters) {
  std::string out;
  for (const auto& [column, v] : filters) {
    out += column + '\x1f' + v.value + '\x1f' + v.from + '\x1f' + v.to + '\x1e';
  }
  return out;
}

// The last value of the result's value column and the one before it (a KPI with its change).
void FillKpi(CardResult& card) {
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

}  // namespace

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
    auto conn = SAGAZ_TRY(pool.Acquire());
    out.cards.resize(d.cards.size());
    std::vector<size_t> to_run;
    for (size_t i = 0; i < d.cards.size(); ++i) {
      CardResult& card = out.cards[i];
      card.card = d.cards[i];
      if (card.card.kind == CardKind::kMarkdown) continue;
      auto q = Load(*conn, card.card.question_id);
      if (!q) {
        card.error = q.error();
        continue;
      }
      if (card.card.title.empty()) card.card.title = q->name;
      card.question = std::move(*q);
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

DashboardService::DashboardService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DashboardService::~DashboardService() = default;

Result<std::unique_ptr<DashboardService>> DashboardService::Open(
    db::ConnectionPool& pool, catalog::Catalog& catalog, sql::QueryService& query,
    ask::AskService& ask, stats::StatsService& stats, StatsParser parse_stats,
    ServiceOptions options) {
  auto impl =
      std::make_unique<Impl>(pool, catalog, query, ask, stats, std::move(parse_stats), options);
  auto conn = SAGAZ_TRY(pool.Acquire());
  SAGAZ_TRY(internal::Migrate(*conn));
  for (auto& c : SAGAZ_TRY(internal::LoadCollections(*conn))) {
    impl->collections[c.name] = c;
  }
  return std::unique_ptr<DashboardService>(new DashboardService(std::move(impl)));
}

Result<Question> DashboardService::CreateQuestion(const Viewer& viewer, const NewQuestion& in) {
  Question q;
  q.id = "q_" + RandomHex(8);
  q.owner = viewer.user;
  q = SAGAZ_TRY(impl_->Prepare(viewer, in, std::move(q)));
  const int64_t now = NowMs();
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(internal::SaveQuestion(*conn, q, now, now));
  log::Info("question saved", {{"id", q.id}, {"kind", std::string(ToString(q.kind))}});
  return impl_->Load(*conn, q.id);
}

Result<std::vector<Question>> DashboardService::ListQuestions(const Viewer& viewer) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  std::vector<Question> out;
  for (auto& q : SAGAZ_TRY(internal::LoadQuestions(*conn))) {
    if (impl_->CanView(viewer, q.collection)) out.push_back(std::move(q));
  }
  return out;
}

Result<Question> DashboardService::GetQuestion(const Viewer& viewer, std::string_view id) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto q = SAGAZ_TRY(impl_->Load(*conn, id));
  SAGAZ_TRY(impl_->NeedView(viewer, q.collection));
  return q;
}

Result<Question> DashboardService::UpdateQuestion(const Viewer& viewer, std::string_view id,
                                                  const NewQuestion& in) {
  Question old;
  int64_t created_ms = NowMs();
  {
    auto conn = SAGAZ_TRY(impl_->pool.Acquire());
    old = SAGAZ_TRY(impl_->Load(*conn, id));
    auto r = SAGAZ_TRY(conn->Query("SELECT created_ms FROM _sagaz.questions WHERE id = ?",
                                   std::vector<db::Param>{std::string(id)}));
    created_ms = db::IntOf(SAGAZ_TRY(r.FetchScalar()), created_ms);
  }
  SAGAZ_TRY(impl_->NeedEdit(viewer, old.collection));
  Question q = old;
  q.version = old.version + 1;
  q = SAGAZ_TRY(impl_->Prepare(viewer, in, std::move(q)));
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(internal::SaveQuestion(*conn, q, created_ms, NowMs()));
  return impl_->Load(*conn, q.id);
}

Status DashboardService::DeleteQuestion(const Viewer& viewer, std::string_view id) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto q = SAGAZ_TRY(impl_->Load(*conn, id));
  SAGAZ_TRY(impl_->NeedEdit(viewer, q.collection));
  auto boards = SAGAZ_TRY(internal::DashboardsUsing(*conn, id));
  if (!boards.empty()) {
    return Fail(
        Error(ErrorCode::kFailedPrecondition,
              "the question is on dashboard(s) " + Join(boards, ", ") + "; remove its cards first")
            .With("dashboards", Join(boards, ", ")));
  }
  return internal::DeleteQuestionRow(*conn, id);
}

Result<RunResult> DashboardService::RunQuestion(const Viewer& viewer, std::string_view id,
                                                const FilterValues& filters) {
  const Question q = SAGAZ_TRY(GetQuestion(viewer, id));
  for (const auto& [column, value] : filters)
    SAGAZ_TRY(internal::FilterCondition(QuoteIdent(column), value));
  return impl_->Run(q, filters);
}

Result<Dashboard> DashboardService::CreateDashboard(const Viewer& viewer, const NewDashboard& in) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  Dashboard d;
  d.id = "d_" + RandomHex(8);
  d.owner = viewer.user;
  d = SAGAZ_TRY(impl_->PrepareBoard(*conn, viewer, in, std::move(d)));
  const int64_t now = NowMs();
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  SAGAZ_TRY(internal::SaveDashboard(*conn, d, now, now));
  SAGAZ_TRY(tx.Commit());
  log::Info("dashboard saved", {{"id", d.id}, {"cards", std::to_string(d.cards.size())}});
  return impl_->LoadBoard(*conn, d.id);
}

Result<std::vector<Dashboard>> DashboardService::ListDashboards(const Viewer& viewer) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  std::vector<Dashboard> out;
  for (auto& d : SAGAZ_TRY(internal::LoadDashboards(*conn))) {
    if (!impl_->CanView(viewer, d.collection)) continue;
    if (!impl_->CanEdit(viewer, d.collection)) d.public_token.reset();
    out.push_back(std::move(d));
  }
  return out;
}

Result<Dashboard> DashboardService::GetDashboard(const Viewer& viewer, std::string_view id) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto d = SAGAZ_TRY(impl_->LoadBoard(*conn, id));
  SAGAZ_TRY(impl_->NeedView(viewer, d.collection));
  if (!impl_->CanEdit(viewer, d.collection)) d.public_token.reset();
  return d;
}

Result<Dashboard> DashboardService::UpdateDashboard(const Viewer& viewer, std::string_view id,
                                                    const NewDashboard& in) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto old = SAGAZ_TRY(impl_->LoadBoard(*conn, id));
  SAGAZ_TRY(impl_->NeedEdit(viewer, old.collection));
  auto r = SAGAZ_TRY(conn->Query("SELECT created_ms FROM _sagaz.dashboards WHERE id = ?",
                                 std::vector<db::Param>{std::string(id)}));
  const int64_t created_ms = db::IntOf(SAGAZ_TRY(r.FetchScalar()), NowMs());
  Dashboard d;
  d.id = old.id;
  d.owner = old.owner;
  d.version = old.version + 1;
  d = SAGAZ_TRY(impl_->PrepareBoard(*conn, viewer, in, std::move(d)));
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  SAGAZ_TRY(internal::SaveDashboard(*conn, d, created_ms, NowMs()));
  SAGAZ_TRY(tx.Commit());
  return impl_->LoadBoard(*conn, d.id);
}

Status DashboardService::DeleteDashboard(const Viewer& viewer, std::string_view id) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto d = SAGAZ_TRY(impl_->LoadBoard(*conn, id));
  SAGAZ_TRY(impl_->NeedEdit(viewer, d.collection));
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  SAGAZ_TRY(internal::RevokeLinks(*conn, id));
  SAGAZ_TRY(internal::DeleteDashboardRows(*conn, id));
  return tx.Commit();
}

Result<OpenedDashboard> DashboardService::OpenDashboard(const Viewer& viewer, std::string_view id,
                                                        const FilterValues& filters) {
  auto d = SAGAZ_TRY(GetDashboard(viewer, id));
  return impl_->Open(d, filters);
}

Result<PublicLink> DashboardService::CreatePublicLink(const Viewer& viewer,
                                                      std::string_view dashboard_id) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto d = SAGAZ_TRY(impl_->LoadBoard(*conn, dashboard_id));
  SAGAZ_TRY(impl_->NeedEdit(viewer, d.collection));
  if (auto active = SAGAZ_TRY(internal::ActiveLink(*conn, dashboard_id))) return *active;
  PublicLink link{RandomHex(24), std::string(dashboard_id), NowIso8601()};
  SAGAZ_TRY(internal::InsertLink(*conn, link, viewer.user));
  log::Info("public link created", {{"dashboard", link.dashboard_id}});
  return link;
}

Status DashboardService::RevokePublicLink(const Viewer& viewer, std::string_view dashboard_id) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto d = SAGAZ_TRY(impl_->LoadBoard(*conn, dashboard_id));
  SAGAZ_TRY(impl_->NeedEdit(viewer, d.collection));
  if (!SAGAZ_TRY(internal::ActiveLink(*conn, dashboard_id))) {
    return Fail(Error(ErrorCode::kNotFound, "the dashboard has no public link")
                    .With("id", std::string(dashboard_id)));
  }
  SAGAZ_TRY(internal::RevokeLinks(*conn, dashboard_id));
  log::Info("public link revoked", {{"dashboard", std::string(dashboard_id)}});
  return Ok();
}

Result<OpenedDashboard> DashboardService::OpenPublic(std::string_view token,
                                                     const FilterValues& filters) {
  std::optional<Dashboard> d;
  {
    auto conn = SAGAZ_TRY(impl_->pool.Acquire());
    auto id = SAGAZ_TRY(internal::DashboardOfToken(*conn, token));
    if (id) d = SAGAZ_TRY(internal::LoadDashboard(*conn, *id));
  }
  if (!d) {
    return Fail(ErrorCode::kNotFound, "this public link does not exist or was revoked");
  }
  auto out = SAGAZ_TRY(impl_->Open(*d, filters));
  // Only the cards' results leave: no SQL, no question text, no owner, no token.
  out.dashboard.owner.clear();
  out.dashboard.public_token.reset();
  for (auto& card : out.cards) {
    if (card.question) {
      Question& q = *card.question;
      q.question.clear();
      q.sql.clear();
      q.stats.clear();
      q.ran_sql.clear();
      q.tables.clear();
      q.dataset.reset();
      q.owner.clear();
    }
    if (card.result) {
      card.result->ran_sql.clear();
      card.result->tables.clear();
      if (card.result->statistics) card.result->statistics->sql.clear();
    }
    if (card.error) {
      // The reason stays with the owner; the public page says only that the card failed.
      card.error = Error(card.error->code, "this card could not be computed");
    }
  }
  return out;
}

Result<std::vector<Collection>> DashboardService::ListCollections(const Viewer& viewer) {
  (void)viewer;
  std::lock_guard lock(impl_->mu);
  std::vector<Collection> out;
  for (const auto& [name, c] : impl_->collections) out.push_back(c);
  return out;
}

Result<Collection> DashboardService::SetCollection(const Viewer& viewer, const Collection& c) {
  if (viewer.role != auth::Role::kAdmin) {
    return Fail(ErrorCode::kPermissionDenied, "only admins set a collection's roles");
  }
  SAGAZ_TRY(CheckCollection(c.name));
  if (c.edit < c.view) {
    return Fail(Invalid("edit", "the edit role must be at least the view role"));
  }
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(internal::SaveCollection(*conn, c));
  std::lock_guard lock(impl_->mu);
  impl_->collections[c.name] = c;
  return c;
}

Result<Bundle> DashboardService::ExportBundle(const Viewer& viewer, std::string_view dashboard_id) {
  Bundle out;
  out.dashboard = SAGAZ_TRY(GetDashboard(viewer, dashboard_id));
  out.dashboard.public_token.reset();
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  for (const auto& card : out.dashboard.cards) {
    if (card.question_id.empty()) continue;
    const bool seen = std::any_of(out.questions.begin(), out.questions.end(),
                                  [&](const Question& q) { return q.id == card.question_id; });
    if (!seen) out.questions.push_back(SAGAZ_TRY(impl_->Load(*conn, card.question_id)));
  }
  return out;
}

Result<Dashboard> DashboardService::ImportBundle(const Viewer& viewer, const Bundle& bundle,
                                                 std::optional<std::string> collection) {
  std::map<std::string, std::string> ids;  // bundle id -> new id
  for (const auto& q : bundle.questions) {
    NewQuestion nq{q.name,  q.description, collection.value_or(q.collection),
                   q.kind,  q.question,    q.sql,
                   q.stats, q.dataset,     q.language,
                   q.chart};
    auto saved = CreateQuestion(viewer, nq);
    if (!saved) {
      return Fail(std::move(saved).error().With("question", q.name));
    }
    ids[q.id] = saved->id;
  }
  NewDashboard nd{bundle.dashboard.name,
                  bundle.dashboard.description,
                  collection.value_or(bundle.dashboard.collection),
                  bundle.dashboard.cards,
                  bundle.dashboard.filters,
                  bundle.dashboard.refresh_s};
  for (auto& card : nd.cards) {
    if (card.question_id.empty()) continue;
    auto it = ids.find(card.question_id);
    if (it == ids.end()) {
      return Fail(Invalid("cards", "a card names question '" + card.question_id +
                                       "', which the file does not hold"));
    }
    card.question_id = it->second;
  }
  return CreateDashboard(viewer, nd);
}

size_t DashboardService::CachedResults() const {
  std::lock_guard lock(impl_->mu);
  return impl_->cache.size();
}

}  // namespace sagaz::dashboards
