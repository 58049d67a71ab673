#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <vector>

#include "cluster/cluster.h"
#include "cluster/internal.h"

using namespace storyline::cluster;

namespace {
const std::string kStory =
    "The European Central Bank raised its main interest rate by a quarter of a percentage "
    "point on Thursday, its tenth increase in a row, and signalled that borrowing costs "
    "would stay high for as long as necessary to bring inflation back to its two percent "
    "target. President Christine Lagarde told reporters in Frankfurt that the decision was "
    "not unanimous but that a solid majority of governors had backed it. Markets had "
    "largely expected the move after inflation in the euro area stayed above five percent in "
    "the summer, but the euro fell against the dollar as investors read the statement as a "
    "sign that the tightening cycle was close to its end. Economists at several banks said "
    "they now expected rates to stay on hold into next year, with the first cut possible "
    "only once wage growth slows. Germany's economy shrank slightly in the second quarter, "
    "and surveys of purchasing managers point to a further contraction in manufacturing "
    "across the bloc, which has raised concern among some governors that the bank risks "
    "pushing the region into recession. Lagarde said the bank's own projections still showed "
    "modest growth next year and that the labour market remained robust, with unemployment at "
    "a record low. The bank also confirmed that it would keep reinvesting maturing bonds "
    "bought under its pandemic programme until at least the end of next year.";
}

TEST(SimHash, IdenticalTextsHashAlike) {
  EXPECT_EQ(simhash(kStory), simhash(kStory));
  EXPECT_EQ(hamming(simhash(kStory), simhash(kStory)), 0);
}

TEST(SimHash, SmallEditStaysClose) {
  std::string copy = kStory;
  copy.replace(copy.find("Thursday"), 8, "Wednesday");
  // Within the default near-duplicate distance (a one-word edit of a 250-word text
  // flips about 4 of 64 bits).
  EXPECT_LE(hamming(simhash(kStory), simhash(copy)), Config{}.duplicate_bits);
  // A wire copy with a dateline and a credit line added.
  const std::string wire = "FRANKFURT (Reuters) - " + kStory + " Reporting by Staff.";
  EXPECT_LE(hamming(simhash(kStory), simhash(wire)), Config{}.duplicate_bits);
}

TEST(SimHash, DifferentTextsAreFarApart) {
  const std::string other =
      "Firefighters in southern California battled a wind-driven wildfire that forced the "
      "evacuation of thousands of homes overnight, officials said, as temperatures rose and "
      "humidity dropped across the region for a third straight day.";
  EXPECT_GT(hamming(simhash(kStory), simhash(other)), 12);
}

TEST(SimHash, CaseAndPunctuationDoNotMatter) {
  EXPECT_EQ(simhash("Hello, World: how are you today"), simhash("hello world how ARE you today!"));
}

TEST(SimHash, WordOrderMatters) {
  EXPECT_NE(simhash("alpha beta gamma delta epsilon"), simhash("epsilon delta gamma beta alpha"));
}

TEST(SimHash, EmptyAndTinyTexts) {
  EXPECT_EQ(simhash(""), 0u);
  EXPECT_EQ(simhash("  ...  "), 0u);
  EXPECT_NE(simhash("word"), 0u);
  EXPECT_EQ(simhash("word"), simhash("WORD"));
}

TEST(Hamming, CountsDifferingBits) {
  EXPECT_EQ(hamming(0, 0), 0);
  EXPECT_EQ(hamming(0, ~0ULL), 64);
  EXPECT_EQ(hamming(0b1011, 0b0001), 2);
}

TEST(TruncateUtf8, NeverCutsACharacter) {
  using detail::truncate_utf8;
  EXPECT_EQ(truncate_utf8("hello", 10), "hello");
  EXPECT_EQ(truncate_utf8("hello", 3), "hel");
  const std::string s = "ab\xC3\xA9z";  // "abéz": é is 2 bytes
  EXPECT_EQ(truncate_utf8(s, 3), "ab");
  EXPECT_EQ(truncate_utf8(s, 4), "ab\xC3\xA9");
  EXPECT_EQ(truncate_utf8("\xE2\x80\x93x", 2), "");
}

// The bit counting is done eight positions at a time with counters flushed every 255
// features: it must give exactly the majority vote of the plain definition, also past
// the flush (kStory repeated has well over 255 shingles).
TEST(SimHash, MatchesTheMajorityVoteDefinition) {
  const auto reference = [](const std::vector<storyline::text::Token>& tokens) {
    std::vector<std::uint64_t> h;
    for (const auto& t : tokens) h.push_back(storyline::text::hash64(t.lower));
    const auto mix = [](std::uint64_t x) {
      x ^= x >> 30;
      x *= 0xbf58476d1ce4e5b9ULL;
      x ^= x >> 27;
      x *= 0x94d049bb133111ebULL;
      return x ^ (x >> 31);
    };
    std::vector<std::uint64_t> features;
    if (h.size() < 3) {
      for (auto x : h) features.push_back(mix(x));
    } else {
      for (std::size_t i = 0; i + 2 < h.size(); ++i)
        features.push_back(mix(h[i] ^ std::rotl(h[i + 1], 21) ^ std::rotl(h[i + 2], 42)));
    }
    std::uint64_t out = 0;
    for (int b = 0; b < 64; ++b) {
      int vote = 0;
      for (auto f : features) vote += (f >> b) & 1 ? 1 : -1;
      if (vote > 0) out |= std::uint64_t{1} << b;
    }
    return out;
  };
  std::string triple = kStory + " " + kStory + " " + kStory;
  for (const std::string& text : {kStory, triple, std::string("two words"), std::string("one")}) {
    const auto tokens = storyline::text::tokenize(text);
    EXPECT_EQ(detail::simhash_tokens(tokens), reference(tokens)) << text.substr(0, 20);
  }
  EXPECT_GT(storyline::text::tokenize(triple).size(), 600u);
}
