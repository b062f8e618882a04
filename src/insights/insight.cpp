// The builtin insight writer. Every sentence comes from a statistic that was computed; wording is
// hedged where the statistic is descriptive ("sugere", "may"), and a finding that is statistically
// significant but small in practice says so.
#include "insights/insight.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace sagaz::insights {
namespace {

class Writer {
 public:
  explicit Writer(const Facts& facts) : f_(facts), pt_(facts.locale == Locale::kPtBr) {}

  std::string Write() {
    if (f_.nothing_matched && f_.kind != Kind::kCount && f_.kind != Kind::kRows) {
      // Nothing matched (a period with no data, filters no row meets): say so once, whatever the
      // shape, instead of describing an empty summary.
      Say(pt_ ? "Nenhum registro de " + Entity() + " atende à pergunta" + Scope() +
                    "; não há valores para calcular."
              : "No " + Entity() + " match the question" + Scope() +
                    "; there is nothing to compute.");
      return Joined();
    }
    switch (f_.kind) {
      case Kind::kCount:
        Count();
        break;
      case Kind::kValue:
        Value();
        break;
      case Kind::kDescribe:
        Describe();
        break;
      case Kind::kSeries:
        Series();
        break;
      case Kind::kGroups:
        Groups();
        break;
      case Kind::kRanking:
        Ranking();
        break;
      case Kind::kRows:
        Rows();
        break;
    }
    Caveats();
    return Joined();
  }

 private:
  std::string Joined() const {
    std::string out;
    for (const auto& s : sentences_) {
      if (s.empty()) continue;
      if (!out.empty()) out += ' ';
      out += s;
    }
    return out;
  }
  const char* L(const char* pt, const char* en) const { return pt_ ? pt : en; }
  std::string N(double v) const { return FormatNumber(v, f_.locale); }
  // A value of the measure, with its unit.
  std::string V(double v) const {
    std::string s = N(v);
    if (f_.unit.empty()) return s;
    return f_.unit == "%" ? s + "%" : s + " " + f_.unit;
  }
  std::string Pct(double fraction) const { return FormatPercent(fraction, f_.locale); }
  std::string Count(int64_t n) const { return FormatNumber(static_cast<double>(n), f_.locale); }
  std::string P(double p) const {
    if (p < 0.001) return pt_ ? "p < 0,001" : "p < 0.001";
    char buf[32];
    std::snprintf(buf, sizeof buf, "p = %.3f", p);
    std::string s = buf;
    if (pt_) std::replace(s.begin(), s.end(), '.', ',');
    return s;
  }
  std::string Entity() const { return f_.entity.empty() ? L("linhas", "rows") : f_.entity; }
  std::string Scope() const { return f_.scope.empty() ? "" : " (" + f_.scope + ")"; }
  std::string Capitalized(std::string s) const {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  }
  void Say(std::string s) { sentences_.push_back(Capitalized(std::move(s))); }

  // "a média de preço" / "the average price", with the article.
  std::string AggregatePhrase() const {
    const std::string& m = f_.measure;
    const std::string& a = f_.aggregate;
    if (pt_) {
      if (a == "sum") return "o total de " + m;
      if (a == "mean") return "a média de " + m;
      if (a == "median") return "a mediana de " + m;
      if (a == "min") return "o menor valor de " + m;
      if (a == "max") return "o maior valor de " + m;
      if (a == "std_dev") return "o desvio padrão de " + m;
      if (a == "variance") return "a variância de " + m;
      if (a == "count_distinct") return "o número de valores distintos de " + m;
      if (a == "count") return "o número de " + Entity();
      return m;
    }
    if (a == "sum") return "the total " + m;
    if (a == "mean") return "the average " + m;
    if (a == "median") return "the median " + m;
    if (a == "min") return "the lowest " + m;
    if (a == "max") return "the highest " + m;
    if (a == "std_dev") return "the standard deviation of " + m;
    if (a == "variance") return "the variance of " + m;
    if (a == "count_distinct") return "the number of distinct " + m;
    if (a == "count") return "the number of " + Entity();
    return m;
  }
  // Whether values of the aggregate are in the measure's unit (a count is not).
  bool InUnit() const {
    return f_.aggregate != "count" && f_.aggregate != "count_distinct" &&
           f_.aggregate != "variance";
  }
  std::string AggValue(double v) const { return InUnit() ? V(v) : N(v); }

  void Count() {
    if (!f_.value) return;
    const auto n = static_cast<int64_t>(*f_.value);
    if (!f_.scope.empty() && f_.total_rows && *f_.total_rows > 0) {
      const double share = static_cast<double>(n) / static_cast<double>(*f_.total_rows);
      Say(pt_ ? Count(n) + " " + Entity() + " atendem aos filtros (" + f_.scope + "), " +
                    Pct(share) + " do total de " + Count(*f_.total_rows) + "."
              : Count(n) + " " + Entity() + " match the filters (" + f_.scope + "), " + Pct(share) +
                    " of all " + Count(*f_.total_rows) + ".");
    } else {
      Say(pt_ ? "Há " + Count(n) + " " + Entity() + Scope() + "."
              : "There are " + Count(n) + " " + Entity() + Scope() + ".");
    }
  }

  void Value() {
    if (!f_.value_text.empty()) {
      Say(pt_ ? AggregatePhrase() + Scope() + " é " + f_.value_text + "."
              : AggregatePhrase() + Scope() + " is " + f_.value_text + ".");
      return;
    }
    if (!f_.value) {
      Say(pt_ ? "Não há valores de " + f_.measure + " nas linhas selecionadas" + Scope() + "."
              : "There are no " + f_.measure + " values in the selected rows" + Scope() + ".");
      return;
    }
    const int64_t used = f_.summary ? f_.summary->count : f_.rows;
    Say(pt_ ? AggregatePhrase() + Scope() + " é " + AggValue(*f_.value) + ", com base em " +
                  Count(used) + " valores."
            : AggregatePhrase() + Scope() + " is " + AggValue(*f_.value) + ", computed over " +
                  Count(used) + " values.");
    if (!f_.summary) return;
    const auto& s = *f_.summary;
    if (f_.aggregate == "mean" && s.median && s.std_dev && *s.std_dev > 0) {
      const double gap = (*f_.value - *s.median) / *s.std_dev;
      if (gap > 0.1) {
        Say(pt_ ? "A mediana (" + V(*s.median) +
                      ") fica abaixo da média: alguns valores altos puxam a média para cima."
                : "The median (" + V(*s.median) +
                      ") is below the mean: a few high values pull the mean up.");
      } else if (gap < -0.1) {
        Say(pt_ ? "A mediana (" + V(*s.median) +
                      ") fica acima da média: alguns valores baixos puxam a média para baixo."
                : "The median (" + V(*s.median) +
                      ") is above the mean: a few low values pull the mean down.");
      }
    }
    if (f_.aggregate == "mean" || f_.aggregate == "median" || f_.aggregate == "sum") Spread(s);
  }

  void Describe() {
    if (!f_.summary || f_.summary->count == 0) {
      Say(pt_ ? "Não há valores de " + f_.measure + " nas linhas selecionadas" + Scope() + "."
              : "There are no " + f_.measure + " values in the selected rows" + Scope() + ".");
      return;
    }
    const auto& s = *f_.summary;
    Level(s);
    Spread(s);
    Shape(s);
    Outliers(s);
  }

  void Level(const stats::Summary& s) {
    if (!s.min || !s.max || !s.mean) return;
    std::string text = pt_ ? f_.measure + Scope() + " vai de " + V(*s.min) + " a " + V(*s.max) +
                                 ", com média de " + V(*s.mean)
                           : f_.measure + Scope() + " ranges from " + V(*s.min) + " to " +
                                 V(*s.max) + ", with a mean of " + V(*s.mean);
    if (s.median)
      text += pt_ ? " e mediana de " + V(*s.median) : " and a median of " + V(*s.median);
    text += " (" + Count(s.count) + L(" valores).", " values).");
    Say(text);
  }

  // Spread from the coefficient of variation, or from the interquartile range when the CV means
  // nothing (values of both signs, a mean near zero).
  void Spread(const stats::Summary& s) {
    const bool cv_meaningful = s.coef_var && s.min && *s.min >= 0 && s.mean && *s.mean > 0;
    if (cv_meaningful) {
      const double cv = *s.coef_var;
      const char* level = cv < 0.1   ? L("baixa", "low")
                          : cv < 0.3 ? L("moderada", "moderate")
                          : cv < 1.0 ? L("alta", "high")
                                     : L("muito alta", "very high");
      Say(pt_ ? std::string("A variação é ") + level + " (coeficiente de variação de " + Pct(cv) +
                    ")."
              : std::string("Variation is ") + level + " (coefficient of variation " + Pct(cv) +
                    ").");
    }
    if (s.q1 && s.q3 && s.count >= 4) {
      Say(pt_ ? "Metade dos valores está entre " + V(*s.q1) + " e " + V(*s.q3) + "."
              : "Half of the values lie between " + V(*s.q1) + " and " + V(*s.q3) + ".");
    }
  }

  void Shape(const stats::Summary& s) {
    if (!s.skewness || s.count < 8) return;
    const double g = *s.skewness;
    if (g > 1) {
      Say(L("A distribuição é bem assimétrica à direita: uma cauda de valores altos.",
            "The distribution is strongly right-skewed: a tail of high values."));
    } else if (g > 0.5) {
      Say(L("A distribuição é levemente assimétrica à direita.",
            "The distribution is moderately right-skewed."));
    } else if (g < -1) {
      Say(L("A distribuição é bem assimétrica à esquerda: uma cauda de valores baixos.",
            "The distribution is strongly left-skewed: a tail of low values."));
    } else if (g < -0.5) {
      Say(L("A distribuição é levemente assimétrica à esquerda.",
            "The distribution is moderately left-skewed."));
    }
  }

  void Outliers(const stats::Summary& s) {
    if (!s.outliers_iqr || s.count < 20) return;
    const auto& o = *s.outliers_iqr;
    if (o.total() == 0) {
      Say(L("Nenhum valor fica fora das cercas de Tukey (1,5 × IQR).",
            "No value falls outside Tukey's fences (1.5 × IQR)."));
      return;
    }
    Say(pt_ ? Count(o.total()) + " valores (" + Pct(o.share) +
                  ") ficam fora das cercas de Tukey (" + V(o.lower_bound) + " a " +
                  V(o.upper_bound) + ") e podem merecer uma verificação."
            : Count(o.total()) + " values (" + Pct(o.share) + ") fall outside Tukey's fences (" +
                  V(o.lower_bound) + " to " + V(o.upper_bound) +
                  ") and may deserve a closer look.");
  }

  // The span of the series in days, from the points.
  double SpanDays() const {
    if (f_.points.size() < 2) return 0;
    return f_.points.back().x_days - f_.points.front().x_days;
  }

  void Series() {
    if (f_.points.empty()) {
      Say(pt_ ? "Não há valores de " + f_.measure + " no período selecionado" + Scope() + "."
              : "There are no " + f_.measure + " values in the selected period" + Scope() + ".");
      return;
    }
    const bool periods = !f_.period.empty();
    auto when = [&](const std::string& iso) {
      return periods ? FormatPeriod(iso, f_.period, f_.locale) : FormatTime(iso, f_.locale);
    };
    const std::string from = when(f_.first_time);
    const std::string to = when(f_.last_time);
    if (f_.summary && f_.summary->min && f_.summary->max && f_.summary->mean) {
      const auto& s = *f_.summary;
      const std::string word = PeriodWord(f_.period, f_.locale);
      const std::string what =
          periods ? AggregatePhrase() + L(" por ", " per ") + word : f_.measure;
      Say(pt_ ? "Entre " + from + " e " + to + ", " + what + Scope() + " variou de " +
                    AggValue(*s.min) + " a " + AggValue(*s.max) + ", com média de " +
                    AggValue(*s.mean) + " (" + Count(s.count) +
                    (periods ? " " + PeriodWord(f_.period, f_.locale, true) + ")."
                             : std::string(" medições)."))
              : "Between " + from + " and " + to + ", " + what + Scope() + " ranged from " +
                    AggValue(*s.min) + " to " + AggValue(*s.max) + ", with a mean of " +
                    AggValue(*s.mean) + " (" + Count(s.count) +
                    (periods ? " " + PeriodWord(f_.period, f_.locale, true) + ")."
                             : std::string(" measurements).")));
    }
    PartialSentence(when);
    if (periods && f_.peak && f_.low && f_.points.size() >= 3) {
      const Point* hi = &*f_.peak;
      const Point* lo = &*f_.low;
      Say(pt_ ? "O pico foi em " + when(hi->time) + " (" + AggValue(hi->value) +
                    ") e o menor valor em " + when(lo->time) + " (" + AggValue(lo->value) + ")."
              : "The peak was " + when(hi->time) + " (" + AggValue(hi->value) + ") and the low " +
                    when(lo->time) + " (" + AggValue(lo->value) + ").");
    }
    TrendSentence();
    if (f_.points_per_time >= 1.5) {
      Say(pt_ ? "Há várias medições por instante (em média " +
                    FormatNumber(f_.points_per_time, f_.locale, 2) +
                    "); o gráfico e a tendência usam a média de cada instante."
              : "There are several measurements per instant (" +
                    FormatNumber(f_.points_per_time, f_.locale, 2) +
                    " on average); the chart and the trend use the mean of each instant.");
    }
  }

  // Says which end periods the data covers only in part, and that they are left out.
  template <class When>
  void PartialSentence(const When& when) {
    if (!f_.partial_first && !f_.partial_last) return;
    const std::string word = PeriodWord(f_.period, f_.locale);
    std::vector<std::string> parts;
    if (f_.partial_first) {
      parts.push_back(pt_ ? "o primeiro " + word + " (" + when(f_.first_time) +
                                ", dados a partir de " + FormatTime(f_.data_first_time, f_.locale) +
                                ")"
                          : "the first " + word + " (" + when(f_.first_time) + ", data from " +
                                FormatTime(f_.data_first_time, f_.locale) + ")");
    }
    if (f_.partial_last) {
      parts.push_back(pt_ ? "o último " + word + " (" + when(f_.last_time) + ", dados até " +
                                FormatTime(f_.data_last_time, f_.locale) + ")"
                          : "the last " + word + " (" + when(f_.last_time) + ", data until " +
                                FormatTime(f_.data_last_time, f_.locale) + ")");
    }
    const bool both = parts.size() == 2;
    std::string list = parts[0] + (both ? (pt_ ? " e " : " and ") + parts[1] : "");
    list[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(list[0])));
    Say(pt_ ? list + (both ? " estão incompletos" : " está incompleto") +
                  ": ficam de fora do pico, do menor valor, do resumo e da tendência."
            : list + (both ? " are incomplete" : " is incomplete") +
                  ": left out of the peak, the low, the summary and the trend.");
  }

  void TrendSentence() {
    if (!f_.trend || !f_.trend->mann_kendall) {
      if (f_.points.size() < 3) {
        Say(L("Há poucos pontos para avaliar uma tendência.",
              "There are too few points to assess a trend."));
      }
      return;
    }
    const auto& mk = *f_.trend->mann_kendall;
    const bool up = mk.s > 0;
    if (mk.p_value >= 0.1) {
      Say(pt_ ? "Não há tendência clara ao longo do período (Mann–Kendall, " + P(mk.p_value) + ")."
              : "There is no clear trend over the period (Mann–Kendall " + P(mk.p_value) + ").");
      return;
    }
    if (mk.p_value >= 0.05) {
      Say(pt_ ? std::string("Há um indício fraco de ") + (up ? "alta" : "queda") +
                    " (Mann–Kendall, " + P(mk.p_value) +
                    "), insuficiente para afirmar uma tendência."
              : std::string("There is weak evidence of a ") + (up ? "rise" : "decline") +
                    " (Mann–Kendall " + P(mk.p_value) + "), not enough to call it a trend.");
      return;
    }
    std::string text =
        pt_ ? std::string("Há uma tendência de ") + (up ? "alta" : "queda") +
                  " estatisticamente significativa (Mann–Kendall, " + P(mk.p_value) + ")"
            : std::string("There is a statistically significant ") + (up ? "upward" : "downward") +
                  " trend (Mann–Kendall " + P(mk.p_value) + ")";
    const double span = SpanDays();
    if (f_.trend->theil_sen && span > 0) {
      // Express the slope per a unit that fits the span.
      const double per_day = f_.trend->theil_sen->slope;
      double factor = 1;
      const char* unit = L("dia", "day");
      if (span >= 730) {
        factor = 365.25, unit = L("ano", "year");
      } else if (span >= 60) {
        factor = 30.4375, unit = L("mês", "month");
      } else if (span < 2) {
        factor = 1.0 / 24, unit = L("hora", "hour");
      }
      text += pt_ ? "; pela inclinação de Theil–Sen, cerca de " + AggValue(per_day * factor) +
                        " por " + unit
                  : "; the Theil–Sen slope is about " + AggValue(per_day * factor) + " per " + unit;
      // How big the drift is in practice: the change over the whole span against the level.
      const auto& s = f_.summary;
      if (s && s->mean && std::abs(*s->mean) > 0) {
        const double change = std::abs(per_day * span / *s->mean);
        if (change < 0.01) {
          text += pt_ ? ", uma mudança pequena na prática (menos de 1% da média no período)"
                      : ", small in practice (less than 1% of the mean over the period)";
        } else if (s->min && *s->min >= 0) {
          text += pt_ ? " (cerca de " + Pct(change, 0) + " da média ao longo do período)"
                      : " (about " + Pct(change, 0) + " of the mean over the period)";
        }
      }
    }
    Say(text + ".");
    Say(L("A tendência descreve o período observado e não é uma previsão.",
          "The trend describes the observed period; it is not a forecast."));
  }
  std::string Pct(double fraction, int decimals) const {
    return FormatPercent(fraction, f_.locale, decimals);
  }

  void Groups() {
    std::vector<const Labeled*> valued;
    for (const auto& g : f_.groups) {
      if (g.value) valued.push_back(&g);
    }
    if (valued.empty()) {
      Say(pt_ ? "Nenhum grupo tem valores" + Scope() + "." : "No group has values" + Scope() + ".");
      return;
    }
    const auto [lo_it, hi_it] = std::minmax_element(
        valued.begin(), valued.end(),
        [](const Labeled* a, const Labeled* b) { return *a->value < *b->value; });
    const Labeled& hi = **hi_it;
    const Labeled& lo = **lo_it;
    const int64_t k = std::max<int64_t>(f_.group_count, static_cast<int64_t>(f_.groups.size()));
    const std::string noun = f_.group.empty() ? L("grupos", "groups") : f_.group;
    if (valued.size() == 1) {
      Say(pt_ ? AggregatePhrase() + " em " + hi.label + " é " + AggValue(*hi.value) + "."
              : AggregatePhrase() + " for " + hi.label + " is " + AggValue(*hi.value) + ".");
      return;
    }
    Say(pt_ ? "Entre " + Count(k) + " valores de " + noun + Scope() + ", " + hi.label +
                  " tem o valor mais alto de " + StripArticle(AggregatePhrase()) + " (" +
                  AggValue(*hi.value) + ") e " + lo.label + " o mais baixo (" +
                  AggValue(*lo.value) + ")."
            : "Across " + Count(k) + " " + noun + " values" + Scope() + ", " + hi.label +
                  " has the highest " + StripArticle(AggregatePhrase()) + " (" +
                  AggValue(*hi.value) + ") and " + lo.label + " the lowest (" +
                  AggValue(*lo.value) + ").");
    // Shares of a total.
    const bool additive = f_.aggregate == "sum" || f_.aggregate == "count";
    if (additive && *lo.value >= 0) {
      double total = 0;
      for (const auto* g : valued) total += *g->value;
      if (total > 0 && f_.group_count <= static_cast<int64_t>(f_.groups.size())) {
        std::string text =
            pt_ ? hi.label + " responde por " + Pct(*hi.value / total) + " do total"
                : hi.label + " accounts for " + Pct(*hi.value / total) + " of the total";
        if (valued.size() > 5) {
          std::vector<double> v;
          for (const auto* g : valued) v.push_back(*g->value);
          std::partial_sort(v.begin(), v.begin() + 3, v.end(), std::greater<>());
          const double top3 = (v[0] + v[1] + v[2]) / total;
          text += pt_ ? ", e os 3 maiores somam " + Pct(top3)
                      : "; the top 3 together hold " + Pct(top3);
        }
        Say(text + ".");
      }
    }
    if (*lo.value > 0 && *hi.value / *lo.value >= 1.1) {
      Say(pt_ ? "O maior valor é " + N(*hi.value / *lo.value) + " vezes o menor."
              : "The highest is " + N(*hi.value / *lo.value) + " times the lowest.");
    }
    // Is the difference large against the variation inside the groups?
    if (hi.summary && lo.summary && hi.summary->q1 && hi.summary->q3 && lo.summary->q1 &&
        lo.summary->q3 && (f_.aggregate == "mean" || f_.aggregate == "median")) {
      const bool overlap = *hi.summary->q1 <= *lo.summary->q3;
      if (overlap) {
        Say(
            L("Ainda assim, as faixas interquartis desses grupos se sobrepõem: a diferença é "
              "modesta frente à variação dentro de cada grupo.",
              "Still, the interquartile ranges of these groups overlap: the difference is modest "
              "next to the variation within each group."));
      } else {
        Say(
            L("As faixas interquartis desses grupos não se sobrepõem, o que sugere uma diferença "
              "consistente.",
              "Their interquartile ranges do not overlap, which suggests a consistent "
              "difference."));
      }
    }
    int64_t smallest = INT64_MAX;
    for (const auto* g : valued) smallest = std::min(smallest, g->rows);
    if (f_.aggregate != "count" && f_.aggregate != "sum" && smallest > 0 && smallest < 30) {
      Say(pt_ ? "Alguns grupos têm poucas linhas (a partir de " + Count(smallest) +
                    "), então suas estatísticas são menos estáveis."
              : "Some groups have few rows (as few as " + Count(smallest) +
                    "), so their statistics are less stable.");
    }
  }
  static std::string StripArticle(const std::string& phrase) {
    for (const char* article : {"the ", "o ", "a "}) {
      const std::string a = article;
      if (phrase.rfind(a, 0) == 0) return phrase.substr(a.size());
    }
    return phrase;
  }

  void Ranking() {
    if (f_.groups.empty()) {
      Say(pt_ ? "Nada a classificar" + Scope() + "." : "Nothing to rank" + Scope() + ".");
      return;
    }
    std::string list;
    const size_t shown = std::min<size_t>(f_.groups.size(), 3);
    for (size_t i = 0; i < shown; ++i) {
      const auto& g = f_.groups[i];
      if (i) list += i + 1 == shown ? L(" e ", " and ") : ", ";
      list += g.label + (g.value ? " (" + AggValue(*g.value) + ")" : "");
    }
    const std::string n = Count(static_cast<int64_t>(f_.groups.size()));
    const std::string what = f_.measure.empty() ? f_.aggregate : f_.measure;
    if (pt_) {
      Say((f_.descending ? "No topo por " : "Com os menores valores de ") + what + Scope() + ": " +
          list + ".");
    } else {
      Say((f_.descending ? "At the top by " : "Lowest by ") + what + Scope() + ": " + list + ".");
    }
    if (f_.groups.size() >= 2 && f_.groups[0].value && f_.groups[1].value &&
        *f_.groups[1].value > 0 && f_.descending) {
      const double lead = *f_.groups[0].value / *f_.groups[1].value;
      if (lead >= 1.2) {
        Say(pt_ ? f_.groups[0].label + " lidera com folga: " + N(lead) + " vezes o segundo."
                : f_.groups[0].label + " leads clearly: " + N(lead) + " times the second.");
      }
    }
    if (f_.partial_first || f_.partial_last) {
      const std::string from = FormatTime(f_.data_first_time, f_.locale);
      const std::string to = FormatTime(f_.data_last_time, f_.locale);
      Say(pt_ ? "Os dados vão de " + from + " a " + to +
                    "; os períodos incompletos nas pontas ficaram de fora da classificação."
              : "The data runs from " + from + " to " + to +
                    "; incomplete periods at either end are left out of the ranking.");
    }
  }

  void Rows() {
    Say(pt_ ? "A consulta selecionou " + Count(f_.rows) + " " + Entity() + Scope() + "."
            : "The query selected " + Count(f_.rows) + " " + Entity() + Scope() + ".");
  }

  void Caveats() {
    if (f_.summary && f_.summary->nulls > 0 && f_.kind != Kind::kCount) {
      Say(pt_ ? Count(f_.summary->nulls) + " linhas sem valor de " + f_.measure +
                    " foram ignoradas."
              : Count(f_.summary->nulls) + " rows without a " + f_.measure +
                    " value were left out.");
    }
    if (f_.truncated) {
      Say(pt_ ? "Atenção: a leitura parou em " + Count(f_.rows) +
                    " linhas (limite ask.max_rows); os números valem para essas linhas."
              : "Note: reading stopped at " + Count(f_.rows) +
                    " rows (the ask.max_rows limit); the figures describe those rows.");
    }
  }

  const Facts& f_;
  bool pt_;
  std::vector<std::string> sentences_;
};

}  // namespace

std::string WriteInsight(const Facts& facts) { return Writer(facts).Write(); }

}  // namespace sagaz::insights
