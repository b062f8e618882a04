// The builtin classifier, table-driven from tests/data/feedback/*.tsv, and its text helpers.
#include "feedback/classifier.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/strings.hpp"
#include "feedback/feedback.hpp"

namespace sagaz::feedback {
namespace {

struct Case {
  std::string expected;
  std::string text;
  int line = 0;
};

std::vector<Case> ReadCases(const std::string& name) {
  std::ifstream in(std::string(SAGAZ_TEST_DATA_DIR) + "/feedback/" + name);
  EXPECT_TRUE(in) << name;
  std::vector<Case> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    out.push_back({line.substr(0, tab), line.substr(tab + 1), number});
  }
  return out;
}

std::unique_ptr<Classifier> Builtin() {
  auto c = MakeBuiltinClassifier(nullptr, {});
  EXPECT_TRUE(c) << c.error().ToText();
  return std::move(*c);
}

TEST(BuiltinClassifierTest, SentimentCases) {
  const auto classifier = Builtin();
  const auto cases = ReadCases("sentiment_cases.tsv");
  ASSERT_GE(cases.size(), 40u);
  for (const auto& c : cases) {
    const auto result = classifier->Classify(c.text);
    std::string why;
    for (const auto& t : ExplainBuiltin(c.text))
      why += " " + t.token + "=" + std::to_string(t.valence);
    EXPECT_EQ(ToString(result.sentiment), c.expected)
        << "line " << c.line << ": " << c.text << " (score " << result.score << ";" << why << ")";
  }
}

TEST(BuiltinClassifierTest, TagCases) {
  const auto classifier = Builtin();
  for (const auto& c : ReadCases("tag_cases.tsv")) {
    EXPECT_EQ(Join(classifier->Classify(c.text).tags, ","), c.expected)
        << "line " << c.line << ": " << c.text;
  }
}

TEST(BuiltinClassifierTest, ScoresAreBoundedAndRulesMoveThem) {
  const auto classifier = Builtin();
  const double good = classifier->Classify("bom").score;
  const double very_good = classifier->Classify("muito bom").score;
  const double caps = classifier->Classify("produto BOM").score;
  const double shouted = classifier->Classify("bom!!!").score;
  EXPECT_GT(good, 0);
  EXPECT_GT(very_good, good);
  EXPECT_GT(caps, classifier->Classify("produto bom").score);
  EXPECT_GT(shouted, good);
  EXPECT_LT(classifier->Classify("não é bom").score, 0);
  for (const char* text : {"", "   ", "😡😡😡😡😡😡😡😡😡😡", "ótimo ótimo ótimo ótimo ótimo ótimo"}) {
    const double s = classifier->Classify(text).score;
    EXPECT_GE(s, -1) << text;
    EXPECT_LE(s, 1) << text;
  }
  EXPECT_EQ(classifier->Classify("").sentiment, Sentiment::kNeutral);
}

TEST(BuiltinClassifierTest, KeyphrasesAreContentWords) {
  const auto classifier = Builtin();
  const auto c = classifier->Classify("A entrega atrasou e o fone de ouvido veio com defeito");
  ASSERT_FALSE(c.keyphrases.empty());
  EXPECT_LE(c.keyphrases.size(), 3u);
  for (const auto& k : c.keyphrases) {
    EXPECT_NE(k, "e");
    EXPECT_NE(k, "o");
  }
  EXPECT_NE(std::find(c.keyphrases.begin(), c.keyphrases.end(), "fone"), c.keyphrases.end())
      << Join(c.keyphrases, "|");
}

TEST(BuiltinClassifierTest, VersionNamesTheData) {
  const auto classifier = Builtin();
  EXPECT_EQ(classifier->name(), "builtin");
  EXPECT_TRUE(classifier->version().starts_with("1.0+")) << classifier->version();
  auto other = ParseTaxonomy("x\tX\tX\tfoo\n");
  ASSERT_TRUE(other);
  auto with_other = MakeBuiltinClassifier(*other, {});
  ASSERT_TRUE(with_other);
  EXPECT_NE((*with_other)->version(), classifier->version());
  EXPECT_EQ((*with_other)->Classify("foo bar").tags, std::vector<std::string>{"x"});
}

TEST(BuiltinClassifierTest, ToleratesHostileText) {
  const auto classifier = Builtin();
  std::string junk;
  for (int i = 0; i < 256; ++i) junk += static_cast<char>(i);
  junk += "\xF0\x9F";  // a cut emoji
  const auto c = classifier->Classify(junk + std::string(100000, 'k'));
  EXPECT_GE(c.score, -1);
}

TEST(TaxonomyTest, ErrorsNameTheLine) {
  auto bad = ParseTaxonomy("# tags\nok\tOk\tOk\tword\nbroken line\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().Detail("line"), "3");
  EXPECT_FALSE(ParseTaxonomy(""));
  EXPECT_FALSE(ParseTaxonomy("Bad Id\tA\tB\tterm\n"));
  EXPECT_FALSE(ParseTaxonomy("a\tA\tB\tterm\na\tA\tB\tterm\n"));
  EXPECT_FALSE(ParseTaxonomy("a\tA\tB\t,,\n"));
  auto builtin = LoadTaxonomy("");
  ASSERT_TRUE(builtin);
  EXPECT_GE((*builtin)->tags().size(), 10u);
  EXPECT_FALSE(LoadTaxonomy("/nonexistent/taxonomy.tsv"));
}

TEST(SentimentNamesTest, ParseAcceptsLabelsAndStars) {
  EXPECT_EQ(*ParseSentiment("Positivo"), Sentiment::kPositive);
  EXPECT_EQ(*ParseSentiment("negative"), Sentiment::kNegative);
  EXPECT_EQ(*ParseSentiment(" Neutro "), Sentiment::kNeutral);
  EXPECT_EQ(*ParseSentiment("1"), Sentiment::kNegative);
  EXPECT_EQ(*ParseSentiment("3"), Sentiment::kNeutral);
  EXPECT_EQ(*ParseSentiment("5"), Sentiment::kPositive);
  EXPECT_EQ(*ParseSentiment("-1"), Sentiment::kNegative);
  EXPECT_FALSE(ParseSentiment("meh"));
  EXPECT_FALSE(ParseSentiment(""));
}

TEST(ParseTimeTest, IsoAndBrazilianForms) {
  EXPECT_EQ(*ParseTime("1970-01-02"), 86400LL * 1'000'000);
  EXPECT_EQ(*ParseTime("1970-01-01T00:00:01Z"), 1'000'000);
  EXPECT_EQ(*ParseTime("1970-01-01T03:00:00+03:00"), 0);
  EXPECT_EQ(*ParseTime("1970-01-01 00:00:00.5"), 500'000);
  EXPECT_EQ(*ParseTime("02/01/1970"), 86400LL * 1'000'000);
  EXPECT_EQ(*ParseTime("2024-02-29"), *ParseTime("29/02/2024 00:00"));
  for (const char* bad :
       {"", "2024-02-30", "2023-02-29", "2024-13-01", "yesterday", "2024-01-01T25:00",
        "2024-01-01T10:00:00Zjunk", "31/04/2024", "0001-01-01"}) {
    EXPECT_FALSE(ParseTime(bad)) << bad;
  }
}

TEST(MaskTest, HidesPersonalData) {
  const std::string masked = MaskPersonalData(
      "Falem comigo: ana@example.com ou (11) 98765-4321, @ana_s, https://x.y/z pedido 123456");
  EXPECT_EQ(masked.find("ana@example.com"), std::string::npos) << masked;
  EXPECT_EQ(masked.find("98765"), std::string::npos) << masked;
  EXPECT_EQ(masked.find("@ana_s"), std::string::npos) << masked;
  EXPECT_EQ(masked.find("https"), std::string::npos) << masked;
  EXPECT_EQ(masked.find("123456"), std::string::npos) << masked;
  EXPECT_NE(masked.find("Falem comigo"), std::string::npos) << masked;
}

}  // namespace
}  // namespace sagaz::feedback
