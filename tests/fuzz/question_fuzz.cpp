// Questions: any text is asked (builtin engine, both policies) over datasets shaped to break
// answers: a time series, categories, a NULL-only column, a one-row table and two unrelated
// tables with look-alike keys (empty results come from filters: "em 2031"). An answer may be
// unclear or refused; none may crash or hang. (ask_fuzz generates well-formed questions and model
// plans; this mutates the bytes of questions.)
#include <cstdint>
#include <string>

#include "ask/ask.hpp"
#include "fuzz_app.hpp"

namespace {
sagaz::App* g_app = nullptr;

std::string Series() {
  std::string csv = "data,sensor,nivel_agua,temperatura,categoria\n";
  for (int d = 0; d < 400; ++d) {
    const int m = d / 31 % 12 + 1, day = d % 28 + 1, y = 2023 + d / 372;
    csv += std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m) + "-" +
           (day < 10 ? "0" : "") + std::to_string(day) + ",S" + std::to_string(d % 3) + "," +
           std::to_string(2.5 + (d % 17) * 0.1) + "," + std::to_string(20 + d % 9) + "," +
           (d % 5 == 0 ? "cama_mesa_banho" : "beleza_saude") + "\n";
  }
  return csv;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_app = sagaz::fuzz::OpenApp(
      {{"leituras", Series()},
       {"nulos", "id,valor,nome\n1,,\n2,,\n3,,\n"},
       {"uma_linha", "id,preco,marca,data\n1,9.9,Acme,2024-05-01\n"},
       {"products", "id,product_id,name,price\n1,10,Lamp,12.5\n2,20,Desk,99\n"},
       {"reviews", "review_id,product_id,score,gender\n1,99,5,F\n2,98,3,M\n"}});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz;
  if (size > 2000) return 0;  // questions are short; the API refuses long ones before parsing
  ask::AskRequest request;
  request.question.assign(reinterpret_cast<const char*>(data), size);
  request.engine = ask::Engine::kBuiltin;
  request.policy = size % 2 ? sql::Policy::kStrict : sql::Policy::kStandard;
  (void)g_app->ask().Ask(request);
  return 0;
}
