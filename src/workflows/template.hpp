// ${path} references in step inputs (see definition.hpp): finding them and filling them in.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "workflows/expr.hpp"

namespace sagaz::workflows {

// Every ${...} in the strings of `value`, parsed; an error names the reference that is malformed.
Result<std::vector<Path>> FindReferences(const Json& value);

// `value` with each reference replaced from `scope` ({"vars", "steps", "item", "index"}): a
// string that is exactly one reference becomes the value itself, otherwise the value as text
// (strings as they are, anything else as JSON). Missing values become null (or "" inside text).
Json Substitute(const Json& value, const Json& scope);

}  // namespace sagaz::workflows
