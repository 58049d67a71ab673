// The response cache: an answer is reused only at the stamp it was rendered at (store
// version, clock minute), least recently used first out, and a page changes as soon as the
// store does.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "serve/internal.h"
#include "serve/serve_fixture.h"

using namespace storyline;
using namespace storyline::testing;
using serve::detail::ResponseCache;

namespace {
ResponseCache::Entry entry(const std::string& body) {
  ResponseCache::Entry e;
  e.body = body;
  e.headers.emplace("Content-Type", "text/html");
  return e;
}
}  // namespace

TEST(ResponseCache, ServesAnAnswerOnlyAtItsStamp) {
  ResponseCache cache(1 << 20);
  cache.put("/", {5, 100}, entry("front v5"));
  ASSERT_TRUE(cache.get("/", {5, 100}));
  EXPECT_EQ(cache.get("/", {5, 100})->body, "front v5");
  EXPECT_FALSE(cache.get("/", {6, 100}));  // the store changed
  EXPECT_FALSE(cache.get("/", {5, 101}));  // a minute later
  EXPECT_FALSE(cache.get("/story/1", {5, 100}));
  cache.put("/", {6, 100}, entry("front v6"));
  EXPECT_EQ(cache.get("/", {6, 100})->body, "front v6");
  EXPECT_FALSE(cache.get("/", {5, 100}));
  const auto [hits, misses] = cache.hits_and_misses();
  EXPECT_EQ(hits, 3u);
  EXPECT_EQ(misses, 4u);
}

TEST(ResponseCache, DropsTheLeastRecentlyUsedBeyondItsSize) {
  ResponseCache cache(8 * 1000 + 8 * 300);  // room for about eight 1000-byte answers
  for (int i = 0; i < 8; ++i) cache.put("/story/" + std::to_string(i), {1, 1}, entry(std::string(1000, 'x')));
  ASSERT_TRUE(cache.get("/story/0", {1, 1}));  // used: now the most recent
  for (int i = 8; i < 11; ++i) cache.put("/story/" + std::to_string(i), {1, 1}, entry(std::string(1000, 'x')));
  EXPECT_TRUE(cache.get("/story/0", {1, 1}));
  EXPECT_FALSE(cache.get("/story/1", {1, 1}));
  EXPECT_TRUE(cache.get("/story/10", {1, 1}));
  cache.put("/huge", {1, 1}, entry(std::string(5000, 'x')));  // over an eighth of the cache
  EXPECT_FALSE(cache.get("/huge", {1, 1}));
}

TEST(ResponseCache, KeysAreThePathAndEveryParameter) {
  httplib::Request a, b, c;
  a.path = b.path = c.path = "/search";
  a.params = {{"q", "nato"}, {"page", "2"}};
  b.params = {{"page", "2"}, {"q", "nato"}};  // the same parameters, in another order
  c.params = {{"q", "nato"}};
  EXPECT_EQ(ResponseCache::key(a), ResponseCache::key(b));
  EXPECT_NE(ResponseCache::key(a), ResponseCache::key(c));
  httplib::Request huge;
  huge.path = "/search";
  huge.params = {{"q", std::string(5000, 'a')}};
  EXPECT_EQ(ResponseCache::key(huge), "");
  EXPECT_TRUE(serve::detail::cacheable("/story/42"));
  EXPECT_TRUE(serve::detail::cacheable("/section/world/feed.rss"));
  EXPECT_FALSE(serve::detail::cacheable("/metrics"));
  EXPECT_FALSE(serve::detail::cacheable("/healthz"));
  EXPECT_FALSE(serve::detail::cacheable("/api/v1/feeds"));
}

// Through the server: the second read of a page is the cached answer (same bytes, counted
// as a hit), and a change to the store is on the page at the next read.
TEST(Server, PagesAreRenderedOncePerChangeOfTheStore) {
  const std::string path = temp_file("cache");
  Running r(path);
  httplib::Client c("127.0.0.1", r.server->port());
  const auto first = c.Get("/story/42");
  const auto second = c.Get("/story/42");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, second->body);
  EXPECT_EQ(second->get_header_value("Content-Security-Policy"), first->get_header_value("Content-Security-Policy"));
  EXPECT_EQ(second->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto m = c.Get("/metrics")->body;
  EXPECT_NE(m.find("storyline_http_cache_lookups_total{result=\"hit\"} 1\n"), std::string::npos) << m;
  EXPECT_NE(m.find("storyline_http_cache_lookups_total{result=\"miss\"} 1\n"), std::string::npos) << m;
  {
    auto writer = store::open(path);
    write_story(*writer, 42, {1}, "Hegseth returns home");
  }
  const auto third = c.Get("/story/42");
  EXPECT_NE(third->body.find("Hegseth returns home"), std::string::npos);
  const auto head = c.Head("/story/42");  // a HEAD from the cache: no body, same validator
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->get_header_value("ETag"), third->get_header_value("ETag"));
}

// Many readers of one page at once: one renders it, the others wait for that answer.
TEST(ResponseCache, ConcurrentMissesOfOneKeyRenderItOnce) {
  ResponseCache cache(1 << 20);
  std::atomic<int> renders{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 8; ++i)
    readers.emplace_back([&] {
      if (cache.get("/", {1, 1})) return;
      ++renders;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // rendering
      cache.put("/", {1, 1}, entry("front"));
    });
  for (auto& t : readers) t.join();
  EXPECT_EQ(renders.load(), 1);
  EXPECT_EQ(cache.hits_and_misses().first, 7u);
  // A render that gave no answer frees the key at once.
  EXPECT_FALSE(cache.get("/story/1", {1, 1}));
  cache.abandon("/story/1");
  EXPECT_FALSE(cache.get("/story/1", {1, 1}));  // not a 2 s wait: rendered again here
  cache.abandon("/story/1");
}
