// storyline ingest PATH...: reads files into the store.
#include <string>

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/progress.h"
#include "extract/extract.h"
#include "pipeline/pipeline.h"

namespace storyline::cli {

void add_ingest(CLI::App& app, Globals& g) {
  struct Opts {
    std::vector<std::string> paths;
    std::string published;
    std::size_t batch = 500;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "ingest",
      "Read articles from files into the store: .txt (one article), .jsonl (one JSON article a "
      "line: url, source, title, text, published), .json, .html/.html.gz; directories are walked.");
  cmd->add_option("paths", o->paths, "Files or directories")->required();
  cmd->add_option("--published", o->published,
                  "Date for articles that carry none (YYYY-MM-DD or ISO 8601); default: now");
  cmd->add_option("--batch", o->batch, "Articles per committed transaction")->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->callback([o, &g] {
    ingest::Options options;
    if (!o->published.empty()) {
      options.default_published = extract::parse_date(o->published);
      if (options.default_published == 0)
        throw CLI::ValidationError("--published", "cannot read date \"" + o->published + "\"");
    }
    std::vector<ingest::Problem> problems;
    const auto files = pipeline::expand_paths(o->paths, problems);
    auto db = store::open(g.db);
    Progress bar("ingest", files.size());
    const auto stats = pipeline::ingest_files(
        *db, files, options, o->batch, problems,
        [](const pipeline::IngestStats& s) {
          spdlog::debug("committed {} articles ({} new, {} already stored), up to {}",
                        s.inserted + s.duplicates, s.inserted, s.duplicates, s.last_origin);
        },
        [&bar](std::size_t done) { bar.update(done); });
    bar.finish();
    for (const auto& p : problems) spdlog::warn("{}: {}", p.origin, p.message);
    const auto n = [](std::size_t k, const char* one, const char* many) {
      return std::to_string(k) + " " + (k == 1 ? one : many);
    };
    spdlog::info("ingested {} from {} into {}: {} new, {} already stored, {}",
                 n(stats.articles, "article", "articles"), n(stats.files, "file", "files"), g.db,
                 stats.inserted, stats.duplicates, n(problems.size(), "problem", "problems"));
    if (stats.articles == 0)
      g.exit_code = kNothing;
    else if (!problems.empty())
      g.exit_code = kPartial;
  });
}

}  // namespace storyline::cli
