// Online story clustering in the spirit of Miranda et al. 2018 ("Multilingual
// Clustering of Streaming News"): every article is compared with the centroids of
// the stories it shares strong terms with, and joins the most similar one or opens
// a new story.
//
// Features: the first `max_text_bytes` of the text are tokenized once; the tokens give
// the SimHash (simhash.cpp) and the TF-IDF vector (tfidf.cpp). Centroids keep raw tf
// sums and are weighted with the *current* idf when scored, so stories opened early in
// the stream (when document frequencies were still thin) are not misweighted forever.
//
// Per article:
//   1. near-duplicate check: SimHash within `duplicate_bits` of a recent article
//      (banded lookup) -> join that article's story, duplicate_of = the original
//   2. candidates: stories posted under the article's `query_terms` strongest terms
//      in an inverted index (term -> most recent `posting_cap` stories), ranked by the
//      summed article weight of the shared terms; the best `max_candidates` (and only
//      those with at least a quarter of the best overlap) are scored exactly:
//        sim = cos(article tf-idf, centroid tf-idf) * decay,
//        decay = 1 within a day of the story's time range, then halving every `decay_days`
//   3. join the best story when sim >= threshold, else open a new story
//   4. when the article was also >= threshold to other stories, those whose centroids
//      now reach `merge_threshold` (cosine, with decay) merge into the older story
// The index keeps per-article cost flat as stories accumulate: posting lists and
// SimHash buckets are capped, and only a fixed number of candidates is scored exactly.
//
// Page chrome: a text shorter than `chrome_tokens` words seen `chrome_copies` times (an
// archive banner, a "tweet with a location" notice) opens a blocked singleton story, and
// the story of its first copy stops attracting articles (trade-off: a short wire brief
// reprinted that often is split from its third copy on; chrome_tokens = 0 turns it off).
//
// Bad input: texts with fewer than `min_terms` distinct terms (empty, one word) open a
// singleton story that is never indexed, so they neither join nor attract others.
// Publication times outside 1990..2100 count as unknown; unknown times give no decay
// and never widen a story's time range.
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "cluster/internal.h"

namespace storyline::cluster {

using detail::SparseVector;
using detail::Term;
using detail::TermId;

namespace {

constexpr UnixTime kMinPlausible = 631152000;   // 1990-01-01
constexpr UnixTime kMaxPlausible = 4102444800;  // 2100-01-01
constexpr std::size_t kMinDuplicateTokens = 10; // shorter texts are never near-duplicates
constexpr float kCandidateFloor = 0.25f;        // candidates need this share of the best overlap
constexpr std::size_t kBandCap = 256;           // SimHash records kept per band value
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

UnixTime plausible_time(UnixTime t) { return t >= kMinPlausible && t < kMaxPlausible ? t : 0; }

}  // namespace

struct Clusterer::Impl {
  struct Story {
    StoryId id = 0;
    SparseVector centroid;  // sum of member tf vectors (strongest `centroid_terms` kept)
    double norm = 0;        // |centroid * idf|, cached ...
    std::size_t norm_docs = 0;  // ... as of this many documents (0 = stale)
    std::vector<std::pair<std::uint64_t, ArticleId>> members;  // (arrival seq, article id)
    UnixTime first = 0, last = 0;  // known publication times of the members
    std::size_t merged_into = kNone;
    bool blocked = false;  // never attracts (singleton of a short text, page chrome)
    // Terms this story is posted under, with the absolute position of the posting.
    std::vector<std::pair<TermId, std::uint64_t>> posted;
  };
  struct Postings {
    std::vector<std::uint32_t> stories;  // story indexes, oldest first
    std::uint64_t base = 0;              // postings ever trimmed from the front
  };
  struct DupRecord {
    std::uint64_t hash = 0;
    ArticleId original = 0;   // the first article of this text
    std::size_t story = 0;    // story index of the original (resolve through merges)
  };

  Config config;
  detail::TfIdf tfidf;
  std::vector<Story> stories;
  std::vector<Postings> index;  // by term id
  std::vector<DupRecord> dups;
  std::unordered_map<ArticleId, std::size_t> copies;  // original -> near-duplicates seen
  // SimHash bands: band value -> (hash, record) of the most recent records with it.
  std::vector<std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint64_t, std::uint32_t>>>>
      bands;
  int band_bits = 16;
  std::uint64_t seq = 0;
  Stats stats;
  // Scratch space for candidate collection, indexed by story.
  std::vector<float> acc;
  std::vector<std::uint32_t> cand_stamp, term_stamp;
  std::uint32_t cand_clock = 0, term_clock = 0;
  // The current article's tf-idf * idf, scattered by term id (zero elsewhere), so a
  // centroid is scored with one branch-free pass over its terms.
  std::vector<float> query;

  explicit Impl(const Config& c) : config(c), tfidf(c) {
    // Pigeonhole: two hashes within k bits agree exactly on at least one of k+1 bands.
    const int nbands = std::clamp(config.duplicate_bits + 1, 1, 16);
    band_bits = 64 / nbands;
    bands.resize(static_cast<std::size_t>(nbands));
  }

  std::size_t resolve(std::size_t s) {
    std::size_t r = s;
    while (stories[r].merged_into != kNone) r = stories[r].merged_into;
    while (stories[s].merged_into != kNone) {  // path compression
      const std::size_t next = stories[s].merged_into;
      stories[s].merged_into = r;
      s = next;
    }
    return r;
  }

  double decay(UnixTime t, UnixTime first, UnixTime last) const {
    if (t == 0 || first == 0) return 1.0;
    const UnixTime gap = t < first ? first - t : (t > last ? t - last : 0);
    const double days = static_cast<double>(gap) / 86400.0;
    if (days <= 1.0) return 1.0;
    return std::pow(0.5, (days - 1.0) / std::max(config.decay_days, 1e-3));
  }
  // Decay between two stories' time ranges.
  double decay_ranges(const Story& a, const Story& b) const {
    if (a.first == 0 || b.first == 0) return 1.0;
    if (a.last < b.first) return decay(a.last, b.first, b.last);
    if (b.last < a.first) return decay(b.last, a.first, a.last);
    return 1.0;
  }

  // |centroid * idf|; idf drifts slowly, so the norm is recomputed only when the
  // story changed or the collection grew by 5% since.
  double norm(Story& st) {
    const std::size_t n = tfidf.documents();
    if (st.norm_docs == 0 || n > st.norm_docs + st.norm_docs / 20) {
      double s = 0;
      for (const Term& t : st.centroid) {
        const double w = static_cast<double>(t.w) * tfidf.idf(t.id);
        s += w * w;
      }
      st.norm = std::sqrt(s);
      st.norm_docs = std::max<std::size_t>(n, 1);
    }
    return st.norm;
  }

  // Cosine of two centroids under the current idf.
  double centroid_cosine(Story& a, Story& b) {
    const double na = norm(a), nb = norm(b);
    if (na <= 0 || nb <= 0) return 0;
    double s = 0;
    std::size_t i = 0, j = 0;
    while (i < a.centroid.size() && j < b.centroid.size()) {
      if (a.centroid[i].id < b.centroid[j].id) {
        ++i;
      } else if (b.centroid[j].id < a.centroid[i].id) {
        ++j;
      } else {
        const double idf = tfidf.idf(a.centroid[i].id);
        s += static_cast<double>(a.centroid[i].w) * b.centroid[j].w * idf * idf;
        ++i;
        ++j;
      }
    }
    return s / (na * nb);
  }

  std::uint64_t band(std::uint64_t h, std::size_t b) const {
    const int shift = static_cast<int>(b) * band_bits;
    if (b + 1 == bands.size()) return h >> shift;  // the last band takes the remaining bits
    return (h >> shift) & ((1ULL << band_bits) - 1);
  }

  // Index of the closest earlier near-duplicate record, or kNone. Only the most recent
  // `kBandCap` records per band value are kept, so the cost stays flat as records grow
  // (wire copies arrive close together; an old copy beyond the window is missed).
  std::size_t find_duplicate(std::uint64_t h) {
    std::size_t best = kNone;
    int best_d = config.duplicate_bits + 1;
    for (std::size_t b = 0; b < bands.size(); ++b) {
      const auto it = bands[b].find(band(h, b));
      if (it == bands[b].end()) continue;
      for (const auto& [hash, r] : it->second) {
        const int d = hamming(h, hash);
        if (d < best_d || (d == best_d && r < best)) {
          best_d = d;
          best = r;
        }
      }
    }
    return best;
  }

  void remember_hash(std::uint64_t h, ArticleId original, std::size_t story) {
    const auto r = static_cast<std::uint32_t>(dups.size());
    dups.push_back({h, original, story});
    for (std::size_t b = 0; b < bands.size(); ++b) {
      auto& bucket = bands[b][band(h, b)];
      bucket.emplace_back(h, r);
      if (bucket.size() > 2 * kBandCap)  // amortized trim to the newest kBandCap
        bucket.erase(bucket.begin(), bucket.end() - static_cast<std::ptrdiff_t>(kBandCap));
    }
  }

  // (Re)posts a story under its strongest centroid terms (by tf * idf). A posting is
  // renewed when it has drifted to the older half of its list, so active stories stay
  // findable while posting lists stay capped.
  void post(std::size_t s) {
    Story& st = stories[s];
    if (st.blocked) return;
    SparseVector weighted = st.centroid;
    for (Term& t : weighted) t.w *= tfidf.idf(t.id);
    std::vector<std::pair<TermId, std::uint64_t>> now;
    for (const Term& t : detail::strongest(weighted, config.index_terms)) {
      if (t.id >= index.size()) index.resize(t.id + 1);
      Postings& p = index[t.id];
      const std::uint64_t total = p.base + p.stories.size();
      const auto old = std::find_if(st.posted.begin(), st.posted.end(),
                                    [&](const auto& x) { return x.first == t.id; });
      if (old != st.posted.end() && old->second >= p.base &&
          old->second + config.posting_cap / 2 >= total) {
        now.push_back(*old);
        continue;
      }
      p.stories.push_back(static_cast<std::uint32_t>(s));
      now.emplace_back(t.id, total);
      const std::size_t cap = std::max<std::size_t>(config.posting_cap, 2);
      if (p.stories.size() > 2 * cap) {  // amortized trim to the newest `cap`
        const std::size_t drop = p.stories.size() - cap;
        p.stories.erase(p.stories.begin(), p.stories.begin() + static_cast<std::ptrdiff_t>(drop));
        p.base += drop;
      }
    }
    st.posted = std::move(now);
  }

  void set_centroid(Story& st, SparseVector c) {
    detail::keep_strongest(c, config.centroid_terms);
    st.centroid = std::move(c);
    st.norm_docs = 0;
  }

  void widen(Story& st, UnixTime t) {
    if (t == 0) return;
    st.first = st.first == 0 ? t : std::min(st.first, t);
    st.last = std::max(st.last, t);
  }

  // Live, unblocked stories sharing strong terms with `v`, the best `max_candidates` by
  // the summed weight of the shared terms.
  std::vector<std::size_t> candidates(const SparseVector& v) {
    if (acc.size() < stories.size()) {
      acc.resize(stories.size(), 0.0f);
      cand_stamp.resize(stories.size(), 0);
      term_stamp.resize(stories.size(), 0);
    }
    ++cand_clock;
    std::vector<std::size_t> out;
    for (const Term& t : detail::strongest(v, config.query_terms)) {
      if (t.id >= index.size()) continue;
      ++term_clock;
      const auto& list = index[t.id].stories;
      for (auto i = list.size(); i-- > 0;) {
        const std::size_t s = resolve(list[i]);
        if (term_stamp[s] == term_clock || stories[s].blocked) continue;
        term_stamp[s] = term_clock;
        if (cand_stamp[s] != cand_clock) {
          cand_stamp[s] = cand_clock;
          acc[s] = 0;
          out.push_back(s);
        }
        acc[s] += t.w;
      }
    }
    const auto by_acc = [&](std::size_t a, std::size_t b) {
      return acc[a] != acc[b] ? acc[a] > acc[b] : a < b;
    };
    if (out.size() > config.max_candidates) {
      std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(config.max_candidates),
                        out.end(), by_acc);
      out.resize(config.max_candidates);
    } else {
      std::sort(out.begin(), out.end(), by_acc);
    }
    // Stories sharing much less query weight than the best one cannot win: skip them.
    if (!out.empty()) {
      const float floor = kCandidateFloor * acc[out.front()];
      while (!out.empty() && acc[out.back()] < floor) out.pop_back();
    }
    return out;
  }

  std::size_t open_story(const SparseVector& tf, UnixTime t, ArticleId id, bool joinable) {
    Story st;
    st.id = static_cast<StoryId>(stories.size() + 1);
    st.members.emplace_back(seq, id);
    widen(st, t);
    st.blocked = !joinable;
    if (joinable) set_centroid(st, tf);
    stories.push_back(std::move(st));
    ++stats.stories_created;
    const std::size_t s = stories.size() - 1;
    post(s);
    return s;
  }

  // Merges story b into story a (a is the older one and survives).
  void merge(std::size_t a, std::size_t b) {
    if (a > b) std::swap(a, b);
    Story& sa = stories[a];
    Story& sb = stories[b];
    std::vector<std::pair<std::uint64_t, ArticleId>> members;
    members.reserve(sa.members.size() + sb.members.size());
    std::merge(sa.members.begin(), sa.members.end(), sb.members.begin(), sb.members.end(),
               std::back_inserter(members));
    sa.members = std::move(members);
    sb.members.clear();
    sb.members.shrink_to_fit();
    widen(sa, sb.first);
    widen(sa, sb.last);
    set_centroid(sa, detail::add(sa.centroid, sb.centroid));
    sb.centroid.clear();
    sb.centroid.shrink_to_fit();
    sb.merged_into = a;
    ++stats.merges;
    post(a);
  }

  Assignment add(const Article& a, ArticleId id) {
    ++seq;
    ++stats.articles;
    const UnixTime t = plausible_time(a.published);
    const std::string_view body = detail::truncate_utf8(a.text, config.max_text_bytes);
    const auto tokens = text::tokenize(body);
    const detail::TfIdf::Doc doc = tfidf.vectorize(a.title, body, tokens);
    const bool joinable = doc.vec.size() >= std::max<std::size_t>(config.min_terms, 1);

    Assignment out;
    out.article = id;
    out.similarity = 1.0;

    // Near-duplicates join the story of their original...
    std::uint64_t h = 0;
    const bool hashable = joinable && tokens.size() >= kMinDuplicateTokens;
    if (hashable) {
      h = detail::simhash_tokens(tokens);
      if (const std::size_t r = find_duplicate(h); r != kNone) {
        const std::size_t s = resolve(dups[r].story);
        out.duplicate_of = dups[r].original;
        ++stats.duplicates;
        const bool short_text = tokens.size() < config.chrome_tokens;
        if (short_text && ++copies[dups[r].original] + 1 >= config.chrome_copies) {
          // ... except short texts seen verbatim `chrome_copies` times: page chrome
          // (archive banners, embed notices) rather than news. The copy stays alone and
          // the original's story stops attracting articles.
          stories[s].blocked = true;
          ++stats.boilerplate;
          out.story = stories[open_story(doc.tf, t, id, false)].id;
          out.new_story = true;
          return out;
        }
        Story& st = stories[s];
        st.members.emplace_back(seq, id);
        widen(st, t);
        out.story = st.id;
        const double n = norm(st);
        out.similarity = n > 0 ? weighted_dot(doc.vec, st.centroid) / n : 1.0;
        // The copy brings no new words: the centroid stays as it is.
        return out;
      }
    }

    if (!joinable) {
      ++stats.unjoinable;
      out.story = stories[open_story(doc.tf, t, id, false)].id;
      out.new_story = true;
      return out;
    }

    // Score candidates exactly: cos(article, centroid) under the current idf, times decay.
    struct Scored {
      std::size_t story;
      double sim;
    };
    std::vector<Scored> scored;
    scatter_query(doc.vec, true);
    for (const std::size_t s : candidates(doc.vec)) {
      Story& st = stories[s];
      const double n = norm(st);
      if (n <= 0) continue;
      const double sim = query_dot(st.centroid) / n * decay(t, st.first, st.last);
      scored.push_back({s, sim});
      ++stats.candidates_scored;
    }
    scatter_query(doc.vec, false);
    std::sort(scored.begin(), scored.end(), [](const Scored& x, const Scored& y) {
      return x.sim != y.sim ? x.sim > y.sim : x.story < y.story;
    });

    std::size_t s;
    if (scored.empty() || scored.front().sim < config.threshold) {
      s = open_story(doc.tf, t, id, true);
      out.new_story = true;
    } else {
      s = scored.front().story;
      out.similarity = scored.front().sim;
      Story& st = stories[s];
      st.members.emplace_back(seq, id);
      widen(st, t);
      set_centroid(st, detail::add(st.centroid, doc.tf));
      // Other stories this article was also close to: merge those whose centroids converged.
      for (std::size_t i = 1; i < scored.size() && scored[i].sim >= config.threshold; ++i) {
        const std::size_t o = resolve(scored[i].story);
        s = resolve(s);
        if (o == s) continue;
        const double c = centroid_cosine(stories[s], stories[o]) * decay_ranges(stories[s], stories[o]);
        if (c >= config.merge_threshold) merge(std::min(s, o), std::max(s, o));
      }
      s = resolve(s);
      post(s);
    }
    out.story = stories[s].id;
    if (hashable) remember_hash(h, id, s);
    return out;
  }

  // sum_t vec(t) * idf(t) * centroid(t): the article's tf-idf against the centroid's.
  // Uses the scattered `query` when it holds `vec` (scatter_query), else a merge.
  double weighted_dot(const SparseVector& vec, const SparseVector& centroid) const {
    double s = 0;
    std::size_t i = 0, j = 0;
    while (i < vec.size() && j < centroid.size()) {
      if (vec[i].id < centroid[j].id) {
        ++i;
      } else if (centroid[j].id < vec[i].id) {
        ++j;
      } else {
        s += static_cast<double>(vec[i].w) * centroid[j].w * tfidf.idf(vec[i].id);
        ++i;
        ++j;
      }
    }
    return s;
  }
  void scatter_query(const SparseVector& vec, bool set) {
    if (query.size() < tfidf.vocabulary()) query.resize(tfidf.vocabulary(), 0.0f);
    for (const Term& t : vec) query[t.id] = set ? t.w * tfidf.idf(t.id) : 0.0f;
  }
  double query_dot(const SparseVector& centroid) const {
    float s = 0;
    for (const Term& t : centroid) s += t.w * query[t.id];
    return s;
  }
};

Clusterer::Clusterer(Config config) : impl_(std::make_unique<Impl>(config)) {}
Clusterer::~Clusterer() = default;
Clusterer::Clusterer(Clusterer&&) noexcept = default;
Clusterer& Clusterer::operator=(Clusterer&&) noexcept = default;

Assignment Clusterer::add(const Article& a) { return impl_->add(a, a.id); }

std::vector<Clusterer::StoryMembers> Clusterer::stories() const {
  std::vector<StoryMembers> out;
  for (const auto& st : impl_->stories) {
    if (st.merged_into != kNone) continue;
    StoryMembers m;
    m.id = st.id;
    m.articles.reserve(st.members.size());
    for (const auto& [seq, id] : st.members) m.articles.push_back(id);
    out.push_back(std::move(m));
  }
  return out;
}

std::size_t Clusterer::story_count() const {
  return impl_->stats.stories_created - impl_->stats.merges;
}

Clusterer::Stats Clusterer::stats() const { return impl_->stats; }

std::vector<Assignment> cluster_all(const std::vector<Article>& articles, Config config) {
  std::vector<std::size_t> order(articles.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return articles[a].published < articles[b].published;
  });
  // Internally every article gets its input position + 1 as id, so unset (0) or repeated
  // ids still cluster correctly; ids are mapped back below.
  Clusterer c(config);
  std::vector<Assignment> out(articles.size());
  for (const std::size_t i : order) out[i] = c.impl_->add(articles[i], static_cast<ArticleId>(i + 1));
  // Stories may have merged after an article was placed: report final story ids.
  std::vector<StoryId> final_story(articles.size(), 0);
  for (const auto& s : c.stories())
    for (const ArticleId id : s.articles) final_story[static_cast<std::size_t>(id - 1)] = s.id;
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].article = articles[i].id;
    out[i].story = final_story[i];
    if (out[i].duplicate_of != 0)
      out[i].duplicate_of = articles[static_cast<std::size_t>(out[i].duplicate_of - 1)].id;
  }
  return out;
}

}  // namespace storyline::cluster
