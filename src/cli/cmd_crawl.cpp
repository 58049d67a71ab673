// storyline crawl --once: every subscribed feed fetched now (politely), new items stored and
// clustered. Also the crawl loop `storyline run` runs beside its web server.
#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/progress.h"
#include "crawl/crawl.h"
#include "engine/engine.h"

namespace storyline::cli {
namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

crawl::Settings settings_of(const CrawlOpts& o) {
  crawl::Settings s;
  s.fetch.fetch.allow_private = o.allow_private;
  s.fetch.min_host_delay_ms = o.host_delay_ms;
  s.fetch.workers = o.workers;
  s.schedule.min_interval = o.min_interval;
  s.schedule.max_interval = std::max(o.min_interval, o.max_interval);
  s.teasers = o.pages;
  s.max_article_bytes = o.max_article_bytes;
  s.forget_items_after = static_cast<std::int64_t>(o.forget_items_days * 86400);
  return s;
}

void log_feed(const crawl::FeedResult& r) {
  if (!r.moved_from.empty()) spdlog::info("feed URL moved permanently: {} -> {}", r.moved_from, r.state.url);
  if (r.failed) {
    spdlog::warn("{}: {}", r.state.url, r.state.error);
  } else if (!r.fetched) {
    spdlog::info("{}: {}", r.state.url, r.state.error);
  } else if (r.not_modified) {
    if (!r.state.error.empty()) spdlog::warn("{}: {}", r.state.url, r.state.error);
    spdlog::debug("{}: not modified", r.state.url);
  } else {
    if (!r.state.error.empty()) spdlog::warn("{}: {}", r.state.url, r.state.error);
    if (r.added || r.updated || r.later || r.page_errors || r.pages_too_long)
      spdlog::debug("{}: {}, {} new, {} updated, {} left for the next pass, {} read, {} failed, {} too long",
                    r.state.url, plural(r.items, "item", "items"), r.added, r.updated, r.later,
                    plural(r.pages, "page", "pages"), r.page_errors, r.pages_too_long);
  }
}

std::string summary(const crawl::PassStats& s) {
  std::string out = plural(s.feeds, "feed", "feeds") + ": " + std::to_string(s.fetched) + " read (" +
                    std::to_string(s.not_modified) + " not modified), " + std::to_string(s.failed) + " failed";
  if (s.malformed) out += ", " + std::to_string(s.malformed) + " with warnings";
  out += "; " + plural(s.added, "new article", "new articles") + ", " + std::to_string(s.updated) + " updated";
  if (s.refused) out += ", " + std::to_string(s.refused) + " removed earlier (not added again)";
  if (s.pages || s.page_errors || s.pages_too_long)
    out += "; " + plural(s.pages, "teaser page", "teaser pages") + " read";
  std::string kept;  // teaser pages not used: the feed's own text stays
  if (s.page_errors) kept = std::to_string(s.page_errors) + " failed";
  if (s.pages_too_long) kept += (kept.empty() ? "" : ", ") + std::to_string(s.pages_too_long) + " too long";
  if (!kept.empty()) out += " (" + kept + ": the feed's text kept)";
  if (s.later) out += "; " + plural(s.later, "item", "items") + " left for the next pass";
  if (s.forgotten) out += "; " + plural(s.forgotten, "seen item", "seen items") + " forgotten (gone from their feeds)";
  return out;
}

}  // namespace

void add_crawl_options(CLI::App* cmd, CrawlOpts& o, bool schedule) {
  cmd->add_flag("--allow-private", o.allow_private,
                "Fetch feeds and pages on loopback, private, link-local addresses (a LAN feed server, tests); "
                "refused by default, checked after DNS and on every redirect")
      ->envname("STORYLINE_ALLOW_PRIVATE");
  cmd->add_option("--host-delay", o.host_delay_ms, "Milliseconds between two requests to one host (robots.txt "
                                                   "Crawl-delay wins when longer)")
      ->envname("STORYLINE_HOST_DELAY_MS")
      ->capture_default_str()
      ->check(CLI::Range(0L, 3'600'000L));
  cmd->add_option("--crawl-workers", o.workers, "Fetches at once (never two to one host)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_flag("!--no-pages", o.pages, "Do not fetch the pages of teaser items (store the feed's text only)");
  cmd->add_option("--forget-items-days", o.forget_items_days,
                  "Forget the items gone from a feed for this many days of the feed being read (a feed that is "
                  "down keeps its memory; removed articles never come back); 0 = never, else at least 2 (items "
                  "still in a feed are marked seen again once a day)")
      ->capture_default_str()
      ->check([](const std::string& v) {
        try {
          const double d = std::stod(v);
          return d == 0 || d >= 2 ? std::string() : std::string("must be 0 (never) or at least 2 days");
        } catch (const std::exception&) {
          return std::string("must be a number of days");
        }
      });
  if (schedule) {
    cmd->add_option("--crawl-min-interval", o.min_interval,
                    "Shortest interval between two fetches of a feed, seconds (the schedule's floor; a feed's "
                    "interval is a week / its entries of the last week, up to a day)")
        ->envname("STORYLINE_CRAWL_MIN_INTERVAL")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{86400}));
    cmd->add_option("--crawl-max-interval", o.max_interval,
                    "Longest interval between two fetches of a feed that works, seconds (the schedule's ceiling)")
        ->envname("STORYLINE_CRAWL_MAX_INTERVAL")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{7 * 86400}));
    cmd->add_flag("!--no-crawl", o.enabled, "Do not crawl the subscribed feeds");
  }
}

void crawl_until(const std::string& db_path, const CrawlOpts& o, const std::atomic<bool>& stop,
                 const std::function<void()>& on_new) {
  auto db = store::open(db_path);
  crawl::Settings s = settings_of(o);
  s.fetch.fetch.cancel = &stop;
  crawl::Crawler crawler(*db, s);
  bool faulted = false;
  while (!stop) {
    crawl::PassStats st;
    try {
      st = crawler.crawl_due(storyline::now(), 1000, log_feed);
      if (faulted) spdlog::info("crawl: the store takes writes again");
      faulted = false;
    } catch (const store::StoreError& e) {
      if (!faulted) spdlog::error("crawl: {} (retrying)", e.what());
      faulted = true;
    }
    if (st.added || st.updated || st.failed || st.forgotten) spdlog::info("crawl: {}", summary(st));
    else if (st.feeds) spdlog::debug("crawl: {}", summary(st));
    if (st.added || st.updated) on_new();
    // Poll for feeds coming due (and feeds just added) every second.
    for (int i = 0; i < 10 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void add_crawl(CLI::App& app, Globals& g) {
  struct Opts {
    CrawlOpts crawl;
    bool once = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "crawl",
      "Fetch every subscribed feed now (--once), ignoring the schedule and any backoff: politely (one connection "
      "per host, a delay between requests, robots.txt, Retry-After), with conditional GET; new items are stored "
      "(teasers completed from their pages) and clustered, so `digest` right after prints them. `storyline run` "
      "crawls continuously on the schedule. Exit 0 when every feed was read, 3 when some failed (their errors are "
      "in `feeds list`), 4 when no feed is subscribed.");
  cmd->add_flag("--once", o->once, "One pass over every feed, then exit")->required();
  add_crawl_options(cmd, o->crawl, false);
  cmd->callback([o, &g] {
    auto db = store::open(g.db);
    const auto feeds = db->feeds();
    if (feeds.empty()) {
      spdlog::error("no feeds in {}: add some with `storyline feeds add URL` or `storyline feeds add --defaults`", g.db);
      g.exit_code = kNothing;
      return;
    }
    crawl::Settings settings = settings_of(o->crawl);
    settings.page_budget_ms = 0;  // one pass that finishes its pages (run's passes are bounded)
    crawl::Crawler crawler(*db, settings);
    Progress bar("crawl", feeds.size());
    std::size_t done = 0;
    const auto st = crawler.crawl(feeds, storyline::now(), [&](const crawl::FeedResult& r) {
      log_feed(r);
      bar.update(++done);
    });
    bar.finish();
    spdlog::info("crawled {}", summary(st));
    if (st.added || st.updated) {
      std::string holder;
      auto lock = db->try_lock_engine(holder);
      if (!lock) {
        spdlog::info("{} is processing {} (storyline run): it clusters the new articles", holder, g.db);
      } else {
        engine::Options eo;
        eo.sort_batch = true;  // a pass brings many feeds' items at once, in any order
        engine::Engine engine(*db, eo);
        const auto c = engine.run_until_idle(std::size_t{1} << 30, storyline::now());
        spdlog::info("{} placed ({} opened, {} joined), {} written", plural(c.articles, "article", "articles"),
                     plural(c.opened, "story", "stories"), plural(c.joined, "article", "articles"),
                     plural(c.written, "story", "stories"));
      }
    }
    g.exit_code = st.failed ? kPartial : kOk;
  });
}

}  // namespace storyline::cli
