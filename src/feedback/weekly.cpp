// The weekly summary: a week's comments beside the week before (volume, sentiment shift, top and
// rising tags, highlights) with a short text in English and Portuguese by the builtin writer.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/strings.hpp"
#include "feedback/feedback.hpp"
#include "feedback/internal/service.hpp"

namespace sagaz::feedback {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr size_t kTopTags = 5;

Error BadWeek(std::string_view week) {
  return Error(ErrorCode::kInvalidArgument,
               "week '" + SanitizeUtf8(week.substr(0, 40)) +
                   "' is not a week: use 2024-W10 (ISO week) or a date in it (2024-03-06)")
      .With("field", "week");
}

sys_days MondayOf(sys_days day) {
  const std::chrono::weekday wd{day};
  return day - days((wd.c_encoding() + 6) % 7);
}

// The ISO week of a Monday: "2024-W10".
std::string IsoWeek(sys_days monday) {
  const std::chrono::year_month_day thursday{monday + days(3)};
  const sys_days jan1 = sys_days(thursday.year() / 1 / 1);
  const auto week = ((monday + days(3)) - jan1).count() / 7 + 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d-W%02d", static_cast<int>(thursday.year()),
                static_cast<int>(week));
  return buf;
}

std::string Date(sys_days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<sys_days> ParseWeek(std::string_view text) {
  const std::string t(Trim(text));
  if (t.empty()) {
    // The last complete week.
    const auto today = std::chrono::floor<days>(std::chrono::system_clock::now());
    return MondayOf(today) - days(7);
  }
  int year = 0, week = 0;
  char tail = 0;
  if (std::sscanf(t.c_str(), "%d-W%d%c", &year, &week, &tail) == 2 ||
      std::sscanf(t.c_str(), "%d-w%d%c", &year, &week, &tail) == 2) {
    if (year < 1900 || year > 9999 || week < 1 || week > 53) return Fail(BadWeek(text));
    const sys_days week1 = MondayOf(sys_days(std::chrono::year{year} / 1 / 4));
    const sys_days monday = week1 + days(7 * (week - 1));
    if (IsoWeek(monday) != t.substr(0, 5) + "W" + (week < 10 ? "0" : "") + std::to_string(week)) {
      return Fail(BadWeek(text));  // week 53 of a year that has 52
    }
    return monday;
  }
  const auto us = ParseTime(t);
  if (!us) return Fail(BadWeek(text));
  return MondayOf(sys_days(days(static_cast<int64_t>(std::floor(*us / 86'400e6)))));
}

double Net(const SentimentCounts& c) {
  const auto total = c.total();
  return total > 0 ? static_cast<double>(c.positive - c.negative) / static_cast<double>(total) : 0;
}

std::string Signed(double v, int decimals = 2) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.*f", decimals, v);
  return buf;
}

std::string Percent(int64_t part, int64_t whole) {
  return whole > 0 ? std::to_string(static_cast<int64_t>(std::lround(
                         100.0 * static_cast<double>(part) / static_cast<double>(whole)))) +
                         "%"
                   : "0%";
}

void Write(WeeklySummary& w, const Taxonomy& taxonomy) {
  auto name = [&](const std::string& id, bool pt) {
    for (const auto& t : taxonomy.tags()) {
      if (t.id == id) return pt ? t.name_pt : t.name_en;
    }
    return id;
  };
  const auto& s = w.sentiment;
  const int64_t classified = s.total();
  std::string volume_en, volume_pt;
  if (w.previous_comments > 0) {
    const double change = 100.0 * static_cast<double>(w.comments - w.previous_comments) /
                          static_cast<double>(w.previous_comments);
    volume_en = " (" + Signed(change, 0) + "% on the week before)";
    volume_pt = " (" + Signed(change, 0) + "% sobre a semana anterior)";
  }
  w.text_en = "Week " + w.week + " (" + w.from + " to " + w.to +
              "): " + std::to_string(w.comments) + " comments" + volume_en + ". ";
  w.text_pt = "Semana " + w.week + " (" + w.from + " a " + w.to +
              "): " + std::to_string(w.comments) + " comentários" + volume_pt + ". ";
  if (classified > 0) {
    w.text_en += Percent(s.positive, classified) + " positive, " + Percent(s.negative, classified) +
                 " negative; net sentiment " + Signed(w.net);
    w.text_pt += Percent(s.positive, classified) + " positivos, " +
                 Percent(s.negative, classified) + " negativos; sentimento líquido " +
                 Signed(w.net);
    if (w.previous_sentiment.total() > 0) {
      const double shift = w.net - w.previous_net;
      w.text_en += std::string(shift > 0.005    ? " (up "
                               : shift < -0.005 ? " (down "
                                                : " (flat, ") +
                   Signed(std::abs(shift)).substr(1) + " from " + Signed(w.previous_net) + ")";
      w.text_pt += std::string(shift > 0.005    ? " (subiu "
                               : shift < -0.005 ? " (caiu "
                                                : " (estável, ") +
                   Signed(std::abs(shift)).substr(1) + " desde " + Signed(w.previous_net) + ")";
    }
    w.text_en += ". ";
    w.text_pt += ". ";
  }
  auto list = [&](const std::vector<TagTrend>& tags, bool pt, bool rising) {
    std::string out;
    for (const auto& t : tags) {
      if (!out.empty()) out += ", ";
      out += name(t.tag, pt) + " (" + std::to_string(t.count);
      if (rising)
        out += pt ? ", eram " + std::to_string(t.previous) : ", was " + std::to_string(t.previous);
      out += ")";
    }
    return out;
  };
  if (!w.top_tags.empty()) {
    w.text_en += "Most mentioned: " + list(w.top_tags, false, false) + ". ";
    w.text_pt += "Mais citados: " + list(w.top_tags, true, false) + ". ";
  }
  if (!w.rising_tags.empty()) {
    w.text_en += "Rising: " + list(w.rising_tags, false, true) + ".";
    w.text_pt += "Em alta: " + list(w.rising_tags, true, true) + ".";
  }
  w.text_en = std::string(Trim(w.text_en));
  w.text_pt = std::string(Trim(w.text_pt));
}

}  // namespace

Result<WeeklySummary> FeedbackService::Weekly(std::string_view week) {
  const sys_days monday = SAGAZ_TRY(ParseWeek(week));
  WeeklySummary w;
  w.week = IsoWeek(monday);
  w.from = Date(monday);
  w.to = Date(monday + days(6));
  const auto current = SAGAZ_TRY(Summarize({.from = Date(monday), .to = Date(monday + days(7))}));
  const auto previous = SAGAZ_TRY(Summarize({.from = Date(monday - days(7)), .to = Date(monday)}));
  w.comments = current.comments;
  w.previous_comments = previous.comments;
  w.sentiment = current.sentiment;
  w.previous_sentiment = previous.sentiment;
  w.net = Net(current.sentiment);
  w.previous_net = Net(previous.sentiment);
  std::map<std::string, int64_t> before;
  for (const auto& t : previous.by_tag) before[t.key] = t.counts.total();
  std::vector<TagTrend> all;
  for (const auto& t : current.by_tag) {
    all.push_back({t.key, t.counts.total(), before[t.key], t.counts.negative});
  }
  for (size_t i = 0; i < all.size() && i < kTopTags; ++i) w.top_tags.push_back(all[i]);
  // Rising: more mentions than the week before, by the largest growth (then the largest count).
  std::vector<TagTrend> rising;
  for (const auto& t : all) {
    if (t.count >= 2 && t.count > t.previous) rising.push_back(t);
  }
  std::stable_sort(rising.begin(), rising.end(), [](const TagTrend& a, const TagTrend& b) {
    const double ga =
        static_cast<double>(a.count) / static_cast<double>(std::max<int64_t>(1, a.previous));
    const double gb =
        static_cast<double>(b.count) / static_cast<double>(std::max<int64_t>(1, b.previous));
    return ga != gb ? ga > gb : a.count > b.count;
  });
  if (rising.size() > kTopTags) rising.resize(kTopTags);
  w.rising_tags = std::move(rising);
  const auto where =
      SAGAZ_TRY(internal::WhereOf({.from = Date(monday), .to = Date(monday + days(7))}));
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  w.highlights = SAGAZ_TRY(internal::Highlights(*conn, where, 2));
  Write(w, *impl_->taxonomy);
  return w;
}

Result<std::vector<WeeklySummary>> FeedbackService::RecentWeeks(int64_t limit) {
  std::vector<std::string> mondays;
  {
    auto conn = SAGAZ_TRY(impl_->pool.Acquire());
    auto result = SAGAZ_TRY(conn->Query(
        "SELECT DISTINCT strftime(date_trunc('week', coalesce(created_at, received_at)), "
        "'%Y-%m-%d') AS monday FROM _sagaz.feedback_comments ORDER BY monday DESC LIMIT " +
        std::to_string(std::clamp<int64_t>(limit, 1, 52))));
    for (const auto& row : SAGAZ_TRY(result.FetchRows())) mondays.push_back(db::TextOf(row[0]));
  }
  std::vector<WeeklySummary> out;
  for (const auto& monday : mondays) out.push_back(SAGAZ_TRY(Weekly(monday)));
  return out;
}

}  // namespace sagaz::feedback
