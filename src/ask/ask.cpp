#include "ask/ask.hpp"

#include "catalog/catalog.hpp"
#include "core/strings.hpp"
#include "sql/query.hpp"

namespace sagaz::ask {

AskService::AskService(db::ConnectionPool& pool, catalog::Catalog& catalog,
                       sql::QueryService& query)
    : pool_(pool), catalog_(catalog), query_(query), schema_(pool, catalog) {}

Result<nlq::Plan> AskService::Interpret(std::string_view question, const AskOptions& options) {
  auto schema = SAGAZ_TRY(schema_.Get());
  nlq::ParseOptions parse;
  parse.language = options.language;
  if (options.dataset) parse.dataset = ToLower(*options.dataset);
  return nlq::ParseQuestion(question, *schema, parse);
}

}  // namespace sagaz::ask
