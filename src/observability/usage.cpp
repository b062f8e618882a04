#include "observability/usage.hpp"

#include <ctime>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "db/db.hpp"

namespace sagaz::observability {
namespace {

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.usage(ts_ms BIGINT NOT NULL, method VARCHAR NOT NULL, route VARCHAR NOT "
    "NULL, user_name VARCHAR NOT NULL, status INTEGER NOT NULL, ms DOUBLE NOT NULL)",
};
constexpr size_t kMaxBuffered = 200'000;  // past this (the store is stuck) records are dropped

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  std::tm tm{};
  tm.tm_year = std::stoi(std::string(s.substr(0, 4))) - 1900;
  tm.tm_mon = std::stoi(std::string(s.substr(5, 2))) - 1;
  tm.tm_mday = std::stoi(std::string(s.substr(8, 2)));
  const int mon = tm.tm_mon, mday = tm.tm_mday;
  std::time_t t = timegm(&tm);
  std::tm back{};
  gmtime_r(&t, &back);
  return back.tm_mon == mon && back.tm_mday == mday;
}

std::string DayOf(int64_t ms) { return Iso8601FromMs(ms).substr(0, 10); }

}  // namespace

Result<DateRange> ParseDateRange(std::string_view start, std::string_view end) {
  DateRange r;
  r.end_date = end.empty() ? DayOf(NowMs()) : std::string(end);
  r.start_date = start.empty() ? "" : std::string(start);
  for (const auto& [name, value] :
       {std::pair{"end_date", r.end_date}, std::pair{"start_date", r.start_date}}) {
    if (!value.empty() && !IsDate(value)) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        std::string(name) + " must be a date as YYYY-MM-DD, got '" + value + "'")
                      .With("field", name));
    }
  }
  if (r.start_date.empty()) {
    std::tm tm{};
    tm.tm_year = std::stoi(r.end_date.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(r.end_date.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(r.end_date.substr(8, 2)) - 6;
    r.start_date = DayOf(static_cast<int64_t>(timegm(&tm)) * 1000);
  }
  if (r.start_date > r.end_date) {
    return Fail(Error(ErrorCode::kInvalidArgument, "start_date is after end_date")
                    .With("field", "start_date"));
  }
  return r;
}

UsageLog::UsageLog(db::ConnectionPool& pool) : pool_(pool) {
  thread_ = std::thread([this] { Run(); });
}

UsageLog::~UsageLog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  (void)Flush();
}

Result<std::unique_ptr<UsageLog>> UsageLog::Open(db::ConnectionPool& pool) {
  auto conn = SAGAZ_TRY(pool.Acquire());
  SAGAZ_TRY(db::ApplyMigrations(*conn, "usage", kMigrations));
  return std::unique_ptr<UsageLog>(new UsageLog(pool));
}

void UsageLog::Record(UsageRecord record) {
  std::lock_guard lock(mu_);
  if (buffer_.size() < kMaxBuffered) buffer_.push_back(std::move(record));
}

void UsageLog::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_; });
    if (stop_) break;
    lock.unlock();
    auto st = Flush();
    if (!st) log::Warn("could not store usage records", {{"error", st.error().message}});
    lock.lock();
  }
}

Status UsageLog::Flush() {
  std::lock_guard writer(flush_mu_);
  std::vector<UsageRecord> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(buffer_);
  }
  if (batch.empty()) return Ok();
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto appender = SAGAZ_TRY(conn->CreateAppender("_sagaz", "usage"));
  for (const auto& r : batch) {
    appender.Append(r.ts_ms)
        .Append(std::string_view(r.method))
        .Append(std::string_view(r.route))
        .Append(std::string_view(r.user))
        .Append(static_cast<int32_t>(r.status))
        .Append(r.ms);
    SAGAZ_TRY(appender.EndRow());
  }
  return appender.Close();
}

Result<std::vector<UsageRow>> UsageLog::Usage(const DateRange& range) {
  SAGAZ_TRY(Flush());
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {range.start_date, range.end_date};
  auto r = SAGAZ_TRY(conn->Query(
      "WITH u AS (SELECT strftime(epoch_ms(ts_ms), '%Y-%m-%d') AS day, * FROM _sagaz.usage) "
      "SELECT day, route, user_name, count(*), count(*) FILTER (WHERE status BETWEEN 400 AND 499), "
      "count(*) FILTER (WHERE status >= 500), quantile_cont(ms, 0.5), quantile_cont(ms, 0.95) "
      "FROM u WHERE day BETWEEN ? AND ? GROUP BY ALL ORDER BY day, count(*) DESC, route, user_name",
      p));
  std::vector<UsageRow> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    out.push_back({db::TextOf(row[0]), db::TextOf(row[1]), db::TextOf(row[2]), db::IntOf(row[3]),
                   db::IntOf(row[4]), db::IntOf(row[5]), db::DoubleOf(row[6]).value_or(0),
                   db::DoubleOf(row[7]).value_or(0)});
  }
  return out;
}

Result<Performance> UsageLog::PerformanceOf(const DateRange& range) {
  SAGAZ_TRY(Flush());
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {range.start_date, range.end_date};
  const std::string from =
      "FROM (SELECT strftime(epoch_ms(ts_ms), '%Y-%m-%d') AS day, * FROM _sagaz.usage) u "
      "WHERE day BETWEEN ? AND ? ";
  Performance out;
  auto routes = SAGAZ_TRY(
      conn->Query("SELECT method, route, count(*), count(*) FILTER (WHERE status >= 500), "
                  "quantile_cont(ms, 0.5), quantile_cont(ms, 0.95), quantile_cont(ms, 0.99), "
                  "avg(ms), max(ms) " +
                      from + "GROUP BY ALL ORDER BY count(*) DESC, route, method",
                  p));
  for (const auto& row : SAGAZ_TRY(routes.FetchRows())) {
    out.routes.push_back({db::TextOf(row[0]), db::TextOf(row[1]), db::IntOf(row[2]),
                          db::IntOf(row[3]), db::DoubleOf(row[4]).value_or(0),
                          db::DoubleOf(row[5]).value_or(0), db::DoubleOf(row[6]).value_or(0),
                          db::DoubleOf(row[7]).value_or(0), db::DoubleOf(row[8]).value_or(0)});
  }
  auto daily = SAGAZ_TRY(conn->Query(
      "SELECT day, count(*), count(*) FILTER (WHERE status >= 500), quantile_cont(ms, 0.5), "
      "quantile_cont(ms, 0.95) " +
          from + "GROUP BY day ORDER BY day",
      p));
  for (const auto& row : SAGAZ_TRY(daily.FetchRows())) {
    out.daily.push_back({db::TextOf(row[0]), db::IntOf(row[1]), db::IntOf(row[2]),
                         db::DoubleOf(row[3]).value_or(0), db::DoubleOf(row[4]).value_or(0)});
  }
  return out;
}

Result<int64_t> UsageLog::Purge(int64_t days) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {NowMs() - days * 86'400'000};
  auto r = SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.usage WHERE ts_ms < ?", p));
  return r.rows_changed();
}

}  // namespace sagaz::observability
