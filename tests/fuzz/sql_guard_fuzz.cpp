// The SQL guard and what it lets run: any text is checked as a query (and run under a short time
// and row limit when accepted) and as a row filter. No input may crash or hang the process; the App
// is confined as `sagaz serve` confines it.
#include <chrono>
#include <cstdint>
#include <string_view>

#include "fuzz_app.hpp"
#include "sql/guard.hpp"
#include "sql/query.hpp"

namespace {
sagaz::App* g_app = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_app = sagaz::fuzz::OpenApp(
      {{"orders",
        "id,customer_id,status,amount,created\n1,1,complete,5,2024-01-01\n2,2,complete,20.5,"
        "2024-02-01\n3,,,,\n"},
       {"customers", "id,name\n1,Ana\n2,Bia\n"}});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sql::QueryOptions options;
  options.row_limit = 20;
  options.timeout = std::chrono::milliseconds(200);
  (void)g_app->query().Run(text, options);
  options.policy = sql::Policy::kStrict;
  (void)g_app->query().Run(text, options);
  if (auto conn = g_app->pool().Acquire()) {
    const sql::GuardOptions guard{sql::Policy::kStandard, {"orders", "customers"}};
    (void)sql::CheckFilter(**conn, "orders", text, guard);
  }
  return 0;
}
