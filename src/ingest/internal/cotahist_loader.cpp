// B3 COTAHIST files into a quotes table, through DuckDB's appender.
#include <fstream>

#include "core/strings.hpp"
#include "forecast/cotahist.hpp"
#include "forecast/series.hpp"
#include "ingest/internal/loader.hpp"

namespace sagaz::ingest::internal {

Result<LoadOutcome> LoadCotahist(db::Connection& conn, const Request& request,
                                 const std::string& staging, const ProgressFn& progress) {
  SAGAZ_TRY(conn.Execute(
      "CREATE TABLE " + QuoteIdent(staging) +
      " (date DATE, ticker VARCHAR, bdi VARCHAR, market INTEGER, name VARCHAR, spec VARCHAR, "
      "open DOUBLE, high DOUBLE, low DOUBLE, average DOUBLE, close DOUBLE, trades BIGINT, "
      "volume BIGINT, turnover DOUBLE, quote_factor BIGINT, isin VARCHAR)"));
  std::ifstream in(request.path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, "cannot open the file");
  std::error_code ec;
  const auto total = static_cast<double>(std::filesystem::file_size(request.path, ec));
  auto appender = SAGAZ_TRY(conn.CreateAppender("main", staging));
  int64_t rows = 0;
  auto on_quote = [&](const forecast::CotahistRecord& r) -> Status {
    appender.Append(db::Date{r.day})
        .Append(std::string_view(r.ticker))
        .Append(std::string_view(r.bdi))
        .Append(static_cast<int32_t>(r.market))
        .Append(std::string_view(r.name))
        .Append(std::string_view(r.spec))
        .Append(r.open)
        .Append(r.high)
        .Append(r.low)
        .Append(r.average)
        .Append(r.close)
        .Append(r.trades)
        .Append(r.quantity)
        .Append(r.turnover)
        .Append(r.quote_factor)
        .Append(std::string_view(r.isin));
    SAGAZ_TRY(appender.EndRow());
    if (++rows % 8192 == 0) {
      if (request.cancelled && request.cancelled()) {
        return Fail(ErrorCode::kCancelled, "the ingest was cancelled; nothing was loaded");
      }
      if (progress && total > 0) {
        const auto at = static_cast<double>(in.tellg());
        if (at > 0) progress(0.85 * at / total);
      }
    }
    return Ok();
  };
  const forecast::CotahistOptions options;
  auto summary = SAGAZ_TRY(forecast::ReadCotahist(in, options, on_quote));
  SAGAZ_TRY(appender.Close());

  LoadOutcome outcome;
  outcome.rows_rejected = summary.rejected;
  for (const auto& e : summary.errors) {
    outcome.rejections.push_back({e.line, "", e.reason, ""});
  }
  outcome.decisions.push_back(
      "format: B3 COTAHIST (fixed-width quote lines" +
      std::string(summary.file_name.empty() ? "" : ", " + summary.file_name) + ")");
  outcome.decisions.push_back(
      "kept " + std::to_string(summary.quotes) +
      " quotes of the cash lot market (TPMERC 010) with BDI code 02 or 96; skipped " +
      std::to_string(summary.other_market) +
      " of other markets (options, forwards, odd lots, "
      "auctions) and " +
      std::to_string(summary.other_bdi) + " with other BDI codes");
  outcome.decisions.push_back(
      "prices: the file's cents divided by 100 and by the quote factor (FATCOT), per share; "
      "volume is the number of shares (QUATOT), turnover the amount in BRL (VOLTOT)");
  if (!summary.trailer) {
    outcome.decisions.push_back("the file has no trailer line (99): it may be cut short");
  }
  return outcome;
}

}  // namespace sagaz::ingest::internal
