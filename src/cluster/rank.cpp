// Story ranking.
//
//   score = (1 + ln(1 + outlets)) * (1 + 0.25 * ln(1 + distinct)) * sqrt(growth) * recency
//
//   outlets  independent outlets: distinct sources (case-insensitive) among the articles
//            that are not near-duplicates (SimHash within Config{}.duplicate_bits bits, texts
//            of 10+ words) of an earlier article; an article without a source counts as its
//            own outlet
//   distinct articles left after collapsing near-duplicates
//   growth   (recent + 1) / (earlier + 1), clamped to [0.25, 4]: recent = articles
//            published in the 24 hours up to `now`, earlier = articles published before
//   recency  2^(-age / 24h), age = now - newest known publication time (>= 0); without
//            any known time the age is taken as 48 hours; floored at 1e-6
// Every factor is positive, so a non-empty story always scores > 0; an empty one scores 0.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <unordered_set>

#include "cluster/internal.h"

namespace storyline::cluster {

double rank_story(const std::vector<const Article*>& articles, UnixTime now,
                  int* independent_outlets) {
  if (independent_outlets) *independent_outlets = 0;
  if (articles.empty()) return 0.0;

  // Collapse near-duplicates (pairwise; stories are small enough).
  const int bits = Config{}.duplicate_bits;
  std::vector<std::uint64_t> kept_hashes;
  std::unordered_set<std::string> sources;
  int anonymous = 0;
  std::size_t distinct = 0, recent = 0, earlier = 0;
  UnixTime newest = 0;
  for (const Article* a : articles) {
    if (a == nullptr) continue;
    const auto tokens = text::tokenize(detail::truncate_utf8(a->text, 32 * 1024));
    bool duplicate = false;
    if (tokens.size() >= 10) {
      const std::uint64_t h = detail::simhash_tokens(tokens);
      duplicate = std::any_of(kept_hashes.begin(), kept_hashes.end(),
                              [&](std::uint64_t k) { return hamming(h, k) <= bits; });
      if (!duplicate) kept_hashes.push_back(h);
    }
    if (a->published > 0) {
      newest = std::max(newest, a->published);
      if (a->published <= now && a->published > now - 86400)
        ++recent;
      else if (a->published <= now - 86400)
        ++earlier;
    }
    if (duplicate) continue;
    ++distinct;
    std::string src = a->source;
    std::transform(src.begin(), src.end(), src.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (src.empty())
      ++anonymous;
    else
      sources.insert(std::move(src));
  }
  const int outlets = static_cast<int>(sources.size()) + anonymous;
  if (independent_outlets) *independent_outlets = outlets;

  const double growth = std::clamp((static_cast<double>(recent) + 1.0) /
                                       (static_cast<double>(earlier) + 1.0),
                                   0.25, 4.0);
  const double age_hours =
      newest > 0 ? std::max<double>(0.0, static_cast<double>(now - newest) / 3600.0) : 48.0;
  const double recency = std::max(std::pow(2.0, -age_hours / 24.0), 1e-6);
  return (1.0 + std::log1p(static_cast<double>(outlets))) *
         (1.0 + 0.25 * std::log1p(static_cast<double>(distinct))) * std::sqrt(growth) * recency;
}

}  // namespace storyline::cluster
