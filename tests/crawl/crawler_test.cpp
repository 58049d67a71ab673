// crawl::Crawler against local servers the tests start on 127.0.0.1, with a real store:
// conditional GET, what is new and what changed, teasers, backoff, robots.txt, restarts,
// the address guard, a connection dropped mid-response.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "crawl/crawl.h"
#include "crawl/fixture_server.h"

using namespace storyline;
using crawltest::FixtureServer;
using crawltest::Item;
using crawltest::Route;

namespace {

constexpr UnixTime kNow = 1'739'300'000;  // 2025-02-11T18:53:20Z, after the fixture dates

crawl::Settings quick() {
  crawl::Settings s;
  s.fetch.fetch.allow_private = true;  // the servers are on 127.0.0.1
  s.fetch.min_host_delay_ms = 0;
  s.fetch.workers = 4;
  return s;
}

std::vector<Item> items(int from, int to) {
  std::vector<Item> v;
  for (int i = from; i <= to; ++i) {
    const std::string n = std::to_string(i);
    v.push_back({"guid-" + n, "Headline number " + n, "https://fixture.example/news/" + n,
                 crawltest::body_text("topic" + n)});
  }
  return v;
}

store::FeedState subscribe(store::Store& db, const std::string& url) {
  store::FeedState f;
  f.url = url;
  db.add_feed(f);
  return *db.feed(url);
}

std::map<std::string, crawl::FeedResult> by_url(std::vector<crawl::FeedResult>& v) {
  std::map<std::string, crawl::FeedResult> m;
  for (auto& r : v) m[r.state.url] = r;
  return m;
}

std::string temp_store(const std::string& name) {
  const auto p = std::filesystem::temp_directory_path() / ("storyline_crawl_" + name + "_" + std::to_string(getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(p.string() + suffix);
  return p.string();
}

}  // namespace

TEST(CrawlPass, UnchangedFeedCostsA304AndNoReingest) {
  FixtureServer host;
  host.set("/feed.xml", {200, crawltest::rss(items(1, 3)), "application/rss+xml", "\"v1\""});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  crawl::Crawler c(*db, quick());
  auto first = c.crawl(db->feeds(), kNow);
  EXPECT_EQ(first.added, 3u);
  EXPECT_EQ(db->article_count(), 3u);
  const auto seq = db->stats().last_sequence;
  EXPECT_EQ(db->feed(host.url("/feed.xml"))->etag, "\"v1\"");

  auto second = c.crawl(db->feeds(), kNow + 600);
  EXPECT_EQ(second.not_modified, 1u);
  EXPECT_EQ(second.added + second.updated + second.items, 0u);
  EXPECT_EQ(host.not_modified("/feed.xml"), 1);
  EXPECT_EQ(db->article_count(), 3u);
  EXPECT_EQ(db->stats().last_sequence, seq);  // nothing written for the clusterer
  const auto st = db->feed(host.url("/feed.xml"));
  EXPECT_EQ(st->http_status, 304);
  EXPECT_EQ(st->last_fetch, kNow + 600);
  EXPECT_GT(st->next_fetch, kNow + 600);
  EXPECT_EQ(st->item_count, 3);
}

TEST(CrawlPass, AChangedFeedAddsOnlyItsNewItemsAndACorrectionUpdatesItsArticle) {
  FixtureServer host;
  host.set("/feed.xml", {200, crawltest::rss(items(1, 2))});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  crawl::Crawler c(*db, quick());
  EXPECT_EQ(c.crawl(db->feeds(), kNow).added, 2u);

  auto v2 = items(1, 3);
  host.set("/feed.xml", {200, crawltest::rss(v2)});
  auto second = c.crawl(db->feeds(), kNow + 600);
  EXPECT_EQ(second.items, 3u);
  EXPECT_EQ(second.added, 1u);
  EXPECT_EQ(second.updated, 0u);
  EXPECT_EQ(db->article_count(), 3u);

  // The publisher corrects item 2: the same article, new text, not a new article.
  const ArticleId id2 = *db->find_article("https://fixture.example/news/2");
  v2[1].text = "Correction: " + v2[1].text;
  host.set("/feed.xml", {200, crawltest::rss(v2)});
  auto third = c.crawl(db->feeds(), kNow + 1200);
  EXPECT_EQ(third.added, 0u);
  EXPECT_EQ(third.updated, 1u);
  EXPECT_EQ(db->article_count(), 3u);
  EXPECT_EQ(db->article(id2)->text.rfind("Correction: ", 0), 0u);
  EXPECT_EQ(db->find_article("https://fixture.example/news/2"), id2);
}

TEST(CrawlPass, ArticlesCarryTheFeedsFieldsAndIdentity) {
  FixtureServer host;
  auto v = items(1, 1);
  v[0].title = "Bridge vote <b>passes</b>";
  host.set("/feed.xml", {200, crawltest::rss(v)});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  crawl::Crawler c(*db, quick());
  c.crawl(db->feeds(), kNow);
  const auto a = db->article(*db->find_article("https://fixture.example/news/1"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->title, "Bridge vote passes");  // escaped HTML in a title becomes its text
  EXPECT_EQ(a->origin, host.url("/feed.xml"));
  EXPECT_EQ(a->item_key, "guid-1");
  EXPECT_EQ(a->source, "fixture.example");
  EXPECT_EQ(a->language, "en");
  EXPECT_EQ(a->published, 1739268000);  // Tue, 11 Feb 2025 10:00:00 GMT
  EXPECT_EQ(a->fetched, kNow);
  EXPECT_EQ(a->text.rfind("The topic1 story begins here.", 0), 0u);
  const auto st = db->feed(host.url("/feed.xml"));
  EXPECT_EQ(st->title, "Fixture News");
  EXPECT_EQ(st->site_link, "https://fixture.example/");
}

// A feed's title is kept to 300 bytes, cut between UTF-8 characters.
TEST(CrawlPass, ALongFeedTitleIsCutBetweenCharacters) {
  FixtureServer host;
  std::string title = "Z";  // 1 + 2 x 200 bytes: byte 300 is inside a character
  for (int i = 0; i < 200; ++i) title += "\xC3\xA9";
  host.set("/feed.xml", {200, "<rss version=\"2.0\"><channel><title>" + title +
                                  "</title><link>https://fixture.example/</link></channel></rss>"});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  crawl::Crawler c(*db, quick());
  c.crawl(db->feeds(), kNow);
  const auto st = db->feed(host.url("/feed.xml"));
  ASSERT_TRUE(st);
  EXPECT_EQ(st->title.size(), 299u);
  EXPECT_TRUE(text::is_valid_utf8(st->title)) << st->title;
  EXPECT_EQ(st->title, title.substr(0, 299));
}

TEST(CrawlPass, TeaserItemsAreCompletedFromTheirPagesAndTheFeedWinsOnTitleAndDate) {
  FixtureServer host;
  std::vector<Item> v = {{"t1", "Feed headline wins", host.url("/story/1"), "A short teaser. Read more"},
                         {"t2", "Page that fails", host.url("/story/missing"), "Another short teaser."}};
  v[0].date = "Mon, 10 Feb 2025 09:00:00 GMT";
  host.set("/feed.xml", {200, crawltest::rss(v)});
  host.set("/story/1", {200, crawltest::article_page("Page headline loses", "harbour"), "text/html; charset=utf-8"});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  crawl::Crawler c(*db, quick());
  std::vector<crawl::FeedResult> results;
  const auto st = c.crawl(db->feeds(), kNow, [&](const crawl::FeedResult& r) { results.push_back(r); });
  EXPECT_EQ(st.added, 2u);
  EXPECT_EQ(st.pages, 1u);
  EXPECT_EQ(st.page_errors, 1u);
  const auto a = db->article(*db->find_article(host.url("/story/1")));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->title, "Feed headline wins");
  EXPECT_EQ(a->published, 1739178000);  // the feed's date, not the page's 2025-01-01
  EXPECT_NE(a->text.find("Paragraph 6 of the harbour report"), std::string::npos) << a->text;
  EXPECT_EQ(a->text.find("Copyright"), std::string::npos);
  EXPECT_EQ(a->author, "Page Author");  // the feed named none
  const auto b = db->article(*db->find_article(host.url("/story/missing")));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->text, "Another short teaser.");  // the page failed: the feed's text is kept
  // An unchanged teaser item is not fetched again.
  const int page_hits = host.hits("/story/1");
  c.crawl(db->feeds(), kNow + 600);
  EXPECT_EQ(host.hits("/story/1"), page_hits);
}

// A teaser page too long to use (over max_article_bytes once extracted, or over
// page_max_bytes as fetched) is not a failure: it is counted as too long, and the feed's
// own text is stored.
TEST(CrawlPass, ATeasersPageTooLongToUseIsCountedAsSuchAndItsTeaserKept) {
  FixtureServer host;
  host.set("/feed.xml", {200, crawltest::rss({{"a", "Long article", host.url("/long"), "Short teaser one."},
                                              {"b", "Huge page", host.url("/huge"), "Short teaser two."}})});
  host.set("/long", {200, crawltest::article_page("Long", "harbour", 40), "text/html"});
  host.set("/huge", {200, crawltest::article_page("Huge", "harbour", 400), "text/html"});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  crawl::Settings s = quick();
  s.max_article_bytes = 4000;  // /long extracts to ~10 kB
  s.page_max_bytes = 64000;    // /huge is ~100 kB as served
  crawl::Crawler c(*db, s);
  const auto st = c.crawl(db->feeds(), kNow);
  EXPECT_EQ(st.added, 2u);
  EXPECT_EQ(st.pages, 0u);
  EXPECT_EQ(st.page_errors, 0u);
  EXPECT_EQ(st.pages_too_long, 2u);
  EXPECT_EQ(host.hits("/long"), 1);
  EXPECT_EQ(db->article(*db->find_article(host.url("/long")))->text, "Short teaser one.");
  EXPECT_EQ(db->article(*db->find_article(host.url("/huge")))->text, "Short teaser two.");
}

TEST(CrawlPass, PagesOverTheBudgetWaitForTheNextPassAndAreNotLost) {
  FixtureServer host;
  std::vector<Item> v;
  for (int i = 1; i <= 3; ++i) {
    const std::string n = std::to_string(i);
    v.push_back({"t" + n, "Teaser " + n, host.url("/p/" + n), "Short."});
    host.set("/p/" + n, {200, crawltest::article_page("Page " + n, "topic" + n), "text/html"});
  }
  host.set("/feed.xml", {200, crawltest::rss(v), "application/rss+xml", "\"same\""});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  crawl::Settings s = quick();
  s.max_pages_per_feed = 2;
  crawl::Crawler c(*db, s);
  auto first = c.crawl(db->feeds(), kNow);
  EXPECT_EQ(first.added, 2u);
  EXPECT_EQ(first.later, 1u);
  const auto st = db->feed(host.url("/feed.xml"));
  EXPECT_EQ(st->etag, "");  // not kept: a 304 would hide the item left over
  EXPECT_LE(st->next_fetch, kNow + s.schedule.min_interval * 11 / 10);
  auto second = c.crawl(db->feeds(), kNow + 600);
  EXPECT_EQ(second.added, 1u);
  EXPECT_EQ(second.later, 0u);
  EXPECT_EQ(db->article_count(), 3u);
  EXPECT_EQ(host.not_modified("/feed.xml"), 0);
}

TEST(CrawlPass, PagesPastThePassesTimeBudgetAreNotLost) {
  FixtureServer host;
  std::vector<Item> v;
  for (int i = 1; i <= 2; ++i) {
    const std::string n = std::to_string(i);
    v.push_back({"t" + n, "Teaser " + n, host.url("/p/" + n), "Short."});
    host.set("/p/" + n, {200, crawltest::article_page("Page " + n, "topic" + n), "text/html"});
  }
  host.set("/feed.xml", {200, crawltest::rss(v)});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  crawl::Settings s = quick();
  s.fetch.min_host_delay_ms = 400;  // the first page may start 400 ms after the feed...
  s.page_budget_ms = 50;            // ...but the pages' budget ends before that
  {
    crawl::Crawler c(*db, s);
    const auto first = c.crawl(db->feeds(), kNow);
    EXPECT_EQ(first.added, 0u);
    EXPECT_EQ(first.later, 2u);
    EXPECT_EQ(host.hits("/p/1") + host.hits("/p/2"), 0);
    EXPECT_EQ(db->feed(host.url("/feed.xml"))->item_count, 0);  // nothing marked seen
  }
  s.page_budget_ms = 0;
  crawl::Crawler c(*db, s);
  const auto second = c.crawl(db->feeds(), kNow + 300);
  EXPECT_EQ(second.added, 2u);
  EXPECT_EQ(second.pages, 2u);
  EXPECT_NE(db->article(*db->find_article(host.url("/p/2")))->text.find("Paragraph 6"), std::string::npos);
}

TEST(CrawlPass, FailingHostsBackOffWithoutBlockingTheOthers) {
  FixtureServer good, slow, broken, busy, looping;
  good.set("/feed.xml", {200, crawltest::rss(items(1, 2))});
  slow.set("/feed.xml", {200, crawltest::rss(items(3, 3)), "application/rss+xml", "", {}, 3000});
  broken.set("/feed.xml", {500, "oops", "text/plain"});
  busy.set("/feed.xml", {429, "slow down", "text/plain", "", {{"Retry-After", "3600"}}});
  looping.set("/feed.xml", {302, "", "", "", {}, 0, "/other.xml"});
  looping.set("/other.xml", {302, "", "", "", {}, 0, "/feed.xml"});
  auto db = store::open(":memory:");
  for (auto* h : {&slow, &good, &broken, &busy, &looping}) subscribe(*db, h->url("/feed.xml"));
  crawl::Settings s = quick();
  s.fetch.fetch.total_timeout_ms = 1000;
  s.batch_feeds = 1;  // each feed committed as soon as it is done
  crawl::Crawler c(*db, s);
  std::vector<crawl::FeedResult> order;
  const auto st = c.crawl(db->feeds(), kNow, [&](const crawl::FeedResult& r) { order.push_back(r); });
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order.back().state.url, slow.url("/feed.xml"));  // everything else was done meanwhile
  EXPECT_EQ(st.failed, 4u);
  EXPECT_EQ(st.added, 2u);
  auto r = by_url(order);
  EXPECT_NE(r[slow.url("/feed.xml")].state.error.find("timed out"), std::string::npos);
  EXPECT_NE(r[broken.url("/feed.xml")].state.error.find("HTTP 500 Internal Server Error"), std::string::npos);
  EXPECT_NE(r[busy.url("/feed.xml")].state.error.find("HTTP 429"), std::string::npos);
  EXPECT_NE(r[busy.url("/feed.xml")].state.error.find("Retry-After: 3600"), std::string::npos);
  EXPECT_NE(r[looping.url("/feed.xml")].state.error.find("redirect loop"), std::string::npos);
  for (auto* h : {&slow, &broken, &looping}) {
    const auto f = db->feed(h->url("/feed.xml"));
    EXPECT_EQ(f->error_count, 1);
    EXPECT_GE(f->next_fetch, kNow + 60);  // the first backoff step, jittered up to 10%
    EXPECT_LE(f->next_fetch, kNow + 66);
  }
  EXPECT_GE(db->feed(busy.url("/feed.xml"))->next_fetch, kNow + 3600);  // Retry-After wins
  EXPECT_EQ(db->feed(good.url("/feed.xml"))->error, "");
  EXPECT_EQ(db->feed(good.url("/feed.xml"))->error_count, 0);

  // Due again after the backoff: the 500 fails again and waits twice as long; the 429 is not due.
  auto due = db->feeds_due(kNow + 70, 100);
  std::vector<std::string> due_urls;
  for (const auto& f : due) due_urls.push_back(f.url);
  EXPECT_EQ(std::count(due_urls.begin(), due_urls.end(), busy.url("/feed.xml")), 0);
  EXPECT_EQ(std::count(due_urls.begin(), due_urls.end(), broken.url("/feed.xml")), 1);
  c.crawl_due(kNow + 70);
  const auto b = db->feed(broken.url("/feed.xml"));
  EXPECT_EQ(b->error_count, 2);
  EXPECT_GE(b->next_fetch, kNow + 70 + 120);
  EXPECT_LE(b->next_fetch, kNow + 70 + 132);
  // Fixed: the error clears and the count resets.
  broken.set("/feed.xml", {200, crawltest::rss(items(5, 5))});
  c.crawl({*db->feed(broken.url("/feed.xml"))}, kNow + 300);
  EXPECT_EQ(db->feed(broken.url("/feed.xml"))->error, "");
  EXPECT_EQ(db->feed(broken.url("/feed.xml"))->error_count, 0);
}

TEST(CrawlPass, RobotsTxtDisallowIsHonoured) {
  FixtureServer host;
  host.set("/robots.txt", {200, "User-agent: *\nDisallow: /private/\n", "text/plain"});
  host.set("/private/feed.xml", {200, crawltest::rss(items(1, 1))});
  host.set("/public/feed.xml",
           {200, crawltest::rss({{"g", "Teaser on a private page", host.url("/private/page"), "Short teaser."}})});
  host.set("/private/page", {200, crawltest::article_page("Hidden", "secret"), "text/html"});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/private/feed.xml"));
  subscribe(*db, host.url("/public/feed.xml"));
  crawl::Crawler c(*db, quick());
  const auto st = c.crawl(db->feeds(), kNow);
  EXPECT_EQ(host.hits("/private/feed.xml"), 0);
  EXPECT_EQ(host.hits("/private/page"), 0);
  const auto f = db->feed(host.url("/private/feed.xml"));
  EXPECT_NE(f->error.find("disallowed by robots.txt"), std::string::npos) << f->error;
  EXPECT_EQ(f->error_count, 1);
  EXPECT_EQ(st.added, 1u);  // the public feed's teaser, with its own text
  EXPECT_EQ(st.page_errors, 1u);
  EXPECT_EQ(db->article(*db->find_article(host.url("/private/page")))->text, "Short teaser.");
}

TEST(CrawlPass, AnUnreadableRobotsTxtAllowsNothingAndSaysSo) {
  FixtureServer host;
  host.set("/robots.txt", {503, "busy", "text/plain"});
  host.set("/feed.xml", {200, crawltest::rss(items(1, 1))});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  subscribe(*db, "http://no-such-host.invalid/feed.xml");  // DNS fails: the reason, not robots.txt
  crawl::Crawler c(*db, quick());
  c.crawl(db->feeds(), kNow);
  EXPECT_EQ(host.hits("/feed.xml"), 0);
  const auto f = db->feed(host.url("/feed.xml"));
  EXPECT_NE(f->error.find("robots.txt could not be read"), std::string::npos) << f->error;
  const auto dns = db->feed("http://no-such-host.invalid/feed.xml");
  EXPECT_NE(dns->error.find("no-such-host.invalid"), std::string::npos) << dns->error;
  EXPECT_EQ(dns->error.find("robots"), std::string::npos) << dns->error;
}

TEST(CrawlPass, ARestartResumesWithoutDuplicatesAndRemovedArticlesStayRemoved) {
  FixtureServer host;
  host.set("/feed.xml", {200, crawltest::rss(items(1, 4))});  // no validators: a full 200 each time
  const std::string path = temp_store("restart");
  {
    auto db = store::open(path);
    subscribe(*db, host.url("/feed.xml"));
    crawl::Crawler c(*db, quick());
    EXPECT_EQ(c.crawl(db->feeds(), kNow).added, 4u);
    ASSERT_TRUE(db->remove_article(*db->find_article("https://fixture.example/news/2")));
  }
  auto db = store::open(path);
  crawl::Crawler c(*db, quick());
  auto again = c.crawl(db->feeds(), kNow + 600);
  EXPECT_EQ(again.items, 4u);
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(db->article_count(), 3u);
  // Even a changed copy of the removed item stays out (its tombstone).
  auto v = items(1, 5);
  v[1].text = "Changed. " + v[1].text;
  host.set("/feed.xml", {200, crawltest::rss(v)});
  auto third = c.crawl(db->feeds(), kNow + 1200);
  EXPECT_EQ(third.added, 1u);
  EXPECT_EQ(third.refused, 1u);
  EXPECT_EQ(db->article_count(), 4u);
  EXPECT_FALSE(db->find_article("https://fixture.example/news/2"));
  db.reset();
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(path + suffix);
}

TEST(CrawlPass, LoopbackIsRefusedWithoutAllowPrivate) {
  FixtureServer host;
  host.set("/feed.xml", {200, crawltest::rss(items(1, 1))});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  subscribe(*db, "http://localhost:" + std::to_string(host.port()) + "/feed.xml");
  crawl::Settings s = quick();
  s.fetch.fetch.allow_private = false;
  crawl::Crawler c(*db, s);
  const auto st = c.crawl(db->feeds(), kNow);
  EXPECT_EQ(st.failed, 2u);
  EXPECT_EQ(host.total_hits(), 0);
  for (const auto& f : db->feeds()) {
    EXPECT_NE(f.error.find("refused"), std::string::npos) << f.error;
    EXPECT_NE(f.error.find("a loopback address"), std::string::npos) << f.error;
    EXPECT_NE(f.error.find("--allow-private"), std::string::npos) << f.error;
    EXPECT_EQ(f.http_status, 0);
    EXPECT_EQ(f.error_count, 1);
  }
  EXPECT_EQ(db->article_count(), 0u);
}

TEST(CrawlPass, ARedirectToAPrivateAddressIsRefused) {
  FixtureServer inner, outer;
  inner.set("/feed.xml", {200, crawltest::rss(items(1, 1))});
  outer.set("/feed.xml", {301, "", "", "", {}, 0, inner.url("/feed.xml")});  // to 127.0.0.1
  auto db = store::open(":memory:");
  const std::string url = "http://localhost:" + std::to_string(outer.port()) + "/feed.xml";
  subscribe(*db, url);
  crawl::Settings s = quick();
  s.fetch.fetch.allow_private = false;
  s.fetch.fetch.private_hosts = {"localhost"};  // this name only: the redirect's target is checked again
  crawl::Crawler c(*db, s);
  c.crawl(db->feeds(), kNow);
  EXPECT_EQ(outer.hits("/feed.xml"), 1);
  EXPECT_EQ(inner.total_hits(), 0);
  const auto f = db->feed(url);
  EXPECT_NE(f->error.find("refused: 127.0.0.1 is a loopback address"), std::string::npos) << f->error;
  EXPECT_EQ(db->article_count(), 0u);
}

TEST(CrawlPass, ACancelledPassLeavesTheFeedsAsTheyWere) {
  FixtureServer host;
  host.set("/feed.xml", {200, crawltest::rss(items(1, 2))});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/feed.xml"));
  std::atomic<bool> stop{true};  // SIGTERM arrived
  crawl::Settings s = quick();
  s.fetch.fetch.cancel = &stop;
  crawl::Crawler c(*db, s);
  const auto st = c.crawl(db->feeds(), kNow);
  EXPECT_EQ(st.feeds, 0u);
  const auto f = db->feed(host.url("/feed.xml"));
  EXPECT_EQ(f->last_fetch, 0);
  EXPECT_EQ(f->error, "");
  EXPECT_EQ(f->next_fetch, 0);  // still due at once after the restart
  EXPECT_EQ(host.total_hits(), 0);
}

TEST(CrawlPass, ATeasersPageOnAPrivateAddressIsRefusedAndItsTeaserKept) {
  FixtureServer host;
  host.set("/page", {200, crawltest::article_page("Internal", "intranet"), "text/html"});
  const std::string feed_url = "http://localhost:" + std::to_string(host.port()) + "/feed.xml";
  host.set("/feed.xml", {200, crawltest::rss({{"g", "Teaser", host.url("/page"), "A teaser pointing inside."}})});
  auto db = store::open(":memory:");
  subscribe(*db, feed_url);
  crawl::Settings s = quick();
  s.fetch.fetch.allow_private = false;
  s.fetch.fetch.private_hosts = {"localhost"};  // the feed's host only; its item links to 127.0.0.1
  crawl::Crawler c(*db, s);
  const auto st = c.crawl(db->feeds(), kNow);
  EXPECT_EQ(st.added, 1u);
  EXPECT_EQ(st.page_errors, 1u);
  EXPECT_EQ(host.hits("/page"), 0);
  EXPECT_EQ(db->article(*db->find_article(host.url("/page")))->text, "A teaser pointing inside.");
}

TEST(CrawlPass, TheNetworkDroppingMidResponseGivesAClearErrorAndLosesNothing) {
  const std::string full = crawltest::rss(items(1, 3));
  crawltest::DroppingServer dropping(full.substr(0, full.size() / 2), full.size());
  auto db = store::open(":memory:");
  subscribe(*db, dropping.url("/feed.xml"));
  crawl::Crawler c(*db, quick());
  const auto st = c.crawl(db->feeds(), kNow);
  EXPECT_EQ(st.failed, 1u);
  EXPECT_EQ(dropping.requests(), 1);
  const auto f = db->feed(dropping.url("/feed.xml"));
  EXPECT_NE(f->error.find("the connection dropped mid-response"), std::string::npos) << f->error;
  EXPECT_EQ(f->item_count, 0);  // nothing marked seen from half a document
  EXPECT_EQ(db->article_count(), 0u);
  // The feed comes back whole under the same URL: every item is read.
  FixtureServer fixed;
  fixed.set("/feed.xml", {200, full});
  store::FeedState moved = *db->feed(dropping.url("/feed.xml"));
  db->remove_feed(moved.url);
  subscribe(*db, fixed.url("/feed.xml"));
  EXPECT_EQ(c.crawl(db->feeds(), kNow + 600).added, 3u);
}

TEST(CrawlPass, ScheduleFollowsPublishingRateAndThePublishersTtl) {
  FixtureServer host;
  // 14 items in the last week: a week / 14 = 12 h.
  std::vector<Item> v = items(1, 14);
  for (auto& i : v) i.date = "Mon, 10 Feb 2025 10:00:00 GMT";
  host.set("/often.xml", {200, crawltest::rss(v)});
  host.set("/ttl.xml", {200, crawltest::rss(v, "T", "<ttl>1440</ttl>")});
  auto db = store::open(":memory:");
  subscribe(*db, host.url("/often.xml"));
  subscribe(*db, host.url("/ttl.xml"));
  crawl::Crawler c(*db, quick());
  c.crawl(db->feeds(), kNow);
  const auto often = db->feed(host.url("/often.xml"));
  EXPECT_GE(often->next_fetch, kNow + 43200);
  EXPECT_LE(often->next_fetch, kNow + 43200 + 4320);
  const auto ttl = db->feed(host.url("/ttl.xml"));
  EXPECT_GE(ttl->next_fetch, kNow + 86400);  // the ttl (a day) is longer: it wins
  EXPECT_LE(ttl->next_fetch, kNow + 86400 + 8640);
}

// ---- redirects ----

// A feed that answers 301: after one pass it is subscribed at the new URL with its items
// ingested once; the next pass goes to the new URL directly and ingests nothing twice.
TEST(CrawlPass, APermanentRedirectMovesTheFeedAndTheNextPassGoesThereDirectly) {
  FixtureServer host;
  host.set("/old.xml", {301, "", "", "", {}, 0, host.url("/new.xml")});
  host.set("/new.xml", {200, crawltest::rss(items(1, 3)), "application/rss+xml", "\"v1\""});
  auto db = store::open(":memory:");
  const auto old = subscribe(*db, host.url("/old.xml"));
  crawl::Crawler c(*db, quick());
  std::vector<crawl::FeedResult> results;
  const auto first = c.crawl(db->feeds(), kNow, [&](const crawl::FeedResult& r) { results.push_back(r); });
  EXPECT_EQ(first.added, 3u);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].moved_from, host.url("/old.xml"));
  EXPECT_EQ(results[0].state.url, host.url("/new.xml"));
  EXPECT_EQ(results[0].state.error, "");
  EXPECT_FALSE(db->feed(host.url("/old.xml")));
  const auto moved = db->feed(host.url("/new.xml"));
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->id, old.id);
  EXPECT_EQ(moved->etag, "\"v1\"");
  EXPECT_EQ(moved->item_count, 3);
  EXPECT_EQ(db->feeds().size(), 1u);
  EXPECT_EQ(db->article_count(), 3u);
  EXPECT_EQ(db->article(*db->find_article("https://fixture.example/news/1"))->origin, host.url("/new.xml"));
  EXPECT_EQ(host.hits("/old.xml"), 1);
  EXPECT_EQ(host.hits("/new.xml"), 1);

  // Unchanged: a 304 from the new URL, the old one not asked.
  results.clear();
  const auto second = c.crawl(db->feeds(), kNow + 600, [&](const crawl::FeedResult& r) { results.push_back(r); });
  EXPECT_EQ(second.not_modified, 1u);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].moved_from, "");
  // Changed: one new item, one corrected (an update of its article, whose origin moved).
  auto v = items(1, 4);
  v[0].text = "Correction: " + v[0].text;
  host.set("/new.xml", {200, crawltest::rss(v), "application/rss+xml", "\"v2\""});
  const auto third = c.crawl(db->feeds(), kNow + 1200);
  EXPECT_EQ(third.added, 1u);
  EXPECT_EQ(third.updated, 1u);
  EXPECT_EQ(db->article_count(), 4u);
  EXPECT_EQ(host.hits("/old.xml"), 1);
  EXPECT_EQ(host.hits("/new.xml"), 3);
}

// 308 then a 304 from the new URL (the validators still match): the feed moves too.
TEST(CrawlPass, APermanentRedirectAnsweredWithNotModifiedMovesTheFeed) {
  FixtureServer host;
  host.set("/old.xml", {200, crawltest::rss(items(1, 2)), "application/rss+xml", "\"v1\""});
  auto db = store::open(":memory:");
  const auto old = subscribe(*db, host.url("/old.xml"));
  crawl::Crawler c(*db, quick());
  EXPECT_EQ(c.crawl(db->feeds(), kNow).added, 2u);
  host.set("/old.xml", {308, "", "", "", {}, 0, host.url("/new.xml")});
  host.set("/new.xml", {200, crawltest::rss(items(1, 2)), "application/rss+xml", "\"v1\""});
  const auto second = c.crawl(db->feeds(), kNow + 600);
  EXPECT_EQ(second.not_modified, 1u);
  EXPECT_EQ(host.not_modified("/new.xml"), 1);
  ASSERT_TRUE(db->feed(host.url("/new.xml")));
  EXPECT_EQ(db->feed(host.url("/new.xml"))->id, old.id);
  EXPECT_FALSE(db->feed(host.url("/old.xml")));
  EXPECT_EQ(db->article_count(), 2u);
}

// A temporary redirect (302, or a chain with one temporary hop) and a permanent one to
// something that is not a feed leave the feed's URL as it is.
TEST(CrawlPass, ATemporaryRedirectKeepsTheFeedsURL) {
  FixtureServer host;
  host.set("/temp.xml", {302, "", "", "", {}, 0, host.url("/today.xml")});
  host.set("/today.xml", {200, crawltest::rss(items(1, 3))});
  host.set("/chain.xml", {301, "", "", "", {}, 0, host.url("/hop.xml")});
  host.set("/hop.xml", {307, "", "", "", {}, 0, host.url("/chained.xml")});
  host.set("/chained.xml", {200, crawltest::rss(items(11, 12))});
  host.set("/parked.xml", {301, "", "", "", {}, 0, host.url("/home.html")});
  host.set("/home.html", {200, crawltest::article_page("Domain for sale", "parking"), "text/html; charset=utf-8"});
  auto db = store::open(":memory:");
  for (const char* p : {"/temp.xml", "/chain.xml", "/parked.xml"}) subscribe(*db, host.url(p));
  crawl::Crawler c(*db, quick());
  std::vector<crawl::FeedResult> results;
  const auto first = c.crawl(db->feeds(), kNow, [&](const crawl::FeedResult& r) { results.push_back(r); });
  EXPECT_EQ(first.added, 5u);
  EXPECT_EQ(first.failed, 1u);  // the parked page is not a feed
  for (const auto& r : results) EXPECT_EQ(r.moved_from, "") << r.state.url;
  for (const char* p : {"/temp.xml", "/chain.xml", "/parked.xml"}) EXPECT_TRUE(db->feed(host.url(p))) << p;
  for (const char* p : {"/today.xml", "/chained.xml", "/home.html"}) EXPECT_FALSE(db->feed(host.url(p))) << p;
  const auto second = c.crawl(db->feeds(), kNow + 600);
  EXPECT_EQ(second.added, 0u);
  EXPECT_EQ(db->article_count(), 5u);
  EXPECT_EQ(host.hits("/temp.xml"), 2);
  EXPECT_EQ(host.hits("/chain.xml"), 2);
}

// A feed that moves to a URL another subscribed feed has: both kept, nothing ingested twice,
// and the moved one's state says why it was not renamed.
TEST(CrawlPass, AMoveToAnotherSubscribedFeedsURLKeepsBoth) {
  FixtureServer host;
  host.set("/old.xml", {301, "", "", "", {}, 0, host.url("/new.xml")});
  host.set("/new.xml", {200, crawltest::rss(items(1, 3))});
  auto db = store::open(":memory:");
  const auto old = subscribe(*db, host.url("/old.xml"));
  const auto other = subscribe(*db, host.url("/new.xml"));
  crawl::Crawler c(*db, quick());
  std::vector<crawl::FeedResult> results;
  const auto first = c.crawl(db->feeds(), kNow, [&](const crawl::FeedResult& r) { results.push_back(r); });
  EXPECT_EQ(first.added, 3u);
  EXPECT_EQ(first.failed, 0u);
  EXPECT_EQ(db->article_count(), 3u);
  ASSERT_EQ(db->feeds().size(), 2u);
  const auto kept = db->feed(host.url("/old.xml"));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->id, old.id);
  EXPECT_EQ(kept->http_status, 200);
  EXPECT_NE(kept->error.find("moved permanently to " + host.url("/new.xml") + ", which is subscribed as another feed"),
            std::string::npos) << kept->error;
  EXPECT_EQ(db->feed(host.url("/new.xml"))->id, other.id);
  EXPECT_EQ(db->feed(host.url("/new.xml"))->error, "");
  for (const auto& r : results) EXPECT_EQ(r.moved_from, "");
}

// ---- forgetting seen items ----

// Items gone from a feed that is read are forgotten after 90 days; items still in it are not
// (each read sees them again), nor are the items of a feed that is down or answers 304; an
// item that comes back after being forgotten is not a new article, and a removed one stays out.
TEST(CrawlPass, ItemsGoneFromTheirFeedForLongAreForgottenAndNothingComesBack) {
  constexpr UnixTime kDay = 86400;
  FixtureServer host;
  host.set("/feed.xml", {200, crawltest::rss(items(1, 4))});  // no validators: a full read each time
  host.set("/down.xml", {200, crawltest::rss(items(21, 22))});
  host.set("/same.xml", {200, crawltest::rss(items(31, 32)), "application/rss+xml", "\"same\""});
  auto db = store::open(":memory:");
  for (const char* p : {"/feed.xml", "/down.xml", "/same.xml"}) subscribe(*db, host.url(p));
  crawl::Crawler c(*db, quick());
  EXPECT_EQ(c.crawl(db->feeds(), kNow).added, 8u);
  ASSERT_TRUE(db->remove_article(*db->find_article("https://fixture.example/news/2")));
  host.set("/down.xml", {500, "down"});

  // Items 1 and 2 leave the feed; 5 and 6 arrive. Then the feed is read, unchanged, for months.
  host.set("/feed.xml", {200, crawltest::rss(items(3, 6))});
  EXPECT_EQ(c.crawl(db->feeds(), kNow + 10 * kDay).added, 2u);
  for (UnixTime day : {40, 70, 85}) {
    const auto st = c.crawl(db->feeds(), kNow + day * kDay);
    EXPECT_EQ(st.added + st.updated, 0u) << "day " << day;
    EXPECT_EQ(st.forgotten, 0u) << "day " << day;  // 1 and 2 gone for less than 90 days
  }
  const auto st = c.crawl(db->feeds(), kNow + 100 * kDay);
  EXPECT_EQ(st.added + st.updated, 0u);
  EXPECT_EQ(st.forgotten, 2u);  // items 1 and 2, gone for 100 days of reading
  EXPECT_EQ(db->feed(host.url("/feed.xml"))->item_count, 4);  // 3 to 6, still in the feed
  EXPECT_EQ(db->feed(host.url("/down.xml"))->item_count, 2);  // down since day 0: remembers
  EXPECT_EQ(db->feed(host.url("/same.xml"))->item_count, 2);  // 304 since day 0: remembers
  EXPECT_GE(host.not_modified("/same.xml"), 4);
  EXPECT_EQ(c.crawl(db->feeds(), kNow + 200 * kDay).forgotten, 0u);
  EXPECT_EQ(db->feed(host.url("/feed.xml"))->item_count, 4);

  // The publisher puts items 1 and 2 back (2 corrected): 1 is its old article again, 2 was
  // removed by the user and stays out.
  auto back = items(1, 6);
  back[1].text = "Correction: " + back[1].text;
  host.set("/feed.xml", {200, crawltest::rss(back)});
  const auto again = c.crawl(db->feeds(), kNow + 201 * kDay);
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.refused, 1u);
  EXPECT_EQ(db->article_count(), 9u);  // 10 stored, 1 removed
  EXPECT_FALSE(db->find_article("https://fixture.example/news/2"));
}
