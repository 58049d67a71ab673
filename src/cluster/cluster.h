// cluster: groups a stream of articles into stories (one real-world event each),
// online: each article is placed the moment it arrives, story ids stay stable.
//   - near-duplicate detection (SimHash over word shingles): syndicated copies
//   - TF-IDF over stemmed terms (title and name-like terms weighted up), cosine
//     similarity to story centroids, time decay, threshold for "new story"
//   - story ranking
//   - pair similarities of a batch under the same features (for evaluation)
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/model.h"

namespace storyline::cluster {

struct Config {
  double threshold = 0.20;         // min similarity to join a story
  double title_weight = 3.0;       // title terms count this many times
  double name_weight = 1.5;        // capitalized (name-like) terms weighted up
  double decay_days = 3.0;         // similarity halves every `decay_days` apart beyond 1 day
  std::size_t max_terms = 200;     // strongest terms kept per article vector
  int duplicate_bits = 6;          // SimHash Hamming distance for a near-duplicate
  // --- added with the implementation (see clusterer.cpp) ---
  double merge_threshold = 0.5;    // centroid cosine at which two stories merge (older id kept)
  std::size_t min_terms = 3;       // distinct content terms an article needs to join a story
  std::size_t max_text_bytes = 32 * 1024;  // features use only the first bytes of a text
  std::size_t query_terms = 12;    // strongest article terms looked up in the story index
  std::size_t index_terms = 16;    // strongest centroid terms a story is indexed under
  std::size_t posting_cap = 256;   // most recent stories kept per index term
  std::size_t max_candidates = 24; // stories scored exactly per article
  std::size_t centroid_terms = 400;  // strongest terms kept in a story centroid
  std::size_t chrome_tokens = 120; // a text this short (in words), page furniture by what it
  std::size_t chrome_copies = 3;   // says, seen this many times is kept apart (0 words = off)
  // A line (paragraph) of at most `chrome_line_bytes` seen in articles of this many
  // different stories is page chrome ("Media playback is unsupported on your device"):
  // its words are no features from then on (0 = off).
  std::size_t chrome_line_stories = 3;
  std::size_t chrome_line_bytes = 400;
  // A story quiet for this many days (stream time) is expired: taken out of the index, its
  // centroid dropped. < 0: the age at which the decay alone falls below `threshold`,
  // 1 + decay_days * log2(1 / threshold) (7.97 days by default); 0: never.
  double expire_days = -1;
};

// 64-bit SimHash of a (whole) text over 3-word shingles of its lower-cased words.
std::uint64_t simhash(std::string_view text);
int hamming(std::uint64_t a, std::uint64_t b);

// Online clusterer (see clusterer.cpp for the method). Not thread-safe: one per thread.
class Clusterer {
 public:
  explicit Clusterer(Config config = {});
  ~Clusterer();
  Clusterer(Clusterer&&) noexcept;
  Clusterer& operator=(Clusterer&&) noexcept;

  // Places one article (a.id must be set and unique). Articles should arrive in
  // roughly publication order; out-of-order arrival is allowed.
  Assignment add(const Article& a);

  // Story id -> its article ids, in arrival order, for every story in memory (not merged,
  // not expired: an expired story leaves memory), by id.
  struct StoryMembers {
    StoryId id = 0;
    std::vector<ArticleId> articles;
  };
  std::vector<StoryMembers> stories() const;
  // Merges made since the last call, as (from, into): every article of `from` now belongs
  // to `into` (the older story). A caller that keeps every assignment follows these to
  // each story's final id (see MergeMap).
  std::vector<std::pair<StoryId, StoryId>> take_merges();
  // Stories that expired (left memory) since the last call: they take no article again.
  std::vector<StoryId> take_expired();

  // The whole state as bytes (a snapshot), and a clusterer made from them with the same
  // Config: it places the next articles exactly as this one would. The bytes are for the
  // same build on the same machine; load() throws std::runtime_error on anything else.
  std::string save() const;
  // The same bytes appended to `out` (a caller that reserved room for them copies nothing);
  // on an exception `out` is as it was.
  void save(std::string& out) const;
  static Clusterer load(const Config& config, std::string_view data);
  // Live stories (stories merged into an older one are not counted).
  std::size_t story_count() const;

  // Counters for debugging, evaluation and benchmarks.
  struct Stats {
    std::size_t articles = 0;         // articles added
    std::size_t stories_created = 0;  // stories ever opened (merged ones included)
    std::size_t merges = 0;           // stories merged into an older one
    std::size_t duplicates = 0;       // articles flagged as near-duplicates
    std::size_t boilerplate = 0;      // short repeated texts (page chrome) kept apart
    std::size_t unjoinable = 0;       // articles with too few terms (forced singletons)
    std::size_t candidates_scored = 0;  // exact similarity computations
    std::size_t expired = 0;          // stories expired (quiet past the horizon)
    std::size_t stories_held = 0;     // stories in memory now (live; merged ones until the
                                      // story they went into expires)
    std::size_t records_held = 0;     // near-duplicate records in memory now
  };
  Stats stats() const;

 private:
  friend std::vector<Assignment> cluster_all(const std::vector<Article>& articles, Config config);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Follows the merges a Clusterer reports (take_merges) to each story's final id.
class MergeMap {
 public:
  void add(const std::vector<std::pair<StoryId, StoryId>>& merges);
  StoryId final_id(StoryId id) const;

 private:
  std::unordered_map<StoryId, StoryId> into_;
};

// Convenience: clusters a batch (sorted by publication time inside) and returns
// every article's assignment, in the input's order.
std::vector<Assignment> cluster_all(const std::vector<Article>& articles, Config config = {});

// For analysis (the evaluation's ceiling), not for streams: calls visit(i, j, cosine) for
// every pair i < j of `articles`, with the clusterer's TF-IDF features (stems, title and
// name weights, `max_text_bytes`, `max_terms`) and an idf fitted on the whole batch, so
// the values do not depend on the batch's order. O(n^2) pairs.
void for_each_pair_similarity(const std::vector<Article>& articles, const Config& config,
                              const std::function<void(std::size_t, std::size_t, double)>& visit);

// ---- ranking (rank.cpp has the formula) ----
// Fills the ranking inputs of a story from its articles: outlets and outlet_names
// (independent outlets: near-duplicates count once), distinct, times, rank_key.
void rank_inputs(const std::vector<const Article*>& articles, Story& story);
// The same from what each article contributes, with near-duplicates already known (the
// engine passes the clusterer's marks, Assignment::duplicate_of, so no body is read).
struct RankSource {
  std::string_view source;  // outlet ("" = unknown: counts as its own outlet)
  UnixTime time = 0;        // published, or arrival when undated (0 = unknown)
  bool duplicate = false;   // a near-duplicate of an earlier article of the story
};
void rank_inputs(const std::vector<RankSource>& sources, Story& story);
// The time-independent order of scores: a story with a higher key scores higher at any
// clock, up to the growth factor (log2 within +-1).
double rank_key(int outlets, int distinct, const std::vector<UnixTime>& times);
// log2 of the score at clock `now` (independent outlets, coverage growth over the last
// 24 h, recency of the newest time).
double log_score(int outlets, int distinct, const std::vector<UnixTime>& times, UnixTime now);
// Coverage is growing: at least 2 articles in the last 6 h, more than in the 24 h before.
bool developing(const std::vector<UnixTime>& times, UnixTime now);
// The clock a reader ranks at: the real clock for a live store, the newest publication time
// for an archive (one whose newest dated article is more than 2 days old).
UnixTime reading_clock(UnixTime real_now, UnixTime newest_published);
// Ranking score of a story from its articles at `now` (2^log_score; 0 when empty).
double rank_story(const std::vector<const Article*>& articles, UnixTime now,
                  int* independent_outlets = nullptr);

}  // namespace storyline::cluster
