#include <gtest/gtest.h>

#include "text/text.h"

using storyline::text::split_sentences;

namespace {
std::vector<std::string> sents(std::string_view s) {
  std::vector<std::string> out;
  for (auto sp : split_sentences(s)) out.emplace_back(sp.of(s));
  return out;
}
}  // namespace

TEST(Sentences, SplitsPlainSentences) {
  auto v = sents("Hegseth arrived. He met allies. Then he left!");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], "Hegseth arrived.");
  EXPECT_EQ(v[2], "Then he left!");
}

TEST(Sentences, KeepsAbbreviationsTogether) {
  auto v = sents("U.S. Defense Secretary Pete Hegseth will travel to NATO. Gen. Smith agreed.");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], "U.S. Defense Secretary Pete Hegseth will travel to NATO.");
  EXPECT_EQ(v[1], "Gen. Smith agreed.");
}

TEST(Sentences, CaseNamesStayInTheirSentence) {
  // "v." of a court case ("Kimble v. Marvel", "Brulotte v. Thys") is no sentence end.
  auto v = sents("The court ruled in Kimble v. Marvel Entertainment on Monday. It cited Brulotte v. "
                 "Thys, a 1964 decision. Roe v. Wade was not at issue.");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], "The court ruled in Kimble v. Marvel Entertainment on Monday.");
  EXPECT_EQ(v[1], "It cited Brulotte v. Thys, a 1964 decision.");
  EXPECT_EQ(v[2], "Roe v. Wade was not at issue.");
}

TEST(Sentences, NumberAbbreviationAndDecimals) {
  auto v = sents("He lives at No. 10 Downing Street. Spending rose to 3.5% of GDP. It grew.");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], "He lives at No. 10 Downing Street.");
  EXPECT_EQ(v[1], "Spending rose to 3.5% of GDP.");
}

TEST(Sentences, AcronymAtSentenceEndStillSplits) {
  auto v = sents("The talks were held in the U.S. The next round is in Paris.");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1], "The next round is in Paris.");
}

TEST(Sentences, InitialsStayInName) {
  auto v = sents("John F. Kennedy spoke. Crowds cheered.");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], "John F. Kennedy spoke.");
}

TEST(Sentences, QuotesStayWithTheirSentence) {
  auto v = sents("\u201cWe will win,\u201d he said. \u201cNo doubt.\u201d The crowd roared.");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], "\u201cWe will win,\u201d he said.");
  EXPECT_EQ(v[1], "\u201cNo doubt.\u201d");
}

TEST(Sentences, LineBreaksEndSentencesAndOffsetsAreBytes) {
  std::string s = "Caf\u00e9 owners met\nThey agreed.  ";
  auto spans = split_sentences(s);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].of(s), "Caf\u00e9 owners met");
  EXPECT_EQ(spans[1].begin, s.find("They"));
  EXPECT_EQ(spans[1].end, s.find("agreed.") + 7);
}

TEST(Sentences, EmptyAndWhitespaceInputs) {
  EXPECT_TRUE(split_sentences("").empty());
  EXPECT_TRUE(split_sentences(" \n\n  \t").empty());
}
