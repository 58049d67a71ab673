#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "pipeline/pipeline.h"

using namespace storyline;
namespace fs = std::filesystem;

TEST(ExpandPaths, WalksDirectoriesSortedAndReportsMissing) {
  const fs::path d = fs::temp_directory_path() / ("storyline_pipe_" + std::to_string(getpid()));
  fs::create_directories(d / "sub");
  fs::create_directories(d / ".hidden");
  std::ofstream(d / "b.txt") << "x";
  std::ofstream(d / "a.txt") << "x";
  std::ofstream(d / "sub" / "c.jsonl") << "x";
  std::ofstream(d / ".hidden" / "z.txt") << "x";
  std::vector<ingest::Problem> problems;
  auto files = pipeline::expand_paths({d.string(), (d / "nope").string()}, problems);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(fs::path(files[0]).filename(), "a.txt");
  EXPECT_EQ(fs::path(files[2]).filename(), "c.jsonl");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].origin.find("nope"), std::string::npos);
  fs::remove_all(d);
}

TEST(IngestFiles, CommitsInBatchesAndCountsDuplicates) {
  const fs::path d = fs::temp_directory_path() / ("storyline_pipe2_" + std::to_string(getpid()));
  fs::create_directories(d);
  {
    std::ofstream f(d / "a.jsonl");
    for (int i = 0; i < 25; ++i)
      f << "{\"url\":\"https://x/" << i % 20 << "\",\"text\":\"Article " << i % 20 << " text.\"}\n";
  }
  auto db = store::open(":memory:");
  std::vector<ingest::Problem> problems;
  std::vector<std::size_t> commits;
  auto stats = pipeline::ingest_files(*db, {(d / "a.jsonl").string()}, {}, 10, problems,
                                      [&](const pipeline::IngestStats& s) {
                                        commits.push_back(s.inserted + s.duplicates);
                                      });
  EXPECT_EQ(stats.articles, 25u);
  EXPECT_EQ(stats.inserted, 20u);
  EXPECT_EQ(stats.duplicates, 5u);
  EXPECT_EQ(commits, (std::vector<std::size_t>{10, 20, 25}));
  EXPECT_EQ(db->article_count(), 20u);
  fs::remove_all(d);
}

TEST(Digest, GroupsOneEventAndSeparatesAnother) {
  std::vector<Article> v(3);
  const UnixTime t = days_from_civil(2025, 2, 11) * 86400;
  v[0] = {1, "https://a/1", "A", "Hegseth visits NATO headquarters",
          "US defence secretary Pete Hegseth will visit NATO headquarters in Brussels on Wednesday. "
          "Hegseth will attend a meeting of the Ukraine Defence Contact Group. Allies want to know "
          "how Washington plans to support Ukraine.", "", "en", t, t, ""};
  v[1] = {2, "https://b/2", "B", "Hegseth heads to Brussels for NATO talks",
          "Pete Hegseth travels to NATO headquarters in Brussels for his first visit as US defence "
          "secretary. At the Ukraine Defence Contact Group meeting he is expected to listen to allies "
          "on support for Ukraine.", "", "en", t + 3600, t + 3600, ""};
  v[2] = {3, "https://c/3", "C", "Floods hit northern Italy",
          "Heavy rain caused rivers to burst their banks across northern Italy, forcing thousands "
          "of residents from their homes. Emergency services rescued people trapped in cars.",
          "", "en", t + 7200, t + 7200, ""};
  auto r = pipeline::digest(v, {});
  ASSERT_EQ(r.assignments.size(), 3u);
  EXPECT_EQ(r.assignments[0].story, r.assignments[1].story);
  EXPECT_NE(r.assignments[0].story, r.assignments[2].story);
  ASSERT_EQ(r.stories.size(), 2u);
  // The two-outlet story ranks first.
  EXPECT_EQ(r.stories[0].articles.size(), 2u);
  EXPECT_EQ(r.stories[0].outlets, 2);
  EXPECT_EQ(r.stories[0].event_date, "2025-02-11");
  EXPECT_FALSE(r.stories[0].standfirst.text.empty());
  EXPECT_EQ(r.stories[0].first_seen, t);
  EXPECT_EQ(r.stories[0].last_seen, t + 3600);
}

namespace {

// Assignments from (article, story) pairs.
std::vector<Assignment> asg(std::initializer_list<std::pair<ArticleId, StoryId>> pairs) {
  std::vector<Assignment> out;
  for (const auto& [a, s] : pairs) {
    Assignment x;
    x.article = a;
    x.story = s;
    out.push_back(x);
  }
  return out;
}

std::map<ArticleId, StoryId> story_of(const std::vector<Assignment>& v) {
  std::map<ArticleId, StoryId> m;
  for (const auto& a : v) m[a.article] = a.story;
  return m;
}

}  // namespace

TEST(KeepStoryIds, FirstDigestNumbersInArrivalOrder) {
  auto now = asg({{10, 7}, {11, 3}, {12, 7}, {13, 5}});
  pipeline::keep_story_ids(now, {}, 0);
  EXPECT_EQ(story_of(now), (std::map<ArticleId, StoryId>{{10, 1}, {11, 2}, {12, 1}, {13, 3}}));
}

TEST(KeepStoryIds, StoriesKeepTheirIdsWhenLateArticlesJoin) {
  const auto before = asg({{1, 4}, {2, 4}, {3, 9}});
  // Re-clustered with a late, older article (0) that joins the first story: the
  // clusterer numbers the stories the other way round now.
  auto now = asg({{0, 1}, {1, 1}, {2, 1}, {3, 2}, {5, 3}});
  pipeline::keep_story_ids(now, before, 9);
  EXPECT_EQ(story_of(now), (std::map<ArticleId, StoryId>{{0, 4}, {1, 4}, {2, 4}, {3, 9}, {5, 10}}));
}

TEST(KeepStoryIds, MergesAndSplitsKeepTheLargerPartsId) {
  // Stories 5 (three articles) and 6 (one) merge: 5 survives. A later new story gets
  // 8, above the highest id ever stored (7), never 6 again.
  auto merged = asg({{1, 2}, {2, 2}, {3, 2}, {4, 2}, {9, 1}});
  pipeline::keep_story_ids(merged, asg({{1, 5}, {2, 5}, {3, 5}, {4, 6}}), 7);
  EXPECT_EQ(story_of(merged), (std::map<ArticleId, StoryId>{{1, 5}, {2, 5}, {3, 5}, {4, 5}, {9, 8}}));
  // Story 5 splits into three articles and one: the three keep 5.
  auto split = asg({{1, 1}, {2, 2}, {3, 2}, {4, 2}});
  pipeline::keep_story_ids(split, asg({{1, 5}, {2, 5}, {3, 5}, {4, 5}}), 5);
  EXPECT_EQ(story_of(split), (std::map<ArticleId, StoryId>{{1, 6}, {2, 5}, {3, 5}, {4, 5}}));
  // Two thirds of story 11 merged into story 10's cluster: 11 retires rather than pass
  // to the leftover piece (its last article with a new one), which gets a new id.
  auto leftover = asg({{1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {6, 1}, {7, 1}, {8, 2}, {9, 2}});
  pipeline::keep_story_ids(leftover, asg({{1, 10}, {2, 10}, {3, 10}, {4, 10}, {5, 10}, {6, 11}, {7, 11}, {8, 11}}),
                           11);
  EXPECT_EQ(leftover[0].story, 10);
  EXPECT_EQ(leftover[6].story, 10);
  EXPECT_EQ(leftover[7].story, 12);
  EXPECT_EQ(leftover[8].story, 12);
  // A tie (two articles each): the smaller earlier id goes to the cluster holding it.
  auto tie = asg({{1, 1}, {2, 1}, {3, 1}, {4, 1}});
  pipeline::keep_story_ids(tie, asg({{1, 8}, {2, 8}, {3, 3}, {4, 3}}), 8);
  EXPECT_EQ(story_of(tie), (std::map<ArticleId, StoryId>{{1, 3}, {2, 3}, {3, 3}, {4, 3}}));
}
