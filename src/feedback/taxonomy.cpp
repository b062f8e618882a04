// Taxonomies of tags: parsing the TSV format and matching terms against a comment's words.
#include "feedback/internal/taxonomy.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>

#include "core/strings.hpp"
#include "feedback/classifier.hpp"
#include "feedback/internal/resources.hpp"
#include "feedback/internal/text.hpp"

namespace sagaz::feedback {

Taxonomy::Taxonomy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Taxonomy::~Taxonomy() = default;
Taxonomy::Taxonomy(Taxonomy&&) noexcept = default;
const std::vector<TagInfo>& Taxonomy::tags() const { return impl_->tags; }
const std::string& Taxonomy::fingerprint() const { return impl_->fingerprint; }

namespace {

bool IsTagId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

Error LineError(size_t line, std::string why) {
  return Error(ErrorCode::kInvalidArgument,
               "taxonomy line " + std::to_string(line) + ": " + std::move(why))
      .With("line", std::to_string(line));
}

}  // namespace

Result<std::shared_ptr<const Taxonomy>> ParseTaxonomy(std::string_view text) {
  auto impl = std::make_unique<Taxonomy::Impl>();
  std::set<std::string> seen;
  size_t number = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || line.front() == '#') continue;
    const auto cells = Split(line, '\t');
    if (cells.size() != 4) {
      return Fail(
          LineError(number, "expected 4 tab-separated cells: tag, name_pt, name_en, terms"));
    }
    TagInfo tag{std::string(Trim(cells[0])), std::string(Trim(cells[1])),
                std::string(Trim(cells[2]))};
    if (!IsTagId(tag.id)) {
      return Fail(LineError(number, "a tag id has 1-64 of a-z, 0-9, _ and -: '" + tag.id + "'"));
    }
    if (!seen.insert(tag.id).second)
      return Fail(LineError(number, "tag '" + tag.id + "' appears twice"));
    if (tag.name_pt.empty() || tag.name_en.empty() || !IsValidUtf8(line)) {
      return Fail(LineError(number, "the tag needs a Portuguese and an English name (UTF-8)"));
    }
    Taxonomy::Impl::Terms terms;
    for (std::string_view raw : Split(cells[3], ',')) {
      const std::string term = internal::Fold(Trim(raw));
      if (term.empty()) continue;
      if (term.find(' ') != std::string::npos || term.find('-') != std::string::npos) {
        std::vector<std::string> words;
        const auto tokens = internal::Tokenize(term, [](std::string_view) { return false; });
        for (const auto& t : tokens.tokens) {
          if (t.kind == internal::TokenKind::kWord || t.kind == internal::TokenKind::kNumber)
            words.push_back(t.norm);
        }
        if (words.size() == 1) {
          terms.words.insert(words[0]);
        } else if (!words.empty()) {
          terms.phrases.push_back(std::move(words));
        }
      } else if (term.back() == '*') {
        if (term.size() < 3)
          return Fail(LineError(number, "a prefix needs two letters or more: " + term));
        terms.prefixes.push_back(term.substr(0, term.size() - 1));
      } else {
        terms.words.insert(term);
      }
    }
    if (terms.words.empty() && terms.prefixes.empty() && terms.phrases.empty()) {
      return Fail(LineError(number, "tag '" + tag.id + "' has no terms"));
    }
    impl->tags.push_back(std::move(tag));
    impl->terms.push_back(std::move(terms));
  }
  if (impl->tags.empty()) return Fail(ErrorCode::kInvalidArgument, "the taxonomy has no tags");
  for (size_t t = 0; t < impl->terms.size(); ++t) {
    const auto& terms = impl->terms[t];
    for (const auto& w : terms.words) impl->by_word[w].push_back(t);
    for (const auto& p : terms.prefixes) {
      impl->by_prefix[p].push_back(t);
      impl->min_prefix = std::min(impl->min_prefix, p.size());
      impl->max_prefix = std::max(impl->max_prefix, p.size());
    }
    for (const auto& phrase : terms.phrases) impl->by_phrase[phrase[0]].emplace_back(t, phrase);
  }
  impl->fingerprint = internal::HashHex(text).substr(0, 6);
  return std::make_shared<const Taxonomy>(std::move(impl));
}

Result<std::shared_ptr<const Taxonomy>> LoadTaxonomy(const std::filesystem::path& path) {
  if (path.empty())
    return ParseTaxonomy(SAGAZ_TRY(internal::EmbeddedFile("/taxonomy_commerce.tsv")));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot read the taxonomy file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  auto taxonomy = ParseTaxonomy(text.str());
  if (!taxonomy) {
    return Fail(Error(taxonomy.error()).With("file", path.string()));
  }
  return taxonomy;
}

namespace internal {

std::vector<std::string> MatchTags(const Taxonomy& taxonomy,
                                   const std::vector<std::string>& words) {
  const auto& impl = taxonomy.impl();
  std::vector<char> found(impl.tags.size(), 0);
  auto mark = [&](const std::vector<size_t>& tags) {
    for (size_t t : tags) found[t] = 1;
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (auto it = impl.by_word.find(w); it != impl.by_word.end()) mark(it->second);
    for (size_t n = impl.min_prefix; n <= std::min(impl.max_prefix, w.size()); ++n) {
      if (auto it = impl.by_prefix.find(w.substr(0, n)); it != impl.by_prefix.end())
        mark(it->second);
    }
    if (auto it = impl.by_phrase.find(w); it != impl.by_phrase.end()) {
      for (const auto& [tag, phrase] : it->second) {
        if (found[tag] || i + phrase.size() > words.size()) continue;
        bool all = true;
        for (size_t k = 1; k < phrase.size() && all; ++k) all = words[i + k] == phrase[k];
        if (all) found[tag] = 1;
      }
    }
  }
  std::vector<std::string> out;
  for (size_t t = 0; t < found.size(); ++t) {
    if (found[t]) out.push_back(impl.tags[t].id);
  }
  return out;
}

}  // namespace internal
}  // namespace sagaz::feedback
