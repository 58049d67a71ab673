#include <gtest/gtest.h>

#include "store/store.h"
#include "store/story_codec.h"

using namespace storyline;

TEST(StoryCodec, RoundTripsSentencesProvenanceAndDisagreements) {
  Story s;
  s.headline = "A \"storm\" hits";
  s.standfirst = {"Stand \"first\" \u00e9.", {{3, 1, 9}}, 0};
  s.body = {{"One.", {{3, 10, 14}, {4, 0, 4}}, 0}, {"Two.", {{4, 5, 9}}, 1}};
  s.articles = {3, 4};
  s.disagreements = {{"deaths", {"12", "14"}, {{3}, {4}}}};
  Story back;
  store::decode_story_data(store::encode_story_data(s), back);
  EXPECT_EQ(back.headline, s.headline);
  EXPECT_EQ(back.standfirst.text, s.standfirst.text);
  EXPECT_EQ(back.standfirst.sources, s.standfirst.sources);
  ASSERT_EQ(back.body.size(), 2u);
  EXPECT_EQ(back.body[0].sources, s.body[0].sources);
  EXPECT_EQ(back.body[1].paragraph, 1);
  EXPECT_EQ(back.articles, s.articles);
  ASSERT_EQ(back.disagreements.size(), 1u);
  EXPECT_EQ(back.disagreements[0].articles[1], std::vector<ArticleId>{4});
}

TEST(StoryCodec, CorruptDataIsAStoreError) {
  Story s;
  EXPECT_THROW(store::decode_story_data("{not json", s), store::StoreError);
  EXPECT_THROW(store::decode_story_data("{\"body\":[]}", s), store::StoreError);
}

TEST(StoryCodec, StoriesStoredBeforeHeadlinesDecodeWithAnEmptyOne) {
  Story s;
  s.headline = "stale";
  store::decode_story_data(
      "{\"standfirst\":{\"text\":\"A.\",\"sources\":[[1,0,2]]},\"body\":[],\"articles\":[1]}", s);
  EXPECT_EQ(s.headline, "");
  EXPECT_EQ(s.standfirst.text, "A.");
}
