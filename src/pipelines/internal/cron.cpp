#include "pipelines/internal/cron.hpp"

#include <string>
#include <vector>

#include "core/strings.hpp"

namespace sagaz::pipelines::internal {
namespace {

struct Field {
  const char* name;
  int min, max;
};
constexpr Field kFields[] = {{"minute", 0, 59},
                             {"hour", 0, 23},
                             {"day of month", 1, 31},
                             {"month", 1, 12},
                             {"day of week", 0, 7}};

bool InRange(std::string_view text, const Field& f) {
  auto v = ParseNumber<int>(text);
  return v && *v >= f.min && *v <= f.max;
}

bool ValidPart(std::string_view part, const Field& f) {
  std::string_view range = part, step;
  if (auto slash = part.find('/'); slash != std::string_view::npos) {
    range = part.substr(0, slash);
    step = part.substr(slash + 1);
    auto s = ParseNumber<int>(step);
    if (!s || *s < 1 || *s > f.max) return false;
  }
  if (range == "*") return true;
  if (auto dash = range.find('-'); dash != std::string_view::npos) {
    const auto lo = range.substr(0, dash), hi = range.substr(dash + 1);
    return InRange(lo, f) && InRange(hi, f) && *ParseNumber<int>(lo) <= *ParseNumber<int>(hi);
  }
  return InRange(range, f) && step.empty();
}

}  // namespace

Status CheckCron(std::string_view expr) {
  std::vector<std::string_view> fields;
  for (auto f : Split(Trim(expr), ' ')) {
    if (!f.empty()) fields.push_back(f);
  }
  if (fields.size() != 5) {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(expr) +
                    "' is not a cron expression of five fields (minute hour day month weekday)");
  }
  for (size_t i = 0; i < 5; ++i) {
    for (auto part : Split(fields[i], ',')) {
      if (!ValidPart(part, kFields[i])) {
        return Fail(ErrorCode::kInvalidArgument,
                    "the " + std::string(kFields[i].name) + " field '" + std::string(fields[i]) +
                        "' is not valid (" + std::to_string(kFields[i].min) + "-" +
                        std::to_string(kFields[i].max) + ", *, a-b, a,b, */n)");
      }
    }
  }
  return Ok();
}

}  // namespace sagaz::pipelines::internal
