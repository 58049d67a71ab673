// Whole-run benchmark of the crawler: FEEDS feeds (default 1,000) served by HOSTS local HTTP
// servers on 127.0.0.1 (each port is a host), crawled by crawl::Crawler into a SQLite store
// with politeness off (no per-host delay, no robots.txt; still one connection per host), as
// `storyline crawl --once` does, pass after pass:
//   pass 1       every feed is new: ITEMS full-text items each (parse, dedupe, store all);
//   passes 2-10  every feed has one new item (a full 200: parse ITEMS items, one is new);
//   pass 11      nothing changed: every feed answers 304 to the conditional GET.
// Prints each pass's time, feeds per second, new articles and the resident memory after it.
//
//   build/crawl_bench [FEEDS (1000)] [HOSTS (8)] [ITEMS (20)] [STORE (/tmp/crawl_bench.db)] [PASSES (11)]
// (PASSES 1 runs the first pass only: for a profiler.)
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "resident_memory.h"
#include "crawl/crawl.h"

using namespace storyline;

namespace {

using bench::rss_mib;

std::string word(std::size_t i) {
  static const char* syl[] = {"ba", "ko", "ri", "ne", "su", "ta", "mo", "li", "den", "gar", "vin", "pol"};
  std::string w;
  do {
    w += syl[i % 12];
    i /= 12;
  } while (i);
  return w;
}

// Item `n` of feed `f`: a title and three paragraphs of full text (no teaser: no page fetch).
std::string item_xml(int f, int n) {
  std::string id = std::to_string(f) + "-" + std::to_string(n);
  std::string body;
  for (int p = 0; p < 3; ++p) {
    body += "&lt;p&gt;";
    for (int w = 0; w < 45; ++w) body += word(static_cast<std::size_t>(f * 7919 + n * 104729 + p * 31 + w * 17) % 5000) + (w % 9 == 8 ? ". " : " ");
    body += "&lt;/p&gt;";
  }
  return "<item><guid>urn:bench:" + id + "</guid><title>Report " + id + " " + word(static_cast<std::size_t>(n)) +
         "</title><link>https://outlet" + std::to_string(f % 50) + ".example/" + id +
         "</link><pubDate>Tue, 11 Feb 2025 10:00:00 GMT</pubDate><content:encoded>" + body +
         "</content:encoded></item>";
}

std::string feed_xml(int f, int version, int items) {
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" "
                  "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Feed " +
                  std::to_string(f) + "</title><link>https://outlet" + std::to_string(f % 50) +
                  ".example/</link><language>en</language>";
  for (int n = version + items - 1; n >= version; --n) x += item_xml(f, n);
  return x + "</channel></rss>";
}

struct Host {
  httplib::Server server;
  std::thread thread;
  int port = 0;
};

}  // namespace

int main(int argc, char** argv) {
  storyline::tune_allocator();  // as the storyline binary does
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]).rfind("--benchmark", 0) != 0) args.push_back(argv[i]);  // scripts/bench's flag
  const int feeds = args.size() > 0 ? std::atoi(args[0].c_str()) : 1000;
  const int hosts = args.size() > 1 ? std::atoi(args[1].c_str()) : 8;
  const int items = args.size() > 2 ? std::atoi(args[2].c_str()) : 20;
  const std::string path = args.size() > 3 ? args[3] : "/tmp/crawl_bench.db";
  const int passes = args.size() > 4 ? std::clamp(std::atoi(args[4].c_str()), 1, 11) : 11;
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(path + suffix);

  std::atomic<int> version{0};
  std::vector<std::unique_ptr<Host>> servers;
  for (int h = 0; h < hosts; ++h) {
    auto host = std::make_unique<Host>();
    host->server.Get(R"(/feed/(\d+)\.xml)", [&, items](const httplib::Request& req, httplib::Response& res) {
      const int f = std::atoi(req.matches[1].str().c_str());
      const int v = version.load();
      const std::string etag = "\"" + std::to_string(f) + "-" + std::to_string(v) + "\"";
      res.set_header("ETag", etag);
      if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
      }
      res.set_content(feed_xml(f, v, items), "application/rss+xml; charset=utf-8");
    });
    host->port = host->server.bind_to_any_port("127.0.0.1");
    Host* raw = host.get();
    host->thread = std::thread([raw] { raw->server.listen_after_bind(); });
    while (!host->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    servers.push_back(std::move(host));
  }

  auto db = store::open(path);
  for (int f = 0; f < feeds; ++f) {
    store::FeedState s;
    s.url = "http://127.0.0.1:" + std::to_string(servers[static_cast<std::size_t>(f % hosts)]->port) + "/feed/" +
            std::to_string(f) + ".xml";
    db->add_feed(s);
  }
  crawl::Settings settings;
  settings.fetch.fetch.allow_private = true;
  settings.fetch.min_host_delay_ms = 0;  // politeness off
  settings.fetch.robots = false;
  settings.fetch.workers = hosts;
  crawl::Crawler crawler(*db, settings);

  std::printf("%d feeds on %d local hosts, %d items each; store %s\n", feeds, hosts, items, path.c_str());
  std::printf("%-5s %-12s %9s %10s %12s %9s %9s\n", "pass", "kind", "seconds", "feeds/s", "new articles", "failed",
              "RSS MiB");
  UnixTime now = storyline::now();
  for (int pass = 1; pass <= passes; ++pass) {
    if (pass >= 2 && pass <= 10) version = pass - 1;  // one new item in every feed
    const auto t0 = std::chrono::steady_clock::now();
    const crawl::PassStats st = crawler.crawl(db->feeds(), now);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-5d %-12s %9.2f %10.0f %12zu %9zu %9.1f\n", pass,
                pass == 1 ? "all new" : pass <= 10 ? "1 new each" : "304", secs,
                static_cast<double>(st.feeds) / secs, st.added, st.failed, rss_mib());
    std::fflush(stdout);
    now += 600;
  }
  std::printf("store: %zu articles\n", db->article_count());
  for (auto& h : servers) {
    h->server.stop();
    h->thread.join();
  }
  return 0;
}
