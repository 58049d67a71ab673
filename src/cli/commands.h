// The storyline command line: one file per command, each registering a CLI11
// subcommand. Commands only parse options, call the library and report.
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "cluster/cluster.h"
#include "ingest/ingest.h"
#include "serve/serve.h"
#include "synth/synth.h"

namespace storyline::cli {

// Exit codes (documented in --help and the README).
enum Exit : int {
  kOk = 0,
  kFailure = 1,    // the run could not be done (store error, bind failure, ...)
  kUsage = 2,      // bad command line
  kPartial = 3,    // some inputs had problems; everything else was processed
  kNothing = 4,    // nothing to work on (no articles, no readable input)
};

struct Globals {
  std::string db = "storyline.db";
  int exit_code = kOk;
};

// What `digest` (and `demo`) do: process what is new, then print the stories.
struct DigestRequest {
  std::string format = "text";
  std::size_t limit = 0;
  bool rebuild = false;
  cluster::Config cluster;
  synth::Options synth;
  int writer_threads = -1;  // -1: engine::WriterPool::default_threads()
};
int run_digest(const std::string& db_path, const DigestRequest& request);
// --writer-threads N into `threads` (-1 when not given: one per core).
void add_writer_threads_option(CLI::App* cmd, int& threads);
// The engine's writer threads for that option's value (-1: engine::WriterPool::default_threads()).
std::size_t writer_threads(int option);

void add_ingest(CLI::App& app, Globals& g);
// The input limits as options of `cmd` (--max-file-bytes, --max-article-bytes, ...), into `o`.
void add_ingest_limits(CLI::App* cmd, ingest::Options& o);
void add_run(CLI::App& app, Globals& g);
void add_articles(CLI::App& app, Globals& g);
void add_digest(CLI::App& app, Globals& g);
void add_serve(CLI::App& app, Globals& g);
void add_demo(CLI::App& app, Globals& g);
void add_extract(CLI::App& app, Globals& g);
void add_cluster(CLI::App& app, Globals& g);
void add_eval(CLI::App& app, Globals& g);
void add_feeds(CLI::App& app, Globals& g);
void add_crawl(CLI::App& app, Globals& g);

// Crawl settings shared by `crawl` and `run` (cmd_crawl.cpp).
struct CrawlOpts {
  bool allow_private = false;    // fetch feeds and pages on private addresses (a LAN, tests)
  long host_delay_ms = 1000;     // between two requests to one host
  int workers = 8;
  std::int64_t min_interval = 300;  // the schedule's floor, seconds (run)
  std::int64_t max_interval = 86400;  // and its ceiling
  bool pages = true;             // fetch teaser items' pages
  double forget_items_days = 90;  // forget items gone from their feed this long (0 = never)
  bool enabled = true;           // run: crawl the subscribed feeds
  // An item longer than this is skipped (run: its --max-article-bytes).
  std::size_t max_article_bytes = ingest::Options{}.max_article_bytes;
};
void add_crawl_options(CLI::App* cmd, CrawlOpts& o, bool schedule);
// `storyline run`'s crawl loop: crawls the feeds that are due until `stop`, on a store
// connection of its own; `on_new` is called after a pass that stored or updated articles.
void crawl_until(const std::string& db_path, const CrawlOpts& o, const std::atomic<bool>& stop,
                 const std::function<void()>& on_new);

// Request limits of `serve`, `demo` and `run` (serve::Options; docs/reliability.md).
struct ServeLimits {
  std::size_t max_body_bytes = serve::Options{}.max_body_bytes;  // the server's defaults
  std::size_t max_query_bytes = serve::Options{}.max_query_bytes;
};
void add_serve_limits(CLI::App* cmd, ServeLimits& o);
void apply_serve_limits(const ServeLimits& o, serve::Options& so);

// --base-url (the public address for feeds, the OpenAPI document and canonical links), as
// `serve`, `demo` and `run` take it.
void add_base_url_option(CLI::App* cmd, std::string& base_url);

// Where the bundled examples are: ./examples, next to the binary's source tree, ...
std::string examples_dir();

}  // namespace storyline::cli
