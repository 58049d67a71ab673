// Story ranking.
//
//   score = (1 + ln(1 + outlets)) * (1 + 0.25 * ln(1 + distinct)) * sqrt(growth) * recency
//
//   outlets  independent outlets: distinct sources (case-insensitive) among the articles
//            that are not near-duplicates (SimHash within Config{}.duplicate_bits bits, texts
//            of 10+ words) of an earlier article; an article without a source counts as its
//            own outlet. The live engine passes the clusterer's own near-duplicate marks
//            (the same SimHash rule, found when each article was placed), so that ranking a
//            story reads no article body
//   distinct articles left after collapsing near-duplicates
//   growth   (recent + 1) / (earlier + 1), clamped to [0.25, 4]: recent = articles
//            published in the 24 hours up to `now`, earlier = articles published before
//   recency  2^(-age / 24h), age = now - newest time (>= 0); without any known time the
//            age is taken as 48 hours
// Times are publication times, or for an undated article its arrival: it ranks by when
// it arrived, but the clock (`now`) is never taken from it.
// The score is computed in log2 (no floor, no underflow): log2 score = log2 base +
// 0.5 log2 growth - age in days. Its order at any clock is that of
//   rank_key = log2 base + newest / 1 day,
// up to the growth term (within +-1) and the age clamp at 0, so a reader fetches stories by
// rank_key and rescoring the few near the top at its own clock gives the exact order.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <unordered_set>

#include "cluster/internal.h"

namespace storyline::cluster {

namespace {

double log2_base(int outlets, int distinct) {
  return std::log2((1.0 + std::log1p(static_cast<double>(outlets))) *
                   (1.0 + 0.25 * std::log1p(static_cast<double>(distinct))));
}

}  // namespace

void rank_inputs(const std::vector<const Article*>& articles, Story& story) {
  // Collapse near-duplicates (pairwise; stories are small enough).
  const int bits = Config{}.duplicate_bits;
  std::vector<std::uint64_t> kept_hashes;
  std::vector<RankSource> sources;
  sources.reserve(articles.size());
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
    sources.push_back({a->source, a->published > 0 ? a->published : a->fetched, duplicate});
  }
  rank_inputs(sources, story);
}

void rank_inputs(const std::vector<RankSource>& sources, Story& story) {
  story.outlets = 0;
  story.distinct = 0;
  story.outlet_names.clear();
  story.times.clear();
  std::unordered_set<std::string> seen_sources;
  int anonymous = 0;
  for (const RankSource& a : sources) {
    // Every article counts for coverage, at its publication time or, undated, its arrival.
    if (a.time > 0) story.times.push_back(a.time);
    if (a.duplicate) continue;
    ++story.distinct;
    std::string src(a.source);
    std::transform(src.begin(), src.end(), src.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (src.empty())
      ++anonymous;
    else if (seen_sources.insert(src).second)
      story.outlet_names.emplace_back(a.source);
  }
  std::sort(story.times.begin(), story.times.end());
  story.outlets = static_cast<int>(story.outlet_names.size()) + anonymous;
  story.rank_key = rank_key(story.outlets, story.distinct, story.times);
}

double rank_key(int outlets, int distinct, const std::vector<UnixTime>& times) {
  if (outlets <= 0 && distinct <= 0) return -1e300;
  const UnixTime newest = times.empty() ? 0 : times.back();
  return log2_base(outlets, distinct) + static_cast<double>(newest) / 86400.0;
}

double log_score(int outlets, int distinct, const std::vector<UnixTime>& times, UnixTime now) {
  if (outlets <= 0 && distinct <= 0) return -1e300;
  std::size_t recent = 0, earlier = 0;
  for (const UnixTime t : times) {
    if (t > now - 86400)
      ++recent;
    else
      ++earlier;
  }
  const double growth = std::clamp((static_cast<double>(recent) + 1.0) /
                                       (static_cast<double>(earlier) + 1.0),
                                   0.25, 4.0);
  // Without any known time the age is taken as 48 hours.
  const double age_days =
      times.empty() ? 2.0 : std::max(0.0, static_cast<double>(now - times.back()) / 86400.0);
  return log2_base(outlets, distinct) + 0.5 * std::log2(growth) - age_days;
}

bool developing(const std::vector<UnixTime>& times, UnixTime now) {
  std::size_t recent = 0, earlier = 0;
  for (const UnixTime t : times) {
    if (t > now - 6 * 3600)
      ++recent;
    else if (t > now - 30 * 3600)
      ++earlier;
  }
  return recent >= 2 && recent > earlier;
}

UnixTime reading_clock(UnixTime real_now, UnixTime newest_published) {
  if (newest_published > 0 && newest_published + 2 * 86400 < real_now) return newest_published;
  return real_now;
}

double rank_story(const std::vector<const Article*>& articles, UnixTime now,
                  int* independent_outlets) {
  Story s;
  rank_inputs(articles, s);
  if (independent_outlets) *independent_outlets = s.outlets;
  if (s.distinct == 0 && s.outlets == 0) return 0.0;
  return std::exp2(log_score(s.outlets, s.distinct, s.times, now));
}

}  // namespace storyline::cluster
