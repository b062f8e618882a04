#include "ask/schema_source.hpp"

#include "catalog/catalog.hpp"
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
  // One pass for distinct counts (text) and ranges (time).
  std::string sql = "SELECT 1";
  for (const auto& c : info.columns) {
    const auto kind = KindOf(c.type_id);
    const std::string col = QuoteIdent(c.name);
    if (kind == nlq::ColumnKind::kText)
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
  for (const auto& [name, version] : versions) {
    auto table = Describe(name);
    if (!table) {
      if (table.error().code == ErrorCode::kNotFound) continue;  // dropped meanwhile
      return Fail(std::move(table).error());
    }
    schema->tables.push_back(std::move(*table));
  }
  schema->relations = nlq::InferRelations(schema->tables);
  schema_ = std::move(schema);
  generation_ = generation;
  return schema_;
}

}  // namespace sagaz::ask
