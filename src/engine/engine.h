// engine: the live loop over a Store. New articles (after the store's cursor) are placed
// by the online clusterer and committed as they are placed (assignments, merges, new story
// ids); stories whose membership changed are drained from the store's rewrite queue and
// written again, each once per batch; nothing else is touched.
//
// The clusterer's state is rebuilt at start by replaying the store's clustering log (the
// articles in the order they were placed), so after a restart, also after kill -9, the next
// articles get exactly the assignments an uninterrupted run would give. Story ids come
// from the store's id mark (a commit refuses if another process moved it).
//
// Use: one Engine per store, in the process holding the store's engine role
// (Store::try_lock_engine); call cluster_new() and write_queued() in a loop (run_until_idle
// does both until nothing is left). Not thread-safe.
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
};

struct Counts {
  std::size_t articles = 0;  // articles placed
  std::size_t opened = 0;    // new stories
  std::size_t joined = 0;    // articles that joined an existing story
  std::size_t merged = 0;    // stories merged into another
  std::size_t written = 0;   // stories (re)written
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline::engine
