// storyline: turns a flood of news articles into stories.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "store/store.h"

int main(int argc, char** argv) {
  using namespace storyline::cli;
  storyline::tune_allocator();
  CLI::App app{"storyline: turns a flood of news articles into stories (ingest, extract, cluster, write, serve)",
               "storyline"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("storyline ") + STORYLINE_VERSION);
  app.footer(
      "Exit codes: 0 ok; 1 failure; 2 bad command line; 3 some inputs had problems (the rest was "
      "processed); 4 nothing to work on (no input, or a store file that is damaged or not a store).\nRun `storyline COMMAND --help` for a command's options.");
  Globals g;
  if (const char* env = std::getenv("STORYLINE_DB")) g.db = env;
  app.add_option("--db", g.db, "SQLite store file (env STORYLINE_DB)")->capture_default_str();
  bool verbose = false, quiet = false;
  app.add_flag("-v,--verbose", verbose, "Log each step (debug level)");
  app.add_flag("-q,--quiet", quiet, "Log only warnings and errors");

  add_ingest(app, g);
  add_digest(app, g);
  add_serve(app, g);
  add_run(app, g);
  add_articles(app, g);
  add_demo(app, g);
  add_extract(app, g);
  add_cluster(app, g);
  add_eval(app, g);
  add_feeds(app, g);
  add_crawl(app, g);

  // A thread-safe (_mt) sink: `serve` logs from cpp-httplib's worker threads.
  auto logger = spdlog::stderr_color_mt("storyline");
  logger->set_pattern("storyline: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  app.parse_complete_callback([&] {
    spdlog::set_level(verbose ? spdlog::level::debug
                              : quiet ? spdlog::level::warn : spdlog::level::info);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  } catch (const storyline::store::StoreCorrupt& e) {
    // The store given is input like any other: one that cannot be read is nothing to work
    // on (the message says how to repair it), not a failure of the run.
    spdlog::error("{}", e.what());
    return kNothing;
  } catch (const storyline::store::StoreIncompatible& e) {
    spdlog::error("{}", e.what());
    return kNothing;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return kFailure;
  }
  return g.exit_code;
}
