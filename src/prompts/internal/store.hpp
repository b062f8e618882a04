// Persistence of prompts, their versions, test cases and runs in _sagaz tables. Plain reads and
// writes on a caller's connection; validation and locking are the service's. Lists of variables,
// values, expectations and checks are stored as JSON text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/db.hpp"
#include "prompts/prompts.hpp"

namespace sagaz::prompts::internal {

Status Migrate(db::Connection& conn);

// The prompt row with its latest version and the count of versions.
Result<std::optional<Prompt>> LoadPrompt(db::Connection& conn, std::string_view id_or_name);
Result<std::vector<Prompt>> LoadPrompts(db::Connection& conn);
Status InsertPrompt(db::Connection& conn, const Prompt& p, int64_t now_ms);
Status UpdatePrompt(db::Connection& conn, const Prompt& p, int64_t now_ms);
// The prompt and every row that belongs to it.
Status DeletePrompt(db::Connection& conn, std::string_view id);

Status InsertVersion(db::Connection& conn, std::string_view prompt_id, const Version& v,
                     int64_t now_ms);
// Newest first; `number` 0: all.
Result<std::vector<Version>> LoadVersions(db::Connection& conn, std::string_view prompt_id,
                                          int number = 0);

Status InsertTest(db::Connection& conn, const TestCase& t, int64_t now_ms);
Result<std::vector<TestCase>> LoadTests(db::Connection& conn, std::string_view prompt_id);
// Whether a row was removed.
Result<bool> DeleteTestRow(db::Connection& conn, std::string_view prompt_id,
                           std::string_view test_id);

Status InsertRun(db::Connection& conn, const PromptRun& r, int64_t now_ms);
Result<std::vector<PromptRun>> LoadRuns(db::Connection& conn, std::string_view prompt_id,
                                        int limit);

}  // namespace sagaz::prompts::internal
