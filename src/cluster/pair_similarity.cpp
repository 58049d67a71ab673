// Pair similarities of a batch under the clusterer's features, for analysis: what the
// evaluation's ceiling reads (eval/clustering_ceiling.cpp). Not used by the online path.
//
// Two passes: the first counts every article in the document frequencies, the second
// vectorizes each article again with the batch's final idf, so a pair's cosine does not
// depend on the order the batch is in (the online clusterer's idf grows as it reads).
// Features are the clusterer's own (tfidf.cpp): Snowball stems, title and name weights,
// the first `max_text_bytes` of the text, the `max_terms` strongest terms. The page-chrome
// line filter, which depends on the stream, is not applied.
#include "cluster/internal.h"

namespace storyline::cluster {

void for_each_pair_similarity(const std::vector<Article>& articles, const Config& config,
                              const std::function<void(std::size_t, std::size_t, double)>& visit) {
  detail::TfIdf tfidf(config);
  auto features = [&](const Article& a, bool learn) {
    const std::string_view body = detail::truncate_utf8(a.text, config.max_text_bytes);
    return tfidf.vectorize(a.title, body, text::tokenize(body), learn).vec;
  };
  for (const Article& a : articles) features(a, true);
  std::vector<detail::SparseVector> vecs;
  vecs.reserve(articles.size());
  for (const Article& a : articles) vecs.push_back(features(a, false));

  // Row i scattered into a dense array: each pair is one pass over the other vector.
  std::vector<float> row(tfidf.vocabulary(), 0.0f);
  for (std::size_t i = 0; i < vecs.size(); ++i) {
    for (const detail::Term& t : vecs[i]) row[t.id] = t.w;
    for (std::size_t j = i + 1; j < vecs.size(); ++j) {
      double s = 0;
      for (const detail::Term& t : vecs[j]) s += static_cast<double>(row[t.id]) * t.w;
      visit(i, j, s);
    }
    for (const detail::Term& t : vecs[i]) row[t.id] = 0.0f;
  }
}

}  // namespace storyline::cluster
