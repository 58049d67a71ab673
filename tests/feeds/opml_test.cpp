// Tests for parse_opml and write_opml (opml.cpp).
#include <gtest/gtest.h>

#include <string>

#include "feeds/feeds.h"

namespace storyline::feeds {
namespace {

using Path = std::vector<std::string>;

TEST(ParseOpml, NestedCategoriesAndAttributeSpellings) {
  const Opml o = parse_opml(R"(<?xml version="1.0"?>
<opml version="1.0"><head><title>My feeds</title></head><body>
  <outline text="News">
    <outline text="World">
      <outline type="rss" text="BBC World" xmlUrl="http://feeds.bbci.co.uk/news/world/rss.xml" htmlUrl="https://www.bbc.co.uk/news/world"/>
    </outline>
    <outline title="Tech" ><outline text="LWN" xmlurl="https://lwn.net/headlines/rss"/></outline>
  </outline>
  <outline text="Loose" xmlUrl="https://example.com/feed" category="/Blogs/Friends"/>
  <outline text="Empty folder"/>
</body></opml>)");
  EXPECT_FALSE(o.malformed) << o.error;
  EXPECT_EQ(o.title, "My feeds");
  ASSERT_EQ(o.feeds.size(), 3u);
  EXPECT_EQ(o.feeds[0].url, "http://feeds.bbci.co.uk/news/world/rss.xml");
  EXPECT_EQ(o.feeds[0].title, "BBC World");
  EXPECT_EQ(o.feeds[0].html_url, "https://www.bbc.co.uk/news/world");
  EXPECT_EQ(o.feeds[0].category, (Path{"News", "World"}));
  EXPECT_EQ(o.feeds[1].url, "https://lwn.net/headlines/rss");
  EXPECT_EQ(o.feeds[1].category, (Path{"News", "Tech"}));
  EXPECT_EQ(o.feeds[2].category, (Path{"Blogs", "Friends"}));
}

TEST(ParseOpml, BrokenAndForeignDocuments) {
  const Opml amp = parse_opml("<opml><body><outline text=\"Q&A\" xmlUrl=\"http://x/?a=1&b=2\"/></body></opml>");
  EXPECT_TRUE(amp.malformed);
  ASSERT_EQ(amp.feeds.size(), 1u);
  EXPECT_EQ(amp.feeds[0].url, "http://x/?a=1&b=2");
  EXPECT_EQ(amp.feeds[0].title, "Q&A");
  const Opml rss = parse_opml("<rss><channel/></rss>");
  EXPECT_TRUE(rss.feeds.empty());
  EXPECT_EQ(rss.error, "not an OPML document");
  std::string deep = "<opml><body>";
  for (int i = 0; i < 100000; ++i) deep += "<outline text=\"x\">";
  EXPECT_NE(parse_opml(deep).error.find("max_depth"), std::string::npos);
}

TEST(WriteOpml, RoundTripsFeedsAndCategories) {
  const std::vector<Subscription> feeds = {
      {"https://a.example/feed", "A & <friends>", "https://a.example/", {"News", "World"}},
      {"https://b.example/rss", "B \"quoted\"", "", {}},
      {"https://c.example/atom", "C", "https://c.example/", {"News", "World"}},
      {"https://d.example/atom", "D", "", {"News"}},
      {"https://e.example/atom", "Caf\xC3\xA9", "", {"Tech"}},
  };
  const std::string xml = write_opml(feeds, "mine");
  const Opml back = parse_opml(xml);
  EXPECT_FALSE(back.malformed) << back.error;
  EXPECT_EQ(back.title, "mine");
  ASSERT_EQ(back.feeds.size(), feeds.size());
  // Grouped by category (first-seen order); order within a category kept.
  const std::vector<std::string> order = {"https://a.example/feed", "https://c.example/atom", "https://d.example/atom",
                                          "https://b.example/rss", "https://e.example/atom"};
  for (std::size_t i = 0; i < order.size(); ++i) {
    EXPECT_EQ(back.feeds[i].url, order[i]);
    const Subscription* orig = nullptr;
    for (const auto& f : feeds)
      if (f.url == order[i]) orig = &f;
    ASSERT_NE(orig, nullptr);
    EXPECT_EQ(back.feeds[i].title, orig->title);
    EXPECT_EQ(back.feeds[i].html_url, orig->html_url);
    EXPECT_EQ(back.feeds[i].category, orig->category);
  }
}

}  // namespace
}  // namespace storyline::feeds
