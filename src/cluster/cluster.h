// cluster: groups a stream of articles into stories (one real-world event each),
// online: each article is placed the moment it arrives, story ids stay stable.
//   - near-duplicate detection (SimHash over word shingles): syndicated copies
//   - TF-IDF over stemmed terms (title and name-like terms weighted up), cosine
//     similarity to story centroids, time decay, threshold for "new story"
//   - story ranking
#pragma once

#include <memory>
#include <vector>

#include "model/model.h"

namespace storyline::cluster {

struct Config {
  double threshold = 0.22;         // min similarity to join a story
  double title_weight = 2.0;       // title terms count this many times
  double name_weight = 1.5;        // capitalized (name-like) terms weighted up
  double decay_days = 3.0;         // similarity halves every `decay_days` apart beyond 1 day
  std::size_t max_terms = 200;     // strongest terms kept per article vector
  int duplicate_bits = 3;          // SimHash Hamming distance for a near-duplicate
};

// 64-bit SimHash of a text over 3-word shingles.
std::uint64_t simhash(std::string_view text);
int hamming(std::uint64_t a, std::uint64_t b);

class Clusterer {
 public:
  explicit Clusterer(Config config = {});
  ~Clusterer();
  Clusterer(Clusterer&&) noexcept;
  Clusterer& operator=(Clusterer&&) noexcept;

  // Places one article (a.id must be set and unique). Articles should arrive in
  // roughly publication order; out-of-order arrival is allowed.
  Assignment add(const Article& a);

  // Story id -> its article ids, in arrival order, for every story so far.
  struct StoryMembers {
    StoryId id = 0;
    std::vector<ArticleId> articles;
  };
  std::vector<StoryMembers> stories() const;
  std::size_t story_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Convenience: clusters a batch (sorted by publication time inside) and returns
// every article's assignment, in the input's order.
std::vector<Assignment> cluster_all(const std::vector<Article>& articles, Config config = {});

// Ranking score of a story from its articles: independent outlets (near-duplicates
// count once), coverage growth and recency relative to `now`.
double rank_story(const std::vector<const Article*>& articles, UnixTime now,
                  int* independent_outlets = nullptr);

}  // namespace storyline::cluster
