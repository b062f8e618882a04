#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "nlq/internal/assembler.hpp"

namespace sagaz::nlq::internal {

void Assembler::FindTimeRanges() {
  const auto& w = q_.words;
  auto year_at = [&](size_t i) -> std::optional<int> {
    if (i < w.size() && IsYear(w[i].token)) return static_cast<int>(w[i].token.number);
    return std::nullopt;
  };
  // How the words before position i bound a period [from, until): "em" (the period), "desde",
  // "a partir de", "since" (from its start on), "depois de", "após", "after" (from its end on),
  // "até", "until", "through" (up to its end), "antes de", "before" (up to its start).
  enum class Lead { kNone, kIn, kSince, kAfter, kUntil, kBefore, kBetween };
  struct LeadIn {
    Lead lead = Lead::kNone;
    size_t start = SIZE_MAX;  // first word of the cue
  };
  auto lead_in = [&](size_t i) -> LeadIn {
    if (i == 0) return {};
    const size_t owner = w[i - 1].cue_owner != SIZE_MAX ? w[i - 1].cue_owner : i - 1;
    if (!w[owner].cue || owner + w[owner].cue->length != i) return {};
    const std::string& first = w[owner].token.norm;
    switch (w[owner].cue->cue) {
      case Cue::kIn:
        return {Lead::kIn, owner};
      case Cue::kBetween:
        return {Lead::kBetween, owner};
      case Cue::kSince:
        return {
            first == "after" || first == "apos" || first == "depois" ? Lead::kAfter : Lead::kSince,
            owner};
      case Cue::kUntil:
        return {first == "before" || first == "antes" ? Lead::kBefore : Lead::kUntil, owner};
      case Cue::kCompare:
        // "a partir de 2024" is a date, "acima de 2000" a number.
        if (first == "a" && w[owner].cue->length == 3) return {Lead::kSince, owner};
        return {};
      default:
        return {};
    }
  };
  // Adds the period [from, until) as the lead-in bounds it, with the lead-in's words.
  auto add_period = [&](std::string from, std::string until, std::vector<size_t> pos,
                        const LeadIn& lead) {
    switch (lead.lead) {
      case Lead::kSince:
        until.clear();
        break;
      case Lead::kAfter:
        from = until;
        until.clear();
        break;
      case Lead::kUntil:
        from.clear();
        break;
      case Lead::kBefore:
        until = from;
        from.clear();
        break;
      default:
        break;
    }
    if (lead.lead != Lead::kNone) {
      const size_t first = *std::min_element(pos.begin(), pos.end());
      for (size_t k = lead.start; k < first; ++k) pos.push_back(k);
    }
    ranges_.push_back({from, until, pos, PhraseOf(q_, pos)});
    Use(pos);
  };
  for (size_t i = 0; i < w.size(); ++i) {
    if (Used(i)) continue;
    // Explicit dates: "entre 10/02/2025 e 20/02/2025", "desde 2025-01-01", "em 2025-03-05".
    if (w[i].token.kind == TokenKind::kDate) {
      const std::string d1 = w[i].token.norm;
      auto days1 = ParseIso(d1);
      if (!days1) continue;
      // Two dates: "entre 10/02 e 20/02", "de 01/03/2025 a 15/03/2025", "from X to Y".
      if (i + 2 < w.size() && w[i + 2].token.kind == TokenKind::kDate &&
          (q_.IsCue(i + 1, Cue::kAnd) || q_.IsCue(i + 1, Cue::kUntil) ||
           w[i + 1].token.norm == "to")) {
        auto days2 = ParseIso(w[i + 2].token.norm);
        if (days2) {
          LeadIn lead = lead_in(i);
          std::vector<size_t> pos = {i, i + 1, i + 2};
          if (lead.lead == Lead::kBetween || lead.lead == Lead::kSince) {
            for (size_t k = lead.start; k < i; ++k) pos.push_back(k);
          }
          add_period(d1, IsoFromDays(days2->first + 1), pos, {});
          continue;
        }
      }
      add_period(d1, IsoFromDays(days1->first + 1), {i}, lead_in(i));
      continue;
    }
    // Month [de|of] Year, "em março" (the latest such month in the data), and ranges of months:
    // "entre janeiro e março de 2025", "de janeiro a março", "from January to March 2024".
    if (q_.IsCue(i, Cue::kMonth) && w[i].cue_owner == i) {
      const int month = w[i].cue->value;
      auto of_word = [&](size_t k) {
        return k < w.size() &&
               (w[k].token.norm == "de" || w[k].token.norm == "of" || w[k].token.norm == "do");
      };
      auto connector = [&](size_t k) {
        static const std::set<std::string> kTo = {"e",   "and",   "a",       "to",
                                                  "ate", "until", "through", "thru"};
        return k < w.size() && kTo.count(w[k].token.norm) > 0;
      };
      std::optional<int> month2;
      size_t j = i + 1;
      if (connector(j) && j + 1 < w.size() && q_.IsCue(j + 1, Cue::kMonth) &&
          w[j + 1].cue_owner == j + 1 && w[j + 1].token.norm.size() > 3) {
        month2 = w[j + 1].cue->value;
        j += 2;
      }
      const size_t last_month = month2 ? j - 1 : i;
      if (of_word(j)) ++j;
      auto year = year_at(j);
      const bool full_name = w[i].token.norm.size() > 3;
      const LeadIn lead = lead_in(i);
      // "em março", "in March", and "vendas de março", "sales of March".
      const bool in_value = std::any_of(values_.begin(), values_.end(), [&](const ValueMention& v) {
        return v.words.size() > 1 && v.score >= 2.5 &&
               std::find(v.words.begin(), v.words.end(), i) != v.words.end();
      });
      if (in_value) continue;  // "Rio de Janeiro" is a place
      const bool genitive = i > 0 && (w[i - 1].token.norm == "de" || w[i - 1].token.norm == "do" ||
                                      w[i - 1].token.norm == "of");
      const bool preceded =
          (lead.lead != Lead::kNone && (lead.lead != Lead::kBetween || month2)) || genitive;
      if (!year && !(full_name && (preceded || month2))) continue;
      std::vector<size_t> pos;
      for (size_t k = i; k <= last_month; ++k) pos.push_back(k);
      int y2;  // the year of the last month
      if (year) {
        y2 = *year;
        for (size_t k = last_month + 1; k <= j; ++k) pos.push_back(k);
      } else {
        // No year: the most recent such month in the data, said in the notes.
        std::optional<size_t> tc = time_col_ ? time_col_ : TimeColumnFor(main_table_);
        auto anchor = tc ? ParseIso(AnchorOf(*tc)) : std::nullopt;
        Civil a = anchor ? CivilFromDays(anchor->first) : Civil{2025, 12, 31};
        const int m = month2.value_or(month);
        y2 = m <= a.m ? a.y : a.y - 1;
        const std::string words = PhraseOf(q_, pos);
        plan_.notes.push_back(q_.language == Language::kPortuguese
                                  ? "\"" + words + "\" sem ano: usado " + std::to_string(y2) +
                                        ", o mais recente nos dados"
                                  : "no year given for \"" + words + "\": used " +
                                        std::to_string(y2) + ", the latest in the data");
      }
      const int y1 = month2 && *month2 < month ? y2 - 1 : y2;
      add_period(IsoDate(y1, month, 1), AddMonths(y2, month2.value_or(month), 1), pos, lead);
      continue;
    }
    // A quarter or half of a year: "primeiro semestre de 2025", "third quarter of 2024", "Q1
    // 2025", "H2".
    {
      static const std::map<std::string, int> kOrdinals = {
          {"primeiro", 1}, {"primeira", 1}, {"first", 1},  {"1o", 1},
          {"segundo", 2},  {"segunda", 2},  {"second", 2}, {"2o", 2},
          {"terceiro", 3}, {"terceira", 3}, {"third", 3},  {"3o", 3},
          {"quarto", 4},   {"quarta", 4},   {"fourth", 4}, {"4o", 4}};
      int n = 0, months = 0;
      size_t j = i;
      const std::string& t = w[i].token.norm;
      if (t.size() == 2 && (t[0] == 'q' || t[0] == 'h') && t[1] >= '1' && t[1] <= '4') {
        n = t[1] - '0';
        months = t[0] == 'q' ? 3 : 6;
        j = i + 1;
      } else if (auto o = kOrdinals.find(t); o != kOrdinals.end() && i + 1 < w.size()) {
        const std::string& unit = w[i + 1].token.norm;
        if (unit == "trimestre" || unit == "quarter") months = 3;
        if (unit == "semestre" || unit == "semester" || unit == "half") months = 6;
        n = o->second;
        j = i + 2;
      }
      if (months && n * months <= 12) {
        if (j < w.size() &&
            (w[j].token.norm == "de" || w[j].token.norm == "do" || w[j].token.norm == "of")) {
          ++j;
        }
        std::vector<size_t> pos;
        for (size_t k = i; k < j; ++k) pos.push_back(k);
        int y;
        if (auto year = year_at(j)) {
          y = *year;
          pos.push_back(j);
        } else {
          // No year: the latest such period in the data, said in the notes.
          std::optional<size_t> tc = time_col_ ? time_col_ : TimeColumnFor(main_table_);
          auto anchor = tc ? ParseIso(AnchorOf(*tc)) : std::nullopt;
          Civil a = anchor ? CivilFromDays(anchor->first) : Civil{2025, 12, 31};
          y = (n - 1) * months + 1 <= a.m ? a.y : a.y - 1;
          const std::string words = PhraseOf(q_, pos);
          plan_.notes.push_back(q_.language == Language::kPortuguese
                                    ? "\"" + words + "\" sem ano: usado " + std::to_string(y) +
                                          ", o mais recente nos dados"
                                    : "no year given for \"" + words + "\": used " +
                                          std::to_string(y) + ", the latest in the data");
        }
        const int first_month = (n - 1) * months + 1;
        add_period(IsoDate(y, first_month, 1), AddMonths(y, first_month, months), pos, lead_in(i));
        continue;
      }
    }
    // A year: "em 2024", "in 2023", "de 2025", "2024".
    if (IsYear(w[i].token)) {
      // A year right after a comparison cue is a number, not a date ("acima de 2000"), except
      // after "a partir de" ("a partir de 2024": since 2024).
      const LeadIn lead = lead_in(i);
      const bool compared =
          i > 0 &&
          (q_.IsCue(i - 1, Cue::kCompare) ||
           (w[i - 1].cue_owner != SIZE_MAX && q_.IsCue(w[i - 1].cue_owner, Cue::kCompare)));
      if (compared && lead.lead != Lead::kSince) continue;
      if (i + 1 < w.size() && (q_.IsCue(i + 1, Cue::kUnit))) continue;  // "2000 dias"
      const int y = static_cast<int>(w[i].token.number);
      // "entre 2023 e 2024"
      if (lead.lead == Lead::kBetween && i + 2 < w.size() && q_.IsCue(i + 1, Cue::kAnd) &&
          IsYear(w[i + 2].token)) {
        add_period(IsoDate(y, 1, 1), IsoDate(static_cast<int>(w[i + 2].token.number) + 1, 1, 1),
                   {i, i + 1, i + 2}, lead);
        continue;
      }
      add_period(IsoDate(y, 1, 1), IsoDate(y + 1, 1, 1), {i}, lead);
      continue;
    }
    // Relative periods anchored at the latest time in the data: "últimos 30 dias", "last 3 months",
    // "último ano", "mês passado", "este ano", "hoje", "ontem".
    if (q_.IsCue(i, Cue::kLast) || q_.IsCue(i, Cue::kThis) || q_.IsCue(i, Cue::kToday) ||
        q_.IsCue(i, Cue::kYesterday) ||
        ((q_.IsCue(i, Cue::kBucketNoun) || q_.IsCue(i, Cue::kUnit)) && i + 1 < w.size() &&
         q_.IsCue(i + 1, Cue::kPrevious))) {
      std::optional<size_t> tc = time_col_ ? time_col_ : TimeColumnFor(main_table_);
      if (!tc) continue;
      auto anchor = ParseIso(AnchorOf(*tc));
      if (!anchor) continue;
      const auto [days, secs] = *anchor;
      auto ts = [](int64_t d, int64_t s) {
        Civil c = CivilFromDays(d);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", c.y, c.m, c.d,
                      static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                      static_cast<int>(s % 60));
        return std::string(buf);
      };
      const Civil a = CivilFromDays(days);
      const int quarter_start = (a.m - 1) / 3 * 3 + 1;
      // The calendar period before the one holding the latest record.
      auto previous_period = [&](Bucket unit) -> std::pair<std::string, std::string> {
        switch (unit) {
          case Bucket::kMonth:
            return {AddMonths(a.y, a.m, -1), IsoDate(a.y, a.m, 1)};
          case Bucket::kQuarter:
            return {AddMonths(a.y, quarter_start, -3), IsoDate(a.y, quarter_start, 1)};
          case Bucket::kYear:
            return {IsoDate(a.y - 1, 1, 1), IsoDate(a.y, 1, 1)};
          case Bucket::kWeek: {
            const int64_t monday = days - ((days + 3) % 7);
            return {IsoFromDays(monday - 7), IsoFromDays(monday)};
          }
          default:
            return {IsoFromDays(days - 1), IsoFromDays(days)};
        }
      };
      auto note_previous = [&](const std::string& phrase, const std::string& from,
                               const std::string& until) {
        const std::string latest = AnchorOf(*tc).substr(0, 10);
        plan_.notes.push_back(
            q_.language == Language::kPortuguese
                ? "\"" + phrase + "\": de " + from + " até antes de " + until +
                      ", o período anterior ao do registro mais recente (" + latest + ")"
                : "\"" + phrase + "\": from " + from + " to before " + until +
                      ", the period before the one of the latest record (" + latest + ")");
      };
      if (q_.IsCue(i, Cue::kToday) || q_.IsCue(i, Cue::kYesterday)) {
        const int64_t d = q_.IsCue(i, Cue::kToday) ? days : days - 1;
        ranges_.push_back({IsoFromDays(d), IsoFromDays(d + 1), {i}, w[i].token.text});
        Use(i);
        continue;
      }
      if (q_.IsCue(i, Cue::kBucketNoun) || q_.IsCue(i, Cue::kUnit)) {
        // "mês passado", "ano passado", "trimestre anterior": the previous calendar period.
        const auto [from, until] = previous_period(static_cast<Bucket>(w[i].cue->value));
        ranges_.push_back({from, until, {i, i + 1}, PhraseRange(q_, i, i + 2)});
        note_previous(PhraseRange(q_, i, i + 2), from, until);
        Use({i, i + 1});
        continue;
      }
      // "últimos N <unit>", "last <unit>", "este <unit>".
      size_t j = i + 1;
      int64_t n = 1;
      const bool numbered = j < w.size() && w[j].token.kind == TokenKind::kNumber;
      if (numbered) {
        n = static_cast<int64_t>(w[j].token.number);
        ++j;
      }
      if (j >= w.size() || !(q_.IsCue(j, Cue::kUnit) || q_.IsCue(j, Cue::kBucketNoun))) continue;
      const auto unit = static_cast<Bucket>(w[j].cue->value);
      std::vector<size_t> pos;
      for (size_t k = i; k <= j; ++k) pos.push_back(k);
      if (i > 0 && (q_.IsCue(i - 1, Cue::kIn) || w[i - 1].token.norm == "nos" ||
                    w[i - 1].token.norm == "nas" || w[i - 1].token.norm == "the")) {
        pos.push_back(i - 1);
      }
      if (q_.IsCue(i, Cue::kThis)) {
        std::string from = unit == Bucket::kYear      ? IsoDate(a.y, 1, 1)
                           : unit == Bucket::kQuarter ? IsoDate(a.y, quarter_start, 1)
                           : unit == Bucket::kMonth   ? IsoDate(a.y, a.m, 1)
                           : unit == Bucket::kDay     ? IsoFromDays(days)
                                                      : IsoFromDays(days - ((days + 3) % 7));
        ranges_.push_back({from, "", pos, PhraseOf(q_, pos)});
        Use(pos);
        continue;
      }
      // "último trimestre", "last month", "last year" (no number, not "past"): the previous
      // calendar month, quarter or year. Weeks, days and hours, and "últimos 3 meses", count back
      // from the latest record instead.
      const bool calendar =
          !numbered && w[i].token.norm != "past" &&
          (unit == Bucket::kMonth || unit == Bucket::kQuarter || unit == Bucket::kYear);
      if (calendar) {
        const auto [from, until] = previous_period(unit);
        ranges_.push_back({from, until, pos, PhraseOf(q_, pos)});
        note_previous(PhraseOf(q_, pos), from, until);
        Use(pos);
        continue;
      }
      // A window ending at the latest timestamp: [anchor - n units, anchor].
      int64_t from_days = days;
      int64_t from_secs = secs;
      switch (unit) {
        case Bucket::kHour: {
          int64_t total = days * 86400 + secs - n * 3600;
          from_days = total / 86400;
          from_secs = total % 86400;
          break;
        }
        case Bucket::kDay:
          from_days -= n;
          break;
        case Bucket::kWeek:
          from_days -= 7 * n;
          break;
        case Bucket::kMonth:
        case Bucket::kQuarter: {
          const int months = static_cast<int>(n * (unit == Bucket::kQuarter ? 3 : 1));
          int total = a.y * 12 + (a.m - 1) - months;
          int y = total / 12, m = total % 12 + 1;
          int d = std::min(
              a.d,
              static_cast<int>(
                  CivilFromDays(DaysFromCivil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1).d));
          from_days = DaysFromCivil(y, m, d);
          break;
        }
        case Bucket::kYear:
          from_days = DaysFromCivil(a.y - static_cast<int>(n), a.m, std::min(a.d, 28)) +
                      (a.d > 28 ? a.d - 28 : 0);
          break;
        default:
          break;
      }
      ranges_.push_back({ts(from_days, from_secs), "", pos, PhraseOf(q_, pos)});
      plan_.notes.push_back(
          q_.language == Language::kPortuguese
              ? "\"" + PhraseOf(q_, pos) + "\" contado a partir do registro mais recente (" +
                    AnchorOf(*tc).substr(0, 10) + ")"
              : "\"" + PhraseOf(q_, pos) + "\" counted back from the latest record (" +
                    AnchorOf(*tc).substr(0, 10) + ")");
      Use(pos);
    }
  }
}

}  // namespace sagaz::nlq::internal
