// Hostile and broken feeds through the crawler: each ends in a clear state of its own feed
// (what `feeds list` shows), nothing is expanded, read from disk or executed, and the other
// feeds of the same pass are read as usual.
#include <gtest/gtest.h>

#include "crawl/crawl.h"
#include "crawl/fixture_server.h"

using namespace storyline;
using crawltest::FixtureServer;
using crawltest::Route;

namespace {

constexpr UnixTime kNow = 1'739'300'000;

std::string items_xml(int n, int from = 0) {
  std::string x;
  for (int i = from; i < from + n; ++i)
    x += "<item><title>Item " + std::to_string(i) + "</title><link>https://bulk.example/" + std::to_string(i) +
         "</link><description>Text of item " + std::to_string(i) + ".</description></item>";
  return x;
}

std::string channel(const std::string& inner) {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Hostile</title>" + inner + "</channel></rss>";
}

}  // namespace

TEST(CrawlBadInput, EachBadFeedGetsAClearStateOfItsOwnAndTheOthersAreRead) {
  FixtureServer host;
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">"
      "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
      "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
      "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
      "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
      "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
      "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
      "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
      "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
      "<rss version=\"2.0\"><channel><title>Laughs</title><item><title>Laugh &lol9;</title>"
      "<link>https://laughs.example/1</link><description>Billion laughs &lol9; here.</description></item></channel></rss>";
  const std::string xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<rss version=\"2.0\"><channel><title>XXE</title><item><title>Secret &xxe;</title>"
      "<link>https://xxe.example/1</link><description>Leak: &xxe;</description></item></channel></rss>";
  std::string deep = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Deep</title><item>";
  for (int i = 0; i < 200000; ++i) deep += "<a>";
  const std::string big = channel(std::string(50u << 20, ' ') + items_xml(1));
  std::string many_items;  // compact items: 300k of them stay under the fetch size limit
  for (int i = 0; i < 300000; ++i)
    many_items += "<item><title>I" + std::to_string(i) + "</title><link>https://bulk.example/" + std::to_string(i) + "</link></item>";
  const std::string many = channel(many_items);
  const std::string odd = channel(
      "<item><title>No link, no date</title><description>Only words here.</description></item>"
      "<item><title>Odd zone</title><link>https://odd.example/1</link><pubDate>Tue, 11 Feb 2025 10:00:00 XYZ</pubDate></item>"
      "<item><title>Two-digit year</title><link>https://odd.example/2</link><pubDate>11 Feb 25 10:00 EST</pubDate></item>"
      "<item><title>ISO</title><link>https://odd.example/3</link><pubDate>2025-02-11T10:00:00+01:00</pubDate></item>"
      "<item><title>Nonsense date</title><link>https://odd.example/4</link><pubDate>yesterday-ish</pubDate></item>");
  const std::string scripts = channel(
      "<item><title>&lt;script&gt;alert('title')&lt;/script&gt;Breaking &lt;b&gt;news&lt;/b&gt;</title>"
      "<link>https://scripts.example/1</link><description>&lt;p onclick=\"x()\"&gt;Body&lt;/p&gt;"
      "&lt;script&gt;steal()&lt;/script&gt;</description></item>");
  const std::string broken = "<rss version=\"2.0\"><channel><title>Broken & stray</title><item><title>Caf&eacute; "
                             "&nbsp; news</title><link>https://broken.example/1</link></item><item><title>Cut";

  host.set("/laughs.xml", {200, laughs});
  host.set("/xxe.xml", {200, xxe});
  host.set("/deep.xml", {200, deep});
  host.set("/big.xml", {200, big});
  host.set("/many.xml", {200, many});
  host.set("/odd.xml", {200, odd});
  host.set("/scripts.xml", {200, scripts});
  host.set("/broken.xml", {200, broken});
  host.set("/html.xml", {200, "<html><body><p>A web page, not a feed</p></body></html>", "text/html"});
  host.set("/garbage.xml", {200, std::string("\x00\x01\xff\xfe garbage", 12), "application/octet-stream"});
  host.set("/good.xml", {200, channel(items_xml(2, 900000))});

  auto db = store::open(":memory:");
  std::vector<std::string> paths = {"/laughs.xml", "/xxe.xml", "/deep.xml", "/big.xml", "/many.xml", "/odd.xml",
                                    "/scripts.xml", "/broken.xml", "/html.xml", "/garbage.xml", "/good.xml"};
  for (const auto& p : paths) {
    store::FeedState f;
    f.url = host.url(p);
    db->add_feed(f);
  }
  crawl::Settings s;
  s.fetch.fetch.allow_private = true;
  s.fetch.min_host_delay_ms = 0;
  s.parse.max_items = 1000;  // the 300k-item feed: the first 1,000 read, the rest counted
  s.teasers = false;
  crawl::Crawler c(*db, s);
  c.crawl(db->feeds(), kNow);
  auto state = [&](const std::string& p) { return *db->feed(host.url(p)); };
  auto article = [&](const std::string& url) { return db->article(db->find_article(url).value_or(0)); };

  // Entities declared in the DTD are never expanded; external ones never read.
  EXPECT_EQ(state("/laughs.xml").error_count, 0);
  ASSERT_TRUE(article("https://laughs.example/1"));
  EXPECT_LT(article("https://laughs.example/1")->text.size(), 100u);
  EXPECT_NE(state("/laughs.xml").error.find("not expanded"), std::string::npos) << state("/laughs.xml").error;
  ASSERT_TRUE(article("https://xxe.example/1"));
  EXPECT_EQ(article("https://xxe.example/1")->title.find("root:"), std::string::npos);
  EXPECT_EQ(article("https://xxe.example/1")->text.find("root:"), std::string::npos);
  // Too deep, too big, not a feed: a failure with the reason, backed off.
  EXPECT_NE(state("/deep.xml").error.find("max_depth"), std::string::npos) << state("/deep.xml").error;
  EXPECT_EQ(state("/deep.xml").error_count, 1);
  EXPECT_NE(state("/big.xml").error.find("exceeds the limit"), std::string::npos) << state("/big.xml").error;
  EXPECT_EQ(state("/big.xml").error_count, 1);
  EXPECT_NE(state("/html.xml").error.find("not a feed (text/html)"), std::string::npos) << state("/html.xml").error;
  EXPECT_NE(state("/garbage.xml").error.find("not a feed"), std::string::npos) << state("/garbage.xml").error;
  // 300k items: the first 1,000 stored, the rest counted in the state.
  EXPECT_NE(state("/many.xml").error.find("299000 items past max_items (1000) dropped"), std::string::npos)
      << state("/many.xml").error;
  EXPECT_EQ(state("/many.xml").error_count, 0);
  EXPECT_EQ(state("/many.xml").item_count, 1000);
  EXPECT_TRUE(article("https://bulk.example/999"));
  // Items without links or dates are stored (undated); odd dates are read or left undated.
  EXPECT_EQ(state("/odd.xml").error_count, 0);
  EXPECT_EQ(state("/odd.xml").item_count, 5);
  EXPECT_EQ(article("https://odd.example/3")->published, 1739264400);
  EXPECT_EQ(article("https://odd.example/2")->published, 1739286000);  // EST = -5 h
  EXPECT_EQ(article("https://odd.example/4")->published, 0);
  // HTML in titles and summaries becomes text; scripts are dropped, never kept as markup.
  const auto sc = article("https://scripts.example/1");
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->title, "Breaking news");
  EXPECT_EQ(sc->text, "Body");
  // A broken document is read as far as possible and said to be malformed.
  EXPECT_NE(state("/broken.xml").error.find("malformed"), std::string::npos) << state("/broken.xml").error;
  EXPECT_EQ(state("/broken.xml").error_count, 0);
  ASSERT_TRUE(article("https://broken.example/1"));
  EXPECT_EQ(article("https://broken.example/1")->title, "Café news");
  // And the good feed of the same pass is read as if nothing happened.
  EXPECT_EQ(state("/good.xml").error, "");
  EXPECT_TRUE(article("https://bulk.example/900000"));
  EXPECT_TRUE(article("https://bulk.example/900001"));
}
