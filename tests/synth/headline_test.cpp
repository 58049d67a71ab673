// Headlines: clean_title on a table of source titles (data/titles.tsv) and
// headline_from_sentence on a table of sentences (data/sentence_headlines.tsv).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "synth/synth.h"
#include "text/text.h"

using namespace storyline;

TEST(Headline, CleansSourceTitles) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/synth/data/titles.tsv");
  std::string line;
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string source, title, expected;
    std::getline(ss, source, '\t');
    std::getline(ss, title, '\t');
    std::getline(ss, expected, '\t');
    EXPECT_EQ(synth::clean_title(title, source), expected) << title;
    ++rows;
  }
  EXPECT_GE(rows, 10u);
}

TEST(Headline, FromASentenceCutsOnlyAtAClauseBoundary) {
  EXPECT_EQ(synth::headline_from_sentence("A powerful storm hit the northern coast on Sunday."),
            "A powerful storm hit the northern coast on Sunday");
  const std::string h = synth::headline_from_sentence(
      "A powerful storm hit the northern coast of the country on Sunday night, killing three "
      "people and leaving thousands of homes without power.");
  EXPECT_EQ(h, "A powerful storm hit the northern coast of the country on Sunday night");
  EXPECT_LE(text::count_words(h), synth::kHeadlineMaxWords);
  // A wire dateline is dropped; a quotation is never cut inside.
  EXPECT_EQ(synth::headline_from_sentence("WASHINGTON (AP) — The Senate passed the bill."),
            "The Senate passed the bill");
  const std::string q = synth::headline_from_sentence(
      "\"We will rebuild every one of the homes that the storm took from us, whatever it costs,\" "
      "the mayor of the town said on Monday.");
  EXPECT_TRUE(q.empty() || (q.find('"') == std::string::npos ||
                            std::count(q.begin(), q.end(), '"') % 2 == 0))
      << q;
  EXPECT_EQ(synth::headline_from_sentence("Too short."), "");
}

TEST(Headline, FromSentencesOfTheTable) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/synth/data/sentence_headlines.tsv");
  std::string line;
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string sentence = line.substr(0, tab), expected = line.substr(tab + 1);
    const std::string h = synth::headline_from_sentence(sentence);
    EXPECT_EQ(h, expected) << sentence;
    EXPECT_LE(text::count_words(h), synth::kHeadlineMaxWords) << sentence;
    ++rows;
  }
  EXPECT_GE(rows, 15u);
}
