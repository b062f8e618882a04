#include "dashboards/internal/store.hpp"

#include "core/ids.hpp"
#include "core/strings.hpp"

namespace sagaz::dashboards::internal {

namespace {

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.questions(id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, "
    "description VARCHAR NOT NULL, collection VARCHAR NOT NULL, kind VARCHAR NOT NULL, "
    "question VARCHAR NOT NULL, sql VARCHAR NOT NULL, stats VARCHAR NOT NULL, dataset VARCHAR, "
    "language VARCHAR NOT NULL, chart_type VARCHAR NOT NULL, chart_x VARCHAR NOT NULL, "
    "chart_y VARCHAR NOT NULL, chart_series VARCHAR NOT NULL, chart_sort VARCHAR NOT NULL, "
    "chart_descending BOOLEAN NOT NULL, chart_number_format VARCHAR NOT NULL, "
    "chart_date_format VARCHAR NOT NULL, ran_sql VARCHAR NOT NULL, tables VARCHAR NOT NULL, "
    "result_columns VARCHAR NOT NULL, owner VARCHAR NOT NULL, version BIGINT NOT NULL, "
    "created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL);"
    "CREATE TABLE _sagaz.dashboards(id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, "
    "description VARCHAR NOT NULL, collection VARCHAR NOT NULL, refresh_s INTEGER NOT NULL, "
    "owner VARCHAR NOT NULL, version BIGINT NOT NULL, created_ms BIGINT NOT NULL, "
    "updated_ms BIGINT NOT NULL);"
    "CREATE TABLE _sagaz.dashboard_cards(dashboard_id VARCHAR NOT NULL, idx INTEGER NOT NULL, "
    "kind VARCHAR NOT NULL, question_id VARCHAR NOT NULL, title VARCHAR NOT NULL, "
    "text VARCHAR NOT NULL, chart_type VARCHAR, x INTEGER NOT NULL, y INTEGER NOT NULL, "
    "w INTEGER NOT NULL, h INTEGER NOT NULL);"
    "CREATE TABLE _sagaz.dashboard_filters(dashboard_id VARCHAR NOT NULL, idx INTEGER NOT NULL, "
    "column_name VARCHAR NOT NULL, kind VARCHAR NOT NULL, label VARCHAR NOT NULL, "
    "default_value VARCHAR NOT NULL, default_from VARCHAR NOT NULL, default_to VARCHAR NOT NULL);"
    "CREATE TABLE _sagaz.public_links(token VARCHAR PRIMARY KEY, dashboard_id VARCHAR NOT NULL, "
    "created_by VARCHAR NOT NULL, created_ms BIGINT NOT NULL, revoked_ms BIGINT);"
    "CREATE TABLE _sagaz.collections(name VARCHAR PRIMARY KEY, view_role VARCHAR NOT NULL, "
    "edit_role VARCHAR NOT NULL);",
};

// Lists are kept as text: items separated by the ASCII unit separator, columns' name and type by
// the record separator (neither can be typed in a name).
constexpr char kItemSep = '\x1f';
constexpr char kPairSep = '\x1e';

std::string JoinItems(const std::vector<std::string>& items) {
  return Join(items, std::string_view(&kItemSep, 1));
}

std::vector<std::string> SplitItems(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (auto part : Split(text, kItemSep)) out.emplace_back(part);
  return out;
}

std::string JoinColumns(const std::vector<db::Column>& columns) {
  std::vector<std::string> items;
  for (const auto& c : columns) items.push_back(c.name + kPairSep + c.type.name);
  return JoinItems(items);
}

std::vector<db::Column> SplitColumns(const std::string& text) {
  std::vector<db::Column> out;
  for (const auto& item : SplitItems(text)) {
    db::Column c;
    const auto sep = item.find(kPairSep);
    c.name = item.substr(0, sep);
    if (sep != std::string::npos) c.type.name = item.substr(sep + 1);
    out.push_back(std::move(c));
  }
  return out;
}

db::Param OptionalText(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  return *v;
}

std::optional<std::string> OptionalOf(const db::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  return db::TextOf(v);
}

constexpr std::string_view kQuestionColumns =
    "SELECT id, name, description, collection, kind, question, sql, stats, dataset, language, "
    "chart_type, chart_x, chart_y, chart_series, chart_sort, chart_descending, "
    "chart_number_format, chart_date_format, ran_sql, tables, result_columns, owner, version, "
    "created_ms, updated_ms FROM _sagaz.questions";

Question QuestionFromRow(const std::vector<db::Value>& r) {
  Question q;
  q.id = db::TextOf(r[0]);
  q.name = db::TextOf(r[1]);
  q.description = db::TextOf(r[2]);
  q.collection = db::TextOf(r[3]);
  q.kind = ParseQuestionKind(db::TextOf(r[4])).value_or(QuestionKind::kSql);
  q.question = db::TextOf(r[5]);
  q.sql = db::TextOf(r[6]);
  q.stats = db::TextOf(r[7]);
  q.dataset = OptionalOf(r[8]);
  q.language = db::TextOf(r[9]);
  q.chart.type = ParseChartType(db::TextOf(r[10])).value_or(ChartType::kAuto);
  q.chart.x = db::TextOf(r[11]);
  q.chart.y = SplitItems(db::TextOf(r[12]));
  q.chart.series = db::TextOf(r[13]);
  q.chart.sort = db::TextOf(r[14]);
  q.chart.descending = std::holds_alternative<bool>(r[15]) && std::get<bool>(r[15]);
  q.chart.number_format = db::TextOf(r[16]);
  q.chart.date_format = db::TextOf(r[17]);
  q.ran_sql = db::TextOf(r[18]);
  q.tables = SplitItems(db::TextOf(r[19]));
  q.result_columns = SplitColumns(db::TextOf(r[20]));
  q.owner = db::TextOf(r[21]);
  q.version = db::IntOf(r[22], 1);
  q.created_at = Iso8601FromMs(db::IntOf(r[23]));
  q.updated_at = Iso8601FromMs(db::IntOf(r[24]));
  return q;
}

constexpr std::string_view kDashboardColumns =
    "SELECT id, name, description, collection, refresh_s, owner, version, created_ms, updated_ms, "
    "(SELECT token FROM _sagaz.public_links l WHERE l.dashboard_id = d.id AND l.revoked_ms IS "
    "NULL LIMIT 1) FROM _sagaz.dashboards d";

Dashboard DashboardFromRow(const std::vector<db::Value>& r) {
  Dashboard d;
  d.id = db::TextOf(r[0]);
  d.name = db::TextOf(r[1]);
  d.description = db::TextOf(r[2]);
  d.collection = db::TextOf(r[3]);
  d.refresh_s = static_cast<int>(db::IntOf(r[4]));
  d.owner = db::TextOf(r[5]);
  d.version = db::IntOf(r[6], 1);
  d.created_at = Iso8601FromMs(db::IntOf(r[7]));
  d.updated_at = Iso8601FromMs(db::IntOf(r[8]));
  d.public_token = OptionalOf(r[9]);
  return d;
}

Status LoadParts(db::Connection& conn, Dashboard& d) {
  const db::Param p[] = {d.id};
  auto cards = SAGAZ_TRY(conn.Query(
      "SELECT kind, question_id, title, text, chart_type, x, y, w, h FROM _sagaz.dashboard_cards "
      "WHERE dashboard_id = ? ORDER BY idx",
      p));
  for (const auto& r : SAGAZ_TRY(cards.FetchRows())) {
    Card c;
    c.kind = ParseCardKind(db::TextOf(r[0])).value_or(CardKind::kQuestion);
    c.question_id = db::TextOf(r[1]);
    c.title = db::TextOf(r[2]);
    c.text = db::TextOf(r[3]);
    if (auto type = OptionalOf(r[4])) {
      if (auto parsed = ParseChartType(*type)) c.chart = *parsed;
    }
    c.position = Position{static_cast<int>(db::IntOf(r[5])), static_cast<int>(db::IntOf(r[6])),
                          static_cast<int>(db::IntOf(r[7])), static_cast<int>(db::IntOf(r[8]))};
    d.cards.push_back(std::move(c));
  }
  auto filters = SAGAZ_TRY(
      conn.Query("SELECT column_name, kind, label, default_value, default_from, default_to FROM "
                 "_sagaz.dashboard_filters WHERE dashboard_id = ? ORDER BY idx",
                 p));
  for (const auto& r : SAGAZ_TRY(filters.FetchRows())) {
    Filter f;
    f.column = db::TextOf(r[0]);
    f.kind = ParseFilterKind(db::TextOf(r[1])).value_or(FilterKind::kValue);
    f.label = db::TextOf(r[2]);
    f.default_value = {db::TextOf(r[3]), db::TextOf(r[4]), db::TextOf(r[5])};
    d.filters.push_back(std::move(f));
  }
  return Ok();
}

}  // namespace

Status Migrate(db::Connection& conn) {
  return db::ApplyMigrations(conn, "dashboards", kMigrations);
}

Result<std::optional<Question>> LoadQuestion(db::Connection& conn, std::string_view id) {
  const db::Param p[] = {std::string(id)};
  auto r = SAGAZ_TRY(conn.Query(std::string(kQuestionColumns) + " WHERE id = ?", p));
  auto rows = SAGAZ_TRY(r.FetchRows(1));
  if (rows.empty()) return std::optional<Question>();
  return std::optional<Question>(QuestionFromRow(rows[0]));
}

Result<std::vector<Question>> LoadQuestions(db::Connection& conn) {
  auto r = SAGAZ_TRY(conn.Query(std::string(kQuestionColumns) + " ORDER BY collection, name, id"));
  std::vector<Question> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(QuestionFromRow(row));
  return out;
}

Result<std::vector<Question>> LoadQuestionsIn(db::Connection& conn,
                                              const std::vector<std::string>& ids) {
  std::vector<Question> out;
  if (ids.empty()) return out;
  std::vector<std::string> quoted;
  for (const auto& id : ids) quoted.push_back(QuoteLiteral(id));
  auto r = SAGAZ_TRY(
      conn.Query(std::string(kQuestionColumns) + " WHERE id IN (" + Join(quoted, ", ") + ")"));
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(QuestionFromRow(row));
  return out;
}

Status SaveQuestion(db::Connection& conn, const Question& q, int64_t created_ms,
                    int64_t updated_ms) {
  SAGAZ_TRY(DeleteQuestionRow(conn, q.id));
  const db::Param p[] = {q.id,
                         q.name,
                         q.description,
                         q.collection,
                         std::string(ToString(q.kind)),
                         q.question,
                         q.sql,
                         q.stats,
                         OptionalText(q.dataset),
                         q.language,
                         std::string(ToString(q.chart.type)),
                         q.chart.x,
                         JoinItems(q.chart.y),
                         q.chart.series,
                         q.chart.sort,
                         q.chart.descending,
                         q.chart.number_format,
                         q.chart.date_format,
                         q.ran_sql,
                         JoinItems(q.tables),
                         JoinColumns(q.result_columns),
                         q.owner,
                         q.version,
                         created_ms,
                         updated_ms};
  SAGAZ_TRY(conn.Query(
      "INSERT INTO _sagaz.questions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?)",
      p));
  return Ok();
}

Status DeleteQuestionRow(db::Connection& conn, std::string_view id) {
  const db::Param p[] = {std::string(id)};
  SAGAZ_TRY(conn.Query("DELETE FROM _sagaz.questions WHERE id = ?", p));
  return Ok();
}

Result<std::vector<std::string>> DashboardsUsing(db::Connection& conn,
                                                 std::string_view question_id) {
  const db::Param p[] = {std::string(question_id)};
  auto r = SAGAZ_TRY(
      conn.Query("SELECT DISTINCT d.name FROM _sagaz.dashboard_cards c JOIN _sagaz.dashboards d ON "
                 "d.id = c.dashboard_id WHERE c.question_id = ? ORDER BY 1",
                 p));
  std::vector<std::string> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(db::TextOf(row[0]));
  return out;
}

Result<std::optional<Dashboard>> LoadDashboard(db::Connection& conn, std::string_view id) {
  const db::Param p[] = {std::string(id)};
  auto r = SAGAZ_TRY(conn.Query(std::string(kDashboardColumns) + " WHERE id = ?", p));
  auto rows = SAGAZ_TRY(r.FetchRows(1));
  if (rows.empty()) return std::optional<Dashboard>();
  Dashboard d = DashboardFromRow(rows[0]);
  SAGAZ_TRY(LoadParts(conn, d));
  return std::optional<Dashboard>(std::move(d));
}

Result<std::vector<Dashboard>> LoadDashboards(db::Connection& conn) {
  auto r = SAGAZ_TRY(conn.Query(std::string(kDashboardColumns) + " ORDER BY collection, name, id"));
  std::vector<Dashboard> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    out.push_back(DashboardFromRow(row));
    SAGAZ_TRY(LoadParts(conn, out.back()));
  }
  return out;
}

Status SaveDashboard(db::Connection& conn, const Dashboard& d, int64_t created_ms,
                     int64_t updated_ms) {
  SAGAZ_TRY(DeleteDashboardRows(conn, d.id));
  const db::Param p[] = {d.id,    d.name,    d.description, d.collection, int64_t{d.refresh_s},
                         d.owner, d.version, created_ms,    updated_ms};
  SAGAZ_TRY(conn.Query("INSERT INTO _sagaz.dashboards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", p));
  int64_t idx = 0;
  for (const auto& c : d.cards) {
    const Position pos = c.position.value_or(Position{});
    const db::Param cp[] = {
        d.id,
        idx++,
        std::string(ToString(c.kind)),
        c.question_id,
        c.title,
        c.text,
        c.chart ? db::Param(std::string(ToString(*c.chart))) : db::Param(nullptr),
        int64_t{pos.x},
        int64_t{pos.y},
        int64_t{pos.w},
        int64_t{pos.h}};
    SAGAZ_TRY(conn.Query(
        "INSERT INTO _sagaz.dashboard_cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cp));
  }
  idx = 0;
  for (const auto& f : d.filters) {
    const db::Param fp[] = {d.id,
                            idx++,
                            f.column,
                            std::string(ToString(f.kind)),
                            f.label,
                            f.default_value.value,
                            f.default_value.from,
                            f.default_value.to};
    SAGAZ_TRY(
        conn.Query("INSERT INTO _sagaz.dashboard_filters VALUES (?, ?, ?, ?, ?, ?, ?, ?)", fp));
  }
  return Ok();
}

Status DeleteDashboardRows(db::Connection& conn, std::string_view id) {
  const db::Param p[] = {std::string(id)};
  SAGAZ_TRY(conn.Query("DELETE FROM _sagaz.dashboards WHERE id = ?", p));
  SAGAZ_TRY(conn.Query("DELETE FROM _sagaz.dashboard_cards WHERE dashboard_id = ?", p));
  SAGAZ_TRY(conn.Query("DELETE FROM _sagaz.dashboard_filters WHERE dashboard_id = ?", p));
  return Ok();
}

Result<std::optional<PublicLink>> ActiveLink(db::Connection& conn, std::string_view dashboard_id) {
  const db::Param p[] = {std::string(dashboard_id)};
  auto r = SAGAZ_TRY(
      conn.Query("SELECT token, created_ms FROM _sagaz.public_links WHERE dashboard_id = ? AND "
                 "revoked_ms IS NULL LIMIT 1",
                 p));
  auto rows = SAGAZ_TRY(r.FetchRows(1));
  if (rows.empty()) return std::optional<PublicLink>();
  return std::optional<PublicLink>(PublicLink{db::TextOf(rows[0][0]), std::string(dashboard_id),
                                              Iso8601FromMs(db::IntOf(rows[0][1]))});
}

Result<std::optional<std::string>> DashboardOfToken(db::Connection& conn, std::string_view token) {
  const db::Param p[] = {std::string(token)};
  auto r = SAGAZ_TRY(conn.Query(
      "SELECT dashboard_id FROM _sagaz.public_links WHERE token = ? AND revoked_ms IS NULL", p));
  auto rows = SAGAZ_TRY(r.FetchRows(1));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(db::TextOf(rows[0][0]));
}

Status InsertLink(db::Connection& conn, const PublicLink& link, std::string_view created_by) {
  const db::Param p[] = {link.token, link.dashboard_id, std::string(created_by), NowMs()};
  SAGAZ_TRY(conn.Query(
      "INSERT INTO _sagaz.public_links(token, dashboard_id, created_by, created_ms) VALUES "
      "(?, ?, ?, ?)",
      p));
  return Ok();
}

Status RevokeLinks(db::Connection& conn, std::string_view dashboard_id) {
  const db::Param p[] = {NowMs(), std::string(dashboard_id)};
  SAGAZ_TRY(conn.Query(
      "UPDATE _sagaz.public_links SET revoked_ms = ? WHERE dashboard_id = ? AND revoked_ms IS NULL",
      p));
  return Ok();
}

Result<std::vector<Collection>> LoadCollections(db::Connection& conn) {
  auto r = SAGAZ_TRY(
      conn.Query("SELECT name, view_role, edit_role FROM _sagaz.collections ORDER BY name"));
  std::vector<Collection> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    Collection c;
    c.name = db::TextOf(row[0]);
    c.view = auth::ParseRole(db::TextOf(row[1])).value_or(auth::Role::kViewer);
    c.edit = auth::ParseRole(db::TextOf(row[2])).value_or(auth::Role::kAnalyst);
    out.push_back(std::move(c));
  }
  return out;
}

Status SaveCollection(db::Connection& conn, const Collection& c) {
  const db::Param del[] = {c.name};
  SAGAZ_TRY(conn.Query("DELETE FROM _sagaz.collections WHERE name = ?", del));
  const db::Param p[] = {c.name, std::string(auth::ToString(c.view)),
                         std::string(auth::ToString(c.edit))};
  SAGAZ_TRY(conn.Query("INSERT INTO _sagaz.collections VALUES (?, ?, ?)", p));
  return Ok();
}

}  // namespace sagaz::dashboards::internal
