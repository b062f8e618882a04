// The builtin classifier: VADER's rules (Hutto & Gilbert, 2014) over a Portuguese and English
// lexicon, taxonomy tags and RAKE keyphrases. Constants are VADER's unless said otherwise.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "core/strings.hpp"
#include "feedback/classifier.hpp"
#include "feedback/internal/resources.hpp"
#include "feedback/internal/taxonomy.hpp"
#include "feedback/internal/text.hpp"

namespace sagaz::feedback {

std::string_view ToString(Sentiment sentiment) {
  switch (sentiment) {
    case Sentiment::kNegative:
      return "negative";
    case Sentiment::kNeutral:
      return "neutral";
    case Sentiment::kPositive:
      return "positive";
  }
  return "neutral";
}

Result<Sentiment> ParseSentiment(std::string_view text) {
  const std::string t = internal::Fold(Trim(text));
  if (t == "negative" || t == "negativo" || t == "negativa" || t == "neg" || t == "-1" ||
      t == "1" || t == "2") {
    return Sentiment::kNegative;
  }
  if (t == "neutral" || t == "neutro" || t == "neutra" || t == "neu" || t == "0" || t == "3") {
    return Sentiment::kNeutral;
  }
  if (t == "positive" || t == "positivo" || t == "positiva" || t == "pos" || t == "+1" ||
      t == "4" || t == "5") {
    return Sentiment::kPositive;
  }
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "'" + std::string(text) +
                        "' is not a sentiment: use negative, neutral or positive (or 1-5 stars)")
                  .With("field", "sentiment"));
}

namespace {

using internal::Resources;
using internal::Token;
using internal::TokenKind;

constexpr double kNegationFactor = -0.74;
constexpr double kCapsIncrement = 0.733;
constexpr double kExclamationIncrement = 0.292;
constexpr double kQuestionIncrement = 0.18;
constexpr double kNormalizationAlpha = 15;
constexpr size_t kWindow = 3;  // words before a sentiment word that negate or boost it
constexpr size_t kMaxKeyphrases = 3;
// Sagaz's own, measured on product reviews (tests/data/feedback/reviews): the clauses around a
// contrast ("bom, mas demorou") weigh 0.75 and 1.25 (VADER's "but": 0.5 and 1.5, which made most
// three-star reviews negative); a rating ("nota 2") moves the valence 1.5 a star from 3, and a
// rating of 3 takes up 2 of it.
constexpr double kBeforeContrast = 0.75;
constexpr double kAfterContrast = 1.25;
constexpr double kRatingStep = 1.5;
constexpr double kRatingModerate = 2.0;

struct Analysis {
  internal::Tokens tokens;
  std::vector<std::string> words;  // per token: folded word with informal spellings resolved
  std::vector<double> valence;     // per token, after the rules
  double compound = 0;
};

double Sign(double v) { return v < 0 ? -1 : 1; }

// The lexicon's valence of a folded word or emoji, as written.
std::optional<double> Find(const Resources& r, const std::string& w) {
  if (auto it = r.lexicon.find(w); it != r.lexicon.end()) return it->second;
  if (r.neutral.contains(w)) return 0.0;
  if (auto a = r.aliases.find(w); a != r.aliases.end()) {
    if (auto it = r.lexicon.find(a->second); it != r.lexicon.end()) return it->second;
    if (r.neutral.contains(a->second)) return 0.0;
  }
  return std::nullopt;
}

// The word a Portuguese diminutive is made from: "fraquinho" -> "fraco", "ruinzinho" -> "ruim",
// "rapidinho" -> "rapido", "certinhas" -> "certas". Candidates, most likely first.
std::vector<std::string> Undiminish(const std::string& word) {
  std::vector<std::string> out;
  std::string w = word;
  const bool plural = w.size() > 6 && w.back() == 's';
  if (plural) w.pop_back();
  const std::string s = plural ? "s" : "";
  for (std::string_view suffix : {"zinho", "zinha"}) {
    if (w.size() > suffix.size() + 2 && w.ends_with(suffix)) {
      std::string base = w.substr(0, w.size() - suffix.size());
      out.push_back(base + s);
      if (base.back() == 'n') out.push_back(base.substr(0, base.size() - 1) + "m" + s);
      return out;
    }
  }
  for (std::string_view suffix : {"inho", "inha"}) {
    // A base of four letters or more: "carinho" is not "caro", nor "caminho" "camo".
    if (w.size() >= suffix.size() + 4 && w.ends_with(suffix)) {
      std::string base = w.substr(0, w.size() - suffix.size());
      const char vowel = suffix.back() == 'o' ? 'o' : 'a';
      if (base.ends_with("qu")) base = base.substr(0, base.size() - 2) + "c";
      if (base.ends_with("gu")) base.pop_back();
      out.push_back(base + vowel + s);
      out.push_back(base + "e" + s);
      return out;
    }
  }
  return out;
}

// The lexicon's valence of a folded word or emoji: as written, its informal spelling resolved,
// with repeated letters cut, a diminutive's base word, or by its stem. 0 when unknown.
double Lookup(const Resources& r, const std::string& word) {
  if (auto v = Find(r, word)) return *v;
  for (bool all : {false, true}) {
    const std::string collapsed = internal::CollapseRepeats(word, all);
    if (collapsed != word) {
      if (auto v = Find(r, collapsed)) return *v;
    }
  }
  if (word.size() < 4 || word.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
    return 0;
  for (const auto& base : Undiminish(word)) {
    if (auto v = Find(r, base)) return *v;
  }
  if (auto it = r.pt_stems.find(internal::Stem(word, internal::Language::kPortuguese));
      it != r.pt_stems.end())
    return it->second;
  if (auto it = r.en_stems.find(internal::Stem(word, internal::Language::kEnglish));
      it != r.en_stems.end())
    return it->second;
  return 0;
}

std::string Canonical(const Resources& r, const Token& t) {
  if (t.kind == TokenKind::kEmoji) return t.norm;
  if (t.kind != TokenKind::kWord) return {};
  if (auto a = r.aliases.find(t.norm); a != r.aliases.end()) return a->second;
  const std::string collapsed = internal::CollapseRepeats(t.norm, false);
  if (auto a = r.aliases.find(collapsed); a != r.aliases.end()) return a->second;
  return t.norm;
}

// A rating written in the comment: "nota 3", "3 estrelas", "nota 9" (out of 10), as stars 0..5.
std::optional<double> Rating(const Resources& r, const Analysis& a, size_t i) {
  const auto& toks = a.tokens.tokens;
  if (toks[i].kind != TokenKind::kNumber) return std::nullopt;
  const bool before =
      i > 0 && toks[i - 1].kind == TokenKind::kWord && r.rating_words.contains(a.words[i - 1]);
  const bool after = i + 1 < toks.size() && toks[i + 1].kind == TokenKind::kWord &&
                     r.rating_words.contains(a.words[i + 1]);
  if (!before && !after) return std::nullopt;
  const auto value = ParseNumber<double>(toks[i].norm);
  if (!value || *value < 0 || *value > 10) return std::nullopt;
  return *value <= 5 ? *value : *value / 2;
}

// A word where a negation's reach ends ("nao entregaram e cancelaram"). Folded "e" is also "é"
// ("nao é bom", "nao e bom"): written with an accent, or right after the negation, it is the verb.
bool IsScopeEnd(const Resources& r, const Analysis& a, size_t j) {
  if (!r.scope_ends.contains(a.words[j])) return false;
  const std::string& raw = a.tokens.tokens[j].raw;
  if (std::any_of(raw.begin(), raw.end(), [](char ch) { return (ch & 0x80) != 0; })) return false;
  return !(j > 0 && a.tokens.tokens[j - 1].kind == TokenKind::kWord &&
           r.negations.contains(a.words[j - 1]));
}

Analysis Analyze(const Resources& r, std::string_view text) {
  Analysis a;
  a.tokens = internal::Tokenize(
      text, [&r](std::string_view chunk) { return r.lexicon.contains(ToLower(chunk)); });
  const auto& toks = a.tokens.tokens;
  const size_t n = toks.size();
  a.words.resize(n);
  a.valence.assign(n, 0);
  std::vector<double> moderate(n, 0);  // per token: weight of a lukewarm verdict
  for (size_t i = 0; i < n; ++i) a.words[i] = Canonical(r, toks[i]);

  auto is_word = [&](size_t i) { return toks[i].kind == TokenKind::kWord; };
  // Phrases rated as a whole ("nao recebi", "antes do prazo"): the first word carries the valence,
  // none of their words counts otherwise (their "nao" negates nothing after them).
  std::vector<char> in_phrase(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (!is_word(i) || in_phrase[i]) continue;
    const auto it = r.phrases.find(a.words[i]);
    if (it == r.phrases.end()) continue;
    for (const auto& phrase : it->second) {
      const auto& words = phrase.words;
      if (i + words.size() > n) continue;
      bool all = true;
      for (size_t k = 1; k < words.size() && all; ++k) {
        all = is_word(i + k) && a.words[i + k] == words[k];
      }
      if (!all) continue;
      for (size_t k = 0; k < words.size(); ++k) in_phrase[i + k] = k == 0 ? 2 : 1;
      a.valence[i] = phrase.valence;
      moderate[i] = phrase.moderate;
      break;
    }
  }
  // Raw valences. A booster ("muito", "bem") before a rated word boosts it instead of counting.
  // A rating ("nota 3") counts as stars: 1 is -3, 5 is +3, 3 a lukewarm verdict.
  std::vector<char> rating(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (in_phrase[i]) continue;
    if (auto stars = Rating(r, a, i)) {
      rating[i] = 1;
      a.valence[i] = std::abs(*stars - 3) < 0.5 ? 0 : (*stars - 3) * kRatingStep;
      if (a.valence[i] == 0) moderate[i] = kRatingModerate;
      continue;
    }
    if (toks[i].kind != TokenKind::kWord && toks[i].kind != TokenKind::kEmoji) continue;
    if (is_word(i) && internal::IsLaughter(toks[i].norm)) {
      a.valence[i] = r.laughter;
      continue;
    }
    a.valence[i] = Lookup(r, a.words[i]);
    if (auto m = r.moderates.find(a.words[i]); m != r.moderates.end()) moderate[i] = m->second;
  }
  for (size_t i = 0; i + 1 < n; ++i) {
    if (is_word(i) && r.boosters.contains(a.words[i]) && a.valence[i + 1] != 0) a.valence[i] = 0;
  }
  for (size_t i = 1; i < n; ++i) {
    if (is_word(i) && r.post_boosters.contains(a.words[i]) && a.valence[i - 1] != 0)
      a.valence[i] = 0;
  }

  // Rules around each rated word.
  size_t last_contrast = n;
  for (size_t i = 0; i < n; ++i) {
    if (is_word(i) && r.contrasts.contains(a.words[i])) last_contrast = i;
  }
  const bool mixed_case = a.tokens.has_lowercase;
  double moderation = 0;
  for (size_t i = 0; i < n; ++i) {
    double v = a.valence[i];
    if (v == 0 && moderate[i] == 0) continue;
    if (toks[i].all_caps && mixed_case) v += Sign(v) * kCapsIncrement;
    bool negated = false;
    size_t distance = 0;
    for (size_t j = i; j-- > 0 && distance < kWindow;) {
      if (toks[j].kind == TokenKind::kBreak || toks[j].kind == TokenKind::kComma || in_phrase[j]) {
        break;  // negation and boosters reach to the end of their clause
      }
      if (toks[j].kind != TokenKind::kWord) continue;
      ++distance;
      if (r.contrasts.contains(a.words[j]) || IsScopeEnd(r, a, j)) break;
      if (auto b = r.boosters.find(a.words[j]); b != r.boosters.end()) {
        const double decay = distance == 1 ? 1.0 : distance == 2 ? 0.95 : 0.9;
        v += Sign(v) * b->second * decay;
      }
      if (r.negations.contains(a.words[j])) negated = true;
    }
    if (i + 1 < n && is_word(i + 1) && !in_phrase[i + 1]) {
      if (auto b = r.post_boosters.find(a.words[i + 1]); b != r.post_boosters.end()) {
        v += Sign(v) * b->second;
      }
      // Brazilian Portuguese puts "não" after the verb too: "gostei não", "presta não."
      if (a.words[i + 1] == "nao" && (i + 2 >= n || toks[i + 2].kind != TokenKind::kWord)) {
        negated = true;
      }
    }
    if (negated) {
      // "nao dou 5 estrelas" is still a good rating, "nao e ok" no longer lukewarm.
      v *= rating[i] ? (v > 0 ? 0.5 : 1.0) : kNegationFactor;
    } else {
      moderation += moderate[i];
    }
    if (last_contrast < n) v *= i < last_contrast ? kBeforeContrast : kAfterContrast;
    a.valence[i] = v;
  }

  // A lukewarm verdict ("ok", "razoavel", "nota 3") takes up some of the valence.
  double sum = 0;
  for (double v : a.valence) sum += v;
  sum = Sign(sum) * std::max(0.0, std::abs(sum) - moderation);
  if (sum != 0) {
    const double emphasis =
        std::min(a.tokens.exclamations, 4) * kExclamationIncrement +
        (a.tokens.questions > 1
             ? (a.tokens.questions <= 3 ? a.tokens.questions * kQuestionIncrement : 0.96)
             : 0.0);
    sum += Sign(sum) * emphasis;
  }
  a.compound = std::clamp(sum / std::sqrt(sum * sum + kNormalizationAlpha), -1.0, 1.0);
  return a;
}

// RAKE (Rose et al., 2010) within one comment: runs of content words between stopwords and
// punctuation, scored by the sum of their words' degree / frequency.
std::vector<std::string> Keyphrases(const Resources& r, const Analysis& a) {
  std::vector<std::vector<size_t>> candidates;
  std::vector<size_t> run;
  auto close = [&] {
    for (size_t k = 0; k < run.size(); k += 3) {
      candidates.emplace_back(
          run.begin() + static_cast<std::ptrdiff_t>(k),
          run.begin() + static_cast<std::ptrdiff_t>(std::min(run.size(), k + 3)));
    }
    run.clear();
  };
  const auto& toks = a.tokens.tokens;
  for (size_t i = 0; i < toks.size(); ++i) {
    const bool content = toks[i].kind == TokenKind::kWord && a.words[i].size() >= 2 &&
                         !r.stopwords.contains(a.words[i]) && !internal::IsLaughter(toks[i].norm);
    if (content) {
      run.push_back(i);
    } else {
      close();
    }
  }
  close();
  std::map<std::string, double> degree, frequency;
  for (const auto& c : candidates) {
    for (size_t i : c) {
      degree[a.words[i]] += static_cast<double>(c.size());
      frequency[a.words[i]] += 1;
    }
  }
  struct Scored {
    std::string text;
    double score;
    size_t position;
  };
  std::vector<Scored> scored;
  for (size_t c = 0; c < candidates.size(); ++c) {
    const auto& phrase = candidates[c];
    if (phrase.size() == 1 && a.words[phrase[0]].size() < 3) continue;
    double score = 0;
    std::string text;
    for (size_t i : phrase) {
      score += degree[a.words[i]] / frequency[a.words[i]];
      if (!text.empty()) text += ' ';
      text += ToLower(toks[i].raw);
    }
    if (std::none_of(scored.begin(), scored.end(),
                     [&](const Scored& s) { return s.text == text; })) {
      scored.push_back({std::move(text), score, c});
    }
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const Scored& x, const Scored& y) { return x.score > y.score; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < kMaxKeyphrases; ++i) out.push_back(scored[i].text);
  return out;
}

class BuiltinClassifier final : public Classifier {
 public:
  BuiltinClassifier(const Resources& resources, std::shared_ptr<const Taxonomy> taxonomy,
                    BuiltinOptions options)
      : r_(resources),
        taxonomy_(std::move(taxonomy)),
        options_(options),
        version_("1.0+" + r_.fingerprint + "." + taxonomy_->fingerprint()) {}

  std::string_view name() const override { return "builtin"; }
  const std::string& version() const override { return version_; }

  Classification Classify(std::string_view text) const override {
    const Analysis a = Analyze(r_, text);
    Classification c;
    c.score = a.compound;
    c.sentiment = a.compound >= options_.neutral_threshold    ? Sentiment::kPositive
                  : a.compound <= -options_.neutral_threshold ? Sentiment::kNegative
                                                              : Sentiment::kNeutral;
    std::vector<std::string> words;
    words.reserve(a.words.size());
    for (size_t i = 0; i < a.words.size(); ++i) {
      const auto kind = a.tokens.tokens[i].kind;
      if (kind == TokenKind::kWord || kind == TokenKind::kNumber) words.push_back(a.words[i]);
    }
    c.tags = internal::MatchTags(*taxonomy_, words);
    c.keyphrases = Keyphrases(r_, a);
    return c;
  }

 private:
  const Resources& r_;
  std::shared_ptr<const Taxonomy> taxonomy_;
  BuiltinOptions options_;
  std::string version_;
};

}  // namespace

Result<std::unique_ptr<Classifier>> MakeBuiltinClassifier(std::shared_ptr<const Taxonomy> taxonomy,
                                                          BuiltinOptions options) {
  const Resources* resources = SAGAZ_TRY(internal::GetResources());
  if (!taxonomy) taxonomy = SAGAZ_TRY(LoadTaxonomy(""));
  return std::unique_ptr<Classifier>(
      std::make_unique<BuiltinClassifier>(*resources, std::move(taxonomy), options));
}

std::vector<ScoredToken> ExplainBuiltin(std::string_view text) {
  auto resources = internal::GetResources();
  if (!resources) return {};
  const Analysis a = Analyze(**resources, text);
  std::vector<ScoredToken> out;
  for (size_t i = 0; i < a.valence.size(); ++i) {
    if (a.valence[i] != 0) out.push_back({a.tokens.tokens[i].raw, a.valence[i]});
  }
  return out;
}

}  // namespace sagaz::feedback
