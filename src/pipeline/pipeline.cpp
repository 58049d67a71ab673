#include "pipeline/pipeline.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <utility>

namespace storyline::pipeline {

namespace fs = std::filesystem;

std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<ingest::Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    const auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      problems.push_back({p, "no such file or directory"});
      continue;
    }
    if (!fs::is_directory(st)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> inside;
    for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) inside.push_back(it->path().string());
    }
    if (ec) problems.push_back({p, "cannot list directory: " + ec.message()});
    std::sort(inside.begin(), inside.end());
    out.insert(out.end(), inside.begin(), inside.end());
  }
  return out;
}

IngestStats ingest_files(store::Store& store, const std::vector<std::string>& files,
                         const ingest::Options& options, std::size_t batch,
                         std::vector<ingest::Problem>& problems,
                         const std::function<void(const IngestStats&)>& on_commit,
                         const std::function<void(std::size_t)>& on_file) {
  IngestStats stats;
  std::vector<Article> pending;
  batch = std::max<std::size_t>(batch, 1);
  auto flush = [&] {
    if (pending.empty()) return;
    for (const auto& r : store.add_articles(pending)) {
      if (r.status == store::AddResult::kInserted)
        ++stats.inserted;
      else if (r.status == store::AddResult::kUpdated)
        ++stats.updated;
      else if (r.status == store::AddResult::kRefused)
        ++stats.refused;
      else
        ++stats.duplicates;
    }
    stats.last_origin = pending.back().origin;
    pending.clear();
    if (on_commit) on_commit(stats);
  };
  for (const auto& f : files) {
    const std::size_t before = problems.size();
    ingest::read_file(f, options, [&](Article&& a) {
      ++stats.articles;
      pending.push_back(std::move(a));
      if (pending.size() >= batch) flush();
    }, problems);
    stats.problems += problems.size() - before;
    ++stats.files;
    if (on_file) on_file(stats.files);
  }
  flush();
  return stats;
}

void keep_story_ids(std::vector<Assignment>& assignments, const std::vector<Assignment>& previous,
                    StoryId last_story_id) {
  std::unordered_map<ArticleId, StoryId> before;
  before.reserve(previous.size());
  StoryId top = last_story_id;
  for (const auto& a : previous) {
    before[a.article] = a.story;
    top = std::max(top, a.story);
  }
  // (new cluster, earlier story) -> shared articles
  std::map<std::pair<StoryId, StoryId>, std::size_t> shared;
  for (const auto& a : assignments)
    if (auto it = before.find(a.article); it != before.end()) ++shared[{a.story, it->second}];
  // Each earlier story's best cluster: the one sharing most with it (ties: the smaller
  // cluster id, the one the stream opened first).
  std::map<StoryId, std::pair<std::size_t, StoryId>> best_cluster;  // earlier -> (shared, cluster)
  for (const auto& [key, n] : shared) {
    auto [it, fresh] = best_cluster.try_emplace(key.second, n, key.first);
    if (!fresh && n > it->second.first) it->second = {n, key.first};
  }
  // A cluster takes, of the earlier stories it is best for, the one it shares most with
  // (ties: the smaller, older id); the others' ids retire.
  std::map<StoryId, std::pair<std::size_t, StoryId>> chosen;  // cluster -> (shared, earlier)
  for (const auto& [earlier, best] : best_cluster) {
    auto [it, fresh] = chosen.try_emplace(best.second, best.first, earlier);
    if (!fresh && best.first > it->second.first) it->second = {best.first, earlier};
  }
  std::unordered_map<StoryId, StoryId> id_of;  // new cluster -> kept or new id
  for (const auto& [cluster, pick] : chosen) id_of[cluster] = pick.second;
  for (auto& a : assignments) {
    auto [it, fresh] = id_of.try_emplace(a.story, 0);
    if (fresh) it->second = ++top;
    a.story = it->second;
  }
}

DigestResult digest(const std::vector<Article>& articles, const DigestOptions& options) {
  DigestResult result;
  result.assignments = cluster::cluster_all(articles, options.cluster);
  keep_story_ids(result.assignments, options.previous, options.last_story_id);
  std::map<ArticleId, const Article*> by_id;
  UnixTime newest = 0;
  for (const auto& a : articles) {
    by_id[a.id] = &a;
    newest = std::max(newest, a.published);
  }
  const UnixTime now = options.now != 0 ? options.now : newest;
  // Members of each story, in arrival (assignment) order.
  std::map<StoryId, std::vector<const Article*>> members;
  for (const auto& asg : result.assignments)
    if (auto it = by_id.find(asg.article); it != by_id.end()) members[asg.story].push_back(it->second);
  for (auto& [id, list] : members) {
    Story story;
    std::string why;
    if (!synth::write_story(list, options.synth, story, why)) {
      result.skipped.push_back("story " + std::to_string(id) + ": " + why);
      continue;
    }
    story.id = id;
    story.articles.clear();
    story.first_seen = list.front()->published;
    story.last_seen = list.front()->published;
    for (const Article* a : list) {
      story.articles.push_back(a->id);
      story.first_seen = std::min(story.first_seen, a->published);
      story.last_seen = std::max(story.last_seen, a->published);
    }
    story.score = cluster::rank_story(list, now, &story.outlets);
    result.stories.push_back(std::move(story));
  }
  std::stable_sort(result.stories.begin(), result.stories.end(),
                   [](const Story& a, const Story& b) { return a.score > b.score; });
  return result;
}

}  // namespace storyline::pipeline
