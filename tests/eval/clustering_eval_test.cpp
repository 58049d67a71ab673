#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "eval/eval.h"

using namespace storyline;
using namespace storyline::eval;

namespace {
std::string shared(const std::string& rel) { return std::string(STORYLINE_SHARED_DATA) + "/" + rel; }
}  // namespace

TEST(BCubed, PerfectClustering) {
  const auto s = bcubed({0, 0, 1, 1, 2}, {7, 7, 3, 3, 9});
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_DOUBLE_EQ(s.f1, 1.0);
  EXPECT_EQ(s.n, 5u);
}

TEST(BCubed, OneBigClusterAndAllSingletons) {
  const std::vector<std::int64_t> gold = {0, 0, 1, 1};
  const auto big = bcubed(gold, {5, 5, 5, 5});
  EXPECT_DOUBLE_EQ(big.precision, 0.5);
  EXPECT_DOUBLE_EQ(big.recall, 1.0);
  EXPECT_NEAR(big.f1, 2.0 / 3.0, 1e-12);
  const auto single = bcubed(gold, {1, 2, 3, 4});
  EXPECT_DOUBLE_EQ(single.precision, 1.0);
  EXPECT_DOUBLE_EQ(single.recall, 0.5);
}

TEST(BCubed, HandWorkedExample) {
  // gold:      a a a b b        predicted: x x y y y
  // item 1,2:  P = 2/2, R = 2/3;  item 3: P = 1/3, R = 1/3;  items 4,5: P = 2/3, R = 2/2
  // P = (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15, R = (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15
  const auto s = bcubed({0, 0, 0, 1, 1}, {10, 10, 20, 20, 20});
  EXPECT_NEAR(s.precision, 11.0 / 15.0, 1e-12);
  EXPECT_NEAR(s.recall, 11.0 / 15.0, 1e-12);
  EXPECT_NEAR(s.f1, 11.0 / 15.0, 1e-12);
}

TEST(BCubed, AsymmetricExample) {
  // gold: a a b, predicted: x x x -> P = (2/3 + 2/3 + 1/3) / 3 = 5/9, R = 1
  const auto s = bcubed({1, 1, 2}, {0, 0, 0});
  EXPECT_NEAR(s.precision, 5.0 / 9.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_NEAR(s.f1, 2 * (5.0 / 9.0) / (5.0 / 9.0 + 1.0), 1e-12);
}

TEST(BCubed, EmptyAndMismatchedInput) {
  const auto s = bcubed({}, {});
  EXPECT_EQ(s.n, 0u);
  EXPECT_EQ(s.f1, 0.0);
  EXPECT_THROW(bcubed({1, 2}, {1}), std::invalid_argument);
}

TEST(Pairwise, HandWorkedExample) {
  // gold: a a a b b, predicted: x x y y y. Pairs together in the prediction: 1 (x) + 3 (y);
  // in the gold: 3 (a) + 1 (b); in both: {1,2} and {4,5}. P = 2/4, R = 2/4.
  const auto s = pairwise({0, 0, 0, 1, 1}, {10, 10, 20, 20, 20});
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.f1, 0.5);
  EXPECT_EQ(s.n, 5u);
  // One big cluster: every gold pair found, 2 of 6 predicted pairs right.
  const auto big = pairwise({0, 0, 1, 1}, {5, 5, 5, 5});
  EXPECT_NEAR(big.precision, 2.0 / 6.0, 1e-12);
  EXPECT_DOUBLE_EQ(big.recall, 1.0);
  // All singletons: no predicted pairs, nothing found (scored 0, as Miranda's script does).
  const auto single = pairwise({0, 0, 1, 1}, {1, 2, 3, 4});
  EXPECT_EQ(single.precision, 0.0);
  EXPECT_EQ(single.recall, 0.0);
  EXPECT_THROW(pairwise({1, 2}, {1}), std::invalid_argument);
}

TEST(EvaluateClustering, ScoresTheFinalStoriesOfAStream) {
  // Two copies of one report and an unrelated one, streamed unrelated-first: the copies
  // are one story, the other its own; gold says the same.
  LabelledStream s;
  s.dataset = "test";
  const std::vector<std::string> texts = {
      "The volcano near Reykjavik erupted overnight, closing the airport and sending ash over the harbour.",
      "The volcano near Reykjavik erupted overnight, closing the airport and sending ash over the harbour.",
      "Rovers won the cup final on penalties at the national stadium after a goalless draw."};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Article a;
    a.id = static_cast<ArticleId>(10 + i);  // ids need not be 1..n
    a.text = texts[i];
    s.articles.push_back(a);
  }
  s.gold = {5, 5, 9};
  s.order = {2, 0, 1};
  const auto r = evaluate_clustering(s, cluster::Config{});
  EXPECT_EQ(r.articles, 3u);
  EXPECT_EQ(r.gold_clusters, 2u);
  EXPECT_EQ(r.stories, 2u);
  EXPECT_DOUBLE_EQ(r.bcubed.f1, 1.0);
  // The gold labels follow the articles, not the arrival order: other labels, other score.
  s.gold = {5, 9, 9};
  EXPECT_LT(evaluate_clustering(s, cluster::Config{}).bcubed.f1, 1.0);

  LabelledStream bad = s;
  bad.order.pop_back();
  EXPECT_THROW(evaluate_clustering(bad, cluster::Config{}), std::invalid_argument);
  bad = s;
  bad.articles[1].id = bad.articles[0].id;
  EXPECT_THROW(evaluate_clustering(bad, cluster::Config{}), std::invalid_argument);
}

TEST(MirandaClustering, ReadsTheirLayoutInDateOrder) {
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / "storyline_miranda_test.json";
  const std::string budget =
      "The city council voted on Tuesday to approve the budget for schools, roads and parks, "
      "after a debate that lasted more than six hours, officials said.";
  const std::string budget2 =
      "Council members approved the city budget for schools, roads and parks on Tuesday night "
      "after six hours of debate, officials said, with two members voting against.";
  const std::string match =
      "United beat City two goals to one in the derby on Saturday, with a late header from "
      "the captain deciding a match the visitors had controlled for an hour.";
  // Out of date order, another language mixed in, numeric and string cluster ids, extra
  // fields (features) that the loader drops, and "body" instead of "text".
  std::ofstream(file) << R"([
    {"id": "d3", "date": "2014-11-03 09:00:00", "lang": "eng", "title": "Budget approved",
     "text": ")" + budget2 + R"(", "cluster": "c1", "features": {"x": [1, 2, 3]}},
    {"id": "d1", "date": "2014-11-02 14:10:00", "lang": "eng", "title": "Council votes on budget",
     "body": ")" + budget + R"(", "cluster": "c1"},
    {"id": "d2", "date": "2014-11-02 20:00:00", "lang": "spa", "title": "Presupuesto",
     "text": "El consejo aprobó el presupuesto.", "cluster": "c9"},
    {"id": "d4", "date": "2014-11-01 18:30:00", "lang": "eng", "title": "Derby won late",
     "text": ")" + match + R"(", "cluster": 7}
  ])";
  const auto r = evaluate_miranda_clustering(file.string(), "eng", cluster::Config{});
  EXPECT_EQ(r.dataset, "miranda-eng");
  EXPECT_EQ(r.articles, 3u);
  EXPECT_EQ(r.gold_clusters, 2u);
  EXPECT_EQ(r.stories, 2u);
  EXPECT_DOUBLE_EQ(r.bcubed.f1, 1.0);
  EXPECT_DOUBLE_EQ(r.pairwise.f1, 1.0);
  const auto es = evaluate_miranda_clustering(file.string(), "spa", cluster::Config{});
  EXPECT_EQ(es.articles, 1u);
  EXPECT_THROW(evaluate_miranda_clustering(file.string(), "deu", cluster::Config{}), std::runtime_error);

  // A document without a date or a cluster, or a file that is not an array: clear errors.
  auto message = [&](const std::string& content) {
    std::ofstream(file) << content;
    try {
      evaluate_miranda_clustering(file.string(), "eng", cluster::Config{});
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(R"([{"id": "a", "lang": "eng", "text": "x", "cluster": "c"}])").find("document 0: no date"),
            std::string::npos);
  EXPECT_NE(message(R"([{"id": "a", "lang": "eng", "date": "2014-11-01 18:30:00", "text": "x"}])").find("no cluster"),
            std::string::npos);
  EXPECT_NE(message(R"({"documents": []})").find("expected an array"), std::string::npos);
  EXPECT_NE(message("[{\"id\": ").find("not JSON"), std::string::npos);
  fs::remove(file);
  EXPECT_THROW(evaluate_miranda_clustering(file.string(), "eng", cluster::Config{}), std::runtime_error);
}

TEST(Timeline17, ReadsTheLayout) {
  // A miniature copy of the layout: two topics, one covered by two outlets.
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "storyline_t17_test";
  fs::remove_all(root);
  auto write = [&](const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  };
  const std::string spill =
      "BP said on Monday the Deepwater Horizon oil spill in the Gulf of Mexico was spreading "
      "toward the Louisiana coast as crews laid booms and skimmers worked offshore.";
  write("bpoil_bbc/InputDocs/2010-05-03/1.htm.txt", spill);
  write("bpoil_reuters/InputDocs/2010-05-04/7.htm.txt",
        "Crews laid booms along the Louisiana coast on Tuesday as the BP oil spill from the "
        "Deepwater Horizon well spread across the Gulf of Mexico, officials said.");
  write("haiti_bbc/InputDocs/2010-01-13/2.htm.txt",
        "A magnitude 7.0 earthquake devastated Port-au-Prince, Haiti, collapsing the "
        "presidential palace and thousands of homes; aid agencies rushed rescuers to the city.");
  write("haiti_bbc/timelines/bbc.txt", "2010-01-12 not an input document");
  const auto r = evaluate_timeline17(root.string(), cluster::Config{});
  fs::remove_all(root);
  EXPECT_EQ(r.dataset, "timeline17");
  EXPECT_EQ(r.articles, 3u);
  EXPECT_EQ(r.gold_clusters, 2u);  // bpoil (two outlets) and haiti
  EXPECT_EQ(r.stories, 2u);
  EXPECT_DOUBLE_EQ(r.bcubed.precision, 1.0);
  EXPECT_DOUBLE_EQ(r.bcubed.recall, 1.0);
  EXPECT_THROW(evaluate_timeline17((root / "missing").string(), cluster::Config{}), std::runtime_error);
}

TEST(MultiNewsClustering, PooledValidationClusters) {
  const std::string path = shared("multinews/validation.csv");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "Multi-News data not found at " << path;
  const auto r = evaluate_multinews_clustering(path, cluster::Config{}, 1);
  EXPECT_EQ(r.articles, 690u);
  EXPECT_EQ(r.gold_clusters, 250u);
  std::printf("Multi-News pooled: BCubed P %.4f R %.4f F1 %.4f, %zu stories, %.2fs\n",
              r.bcubed.precision, r.bcubed.recall, r.bcubed.f1, r.stories, r.seconds);
  // Regression floors 0.01 under what `storyline eval clustering --seed 1` measured on
  // 2026-12-02 (P 0.9457, R 0.7926, F1 0.8624; main at 950bae4, before the chrome-rule
  // change to the clusterer: re-measure and move these when it lands). The target 0.95 F1
  // is above what these gold clusters allow for text similarity: an oracle that joins
  // every same-story pair at cosine >= 0.05 and nothing else scores 0.948 (`storyline eval
  // clustering --ceiling`, docs/benchmarks.md), and below 0.05 same-story pairs are about
  // 1 in 1,550 (archive banners, unrelated background pages, roundups of several events).
  EXPECT_GE(r.bcubed.precision, 0.9357);
  EXPECT_GE(r.bcubed.recall, 0.7826);
  EXPECT_GE(r.bcubed.f1, 0.8524);
  // Deterministic for a seed.
  const auto again = evaluate_multinews_clustering(path, cluster::Config{}, 1);
  EXPECT_EQ(again.stories, r.stories);
  EXPECT_DOUBLE_EQ(again.bcubed.f1, r.bcubed.f1);
}

TEST(Timeline17, TopicsDoNotMix) {
  const std::string dir = shared("timeline17");
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "Timeline17 data not found at " << dir;
  const auto r = evaluate_timeline17(dir, cluster::Config{});
  std::printf("Timeline17: BCubed P %.4f R %.4f F1 %.4f, %zu stories of %zu articles, %.2fs\n",
              r.bcubed.precision, r.bcubed.recall, r.bcubed.f1, r.stories, r.articles, r.seconds);
  EXPECT_EQ(r.articles, 4650u);
  EXPECT_EQ(r.gold_clusters, 9u);
  // 0.01 under the precision measured on 2026-12-02 (0.9910, main at 950bae4).
  EXPECT_GE(r.bcubed.precision, 0.981);
}
