#include "wire/forms.hpp"

#include "core/strings.hpp"
#include "nlq/nlq.hpp"
#include "wire/ask.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {
namespace {

using internal::FieldError;

// A field's text, or nullopt when it is absent or empty.
std::optional<std::string> Field(const Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  if (it == fields.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace

Result<UploadOptions> ParseUploadOptions(const Fields& fields) {
  UploadOptions out;
  if (auto async = Field(fields, "async")) {
    out.async = ParseBool(*async);
    if (!out.async) return Fail(FieldError("async", "async must be true or false"));
  }
  if (auto priority = Field(fields, "priority")) {
    auto p = ParseNumber<int>(*priority);
    if (!p || *p < -100 || *p > 100) {
      return Fail(FieldError("priority", "priority must be an integer from -100 to 100"));
    }
    out.priority = *p;
  }
  return out;
}

Result<ask::AskRequest> ParseAnalyzeRequest(const Fields& fields, std::string_view dataset) {
  auto question = Field(fields, "question");
  if (!question) {
    return Fail(FieldError("question",
                           "the form has no question; send it as the 'question' field (the file "
                           "was loaded as dataset '" +
                               std::string(dataset) + "')")
                    .With("dataset", std::string(dataset)));
  }
  ask::AskRequest request{.question = std::move(*question), .dataset = std::string(dataset)};
  if (auto language = Field(fields, "language")) {
    auto parsed = nlq::ParseLanguage(*language);
    if (!parsed) return Fail(std::move(parsed).error().With("field", "language"));
    request.language = *parsed;
  }
  if (auto engine = Field(fields, "engine"); engine && !engine->empty())
    request.engine = SAGAZ_TRY(ask::ParseEngine(*engine));
  if (auto policy = Field(fields, "policy"); policy && !policy->empty())
    request.policy = SAGAZ_TRY(ParseAskPolicy(*policy));
  return request;
}

}  // namespace sagaz::wire
