// The live path against the batch path on a labelled stream: the articles go into a store
// in the stream's order, 1,000 at a time, and the engine places each batch as it arrives
// (as `storyline run` does); the same store is then re-clustered by `digest --rebuild`'s
// path (every article in publication order). Both are scored against the gold labels.
#include <chrono>
#include <unordered_map>

#include "engine/engine.h"
#include "eval/eval.h"

namespace storyline::eval {

namespace {

// Every article's story in the store, by stream index (an article the store held already,
// an identical copy, takes the story of the stored one).
std::vector<std::int64_t> predicted(store::Store& db, const std::vector<ArticleId>& stored) {
  std::vector<std::int64_t> out(stored.size(), 0);
  for (std::size_t i = 0; i < stored.size(); ++i)
    if (const auto a = db.assignment(stored[i])) out[i] = a->story;
  return out;
}

std::size_t distinct(const std::vector<std::int64_t>& v) {
  std::unordered_map<std::int64_t, int> seen;
  for (auto x : v) seen[x] = 1;
  return seen.size();
}

}  // namespace

LiveClusteringReport evaluate_live_clustering(const LabelledStream& stream, const cluster::Config& config,
                                              std::size_t batch) {
  LiveClusteringReport rep;
  rep.dataset = stream.dataset;
  auto db = store::open(":memory:");
  engine::Options o;
  o.cluster = config;
  engine::Engine eng(*db, o);
  std::vector<ArticleId> stored(stream.articles.size(), 0);
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < stream.order.size(); k += batch) {
    std::vector<Article> chunk;
    std::vector<std::size_t> idx;
    for (std::size_t j = k; j < std::min(stream.order.size(), k + batch); ++j) {
      Article a = stream.articles[stream.order[j]];
      // Each document is a page of its own (an identical text on another page is another
      // article, as with real URLs).
      if (a.url.empty()) a.url = "eval:" + stream.dataset + "/" + std::to_string(a.id);
      a.id = 0;
      chunk.push_back(std::move(a));
      idx.push_back(stream.order[j]);
    }
    const auto res = db->add_articles(chunk);
    for (std::size_t j = 0; j < res.size(); ++j) stored[idx[j]] = res[j].id;
    while (eng.cluster_new(batch).articles > 0) {
    }
  }
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto live = predicted(*db, stored);
  rep.live = bcubed(stream.gold, live);
  rep.live_stories = distinct(live);
  eng.rebuild();
  auto batch_pred = predicted(*db, stored);
  rep.rebuild = bcubed(stream.gold, batch_pred);
  rep.rebuild_stories = distinct(batch_pred);
  return rep;
}

}  // namespace storyline::eval
