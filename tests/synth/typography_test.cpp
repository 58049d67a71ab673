// synth typography: tokenizer artefacts repaired (data/typography.tsv) and one style of
// quotation marks and apostrophes per story.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "synth/synth.h"
#include "text/text.h"

using namespace storyline;
using synth::QuoteStyle;

namespace {

struct Row {
  std::string input, expected, why;
};

std::vector<Row> read_rows() {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/synth/data/typography.tsv");
  std::vector<Row> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    Row r;
    std::getline(ss, r.input, '\t');
    std::getline(ss, r.expected, '\t');
    std::getline(ss, r.why, '\t');
    out.push_back(std::move(r));
  }
  return out;
}

// Letters and digits of a text, in order, but those of the Treebank's bracket tokens
// (-LRB- ...): what a repair must never change.
std::string letters(std::string_view text) {
  std::string s(text);
  for (const char* ptb : {"-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-"})
    for (std::size_t at = s.find(ptb); at != std::string::npos; at = s.find(ptb)) s.erase(at, 5);
  std::string out;
  for (char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

}  // namespace

TEST(Typography, RepairsTokenizerArtefactsTable) {
  const auto rows = read_rows();
  ASSERT_GE(rows.size(), 12u);
  for (const Row& r : rows) {
    const std::string got = synth::repair_typography(r.input);
    EXPECT_EQ(got, r.expected) << r.why;
    EXPECT_EQ(letters(got), letters(r.input)) << r.why;
    EXPECT_EQ(synth::repair_typography(got), got) << "not idempotent: " << r.why;
  }
}

TEST(Typography, FrenchKeepsItsSpaceBeforeColonAndQuestionMark) {
  EXPECT_EQ(synth::repair_typography("Il a dit : pourquoi pas ? Rien , merci .", false),
            "Il a dit : pourquoi pas ? Rien, merci.");
}

TEST(Typography, QuoteStyleIsTheMajoritys) {
  EXPECT_EQ(synth::quote_style_of("“It’s over,” she said. He didn't agree."), QuoteStyle::curly);
  EXPECT_EQ(synth::quote_style_of("\"It's over,\" she said. He didn’t agree."),
            QuoteStyle::straight);
  EXPECT_EQ(synth::quote_style_of("No marks at all."), QuoteStyle::straight);
}

TEST(Typography, ToStraight) {
  EXPECT_EQ(synth::apply_quote_style("“It’s over,” she said of the ‘deal’.", QuoteStyle::straight),
            "\"It's over,\" she said of the 'deal'.");
}

TEST(Typography, ToCurlyOpensAndClosesByContext) {
  EXPECT_EQ(synth::apply_quote_style("\"It's over,\" she said.", QuoteStyle::curly),
            "“It’s over,” she said.");
  EXPECT_EQ(synth::apply_quote_style("He called it \"a 'historic' day\" (\"at last\").",
                                     QuoteStyle::curly),
            "He called it “a ‘historic’ day” (“at last”).");
  EXPECT_EQ(synth::apply_quote_style("Music of the '90s and the players' union.",
                                     QuoteStyle::curly),
            "Music of the ’90s and the players’ union.");
  EXPECT_EQ(synth::apply_quote_style("A storm \xE2\x80\x94\"the worst\" in years.", QuoteStyle::curly),
            "A storm \xE2\x80\x94“the worst” in years.");
  // Curly text stays as it is.
  EXPECT_EQ(synth::apply_quote_style("“Yes,” he said.", QuoteStyle::curly), "“Yes,” he said.");
}

TEST(Typography, AStoryUsesOneStyleAndKeepsItsProvenance) {
  Article a1, a2;
  a1.id = 1;
  a1.source = "wire";
  a1.text =
      "The first planeload of medicines has landed in Haiti , with emergency kits for 20,000 "
      "people .\n"
      "Anthony Dunnett is president of International Health Partners -LRB- IHP -RRB- , the "
      "charity that organised the flight .\n"
      "He said : `` We have to ensure the medicines we send are exactly what doctors need . ''\n"
      "Haiti 's government said it did n't expect more flights this week .";
  a2.id = 2;
  a2.source = "paper";
  a2.text =
      "Aid agencies say the country’s hospitals are running out of antibiotics and painkillers.\n"
      "“The need is enormous,” a spokeswoman for the Red Cross told reporters in the capital.\n"
      "Doctors warned that the risk of secondary infections was growing every day.";
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story({&a1, &a2}, synth::Options{}, s, why)) << why;
  std::string all = s.headline + "\n" + s.standfirst.text;
  for (const StorySentence& b : s.body) all += "\n" + b.text;
  const bool straight = all.find('"') != std::string::npos || all.find('\'') != std::string::npos;
  const bool curly = all.find("“") != std::string::npos || all.find("’") != std::string::npos;
  EXPECT_FALSE(straight && curly) << all;
  for (std::string_view bad : {" ,", " .", " 's", " n't", "-LRB-", "``", "''", "( "})
    EXPECT_EQ(all.find(bad), std::string::npos) << bad << " in\n" << all;
  EXPECT_NE(all.find("Haiti’s"), std::string::npos) << all;  // repaired, then the story's style
  EXPECT_TRUE(synth::check_provenance(s, {&a1, &a2}, &why)) << why;
}
