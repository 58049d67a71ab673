#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cluster/cluster.h"

using namespace storyline;
using namespace storyline::cluster;

namespace {

Article art(ArticleId id, const std::string& title, const std::string& text) {
  Article a;
  a.id = id;
  a.title = title;
  a.text = text;
  return a;
}

using PairMap = std::map<std::pair<std::size_t, std::size_t>, double>;

PairMap all_pairs(const std::vector<Article>& articles) {
  PairMap out;
  for_each_pair_similarity(articles, Config{}, [&](std::size_t i, std::size_t j, double s) {
    EXPECT_LT(i, j);
    EXPECT_TRUE(out.emplace(std::make_pair(i, j), s).second) << "pair visited twice";
  });
  return out;
}

const std::vector<Article> kBatch = {
    art(1, "Volcano erupts near Reykjavik", "The volcano near Reykjavik erupted overnight, closing the airport and sending ash over the harbour."),
    art(2, "Volcano erupts near Reykjavik", "The volcano near Reykjavik erupted overnight, closing the airport and sending ash over the harbour."),
    art(3, "Reykjavik airport closed by ash", "Ash from the eruption closed Reykjavik airport; airlines cancelled flights to Iceland."),
    art(4, "Chess champion keeps her title", "The chess champion kept her title in Madras after a tense final game against the challenger."),
};

}  // namespace

TEST(PairSimilarity, VisitsEveryPairOnce) {
  const PairMap pairs = all_pairs(kBatch);
  EXPECT_EQ(pairs.size(), kBatch.size() * (kBatch.size() - 1) / 2);
}

TEST(PairSimilarity, IdenticalTextsAreOneAndUnrelatedOnesZero) {
  const PairMap pairs = all_pairs(kBatch);
  EXPECT_NEAR(pairs.at({0, 1}), 1.0, 1e-5);
  EXPECT_DOUBLE_EQ(pairs.at({0, 3}), 0.0);  // no term in common
  EXPECT_DOUBLE_EQ(pairs.at({2, 3}), 0.0);
  // Same event, other words: in between, and below the copy.
  EXPECT_GT(pairs.at({0, 2}), 0.1);
  EXPECT_LT(pairs.at({0, 2}), 0.9);
}

TEST(PairSimilarity, DoesNotDependOnTheBatchOrder) {
  // The idf is fitted on the whole batch before any pair is scored, unlike the online
  // clusterer's: reversing the batch gives the same cosine for every pair.
  std::vector<Article> reversed(kBatch.rbegin(), kBatch.rend());
  const PairMap forward = all_pairs(kBatch), backward = all_pairs(reversed);
  const std::size_t n = kBatch.size();
  for (const auto& [ij, s] : forward) {
    const std::size_t i = n - 1 - ij.second, j = n - 1 - ij.first;  // positions in `reversed`
    EXPECT_NEAR(backward.at({i, j}), s, 1e-6) << ij.first << "," << ij.second;
  }
}

TEST(PairSimilarity, EmptyAndSingleBatchesVisitNothing) {
  int calls = 0;
  for_each_pair_similarity({}, Config{}, [&](std::size_t, std::size_t, double) { ++calls; });
  for_each_pair_similarity({kBatch[0]}, Config{}, [&](std::size_t, std::size_t, double) { ++calls; });
  EXPECT_EQ(calls, 0);
  // An empty text has no features: cosine 0 with everything, never NaN.
  const PairMap pairs = all_pairs({art(1, "", ""), kBatch[0]});
  EXPECT_DOUBLE_EQ(pairs.at({0, 1}), 0.0);
}
