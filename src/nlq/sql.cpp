// Plan -> SQL. Identifiers are always quoted; literals are quoted or formatted here, never taken
// from the question verbatim. Both statements still pass the SQL guard before they run.
#include <cmath>
#include <cstdio>
#include <map>

#include "core/strings.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::nlq {
namespace {

std::string Number(double v) {
  if (v == std::floor(v) && std::abs(v) < 9e15) return std::to_string(static_cast<int64_t>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string LiteralSql(const Literal& l) {
  if (const auto* i = std::get_if<int64_t>(&l)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&l)) return Number(*d);
  return QuoteLiteral(std::get<std::string>(l));
}

class Renderer {
 public:
  Renderer(const Schema& schema, const Plan& plan) : schema_(schema), plan_(plan) {
    aliases_[plan.table] = QuoteIdent(plan.table);
    for (const auto& j : plan.joins) aliases_[j.table] = QuoteIdent(j.table);
  }

  Result<std::string> Col(const ColumnRef& c) const {
    auto it = aliases_.find(c.table);
    if (it == aliases_.end() || !schema_.Find(c.table, c.column)) {
      return Fail(ErrorCode::kInternal,
                  "plan refers to " + c.table + "." + c.column + ", which is not in the query");
    }
    return it->second + "." + QuoteIdent(c.column);
  }

  Result<std::string> From() const {
    std::string out = QuoteIdent(plan_.table);
    for (const auto& j : plan_.joins) {
      out += " JOIN " + QuoteIdent(j.table) + " ON " + SAGAZ_TRY(Col(j.right)) + " = " +
             SAGAZ_TRY(Col(j.left));
    }
    return out;
  }

  Result<std::string> Where() const {
    std::vector<std::string> parts;
    for (const auto& f : plan_.filters) {
      const std::string c = SAGAZ_TRY(Col(f.column));
      auto v = [&](size_t i) {
        return i < f.values.size() ? LiteralSql(f.values[i]) : std::string("NULL");
      };
      switch (f.op) {
        case Filter::Op::kEq:
          parts.push_back(c + " = " + v(0));
          break;
        case Filter::Op::kIn:
        case Filter::Op::kNotIn: {
          std::string list;
          for (size_t i = 0; i < f.values.size(); ++i) list += (i ? ", " : "") + v(i);
          parts.push_back(c + (f.op == Filter::Op::kIn ? " IN (" : " NOT IN (") + list + ")");
          break;
        }
        case Filter::Op::kNe:
          parts.push_back(c + " <> " + v(0));
          break;
        case Filter::Op::kGt:
          parts.push_back(c + " > " + v(0));
          break;
        case Filter::Op::kGe:
          parts.push_back(c + " >= " + v(0));
          break;
        case Filter::Op::kLt:
          parts.push_back(c + " < " + v(0));
          break;
        case Filter::Op::kLe:
          parts.push_back(c + " <= " + v(0));
          break;
        case Filter::Op::kBetween:
          parts.push_back(c + " BETWEEN " + v(0) + " AND " + v(1));
          break;
        case Filter::Op::kIsNull:
          parts.push_back(c + " IS NULL");
          break;
        case Filter::Op::kIsNotNull:
          parts.push_back(c + " IS NOT NULL");
          break;
        case Filter::Op::kIsTrue:
          parts.push_back(c + " = true");
          break;
        case Filter::Op::kIsFalse:
          parts.push_back(c + " = false");
          break;
        case Filter::Op::kTimeFrom:
          parts.push_back(c + " >= TIMESTAMP " + v(0));
          break;
        case Filter::Op::kTimeBefore:
          parts.push_back(c + " < TIMESTAMP " + v(0));
          break;
      }
    }
    if (!Trim(plan_.where_sql).empty()) parts.push_back("(" + plan_.where_sql + ")");
    if (parts.empty()) return std::string();
    return " WHERE " + sagaz::Join(parts, " AND ");
  }

  Result<std::string> BucketExpr() const {
    const std::string c = SAGAZ_TRY(Col(*plan_.time));
    switch (plan_.bucket) {
      case Bucket::kHour:
        return "date_trunc('hour', " + c + ")";
      case Bucket::kDay:
        return "date_trunc('day', " + c + ")";
      case Bucket::kWeek:
        return "date_trunc('week', " + c + ")";
      case Bucket::kMonth:
        return "date_trunc('month', " + c + ")";
      case Bucket::kQuarter:
        return "date_trunc('quarter', " + c + ")";
      case Bucket::kYear:
        return "date_trunc('year', " + c + ")";
      case Bucket::kDayOfWeek:
        return "dayofweek(" + c + ")";
      case Bucket::kNone:
        return c;
    }
    return c;
  }

  Result<std::string> AggExpr() const {
    std::string m = plan_.measure ? SAGAZ_TRY(Col(*plan_.measure)) : std::string();
    return AggOf(plan_.aggregate, m);
  }

  static std::string AggOf(Aggregate aggregate, const std::string& m) {
    switch (aggregate) {
      case Aggregate::kCount:
        return std::string("count(*)");
      case Aggregate::kCountDistinct:
        return "count(DISTINCT " + m + ")";
      case Aggregate::kSum:
        return "sum(" + m + ")";
      case Aggregate::kMean:
        return "avg(" + m + ")";
      case Aggregate::kMedian:
        return "median(" + m + ")";
      case Aggregate::kMin:
        return "min(" + m + ")";
      case Aggregate::kMax:
        return "max(" + m + ")";
      case Aggregate::kStdDev:
        return "stddev_samp(" + m + ")";
      case Aggregate::kVariance:
        return "var_samp(" + m + ")";
      case Aggregate::kNone:
        return m;
    }
    return m;
  }

  // The rows of a measure per period, for the strict policy: the raw time where Sagaz's engine
  // cuts the periods itself (it cuts the few distinct instants; date_trunc on every row costs more
  // than the scan), the period's expression otherwise (days of the week; a time with a zone is
  // cut by DuckDB, in the session's zone).
  Result<std::string> PeriodProjection(const std::string& from, const std::string& where,
                                       const std::string& measure) const {
    const std::string t = SAGAZ_TRY(Col(*plan_.time));
    const std::string b = SAGAZ_TRY(BucketExpr());
    const std::string period = QuoteIdent(std::string(ToString(plan_.bucket)));
    const auto* tc = schema_.Find(plan_.time->table, plan_.time->column);
    const bool engine_cuts = plan_.bucket != Bucket::kDayOfWeek && tc &&
                             (tc->type == "DATE" || tc->type.starts_with("TIMESTAMP")) &&
                             tc->type.find("TIME ZONE") == std::string::npos;
    return "SELECT " +
           (engine_cuts ? t + " AS " + QuoteIdent(plan_.time->column) : b + " AS " + period) +
           (plan_.measure ? ", " + measure + " AS " + MeasureName() : "") + " FROM " + from + where;
  }

  std::string MeasureName() const {
    return plan_.measure ? QuoteIdent(plan_.measure->column) : "value";
  }

  Status Render(Plan& out) const {
    const std::string from = SAGAZ_TRY(From());
    const std::string where = SAGAZ_TRY(Where());
    const std::string agg = SAGAZ_TRY(AggExpr());
    const std::string value = QuoteIdent(std::string(ToString(plan_.aggregate)) +
                                         (plan_.measure ? "_" + plan_.measure->column : ""));
    std::string measure = plan_.measure ? SAGAZ_TRY(Col(*plan_.measure)) : std::string();
    switch (plan_.shape) {
      case Shape::kScalar:
        if (plan_.per) {
          // A count per thing, then its aggregate. Strict reads the keys (columns and filters
          // only) and counts the rows per key itself; standard lets the database count.
          const std::string per = SAGAZ_TRY(Col(*plan_.per));
          const std::string n = QuoteIdent("count_per_" + plan_.per->column);
          const std::string counts =
              "SELECT count(*) AS " + n + " FROM " + from + where + " GROUP BY " + per;
          out.projection_sql =
              "SELECT " + per + " AS " + QuoteIdent(plan_.per->column) + " FROM " + from + where;
          std::string outer = AggOf(plan_.aggregate, n);
          out.answer_sql = "SELECT " + outer + " AS " +
                           QuoteIdent(std::string(ToString(plan_.aggregate)) + "_count_per_" +
                                      plan_.per->column) +
                           " FROM (" + counts + ") AS per_group";
          break;
        }
        out.answer_sql = "SELECT " + agg + " AS " + value + " FROM " + from + where;
        out.projection_sql = "SELECT " +
                             (plan_.measure ? measure + " AS " + MeasureName() : "1 AS \"row\"") +
                             " FROM " + from + where;
        break;
      case Shape::kDescribe:
        out.answer_sql = "SELECT " + measure + " AS " + MeasureName() + " FROM " + from + where;
        out.projection_sql = out.answer_sql;
        break;
      case Shape::kGrouped:
      case Shape::kTop: {
        if (plan_.shape == Shape::kTop && !plan_.group && plan_.bucket != Bucket::kNone) {
          // Periods ranked ("o mês com maior consumo"): one value per period, the best first.
          const std::string b = SAGAZ_TRY(BucketExpr());
          const std::string period = QuoteIdent(std::string(ToString(plan_.bucket)));
          out.answer_sql = "SELECT " + b + " AS " + period + ", " + agg + " AS " + value +
                           " FROM " + from + where + " GROUP BY 1 ORDER BY 2 " +
                           (plan_.descending ? "DESC" : "ASC");
          if (plan_.limit) out.answer_sql += " LIMIT " + std::to_string(*plan_.limit);
          out.projection_sql = SAGAZ_TRY(PeriodProjection(from, where, measure));
        } else if (plan_.group) {
          const std::string g = SAGAZ_TRY(Col(*plan_.group));
          const std::string gname = QuoteIdent(plan_.group->column);
          out.answer_sql = "SELECT " + g + " AS " + gname + ", " + agg + " AS " + value + " FROM " +
                           from + where + " GROUP BY 1 ORDER BY 2 " +
                           (plan_.descending ? "DESC" : "ASC");
          if (plan_.shape == Shape::kTop && plan_.limit)
            out.answer_sql += " LIMIT " + std::to_string(*plan_.limit);
          out.projection_sql = "SELECT " + g + " AS " + gname +
                               (plan_.measure ? ", " + measure + " AS " + MeasureName() : "") +
                               " FROM " + from + where;
        } else {
          // Row-level ranking: the label and the value, ordered.
          std::string select;
          if (plan_.label)
            select = SAGAZ_TRY(Col(*plan_.label)) + " AS " + QuoteIdent(plan_.label->column) + ", ";
          select += measure + " AS " + MeasureName();
          out.answer_sql = "SELECT " + select + " FROM " + from + where + " ORDER BY " + measure +
                           (plan_.descending ? " DESC" : " ASC") + " NULLS LAST";
          if (plan_.limit) out.answer_sql += " LIMIT " + std::to_string(*plan_.limit);
          out.projection_sql = out.answer_sql;
        }
        break;
      }
      case Shape::kSeries: {
        const std::string t = SAGAZ_TRY(Col(*plan_.time));
        if (plan_.bucket == Bucket::kNone) {
          // The engine orders (and collapses) the points itself: no sort in the projection.
          out.projection_sql = "SELECT " + t + " AS " + QuoteIdent(plan_.time->column) + ", " +
                               measure + " AS " + MeasureName() + " FROM " + from + where;
          out.answer_sql = out.projection_sql + " ORDER BY 1";
        } else {
          const std::string b = SAGAZ_TRY(BucketExpr());
          const std::string period = QuoteIdent(std::string(ToString(plan_.bucket)));
          out.answer_sql = "SELECT " + b + " AS " + period + ", " + agg + " AS " + value +
                           " FROM " + from + where + " GROUP BY 1 ORDER BY 1";
          out.projection_sql = SAGAZ_TRY(PeriodProjection(from, where, measure));
        }
        break;
      }
      case Shape::kRows:
        out.answer_sql = "SELECT " + QuoteIdent(plan_.table) + ".* FROM " + from + where;
        out.projection_sql = out.answer_sql;
        break;
    }
    return Ok();
  }

 private:
  const Schema& schema_;
  const Plan& plan_;
  std::map<std::string, std::string> aliases_;
};

}  // namespace

Status RenderSql(const Schema& schema, Plan& plan) {
  if (!schema.Find(plan.table))
    return Fail(ErrorCode::kInvalidArgument, "unknown table " + plan.table);
  const bool period_top = plan.shape == Shape::kTop && !plan.group && plan.bucket != Bucket::kNone;
  if ((plan.shape == Shape::kDescribe || plan.shape == Shape::kTop) && !plan.measure &&
      !plan.group && !period_top) {
    return Fail(ErrorCode::kInvalidArgument, "the plan has nothing to summarize");
  }
  if ((plan.shape == Shape::kSeries || period_top) && !plan.time) {
    return Fail(ErrorCode::kInvalidArgument, "a series needs a time column");
  }
  if (period_top && plan.aggregate == Aggregate::kNone) {
    return Fail(ErrorCode::kInvalidArgument, "a ranking of periods needs an aggregate");
  }
  if (plan.per &&
      (plan.shape != Shape::kScalar || plan.aggregate == Aggregate::kNone ||
       plan.aggregate == Aggregate::kCount || plan.aggregate == Aggregate::kCountDistinct)) {
    return Fail(ErrorCode::kInvalidArgument, "a count per thing is summarized as one number");
  }
  if (plan.aggregate != Aggregate::kCount && plan.aggregate != Aggregate::kNone && !plan.measure &&
      !plan.per) {
    return Fail(ErrorCode::kInvalidArgument, "the aggregate needs a measure");
  }
  Renderer r(schema, plan);
  return r.Render(plan);
}

}  // namespace sagaz::nlq
