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

TEST(StoryJson, InvalidUtf8IsReplacedNotDropped) {
  Story s;
  s.standfirst.text = "bad \xff byte";
  s.body = {{"fine \xc3\xa9 then \xed\xa0\x80 end", {}, 0}};
  const std::string out = serve::story_json(s, {});
  const auto j = nlohmann::json::parse(out);  // valid JSON (it would throw otherwise)
  // The bad bytes become U+FFFD; the text around them is kept.
  EXPECT_EQ(j["standfirst"]["text"], "bad \xef\xbf\xbd byte");
  const std::string body = j["body"][0]["text"];
  EXPECT_EQ(body.rfind("fine \xc3\xa9 then ", 0), 0u) << body;
  EXPECT_NE(body.find("\xef\xbf\xbd"), std::string::npos) << body;
  EXPECT_EQ(body.substr(body.size() - 4), " end") << body;
}
