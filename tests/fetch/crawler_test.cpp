// The Crawler against servers the tests start on 127.0.0.1; each port is a host of its own.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "fetch/fetch.h"

using namespace storyline;

namespace {

struct Host {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<int> in_flight{0}, max_in_flight{0}, hits{0}, robots_hits{0};

  explicit Host(std::string robots = "", int delay_ms = 0) {
    server.Get("/robots.txt", [this, robots](const httplib::Request&, httplib::Response& res) {
      ++robots_hits;
      if (robots.empty()) res.status = 404;
      else res.set_content(robots, "text/plain");
    });
    server.Get(".*", [this, delay_ms](const httplib::Request& req, httplib::Response& res) {
      const int now = ++in_flight;
      for (int m = max_in_flight.load(); now > m && !max_in_flight.compare_exchange_weak(m, now);) {
      }
      ++hits;
      if (req.path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(800));
      else if (delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      if (req.path == "/busy") {
        res.status = 429;
        res.set_header("Retry-After", "3600");
      } else if (req.path == "/error") {
        res.status = 500;
      } else if (req.path == "/loop") {
        res.set_redirect("/loop2", 302);
      } else if (req.path == "/loop2") {
        res.set_redirect("/loop", 302);
      } else {
        res.set_content("page " + req.path, "text/plain");
      }
      --in_flight;
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Host() {
    server.stop();
    thread.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
};

fetch::CrawlSettings quick() {
  fetch::CrawlSettings s;
  s.fetch.allow_private = true;
  s.min_host_delay_ms = 0;
  s.workers = 3;
  return s;
}

fetch::CrawlJob job(std::uint64_t id, const std::string& url) {
  fetch::CrawlJob j;
  j.id = id;
  j.request.url = url;
  return j;
}

struct Results {
  std::vector<std::uint64_t> order;
  std::map<std::uint64_t, fetch::Response> by_id;
  std::function<void(const fetch::CrawlJob&, const fetch::Response&)> sink() {
    return [this](const fetch::CrawlJob& j, const fetch::Response& r) {
      order.push_back(j.id);
      by_id[j.id] = r;
    };
  }
};

}  // namespace

TEST(Crawler, ASlowOrFailingHostDoesNotBlockTheOthers) {
  Host slow, fast, failing;
  std::vector<fetch::CrawlJob> jobs = {job(1, slow.url("/slow"))};
  for (int i = 0; i < 4; ++i) jobs.push_back(job(10 + i, fast.url("/item/" + std::to_string(i))));
  jobs.push_back(job(20, failing.url("/error")));
  jobs.push_back(job(21, failing.url("/loop")));
  Results res;
  fetch::Crawler(quick()).run(jobs, res.sink());
  ASSERT_EQ(res.order.size(), jobs.size());
  EXPECT_EQ(res.order.back(), 1u);  // the slow page ends last; every other job was done meanwhile
  for (int i = 0; i < 4; ++i) {
    const fetch::Response& r = res.by_id[10 + i];
    ASSERT_TRUE(r.ok()) << r.error_message;
    EXPECT_EQ(r.body, "page /item/" + std::to_string(i));
  }
  EXPECT_EQ(res.by_id[20].status, 500);
  EXPECT_EQ(res.by_id[21].error, fetch::ErrorKind::redirect_loop);
  EXPECT_EQ(res.by_id[1].body, "page /slow");
}

TEST(Crawler, OneConnectionPerHostAtATime) {
  Host a("", 30), b("", 30);
  std::vector<fetch::CrawlJob> jobs;
  for (int i = 0; i < 6; ++i) {
    jobs.push_back(job(i, a.url("/a/" + std::to_string(i))));
    jobs.push_back(job(100 + i, b.url("/b/" + std::to_string(i))));
  }
  fetch::CrawlSettings s = quick();
  s.workers = 6;
  Results res;
  fetch::Crawler(s).run(jobs, res.sink());
  EXPECT_EQ(res.order.size(), 12u);
  EXPECT_EQ(a.hits.load(), 6);
  EXPECT_EQ(b.hits.load(), 6);
  EXPECT_EQ(a.max_in_flight.load(), 1);
  EXPECT_EQ(b.max_in_flight.load(), 1);
  EXPECT_EQ(a.robots_hits.load(), 1);  // once per host
}

TEST(Crawler, HonoursRobotsTxt) {
  Host h("User-agent: *\nDisallow: /private/\n");
  Results res;
  fetch::Crawler(quick()).run({job(1, h.url("/private/page")), job(2, h.url("/public/page"))}, res.sink());
  EXPECT_EQ(res.by_id[1].error, fetch::ErrorKind::disallowed);
  EXPECT_NE(res.by_id[1].error_message.find("disallowed by robots.txt"), std::string::npos);
  EXPECT_TRUE(res.by_id[2].ok()) << res.by_id[2].error_message;
  EXPECT_EQ(h.hits.load(), 1);  // only the public page was requested

  fetch::CrawlSettings off = quick();
  off.robots = false;
  Results again;
  fetch::Crawler(off).run({job(1, h.url("/private/page"))}, again.sink());
  EXPECT_TRUE(again.by_id[1].ok());
}

TEST(Crawler, RetryAfterAndLongCrawlDelaysDeferTheRestOfAHost) {
  Host busy, polite("User-agent: *\nCrawl-delay: 120\n"), other;
  Results res;
  fetch::Crawler(quick()).run({job(1, busy.url("/busy")), job(2, busy.url("/next")), job(3, polite.url("/one")),
                               job(4, polite.url("/two")), job(5, other.url("/x"))},
                              res.sink());
  ASSERT_EQ(res.order.size(), 5u);
  EXPECT_EQ(res.by_id[1].status, 429);
  EXPECT_EQ(res.by_id[2].error, fetch::ErrorKind::deferred);
  EXPECT_NE(res.by_id[2].error_message.find("asked to wait longer than 60000 ms"), std::string::npos)
      << res.by_id[2].error_message;
  // The Crawl-delay counts from the robots.txt request: neither page is fetched now.
  EXPECT_EQ(res.by_id[3].error, fetch::ErrorKind::deferred);
  EXPECT_EQ(res.by_id[4].error, fetch::ErrorKind::deferred);
  EXPECT_TRUE(res.by_id[5].ok());
  EXPECT_EQ(busy.hits.load(), 1);
  EXPECT_EQ(polite.hits.load(), 0);
}

TEST(Crawler, BadAndPrivateUrlsAreAnsweredWithoutBlocking) {
  Host h;
  fetch::CrawlSettings guarded = quick();
  guarded.fetch.allow_private = false;
  Results res;
  fetch::Crawler(guarded).run({job(1, "ftp://example.com/feed"), job(2, "nonsense"), job(3, h.url("/x"))}, res.sink());
  ASSERT_EQ(res.order.size(), 3u);
  EXPECT_EQ(res.by_id[1].error, fetch::ErrorKind::bad_url);
  EXPECT_EQ(res.by_id[2].error, fetch::ErrorKind::bad_url);
  EXPECT_EQ(res.by_id[3].error, fetch::ErrorKind::refused_address);
  EXPECT_EQ(h.hits.load() + h.robots_hits.load(), 0);
}

TEST(Crawler, JobsNotStartedWithinTheBudgetAreDeferred) {
  Host h;
  fetch::CrawlSettings s = quick();
  s.min_host_delay_ms = 300;
  s.robots = false;  // robots.txt would be the host's first request
  Results res;
  fetch::Crawler(s).run({job(1, h.url("/a")), job(2, h.url("/b")), job(3, h.url("/c"))}, res.sink(), 100);
  ASSERT_EQ(res.order.size(), 3u);
  EXPECT_TRUE(res.by_id[1].ok()) << res.by_id[1].error_message;  // started at once
  for (int id : {2, 3}) {
    EXPECT_EQ(res.by_id[id].error, fetch::ErrorKind::deferred);
    EXPECT_NE(res.by_id[id].error_message.find("time budget (100 ms) ran out"), std::string::npos)
        << res.by_id[id].error_message;
  }
  EXPECT_EQ(h.hits.load(), 1);
}

TEST(Crawler, ACancelledCrawlAnswersEveryJobWithoutFetching) {
  Host h;
  std::atomic<bool> cancel{true};
  fetch::CrawlSettings s = quick();
  s.fetch.cancel = &cancel;
  Results res;
  fetch::Crawler(s).run({job(1, h.url("/a")), job(2, h.url("/b"))}, res.sink());
  ASSERT_EQ(res.order.size(), 2u);
  for (int id : {1, 2}) {
    EXPECT_EQ(res.by_id[id].error, fetch::ErrorKind::deferred);
    EXPECT_NE(res.by_id[id].error_message.find("cancelled"), std::string::npos);
  }
  EXPECT_EQ(h.hits.load() + h.robots_hits.load(), 0);
}
