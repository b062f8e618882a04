// B3 COTAHIST files: any bytes are read as one (fixed-width quote lines), each line also parsed on
// its own, and whatever is kept cleaned into series. A file may be refused with a clear error;
// none may crash or hang the process.
#include <cstdint>
#include <map>
#include <sstream>
#include <string>

#include "forecast/cotahist.hpp"
#include "forecast/features.hpp"
#include "forecast/series.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz::forecast;
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)LooksLikeCotahist(text);
  std::istringstream in(text);
  std::map<std::string, std::vector<RawBar>> bars;
  CotahistOptions options;
  options.keep_all = size % 2 == 0;
  auto summary = ReadCotahist(in, options, [&](const CotahistRecord& r) -> sagaz::Status {
    RawBar b;
    b.day = r.day;
    b.open = r.open;
    b.high = r.high;
    b.low = r.low;
    b.close = r.close;
    b.volume = static_cast<double>(r.quantity);
    bars[r.ticker].push_back(b);
    return sagaz::Ok();
  });
  if (!summary) return 0;
  for (auto& [ticker, rows] : bars) {
    DataReport report;
    auto series = CleanSeries(ticker, std::move(rows), report);
    if (series) (void)ComputeFeatures(*series);
  }
  return 0;
}
