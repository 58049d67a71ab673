// From a URL a user gives to the feed it is or advertises.
#include <gtest/gtest.h>

#include "crawl/crawl.h"
#include "crawl/fixture_server.h"

using namespace storyline;
using crawltest::FixtureServer;

namespace {

fetch::Options lan() {
  fetch::Options o;
  o.allow_private = true;
  return o;
}

}  // namespace

TEST(CrawlAdvertised, LinksWithAFeedTypeInPageOrderResolvedAgainstTheBase) {
  const std::string html =
      "<html><head><base href=\"https://example.com/news/\">"
      "<link rel=\"stylesheet\" href=\"/style.css\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"rss.xml\">"
      "<link rel=\"Alternate\" type=\"application/atom+xml; charset=utf-8\" href=\"/atom.xml\">"
      "<link rel=\"alternate\" hreflang=\"fr\" href=\"/fr/\">"
      "<link rel=\"alternate\" type=\"application/feed+json\" href=\"https://cdn.example.com/feed.json\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"rss.xml\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"javascript:alert(1)\">"
      "</head><body></body></html>";
  EXPECT_EQ(crawl::advertised_feeds(html, "https://example.com/"),
            (std::vector<std::string>{"https://example.com/news/rss.xml", "https://example.com/atom.xml",
                                      "https://cdn.example.com/feed.json"}));
  EXPECT_TRUE(crawl::advertised_feeds("<p>no feeds here</p>", "https://example.com/").empty());
  EXPECT_TRUE(crawl::advertised_feeds("", "https://example.com/").empty());
}

TEST(CrawlDiscover, AFeedIsItsOwnAnswerAndAHomePageLeadsToItsFeed) {
  FixtureServer site;
  site.set("/feed.xml", {200, crawltest::rss({{"g1", "One", "https://x/1", "Text."}}, "Site News")});
  site.set("/", {200,
                 "<html><head><title>Home</title><link rel=\"alternate\" type=\"application/rss+xml\" "
                 "href=\"/missing.xml\"><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\">"
                 "</head><body>Welcome</body></html>",
                 "text/html"});
  site.set("/plain", {200, "<html><body>No feed advertised</body></html>", "text/html"});
  auto d = crawl::discover(site.url("/feed.xml"), lan());
  EXPECT_EQ(d.feed_url, site.url("/feed.xml")) << d.error;
  EXPECT_EQ(d.title, "Site News");
  EXPECT_EQ(d.items, 1u);
  d = crawl::discover(site.url("/"), lan());
  EXPECT_EQ(d.feed_url, site.url("/feed.xml")) << d.error;  // the first advertised one is missing: the next
  d = crawl::discover(site.url("/plain"), lan());
  EXPECT_TRUE(d.feed_url.empty());
  EXPECT_NE(d.error.find("neither a feed"), std::string::npos) << d.error;
  d = crawl::discover(site.url("/nothing"), lan());
  EXPECT_TRUE(d.feed_url.empty());
  EXPECT_NE(d.error.find("HTTP 404"), std::string::npos) << d.error;
  d = crawl::discover(site.url("/feed.xml"), {});  // the guard is on by default
  EXPECT_TRUE(d.feed_url.empty());
  EXPECT_NE(d.error.find("a loopback address"), std::string::npos) << d.error;
}
