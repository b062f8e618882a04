#include "dashboards/dashboards.hpp"

#include "dashboards/internal/drill.hpp"
#include "dashboards/internal/impl.hpp"

namespace sagaz::dashboards {

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

Result<RunResult> DashboardService::Drill(const Viewer& viewer, std::string_view id,
                                          const DrillRequest& request) {
  const Question q = SAGAZ_TRY(GetQuestion(viewer, id));
  if (request.filters.size() > kMaxFilters) {
    return Fail(
        Invalid("filters", "a drill has at most " + std::to_string(kMaxFilters) + " filters"));
  }
  std::string base;
  if (q.kind == QuestionKind::kStats) {
    const auto stats = SAGAZ_TRY(impl_->parse_stats(q.stats));
    base = "SELECT * FROM " + QuoteIdent(stats.dataset);
    if (stats.filter && !Trim(*stats.filter).empty()) base += " WHERE " + *stats.filter;
  } else {
    base = SAGAZ_TRY(RowsSql(q));
  }
  std::string sql;
  {
    auto conn = SAGAZ_TRY(impl_->pool.Acquire());
    sql = SAGAZ_TRY(internal::DrillSql(*conn, base, request.filters));
  }
  Question rows = q;
  rows.kind = QuestionKind::kSql;
  rows.sql = std::move(sql);
  rows.tables.clear();
  rows.result_columns.clear();  // the rows' columns are not the answer's
  rows.ran_sql.clear();
  rows.chart = {};
  auto out = internal::Execute(impl_->Engines(), rows, request.dashboard_filters);
  if (!out && out.error().message.find("GROUP BY") != std::string::npos) {
    // A clicked measure (count(*) AS n) cannot select rows: say so rather than DuckDB's words.
    std::vector<std::string> columns;
    for (const auto& f : request.filters) columns.push_back("'" + f.column + "'");
    return Fail(Error(ErrorCode::kUnsupported, "cannot drill by " + Join(columns, ", ") +
                                                   ": a measure (an aggregate) does not select "
                                                   "rows; drill by a category or a period")
                    .With("rule", "drill")
                    .With("cause", out.error().message));
  }
  return out;
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
  auto old = SAGAZ_TRY(impl_->LoadEditable(*conn, viewer, id));
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
  SAGAZ_TRY(impl_->LoadEditable(*conn, viewer, id));
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

size_t DashboardService::CachedResults() const {
  std::lock_guard lock(impl_->mu);
  return impl_->cache.size();
}

Result<std::string> RowsSql(const Question& q) {
  if (q.kind == QuestionKind::kStats) {
    return Fail(ErrorCode::kUnsupported,
                "a statistics question's result is its statistics: take them as JSON from POST "
                "/api/v1/questions/{id}/run");
  }
  return q.kind == QuestionKind::kSql ? q.sql : q.ran_sql;
}

}  // namespace sagaz::dashboards
