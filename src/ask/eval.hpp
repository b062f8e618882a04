// Execution accuracy of NL→SQL on a question set: for each question, the result of the SQL Sagaz
// derives is compared with the result of the expected SQL (column names ignored; row order only
// when the expected SQL orders; numbers with a relative tolerance of 1e-9).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ask/engine.hpp"
#include "core/error.hpp"

namespace sagaz::sql {
class QueryService;
}

namespace sagaz::ask {

class AskService;

struct EvalCase {
  std::string id;
  std::string question;
  std::string language;  // "pt", "en" or empty (detected)
  std::string dataset;   // optional hint
  std::string expected_sql;
  bool order_matters = false;
};

struct EvalFailure {
  std::string id;
  std::string question;
  std::string reason;  // "parse", "sql", "result"
  std::string detail;
  std::string predicted_sql;
  std::string expected_sql;
};

struct EvalReport {
  int total = 0;
  int correct = 0;
  int total_pt = 0, correct_pt = 0;
  int total_en = 0, correct_en = 0;
  std::vector<EvalFailure> failures;
  double elapsed_ms = 0;
  double accuracy() const { return total ? static_cast<double>(correct) / total : 0; }
};

struct EvalOptions {
  Engine engine = Engine::kBuiltin;
};

Result<EvalReport> EvaluateNlq(AskService& ask, sql::QueryService& query,
                               const std::vector<EvalCase>& cases, const EvalOptions& options);

}  // namespace sagaz::ask
