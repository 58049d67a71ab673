#include "engine/engine.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "engine/writer_pool.h"
#include "pipeline/pipeline.h"

namespace storyline::engine {

Counts& Counts::operator+=(const Counts& o) {
  articles += o.articles;
  opened += o.opened;
  joined += o.joined;
  merged += o.merged;
  written += o.written;
  refreshed += o.refreshed;
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
  std::size_t since_snapshot = 0;            // articles placed since the last snapshot
  std::size_t replayed = 0;                  // log entries replayed by the last restore
  bool from_snapshot = false;                // ... on top of a snapshot
  std::unique_ptr<synth::SentenceCache> sentences;  // the articles' sentences, between batches
  WriterPool pool;                           // writes the stories' texts (with `sentences`)

  Impl(store::Store& s, Options o)
      : store(s),
        options(std::move(o)),
        settings(settings_fingerprint(options.cluster)),
        sentences(options.sentence_cache_bytes > 0
                      ? std::make_unique<synth::SentenceCache>(options.sentence_cache_bytes)
                      : nullptr),
        pool(options.writer_threads) {}

  // Stories that left the clusterer's memory take no article again: their ids go too.
  void forget_expired() {
    for (const StoryId s : clusterer->take_expired()) ids.erase(s);
  }

  // The engine's state as a snapshot: the clusterer's, then the id map.
  // Written straight into one buffer sized from the last snapshot (a snapshot of a full
  // window is tens of MB: growing the buffer as it is written would copy it several times).
  std::string snapshot_data() {
    std::string out;
    out.reserve(snapshot_bytes + snapshot_bytes / 8 + 4096);
    auto put = [&](std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
    put(0);  // the clusterer's size, set below
    clusterer->save(out);
    const std::uint64_t c = out.size() - sizeof(std::uint64_t);
    std::memcpy(out.data(), &c, sizeof c);
    std::vector<std::pair<StoryId, StoryId>> sorted(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end());
    put(sorted.size());
    for (const auto& [k, v] : sorted) {
      put(static_cast<std::uint64_t>(k));
      put(static_cast<std::uint64_t>(v));
    }
    snapshot_bytes = out.size();
    return out;
  }
  std::size_t snapshot_bytes = 0;  // the size of the last snapshot

  // Loads a snapshot's state; false (nothing changed) when it cannot be read.
  bool load_snapshot(std::string_view data) {
    std::size_t pos = 0;
    auto get = [&](std::uint64_t& v) {
      if (data.size() - pos < sizeof v) return false;
      std::memcpy(&v, data.data() + pos, sizeof v);
      pos += sizeof v;
      return true;
    };
    std::uint64_t n = 0;
    if (!get(n) || n > data.size() - pos) return false;
    try {
      auto c = std::make_unique<cluster::Clusterer>(cluster::Clusterer::load(options.cluster, data.substr(pos, n)));
      pos += n;
      std::unordered_map<StoryId, StoryId> m;
      std::uint64_t count = 0;
      if (!get(count)) return false;
      for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t k = 0, v = 0;
        if (!get(k) || !get(v)) return false;
        m.emplace(static_cast<StoryId>(k), static_cast<StoryId>(v));
      }
      if (pos != data.size()) return false;
      clusterer = std::move(c);
      ids = std::move(m);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

  // Restores the clusterer's state: from the latest snapshot when there is a usable one,
  // then the clustering log after it, in order.
  void restore() {
    clusterer = std::make_unique<cluster::Clusterer>(options.cluster);
    ids.clear();
    replayed = 0;
    from_snapshot = false;
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
    if (const auto snap = store.snapshot(); snap && snap->settings == settings && load_snapshot(snap->data)) {
      after = snap->log_position;
      from_snapshot = true;
    }
    for (;;) {
      const auto log = store.clustering_log(after, 2000);
      if (log.empty()) break;
      for (const store::Clustered& c : log) {
        const Assignment a = clusterer->add(c.article);
        // The stored story is the final one (merges applied): every clusterer story maps to
        // the store id its articles carry now.
        ids.try_emplace(a.story, c.assignment.story);
        for (const auto& [from, into] : clusterer->take_merges()) ids.erase(from);
        forget_expired();
        after = c.order;
        ++replayed;
      }
    }
    since_snapshot = replayed;
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
    const bool snapshot = options.snapshot_articles > 0 && since_snapshot + batch.size() >= options.snapshot_articles;
    // From the first placement on, the clusterer is ahead of the store: whatever fails before
    // the commit is done (a placement, the snapshot's memory, the commit itself), it is
    // restored from the log next time.
    StoryId next = last_id;
    try {
      store::ClusterCommit commit;
      commit.expected_last_story_id = last_id;
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
        forget_expired();
      }
      commit.through = last_seq;
      commit.last_story_id = next;
      commit.settings = settings;
      // Ids of merged-away stories keep pointing at the survivor, as the store does after
      // the commit (a failed commit restores the map from the store anyway).
      for (const auto& m : commit.merges)
        for (auto& [k, v] : ids)
          if (v == m.from) v = m.into;
      if (snapshot) commit.snapshot = snapshot_data();
      store.commit_clustering(commit);
    } catch (...) {
      stale = true;
      throw;
    }
    since_snapshot = snapshot ? 0 : since_snapshot + batch.size();
    through = last_seq;
    last_id = next;
    n.articles = batch.size();
    return n;
  }

  // When each story's text was last written, and from how many articles (for coalescing;
  // forgotten once older than the interval, so it holds only recently written stories).
  struct Written {
    UnixTime at = 0;
    std::size_t members = 0;
  };
  std::unordered_map<StoryId, Written> written;
  UnixTime written_swept = 0;

  // The articles whose bodies the writer reads: all of them up to `writer_articles`, else
  // the first and the newest half (in clustering order) of those that are not near-
  // duplicates of another article of the story, topped up with copies when too few.
  std::vector<ArticleId> writer_selection(const std::vector<Assignment>& members,
                                          const std::vector<bool>& copy) const {
    const std::size_t k = std::max<std::size_t>(options.writer_articles, 1);
    std::vector<ArticleId> out;
    if (members.size() <= k) {
      for (const auto& m : members) out.push_back(m.article);
      return out;
    }
    std::vector<std::size_t> own, copies;
    for (std::size_t i = 0; i < members.size(); ++i) (copy[i] ? copies : own).push_back(i);
    std::vector<std::size_t> pick;
    if (own.size() >= k) {
      pick.assign(own.begin(), own.begin() + static_cast<std::ptrdiff_t>((k + 1) / 2));
      pick.insert(pick.end(), own.end() - static_cast<std::ptrdiff_t>(k / 2), own.end());
    } else {
      pick = own;
      pick.insert(pick.end(), copies.begin(), copies.begin() + static_cast<std::ptrdiff_t>(k - own.size()));
      std::sort(pick.begin(), pick.end());
    }
    for (const std::size_t i : pick) out.push_back(members[i].article);
    return out;
  }

  // How long a story's text may lag its sources: rewrite_seconds, longer for a story larger
  // than writer_articles in proportion, at most rewrite_max_seconds.
  UnixTime interval(std::size_t members) const {
    const double scale = std::max(1.0, static_cast<double>(members) /
                                           static_cast<double>(std::max<std::size_t>(options.writer_articles, 1)));
    return std::max<UnixTime>(options.rewrite_seconds,
                              std::min<UnixTime>(options.rewrite_max_seconds,
                                                 static_cast<UnixTime>(options.rewrite_seconds * scale)));
  }

  // Sources, time range and ranking inputs of a story from every one of its articles (read
  // without bodies). False when none of them is stored.
  bool fill_inputs(const std::vector<Assignment>& members, const std::vector<bool>& copy, Story& story) {
    std::vector<ArticleId> ids;
    ids.reserve(members.size());
    for (const auto& a : members) ids.push_back(a.article);
    const std::vector<store::ArticleRef> refs = store.article_refs(ids);
    if (refs.empty()) return false;
    std::unordered_map<ArticleId, std::size_t> at;
    for (std::size_t i = 0; i < members.size(); ++i) at.emplace(members[i].article, i);
    std::vector<cluster::RankSource> sources;
    sources.reserve(refs.size());
    story.articles.clear();
    story.first_seen = story.last_seen = 0;
    for (const store::ArticleRef& r : refs) {
      const UnixTime t = r.published > 0 ? r.published : r.fetched;
      sources.push_back({r.source, t, copy[at.at(r.id)]});
      story.articles.push_back(r.id);
      if (t <= 0) continue;
      story.first_seen = story.first_seen == 0 ? t : std::min(story.first_seen, t);
      story.last_seen = std::max(story.last_seen, t);
    }
    cluster::rank_inputs(sources, story);
    return true;
  }

  // The same for a stored story whose articles are the first of `members` (it only gained
  // articles since it was stored): the new articles' contributions added to what it holds,
  // as fill_inputs would compute them, reading only the new articles. False (nothing
  // changed) when the story is not such a prefix, or a new article is not stored.
  bool add_inputs(const std::vector<Assignment>& members, const std::vector<bool>& copy, Story& story) {
    const std::size_t k = story.articles.size();
    if (k == 0 || k >= members.size()) return false;
    for (std::size_t i = 0; i < k; ++i)
      if (members[i].article != story.articles[i]) return false;
    std::vector<ArticleId> fresh;
    for (std::size_t i = k; i < members.size(); ++i) fresh.push_back(members[i].article);
    const std::vector<store::ArticleRef> refs = store.article_refs(fresh);
    if (refs.size() != fresh.size()) return false;
    std::unordered_set<std::string> seen;
    for (const std::string& o : story.outlet_names) seen.insert(lower(o));
    int anonymous = story.outlets - static_cast<int>(story.outlet_names.size());
    for (std::size_t j = 0; j < refs.size(); ++j) {
      const store::ArticleRef& r = refs[j];
      const UnixTime t = r.published > 0 ? r.published : r.fetched;
      story.articles.push_back(r.id);
      if (t > 0) {
        story.times.insert(std::upper_bound(story.times.begin(), story.times.end(), t), t);
        story.first_seen = story.first_seen == 0 ? t : std::min(story.first_seen, t);
        story.last_seen = std::max(story.last_seen, t);
      }
      if (copy[k + j]) continue;
      ++story.distinct;
      if (r.source.empty())
        ++anonymous;
      else if (seen.insert(lower(r.source)).second)
        story.outlet_names.push_back(r.source);
    }
    story.outlets = static_cast<int>(story.outlet_names.size()) + anonymous;
    story.rank_key = cluster::rank_key(story.outlets, story.distinct, story.times);
    return true;
  }

  // A stored story's sources and ranking inputs (what add_inputs and fill_inputs read and
  // set) moved between the store's summary and a Story, either way.
  template <typename From, typename To>
  static To move_sources(From&& from, To to) {
    to.articles = std::move(from.articles);
    to.outlet_names = std::move(from.outlet_names);
    to.outlets = from.outlets;
    to.distinct = from.distinct;
    to.times = std::move(from.times);
    to.first_seen = from.first_seen;
    to.last_seen = from.last_seen;
    to.rank_key = from.rank_key;
    return to;
  }
  static Story sources_of(store::StorySummary&& s) { return move_sources(std::move(s), Story{}); }
  static store::StorySummary summary_of(StoryId id, Story&& t) {
    store::StorySummary s;
    s.id = id;
    return move_sources(std::move(t), std::move(s));
  }

  static std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  }

  // A story whose text is to be written: its inputs read by the engine's thread, its text
  // written by the pool.
  struct Job {
    std::size_t slot = 0;           // its place in the batch's writes
    std::size_t members = 0;        // articles of the story
    Story inputs;                   // sources, time range and ranking inputs (every article)
    std::vector<Article> articles;  // the selection the text is written from
    Story text;
    bool ok = false;
  };
  // A round of texts ends at 64 stories or 64 MiB of bodies held, whichever comes first
  // (enough to keep the threads busy while the engine's thread reads the next round's
  // inputs; bodies of at most writer_articles articles a story); without threads, one story
  // at a time, as before the pool.
  bool round_full(const std::vector<Job>& jobs, std::size_t bytes) const {
    return pool.threads() == 0 || jobs.size() >= 64 || bytes >= (std::size_t{64} << 20);
  }

  // Writes the jobs' texts on the pool, then puts each story (text from the selection;
  // sources and ranking inputs from every article) in its slot, or drops it when no
  // sentence could be written.
  void write_jobs(std::vector<Job>& jobs, std::vector<store::Store::StoryWrite>& writes, UnixTime now,
                  Counts& n) {
    pool.run(jobs.size(), [&](std::size_t i) {
      Job& j = jobs[i];
      std::vector<const Article*> list;
      for (const Article& a : j.articles) list.push_back(&a);
      std::string why;
      j.ok = !list.empty() && synth::write_story(list, options.synth, j.text, why, sentences.get());
    });
    for (Job& j : jobs) {
      store::Store::StoryWrite& w = writes[j.slot];
      if (!j.ok) {
        written.erase(w.claim.story);
        ++n.dropped;
        continue;
      }
      Story& text = j.text;
      Story& story = j.inputs;
      text.id = w.claim.story;
      text.articles = std::move(story.articles);
      text.first_seen = story.first_seen;
      text.last_seen = story.last_seen;
      text.outlets = story.outlets;
      text.outlet_names = std::move(story.outlet_names);
      text.distinct = story.distinct;
      text.times = std::move(story.times);
      text.rank_key = story.rank_key;
      text.updated = now;
      if (options.rewrite_seconds > 0) written[w.claim.story] = {now, j.members};
      ++n.written;
      w.story = std::move(text);
    }
    jobs.clear();
  }

  Counts write_queued(std::size_t limit, UnixTime now) {
    Counts n;
    const bool coalesce = options.rewrite_seconds > 0;
    if (coalesce && now - written_swept >= options.rewrite_seconds) {
      std::erase_if(written, [&](const auto& w) { return now - w.second.at >= interval(w.second.members); });
      written_swept = now;
    }
    std::vector<store::Store::StoryWrite> writes;
    std::vector<Job> jobs;
    std::size_t held = 0;  // bytes of the bodies the jobs hold
    for (const store::Claim& claim : store.claim_stories(options.worker, limit, now, options.lease_seconds)) {
      const auto members = store.assignments(claim.story);
      std::unordered_set<ArticleId> present;
      for (const auto& a : members) present.insert(a.article);
      std::vector<bool> copy(members.size());
      for (std::size_t i = 0; i < members.size(); ++i)
        copy[i] = members[i].duplicate_of != 0 && present.contains(members[i].duplicate_of);

      // Coalescing: refresh (sources now, text later) or rewrite in full.
      if (coalesce && !members.empty()) {
        const auto w = written.find(claim.story);
        if (w != written.end() && now - w->second.at < interval(w->second.members) &&
            members.size() >= w->second.members) {
          const bool grew = static_cast<double>(members.size()) >=
                            static_cast<double>(w->second.members) * (1.0 + options.rewrite_growth);
          const UnixTime due = w->second.at + (grew ? options.rewrite_min_seconds : interval(w->second.members));
          // One queued for another reason than growth (an article of it corrected in place,
          // articles moved in by a merge) has its text rewritten as soon as
          // rewrite_min_seconds have passed since the last one: a refresh keeps the old text,
          // which would go on showing what the publisher corrected; a story whose items are
          // updated at every fetch (a live blog) is still rewritten at most that often.
          const UnixTime soon = w->second.at + options.rewrite_min_seconds;
          // A refresh reads and stores the story's sources only, never its text.
          std::optional<Story> story;
          if (now < due || now < soon) {
            try {
              if (auto stored = store.story_sources(claim.story)) story = sources_of(std::move(*stored));
            } catch (const store::StoryDamaged&) {
              // A damaged row is written again in full below, which repairs it.
            }
          }
          // A story that only gained articles adds theirs to what it holds.
          if (story && now < due && add_inputs(members, copy, *story)) {
            writes.push_back({claim, std::nullopt, due, summary_of(claim.story, std::move(*story))});
            ++n.refreshed;
            continue;
          }
          if (story && now < soon && fill_inputs(members, copy, *story)) {
            writes.push_back({claim, std::nullopt, soon, summary_of(claim.story, std::move(*story))});
            ++n.refreshed;
            continue;
          }
        }
      }
      Story story;
      if (!fill_inputs(members, copy, story)) {
        writes.push_back({claim, std::nullopt});
        written.erase(claim.story);
        ++n.dropped;
        continue;
      }
      // The text is written by the pool (below); its slot waits in `writes` meanwhile.
      Job job;
      job.slot = writes.size();
      job.members = members.size();
      job.inputs = std::move(story);
      job.articles = store.articles(writer_selection(members, copy));
      for (const Article& a : job.articles) held += a.text.size() + a.title.size();
      writes.push_back({claim, std::nullopt});
      jobs.push_back(std::move(job));
      if (round_full(jobs, held)) {
        write_jobs(jobs, writes, now, n);
        held = 0;
      }
    }
    write_jobs(jobs, writes, now, n);
    store.write_stories(writes);  // one transaction for the batch
    return n;
  }

  void rebuild() {
    written.clear();  // every story is written again, in full
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
    since_snapshot = placed.size();
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
std::size_t Engine::replayed() const { return impl_->replayed; }
bool Engine::restored_from_snapshot() const { return impl_->from_snapshot; }

bool Engine::idle() {
  const auto s = impl_->store.stats();
  return s.clustered_through >= s.last_sequence && s.queued == 0;
}

}  // namespace storyline::engine
