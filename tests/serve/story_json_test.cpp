#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "serve/serve.h"

using namespace storyline;

TEST(StoryJson, CarriesProvenanceSourcesAndDates) {
  Story s;
  s.id = 5;
  s.event_date = "2025-02-11";
  s.standfirst = {"Standfirst \"q\".", {{1, 0, 12}}, 0};
  s.body = {{"Body.", {{1, 13, 18}, {2, 0, 5}}, 0}};
  s.articles = {1, 2};
  s.first_seen = 1739232000;  // 2025-02-11T00:00:00Z
  s.headline = "Headline";
  s.outlet_names = {"BBC", "AP"};
  s.outlets = 2;
  store::ArticleRef a;
  a.id = 1;
  a.url = "https://x/1";
  a.published = 1739232000;
  auto j = nlohmann::json::parse(serve::story_json(s, {a}));
  EXPECT_EQ(j["id"], 5);
  EXPECT_EQ(j["date"], "2025-02-11");
  EXPECT_EQ(j["standfirst"]["text"], "Standfirst \"q\".");
  ASSERT_EQ(j["body"][0]["provenance"].size(), 2u);
  EXPECT_EQ(j["body"][0]["provenance"][1]["article"], 2);
  EXPECT_EQ(j["body"][0]["provenance"][0]["begin"], 13);
  EXPECT_EQ(j["sources"][0]["published"], "2025-02-11T00:00:00Z");
  EXPECT_EQ(j["first_seen"], "2025-02-11T00:00:00Z");
  EXPECT_TRUE(j["last_seen"].is_null());
  EXPECT_EQ(j["headline"], "Headline");
  EXPECT_EQ(j["outlets"], nlohmann::json::array({"BBC", "AP"}));
  EXPECT_EQ(j["outlet_count"], 2);
}

TEST(StoryJson, InvalidUtf8DoesNotThrow) {
  Story s;
  s.standfirst.text = "bad \xff byte";
  const auto j = nlohmann::json::parse(serve::story_json(s, {}));
  EXPECT_EQ(j["standfirst"]["text"], "bad \xEF\xBF\xBD byte");  // replaced by U+FFFD
}
