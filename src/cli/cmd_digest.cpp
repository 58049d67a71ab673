// storyline digest: processes what is new since last time (clusters the new articles,
// rewrites the stories whose membership changed), then prints every stored story.
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "engine/engine.h"
#include "engine/writer_pool.h"
#include "serve/serve.h"

namespace storyline::cli {

namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

int run_digest(const std::string& db_path, const DigestRequest& req) {
  auto db = store::open(db_path);
  if (db->article_count() == 0) {
    spdlog::error("no articles in {}: run `storyline ingest PATH...` first", db_path);
    return kNothing;
  }
  std::string holder;
  auto lock = db->try_lock_engine(holder);
  if (!lock) {
    if (req.rebuild) {
      spdlog::error("{} is processing {} (storyline run): stop it before `digest --rebuild`", holder, db_path);
      return kFailure;
    }
    // `storyline run` owns the clustering: wait for it to catch up, then print.
    spdlog::info("{} is processing {}: waiting for it to take in the new articles", holder, db_path);
    for (int i = 0; i < 1200; ++i) {
      const auto st = db->stats();
      if (st.clustered_through >= st.last_sequence && st.queued == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  } else {
    engine::Options eo;
    eo.cluster = req.cluster;
    eo.synth = req.synth;
    eo.sort_batch = true;  // a batch of files may be an archive in any order
    eo.writer_threads = writer_threads(req.writer_threads);
    engine::Engine engine(*db, eo);
    if (req.rebuild) {
      spdlog::info("re-clustering every article of {}", db_path);
      engine.rebuild();
    }
    const auto c = engine.run_until_idle(std::size_t{1} << 30, storyline::now());
    spdlog::info("{} placed ({} opened, {} joined, {}), {} written, {} dropped",
                 plural(c.articles, "new article", "new articles"), plural(c.opened, "story", "stories"),
                 plural(c.joined, "article", "articles"), plural(c.merged, "merge", "merges"),
                 plural(c.written, "story", "stories"), c.dropped);
  }
  const UnixTime now = cluster::reading_clock(storyline::now(), db->newest_published());
  std::vector<store::StorySummary> damaged;
  const auto top = serve::top_stories(*db, std::max<std::size_t>(db->story_count(), 1), 0, now, &damaged);
  spdlog::info("{} in {}", plural(top.size(), "story", "stories"), db_path);
  for (const auto& d : damaged) spdlog::error("{}; not printed", d.damaged);
  std::size_t shown = 0;
  for (const auto& r : top) {
    if (req.limit && shown >= req.limit) break;
    std::optional<Story> s;
    try {
      s = db->story(r.story.id);
    } catch (const store::StoryDamaged& e) {  // its text is damaged, its sources were not
      spdlog::error("{}; not printed", e.what());
      damaged.push_back(r.story);
      continue;
    }
    if (!s) continue;
    s->score = std::exp2(r.log_score);
    if (req.format == "json") {
      std::puts(serve::story_json(*s, db->article_refs(s->articles)).c_str());
    } else {
      if (shown) std::fputs("\n\n", stdout);
      std::fputs(synth::format_text(*s).c_str(), stdout);
    }
    ++shown;
  }
  std::fflush(stdout);
  // 4 only when the store holds no article (above); 3 when a story could not be read.
  return damaged.empty() ? kOk : kPartial;
}

std::size_t writer_threads(int option) {
  return option >= 0 ? static_cast<std::size_t>(option) : engine::WriterPool::default_threads();  // every core
}

void add_writer_threads_option(CLI::App* cmd, int& threads) {
  cmd->add_option("--writer-threads", threads,
                  "Threads that write story texts (default: one per core this process may use, at most 8, "
                  "none on one core; 0 = the engine's own thread)")
      ->check(CLI::Range(0, 64));
}

void add_digest(CLI::App& app, Globals& g) {
  auto o = std::make_shared<DigestRequest>();
  auto* cmd = app.add_subcommand(
      "digest",
      "Process what is new since the last digest (cluster new articles, rewrite the stories they "
      "changed), then print every stored story, best first");
  cmd->add_option("--format", o->format,
                  "text: 'date YYYY-MM-DD standfirst', blank line, body; json: one story a line "
                  "with headline, provenance and sources")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--limit", o->limit, "Print at most N stories (0 = all)");
  cmd->add_flag("--rebuild", o->rebuild,
                "Re-cluster every stored article (after changing settings), keeping story ids");
  cmd->add_option("--threshold", o->cluster.threshold, "Similarity to join a story (a change re-clusters)")
      ->capture_default_str();
  cmd->add_option("--max-words", o->synth.max_words, "Body word budget per story")->capture_default_str();
  add_writer_threads_option(cmd, o->writer_threads);
  cmd->callback([o, &g] { g.exit_code = run_digest(g.db, *o); });
}

}  // namespace storyline::cli
