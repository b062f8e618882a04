// PDF text with page numbers through poppler-cpp.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <memory>

#include "core/strings.hpp"
#include "knowledge/internal/blocks.hpp"

namespace sagaz::knowledge::internal {
namespace {

// poppler prints warnings about broken files on stderr; the caller gets an Error instead.
void Quiet(const std::string&, void*) {}

}  // namespace

Result<PdfText> ParsePdf(std::string_view bytes, size_t max_pages) {
  static const bool quiet = [] {
    poppler::set_debug_error_function(Quiet, nullptr);
    return true;
  }();
  (void)quiet;
  if (bytes.size() > (1u << 31) - 1)
    return Fail(ErrorCode::kPayloadTooLarge, "the PDF is larger than 2 GB");
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return Fail(ErrorCode::kInvalidArgument, "the PDF is broken and cannot be read");
  if (doc->is_locked())
    return Fail(ErrorCode::kInvalidArgument, "the PDF is encrypted (password protected)");
  PdfText out;
  out.pages = doc->pages();
  if (out.pages < 0) out.pages = 0;
  if (static_cast<size_t>(out.pages) > max_pages) {
    return Fail(Error(ErrorCode::kPayloadTooLarge, "the PDF has " + std::to_string(out.pages) +
                                                       " pages; the limit is " +
                                                       std::to_string(max_pages))
                    .With("pages", std::to_string(out.pages)));
  }
  const auto title = doc->get_title().to_utf8();
  out.title = SanitizeUtf8(std::string_view(title.data(), title.size()));
  for (int p = 0; p < out.pages; ++p) {
    std::unique_ptr<poppler::page> page(doc->create_page(p));
    std::string text;
    if (page) {
      const auto utf8 = page->text().to_utf8();
      text = SanitizeUtf8(std::string_view(utf8.data(), utf8.size()));
    }
    auto blocks = ParsePlainText(text);
    if (blocks.empty()) {
      out.pages_without_text.push_back(p + 1);
      continue;
    }
    for (auto& b : blocks) {
      b.page = p + 1;
      out.blocks.push_back(std::move(b));
    }
  }
  return out;
}

}  // namespace sagaz::knowledge::internal
