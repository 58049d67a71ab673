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

TEST(StoryCodec, CorruptDataIsStoreCorrupt) {
  Story s;
  EXPECT_THROW(store::decode_story_data("{not json", s), store::StoreCorrupt);
  EXPECT_THROW(store::decode_story_data("{\"body\":[]}", s), store::StoreCorrupt);
}

// Known answers for the stored format (the stories.data column): a change to the
// encoding must fail here, not silently make old stores unreadable. The literal was
// written by hand from the format and checked against the encoder once (2026-12-02).
namespace {
const char* const kStoredStory =
    R"({"articles":[3,4],"body":[{"paragraph":0,"sources":[[3,10,14],[4,0,4]],"text":"One."},)"
    R"({"paragraph":1,"sources":[[4,5,9]],"text":"Two."}],"disagreements":[{"articles":[[3],[4]],)"
    R"("values":["12","14"],"what":"deaths"}],"headline":"","standfirst":{"paragraph":0,"sources":[[3,1,9]],)"
    R"("text":"Stand \"first\" é."}})";

Story fixed_story() {
  Story s;
  s.standfirst = {"Stand \"first\" \u00e9.", {{3, 1, 9}}, 0};
  s.body = {{"One.", {{3, 10, 14}, {4, 0, 4}}, 0}, {"Two.", {{4, 5, 9}}, 1}};
  s.articles = {3, 4};
  s.disagreements = {{"deaths", {"12", "14"}, {{3}, {4}}}};
  return s;
}
}  // namespace

TEST(StoryCodec, EncodesAFixedStoryToTheStoredFormat) {
  EXPECT_EQ(store::encode_story_data(fixed_story()), kStoredStory);
}

TEST(StoryCodec, DecodesTheStoredFormat) {
  Story s;
  store::decode_story_data(kStoredStory, s);
  const Story want = fixed_story();
  EXPECT_EQ(s.standfirst.text, want.standfirst.text);
  EXPECT_EQ(s.standfirst.sources, want.standfirst.sources);
  EXPECT_EQ(s.standfirst.paragraph, 0);
  ASSERT_EQ(s.body.size(), 2u);
  EXPECT_EQ(s.body[0].text, "One.");
  EXPECT_EQ(s.body[0].sources, want.body[0].sources);
  EXPECT_EQ(s.body[1].text, "Two.");
  EXPECT_EQ(s.body[1].paragraph, 1);
  EXPECT_EQ(s.body[1].sources, want.body[1].sources);
  EXPECT_EQ(s.articles, (std::vector<ArticleId>{3, 4}));
  ASSERT_EQ(s.disagreements.size(), 1u);
  EXPECT_EQ(s.disagreements[0].what, "deaths");
  EXPECT_EQ(s.disagreements[0].values, (std::vector<std::string>{"12", "14"}));
  EXPECT_EQ(s.disagreements[0].articles, (std::vector<std::vector<ArticleId>>{{3}, {4}}));
  // Older rows without "disagreements" or a sentence's "paragraph" still read.
  Story old;
  store::decode_story_data(R"({"articles":[1],"body":[],"standfirst":{"sources":[[1,0,2]],"text":"Hi"}})", old);
  EXPECT_EQ(old.standfirst.text, "Hi");
  EXPECT_EQ(old.standfirst.paragraph, 0);
  EXPECT_TRUE(old.disagreements.empty());
}

TEST(StoryCodec, StoriesStoredBeforeHeadlinesDecodeWithAnEmptyOne) {
  Story s;
  s.headline = "stale";
  store::decode_story_data(
      "{\"standfirst\":{\"text\":\"A.\",\"sources\":[[1,0,2]]},\"body\":[],\"articles\":[1]}", s);
  EXPECT_EQ(s.headline, "");
  EXPECT_EQ(s.standfirst.text, "A.");
}

// The encoder writes the escapes of the stored format (those nlohmann's dump writes): quote,
// backslash, the short escapes, other control bytes as \u00xx, everything else as it is; a
// text that is not valid UTF-8 has each bad sequence replaced by U+FFFD.
TEST(StoryCodec, EscapesAndBadBytesAsTheStoredFormat) {
  Story s;
  s.headline = std::string("q\"b\\n\nt\tc\x01\x1f/\x7f\xc3\xa9", 15);
  s.standfirst = {"ok", {}, 0};
  s.articles = {7};
  EXPECT_EQ(store::encode_story_data(s),
            "{\"articles\":[7],\"body\":[],\"disagreements\":[],\"headline\":\"q\\\"b\\\\n\\nt\\tc\\u0001\\u001f/\x7f\xc3\xa9\","
            "\"standfirst\":{\"paragraph\":0,\"sources\":[],\"text\":\"ok\"}}");
  Story back;
  store::decode_story_data(store::encode_story_data(s), back);
  EXPECT_EQ(back.headline, s.headline);
  s.headline = "bad \xff byte";
  EXPECT_EQ(store::encode_story_data(s),
            "{\"articles\":[7],\"body\":[],\"disagreements\":[],\"headline\":\"bad \xef\xbf\xbd byte\","
            "\"standfirst\":{\"paragraph\":0,\"sources\":[],\"text\":\"ok\"}}");
  s.outlet_names = {"A \"B\"", "C"};
  s.distinct = 2;
  s.times = {5, 9};
  EXPECT_EQ(store::encode_rank_data(s), "{\"articles\":[7],\"distinct\":2,\"outlets\":[\"A \\\"B\\\"\",\"C\"],\"times\":[5,9]}");
}

// Ranking data reads back as written, also with escapes in outlet names, and rows written
// in another shape (older rows, other key order, spaces) still read.
TEST(StoryCodec, RankDataReadsBackInEveryShape) {
  Story s;
  s.articles = {3, 9, 12};
  s.outlet_names = {"Reuters", "The \"Times\"", "Le Monde"};
  s.distinct = 3;
  s.times = {1700000000, 1700003600};
  Story back;
  store::decode_rank_data(store::encode_rank_data(s), back);
  EXPECT_EQ(back.articles, s.articles);
  EXPECT_EQ(back.outlet_names, s.outlet_names);
  EXPECT_EQ(back.distinct, 3);
  EXPECT_EQ(back.times, s.times);
  s.outlet_names = {"A", "B"};
  store::decode_rank_data(store::encode_rank_data(s), back);
  EXPECT_EQ(back.outlet_names, s.outlet_names);
  store::decode_rank_data(R"({ "times": [5], "outlets": ["X"], "distinct": 1, "articles": [7] })", back);
  EXPECT_EQ(back.articles, std::vector<ArticleId>{7});
  EXPECT_EQ(back.outlet_names, std::vector<std::string>{"X"});
  EXPECT_EQ(back.times, std::vector<UnixTime>{5});
  store::decode_rank_data("{}", back);
  EXPECT_TRUE(back.articles.empty());
  EXPECT_EQ(back.distinct, 0);
  EXPECT_THROW(store::decode_rank_data(R"({"articles":[1,)", back), store::StoreCorrupt);
}
