// storyline run: one long-running process that ingests (POST /api/v1/articles, an inbox
// folder), clusters, writes and serves at once. storyline articles: housekeeping.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "engine/engine.h"
#include "engine/writer_pool.h"
#include "pipeline/pipeline.h"
#include "serve/serve.h"

namespace storyline::cli {

namespace {

namespace fs = std::filesystem;

struct RunOpts {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string token;
  std::string base_url;
  std::string inbox;
  std::size_t batch = 1000;
  int writer_threads = -1;  // -1: WriterPool::default_threads()
  std::size_t sentence_cache_mib = engine::kLiveSentenceCacheMiB;
  double retain_days = 0;
  CrawlOpts crawl;
  ingest::Options limits;  // the inbox's files and POSTed articles
  ServeLimits serve_limits;
};

// Wakes the engine when articles arrive.
struct Wakeup {
  std::mutex mu;
  std::condition_variable cv;
  bool pending = false;
  void notify() {
    {
      std::lock_guard lock(mu);
      pending = true;
    }
    cv.notify_one();
  }
  void wait(std::chrono::milliseconds most) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, most, [&] { return pending; });
    pending = false;
  }
};

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Ingests the files dropped in `dir` once, moving each to done/ or failed/ (with the reason
// in NAME.error beside it).
void sweep_inbox(store::Store& db, const std::string& dir, const ingest::Options& limits, Wakeup& wake) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.' || !e.is_regular_file(ec)) continue;
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::vector<ingest::Problem> problems;
    pipeline::IngestStats st;
    std::string failure;
    try {
      st = pipeline::ingest_files(db, {f.string()}, limits, 500, problems);
    } catch (const store::StoreUnavailable& e) {
      spdlog::error("inbox: {}: {} (left in the inbox, tried again later)", f.filename().string(), e.what());
      return;
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (failure.empty() && st.articles == 0)
      failure = problems.empty() ? "no article in the file" : problems.front().message;
    const fs::path to = fs::path(dir) / (failure.empty() ? "done" : "failed");
    fs::create_directories(to, ec);
    fs::rename(f, to / f.filename(), ec);
    if (!failure.empty()) {
      std::ofstream(to / (f.filename().string() + ".error")) << failure << "\n";
      spdlog::warn("inbox: {}: {} (moved to failed/)", f.filename().string(), failure);
    } else {
      spdlog::info("inbox: {}: {} read, {} new", f.filename().string(),
                   plural(st.articles, "article", "articles"), st.inserted);
      for (const auto& p : problems) spdlog::warn("inbox: {}: {}", p.origin, p.message);
      if (st.inserted) wake.notify();
    }
  }
}

int run(const std::string& db_path, const RunOpts& o) {
  if (db_path == ":memory:") {
    spdlog::error("storyline run needs a store file (--db FILE): a :memory: store cannot be shared by "
                  "the engine and the web server");
    return kUsage;
  }
  auto db = store::open(db_path);
  std::string holder;
  auto lock = db->try_lock_engine(holder);
  if (!lock) {
    spdlog::error("{} is already running on {} (one `storyline run` per store); stop it first", holder, db_path);
    return kFailure;
  }
  const auto started = std::chrono::steady_clock::now();
  engine::Options eo;
  // A story growing in every batch is refreshed at once (a new article is listed on its
  // page within the batch) and its text rewritten at most every 10 s.
  eo.rewrite_seconds = engine::kLiveRewriteSeconds;
  eo.sentence_cache_bytes = o.sentence_cache_mib << 20;
  eo.writer_threads = writer_threads(o.writer_threads);
  std::unique_ptr<engine::Engine> engine = std::make_unique<engine::Engine>(*db, eo);
  spdlog::info("engine ready on {} ({}, clustering state restored in {:.1f} s: {}{} replayed)", db_path,
               plural(db->article_count(), "article", "articles"),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
               engine->restored_from_snapshot() ? "a snapshot and " : "",
               plural(engine->replayed(), "article", "articles"));

  Wakeup wake;
  auto web_db = db->reader();
  serve::Options so;
  so.host = o.host;
  so.port = o.port;
  so.token = o.token;
  so.on_ingest = [&wake] { wake.notify(); };
  so.base_url = o.base_url;
  so.max_article_bytes = o.limits.max_article_bytes;
  apply_serve_limits(o.serve_limits, so);
  // Admin (behind the token): a rebuild runs in the engine's thread; a feed subscribed is
  // crawled by whatever crawls the store's feeds.
  std::atomic<bool> rebuild_requested{false};
  so.on_rebuild = [&] {
    rebuild_requested = true;
    wake.notify();
  };
  so.admin_feeds = true;
  so.on_feeds_changed = [&wake] { wake.notify(); };
  // What the engine did since start, for /metrics.
  std::atomic<std::uint64_t> placed{0}, opened{0}, written{0}, merged{0};
  so.engine_counters = [&] {
    serve::EngineCounters c;
    c.articles_clustered = placed;
    c.stories_opened = opened;
    c.stories_written = written;
    c.stories_merged = merged;
    return c;
  };
  serve::Server server(*web_db, so);
  if (!server.bind()) {
    spdlog::error("cannot listen on {}:{} (in use by another process? try --port)", o.host, o.port);
    return kFailure;
  }
  if (o.token.empty())
    spdlog::warn("no --token (or STORYLINE_TOKEN): POST /api/v1/articles is off");

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // every thread below inherits the mask

  std::atomic<bool> stopping{false};
  const std::size_t feed_count = o.crawl.enabled ? db->feeds().size() : 0;  // before `db` is the engine thread's
  std::thread web([&] { server.run(); });
  std::thread work([&] {
    engine::Counts interval;
    auto last_log = std::chrono::steady_clock::now();
    auto last_prune = std::chrono::steady_clock::now() - std::chrono::hours(2);
    bool faulted = false;
    while (!stopping) {
      engine::Counts c;
      try {
        if (rebuild_requested.exchange(false)) {
          spdlog::info("admin: rebuilding every story (re-clustering all articles, ids kept)");
          engine->rebuild();
        }
        c = engine->cluster_new(o.batch);
        c += engine->write_queued(o.batch, storyline::now());
        if (faulted) spdlog::info("the store takes writes again: engine resumed");
        faulted = false;
      } catch (const store::StoreError& e) {
        if (!faulted) spdlog::error("engine: {} (retrying every second)", e.what());
        faulted = true;
        wake.wait(std::chrono::milliseconds(1000));
        continue;
      }
      interval += c;
      placed += c.articles;
      opened += c.opened;
      written += c.written;
      merged += c.merged;
      const auto t = std::chrono::steady_clock::now();
      if (o.retain_days > 0 && t - last_prune >= std::chrono::hours(1)) {
        last_prune = t;
        try {
          const auto n = db->prune_before(storyline::now() - static_cast<UnixTime>(o.retain_days * 86400));
          if (n) spdlog::info("pruned {} older than {} days", plural(n, "article", "articles"), o.retain_days);
        } catch (const store::StoreError& e) {
          spdlog::error("prune: {}", e.what());
        }
      }
      if (t - last_log >= std::chrono::seconds(10) &&
          (interval.articles || interval.written || interval.dropped)) {
        spdlog::info("{} in, {} opened, {} rewritten, {} refreshed, {}", plural(interval.articles, "article", "articles"),
                     plural(interval.opened, "story", "stories"), plural(interval.written, "story", "stories"),
                     interval.refreshed, plural(interval.merged, "merge", "merges"));
        interval = {};
        last_log = t;
      }
      if (c.articles == 0 && c.written == 0 && c.refreshed == 0 && c.dropped == 0)
        wake.wait(std::chrono::milliseconds(500));
    }
    if (interval.articles || interval.written)
      spdlog::info("{} in, {} rewritten", plural(interval.articles, "article", "articles"),
                   plural(interval.written, "story", "stories"));
  });
  std::thread inbox;
  if (!o.inbox.empty()) {
    std::error_code ec;
    fs::create_directories(o.inbox, ec);
    inbox = std::thread([&] {
      auto conn = db->reader();
      while (!stopping) {
        try {
          sweep_inbox(*conn, o.inbox, o.limits, wake);
        } catch (const std::exception& e) {
          spdlog::error("inbox: {}", e.what());
        }
        for (int i = 0; i < 10 && !stopping; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  std::thread crawler;
  CrawlOpts crawl_opts = o.crawl;
  crawl_opts.max_article_bytes = o.limits.max_article_bytes;  // feed items obey --max-article-bytes too
  if (o.crawl.enabled)
    crawler = std::thread([&] {
      try {
        crawl_until(db_path, crawl_opts, stopping, [&wake] { wake.notify(); });
      } catch (const std::exception& e) {
        spdlog::error("crawl: {} (crawling stopped)", e.what());
      }
    });
  spdlog::info("storyline run: serving http://{}:{}/ from {}{}{} (Ctrl-C to stop)", o.host, server.port(), db_path,
               o.inbox.empty() ? "" : ", inbox " + o.inbox,
               o.crawl.enabled ? ", crawling " + plural(feed_count, "feed", "feeds") : std::string());
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("stopping ({}): finishing the batch in flight", sig == SIGINT ? "interrupt" : "terminate");
  stopping = true;
  wake.notify();
  server.stop();
  web.join();
  work.join();
  if (inbox.joinable()) inbox.join();
  if (crawler.joinable()) crawler.join();
  spdlog::info("stopped");
  return kOk;
}

}  // namespace

void add_run(CLI::App& app, Globals& g) {
  auto o = std::make_shared<RunOpts>();
  auto* cmd = app.add_subcommand(
      "run", "Run the live engine: take in articles (POST /api/v1/articles, --inbox, the subscribed feeds "
             "crawled on their schedule), cluster them, write the stories and serve them, all at once, until "
             "SIGINT/SIGTERM");
  cmd->add_option("--host", o->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o->port, "Port to listen on")->capture_default_str()->check(CLI::Range(0, 65535));
  cmd->add_option("--token", o->token, "Bearer token for POST /api/v1/articles (env STORYLINE_TOKEN)")
      ->envname("STORYLINE_TOKEN");
  add_base_url_option(cmd, o->base_url);
  cmd->add_option("--inbox", o->inbox, "Folder whose files are ingested once (then moved to done/ or failed/)");
  cmd->add_option("--retain-days", o->retain_days,
                  "Prune articles (and stories left empty) older than N days, hourly (0 = keep all)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--batch", o->batch, "Articles placed per commit")->capture_default_str()->check(CLI::Range(1, 100000));
  add_writer_threads_option(cmd, o->writer_threads);
  cmd->add_option("--sentence-cache-mib", o->sentence_cache_mib,
                  "Memory for the articles' sentences kept between rewrites of their stories, MiB (0 = none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65536));
  add_crawl_options(cmd, o->crawl, true);
  add_ingest_limits(cmd, o->limits);
  add_serve_limits(cmd, o->serve_limits);
  cmd->callback([o, &g] { g.exit_code = run(g.db, *o); });
}

void add_articles(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("articles", "Housekeeping of stored articles");
  cmd->require_subcommand(1);
  auto ids = std::make_shared<std::vector<std::string>>();
  auto* rm = cmd->add_subcommand(
      "remove", "Take articles out (by id or URL): a tombstone keeps them from coming back, their stories are "
                "rewritten at the next digest (or at once under `storyline run`)");
  rm->add_option("ARTICLE", *ids, "Article id or URL")->required();
  rm->callback([ids, &g] {
    auto db = store::open(g.db);
    std::size_t removed = 0, missing = 0;
    for (const std::string& x : *ids) {
      std::optional<ArticleId> id;
      if (!x.empty() && std::all_of(x.begin(), x.end(), [](char c) { return c >= '0' && c <= '9'; }) && x.size() < 19)
        id = std::stoll(x);
      else
        id = db->find_article(x);
      const std::string url = id ? [&] {
        const auto a = db->article(*id);
        return a ? a->url : std::string();
      }() : std::string();
      if (id && db->remove_article(*id)) {
        ++removed;
        spdlog::info("removed article {} ({})", *id, url.empty() ? "no URL" : url);
      } else {
        ++missing;
        spdlog::warn("no article {} in {}", x, g.db);
      }
    }
    g.exit_code = missing == 0 ? kOk : removed ? kPartial : kNothing;
  });
  auto days = std::make_shared<double>(0);
  auto* prune = cmd->add_subcommand("prune", "Remove articles (and stories left empty) older than --retain-days");
  prune->add_option("--retain-days", *days, "Keep this many days of articles")->required()->check(CLI::PositiveNumber);
  prune->callback([days, &g] {
    auto db = store::open(g.db);
    const UnixTime before = storyline::now() - static_cast<UnixTime>(*days * 86400);
    const std::size_t n = db->prune_before(before);
    spdlog::info("pruned {} older than {} days", plural(n, "article", "articles"), *days);
    g.exit_code = kOk;
  });
}

}  // namespace storyline::cli
