// Highlights: the words of a passage that matched the question (by their stems, so "reembolsos"
// lights up for "refund" through the lexicon), as byte ranges of the passage's text.
#include "knowledge/internal/answer.hpp"

namespace sagaz::knowledge::internal {

std::vector<Span> Highlights(std::string_view text, const std::vector<TermGroup>& groups,
                             Terms& terms) {
  std::set<std::string, std::less<>> wanted;
  for (const auto& g : groups) wanted.insert(g.terms.begin(), g.terms.end());
  std::vector<Span> out;
  if (wanted.empty()) return out;
  for (const auto& w : Words(text)) {
    bool hit = false;
    for (const auto& t : terms.Of(w.text)) hit = hit || wanted.contains(t);
    if (!hit) continue;
    const auto start = static_cast<int64_t>(w.start), end = static_cast<int64_t>(w.end);
    // Neighbouring words separated by one space make one range ("nota fiscal").
    if (!out.empty() && start - out.back().end <= 1) {
      out.back().end = end;
    } else {
      out.push_back({start, end});
    }
  }
  return out;
}

std::string Marked(std::string_view text, const std::vector<Span>& spans) {
  std::string out;
  size_t last = 0;
  for (const auto& s : spans) {
    const auto start = static_cast<size_t>(s.start), end = static_cast<size_t>(s.end);
    if (start < last || end > text.size() || start >= end) continue;
    out.append(text.substr(last, start - last));
    out += "**";
    out.append(text.substr(start, end - start));
    out += "**";
    last = end;
  }
  out.append(text.substr(last));
  return out;
}

}  // namespace sagaz::knowledge::internal
