// Lead and LexRank baselines.
#include <gtest/gtest.h>

#include <set>

#include "synth/synth.h"
#include "text/text.h"

using namespace storyline;

namespace {
std::vector<Article> cluster() {
  std::vector<Article> a(3);
  a[0].text =
      "The central bank raised interest rates by half a point on Monday.\n"
      "Economists had expected the bank to raise rates by a quarter point.\n"
      "The local football club unveiled a new stadium design last week.";
  a[1].text =
      "Interest rates rose by half a point after the central bank decision.\n"
      "The bank said inflation remained far too high for comfort.\n"
      "Mortgage holders will see their monthly payments rise sharply.";
  a[2].text =
      "The central bank decision to raise interest rates surprised markets.\n"
      "Shares fell sharply in early trading after the rate decision.";
  for (std::size_t i = 0; i < a.size(); ++i) a[i].id = static_cast<ArticleId>(i + 1);
  return a;
}
std::vector<const Article*> ptrs(const std::vector<Article>& a) {
  std::vector<const Article*> p;
  for (const auto& x : a) p.push_back(&x);
  return p;
}
std::size_t words(const std::vector<std::string>& s) {
  std::size_t n = 0;
  for (const auto& x : s) n += text::count_words(x);
  return n;
}
}  // namespace

TEST(LeadBaseline, RoundRobinWithinBudget) {
  const auto a = cluster();
  const auto all = synth::lead_baseline(ptrs(a), 1000);
  ASSERT_EQ(all.size(), 8u);
  EXPECT_EQ(all[0], "The central bank raised interest rates by half a point on Monday.");
  EXPECT_EQ(all[1], "Interest rates rose by half a point after the central bank decision.");
  EXPECT_EQ(all[2], "The central bank decision to raise interest rates surprised markets.");
  EXPECT_EQ(all[3], "Economists had expected the bank to raise rates by a quarter point.");
  // 12 + 12 words fit in 30; no other sentence has 6 words or fewer: two sentences.
  const auto some = synth::lead_baseline(ptrs(a), 30);
  EXPECT_LE(words(some), 30u);
  EXPECT_EQ(some.size(), 2u);
  EXPECT_TRUE(synth::lead_baseline({}, 100).empty());
}

TEST(PlainLeadBaseline, KeepsEverySentenceTheFilteredLeadDrops) {
  auto a = cluster();
  a[0].text = "Advertisement\n" + a[0].text;
  a[1].text = "Follow us on Twitter for the latest updates.\n" + a[1].text;
  // The plain lead takes what the splitter gives, junk included, in round-robin order ...
  const auto plain = synth::plain_lead_baseline(ptrs(a), 1000);
  ASSERT_EQ(plain.size(), 10u);
  EXPECT_EQ(plain[0], "Advertisement");
  EXPECT_EQ(plain[1], "Follow us on Twitter for the latest updates.");
  EXPECT_EQ(plain[2], "The central bank decision to raise interest rates surprised markets.");
  EXPECT_EQ(plain[3], "The central bank raised interest rates by half a point on Monday.");
  // ... where the filtered lead starts with the articles' real first sentences.
  const auto filtered = synth::lead_baseline(ptrs(a), 1000);
  ASSERT_FALSE(filtered.empty());
  EXPECT_EQ(filtered[0], "The central bank raised interest rates by half a point on Monday.");
  // Budget: whole sentences that still fit, in order (1 + 8 + 10 words fit in 21; every
  // other sentence has more than 2 words).
  const auto some = synth::plain_lead_baseline(ptrs(a), 21);
  EXPECT_EQ(words(some), 19u);
  EXPECT_EQ(some.size(), 3u);
  EXPECT_TRUE(synth::plain_lead_baseline({}, 100).empty());
}

TEST(Baselines, OverflowLastAddsOneSentencePastTheBudget) {
  const auto a = cluster();
  // Lead: the two 12-word leads fit in 30; the next in round-robin order comes on top.
  const auto lead = synth::lead_baseline(ptrs(a), 30, true);
  ASSERT_EQ(lead.size(), 3u);
  EXPECT_EQ(lead[2], "The central bank decision to raise interest rates surprised markets.");
  EXPECT_GT(words(lead), 30u);
  // Nothing left out, nothing added; a budget of 0 stays empty.
  EXPECT_EQ(synth::lead_baseline(ptrs(a), 1000, true).size(), 8u);
  EXPECT_TRUE(synth::lead_baseline(ptrs(a), 0, true).empty());
  // LexRank: one sentence more than without, last.
  const auto plain = synth::lexrank_baseline(ptrs(a), 14);
  const auto over = synth::lexrank_baseline(ptrs(a), 14, true);
  ASSERT_EQ(over.size(), plain.size() + 1);
  EXPECT_EQ(over[0], plain[0]);
  EXPECT_GT(words(over), 14u);
}

TEST(LexRankBaseline, PrefersCentralSentences) {
  const auto a = cluster();
  const auto one = synth::lexrank_baseline(ptrs(a), 14);
  ASSERT_EQ(one.size(), 1u);
  // The winner talks about the shared event (the bank and rates), not football.
  EXPECT_NE(one[0].find("bank"), std::string::npos) << one[0];
  const auto many = synth::lexrank_baseline(ptrs(a), 60);
  EXPECT_LE(words(many), 60u);
  EXPECT_EQ(std::set<std::string>(many.begin(), many.end()).size(), many.size());
  for (const auto& s : many) EXPECT_EQ(s.find("football"), std::string::npos) << s;
  EXPECT_TRUE(synth::lexrank_baseline({}, 100).empty());
}
