// Feeds out (RSS 2.0, Atom 1.0, JSON Feed 1.1): each is read back with the project's own
// feed parser (src/feeds) and checked for the elements its specification requires.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <nlohmann/json.hpp>

#include "feeds/feeds.h"
#include "serve/serve.h"

using namespace storyline;

namespace {

serve::FeedDoc sample() {
  serve::FeedDoc f;
  f.title = "storyline: top stories";
  f.description = "Top stories";
  f.base_url = "https://news.example.org";
  f.home_url = "https://news.example.org/";
  f.self_url = "https://news.example.org/feed.rss";
  serve::FeedEntry a;
  a.id = 42;
  a.title = "Ministers agree on a 3% rise, \"at last\" & for good";
  a.summary = "Ministers from 27 countries agreed on Tuesday.";
  a.outlets = {"BBC", "Le Monde"};
  a.published = 1739268000;  // 2025-02-11T10:00:00Z
  a.updated = 1739275200;    // 12:00
  serve::FeedEntry b;
  b.id = 7;
  b.title = "Zürich floods: 1 200 homes évacuées";
  b.summary = "Rain fell for three days.";
  b.published = 1739181600;
  f.entries = {a, b};
  f.updated = a.updated;
  return f;
}

// Hostile text as articles and users can bring it: markup, attribute-breaking quotes,
// a javascript: link, broken UTF-8, control characters and XML-illegal code points.
serve::FeedDoc hostile() {
  serve::FeedDoc f = sample();
  f.title = "search for \"><script>alert(1)</script>";
  f.entries[0].title = "<script>alert(1)</script> <img src=x onerror=alert(2)> \"'><a href=\"javascript:alert(3)\">x</a>";
  f.entries[0].summary = std::string("broken \xff\xfe utf-8 \x01\x08 control \xef\xbf\xbe end");
  f.entries[0].outlets = {"<b>Outlet</b> & Co"};
  return f;
}

}  // namespace

// A story without a headline is titled by the start of its summary, cut between characters.
TEST(FeedsOut, AnUntitledEntryIsTitledByItsSummaryCutBetweenCharacters) {
  serve::FeedDoc f = sample();
  f.entries[0].title.clear();
  f.entries[0].summary.clear();  // 117 bytes in: inside the 59th character
  for (int i = 0; i < 80; ++i) f.entries[0].summary += "\xC3\xA9";  // é, two bytes each
  const auto feed = feeds::parse_feed(serve::render_rss(f), "https://news.example.org/feed.rss");
  ASSERT_EQ(feed.items.size(), 2u);
  const std::string& t = feed.items[0].title;
  EXPECT_TRUE(t.ends_with("\xC3\xA9...")) << t;
  EXPECT_EQ(t.find("\xEF\xBF\xBD"), std::string::npos) << "no replacement character: " << t;
  EXPECT_LE(t.size(), 120u);
}

TEST(FeedsOut, RssReadsBackWithEveryRequiredElement) {
  const std::string xml = serve::render_rss(sample());
  const auto feed = feeds::parse_feed(xml, "https://news.example.org/feed.rss");
  EXPECT_EQ(feed.format, "rss");
  EXPECT_FALSE(feed.malformed) << feed.error;
  EXPECT_EQ(feed.title, "storyline: top stories");
  EXPECT_EQ(feed.link, "https://news.example.org/");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "Ministers agree on a 3% rise, \"at last\" & for good");
  EXPECT_EQ(feed.items[0].link, "https://news.example.org/story/42");
  EXPECT_EQ(feed.items[0].id, "https://news.example.org/story/42");
  EXPECT_EQ(feed.items[0].published, 1739268000);
  EXPECT_EQ(feed.items[0].summary, "Ministers from 27 countries agreed on Tuesday.");
  EXPECT_EQ(feed.items[0].categories, (std::vector<std::string>{"BBC", "Le Monde"}));
  EXPECT_EQ(feed.items[1].title, "Zürich floods: 1 200 homes évacuées");
  // RSS 2.0: <rss version="2.0"><channel> with title, link and description; each item a
  // title or description; a self link for feed readers.
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto channel = doc.child("rss").child("channel");
  EXPECT_STREQ(doc.child("rss").attribute("version").value(), "2.0");
  for (const char* el : {"title", "link", "description"}) EXPECT_FALSE(channel.child(el).empty()) << el;
  EXPECT_STREQ(channel.child("atom:link").attribute("rel").value(), "self");
  EXPECT_STREQ(channel.child("lastBuildDate").text().get(), "Tue, 11 Feb 2025 12:00:00 +0000");
  for (auto item : channel.children("item")) {
    EXPECT_FALSE(item.child("title").empty());
    EXPECT_STREQ(item.child("guid").attribute("isPermaLink").value(), "true");
  }
}

TEST(FeedsOut, AtomReadsBackWithEveryRequiredElement) {
  const std::string xml = serve::render_atom(sample());
  const auto feed = feeds::parse_feed(xml, "https://news.example.org/feed.atom");
  EXPECT_EQ(feed.format, "atom");
  EXPECT_FALSE(feed.malformed) << feed.error;
  EXPECT_EQ(feed.title, "storyline: top stories");
  EXPECT_EQ(feed.updated, 1739275200);
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "Ministers agree on a 3% rise, \"at last\" & for good");
  EXPECT_EQ(feed.items[0].link, "https://news.example.org/story/42");
  EXPECT_EQ(feed.items[0].id, "https://news.example.org/story/42");
  EXPECT_EQ(feed.items[0].published, 1739268000);
  EXPECT_EQ(feed.items[0].updated, 1739275200);
  // An entry with no update time takes its publication time as <updated> (required).
  EXPECT_EQ(feed.items[1].updated, 1739181600);
  // RFC 4287: feed id, title, updated and an author (or one in each entry); entry id,
  // title, updated.
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto root = doc.child("feed");
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
  for (const char* el : {"id", "title", "updated", "author"}) EXPECT_FALSE(root.child(el).empty()) << el;
  for (auto entry : root.children("entry"))
    for (const char* el : {"id", "title", "updated"}) EXPECT_FALSE(entry.child(el).empty()) << el;
}

TEST(FeedsOut, JsonFeedReadsBackWithEveryRequiredMember) {
  const std::string text = serve::render_json_feed(sample());
  const auto feed = feeds::parse_feed(text, "https://news.example.org/feed.json");
  EXPECT_EQ(feed.format, "json");
  EXPECT_FALSE(feed.malformed) << feed.error;
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "Ministers agree on a 3% rise, \"at last\" & for good");
  EXPECT_EQ(feed.items[0].link, "https://news.example.org/story/42");
  EXPECT_EQ(feed.items[0].published, 1739268000);
  // JSON Feed 1.1: version, title, items; each item an id and content_html or content_text.
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["version"], "https://jsonfeed.org/version/1.1");
  EXPECT_TRUE(j["title"].is_string());
  EXPECT_EQ(j["feed_url"], "https://news.example.org/feed.rss");
  for (const auto& item : j["items"]) {
    EXPECT_TRUE(item["id"].is_string());
    EXPECT_TRUE(item.contains("content_text") || item.contains("content_html"));
  }
}

TEST(FeedsOut, HostileTextStaysTextInEveryFormat) {
  const auto f = hostile();
  for (const std::string& xml : {serve::render_rss(f), serve::render_atom(f)}) {
    // Well-formed XML (no illegal character, no broken UTF-8) with no markup of its own
    // coming from the text.
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
    EXPECT_EQ(xml.find("<script"), std::string::npos);
    EXPECT_EQ(xml.find("<img"), std::string::npos);
    EXPECT_EQ(xml.find("<b>"), std::string::npos);
    EXPECT_EQ(xml.find('\x01'), std::string::npos);
    EXPECT_NE(xml.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    const auto feed = feeds::parse_feed(xml);
    EXPECT_FALSE(feed.malformed) << feed.error;
    ASSERT_EQ(feed.items.size(), 2u);
    // The broken bytes became U+FFFD; the control characters and U+FFFE are gone (and the
    // parser folds the spaces they leave).
    EXPECT_EQ(feed.items[0].summary, "broken \xEF\xBF\xBD\xEF\xBF\xBD utf-8 control end");
  }
  const std::string json = serve::render_json_feed(f);
  const auto j = nlohmann::json::parse(json);  // valid UTF-8 JSON
  EXPECT_EQ(j["items"][0]["title"], f.entries[0].title);
  EXPECT_EQ(j["items"][0]["summary"], "broken \xEF\xBF\xBD\xEF\xBF\xBD utf-8 \x01\x08 control \xEF\xBF\xBE end");
}
