#include "ask/schema_source.hpp"

#include <algorithm>

#include "catalog/catalog.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"

namespace sagaz::ask {
namespace {

nlq::ColumnKind KindOf(db::TypeId id) {
  switch (id) {
    case db::TypeId::kTinyInt:
    case db::TypeId::kSmallInt:
    case db::TypeId::kInteger:
    case db::TypeId::kBigInt:
    case db::TypeId::kUTinyInt:
    case db::TypeId::kUSmallInt:
    case db::TypeId::kUInteger:
    case db::TypeId::kUBigInt:
    case db::TypeId::kHugeInt:
    case db::TypeId::kUHugeInt:
      return nlq::ColumnKind::kInteger;
    case db::TypeId::kFloat:
    case db::TypeId::kDouble:
    case db::TypeId::kDecimal:
      return nlq::ColumnKind::kNumber;
    case db::TypeId::kVarchar:
    case db::TypeId::kEnum:
      return nlq::ColumnKind::kText;
    case db::TypeId::kDate:
    case db::TypeId::kTimestamp:
    case db::TypeId::kTimestampS:
    case db::TypeId::kTimestampMs:
    case db::TypeId::kTimestampNs:
    case db::TypeId::kTimestampTz:
      return nlq::ColumnKind::kTime;
    case db::TypeId::kBoolean:
      return nlq::ColumnKind::kBoolean;
    default:
      return nlq::ColumnKind::kOther;
  }
}

bool IsIdentifierName(const std::string& name) {
  const std::string n = ToLower(name);
  return n == "id" || n.ends_with("_id") || n.starts_with("id_") || n == "uuid" ||
         n.ends_with("_uuid");
}

std::string Text(const db::Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

}  // namespace

Result<nlq::SchemaTable> SchemaSource::Describe(const std::string& dataset) {
  auto info = SAGAZ_TRY(catalog_.Get(dataset));
  nlq::SchemaTable table;
  table.name = info.name;
  table.description = info.description;
  table.rows = info.rows;
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const std::string t = QuoteIdent(info.name);
  // One pass for distinct counts (text, and integers: a table number or a term groups rows) and
  // ranges (time).
  std::string sql = "SELECT 1";
  for (const auto& c : info.columns) {
    const auto kind = KindOf(c.type_id);
    const std::string col = QuoteIdent(c.name);
    if (kind == nlq::ColumnKind::kText || kind == nlq::ColumnKind::kInteger)
      sql += ", approx_count_distinct(" + col + ")";
    else if (kind == nlq::ColumnKind::kTime)
      sql += ", min(" + col + "), max(" + col + ")";
  }
  auto agg = SAGAZ_TRY(conn->Query(sql + " FROM " + t));
  auto row = SAGAZ_TRY(agg.FetchRows(1));
  size_t pos = 1;
  for (const auto& c : info.columns) {
    nlq::SchemaColumn col;
    col.name = c.name;
    col.type = c.type;
    col.kind = KindOf(c.type_id);
    col.description = c.description;
    col.original_name = c.original_name;
    col.is_identifier = IsIdentifierName(c.name);
    if (col.kind == nlq::ColumnKind::kText && !row.empty()) {
      const auto& d = row[0][pos++];
      col.distinct = std::holds_alternative<int64_t>(d) ? std::get<int64_t>(d) : 0;
      if (col.distinct <= kMaxIndexedValues * 2) {
        auto values = SAGAZ_TRY(conn->Query("SELECT DISTINCT " + QuoteIdent(c.name) + " FROM " + t +
                                            " WHERE " + QuoteIdent(c.name) +
                                            " IS NOT NULL ORDER BY 1 LIMIT " +
                                            std::to_string(kMaxIndexedValues + 1)));
        auto rows = SAGAZ_TRY(values.FetchRows());
        if (static_cast<int64_t>(rows.size()) <= kMaxIndexedValues) {
          for (const auto& r : rows) {
            std::string v = Text(r[0]);
            if (!v.empty() && v.size() <= 80) col.values.push_back(std::move(v));
          }
        }
      }
    } else if (col.kind == nlq::ColumnKind::kInteger && !row.empty()) {
      const auto& d = row[0][pos++];
      col.distinct = std::holds_alternative<int64_t>(d) ? std::get<int64_t>(d) : 0;
    } else if (col.kind == nlq::ColumnKind::kTime && !row.empty()) {
      const auto lo = Text(row[0][pos++]);
      const auto hi = Text(row[0][pos++]);
      if (!lo.empty()) col.min_time = lo;
      if (!hi.empty()) col.max_time = hi;
    }
    table.columns.push_back(std::move(col));
  }
  return table;
}

Result<std::shared_ptr<const nlq::Schema>> SchemaSource::Get() {
  const uint64_t generation = catalog_.generation();
  std::lock_guard lock(mu_);
  if (schema_ && generation == generation_) return schema_;
  auto versions = SAGAZ_TRY(catalog_.Versions());
  auto schema = std::make_shared<nlq::Schema>();
  std::map<std::string, int64_t> version_of;
  for (const auto& [name, version] : versions) {
    auto table = Describe(name);
    if (!table) {
      if (table.error().code == ErrorCode::kNotFound) continue;  // dropped meanwhile
      return Fail(std::move(table).error());
    }
    schema->tables.push_back(std::move(*table));
    version_of[name] = version;
  }
  std::vector<Relationship> considered;
  schema->relations = SAGAZ_TRY(Links(schema->tables, version_of, considered));
  schema_ = std::move(schema);
  considered_ = std::move(considered);
  generation_ = generation;
  return schema_;
}

Result<std::vector<Relationship>> SchemaSource::Relationships() {
  SAGAZ_TRY(Get());
  std::lock_guard lock(mu_);
  return considered_;
}

namespace {

const nlq::SchemaColumn* FindColumn(const std::vector<nlq::SchemaTable>& tables,
                                    const std::string& table, const std::string& column) {
  for (const auto& t : tables) {
    if (t.name != table) continue;
    for (const auto& c : t.columns) {
      if (c.name == column) return &c;
    }
  }
  return nullptr;
}

bool Numeric(nlq::ColumnKind k) {
  return k == nlq::ColumnKind::kInteger || k == nlq::ColumnKind::kNumber;
}

int64_t Int(const db::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* u = std::get_if<uint64_t>(&v)) return static_cast<int64_t>(*u);
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  return 0;
}

}  // namespace

Result<std::vector<nlq::Relation>> SchemaSource::Links(
    const std::vector<nlq::SchemaTable>& tables, const std::map<std::string, int64_t>& versions,
    std::vector<Relationship>& considered) {
  std::vector<nlq::Relation> out;
  for (const auto& d : declared_) {
    Relationship r{.relation = d, .origin = Relationship::Origin::kDeclared};
    if (!FindColumn(tables, d.from_table, d.from_column) ||
        !FindColumn(tables, d.to_table, d.to_column)) {
      r.origin = Relationship::Origin::kRejected;
      r.reason = "declared, but a table or column of it does not exist";
    } else {
      out.push_back(d);
    }
    considered.push_back(std::move(r));
  }
  std::optional<db::ConnectionPool::Lease> conn;
  for (const auto& c : nlq::InferRelations(tables)) {
    // A declared link of the same column wins over what its name suggests.
    const bool declared = std::any_of(declared_.begin(), declared_.end(), [&](const auto& d) {
      return d.from_table == c.from_table && d.from_column == c.from_column;
    });
    if (declared) continue;
    const std::string key = ToString(c);
    const auto from_version = versions.count(c.from_table) ? versions.at(c.from_table) : -1;
    const auto to_version = versions.count(c.to_table) ? versions.at(c.to_table) : -1;
    auto it = checks_.find(key);
    if (it == checks_.end() || it->second.from_version != from_version ||
        it->second.to_version != to_version) {
      if (!conn) conn = SAGAZ_TRY(pool_.Acquire());
      auto checked = SAGAZ_TRY(Verify(**conn, c, tables));
      log::Debug("relationship checked", {{"relationship", key},
                                          {"origin", std::string(ToString(checked.origin))},
                                          {"coverage", std::to_string(checked.coverage)},
                                          {"sampled", std::to_string(checked.sampled)}});
      it = checks_.insert_or_assign(key, Check{from_version, to_version, std::move(checked)}).first;
    }
    if (it->second.result.origin == Relationship::Origin::kVerified) out.push_back(c);
    considered.push_back(it->second.result);
  }
  return out;
}

Result<Relationship> SchemaSource::Verify(db::Connection& conn, const nlq::Relation& c,
                                          const std::vector<nlq::SchemaTable>& tables) {
  Relationship r{.relation = c, .origin = Relationship::Origin::kRejected};
  const auto* from = FindColumn(tables, c.from_table, c.from_column);
  const auto* to = FindColumn(tables, c.to_table, c.to_column);
  if (!from || !to) {
    r.reason = "a table or column of it does not exist";
    return r;
  }
  // Values compare as they are when both sides are numbers or both text; as text otherwise
  // (an integer code against a text key).
  const bool same = (Numeric(from->kind) && Numeric(to->kind)) || from->kind == to->kind;
  auto value = [&](const std::string& column) {
    return same ? QuoteIdent(column) : "CAST(" + QuoteIdent(column) + " AS VARCHAR)";
  };
  const std::string f = value(c.from_column), t = value(c.to_column);
  const std::string sql =
      "WITH s AS (SELECT DISTINCT " + f + " AS v FROM " + QuoteIdent(c.from_table) + " WHERE " +
      QuoteIdent(c.from_column) + " IS NOT NULL LIMIT " + std::to_string(kSampledValues) +
      "), k AS (SELECT " + t + " AS v FROM " + QuoteIdent(c.to_table) + " WHERE " +
      QuoteIdent(c.to_column) +
      " IS NOT NULL) SELECT (SELECT count(*) FROM s), (SELECT count(*) "
      "FROM s WHERE v IN (SELECT v FROM k)), (SELECT count(*) - count(DISTINCT v) FROM k)";
  auto result = conn.Query(sql);
  if (!result) {
    // Values that do not compare (types DuckDB cannot unify) refute the link.
    r.reason = "its values do not compare: " + result.error().message;
    return r;
  }
  auto rows = SAGAZ_TRY(result->FetchRows(1));
  if (rows.empty() || rows[0].size() < 3) {
    r.reason = "no result";
    return r;
  }
  r.sampled = Int(rows[0][0]);
  const int64_t found = Int(rows[0][1]);
  const int64_t repeated = Int(rows[0][2]);
  r.coverage = r.sampled ? static_cast<double>(found) / static_cast<double>(r.sampled) : 0;
  if (r.sampled == 0) {
    r.reason = c.from_table + "." + c.from_column + " has no values to check";
  } else if (r.coverage < kMinCoverage) {
    r.reason = std::to_string(found) + " of " + std::to_string(r.sampled) + " values of " +
               c.from_table + "." + c.from_column + " occur in " + c.to_table + "." + c.to_column;
  } else if (repeated > 0) {
    r.reason = c.to_table + "." + c.to_column + " repeats values (" + std::to_string(repeated) +
               "): a join along it would count rows twice";
  } else {
    r.origin = Relationship::Origin::kVerified;
  }
  return r;
}

}  // namespace sagaz::ask
