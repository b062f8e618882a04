#include "wire/ask.hpp"

#include "core/strings.hpp"

namespace sagaz::wire {

Json ToJson(const nlq::Plan& plan) {
  Json interpretation = Json::array();
  for (const auto& m : plan.interpretation) {
    interpretation.push_back({{"phrase", m.phrase}, {"role", m.role}, {"target", m.target}});
  }
  Json j = {{"language", std::string(nlq::ToString(plan.language))},
            {"shape", std::string(nlq::ToString(plan.shape))},
            {"table", plan.table},
            {"aggregate", std::string(nlq::ToString(plan.aggregate))},
            {"interpretation", interpretation},
            {"confidence", plan.confidence},
            {"notes", plan.notes},
            {"projection_sql", plan.projection_sql},
            {"answer_sql", plan.answer_sql}};
  if (plan.measure) j["measure"] = plan.measure->table + "." + plan.measure->column;
  if (plan.group) j["group_by"] = plan.group->table + "." + plan.group->column;
  if (plan.time) j["time"] = plan.time->table + "." + plan.time->column;
  if (plan.bucket != nlq::Bucket::kNone) j["bucket"] = std::string(nlq::ToString(plan.bucket));
  if (plan.limit) j["limit"] = *plan.limit;
  return j;
}

Json ToJson(const ask::EvalReport& r) {
  Json failures = Json::array();
  for (const auto& f : r.failures) {
    failures.push_back({{"id", f.id},
                        {"question", f.question},
                        {"reason", f.reason},
                        {"detail", f.detail},
                        {"predicted_sql", f.predicted_sql},
                        {"expected_sql", f.expected_sql}});
  }
  return {{"total", r.total},
          {"correct", r.correct},
          {"accuracy", r.accuracy()},
          {"pt", {{"total", r.total_pt}, {"correct", r.correct_pt}}},
          {"en", {{"total", r.total_en}, {"correct", r.correct_en}}},
          {"failures", failures},
          {"elapsed_ms", r.elapsed_ms}};
}

Result<std::vector<ask::EvalCase>> ParseEvalCases(std::string_view jsonl) {
  std::vector<ask::EvalCase> cases;
  int line_no = 0;
  for (auto line : Split(jsonl, '\n')) {
    ++line_no;
    if (Trim(line).empty()) continue;
    Json j = Json::parse(line, nullptr, false);
    auto bad = [&](const std::string& why) {
      return Fail(Error(ErrorCode::kInvalidArgument, "line " + std::to_string(line_no) + ": " + why)
                      .With("line", std::to_string(line_no)));
    };
    if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
    if (!j.contains("question") || !j["question"].is_string())
      return bad("\"question\" (string) is required");
    const char* sql_key = j.contains("sql") ? "sql" : "expected_sql";
    if (!j.contains(sql_key) || !j[sql_key].is_string())
      return bad("\"sql\" (the expected SQL) is required");
    ask::EvalCase c;
    c.id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>()
                                                   : std::to_string(line_no);
    c.question = j["question"].get<std::string>();
    c.expected_sql = j[sql_key].get<std::string>();
    if (j.contains("lang") && j["lang"].is_string()) c.language = j["lang"].get<std::string>();
    if (j.contains("dataset") && j["dataset"].is_string())
      c.dataset = j["dataset"].get<std::string>();
    if (j.contains("order_matters") && j["order_matters"].is_boolean())
      c.order_matters = j["order_matters"].get<bool>();
    cases.push_back(std::move(c));
  }
  if (cases.empty()) return Fail(ErrorCode::kInvalidArgument, "the question set is empty");
  return cases;
}

}  // namespace sagaz::wire
