// `sagaz stats DATASET [COLUMN...]`: statistics of dataset columns, as tables or (--json) in the
// shapes of POST /api/v1/stats. The flags are turned into that request's JSON body and parsed by
// the same code as the API, so both validate alike.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/context.hpp"
#include "cli/format.hpp"
#include "cli/table.hpp"
#include "core/strings.hpp"
#include "stats/service.hpp"
#include "wire/stats.hpp"

namespace sagaz::cli {
namespace {

using stats::Stat;

struct StatsArgs {
  std::string dataset;
  std::vector<std::string> columns;
  std::string group_by;
  std::string stats;
  std::string filter;
  std::string quantiles;
  std::string method;
  std::string histogram;
  std::string weights;
  std::string trend;
  bool correlation = false;
  bool include_infinite = false;
  std::optional<double> censor_lower, censor_upper;
  std::string censor_method;
  std::optional<double> trim, iqr_k, mad_threshold;
  bool list = false;
};

// A statistic for people: every digit, no float noise (FormatDouble).
std::string Fmt(std::optional<double> v) { return v ? FormatDouble(*v) : "-"; }

std::string Pct(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", share * 100);
  return buf;
}

// The scalar statistics that were asked for, in the order of the enum.
std::vector<Stat> ScalarStats(const stats::StatSet& set) {
  std::vector<Stat> out;
  for (Stat st : set.List()) {
    if (st == Stat::kQuantiles || st == Stat::kOutliersIqr || st == Stat::kOutliersMad ||
        st == Stat::kHistogram) {
      continue;
    }
    out.push_back(st);
  }
  return out;
}

Result<wire::Json> RequestBody(const StatsArgs& a) {
  wire::Json body = {{"dataset", a.dataset}};
  if (!a.columns.empty()) body["columns"] = a.columns;
  if (!a.stats.empty()) body["stats"] = a.stats;
  if (!a.group_by.empty()) body["group_by"] = a.group_by;
  if (!a.filter.empty()) body["filter"] = a.filter;
  if (!a.quantiles.empty()) {
    wire::Json q = wire::Json::array();
    for (auto part : Split(a.quantiles, ',')) {
      auto p = ParseNumber<double>(part);
      if (!p) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "--quantiles takes probabilities such as 0.05,0.95; got '" +
                              std::string(Trim(part)) + "'")
                        .With("field", "quantiles"));
      }
      q.push_back(*p);
    }
    body["quantiles"] = std::move(q);
  }
  if (!a.method.empty()) body["quantile_method"] = a.method;
  if (!a.histogram.empty()) {
    if (auto bins = ParseNumber<int64_t>(a.histogram)) {
      body["histogram"] = *bins;
    } else {
      body["histogram"] = a.histogram;
    }
  }
  if (!a.weights.empty()) body["weights"] = a.weights;
  if (!a.trend.empty()) body["trend"] = a.trend;
  if (a.correlation) body["correlation"] = true;
  if (a.include_infinite) body["include_infinite"] = true;
  if (a.censor_lower || a.censor_upper || !a.censor_method.empty()) {
    wire::Json c = wire::Json::object();
    if (a.censor_lower) c["lower"] = *a.censor_lower;
    if (a.censor_upper) c["upper"] = *a.censor_upper;
    if (!a.censor_method.empty()) c["method"] = a.censor_method;
    body["censor"] = std::move(c);
  }
  if (a.trim) body["trim"] = *a.trim;
  if (a.iqr_k) body["iqr_k"] = *a.iqr_k;
  if (a.mad_threshold) body["mad_threshold"] = *a.mad_threshold;
  return body;
}

void PrintHistogram(const stats::Histogram& h) {
  int64_t top = 1;
  for (int64_t c : h.counts) top = std::max(top, c);
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < h.counts.size(); ++i) {
    const auto width = static_cast<size_t>(std::llround(40.0 * h.counts[i] / top));
    std::string bar;
    for (size_t k = 0; k < width; ++k) bar += "\u2588";
    rows.push_back({Fmt(h.edges[i]), Fmt(h.edges[i + 1]), std::to_string(h.counts[i]), bar});
  }
  std::cout << RenderTable({{"from", true}, {"to", true}, {"count", true}, {""}}, rows, 60);
  if (h.capped) std::cout << "(the rule asked for more bins than allowed; capped)\n";
}

void PrintTrend(const std::string& column, const stats::Trend& t, const std::string& unit) {
  const std::string per = unit.empty() ? "" : " per " + unit;
  std::cout << "Trend of " << column << " (" << t.count << " points)\n";
  if (t.ols) {
    std::cout << "  OLS:          slope " << Fmt(t.ols->slope) << per << ", intercept "
              << Fmt(t.ols->intercept) << ", R² " << Fmt(t.ols->r_squared) << ", p "
              << Fmt(t.ols->p_value) << "\n";
  }
  if (t.theil_sen) {
    std::cout << "  Theil–Sen:    slope " << Fmt(t.theil_sen->slope) << per << ", intercept "
              << Fmt(t.theil_sen->intercept) << "\n";
  }
  if (t.mann_kendall) {
    const auto& m = *t.mann_kendall;
    std::cout << "  Mann–Kendall: S " << m.s << ", z " << Fmt(m.z) << ", p " << Fmt(m.p_value)
              << ", tau " << Fmt(m.tau) << ": " << m.trend << "\n";
  }
  for (const auto& [k, v] : t.notes) std::cout << "  (" << k << ": " << v << ")\n";
}

void PrintCorrelations(const stats::CorrelationMatrix& m) {
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < m.columns.size(); ++i) {
    for (size_t j = i + 1; j < m.columns.size(); ++j) {
      const auto& r = m.cells[i][j];
      if (!r) continue;
      rows.push_back({m.columns[i], m.columns[j], std::to_string(r->count), Fmt(r->covariance),
                      Fmt(r->pearson), Fmt(r->spearman)});
    }
  }
  std::cout << RenderTable(
      {{"x"}, {"y"}, {"pairs", true}, {"covariance", true}, {"pearson", true}, {"spearman", true}},
      rows);
}

void PrintNotes(const std::vector<stats::ColumnStats>& columns, const std::string& prefix) {
  for (const auto& c : columns) {
    for (const auto& n : c.summary.notes) {
      std::cout << "  note: " << prefix << c.name << "." << stats::Name(n.stat) << ": " << n.reason
                << "\n";
    }
  }
}

void PrintDetails(const stats::ColumnStats& c, const stats::StatsResult& r) {
  const auto& s = c.summary;
  if (s.stats.Has(Stat::kQuantiles) && !s.quantiles.empty()) {
    std::cout << "\nQuantiles of " << c.name << " (" << stats::Name(s.method) << ")\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& q : s.quantiles) rows.push_back({Fmt(q.p), Fmt(q.value)});
    std::cout << RenderTable({{"p", true}, {"value", true}}, rows);
  }
  for (const auto& [name, o] :
       {std::pair{"IQR fences", s.outliers_iqr}, std::pair{"modified z-score", s.outliers_mad}}) {
    if (!o) continue;
    std::cout << "Outliers of " << c.name << " by " << name << ": " << o->total() << " ("
              << Pct(o->share) << "; " << o->low << " below " << Fmt(o->lower_bound) << ", "
              << o->high << " above " << Fmt(o->upper_bound) << ")\n";
  }
  if (s.histogram) {
    std::cout << "\nHistogram of " << c.name << " (" << stats::Name(s.histogram->rule) << ", "
              << s.histogram->counts.size() << " bins)\n";
    PrintHistogram(*s.histogram);
  }
  if (c.censored) {
    std::cout << "Censoring of " << c.name << ": " << c.censored->below << " below "
              << Fmt(c.censored->lower) << ", " << c.censored->above << " above "
              << Fmt(c.censored->upper) << " (" << stats::Name(c.censored->method) << ")\n";
  }
  if (c.weighted) {
    const auto& w = *c.weighted;
    std::cout << "Weighted " << c.name << ": mean " << Fmt(w.mean) << ", std_dev_pop "
              << Fmt(w.std_dev_pop) << ", variance (frequency) " << Fmt(w.variance_frequency)
              << ", variance (reliability) " << Fmt(w.variance_reliability) << " over " << w.count
              << " rows, weights sum " << Fmt(w.sum_weights) << "\n";
  }
  if (c.trend) {
    std::cout << "\n";
    PrintTrend(c.name, *c.trend, r.trend_x_unit);
  }
}

void PrintResult(const stats::StatsResult& r) {
  std::cout << r.dataset << ": " << r.rows << " rows";
  if (r.filter) std::cout << " where " << *r.filter;
  std::cout << " (" << Number(r.elapsed_ms, 1) << " ms)\n\n";
  if (r.columns.empty()) return;
  const auto scalars = ScalarStats(r.columns[0].summary.stats);
  if (r.group_by) {
    for (size_t c = 0; c < r.columns.size(); ++c) {
      std::cout << r.columns[c].name << " by " << *r.group_by << "\n";
      std::vector<TableColumn> header = {{*r.group_by}, {"rows", true}};
      for (Stat st : scalars) header.push_back({std::string(stats::Name(st)), true});
      std::vector<std::vector<std::string>> rows;
      for (const auto& g : r.groups) {
        std::vector<std::string> row = {ValueText(g.key), std::to_string(g.rows)};
        for (Stat st : scalars) row.push_back(Fmt(g.columns[c].summary.Get(st)));
        rows.push_back(std::move(row));
      }
      std::cout << RenderTable(header, rows, 30);
      for (const auto& g : r.groups) {
        if (g.columns[c].trend) PrintTrend(ValueText(g.key), *g.columns[c].trend, r.trend_x_unit);
      }
      std::cout << "\n";
    }
    std::cout << "All rows:\n";
  }
  std::vector<TableColumn> header = {{"statistic"}};
  for (const auto& c : r.columns) header.push_back({c.name, true});
  std::vector<std::vector<std::string>> rows;
  for (Stat st : scalars) {
    std::vector<std::string> row = {std::string(stats::Name(st))};
    for (const auto& c : r.columns) row.push_back(Fmt(c.summary.Get(st)));
    rows.push_back(std::move(row));
  }
  std::cout << RenderTable(header, rows, 30);
  for (const auto& c : r.columns) PrintDetails(c, r);
  if (r.correlation) {
    std::cout << "\nCorrelations\n";
    PrintCorrelations(*r.correlation);
  }
  PrintNotes(r.columns, "");
}

void PrintStatisticNames() {
  std::vector<std::vector<std::string>> rows;
  for (Stat st : stats::AllStats().List()) {
    rows.push_back({std::string(stats::Name(st)), stats::DefaultStats().Has(st) ? "yes" : "",
                    std::string(stats::Describe(st))});
  }
  std::cout << RenderTable({{"statistic"}, {"default"}, {"description"}}, rows, 80);
  std::cout << "\nGroups: " << Join(stats::StatGroupNames(), ", ")
            << " (seed: count, min, max, mean, median, q1, q3, std_dev, coef_var)\n";
}

}  // namespace

void AddStatsCommands(CLI::App& cli, Context& ctx) {
  // Callbacks run after this function returns: they capture pointers by value.
  Context* const c = &ctx;
  StatsArgs* const a = &c->Hold<StatsArgs>();
  auto* cmd = cli.add_subcommand(
      "stats", "Exact statistics of dataset columns (summary, quantiles, robust, trends, groups)");
  cmd->add_option("dataset", a->dataset, "Dataset");
  cmd->add_option("columns", a->columns, "Numeric columns (default: every numeric column)");
  cmd->add_option("--group-by", a->group_by, "Statistics per value of this column");
  cmd->add_option("--stats", a->stats,
                  "Statistics or groups, comma-separated: seed, summary (default), shape, robust, "
                  "all, or names (see --list)");
  cmd->add_option("--filter", a->filter, "SQL condition on the rows, e.g. \"status = 'ok'\"");
  cmd->add_option("--quantiles", a->quantiles, "Extra quantiles, e.g. 0.05,0.95");
  cmd->add_option("--method", a->method,
                  "Quantile definition: linear (default, type 7) or any Hyndman-Fan type 1-9");
  cmd->add_option("--histogram", a->histogram, "Histogram bins: a count, fd or sturges");
  cmd->add_option("--weights", a->weights, "Column of weights: weighted mean and variance");
  cmd->add_option("--trend", a->trend,
                  "Fit each column against this numeric or time column (OLS, Theil-Sen, "
                  "Mann-Kendall)");
  cmd->add_flag("--correlation", a->correlation,
                "Covariance, Pearson and Spearman between columns");
  cmd->add_flag("--include-infinite", a->include_infinite, "Use +/-infinity as values");
  cmd->add_option("--censor-lower", a->censor_lower, "Detection limit: values below are censored");
  cmd->add_option("--censor-upper", a->censor_upper, "Saturation limit: values above are censored");
  cmd->add_option("--censor-method", a->censor_method,
                  "exclude, limit (default), half_limit, limit_over_sqrt2 or zero");
  cmd->add_option("--trim", a->trim, "Fraction cut at each end for trimmed/winsorized means (0.1)");
  cmd->add_option("--iqr-k", a->iqr_k, "Tukey fence multiplier (1.5)");
  cmd->add_option("--mad-threshold", a->mad_threshold, "Modified z-score cutoff (3.5)");
  cmd->add_flag("--list", a->list, "List the statistic names and groups");
  cmd->callback([=] {
    if (a->list) {
      PrintStatisticNames();
      return;
    }
    if (a->dataset.empty()) {
      c->Report(
          Error(ErrorCode::kInvalidArgument, "name a dataset: sagaz stats DATASET [COLUMN...]")
              .With("field", "dataset"));
      return;
    }
    c->WithApp([&](App& app) -> Status {
      const auto body = SAGAZ_TRY(RequestBody(*a));
      const auto request = SAGAZ_TRY(wire::ParseStatsRequest(body));
      const auto result = SAGAZ_TRY(app.stats().Describe(request));
      if (c->json) {
        c->PrintJson(wire::ToJson(result));
      } else {
        PrintResult(result);
      }
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
