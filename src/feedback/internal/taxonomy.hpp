// What a Taxonomy holds: its tags and, per tag, the terms that reveal it.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "feedback/classifier.hpp"

namespace sagaz::feedback {

struct Taxonomy::Impl {
  struct Terms {
    std::unordered_set<std::string> words;          // whole folded words
    std::vector<std::string> prefixes;              // "entreg*"
    std::vector<std::vector<std::string>> phrases;  // consecutive words
  };
  std::vector<TagInfo> tags;
  std::vector<Terms> terms;  // parallel to tags
  std::string fingerprint;
  // The terms indexed for matching: a word's tags, a prefix's tags (by the prefix), and the
  // phrases with their tag, by their first word.
  std::unordered_map<std::string, std::vector<size_t>> by_word;
  std::unordered_map<std::string, std::vector<size_t>> by_prefix;
  size_t min_prefix = SIZE_MAX, max_prefix = 0;
  std::unordered_map<std::string, std::vector<std::pair<size_t, std::vector<std::string>>>>
      by_phrase;
};

namespace internal {
// Tag ids whose terms occur in `words` (folded, informal spellings resolved), in taxonomy order.
std::vector<std::string> MatchTags(const Taxonomy& taxonomy, const std::vector<std::string>& words);
}  // namespace internal

}  // namespace sagaz::feedback
