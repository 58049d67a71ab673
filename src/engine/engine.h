// engine: the live loop over a Store. New articles (after the store's cursor) are placed
// by the online clusterer and committed as they are placed (assignments, merges, new story
// ids); stories whose membership changed are drained from the store's rewrite queue and
// written again, each once per batch (or, with coalescing, refreshed at once and rewritten
// at most so often: Options::rewrite_seconds); nothing else is touched.
//
// The clusterer's state is rebuilt at start from the latest snapshot the store keeps (one is
// committed with the batch every Options::snapshot_articles articles) and the clustering
// log after it (the articles in the order they were placed), or from the whole log when
// there is no usable snapshot; so after a restart, also after kill -9, the next articles
// get exactly the assignments an uninterrupted run would give, and a restart replays at
// most about snapshot_articles articles. Story ids come
// from the store's id mark (a commit refuses if another process moved it).
//
// Use: one Engine per store, in the process holding the store's engine role
// (Store::try_lock_engine); call cluster_new() and write_queued() in a loop (run_until_idle
// does both until nothing is left). Not thread-safe: one thread calls it (the
// texts are written on its own WriterPool meanwhile).
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include "cluster/cluster.h"
#include "store/store.h"
#include "synth/synth.h"

namespace storyline::engine {

struct EngineError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The sentence cache of a live stream (`storyline run`'s default, MiB; Options::sentence_cache_bytes).
constexpr std::size_t kLiveSentenceCacheMiB = 128;
// How long a live stream's story texts may lag their sources (`storyline run`'s
// Options::rewrite_seconds).
constexpr int kLiveRewriteSeconds = 10;

struct Options {
  cluster::Config cluster;
  synth::Options synth;
  // Sort each batch of new articles by publication time before placing it (for digesting
  // an archive ingested in any order); off for a live stream, where arrival order is kept.
  bool sort_batch = false;
  // When the store was clustered with other settings (or by an older release): rebuild
  // (true) or refuse with EngineError (false).
  bool rebuild_on_settings_change = true;
  // Name on the rewrite queue's leases. `run` and `digest` keep the default: the engine lock
  // makes them one worker at a time, so each takes back the leases a killed one held.
  std::string worker = "engine";
  int lease_seconds = 300;
  // A story of more articles than this is written from a selection of them (its first and
  // its newest articles that are not verbatim copies), so the cost of writing it stays
  // bounded however large it grows. Its sources, time range and ranking inputs always come
  // from every article (read without bodies).
  std::size_t writer_articles = 24;
  // Threads that write the stories' texts (0 = the calling thread). Texts are independent of
  // each other, so more threads write a batch sooner on more cores; the texts are the same.
  // `run` and `digest` use one per core.
  std::size_t writer_threads = 0;
  // Memory for the articles' sentences as the writer reads them (synth::SentenceCache),
  // kept between batches: a story rewritten as it grows reads only its new articles anew.
  // 0 = no cache (`digest` writes each story once); `storyline run` keeps
  // kLiveSentenceCacheMiB. The texts are the same either way.
  std::size_t sentence_cache_bytes = 0;
  // Coalescing, for a live stream (0 = off: every queued story is written in full, as
  // `digest` needs): a story whose text was written less than `rewrite_seconds` ago and
  // whose membership grew by less than `rewrite_growth` since (or that grew by more, but
  // was written less than `rewrite_min_seconds` ago) is refreshed instead (its sources, time
  // range and ranking inputs read and written now, its text neither read nor written:
  // Store::story_sources, StoryWrite::sources) and stays queued until its text is
  // due: a story growing in every batch is not rewritten in every batch, a new article is
  // listed on its story at once, and the queue drains once the stream quietens. A story
  // that lost an article is rewritten at once; one whose articles changed otherwise than by
  // new ones joining (an article corrected in place, a merge) once `rewrite_min_seconds`
  // have passed since its last text. A story larger than `writer_articles` waits
  // longer, in proportion (its text changes less with each article), up to
  // `rewrite_max_seconds`: so the cost of keeping large stories' texts current does not grow
  // with their size.
  int rewrite_seconds = 0;
  double rewrite_growth = 0.25;
  int rewrite_min_seconds = 3;
  int rewrite_max_seconds = 60;
  // A snapshot of the clusterer's state is committed with the batch once this many articles
  // were placed since the last one (0 = never: a restart replays the whole log). A full
  // window's snapshot is tens of MB (67 MB for the 1M-article benchmark's 30 days), written
  // into one buffer sized from the last one.
  std::size_t snapshot_articles = 50000;
};

struct Counts {
  std::size_t articles = 0;  // articles placed
  std::size_t opened = 0;    // new stories
  std::size_t joined = 0;    // articles that joined an existing story
  std::size_t merged = 0;    // stories merged into another
  std::size_t written = 0;   // stories (re)written
  std::size_t refreshed = 0; // stories whose sources were written, their text later
  std::size_t dropped = 0;   // stories deleted (no article, or no usable sentence)
  Counts& operator+=(const Counts& o);
};

// The fingerprint of clustering settings recorded in the store.
std::string settings_fingerprint(const cluster::Config& config);

class Engine {
 public:
  // Replays the store's clustering log (or rebuilds, see Options). Throws EngineError.
  Engine(store::Store& store, Options options);
  ~Engine();

  // Places up to `limit` new articles and commits them. Throws store::StoreError (the
  // clusterer's state is then restored from the log on the next call).
  Counts cluster_new(std::size_t limit);
  // Rewrites up to `limit` queued stories (`now` = the real clock: leases, `updated`).
  Counts write_queued(std::size_t limit, UnixTime now);
  // Both, until no new article and no queued story is left.
  Counts run_until_idle(std::size_t batch, UnixTime now);
  // Re-clusters every stored article in publication order with the current settings,
  // keeping story ids by pipeline::keep_story_ids' rule, and queues every story.
  void rebuild();
  bool idle();
  // Clustering-log entries replayed by the last restore (after the snapshot, when one was
  // used), and whether a snapshot was used.
  std::size_t replayed() const;
  bool restored_from_snapshot() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline::engine
