// storyline ingest PATH...: reads files into the store.
#include <string>

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/progress.h"
#include "extract/extract.h"
#include "pipeline/pipeline.h"

namespace storyline::cli {

void add_ingest_limits(CLI::App* cmd, ingest::Options& o) {
  const std::string group = "Limits (docs/reliability.md)";
  cmd->add_option("--max-file-bytes", o.max_file_bytes, "Larger input files are refused (after gunzip)")
      ->capture_default_str()->group(group)->check(CLI::PositiveNumber);
  cmd->add_option("--max-page-bytes", o.html.max_page_bytes, "Larger HTML pages are refused")
      ->capture_default_str()->group(group)->check(CLI::PositiveNumber);
  cmd->add_option("--max-article-bytes", o.max_article_bytes,
                  "Articles with a longer title + text are refused (at most 2147483647)")
      ->capture_default_str()->group(group)->check(CLI::Range(std::size_t{1}, ingest::kMaxArticleBytesLimit));
  cmd->add_option("--max-html-depth", o.html.max_depth, "Deeper HTML elements are dropped, their text kept")
      ->capture_default_str()->group(group)->check(CLI::PositiveNumber);
  cmd->add_option("--max-attributes", o.html.max_attributes, "Attributes of one HTML element past this are dropped")
      ->capture_default_str()->group(group)->check(CLI::PositiveNumber);
}

void add_ingest(CLI::App& app, Globals& g) {
  struct Opts {
    std::vector<std::string> paths;
    std::string published;
    std::size_t batch = 500;
    ingest::Options options;
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
  add_ingest_limits(cmd, o->options);
  cmd->callback([o, &g] {
    ingest::Options options = o->options;
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
