// storyline serve / storyline demo.
#include <signal.h>

#include <filesystem>
#include <thread>

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "extract/extract.h"
#include "pipeline/pipeline.h"
#include "serve/serve.h"

namespace storyline::cli {

namespace {

struct ServeOpts {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string base_url;
  bool no_access_log = false;
  ServeLimits limits;
};

// Serves until SIGINT/SIGTERM (read-only: no ingest route).
int serve_until_signal(const std::string& db_path, const ServeOpts& o) {
  auto db = store::open(db_path);
  const std::size_t stories = db->story_count();
  serve::Options so;
  so.host = o.host;
  so.port = o.port;
  so.base_url = o.base_url;
  so.access_log = !o.no_access_log;
  apply_serve_limits(o.limits, so);
  serve::Server server(*db, so);
  if (!server.bind()) {
    spdlog::error("cannot listen on {}:{} (in use by another process? try --port)", o.host, o.port);
    return kFailure;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // the server threads inherit the mask
  std::thread t([&] { server.run(); });
  spdlog::info("serving {} {} from {} at http://{}:{}/ (Ctrl-C to stop)", stories,
               stories == 1 ? "story" : "stories", db_path, o.host, server.port());
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("stopping ({})", sig == SIGINT ? "interrupt" : "terminate");
  server.stop();
  t.join();
  return kOk;
}

void add_serve_options(CLI::App* cmd, ServeOpts& o) {
  cmd->add_option("--host", o.host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o.port, "Port to listen on")->capture_default_str()->check(CLI::Range(0, 65535));
  add_base_url_option(cmd, o.base_url);
  cmd->add_flag("--no-access-log", o.no_access_log, "Do not log a line per request");
  add_serve_limits(cmd, o.limits);
}

}  // namespace

void add_serve_limits(CLI::App* cmd, ServeLimits& o) {
  const std::string group = "Request limits (docs/reliability.md)";
  cmd->add_option("--max-body-bytes", o.max_body_bytes, "Larger POST bodies get 413 (at most 1 GiB)")
      ->capture_default_str()->group(group)->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  cmd->add_option("--max-query-bytes", o.max_query_bytes, "Longer search queries get 400")
      ->capture_default_str()->group(group)->check(CLI::Range(std::size_t{1}, std::size_t{1} << 16));
}

void apply_serve_limits(const ServeLimits& o, serve::Options& so) {
  so.max_body_bytes = o.max_body_bytes;
  so.max_query_bytes = o.max_query_bytes;
}

void add_base_url_option(CLI::App* cmd, std::string& base_url) {
  cmd->add_option("--base-url", base_url,
                  "Public address behind a proxy (https://news.example.org), used in feeds, the OpenAPI document "
                  "and canonical links (default: http://HOST:PORT)")
      ->check([](const std::string& v) {
        return v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0 ? std::string()
                                                                         : std::string("must start with http:// or https://");
      });
}

std::string examples_dir() {
  namespace fs = std::filesystem;
  for (const fs::path& p : {fs::path("examples"), fs::path(STORYLINE_SOURCE_DIR) / "examples"}) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) return p.string();
  }
  return "examples";
}

void add_serve(CLI::App& app, Globals& g) {
  auto o = std::make_shared<ServeOpts>();
  auto* cmd = app.add_subcommand("serve", "Serve the stored stories on the web (front page, story pages, search, JSON API)");
  add_serve_options(cmd, *o);
  cmd->callback([o, &g] { g.exit_code = serve_until_signal(g.db, *o); });
}

void add_demo(CLI::App& app, Globals& g) {
  struct Opts {
    ServeOpts serve;
    std::string db = "storyline-demo.db";
    std::string examples;
    bool no_serve = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "demo", "Ingest the bundled examples into a fresh SQLite file, digest, print the stories and serve them");
  cmd->add_option("--demo-db", o->db, "Store file to (re)create")->capture_default_str();
  cmd->add_option("--examples", o->examples, "Examples directory (default: the bundled one)");
  cmd->add_flag("--no-serve", o->no_serve, "Stop after printing the stories");
  add_serve_options(cmd, o->serve);
  cmd->callback([o, &g] {
    namespace fs = std::filesystem;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(o->db + suffix);
    const std::string dir = o->examples.empty() ? examples_dir() : o->examples;
    std::vector<ingest::Problem> problems;
    const auto files = pipeline::expand_paths({dir}, problems);
    ingest::Options options;
    // The bundled examples are from 11 February 2025; the undated scrape among them
    // takes that date, as `storyline ingest --published 2025-02-11` would give it.
    options.default_published = extract::parse_date("2025-02-11");
    auto db = store::open(o->db);
    const auto stats = pipeline::ingest_files(*db, files, options, 500, problems);
    for (const auto& p : problems) spdlog::warn("{}: {}", p.origin, p.message);
    spdlog::info("demo: ingested {} articles ({} new) from {} files in {}", stats.articles,
                 stats.inserted, stats.files, dir);
    db.reset();
    const int rc = run_digest(o->db, DigestRequest{});
    if (rc != kOk || o->no_serve) {
      g.exit_code = rc;
      return;
    }
    g.exit_code = serve_until_signal(o->db, o->serve);
  });
}

}  // namespace storyline::cli
