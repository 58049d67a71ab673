#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cluster/cluster.h"

using namespace storyline;
using storyline::cluster::rank_story;

namespace {

const UnixTime kNow = 1700000000;

Article art(const std::string& source, const std::string& text, UnixTime published) {
  Article a;
  a.source = source;
  a.text = text;
  a.published = published;
  return a;
}

std::vector<const Article*> ptrs(const std::vector<Article>& v) {
  std::vector<const Article*> out;
  for (const auto& a : v) out.push_back(&a);
  return out;
}

const std::string kWire =
    "Officials in the city said on Monday that the bridge over the river would stay closed "
    "for at least two weeks while engineers inspect the damage caused by the barge collision "
    "early on Sunday morning, and that ferries would run every twenty minutes meanwhile. "
    "The barge, carrying gravel downstream, hit the central pier at about four in the morning "
    "after its engine failed, the harbour master said. Nobody was hurt, but divers found cracks "
    "in the concrete below the waterline, and traffic was diverted to the ring road, adding "
    "half an hour to many journeys. The owner of the barge said it would cooperate fully with "
    "the investigation and pay for the repairs if its crew was found to be at fault.";
const std::string kOwn =
    "A barge struck the old river bridge before dawn on Sunday. Engineers now need two weeks "
    "to assess the cracked pier, the mayor's office announced, and extra ferries will carry "
    "commuters across in the meantime.";

}  // namespace

TEST(RankStory, EmptyStoryScoresZero) {
  int outlets = -1;
  EXPECT_EQ(rank_story({}, kNow, &outlets), 0.0);
  EXPECT_EQ(outlets, 0);
}

TEST(RankStory, NearDuplicatesCountOnce) {
  const std::vector<Article> v = {art("AP", kWire, kNow - 3600), art("Daily Post", kWire + " AP", kNow - 3000),
                                  art("Herald", kOwn, kNow - 2000)};
  int outlets = 0;
  const double s = rank_story(ptrs(v), kNow, &outlets);
  EXPECT_EQ(outlets, 2);  // AP and Herald; the Daily Post ran the AP copy
  EXPECT_GT(s, 0.0);
}

TEST(RankStory, SourcesAreCaseInsensitiveAndMissingSourcesCountSeparately) {
  const std::vector<Article> v = {art("BBC", kOwn, kNow), art("bbc", kWire, kNow),
                                  art("", "Short note one about something else entirely today here", kNow),
                                  art("", "Another different short note about nothing much at all", kNow)};
  int outlets = 0;
  rank_story(ptrs(v), kNow, &outlets);
  EXPECT_EQ(outlets, 3);
}

TEST(RankStory, MoreOutletsRankHigher) {
  const std::vector<Article> one = {art("A", kOwn, kNow - 3600), art("A", kWire, kNow - 3600)};
  const std::vector<Article> two = {art("A", kOwn, kNow - 3600), art("B", kWire, kNow - 3600)};
  EXPECT_GT(rank_story(ptrs(two), kNow), rank_story(ptrs(one), kNow));
}

TEST(RankStory, RecentStoriesRankHigher) {
  const std::vector<Article> fresh = {art("A", kOwn, kNow - 3600), art("B", kWire, kNow - 3600)};
  const std::vector<Article> stale = {art("A", kOwn, kNow - 5 * 86400), art("B", kWire, kNow - 5 * 86400)};
  EXPECT_GT(rank_story(ptrs(fresh), kNow), 10 * rank_story(ptrs(stale), kNow));
  EXPECT_GT(rank_story(ptrs(stale), kNow), 0.0);
}

TEST(RankStory, GrowingCoverageRanksHigher) {
  // Same outlets, same newest article; one story got most coverage in the last 24 hours.
  const std::vector<Article> growing = {art("A", kOwn, kNow - 3 * 86400), art("B", kWire, kNow - 3600),
                                        art("C", "Third take on the barge and the bridge closure with ferries", kNow - 1800)};
  const std::vector<Article> fading = {art("A", kOwn, kNow - 3 * 86400), art("B", kWire, kNow - 2 * 86400),
                                       art("C", "Third take on the barge and the bridge closure with ferries", kNow - 1800)};
  EXPECT_GT(rank_story(ptrs(growing), kNow), rank_story(ptrs(fading), kNow));
}

TEST(RankStory, UnknownTimesStillScorePositive) {
  const std::vector<Article> v = {art("A", kOwn, 0)};
  int outlets = 0;
  EXPECT_GT(rank_story(ptrs(v), kNow, &outlets), 0.0);
  EXPECT_EQ(outlets, 1);
}
