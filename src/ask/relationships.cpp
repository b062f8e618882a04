#include "ask/relationships.hpp"

#include "core/strings.hpp"

namespace sagaz::ask {

std::string_view ToString(Relationship::Origin origin) {
  switch (origin) {
    case Relationship::Origin::kDeclared:
      return "declared";
    case Relationship::Origin::kVerified:
      return "verified";
    case Relationship::Origin::kRejected:
      return "rejected";
  }
  return "rejected";
}

std::string ToString(const nlq::Relation& r) {
  return r.from_table + "." + r.from_column + " -> " + r.to_table + "." + r.to_column;
}

Result<nlq::Relation> ParseRelationship(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Fail(Error(ErrorCode::kInvalidArgument, "relationship '" + std::string(text) +
                                                       "': " + why +
                                                       " (write it as \"orders.product_id -> "
                                                       "products.id\")")
                    .With("relationship", std::string(text)));
  };
  const auto arrow = text.find("->");
  if (arrow == std::string_view::npos) return bad("no '->'");
  auto side = [&](std::string_view part, std::string& table, std::string& column) -> Status {
    const std::string s = ToLower(Trim(part));
    const auto dot = s.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 >= s.size() ||
        s.find('.', dot + 1) != std::string::npos) {
      return bad("'" + s + "' is not table.column");
    }
    table = s.substr(0, dot);
    column = s.substr(dot + 1);
    return Ok();
  };
  nlq::Relation r;
  SAGAZ_TRY(side(text.substr(0, arrow), r.from_table, r.from_column));
  SAGAZ_TRY(side(text.substr(arrow + 2), r.to_table, r.to_column));
  if (r.from_table == r.to_table && r.from_column == r.to_column)
    return bad("a column cannot reference itself");
  return r;
}

}  // namespace sagaz::ask
