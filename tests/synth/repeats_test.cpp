// synth::is_repeat / find_repeats: the "told once" rule, on hand-made pairs (data/repeats.tsv).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "synth/synth.h"

using namespace storyline;

namespace {

struct Pair {
  bool repeat;
  std::string a, b, why;
};

std::vector<Pair> read_pairs() {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/synth/data/repeats.tsv");
  std::vector<Pair> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    Pair p;
    std::string expected;
    std::getline(ss, expected, '\t');
    std::getline(ss, p.a, '\t');
    std::getline(ss, p.b, '\t');
    std::getline(ss, p.why, '\t');
    p.repeat = expected == "repeat";
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

TEST(Repeats, HandMadePairs) {
  const auto pairs = read_pairs();
  ASSERT_GE(pairs.size(), 10u);
  for (const Pair& p : pairs) {
    EXPECT_EQ(synth::is_repeat(p.a, p.b), p.repeat) << p.why << "\n  " << p.a << "\n  " << p.b;
    EXPECT_EQ(synth::is_repeat(p.b, p.a), p.repeat) << "(symmetric) " << p.why;
  }
}

TEST(Repeats, TermsAreFoldedStemsWithoutStopWords) {
  EXPECT_EQ(synth::repeat_terms("The Defence of the centre"), synth::repeat_terms("defense center"));
  EXPECT_EQ(synth::repeat_terms("Russia's labour"), synth::repeat_terms("Russia labor"));
  EXPECT_EQ(synth::repeat_terms("3.5% and 1,000"), synth::repeat_terms("3.5 percent 1000"));
  EXPECT_TRUE(synth::repeat_terms("the of and said").empty());
  // "hour", "four", "your" keep their spelling (no -our rule under 2 letters of stem).
  EXPECT_NE(synth::repeat_terms("four hours"), synth::repeat_terms("for hors"));
}

TEST(Repeats, FindRepeatsNumbersTheStandfirstZero) {
  Story s;
  s.standfirst.text = "The colour of the new flag was criticised by the opposition.";
  s.body = {{"Parliament will vote on the design next week.", {}, 0},
            {"The color of the new flag was criticized by the opposition party.", {}, 0}};
  const auto pairs = synth::find_repeats(s);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0], (std::pair<std::size_t, std::size_t>(0, 2)));
}
