#include "models/internal/text_stream.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace sagaz::models::internal {

namespace {

// Bytes at the end of `s` that start a UTF-8 character not yet complete.
size_t IncompleteUtf8Tail(std::string_view s) {
  const size_t n = s.size();
  for (size_t back = 1; back <= std::min<size_t>(4, n); ++back) {
    const auto c = static_cast<unsigned char>(s[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    size_t need = 1;
    if ((c & 0xE0) == 0xC0)
      need = 2;
    else if ((c & 0xF0) == 0xE0)
      need = 3;
    else if ((c & 0xF8) == 0xF0)
      need = 4;
    return need > back ? back : 0;
  }
  return 0;
}

// The longest suffix of `s` that is a proper prefix of `stop`.
size_t PartialMatch(std::string_view s, std::string_view stop) {
  for (size_t len = std::min(s.size(), stop.size() - 1); len > 0; --len) {
    if (s.substr(s.size() - len) == stop.substr(0, len)) return len;
  }
  return 0;
}

}  // namespace

TextStream::TextStream(std::vector<std::string> stop) {
  for (auto& s : stop)
    if (!s.empty()) stop_.push_back(std::move(s));
}

TextStream::Step TextStream::Push(std::string_view piece) {
  Step step;
  if (stopped_) return step;
  pending_ += piece;
  size_t cut = std::string::npos;
  for (const auto& s : stop_) cut = std::min(cut, pending_.find(s));
  if (cut != std::string::npos) {
    step.text = SanitizeUtf8(std::string_view(pending_).substr(0, cut));
    step.stopped = stopped_ = true;
    pending_.clear();
    return step;
  }
  size_t hold = IncompleteUtf8Tail(pending_);
  for (const auto& s : stop_) hold = std::max(hold, PartialMatch(pending_, s));
  const size_t ready = pending_.size() - hold;
  step.text = SanitizeUtf8(std::string_view(pending_).substr(0, ready));
  pending_.erase(0, ready);
  return step;
}

std::string TextStream::Flush() {
  std::string out = SanitizeUtf8(pending_);
  pending_.clear();
  return out;
}

}  // namespace sagaz::models::internal
