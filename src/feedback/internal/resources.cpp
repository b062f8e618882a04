#include "feedback/internal/resources.hpp"

#include <cmath>
#include <map>
#include <mutex>
#include <utility>

#include "assets/assets.hpp"
#include "core/strings.hpp"
#include "feedback/internal/text.hpp"

namespace sagaz::assets::internal {
extern const RawFile kBundle_feedback[];
extern const size_t kBundle_feedback_size;
}  // namespace sagaz::assets::internal

namespace sagaz::feedback::internal {
namespace {

Error DataError(std::string_view file, size_t line, std::string why) {
  return Error(ErrorCode::kInvalidArgument,
               std::string(file) + " line " + std::to_string(line) + ": " + std::move(why))
      .With("line", std::to_string(line));
}

// Calls fn(line_number, cells) for each non-empty, non-comment line of a TSV text.
template <class Fn>
Status ForEachRow(std::string_view tsv, Fn&& fn) {
  size_t number = 0;
  for (std::string_view line : Split(tsv, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || line.front() == '#') continue;
    SAGAZ_TRY(fn(number, Split(line, '\t')));
  }
  return Ok();
}

// Mean valence per stem over words that agree in sign; stems of fewer than three letters, and
// stems whose words disagree, are left out.
std::unordered_map<std::string, double> StemMap(const std::map<std::string, double>& words,
                                                Language language) {
  struct Sum {
    double total = 0;
    int count = 0;
    bool positive = false, negative = false;
  };
  std::unordered_map<std::string, Sum> sums;
  for (const auto& [word, valence] : words) {
    if (word.size() < 4 ||
        word.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
      continue;
    auto& s = sums[Stem(word, language)];
    s.total += valence;
    ++s.count;
    (valence > 0 ? s.positive : s.negative) = true;
  }
  std::unordered_map<std::string, double> out;
  for (auto& [stem, s] : sums) {
    if (stem.size() < 3 || (s.positive && s.negative)) continue;
    const double mean = s.total / s.count;
    if (std::abs(mean) >= 0.5) out.emplace(stem, mean);
  }
  return out;
}

}  // namespace

Status ParseLexicon(std::string_view tsv, Resources& out) {
  // token -> (valence, Portuguese?); later lines win.
  std::map<std::string, std::pair<double, bool>> entries;
  SAGAZ_TRY(ForEachRow(tsv, [&](size_t line, const std::vector<std::string_view>& cells) -> Status {
    if (cells.size() < 2) return Fail(DataError("lexicon.tsv", line, "expected token<TAB>valence"));
    auto valence = ParseNumber<double>(cells[1]);
    if (!valence || std::abs(*valence) > 5) {
      return Fail(DataError("lexicon.tsv", line, "the valence must be a number in [-5, 5]"));
    }
    const bool portuguese = cells.size() > 2 && (cells[2] == "afinn-pt" || cells[2] == "sagaz");
    // Emoji and emoticons are kept as written (lowercased); words are folded.
    const std::string token = Fold(Trim(cells[0]));
    if (!token.empty()) entries[token] = {*valence, portuguese};
    return Ok();
  }));
  std::map<std::string, double> pt, en;
  for (const auto& [token, entry] : entries) {
    if (entry.first == 0) {
      out.neutral.insert(token);
      continue;
    }
    out.lexicon[token] = entry.first;
    (entry.second ? pt : en)[token] = entry.first;
  }
  out.pt_stems = StemMap(pt, Language::kPortuguese);
  out.en_stems = StemMap(en, Language::kEnglish);
  return Ok();
}

Status ParseRules(std::string_view tsv, Resources& out) {
  return ForEachRow(tsv, [&](size_t line, const std::vector<std::string_view>& cells) -> Status {
    const std::string_view kind = Trim(cells[0]);
    const std::string word = cells.size() > 1 ? Fold(Trim(cells[1])) : std::string();
    const std::string_view value = cells.size() > 2 ? Trim(cells[2]) : std::string_view();
    auto number = [&]() -> Result<double> {
      auto v = ParseNumber<double>(value);
      if (!v) return Fail(DataError("rules.tsv", line, "expected a number in the third column"));
      return *v;
    };
    if (kind == "laughter") {
      out.laughter = SAGAZ_TRY(number());
      return Ok();
    }
    if (word.empty()) return Fail(DataError("rules.tsv", line, "expected kind<TAB>word"));
    if (kind == "negation") {
      out.negations.insert(word);
    } else if (kind == "booster") {
      out.boosters[word] = SAGAZ_TRY(number());
    } else if (kind == "postbooster") {
      out.post_boosters[word] = SAGAZ_TRY(number());
    } else if (kind == "contrast") {
      out.contrasts.insert(word);
    } else if (kind == "scope_end") {
      out.scope_ends.insert(word);
    } else if (kind == "rating") {
      out.rating_words.insert(word);
    } else if (kind == "phrase" || kind == "moderate") {
      std::vector<std::string> words;
      for (std::string_view w : Split(word, ' ')) {
        if (!Trim(w).empty()) words.emplace_back(Trim(w));
      }
      const double v = SAGAZ_TRY(number());
      if (kind == "moderate" && words.size() == 1) {
        out.moderates[words[0]] = v;
        return Ok();
      }
      if (words.size() < 2)
        return Fail(DataError("rules.tsv", line, "a phrase has two words or more"));
      const std::string first = words[0];
      Resources::Phrase phrase{std::move(words), 0, 0};
      (kind == "moderate" ? phrase.moderate : phrase.valence) = v;
      out.phrases[first].push_back(std::move(phrase));
    } else if (kind == "alias") {
      if (value.empty())
        return Fail(DataError("rules.tsv", line, "an alias needs the word it means"));
      out.aliases[word] = Fold(value);
    } else {
      return Fail(DataError("rules.tsv", line, "unknown kind '" + std::string(kind) + "'"));
    }
    return Ok();
  });
}

void ParseStopwords(std::string_view text, Resources& out) {
  for (std::string_view line : Split(text, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    for (std::string_view word : Split(line, ' ')) {
      word = Trim(word);
      if (!word.empty()) out.stopwords.insert(Fold(word));
    }
  }
}

Result<std::string_view> EmbeddedFile(std::string_view path) {
  using assets::internal::kBundle_feedback;
  for (size_t i = 0; i < assets::internal::kBundle_feedback_size; ++i) {
    const auto& f = kBundle_feedback[i];
    if (f.path && f.path == path)
      return std::string_view(f.begin, static_cast<size_t>(f.end - f.begin));
  }
  return Fail(ErrorCode::kInternal, "the builtin classifier's data (" + std::string(path) +
                                        ") is missing from this build");
}

Result<const Resources*> GetResources() {
  static std::once_flag once;
  static Result<Resources> loaded = Fail(ErrorCode::kInternal, "not loaded");
  std::call_once(once, [] {
    loaded = [&]() -> Result<Resources> {
      Resources r;
      SAGAZ_TRY(ParseLexicon(SAGAZ_TRY(EmbeddedFile("/lexicon.tsv")), r));
      SAGAZ_TRY(ParseRules(SAGAZ_TRY(EmbeddedFile("/rules.tsv")), r));
      ParseStopwords(SAGAZ_TRY(EmbeddedFile("/stopwords.tsv")), r);
      for (size_t i = 0; i < assets::internal::kBundle_feedback_size; ++i) {
        const auto& f = assets::internal::kBundle_feedback[i];
        const std::string_view path = f.path;
        if (path == "/lexicon.tsv" || path == "/rules.tsv")
          r.fingerprint += std::string(f.etag).substr(0, 5);
      }
      return r;
    }();
  });
  if (!loaded) return Fail(loaded.error());
  return &*loaded;
}

}  // namespace sagaz::feedback::internal
