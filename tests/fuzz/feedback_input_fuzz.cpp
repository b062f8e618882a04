// Comments as clients send them: JSON batches and gold labels, NDJSON and CSV files (streamed by
// wire::CommentReader), texts classified by the builtin classifier, taxonomy files, dates. No
// input may crash, hang or throw past them.
#include <cstdint>
#include <sstream>
#include <string_view>

#include "feedback/classifier.hpp"
#include "feedback/feedback.hpp"
#include "wire/feedback.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const auto classifier = feedback::MakeBuiltinClassifier(nullptr, {});
  if (classifier) {
    const auto c = (*classifier)->Classify(text);
    if (!(c.score >= -1 && c.score <= 1)) __builtin_trap();
  }
  (void)feedback::ParseTime(text.substr(0, 64));
  (void)feedback::MaskPersonalData(text);
  (void)feedback::ParseTaxonomy(text);
  (void)feedback::ParseSentiment(text.substr(0, 16));
  if (auto body = wire::ParseBody(text)) {
    (void)wire::ParseCommentBatch(*body, 10'000);
    (void)wire::ParseGold(*body);
    (void)wire::ParseClassifyRequest(*body);
  }
  for (auto format : {wire::CommentFormat::kNdjson, wire::CommentFormat::kCsv}) {
    wire::CommentColumns columns;
    columns.text = "t";
    auto reader = wire::CommentReader::Open(std::make_unique<std::istringstream>(std::string(text)),
                                            format, columns);
    if (!reader) continue;
    std::vector<feedback::CommentInput> out;
    std::vector<feedback::ItemError> errors;
    for (int rounds = 0; rounds < 100000; ++rounds) {
      auto more = (*reader)->Next(16, out, errors);
      if (!more || !*more) break;
    }
  }
  return 0;
}
