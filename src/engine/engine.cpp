#include "engine/engine.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>

#include "pipeline/pipeline.h"

namespace storyline::engine {

Counts& Counts::operator+=(const Counts& o) {
  articles += o.articles;
  opened += o.opened;
  joined += o.joined;
  merged += o.merged;
  written += o.written;
  dropped += o.dropped;
  return *this;
}

std::string settings_fingerprint(const cluster::Config& c) {
  return fmt::format(
      "v1 threshold={} title={} name={} decay={} max_terms={} dup_bits={} merge={} min_terms={} "
      "text={} query={} index={} posting={} cand={} centroid={} chrome={}/{} lines={}/{} expire={}",
      c.threshold, c.title_weight, c.name_weight, c.decay_days, c.max_terms, c.duplicate_bits,
      c.merge_threshold, c.min_terms, c.max_text_bytes, c.query_terms, c.index_terms, c.posting_cap,
      c.max_candidates, c.centroid_terms, c.chrome_tokens, c.chrome_copies, c.chrome_line_stories,
      c.chrome_line_bytes, c.expire_days);
}

struct Engine::Impl {
  store::Store& store;
  Options options;
  std::string settings;
  std::unique_ptr<cluster::Clusterer> clusterer;
  std::unordered_map<StoryId, StoryId> ids;  // clusterer story id -> store story id
  store::Sequence through = 0;               // cursor the clusterer's state stands at
  StoryId last_id = 0;                       // store id mark the state stands at
  bool stale = true;                         // state must be restored from the log

  Impl(store::Store& s, Options o)
      : store(s), options(std::move(o)), settings(settings_fingerprint(options.cluster)) {}

  // Restores the clusterer's state: replays the clustering log in order.
  void restore() {
    clusterer = std::make_unique<cluster::Clusterer>(options.cluster);
    ids.clear();
    const store::ClusterProgress p = store.cluster_progress();
    if (p.log_size > 0 && p.settings != settings) {
      if (!options.rebuild_on_settings_change)
        throw EngineError("the store was clustered with other settings (" +
                          (p.settings.empty() ? std::string("by an earlier release") : p.settings) +
                          "): run `storyline digest --rebuild`");
      rebuild();
      return;
    }
    std::int64_t after = 0;
    for (;;) {
      const auto log = store.clustering_log(after, 2000);
      if (log.empty()) break;
      for (const store::Clustered& c : log) {
        const Assignment a = clusterer->add(c.article);
        // The stored story is the final one (merges applied): every clusterer story maps to
        // the store id its articles carry now.
        ids.try_emplace(a.story, c.assignment.story);
        after = c.order;
      }
      clusterer->take_merges();
    }
    through = p.through;
    last_id = p.last_story_id;
    stale = false;
  }

  Counts cluster_new(std::size_t limit) {
    if (stale) restore();
    Counts n;
    auto batch = store.articles_after(through, limit);
    if (batch.empty()) return n;
    const store::Sequence last_seq = batch.back().seq;
    if (options.sort_batch)
      std::stable_sort(batch.begin(), batch.end(),
                       [](const Article& a, const Article& b) { return a.published < b.published; });
    store::ClusterCommit commit;
    commit.expected_last_story_id = last_id;
    StoryId next = last_id;
    commit.assignments.reserve(batch.size());
    for (const Article& a : batch) {
      Assignment asg = clusterer->add(a);
      auto [it, fresh] = ids.try_emplace(asg.story, 0);
      if (fresh) it->second = ++next;
      asg.story = it->second;
      if (asg.new_story)
        ++n.opened;
      else
        ++n.joined;
      commit.assignments.push_back(asg);
      for (const auto& [from, into] : clusterer->take_merges()) {
        const StoryId f = ids.at(from), i = ids.at(into);
        if (f != i) {
          commit.merges.push_back({f, i, storyline::now()});
          ++n.merged;
        }
        // `from` takes no article again (the clusterer resolves it to `into`): its entry
        // goes, so the map holds only stories that can still be joined.
        ids.erase(from);
      }
    }
    commit.through = last_seq;
    commit.last_story_id = next;
    commit.settings = settings;
    try {
      store.commit_clustering(commit);
    } catch (...) {
      stale = true;  // the clusterer is ahead of the store: restore it from the log next time
      throw;
    }
    // Ids of merged-away stories keep pointing at the survivor, as the store now does.
    for (const auto& m : commit.merges)
      for (auto& [k, v] : ids)
        if (v == m.from) v = m.into;
    through = last_seq;
    last_id = next;
    n.articles = batch.size();
    return n;
  }

  Counts write_queued(std::size_t limit, UnixTime now) {
    Counts n;
    std::vector<store::Store::StoryWrite> writes;
    for (const store::Claim& claim : store.claim_stories(options.worker, limit, now, options.lease_seconds)) {
      const auto members = store.assignments(claim.story);
      std::vector<ArticleId> article_ids;
      for (const auto& a : members) article_ids.push_back(a.article);
      const std::vector<Article> arts = store.articles(article_ids);
      if (arts.empty()) {
        writes.push_back({claim, std::nullopt});
        ++n.dropped;
        continue;
      }
      std::vector<const Article*> list;
      for (const Article& a : arts) list.push_back(&a);
      Story story;
      std::string why;
      if (!synth::write_story(list, options.synth, story, why)) {
        writes.push_back({claim, std::nullopt});
        ++n.dropped;
        continue;
      }
      story.id = claim.story;
      story.articles = article_ids;
      story.first_seen = story.last_seen = 0;
      for (const Article* a : list) {
        const UnixTime t = a->published > 0 ? a->published : a->fetched;
        if (t <= 0) continue;
        story.first_seen = story.first_seen == 0 ? t : std::min(story.first_seen, t);
        story.last_seen = std::max(story.last_seen, t);
      }
      cluster::rank_inputs(list, story);
      story.updated = now;
      writes.push_back({claim, std::move(story)});
      ++n.written;
    }
    store.write_stories(writes);  // one transaction for the batch
    return n;
  }

  void rebuild() {
    std::vector<Assignment> previous;
    for (std::int64_t after = 0;;) {
      const auto log = store.clustering_log(after, 5000);
      if (log.empty()) break;
      for (const auto& c : log) previous.push_back(c.assignment);
      after = log.back().order;
    }
    std::vector<Article> all;
    for (store::Sequence after = 0;;) {
      auto chunk = store.articles_after(after, 5000);
      if (chunk.empty()) break;
      after = chunk.back().seq;
      for (auto& a : chunk) all.push_back(std::move(a));
    }
    const store::Sequence last_seq = all.empty() ? 0 : all.back().seq;
    std::stable_sort(all.begin(), all.end(),
                     [](const Article& a, const Article& b) { return a.published < b.published; });
    clusterer = std::make_unique<cluster::Clusterer>(options.cluster);
    std::vector<Assignment> placed;
    placed.reserve(all.size());
    std::unordered_map<StoryId, StoryId> final_of;  // clusterer story -> the story it merged into
    for (const Article& a : all) {
      placed.push_back(clusterer->add(a));
      for (const auto& [from, into] : clusterer->take_merges()) final_of[from] = into;
    }
    auto resolve = [&](StoryId k) {
      for (auto it = final_of.find(k); it != final_of.end(); it = final_of.find(k)) k = it->second;
      return k;
    };
    std::vector<Assignment> kept = placed;
    for (auto& a : kept) a.story = resolve(a.story);
    const StoryId mark = store.last_story_id();
    std::vector<Assignment> renamed = kept;
    pipeline::keep_story_ids(renamed, previous, mark);
    ids.clear();
    StoryId top = mark;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      ids[kept[i].story] = renamed[i].story;
      ids[placed[i].story] = renamed[i].story;
      top = std::max(top, renamed[i].story);
    }
    store.replace_clustering(last_seq, renamed, top, settings);
    through = last_seq;
    last_id = store.last_story_id();
    stale = false;
  }
};

Engine::Engine(store::Store& store, Options options)
    : impl_(std::make_unique<Impl>(store, std::move(options))) {
  impl_->restore();
}
Engine::~Engine() = default;

Counts Engine::cluster_new(std::size_t limit) { return impl_->cluster_new(limit); }
Counts Engine::write_queued(std::size_t limit, UnixTime now) { return impl_->write_queued(limit, now); }

Counts Engine::run_until_idle(std::size_t batch, UnixTime now) {
  Counts total;
  for (;;) {
    Counts c = impl_->cluster_new(batch);
    c += impl_->write_queued(std::max<std::size_t>(batch, 1), now);
    total += c;
    if (c.articles == 0 && c.written == 0 && c.dropped == 0) break;
  }
  return total;
}

void Engine::rebuild() { impl_->rebuild(); }

bool Engine::idle() {
  const auto s = impl_->store.stats();
  return s.clustered_through >= s.last_sequence && s.queued == 0;
}

}  // namespace storyline::engine
