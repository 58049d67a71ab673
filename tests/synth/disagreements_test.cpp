// Number disagreements between articles.
#include <gtest/gtest.h>

#include "synth/synth.h"

using namespace storyline;

namespace {
std::vector<Article> make(const std::vector<std::string>& texts) {
  std::vector<Article> out(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    out[i].id = static_cast<ArticleId>(i + 1);
    out[i].text = texts[i];
  }
  return out;
}
std::vector<const Article*> ptrs(const std::vector<Article>& a) {
  std::vector<const Article*> p;
  for (const auto& x : a) p.push_back(&x);
  return p;
}
}  // namespace

TEST(FindDisagreements, DifferentCountsInTheSameContext) {
  const auto a = make({"The earthquake killed 12 people in the northern province on Monday.",
                       "Officials said the earthquake killed 14 people in the province.",
                       "Rescuers said the quake killed at least 14 people in the north."});
  const auto d = synth::find_disagreements(ptrs(a));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].what, "killed \xE2\x80\xA6 people");
  EXPECT_EQ(d[0].values, (std::vector<std::string>{"12", "14"}));
  EXPECT_EQ(d[0].articles, (std::vector<std::vector<ArticleId>>{{1}, {2, 3}}));
}

TEST(FindDisagreements, AgreementAndSelfContradictionAreNotReported) {
  auto a = make({"The earthquake killed 12 people in the northern province on Monday.",
                 "Officials said the earthquake killed 12 people in the province."});
  EXPECT_TRUE(synth::find_disagreements(ptrs(a)).empty());
  // An article that gives both numbers itself (an update) is left out.
  a = make({"The earthquake killed 12 people at first; later it had killed 14 people in total.",
            "Officials said the earthquake killed 14 people in the province."});
  EXPECT_TRUE(synth::find_disagreements(ptrs(a)).empty());
}

TEST(FindDisagreements, YearsAreNotCounts) {
  const auto a = make({"Officials said 2019 figures showed strong growth in the region.",
                       "Officials said 2020 figures showed strong growth in the region."});
  EXPECT_TRUE(synth::find_disagreements(ptrs(a)).empty());
}

TEST(FindDisagreements, MultipliersAndSeparatorsArePartOfTheValue) {
  const auto a = make({"The government pledged 126 million dollars for the rebuilding effort.",
                       "The government pledged 120 million dollars for the rebuilding effort.",
                       "Donors have pledged 1,200 tents for the families in the camps.",
                       "Donors have pledged 1200 tents for the families in the camps."});
  const auto d = synth::find_disagreements(ptrs(a));
  ASSERT_EQ(d.size(), 1u);  // 1,200 == 1200
  EXPECT_EQ(d[0].values, (std::vector<std::string>{"120 million", "126 million"}));
}

TEST(FindDisagreements, DifferentDatesForTheSameEvent) {
  const auto a = make({"The peace summit will open on March 3 in Geneva, officials said.",
                       "Diplomats said the peace summit would open on Tuesday, March 4 in Geneva.",
                       "The peace summit should open on March 4, according to the ministry."});
  const auto d = synth::find_disagreements(ptrs(a));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].what, "open \xE2\x80\xA6 (date)");
  EXPECT_EQ(d[0].values, (std::vector<std::string>{"March 3", "March 4"}));
  EXPECT_EQ(d[0].articles, (std::vector<std::vector<ArticleId>>{{1}, {2, 3}}));
}

TEST(FindDisagreements, DatesOfStatementsAndAgreeingDatesAreNotReported) {
  // When something was said is no event date; the same date in other words agrees.
  auto a = make({"The ministry said on March 3 that the peace summit would be delayed.",
                 "The ministry said on March 4 that the peace summit would be delayed.",
                 "The peace summit will open on Mar 5 in Geneva, officials said.",
                 "The peace summit will open on March 5 in Geneva, diplomats said."});
  EXPECT_TRUE(synth::find_disagreements(ptrs(a)).empty());
}

TEST(FindDisagreements, DifferentSpellingsOfANameInTheSameRole) {
  const auto a = make({"Defence Secretary John Smith said the troops would stay until spring.",
                       "The troops will stay, Defence Secretary Jon Smyth told parliament.",
                       "Defence Secretary John Smith met the commanders in the capital."});
  const auto d = synth::find_disagreements(ptrs(a));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].what, "defence secretary (name)");
  EXPECT_EQ(d[0].values, (std::vector<std::string>{"John Smith", "Jon Smyth"}));
  EXPECT_EQ(d[0].articles, (std::vector<std::vector<ArticleId>>{{1, 3}, {2}}));
}

TEST(FindDisagreements, DifferentPeopleAndShortFormsAreNotNameDisagreements) {
  // Two holders of one office (another person, not a misspelling), a former holder, a
  // bare title, and a surname-only mention are no disagreement.
  const auto a = make({"Defence Secretary John Smith said the troops would stay until spring.",
                       "Defence Secretary Mary Jones said in 2019 that troops would leave.",
                       "Former Defence Secretary Jon Smyth criticised the plan on television.",
                       "President Joe Biden spoke with President Joe Bidden about the plan.",
                       "Defence Secretary Smith told parliament the troops would stay."});
  EXPECT_TRUE(synth::find_disagreements(ptrs(a)).empty());
}

TEST(FindDisagreements, DistantDatesAreDifferentEventsNotADisagreement) {
  const auto a = make({"Thousands of people marched on January 20 to protest against the plan.",
                       "Thousands of people marched on March 24 to protest against the plan."});
  EXPECT_TRUE(synth::find_disagreements(ptrs(a)).empty());
}
