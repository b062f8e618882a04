// One comment of a JSON batch or an NDJSON line, read into a CommentInput or the item's error.
#pragma once

#include <string_view>
#include <variant>

#include "feedback/feedback.hpp"
#include "wire/json.hpp"

namespace sagaz::wire::internal {

using CommentItem = std::variant<feedback::CommentInput, feedback::ItemError>;

// {"id", "text", "source"?, "author"?, "created_at"?, "metadata"?}: id a string or an integer,
// metadata an object; other fields and types are the item's error.
CommentItem ParseCommentItem(const Json& item, int64_t index);
// A line of NDJSON.
CommentItem ParseCommentLine(std::string_view line, int64_t index);

}  // namespace sagaz::wire::internal
