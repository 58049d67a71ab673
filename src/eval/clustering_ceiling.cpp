// The clustering ceiling of a labelled dataset: how well any clusterer could score that
// joins two articles only through a chain of same-story pairs whose cosine (under the
// clusterer's features) reaches a link threshold, and how the same-story and
// different-story pairs spread over the similarity range.
//
// Such an oracle knows the gold: it never links two stories (precision 1), and it joins
// every same-story pair at or above the link. A real clusterer that links no lower scores
// at most its recall; to link lower it has to tell the few same-story pairs of a band from
// the different-story pairs of the same band, which the pair counts show.
#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "eval/eval.h"

namespace storyline::eval {

namespace {

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

}  // namespace

ClusteringCeiling clustering_ceiling(const LabelledStream& stream, const cluster::Config& config,
                                     std::vector<double> links) {
  const std::size_t n = stream.articles.size();
  if (stream.gold.size() != n) throw std::invalid_argument("clustering_ceiling: articles and gold differ in size");
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());

  ClusteringCeiling out;
  out.dataset = stream.dataset;
  out.articles = n;
  // Bands between consecutive links: [0 or below, links[0]), [links[0], links[1]), ..., [last, 1].
  out.bands.resize(links.size() + 1);
  for (std::size_t b = 0; b < out.bands.size(); ++b) {
    out.bands[b].from = b == 0 ? 0.0 : links[b - 1];
    out.bands[b].to = b < links.size() ? links[b] : 1.0;
  }
  auto band_of = [&](double s) {
    return static_cast<std::size_t>(std::upper_bound(links.begin(), links.end(), s) - links.begin());
  };

  struct Pair {
    std::size_t i, j;
    double sim;
  };
  std::vector<Pair> same;  // same-story pairs only: the others are only counted
  constexpr double kNone = -1.0;
  std::vector<double> best_same(n, kNone), best_other(n, kNone);
  cluster::for_each_pair_similarity(stream.articles, config, [&](std::size_t i, std::size_t j, double s) {
    const bool together = stream.gold[i] == stream.gold[j];
    ClusteringCeiling::Band& band = out.bands[band_of(s)];
    if (together) {
      ++band.same_story;
      same.push_back({i, j, s});
    } else {
      ++band.different_stories;
    }
    std::vector<double>& best = together ? best_same : best_other;
    best[i] = std::max(best[i], s);
    best[j] = std::max(best[j], s);
  });
  for (std::size_t i = 0; i < n; ++i) {
    if (best_same[i] == kNone) continue;  // alone in its gold story
    ++out.with_mate;
    if (best_other[i] >= best_same[i]) ++out.nearest_elsewhere;
  }

  for (const double link : links) {
    UnionFind uf(n);
    for (const Pair& p : same)
      if (p.sim >= link) uf.join(p.i, p.j);
    std::vector<std::int64_t> predicted(n);
    for (std::size_t i = 0; i < n; ++i) predicted[i] = static_cast<std::int64_t>(uf.find(i));
    out.rows.push_back({link, bcubed(stream.gold, predicted)});
  }
  return out;
}

}  // namespace storyline::eval
