// Persistence of saved questions, dashboards, public links and collection roles in _sagaz tables.
// Plain reads and writes on a caller's connection; access rules and caching are the service's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "dashboards/dashboards.hpp"
#include "db/db.hpp"

namespace sagaz::dashboards::internal {

// Creates or upgrades the tables.
Status Migrate(db::Connection& conn);

Result<std::optional<Question>> LoadQuestion(db::Connection& conn, std::string_view id);
Result<std::vector<Question>> LoadQuestions(db::Connection& conn);
// The questions of these ids that exist, in one query.
Result<std::vector<Question>> LoadQuestionsIn(db::Connection& conn,
                                              const std::vector<std::string>& ids);
// Inserts or replaces by id.
Status SaveQuestion(db::Connection& conn, const Question& q, int64_t created_ms,
                    int64_t updated_ms);
Status DeleteQuestionRow(db::Connection& conn, std::string_view id);
// Names of dashboards with a card showing the question.
Result<std::vector<std::string>> DashboardsUsing(db::Connection& conn,
                                                 std::string_view question_id);

Result<std::optional<Dashboard>> LoadDashboard(db::Connection& conn, std::string_view id);
Result<std::vector<Dashboard>> LoadDashboards(db::Connection& conn);
// Inserts or replaces by id, cards and filters included.
Status SaveDashboard(db::Connection& conn, const Dashboard& d, int64_t created_ms,
                     int64_t updated_ms);
Status DeleteDashboardRows(db::Connection& conn, std::string_view id);

Result<std::optional<PublicLink>> ActiveLink(db::Connection& conn, std::string_view dashboard_id);
// The dashboard of an active token.
Result<std::optional<std::string>> DashboardOfToken(db::Connection& conn, std::string_view token);
Status InsertLink(db::Connection& conn, const PublicLink& link, std::string_view created_by);
Status RevokeLinks(db::Connection& conn, std::string_view dashboard_id);

Result<std::vector<Collection>> LoadCollections(db::Connection& conn);
Status SaveCollection(db::Connection& conn, const Collection& c);

}  // namespace sagaz::dashboards::internal
