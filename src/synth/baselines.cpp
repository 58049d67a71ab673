// Extractive baselines for evaluation: round-robin lead and LexRank. They use the same
// candidate sentences (filter, cleaning, TF-IDF vectors) as write_story, so the
// comparison measures the choice of sentences, not the sentence filter.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "synth/internal.h"
#include "text/text.h"
#include "synth/synth.h"

namespace storyline::synth {

std::vector<std::string> lead_baseline(const std::vector<const Article*>& articles,
                                       std::size_t max_words, bool overflow_last) {
  detail::Vocabulary vocab;
  const auto cands =
      detail::collect_candidates(articles, detail::candidates_per_article(articles.size()), vocab);
  std::vector<std::size_t> order(cands.size());
  std::iota(order.begin(), order.end(), 0);
  // Round robin: every article's 1st sentence, then every 2nd, ...
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(cands[a].position, cands[a].article) <
           std::tie(cands[b].position, cands[b].article);
  });
  std::vector<std::string> out;
  std::size_t budget = max_words;
  std::ptrdiff_t first_left_out = -1;
  for (std::size_t i : order) {
    if (cands[i].words > budget) {
      if (first_left_out < 0) first_left_out = static_cast<std::ptrdiff_t>(i);
      continue;
    }
    budget -= cands[i].words;
    out.push_back(cands[i].text);
  }
  if (overflow_last && budget > 0 && first_left_out >= 0)
    out.push_back(cands[static_cast<std::size_t>(first_left_out)].text);
  return out;
}

std::vector<std::string> plain_lead_baseline(const std::vector<const Article*>& articles,
                                             std::size_t max_words) {
  std::vector<std::vector<std::string_view>> sentences;
  std::size_t longest = 0;
  for (const Article* a : articles) {
    auto& list = sentences.emplace_back();
    for (const text::Span& span : text::split_sentences(a->text)) list.push_back(span.of(a->text));
    longest = std::max(longest, list.size());
  }
  std::vector<std::string> out;
  std::size_t budget = max_words;
  for (std::size_t position = 0; position < longest && budget > 0; ++position)
    for (const auto& list : sentences) {
      if (position >= list.size()) continue;
      const std::size_t words = text::count_words(list[position]);
      if (words == 0 || words > budget) continue;
      budget -= words;
      out.emplace_back(list[position]);
    }
  return out;
}

std::vector<std::string> lexrank_baseline(const std::vector<const Article*>& articles,
                                          std::size_t max_words, bool overflow_last) {
  detail::Vocabulary vocab;
  const auto cands =
      detail::collect_candidates(articles, detail::candidates_per_article(articles.size()), vocab);
  const std::size_t n = cands.size();
  if (n == 0) return {};
  // Similarity graph (continuous LexRank with a 0.1 threshold, no self loops),
  // row-normalized; a sentence similar to none spreads its rank evenly (dangling node).
  std::vector<double> w(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const double sim = detail::dot(cands[i].vec, cands[j].vec);
      if (sim >= 0.1) w[i * n + j] = w[j * n + i] = sim;
    }
  std::vector<bool> dangling(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    const double row = std::accumulate(w.begin() + static_cast<std::ptrdiff_t>(i * n),
                                       w.begin() + static_cast<std::ptrdiff_t>((i + 1) * n), 0.0);
    if (row <= 0)
      dangling[i] = true;
    else
      for (std::size_t j = 0; j < n; ++j) w[i * n + j] /= row;
  }
  // Power iteration, damping 0.85.
  const double dn = static_cast<double>(n);
  std::vector<double> rank(n, 1.0 / dn), next(n);
  for (int it = 0; it < 100; ++it) {
    double spread = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (dangling[i]) spread += rank[i];
    std::fill(next.begin(), next.end(), 0.15 / dn + 0.85 * spread / dn);
    for (std::size_t i = 0; i < n; ++i)
      if (!dangling[i])
        for (std::size_t j = 0; j < n; ++j) next[j] += 0.85 * rank[i] * w[i * n + j];
    double delta = 0;
    for (std::size_t i = 0; i < n; ++i) delta += std::abs(next[i] - rank[i]);
    rank.swap(next);
    if (delta < 1e-9) break;
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rank[a] > rank[b]; });
  std::vector<std::size_t> chosen;
  std::size_t budget = max_words;
  auto redundant = [&](std::size_t i) {
    for (std::size_t c : chosen)
      if (detail::dot(cands[i].vec, cands[c].vec) >= 0.5) return true;
    return false;
  };
  for (std::size_t i : order) {
    if (cands[i].words > budget || redundant(i)) continue;
    chosen.push_back(i);
    budget -= cands[i].words;
  }
  std::ptrdiff_t extra = -1;  // overflow_last: the best one left out by the budget
  if (overflow_last && budget > 0)
    for (std::size_t i : order)
      if (cands[i].words > budget && !redundant(i)) {
        extra = static_cast<std::ptrdiff_t>(i);
        break;
      }
  std::sort(chosen.begin(), chosen.end());  // candidates are in article/position order
  std::vector<std::string> out;
  for (std::size_t i : chosen) out.push_back(cands[i].text);
  if (extra >= 0) out.push_back(cands[static_cast<std::size_t>(extra)].text);
  return out;
}

}  // namespace storyline::synth
