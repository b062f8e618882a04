#include "catalog/catalog.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/ids.hpp"
#include "core/strings.hpp"

namespace sagaz::catalog {
namespace {

constexpr std::string_view kMigrations[] = {
    // 1: datasets and their columns' descriptions.
    "CREATE TABLE _sagaz.datasets(name VARCHAR NOT NULL, description VARCHAR NOT NULL DEFAULT '',"
    " source VARCHAR NOT NULL DEFAULT '', format VARCHAR NOT NULL DEFAULT '',"
    " created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, version BIGINT NOT NULL "
    "DEFAULT 1);"
    "CREATE TABLE _sagaz.dataset_columns(dataset VARCHAR NOT NULL, name VARCHAR NOT NULL,"
    " description VARCHAR NOT NULL DEFAULT '', original_name VARCHAR NOT NULL DEFAULT '');",
    // 2: descriptions change without the data: their own counter keeps cached listings honest.
    "ALTER TABLE _sagaz.datasets ADD COLUMN meta_version BIGINT DEFAULT 0;",
};

// DuckDB's reserved keywords (duckdb_keywords() WHERE keyword_category = 'reserved').
constexpr std::array<std::string_view, 76> kReserved = {
    "all",          "analyse",     "analyze", "and",       "any",        "array",      "as",
    "asc",          "asymmetric",  "both",    "case",      "cast",       "check",      "collate",
    "column",       "constraint",  "create",  "default",   "deferrable", "desc",       "describe",
    "distinct",     "do",          "else",    "end",       "except",     "false",      "fetch",
    "for",          "foreign",     "from",    "group",     "having",     "in",         "initially",
    "intersect",    "into",        "lambda",  "lateral",   "leading",    "limit",      "not",
    "null",         "offset",      "on",      "only",      "or",         "order",      "pivot",
    "pivot_longer", "pivot_wider", "placing", "primary",   "qualify",    "references", "returning",
    "select",       "show",        "some",    "summarize", "symmetric",  "table",      "then",
    "to",           "trailing",    "true",    "union",     "unique",     "unpivot",    "using",
    "variadic",     "when",        "where",   "window",    "with",       "grouping"};

std::optional<double> Dbl(const db::Value& v) {
  if (const auto* d = std::get_if<double>(&v)) {
    if (std::isfinite(*d)) return *d;
    return std::nullopt;
  }
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* u = std::get_if<uint64_t>(&v)) return static_cast<double>(*u);
  return std::nullopt;
}

Error NotFound(std::string_view name) {
  return Error(ErrorCode::kNotFound, "dataset '" + std::string(name) + "' does not exist")
      .With("dataset", std::string(name));
}

// Types whose values have a meaningful order (min/max).
bool Orderable(const db::LogicalType& t) {
  return t.IsNumeric() || t.IsTemporal() || t.IsText() || t.id == db::TypeId::kBoolean ||
         t.id == db::TypeId::kUuid || t.id == db::TypeId::kInterval;
}

db::TypeId TypeIdFromName(std::string_view type) {
  static const std::pair<std::string_view, db::TypeId> kPrefixes[] = {
      {"BOOLEAN", db::TypeId::kBoolean},
      {"TINYINT", db::TypeId::kTinyInt},
      {"SMALLINT", db::TypeId::kSmallInt},
      {"INTEGER", db::TypeId::kInteger},
      {"BIGINT", db::TypeId::kBigInt},
      {"HUGEINT", db::TypeId::kHugeInt},
      {"UTINYINT", db::TypeId::kUTinyInt},
      {"USMALLINT", db::TypeId::kUSmallInt},
      {"UINTEGER", db::TypeId::kUInteger},
      {"UBIGINT", db::TypeId::kUBigInt},
      {"UHUGEINT", db::TypeId::kUHugeInt},
      {"FLOAT", db::TypeId::kFloat},
      {"DOUBLE", db::TypeId::kDouble},
      {"DECIMAL", db::TypeId::kDecimal},
      {"TIMESTAMP WITH TIME ZONE", db::TypeId::kTimestampTz},
      {"TIMESTAMP_S", db::TypeId::kTimestampS},
      {"TIMESTAMP_MS", db::TypeId::kTimestampMs},
      {"TIMESTAMP_NS", db::TypeId::kTimestampNs},
      {"TIMESTAMP", db::TypeId::kTimestamp},
      {"DATE", db::TypeId::kDate},
      {"TIME WITH TIME ZONE", db::TypeId::kTimeTz},
      {"TIME", db::TypeId::kTime},
      {"INTERVAL", db::TypeId::kInterval},
      {"VARCHAR", db::TypeId::kVarchar},
      {"BLOB", db::TypeId::kBlob},
      {"UUID", db::TypeId::kUuid},
      {"ENUM", db::TypeId::kEnum},
      {"STRUCT", db::TypeId::kStruct},
      {"MAP", db::TypeId::kMap},
      {"UNION", db::TypeId::kUnion}};
  if (!type.empty() && type.back() == ']') {
    return type.find("[]") != std::string_view::npos && type.ends_with("[]") ? db::TypeId::kList
                                                                             : db::TypeId::kArray;
  }
  for (const auto& [prefix, id] : kPrefixes) {
    if (type.starts_with(prefix)) return id;
  }
  return db::TypeId::kOther;
}

}  // namespace

bool IsReservedWord(std::string_view word) {
  const std::string w = ToLower(word);
  return std::find(kReserved.begin(), kReserved.end(), w) != kReserved.end();
}

Status ValidateName(std::string_view name) {
  auto bad = [&](std::string why) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "'" + std::string(name) + "' is not a valid name: " + why)
                    .With("suggestion", SuggestName(name)));
  };
  if (name.empty()) return bad("it is empty");
  if (name.size() > 63) return bad("it is longer than 63 characters");
  if (!std::isalpha(static_cast<unsigned char>(name[0]))) return bad("it must start with a letter");
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return bad("use only letters, digits and underscores");
    }
  }
  if (IsReservedWord(name)) return bad("it is a reserved SQL word");
  return Ok();
}

std::string SuggestName(std::string_view text) {
  std::string folded = ToLower(FoldAccents(text));
  std::string out;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "dataset";
  if (!std::isalpha(static_cast<unsigned char>(out[0]))) out = "t_" + out;
  if (out.size() > 63) out.resize(63);
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (IsReservedWord(out)) out += "_";
  return out;
}

Result<std::unique_ptr<Catalog>> Catalog::Open(db::ConnectionPool& pool) {
  auto conn = SAGAZ_TRY(pool.Acquire());
  SAGAZ_TRY(db::ApplyMigrations(*conn, "catalog", kMigrations));
  return std::unique_ptr<Catalog>(new Catalog(pool));
}

Result<DatasetInfo> Catalog::Load(db::Connection& conn, std::string_view name) {
  const std::string lname = ToLower(name);
  const db::Param key[] = {lname};
  auto meta = SAGAZ_TRY(
      // Times as ISO-8601 UTC with milliseconds, like every other time the API returns.
      conn.Query("SELECT name, description, source, format, "
                 "strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ'), "
                 "strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%gZ'), version "
                 "FROM _sagaz.datasets WHERE name = ?",
                 key));
  auto rows = SAGAZ_TRY(meta.FetchRows());
  if (rows.empty()) return Fail(NotFound(name));
  DatasetInfo info;
  info.name = db::TextOf(rows[0][0]);
  info.description = db::TextOf(rows[0][1]);
  info.source = db::TextOf(rows[0][2]);
  info.format = db::TextOf(rows[0][3]);
  info.created_at = db::TextOf(rows[0][4]);
  info.updated_at = db::TextOf(rows[0][5]);
  info.version = db::IntOf(rows[0][6]);

  auto cols = SAGAZ_TRY(conn.Query(
      "SELECT c.column_name, c.data_type, coalesce(d.description, ''), coalesce(d.original_name, "
      "'') "
      "FROM duckdb_columns() c LEFT JOIN _sagaz.dataset_columns d "
      "  ON d.dataset = c.table_name AND d.name = c.column_name "
      "WHERE c.database_name = current_database() AND c.schema_name = 'main' AND c.table_name = ? "
      "ORDER BY c.column_index",
      key));
  for (auto& row : SAGAZ_TRY(cols.FetchRows())) {
    ColumnInfo c;
    c.name = db::TextOf(row[0]);
    c.type = db::TextOf(row[1]);
    c.type_id = TypeIdFromName(c.type);
    c.description = db::TextOf(row[2]);
    c.original_name = db::TextOf(row[3]);
    info.columns.push_back(std::move(c));
  }
  if (info.columns.empty()) {
    return Fail(ErrorCode::kInternal, "dataset '" + info.name + "' is registered but has no table");
  }
  auto count = SAGAZ_TRY(conn.Query("SELECT count(*) FROM " + QuoteIdent(info.name)));
  info.rows = db::IntOf(SAGAZ_TRY(count.FetchScalar()));
  return info;
}

// Loading a dataset's details takes three queries (one over duckdb_columns()); they are cached and
// checked against one cheap query of the data and description versions. A change not yet
// committed keeps the old versions, so a listing read during it is replaced once it commits.
Result<DatasetInfo> Catalog::Cached(db::Connection& conn, const std::string& name,
                                    const std::string& fingerprint) {
  {
    std::lock_guard lock(cache_mu_);
    if (auto it = info_cache_.find(name);
        it != info_cache_.end() && it->second.first == fingerprint) {
      return it->second.second;
    }
  }
  auto info = SAGAZ_TRY(Load(conn, name));
  std::lock_guard lock(cache_mu_);
  info_cache_[name] = {fingerprint, info};
  return info;
}

namespace {
// When the dataset was made (a dropped and re-created one differs), its data version and its
// description version.
constexpr const char* kFingerprint =
    "concat_ws(':', epoch_us(created_at), version, coalesce(meta_version, 0))";
}  // namespace

Result<std::vector<DatasetInfo>> Catalog::List() {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto names = SAGAZ_TRY(conn->Query(std::string("SELECT name, ") + kFingerprint +
                                     " FROM _sagaz.datasets ORDER BY name"));
  std::vector<DatasetInfo> out;
  for (auto& row : SAGAZ_TRY(names.FetchRows())) {
    auto info = Cached(*conn, db::TextOf(row[0]), db::TextOf(row[1]));
    // A dataset dropped between the two queries is simply not listed.
    if (!info && info.error().code == ErrorCode::kNotFound) continue;
    out.push_back(SAGAZ_TRY(std::move(info)));
  }
  return out;
}

Result<DatasetInfo> Catalog::Get(std::string_view name) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param key[] = {ToLower(name)};
  auto r = SAGAZ_TRY(conn->Query(
      std::string("SELECT name, ") + kFingerprint + " FROM _sagaz.datasets WHERE name = ?", key));
  auto rows = SAGAZ_TRY(r.FetchRows());
  if (rows.empty()) return Fail(NotFound(name));
  return Cached(*conn, db::TextOf(rows[0][0]), db::TextOf(rows[0][1]));
}

Result<bool> Catalog::Exists(std::string_view name) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param key[] = {ToLower(name)};
  auto r = SAGAZ_TRY(conn->Query("SELECT count(*) FROM _sagaz.datasets WHERE name = ?", key));
  return db::IntOf(SAGAZ_TRY(r.FetchScalar())) > 0;
}

Result<std::vector<std::string>> Catalog::TableNames() {
  std::vector<std::string> out;
  for (auto& [name, _] : SAGAZ_TRY(Versions())) out.push_back(std::move(name));
  return out;
}

// Read once per generation: a query read before a change commits is stored under the generation
// before it, which the change then leaves behind.
Result<std::vector<std::pair<std::string, int64_t>>> Catalog::Versions() {
  const uint64_t at = generation();
  {
    std::lock_guard lock(cache_mu_);
    if (versions_ && versions_->first == at) return versions_->second;
  }
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto r = SAGAZ_TRY(conn->Query("SELECT name, version FROM _sagaz.datasets ORDER BY name"));
  std::vector<std::pair<std::string, int64_t>> out;
  for (auto& row : SAGAZ_TRY(r.FetchRows()))
    out.emplace_back(db::TextOf(row[0]), db::IntOf(row[1]));
  std::lock_guard lock(cache_mu_);
  versions_.emplace(at, out);
  return out;
}

Result<Profile> Catalog::ProfileDataset(std::string_view name, size_t top_k, size_t bins) {
  Stopwatch watch;
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto info = SAGAZ_TRY(Load(*conn, name));
  const std::string cache_key = info.name + "@" + std::to_string(info.version) + "/" +
                                std::to_string(top_k) + "/" + std::to_string(bins);
  {
    std::lock_guard lock(cache_mu_);
    if (auto it = profile_cache_.find(cache_key); it != profile_cache_.end()) {
      Profile p = it->second;
      p.cached = true;
      p.elapsed_ms = watch.ElapsedMs();
      return p;
    }
  }

  const std::string table = QuoteIdent(info.name);
  // Exact distinct counts up to this many rows; HyperLogLog beyond.
  constexpr int64_t kExactDistinctRows = 2'000'000;
  const bool exact = info.rows <= kExactDistinctRows;

  // Column types as DuckDB sees them (LogicalType from a zero-row query).
  auto probe = SAGAZ_TRY(conn->Query("SELECT * FROM " + table + " LIMIT 0"));
  const std::vector<db::Column> columns = probe.columns();

  // One pass for the per-column aggregates.
  std::string sql = "SELECT count(*)";
  for (const auto& col : columns) {
    const std::string c = QuoteIdent(col.name);
    sql += ", count(" + c + ")";
    sql += exact ? ", count(DISTINCT " + c + ")" : ", approx_count_distinct(" + c + ")";
    if (Orderable(col.type)) {
      sql += ", min(" + c + "), max(" + c + ")";
    } else {
      sql += ", NULL, NULL";
    }
    if (col.type.IsNumeric()) {
      sql += ", avg(" + c + "::DOUBLE), stddev_samp(" + c + "::DOUBLE)";
    } else {
      sql += ", NULL, NULL";
    }
    if (col.type.IsText()) {
      sql += ", avg(length(" + c + "::VARCHAR))";
    } else {
      sql += ", NULL";
    }
  }
  sql += " FROM " + table;
  auto agg = SAGAZ_TRY(conn->Query(sql));
  auto agg_rows = SAGAZ_TRY(agg.FetchRows(1));
  if (agg_rows.empty()) return Fail(ErrorCode::kInternal, "profile query returned no row");
  const auto& a = agg_rows[0];

  Profile profile;
  profile.dataset = info.name;
  profile.rows = db::IntOf(a[0]);
  constexpr size_t kPerColumn = 7;
  for (size_t i = 0; i < columns.size(); ++i) {
    const auto& col = columns[i];
    const size_t base = 1 + i * kPerColumn;
    ColumnProfile cp;
    cp.name = col.name;
    cp.type = col.type.name;
    cp.count = db::IntOf(a[base]);
    cp.nulls = profile.rows - cp.count;
    cp.distinct = db::IntOf(a[base + 1]);
    cp.distinct_exact = exact;
    cp.min = a[base + 2];
    cp.max = a[base + 3];
    cp.mean = Dbl(a[base + 4]);
    cp.std_dev = Dbl(a[base + 5]);
    cp.avg_length = Dbl(a[base + 6]);
    const std::string c = QuoteIdent(col.name);

    // Histogram of numeric columns over [min, max].
    auto lo = Dbl(cp.min), hi = Dbl(cp.max);
    if (col.type.IsNumeric() && lo && hi && cp.count > 0 && bins > 0) {
      const double width = (*hi - *lo) / static_cast<double>(bins);
      std::vector<Bin> hist(width > 0 ? bins : 1);
      for (size_t b = 0; b < hist.size(); ++b) {
        hist[b].lower = *lo + width * static_cast<double>(b);
        hist[b].upper = width > 0 ? *lo + width * static_cast<double>(b + 1) : *hi;
      }
      if (width > 0) {
        const db::Param p[] = {*lo, width, static_cast<int64_t>(bins - 1)};
        auto h = SAGAZ_TRY(conn->Query("SELECT least(floor((" + c +
                                           "::DOUBLE - ?) / ?)::BIGINT, ?) AS b,"
                                           " count(*) FROM " +
                                           table + " WHERE " + c + " IS NOT NULL AND isfinite(" +
                                           c + "::DOUBLE) GROUP BY b",
                                       p));
        for (auto& row : SAGAZ_TRY(h.FetchRows())) {
          const int64_t b = db::IntOf(row[0]);
          if (b >= 0 && static_cast<size_t>(b) < hist.size())
            hist[static_cast<size_t>(b)].count = db::IntOf(row[1]);
        }
      } else {
        hist[0].count = cp.count;
      }
      cp.histogram = std::move(hist);
    }

    // Most frequent values, when values repeat (an id column has none worth showing).
    const bool repeats =
        cp.count > 0 && static_cast<double>(cp.distinct) < 0.9 * static_cast<double>(cp.count);
    if (top_k > 0 && repeats && !col.type.IsNested()) {
      auto t = SAGAZ_TRY(conn->Query("SELECT " + c + ", count(*) AS n FROM " + table + " WHERE " +
                                     c + " IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT " +
                                     std::to_string(top_k)));
      for (auto& row : SAGAZ_TRY(t.FetchRows())) {
        cp.top_values.push_back(TopValue{row[0], db::IntOf(row[1])});
      }
    }
    profile.columns.push_back(std::move(cp));
  }
  profile.elapsed_ms = watch.ElapsedMs();
  {
    std::lock_guard lock(cache_mu_);
    // Drop stale entries of this dataset, then remember the new one.
    std::erase_if(profile_cache_,
                  [&](const auto& kv) { return kv.first.starts_with(info.name + "@"); });
    profile_cache_.emplace(cache_key, profile);
  }
  return profile;
}

Result<Sample> Catalog::SampleRows(std::string_view name, int64_t limit, int64_t offset,
                                   bool random) {
  if (limit < 0 || offset < 0)
    return Fail(ErrorCode::kInvalidArgument, "limit and offset must be >= 0");
  limit = std::min<int64_t>(limit, 10'000);
  auto conn = SAGAZ_TRY(pool_.Acquire());
  // One snapshot: the rows and their count from the same version, even during a replace.
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  auto info = SAGAZ_TRY(Load(*conn, name));
  const std::string table = QuoteIdent(info.name);
  std::string sql = random ? "SELECT * FROM " + table + " USING SAMPLE reservoir(" +
                                 std::to_string(limit) + " ROWS) REPEATABLE (42)"
                           : "SELECT * FROM " + table + " LIMIT " + std::to_string(limit) +
                                 " OFFSET " + std::to_string(offset);
  auto r = SAGAZ_TRY(conn->Query(sql));
  Sample s;
  s.columns = r.columns();
  s.rows = SAGAZ_TRY(r.FetchRows());
  s.total_rows = info.rows;
  SAGAZ_TRY(tx.Commit());
  return s;
}

Status Catalog::Update(std::string_view name, const DescriptionUpdate& update) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto info = SAGAZ_TRY(Load(*conn, name));
  for (const auto& [column, _] : update.columns) {
    bool found = std::any_of(info.columns.begin(), info.columns.end(),
                             [&](const ColumnInfo& c) { return IEquals(c.name, column); });
    if (!found) {
      return Fail(
          Error(ErrorCode::kNotFound, "dataset '" + info.name + "' has no column '" + column + "'")
              .With("column", column));
    }
  }
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  {
    const db::Param p[] = {info.name};
    SAGAZ_TRY(conn->Query(
        "UPDATE _sagaz.datasets SET meta_version = coalesce(meta_version, 0) + 1 WHERE name = ?",
        p));
  }
  if (update.description) {
    const db::Param p[] = {*update.description, info.name};
    SAGAZ_TRY(conn->Query("UPDATE _sagaz.datasets SET description = ? WHERE name = ?", p));
  }
  for (const auto& [column, description] : update.columns) {
    std::string col_name = column;
    for (const auto& c : info.columns) {
      if (IEquals(c.name, column)) col_name = c.name;
    }
    const db::Param key[] = {info.name, col_name};
    auto n = SAGAZ_TRY(conn->Query(
        "SELECT count(*) FROM _sagaz.dataset_columns WHERE dataset = ? AND name = ?", key));
    if (db::IntOf(SAGAZ_TRY(n.FetchScalar())) == 0) {
      const db::Param p[] = {info.name, col_name, description};
      SAGAZ_TRY(conn->Query(
          "INSERT INTO _sagaz.dataset_columns(dataset, name, description) VALUES (?, ?, ?)", p));
    } else {
      const db::Param p[] = {description, info.name, col_name};
      SAGAZ_TRY(conn->Query(
          "UPDATE _sagaz.dataset_columns SET description = ? WHERE dataset = ? AND name = ?", p));
    }
  }
  conn->AfterCommit([this] { Changed(); });
  return tx.Commit();
}

Status Catalog::Drop(std::string_view name) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const std::string lname = ToLower(name);
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  const db::Param key[] = {lname};
  auto del = SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.datasets WHERE name = ?", key));
  if (del.rows_changed() == 0) return Fail(NotFound(name));
  SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.dataset_columns WHERE dataset = ?", key));
  SAGAZ_TRY(conn->Execute("DROP TABLE IF EXISTS " + QuoteIdent(lname)));
  conn->AfterCommit([this] { Changed(); });
  SAGAZ_TRY(tx.Commit());
  std::lock_guard lock(cache_mu_);
  std::erase_if(profile_cache_, [&](const auto& kv) { return kv.first.starts_with(lname + "@"); });
  return Ok();
}

Status Catalog::Register(db::Connection& conn, const Registration& reg) {
  Status written = WriteRegistration(conn, reg);
  // After a failure too: outside a transaction, the statements before it have committed.
  conn.AfterCommit([this] { Changed(); });
  return written;
}

Status Catalog::WriteRegistration(db::Connection& conn, const Registration& reg) {
  const db::Param key[] = {reg.name};
  auto existing = SAGAZ_TRY(conn.Query("SELECT version FROM _sagaz.datasets WHERE name = ?", key));
  auto rows = SAGAZ_TRY(existing.FetchRows());
  if (!rows.empty() && !reg.replace) {
    return Fail(Error(ErrorCode::kAlreadyExists, "dataset '" + reg.name + "' already exists")
                    .With("dataset", reg.name));
  }
  if (rows.empty()) {
    const db::Param p[] = {reg.name, reg.source, reg.format};
    SAGAZ_TRY(
        conn.Query("INSERT INTO _sagaz.datasets(name, source, format, created_at, updated_at) "
                   "VALUES (?, ?, ?, current_timestamp::TIMESTAMP, current_timestamp::TIMESTAMP)",
                   p));
  } else {
    const db::Param p[] = {reg.source, reg.format, reg.name};
    SAGAZ_TRY(
        conn.Query("UPDATE _sagaz.datasets SET source = ?, format = ?, updated_at = "
                   "current_timestamp::TIMESTAMP,"
                   " version = version + 1 WHERE name = ?",
                   p));
    // Descriptions of columns that no longer exist go; the others stay.
    SAGAZ_TRY(conn.Query(
        "DELETE FROM _sagaz.dataset_columns WHERE dataset = ? AND name NOT IN ("
        " SELECT column_name FROM duckdb_columns() WHERE database_name = current_database()"
        " AND schema_name = 'main' AND table_name = dataset)",
        key));
  }
  for (const auto& [column, original] : reg.original_names) {
    const db::Param k2[] = {reg.name, column};
    auto n = SAGAZ_TRY(conn.Query(
        "SELECT count(*) FROM _sagaz.dataset_columns WHERE dataset = ? AND name = ?", k2));
    if (db::IntOf(SAGAZ_TRY(n.FetchScalar())) == 0) {
      const db::Param p[] = {reg.name, column, original};
      SAGAZ_TRY(conn.Query(
          "INSERT INTO _sagaz.dataset_columns(dataset, name, original_name) VALUES (?, ?, ?)", p));
    } else {
      const db::Param p[] = {original, reg.name, column};
      SAGAZ_TRY(conn.Query(
          "UPDATE _sagaz.dataset_columns SET original_name = ? WHERE dataset = ? AND name = ?", p));
    }
  }
  return Ok();
}

Status Catalog::Touch(db::Connection& conn, std::string_view name) {
  const db::Param key[] = {ToLower(name)};
  auto r = SAGAZ_TRY(conn.Query(
      "UPDATE _sagaz.datasets SET updated_at = current_timestamp::TIMESTAMP, version = version + 1 "
      "WHERE name = ?",
      key));
  conn.AfterCommit([this] { Changed(); });
  if (r.rows_changed() == 0) return Fail(NotFound(name));
  return Ok();
}

size_t Catalog::ClearCaches() {
  std::lock_guard lock(cache_mu_);
  const size_t n = profile_cache_.size() + info_cache_.size();
  profile_cache_.clear();
  info_cache_.clear();
  versions_.reset();
  Changed();
  return n;
}

}  // namespace sagaz::catalog
