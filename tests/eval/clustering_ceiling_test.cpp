#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "eval/eval.h"

using namespace storyline;
using namespace storyline::eval;

namespace {

std::string shared(const std::string& rel) { return std::string(STORYLINE_SHARED_DATA) + "/" + rel; }

LabelledStream stream_of(const std::vector<std::pair<std::string, std::int64_t>>& docs) {
  LabelledStream s;
  s.dataset = "test";
  for (const auto& [text, gold] : docs) {
    Article a;
    a.id = static_cast<ArticleId>(s.articles.size() + 1);
    a.text = text;
    s.order.push_back(s.articles.size());
    s.articles.push_back(a);
    s.gold.push_back(gold);
  }
  return s;
}

// Story 0: two reports of one eruption (they share some words). Story 1: two articles
// with no word in common. Story 2: one article. No words are shared across stories.
const LabelledStream kStream = stream_of({
    {"The volcano near Reykjavik erupted overnight, closing the airport and sending ash over the harbour.", 0},
    {"Ash from the eruption near Reykjavik closed the airport; airlines cancelled flights.", 0},
    {"The chess champion kept her title in Madras after a tense final game.", 1},
    {"Parliament passed the budget bill with a narrow majority on Thursday.", 1},
    {"Rovers won the cup final on penalties at the national stadium.", 2},
});

}  // namespace

TEST(ClusteringCeiling, HandWorkedExample) {
  const auto c = clustering_ceiling(kStream, cluster::Config{}, {0.1});
  ASSERT_EQ(c.rows.size(), 1u);
  // The oracle joins the eruption pair only: story 1 stays split in two.
  // P = 1; R = (1 + 1 + 1/2 + 1/2 + 1) / 5 = 0.8; F1 = 2 * 0.8 / 1.8.
  EXPECT_DOUBLE_EQ(c.rows[0].bcubed.precision, 1.0);
  EXPECT_DOUBLE_EQ(c.rows[0].bcubed.recall, 0.8);
  EXPECT_NEAR(c.rows[0].bcubed.f1, 1.6 / 1.8, 1e-12);
  // Bands [0, 0.1) and [0.1, 1]: the 10 pairs are 2 same-story pairs (one in each band)
  // and 8 different-story pairs at cosine 0.
  ASSERT_EQ(c.bands.size(), 2u);
  EXPECT_EQ(c.bands[0].same_story, 1u);
  EXPECT_EQ(c.bands[0].different_stories, 8u);
  EXPECT_EQ(c.bands[1].same_story, 1u);
  EXPECT_EQ(c.bands[1].different_stories, 0u);
  EXPECT_DOUBLE_EQ(c.bands[0].from, 0.0);
  EXPECT_DOUBLE_EQ(c.bands[1].to, 1.0);
  // Four articles have a same-story mate; the two of story 1 are no closer to their mate
  // (0) than to the others (0), so their nearest article counts as elsewhere.
  EXPECT_EQ(c.with_mate, 4u);
  EXPECT_EQ(c.nearest_elsewhere, 2u);
}

TEST(ClusteringCeiling, LinkZeroIsTheGoldAndRecallFallsAsTheLinkRises) {
  const auto c = clustering_ceiling(kStream, cluster::Config{}, {0.9, 0.0, 0.1, 0.1});
  ASSERT_EQ(c.rows.size(), 3u);  // sorted, the repeated 0.1 once
  EXPECT_DOUBLE_EQ(c.rows[0].link, 0.0);
  EXPECT_DOUBLE_EQ(c.rows[0].bcubed.f1, 1.0);  // every same-story pair joins
  for (std::size_t k = 1; k < c.rows.size(); ++k) {
    EXPECT_DOUBLE_EQ(c.rows[k].bcubed.precision, 1.0);
    EXPECT_LE(c.rows[k].bcubed.recall, c.rows[k - 1].bcubed.recall);
  }
  // At 0.9 the two wordings of the eruption are apart too: every article alone.
  EXPECT_DOUBLE_EQ(c.rows[2].bcubed.recall, (0.5 * 4 + 1) / 5);
}

TEST(ClusteringCeiling, RejectsMismatchedGold) {
  LabelledStream bad = kStream;
  bad.gold.pop_back();
  EXPECT_THROW(clustering_ceiling(bad, cluster::Config{}), std::invalid_argument);
}

TEST(ClusteringCeiling, MultiNewsPoolCountsEveryPairAndArticle) {
  const std::string path = shared("multinews/validation.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "Multi-News data not found at " << path;
  const auto stream = multinews_stream(path, 17);
  const auto c = clustering_ceiling(stream, cluster::Config{});
  std::size_t pairs = 0;
  for (const auto& b : c.bands) pairs += b.same_story + b.different_stories;
  EXPECT_EQ(pairs, stream.articles.size() * (stream.articles.size() - 1) / 2);
  for (const auto& row : c.rows)
    std::printf("Multi-News ceiling at link %.2f: R %.4f F1 %.4f\n", row.link, row.bcubed.recall, row.bcubed.f1);
  // The oracle's recall only falls as the link rises; precision is 1 throughout.
  for (std::size_t k = 1; k < c.rows.size(); ++k) EXPECT_LE(c.rows[k].bcubed.recall, c.rows[k - 1].bcubed.recall);
  // Articles with a same-story mate: those whose gold cluster has two or more documents.
  std::map<std::int64_t, std::size_t> size;
  for (const auto g : stream.gold) ++size[g];
  std::size_t with_mate = 0;
  for (const auto g : stream.gold) with_mate += size[g] > 1;
  EXPECT_EQ(c.with_mate, with_mate);
  EXPECT_LE(c.nearest_elsewhere, c.with_mate);
}
