// storyline cluster FILE.jsonl: clusters articles without the store.
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cluster/cluster.h"
#include "ingest/ingest.h"

namespace storyline::cli {

void add_cluster(CLI::App& app, Globals& g) {
  struct Opts {
    std::vector<std::string> files;
    cluster::Config config;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "cluster",
      "Cluster articles from JSON Lines files (url, source, title, text, published) into stories "
      "without the store: one JSON line per article with its story, then one per story");
  cmd->add_option("files", o->files, "JSON Lines files")->required();
  cmd->add_option("--threshold", o->config.threshold, "Similarity to join a story")->capture_default_str();
  cmd->callback([o, &g] {
    using nlohmann::json;
    std::vector<Article> articles;
    std::vector<ingest::Problem> problems;
    ingest::Options options;
    for (const auto& f : o->files)
      ingest::read_file(f, options, [&](Article&& a) {
        a.id = static_cast<ArticleId>(articles.size() + 1);
        articles.push_back(std::move(a));
      }, problems);
    for (const auto& p : problems) spdlog::warn("{}: {}", p.origin, p.message);
    if (articles.empty()) {
      spdlog::error("no articles read");
      g.exit_code = kNothing;
      return;
    }
    const auto assignments = cluster::cluster_all(articles, o->config);
    std::map<StoryId, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < assignments.size(); ++i) {
      const auto& a = assignments[i];
      const Article& art = articles[static_cast<std::size_t>(a.article - 1)];
      members[a.story].push_back(static_cast<std::size_t>(a.article - 1));
      json line = {{"article", a.article}, {"url", art.url},     {"title", art.title},
                   {"story", a.story},     {"similarity", a.similarity},
                   {"new_story", a.new_story},
                   {"duplicate_of", a.duplicate_of ? json(a.duplicate_of) : json(nullptr)}};
      std::puts(line.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    }
    for (const auto& [story, idx] : members) {
      json ids = json::array(), urls = json::array();
      for (std::size_t i : idx) {
        ids.push_back(articles[i].id);
        urls.push_back(articles[i].url);
      }
      json line = {{"story", story}, {"size", idx.size()}, {"title", articles[idx.front()].title},
                   {"articles", ids}, {"urls", urls}};
      std::puts(line.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    }
    spdlog::info("{} articles -> {} stories", articles.size(), members.size());
    if (!problems.empty()) g.exit_code = kPartial;
  });
}

}  // namespace storyline::cli
