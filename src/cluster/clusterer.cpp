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
// Expiry: a story quiet for longer than the horizon (Config::expire_days; by default the
// age at which the decay alone is below the threshold, 7.97 days, so no article dated at
// or after the stream clock could join it anyway) leaves memory: its index entries,
// centroid and member list, and the stories merged into it. Near-duplicate records older
// than the horizon go too (with their copy counts). Only live stories hold a slot (a small,
// recycled id); posting lists hold slots, so the index, the candidate scratch arrays, the
// centroids and the member lists scale with the stories active within the horizon, not
// with all the stories ever opened (an endless stream runs in flat memory, but for its
// vocabulary). Consequences (the rule): an out-of-order article dated before the
// clock, or an undated one, no longer joins a story that has expired; a near-duplicate
// of an article in an expired story is clustered like a new article. A story with no
// known time expires `horizon` after the clock (newest plausible time seen) last saw it
// joined; a stream with no times never expires anything.
//
// Page chrome by line: every short line (paragraph of at most `chrome_line_bytes`) is
// hashed; a line that has appeared in articles of `chrome_line_stories` different stories
// ("Media playback is unsupported on your device", comment-policy notices) is chrome and
// its words are no longer features. Wire copies repeat lines within one story, so they
// do not teach it. An article left with fewer than `min_terms` terms is a singleton.
//
// Page chrome: a text shorter than `chrome_tokens` words that is page furniture by what it
// says (detail::is_page_furniture: an archive banner, a "tweet with a location" notice, a
// browser prompt) and is seen `chrome_copies` times opens a blocked singleton story, and
// the story of its first copy stops attracting articles. How often a short text repeats
// says nothing by itself: a wire brief reprinted verbatim by five outlets is one story.
// chrome_tokens = 0 turns the rule off.
//
// Bad input: texts with fewer than `min_terms` distinct terms (empty, one word) open a
// singleton story that is never indexed, so they neither join nor attract others.
// Publication times outside 1990..2100 count as unknown; unknown times give no decay
// and never widen a story's time range.
#include <algorithm>
#include <array>
#include <deque>
#include <cmath>
#include <numeric>

#include "cluster/internal.h"

namespace storyline::cluster {

using detail::SparseVector;
using detail::Term;
using detail::TermId;

namespace {

constexpr std::size_t kMinDuplicateTokens = 10; // shorter texts are never near-duplicates
constexpr float kCandidateFloor = 0.25f;        // candidates need this share of the best overlap
constexpr std::size_t kBandCap = 256;           // SimHash records kept per band value
constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::size_t kLineOnce = std::size_t{1} << 16;  // lines seen once remembered (1 MiB)
constexpr std::size_t kLineCap = std::size_t{1} << 20;   // lines seen in 2+ stories remembered

UnixTime plausible_time(UnixTime t) { return t >= kFirstPlausibleTime && t < kEndPlausibleTime ? t : 0; }

}  // namespace

struct Clusterer::Impl {
  static constexpr std::uint32_t kNoSlot = static_cast<std::uint32_t>(-1);
  struct Story {
    StoryId id = 0;
    SparseVector centroid;  // sum of member tf vectors (strongest `centroid_terms` kept)
    double norm = 0;        // |centroid * idf|, cached ...
    std::size_t norm_docs = 0;  // ... as of this many documents (0 = stale)
    std::vector<std::pair<std::uint64_t, ArticleId>> members;  // (arrival seq, article id)
    UnixTime first = 0, last = 0;  // known publication times of the members
    UnixTime touched = 0;  // stream clock when a story with no known time was last active
    std::size_t merged_into = kNone;
    std::vector<std::size_t> absorbed;  // stories merged into this one (they go with it)
    bool blocked = false;  // never attracts (singleton of a short text, page chrome)
    std::uint32_t slot = kNoSlot;  // live slot while indexed (see `slot_story`)
    std::vector<TermId> posted;    // terms this story is posted under
  };
  struct DupRecord {
    std::uint64_t hash = 0;
    ArticleId original = 0;   // the first article of this text
    std::size_t story = 0;    // story index of the original (resolve through merges)
    UnixTime time = 0;        // stream clock when it was recorded
  };
  // A SimHash bucket: (hash, record) of the most recent records, oldest first from `head`.
  struct Bucket {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> entries;
    std::size_t head = 0;
  };

  // The stories in memory by story index (id - 1): live ones, and merged ones while the
  // story they went into is (for resolving). Expired stories are erased.
  class StoryTable {
   public:
    Story& operator[](std::size_t s) { return map_.find(s)->second; }
    const Story& operator[](std::size_t s) const { return map_.find(s)->second; }
    bool contains(std::size_t s) const { return map_.contains(s); }
    std::size_t add(Story st) {
      const std::size_t s = next_++;
      map_.emplace(s, std::move(st));
      return s;
    }
    std::size_t next() const { return next_; }  // the index the next story gets
    void erase(std::size_t s) { map_.erase(s); }
    void put(std::size_t s, Story st) { map_.insert_or_assign(s, std::move(st)); }
    void set_next(std::size_t n) { next_ = n; }
    std::size_t size() const { return map_.size(); }
    const std::unordered_map<std::size_t, Story>& all() const { return map_; }
    std::unordered_map<std::size_t, Story>& all_mutable() { return map_; }

   private:
    std::unordered_map<std::size_t, Story> map_;
    std::size_t next_ = 0;
  };

  Config config;
  detail::TfIdf tfidf;
  StoryTable stories;
  // Inverted index: term id -> live slots posted under it, oldest first. Only live
  // (unexpired, unmerged, unblocked) stories have a slot; slots are small dense ids that
  // are recycled, so the index and the candidate scratch arrays stay as small as the set
  // of live stories, however many stories the stream has opened.
  std::vector<std::vector<std::uint32_t>> index;
  std::vector<std::size_t> slot_story;  // slot -> story index (kNone when free)
  std::vector<std::uint32_t> free_slots;
  // Near-duplicate records in recording order (so by time); record r is dups[r - dups_base].
  // Records older than the horizon are dropped from the front.
  std::deque<DupRecord> dups;
  std::uint64_t dups_base = 0;
  std::unordered_map<ArticleId, std::size_t> copies;  // original -> near-duplicates seen
  std::vector<StoryId> expired_ids;                   // stories expired, not yet taken
  // SimHash bands: band value -> the most recent records with it.
  std::vector<std::unordered_map<std::uint64_t, Bucket>> bands;
  int band_bits = 16;
  std::uint64_t seq = 0;
  Stats stats;
  std::vector<std::pair<StoryId, StoryId>> merges;  // (from, into) not yet taken
  // Expiry: the stream clock (newest plausible time seen) and the horizon in seconds.
  UnixTime clock = 0;
  UnixTime horizon = 0;  // 0 = never expire
  UnixTime next_sweep = 0;
  std::size_t adds_since_sweep = 0;
  // Scratch space for candidate collection, indexed by slot.
  std::vector<float> acc;
  std::vector<std::uint32_t> cand_stamp, term_stamp;
  std::uint32_t cand_clock = 0, term_clock = 0;
  std::vector<std::uint32_t> cand_out;
  struct Scored {
    std::size_t story;
    double sim;
  };
  std::vector<Scored> scored;
  std::vector<Term> scratch_terms;
  SparseVector scratch_weighted;
  std::vector<TermId> scratch_posted;
  // Page-chrome lines: hash of a short line -> its entry in `line_stats`.
  struct LineStat {
    std::uint32_t last_story = 0;  // story index + 1 of the last article with the line
    std::uint32_t stories = 0;     // story changes seen (distinct stories, roughly)
  };
  detail::HashMap64 line_ids;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> line_once;  // (hash, story + 1)
  std::vector<LineStat> line_stats;
  struct Line {
    std::uint32_t begin, end;
    std::uint64_t hash;
  };
  std::vector<Line> lines;          // the current article's short lines
  std::vector<std::uint8_t> skip;   // the current article's tokens in chrome lines
  // The current article's tf-idf * idf, scattered by term id (zero elsewhere), so a
  // centroid is scored with one branch-free pass over its terms.
  std::vector<float> query;

  // ---- snapshot: every field that decides future placements, in a fixed order ----
  static constexpr std::uint32_t kSnapshotMagic = 0x534c4353;  // "SCLS"
  static constexpr std::uint32_t kSnapshotVersion = 1;

  void save(detail::ByteWriter& w) const {
    w.put(kSnapshotMagic);
    w.put(kSnapshotVersion);
    w.put<std::uint64_t>(bands.size());
    w.put<std::int64_t>(horizon);
    tfidf.save(w);
    std::vector<std::size_t> keys;
    keys.reserve(stories.size());
    for (const auto& [k, st] : stories.all()) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    w.put<std::uint64_t>(stories.next());
    w.put<std::uint64_t>(keys.size());
    for (const std::size_t k : keys) {
      const Story& st = stories[k];
      w.put<std::uint64_t>(k);
      w.put(st.id);
      w.vec(st.centroid);
      w.put(st.norm);
      w.put<std::uint64_t>(st.norm_docs);
      w.put<std::uint64_t>(st.members.size());
      for (const auto& [q, a] : st.members) {
        w.put(q);
        w.put(a);
      }
      w.put(st.first);
      w.put(st.last);
      w.put(st.touched);
      w.put<std::uint64_t>(st.merged_into);
      w.vec(st.absorbed);
      w.put<std::uint8_t>(st.blocked ? 1 : 0);
      w.put(st.slot);
      w.vec(st.posted);
    }
    w.put<std::uint64_t>(index.size());
    for (const auto& list : index) w.vec(list);
    w.vec(slot_story);
    w.vec(free_slots);
    w.put(dups_base);
    w.put<std::uint64_t>(dups.size());
    for (const DupRecord& r : dups) w.put(r);
    std::vector<std::pair<ArticleId, std::size_t>> cp(copies.begin(), copies.end());
    std::sort(cp.begin(), cp.end());
    w.put<std::uint64_t>(cp.size());
    for (const auto& [a, n] : cp) {
      w.put(a);
      w.put<std::uint64_t>(n);
    }
    w.vec(expired_ids);
    for (const auto& band_map : bands) {
      std::vector<std::uint64_t> values;
      values.reserve(band_map.size());
      for (const auto& [v, bucket] : band_map) values.push_back(v);
      std::sort(values.begin(), values.end());
      w.put<std::uint64_t>(values.size());
      for (const std::uint64_t v : values) {
        const Bucket& b = band_map.at(v);
        w.put(v);
        w.put<std::uint64_t>(b.entries.size() - b.head);
        for (std::size_t k = b.head; k < b.entries.size(); ++k) {
          w.put(b.entries[k].first);
          w.put(b.entries[k].second);
        }
      }
    }
    w.put(seq);
    w.put(stats);
    w.put<std::uint64_t>(merges.size());
    for (const auto& [f, i] : merges) {
      w.put(f);
      w.put(i);
    }
    w.put(clock);
    w.put(next_sweep);
    w.put<std::uint64_t>(adds_since_sweep);
    line_ids.save(w);
    w.put<std::uint64_t>(line_once.size());
    for (const auto& [h, st] : line_once) {
      w.put(h);
      w.put(st);
    }
    w.vec(line_stats);
  }

  void load(detail::ByteReader& r) {
    using detail::ByteReader;
    if (r.get<std::uint32_t>() != kSnapshotMagic || r.get<std::uint32_t>() != kSnapshotVersion ||
        r.get<std::uint64_t>() != bands.size() || r.get<std::int64_t>() != horizon)
      ByteReader::fail();
    tfidf.load(r);
    const auto next = r.get<std::uint64_t>();
    const auto n = r.get<std::uint64_t>();
    StoryTable table;
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(r.get<std::uint64_t>());
      Story st;
      st.id = r.get<StoryId>();
      r.vec(st.centroid);
      st.norm = r.get<double>();
      st.norm_docs = static_cast<std::size_t>(r.get<std::uint64_t>());
      const auto m = r.get<std::uint64_t>();
      if (m > (1u << 30)) ByteReader::fail();
      st.members.reserve(static_cast<std::size_t>(m));
      for (std::uint64_t j = 0; j < m; ++j) {
        const auto q = r.get<std::uint64_t>();
        st.members.emplace_back(q, r.get<ArticleId>());
      }
      st.first = r.get<UnixTime>();
      st.last = r.get<UnixTime>();
      st.touched = r.get<UnixTime>();
      st.merged_into = static_cast<std::size_t>(r.get<std::uint64_t>());
      r.vec(st.absorbed);
      st.blocked = r.get<std::uint8_t>() != 0;
      st.slot = r.get<std::uint32_t>();
      r.vec(st.posted);
      if (k >= next || st.id != static_cast<StoryId>(k + 1)) ByteReader::fail();
      table.put(k, std::move(st));
    }
    table.set_next(static_cast<std::size_t>(next));
    stories = std::move(table);
    const auto terms = r.get<std::uint64_t>();
    if (terms > tfidf.vocabulary() + 1) ByteReader::fail();
    index.assign(static_cast<std::size_t>(terms), {});
    for (auto& list : index) r.vec(list);
    r.vec(slot_story);
    r.vec(free_slots);
    dups_base = r.get<std::uint64_t>();
    dups.clear();
    for (auto k = r.get<std::uint64_t>(); k > 0; --k) dups.push_back(r.get<DupRecord>());
    copies.clear();
    for (auto k = r.get<std::uint64_t>(); k > 0; --k) {
      const auto a = r.get<ArticleId>();
      copies[a] = static_cast<std::size_t>(r.get<std::uint64_t>());
    }
    r.vec(expired_ids);
    for (auto& band_map : bands) {
      band_map.clear();
      for (auto k = r.get<std::uint64_t>(); k > 0; --k) {
        Bucket& b = band_map[r.get<std::uint64_t>()];
        const auto e = r.get<std::uint64_t>();
        if (e > kBandCap * 4) ByteReader::fail();
        for (std::uint64_t j = 0; j < e; ++j) {
          const auto h = r.get<std::uint64_t>();
          b.entries.emplace_back(h, r.get<std::uint64_t>());
        }
      }
    }
    seq = r.get<std::uint64_t>();
    stats = r.get<Stats>();
    merges.clear();
    for (auto k = r.get<std::uint64_t>(); k > 0; --k) {
      const auto f = r.get<StoryId>();
      merges.emplace_back(f, r.get<StoryId>());
    }
    clock = r.get<UnixTime>();
    next_sweep = r.get<UnixTime>();
    adds_since_sweep = static_cast<std::size_t>(r.get<std::uint64_t>());
    line_ids.load(r);
    line_once.clear();
    const auto once = r.get<std::uint64_t>();
    if (once != 0 && once != kLineOnce) ByteReader::fail();
    line_once.reserve(static_cast<std::size_t>(once));
    for (std::uint64_t k = 0; k < once; ++k) {
      const auto h = r.get<std::uint64_t>();
      line_once.emplace_back(h, r.get<std::uint32_t>());
    }
    r.vec(line_stats);
    if (!r.done()) ByteReader::fail();
    // Consistency of what lookups index with: slots, postings, stories.
    for (const std::size_t st : slot_story)
      if (st != kNone && !stories.contains(st)) ByteReader::fail();
    for (const std::uint32_t f : free_slots)
      if (f >= slot_story.size()) ByteReader::fail();
    for (const auto& list : index)
      for (const std::uint32_t slot : list)
        if (slot >= slot_story.size()) ByteReader::fail();
    for (const auto& [k, st] : stories.all())
      if (st.slot != kNoSlot && (st.slot >= slot_story.size() || slot_story[st.slot] != k)) ByteReader::fail();
    // Scratch space, sized by the slots, as it was (zeros between uses).
    acc.assign(slot_story.size(), 0.0f);
    cand_stamp.assign(slot_story.size(), 0);
    term_stamp.assign(slot_story.size(), 0);
    cand_clock = term_clock = 0;
    query.clear();
  }

  explicit Impl(const Config& c) : config(c), tfidf(c) {
    // Pigeonhole: two hashes within k bits agree exactly on at least one of k+1 bands.
    const int nbands = std::clamp(config.duplicate_bits + 1, 1, 16);
    band_bits = 64 / nbands;
    bands.resize(static_cast<std::size_t>(nbands));
    // Horizon: past it the decay alone is below the join threshold (cos <= 1), so an
    // article newer than the stream clock could not join the story anyway.
    double days = config.expire_days;
    if (days < 0) {
      const double th = std::clamp(config.threshold, 1e-6, 1.0);
      days = 1.0 + std::max(config.decay_days, 1e-3) * std::log2(1.0 / th);
    }
    if (days > 0) horizon = static_cast<UnixTime>(std::ceil(days * 86400.0));
  }

  // The story `s` went into (itself when not merged; an index no longer in `stories` when
  // it has expired).
  std::size_t resolve(std::size_t s) {
    if (!stories.contains(s)) return s;
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

  bool record_expired(const DupRecord& r) const {
    return horizon > 0 && r.time > 0 && clock - r.time > horizon;
  }

  // Index of the closest earlier near-duplicate record, or kNone. Only the most recent
  // `kBandCap` records per band value are kept (and none older than the horizon), so the
  // cost stays flat as records grow (wire copies arrive close together; an old copy
  // beyond the window is missed). A copy of an article whose story has expired is not
  // matched: it is clustered like any new article.
  std::size_t find_duplicate(std::uint64_t h) {
    std::size_t best = kNone;
    int best_d = config.duplicate_bits + 1;
    for (std::size_t b = 0; b < bands.size(); ++b) {
      const auto it = bands[b].find(band(h, b));
      if (it == bands[b].end()) continue;
      const Bucket& bucket = it->second;
      for (std::size_t k = bucket.head; k < bucket.entries.size(); ++k) {
        const auto& [hash, r] = bucket.entries[k];
        if (r < dups_base) continue;  // dropped
        const int d = hamming(h, hash);
        if (d < best_d || (d == best_d && r < best)) {
          const DupRecord& rec = record(r);
          if (!stories.contains(resolve(rec.story)) || record_expired(rec)) continue;
          best_d = d;
          best = r;
        }
      }
    }
    return best;
  }

  DupRecord& record(std::uint64_t r) { return dups[static_cast<std::size_t>(r - dups_base)]; }
  bool record_dropped_or_expired(std::uint64_t r) const {
    return r < dups_base || record_expired(dups[static_cast<std::size_t>(r - dups_base)]);
  }

  // Drops the oldest records once they are past the horizon or their story has left
  // memory, with their copy counts (a record is found by no lookup after that).
  void drop_old_records() {
    while (!dups.empty() && (record_expired(dups.front()) || !stories.contains(resolve(dups.front().story)))) {
      copies.erase(dups.front().original);
      dups.pop_front();
      ++dups_base;
    }
  }

  void remember_hash(std::uint64_t h, ArticleId original, std::size_t story) {
    const std::uint64_t r = dups_base + dups.size();
    dups.push_back({h, original, story, clock});
    for (std::size_t b = 0; b < bands.size(); ++b) {
      Bucket& bucket = bands[b][band(h, b)];
      bucket.entries.emplace_back(h, r);
      // Drop records older than the horizon and beyond the newest kBandCap from the front.
      while (bucket.head < bucket.entries.size() &&
             (bucket.entries.size() - bucket.head > kBandCap ||
              record_dropped_or_expired(bucket.entries[bucket.head].second)))
        ++bucket.head;
      if (bucket.head > 64 && bucket.head * 2 > bucket.entries.size()) {  // amortized compaction
        bucket.entries.erase(bucket.entries.begin(),
                             bucket.entries.begin() + static_cast<std::ptrdiff_t>(bucket.head));
        bucket.head = 0;
      }
    }
  }

  static void erase_value(std::vector<std::uint32_t>& v, std::uint32_t x) {
    for (auto i = v.size(); i-- > 0;)  // recent postings are at the back
      if (v[i] == x) {
        v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
  }
  static void erase_term(std::vector<TermId>& v, TermId t) {
    const auto it = std::find(v.begin(), v.end(), t);
    if (it != v.end()) {
      *it = v.back();
      v.pop_back();
    }
  }

  std::uint32_t take_slot(std::size_t s) {
    std::uint32_t slot;
    if (!free_slots.empty()) {
      slot = free_slots.back();
      free_slots.pop_back();
      slot_story[slot] = s;
    } else {
      slot = static_cast<std::uint32_t>(slot_story.size());
      slot_story.push_back(s);
      acc.push_back(0.0f);
      cand_stamp.push_back(0);
      term_stamp.push_back(0);
    }
    return slot;
  }

  // Removes a story from the index and frees its slot (merged, blocked or expired).
  void unindex(std::size_t s) {
    Story& st = stories[s];
    if (st.slot == kNoSlot) return;
    for (const TermId t : st.posted) erase_value(index[t], st.slot);
    st.posted.clear();
    st.posted.shrink_to_fit();
    slot_story[st.slot] = kNone;
    free_slots.push_back(st.slot);
    st.slot = kNoSlot;
  }

  // (Re)posts a story under its strongest centroid terms (by tf * idf): postings for terms
  // that are no longer among them are removed, new ones appended. A posting list longer
  // than 2 x `posting_cap` drops its oldest half (those stories stay findable through
  // their other terms), so the cost of a lookup stays bounded on very common terms.
  void post(std::size_t s) {
    Story& st = stories[s];
    if (st.blocked || st.merged_into != kNone) return;
    if (st.slot == kNoSlot) st.slot = take_slot(s);
    const std::uint32_t slot = st.slot;
    scratch_weighted.assign(st.centroid.begin(), st.centroid.end());
    for (Term& t : scratch_weighted) t.w *= tfidf.idf(t.id);
    detail::strongest_into(scratch_weighted, config.index_terms, scratch_terms);
    scratch_posted.clear();
    for (const Term& t : scratch_terms) scratch_posted.push_back(t.id);
    // Terms dropped from the strongest set.
    for (const TermId t : st.posted)
      if (std::find(scratch_posted.begin(), scratch_posted.end(), t) == scratch_posted.end())
        erase_value(index[t], slot);
    const std::size_t cap = std::max<std::size_t>(config.posting_cap, 2);
    for (const TermId t : scratch_posted) {
      if (std::find(st.posted.begin(), st.posted.end(), t) != st.posted.end()) continue;
      if (t >= index.size()) index.resize(t + 1);
      auto& list = index[t];
      list.push_back(slot);
      if (list.size() > 2 * cap) {  // amortized trim to the newest `cap`
        const std::size_t drop = list.size() - cap;
        for (std::size_t k = 0; k < drop; ++k) erase_term(stories[slot_story[list[k]]].posted, t);
        list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(drop));
      }
    }
    // (Trims above only drop other stories: this one was not yet posted under those terms.)
    st.posted.assign(scratch_posted.begin(), scratch_posted.end());
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
  void touch(Story& st) { st.touched = clock; }

  // Advances the stream clock and, every so often, expires the stories that have been
  // quiet for longer than the horizon: a story whose newest known time (or, with none,
  // the clock when it was last joined) is more than `horizon` older than the clock leaves
  // memory (index entries, centroid, members, and the stories merged into it); an article
  // that would have matched it opens a new story. The sweep runs when the clock moved
  // by 1/16 of the horizon and at least a quarter of the live (indexed) stories were added
  // since, so its cost per article is constant.
  void advance(UnixTime t) {
    ++adds_since_sweep;
    if (t > clock) clock = t;
    if (horizon == 0 || clock == 0 || clock < next_sweep) return;
    const std::size_t live = slot_story.size() - free_slots.size();
    if (adds_since_sweep * 4 < live) return;
    adds_since_sweep = 0;
    next_sweep = clock + std::max<UnixTime>(horizon / 16, 1);
    std::vector<std::size_t> quiet;
    for (auto& [s, st] : stories.all_mutable()) {
      if (st.merged_into != kNone) continue;  // goes with the story it went into
      UnixTime active = st.last != 0 ? st.last : st.touched;
      if (active == 0) active = st.touched = clock;  // timeless so far: its clock starts now
      if (clock - active > horizon) quiet.push_back(s);
    }
    std::sort(quiet.begin(), quiet.end());
    for (const std::size_t s : quiet) expire(s);
    drop_old_records();
  }

  void expire(std::size_t s) {
    unindex(s);
    Story& st = stories[s];
    expired_ids.push_back(st.id);
    for (const std::size_t m : st.absorbed) stories.erase(m);
    stories.erase(s);
    ++stats.expired;
  }

  // Live stories sharing strong terms with `v`, the best `max_candidates` by the summed
  // weight of the shared terms, as story indexes (in `cand_out`, reused).
  void candidates(const SparseVector& v) {
    ++cand_clock;
    cand_out.clear();
    detail::strongest_into(v, config.query_terms, scratch_terms);
    for (const Term& t : scratch_terms) {
      if (t.id >= index.size()) continue;
      ++term_clock;
      for (const std::uint32_t slot : index[t.id]) {
        if (term_stamp[slot] == term_clock) continue;
        term_stamp[slot] = term_clock;
        if (cand_stamp[slot] != cand_clock) {
          cand_stamp[slot] = cand_clock;
          acc[slot] = 0;
          cand_out.push_back(slot);
        }
        acc[slot] += t.w;
      }
    }
    const auto by_acc = [&](std::uint32_t a, std::uint32_t b) {
      return acc[a] != acc[b] ? acc[a] > acc[b] : slot_story[a] < slot_story[b];
    };
    if (cand_out.size() > config.max_candidates) {
      std::partial_sort(cand_out.begin(),
                        cand_out.begin() + static_cast<std::ptrdiff_t>(config.max_candidates),
                        cand_out.end(), by_acc);
      cand_out.resize(config.max_candidates);
    } else {
      std::sort(cand_out.begin(), cand_out.end(), by_acc);
    }
    // Stories sharing much less query weight than the best one cannot win: skip them.
    if (!cand_out.empty()) {
      const float floor = kCandidateFloor * acc[cand_out.front()];
      while (!cand_out.empty() && acc[cand_out.back()] < floor) cand_out.pop_back();
    }
    for (auto& c : cand_out) c = static_cast<std::uint32_t>(slot_story[c]);
  }

  std::size_t open_story(const SparseVector& tf, UnixTime t, ArticleId id, bool joinable) {
    Story st;
    st.id = static_cast<StoryId>(stories.next() + 1);
    st.members.emplace_back(seq, id);
    widen(st, t);
    touch(st);
    st.blocked = !joinable;
    if (joinable) set_centroid(st, tf);
    const std::size_t s = stories.add(std::move(st));
    ++stats.stories_created;
    post(s);
    return s;
  }

  // Merges story b into story a (a is the older one and survives).
  void merge(std::size_t a, std::size_t b) {
    if (a > b) std::swap(a, b);
    unindex(b);
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
    sa.touched = std::max(sa.touched, sb.touched);
    set_centroid(sa, detail::add(sa.centroid, sb.centroid));
    sb.centroid.clear();
    sb.centroid.shrink_to_fit();
    sb.merged_into = a;
    sa.absorbed.push_back(b);
    sa.absorbed.insert(sa.absorbed.end(), sb.absorbed.begin(), sb.absorbed.end());
    sb.absorbed.clear();
    sb.absorbed.shrink_to_fit();
    ++stats.merges;
    merges.push_back({sb.id, sa.id});
    post(a);
  }

  // The short lines of `body` (into `lines`) and which tokens lie in known chrome lines
  // (into `skip`); false when none does.
  bool find_chrome(std::string_view body, const std::vector<text::Token>& tokens) {
    lines.clear();
    if (config.chrome_line_stories == 0) return false;
    std::size_t b = 0;
    bool any = false;
    while (b < body.size()) {
      std::size_t e = body.find('\n', b);
      if (e == std::string_view::npos) e = body.size();
      std::size_t lb = b, le = e;
      while (lb < le && (body[lb] == ' ' || body[lb] == '\t' || body[lb] == '\r')) ++lb;
      while (le > lb && (body[le - 1] == ' ' || body[le - 1] == '\t' || body[le - 1] == '\r')) --le;
      if (le > lb && le - lb <= config.chrome_line_bytes) {
        const std::uint64_t h = text::hash64(body.substr(lb, le - lb), 0x6c696e65);
        lines.push_back({static_cast<std::uint32_t>(lb), static_cast<std::uint32_t>(le), h});
        const std::uint32_t i = line_ids.find(h);
        if (i != detail::HashMap64::kMissing && line_stats[i].stories >= config.chrome_line_stories) {
          lines.back().begin |= 0x80000000u;  // mark: chrome
          any = true;
        }
      }
      b = e + 1;
    }
    if (!any) return false;
    skip.assign(tokens.size(), 0);
    std::size_t k = 0;
    for (const Line& l : lines) {
      if ((l.begin & 0x80000000u) == 0) continue;
      const std::uint32_t lb = l.begin & 0x7fffffffu;
      while (k < tokens.size() && tokens[k].begin < lb) ++k;
      for (; k < tokens.size() && tokens[k].begin < l.end; ++k) skip[k] = 1;
    }
    return true;
  }

  // Counts the current article's short lines for story `s` (see `find_chrome`). A line seen
  // once sits in the fixed-size `line_once` table (newer lines overwrite older ones); seen
  // again in another story it moves to `line_ids`, which is bounded by kLineCap. Memory
  // stays fixed however many unique lines the stream has.
  void learn_lines(std::size_t s) {
    const auto story = static_cast<std::uint32_t>(s + 1);
    for (const Line& l : lines) {
      const std::uint32_t i = line_ids.find(l.hash);
      if (i != detail::HashMap64::kMissing) {
        LineStat& st = line_stats[i];
        if (st.last_story != story) {
          st.last_story = story;
          ++st.stories;
        }
        continue;
      }
      if (line_once.empty()) line_once.resize(kLineOnce);
      auto& once = line_once[l.hash & (kLineOnce - 1)];
      if (once.first == l.hash && once.second != story) {
        if (line_stats.size() >= kLineCap) {  // full: start over (chrome is learnt again)
          line_ids.clear();
          line_stats.clear();
        }
        line_ids.insert(l.hash, static_cast<std::uint32_t>(line_stats.size()));
        line_stats.push_back({story, 2});
      } else if (once.first != l.hash) {
        once = {l.hash, story};
      }
    }
  }

  Assignment add(const Article& a, ArticleId id) {
    ++seq;
    ++stats.articles;
    const UnixTime t = plausible_time(a.published);
    advance(t);
    const std::string_view body = detail::truncate_utf8(a.text, config.max_text_bytes);
    const auto tokens = text::tokenize(body);
    const bool chrome = find_chrome(body, tokens);
    Assignment out = place(a, id, t, body, tokens, chrome);
    learn_lines(static_cast<std::size_t>(out.story - 1));
    return out;
  }

  Assignment place(const Article& a, ArticleId id, UnixTime t, std::string_view body,
                   const std::vector<text::Token>& tokens, bool chrome) {
    const detail::TfIdf::Doc doc = tfidf.vectorize(a.title, body, tokens, true, chrome ? &skip : nullptr);
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
        const DupRecord& rec = record(r);
        const std::size_t s = resolve(rec.story);
        out.duplicate_of = rec.original;
        ++stats.duplicates;
        const bool short_text = tokens.size() < config.chrome_tokens;
        if (short_text && ++copies[rec.original] + 1 >= config.chrome_copies &&
            detail::is_page_furniture(body)) {
          // ... except short texts of page furniture (archive banners, embed notices, browser
          // prompts: see chrome.cpp) seen verbatim `chrome_copies` times: not news. The copy
          // stays alone and the original's story stops attracting articles. A short wire
          // brief reprinted by any number of outlets is news and stays one story.
          stories[s].blocked = true;
          unindex(s);
          ++stats.boilerplate;
          out.story = stories[open_story(doc.tf, t, id, false)].id;
          out.new_story = true;
          return out;
        }
        Story& st = stories[s];
        st.members.emplace_back(seq, id);
        widen(st, t);
        touch(st);
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
    scored.clear();
    scatter_query(doc.vec, true);
    candidates(doc.vec);
    for (const std::size_t s : cand_out) {
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
    if (scored.empty() || scored[0].sim < config.threshold) {
      s = open_story(doc.tf, t, id, true);
      out.new_story = true;
    } else {
      s = scored[0].story;
      out.similarity = scored[0].sim;
      Story& st = stories[s];
      st.members.emplace_back(seq, id);
      widen(st, t);
      touch(st);
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
  std::vector<const Impl::Story*> live;
  for (const auto& [s, st] : impl_->stories.all())
    if (st.merged_into == kNone) live.push_back(&st);
  std::sort(live.begin(), live.end(), [](const Impl::Story* a, const Impl::Story* b) { return a->id < b->id; });
  for (const Impl::Story* p : live) {
    const Impl::Story& st = *p;
    StoryMembers m;
    m.id = st.id;
    m.articles.reserve(st.members.size());
    for (const auto& [seq, id] : st.members) m.articles.push_back(id);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::pair<StoryId, StoryId>> Clusterer::take_merges() {
  std::vector<std::pair<StoryId, StoryId>> out;
  out.swap(impl_->merges);
  return out;
}

std::size_t Clusterer::story_count() const {
  return impl_->stats.stories_created - impl_->stats.merges;
}

Clusterer::Stats Clusterer::stats() const {
  Stats s = impl_->stats;
  s.stories_held = impl_->stories.size();
  s.records_held = impl_->dups.size();
  return s;
}

std::string Clusterer::save() const {
  std::string out;
  save(out);
  return out;
}

void Clusterer::save(std::string& out) const {
  const std::size_t before = out.size();
  detail::ByteWriter w;
  w.out = std::move(out);
  try {
    impl_->save(w);
  } catch (...) {  // `out` as it was (the allocation failed part way)
    w.out.resize(before);
    out = std::move(w.out);
    throw;
  }
  out = std::move(w.out);
}

Clusterer Clusterer::load(const Config& config, std::string_view data) {
  Clusterer c(config);
  detail::ByteReader r(data);
  c.impl_->load(r);
  return c;
}

std::vector<StoryId> Clusterer::take_expired() {
  std::vector<StoryId> out;
  out.swap(impl_->expired_ids);
  return out;
}

void MergeMap::add(const std::vector<std::pair<StoryId, StoryId>>& merges) {
  for (const auto& [from, into] : merges) into_[from] = into;
}

StoryId MergeMap::final_id(StoryId id) const {
  for (auto it = into_.find(id); it != into_.end(); it = into_.find(id)) id = it->second;
  return id;
}

std::vector<Assignment> cluster_all(const std::vector<Article>& articles, Config config) {
  std::vector<std::size_t> order(articles.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return articles[a].published < articles[b].published;
  });
  // Internally every article gets its input position + 1 as id, so unset (0) or repeated
  // ids still cluster correctly; ids are mapped back below.
  Clusterer c(config);
  MergeMap merged;
  std::vector<Assignment> out(articles.size());
  for (const std::size_t i : order) {
    out[i] = c.impl_->add(articles[i], static_cast<ArticleId>(i + 1));
    merged.add(c.take_merges());
  }
  // Stories may have merged after an article was placed: report final story ids.
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].article = articles[i].id;
    out[i].story = merged.final_id(out[i].story);
    if (out[i].duplicate_of != 0)
      out[i].duplicate_of = articles[static_cast<std::size_t>(out[i].duplicate_of - 1)].id;
  }
  return out;
}

}  // namespace storyline::cluster
