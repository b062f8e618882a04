// The `when` language of workflow steps: comparisons of references, numbers and strings joined by
// and/or/not, e.g.
//
//   steps.count.output.rows > 100 and vars.region == "sul"
//   not (steps.check.output.ok == true) || vars.force == "yes"
//
// A reference is a dotted path into the run's values (`steps.<id>.output.<field>...`,
// `vars.<name>`, `item` inside a foreach), with `[n]` for list elements. A missing value is null;
// comparing null with anything but null is false. Numbers compare as numbers, strings as bytes;
// comparing a number with a string is false (`!=` true). A bare value is true unless it is null,
// false, 0 or "".
//
// Parse once (Parse validates and reports the column of the first error), evaluate many times.
// Thread-safe: an Expression is immutable once parsed.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::workflows {

using Json = nlohmann::ordered_json;

// A reference: path segments, each a name or a list index.
struct Path {
  struct Segment {
    std::string name;  // empty for an index
    size_t index = 0;
  };
  std::vector<Segment> segments;
  std::string text;  // as written
};

// Parses "steps.a.output.x[2].y" (no ${ }). Errors name the column.
Result<Path> ParsePath(std::string_view text);

// Looks a path up; null when it is absent.
using Resolver = std::function<Json(const Path& path)>;

class Expression {
 public:
  struct Node;
  // Errors are kInvalidArgument with the 1-based column ("column" detail). Depth and length are
  // bounded (64 levels, 4096 bytes) so hostile input cannot exhaust the stack.
  static Result<Expression> Parse(std::string_view text);
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  bool Evaluate(const Resolver& resolve) const;
  // Every reference, in order of appearance (for dependencies).
  const std::vector<Path>& references() const { return references_; }
  const std::string& text() const { return text_; }

 private:
  Expression() = default;
  std::unique_ptr<Node> root_;
  std::vector<Path> references_;
  std::string text_;
};

// Looks `path` up in `root` ({"steps": ..., "vars": ..., "item": ...}).
Json Lookup(const Json& root, const Path& path);

}  // namespace sagaz::workflows
