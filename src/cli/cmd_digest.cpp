// storyline digest: clusters the stored articles, writes and stores the stories, prints them.
#include <cstdio>

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "pipeline/pipeline.h"
#include "serve/serve.h"

namespace storyline::cli {

// Runs the digest over the store and prints the stories; shared with `demo`.
int run_digest(const std::string& db_path, const std::string& format, std::size_t limit,
               const pipeline::DigestOptions& options) {
  auto db = store::open(db_path);
  const auto articles = db->all_articles();
  if (articles.empty()) {
    spdlog::error("no articles in {}: run `storyline ingest PATH...` first", db_path);
    return kNothing;
  }
  // Stories keep the ids (and URLs) the last digest gave them.
  pipeline::DigestOptions with_ids = options;
  with_ids.previous = db->all_assignments();
  with_ids.last_story_id = db->last_story_id();
  auto result = pipeline::digest(articles, with_ids);
  db->replace_stories(result.stories, result.assignments, with_ids.last_story_id);
  for (const auto& s : result.skipped) spdlog::warn("no story written for {}", s);
  spdlog::info("{} articles -> {} stories (stored in {})", articles.size(), result.stories.size(),
               db_path);
  std::size_t shown = 0;
  if (format == "json") {
    for (const auto& s : result.stories) {
      if (limit && shown++ >= limit) break;
      std::puts(serve::story_json(s, db->articles(s.articles)).c_str());
    }
  } else {
    for (const auto& s : result.stories) {
      if (limit && shown >= limit) break;
      if (shown++) std::fputs("\n\n", stdout);
      std::fputs(synth::format_text(s).c_str(), stdout);
    }
  }
  std::fflush(stdout);
  return result.stories.empty() ? kNothing : kOk;
}

void add_digest(CLI::App& app, Globals& g) {
  struct Opts {
    std::string format = "text";
    std::size_t limit = 0;
    pipeline::DigestOptions digest;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "digest", "Cluster the stored articles into stories, write them, store them and print them");
  cmd->add_option("--format", o->format,
                  "text: 'date YYYY-MM-DD standfirst', blank line, body; json: one story a line "
                  "with provenance and sources")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--limit", o->limit, "Print at most N stories (0 = all)");
  cmd->add_option("--threshold", o->digest.cluster.threshold, "Similarity to join a story")
      ->capture_default_str();
  cmd->add_option("--max-words", o->digest.synth.max_words, "Body word budget per story")
      ->capture_default_str();
  cmd->callback([o, &g] { g.exit_code = run_digest(g.db, o->format, o->limit, o->digest); });
}

}  // namespace storyline::cli
