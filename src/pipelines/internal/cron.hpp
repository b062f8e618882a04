// Cron expressions of pipeline schedules: five fields (minute hour day-of-month month
// day-of-week), each "*", a number, a range "a-b", a list "a,b" or a step "*/n", "a-b/n".
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace sagaz::pipelines::internal {

// Ok when `expr` is a valid five-field expression; otherwise an error naming the field.
Status CheckCron(std::string_view expr);

}  // namespace sagaz::pipelines::internal
