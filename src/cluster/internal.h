// Internal pieces of the cluster stage shared by its source files (not part of the
// public API): sparse vectors, the SimHash of a token list and the online TF-IDF model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cluster/cluster.h"
#include "text/text.h"

namespace storyline::cluster::detail {

// ---- sparse vectors: (dense term id, weight), sorted by term id ----
using TermId = std::uint32_t;
struct Term {
  TermId id = 0;
  float w = 0;
};
using SparseVector = std::vector<Term>;

double dot(const SparseVector& a, const SparseVector& b);
double norm(const SparseVector& v);
void normalize(SparseVector& v);
// a + scale * b.
SparseVector add(const SparseVector& a, const SparseVector& b, float scale = 1.0f);
// Keeps the `n` largest weights (result sorted by term id again).
void keep_strongest(SparseVector& v, std::size_t n);
// Ids of the `n` largest weights, strongest first.
std::vector<Term> strongest(const SparseVector& v, std::size_t n);
// The same into `out` (reused storage, no allocation once it has grown).
void strongest_into(const SparseVector& v, std::size_t n, std::vector<Term>& out);

// The longest prefix of `s` of at most `max_bytes` bytes that does not cut a UTF-8 sequence.
std::string_view truncate_utf8(std::string_view s, std::size_t max_bytes);

// Page furniture: a text most of whose sentences are about the page rather than the news
// (web-archive crawl notices, embedded-tweet and video-player text, browser, cookie and
// newsletter prompts).
bool is_page_furniture(std::string_view text);

// SimHash (64 bits) of a tokenized text over 3-token shingles of the lower-cased
// words; texts with fewer than 3 tokens hash their single tokens; no token -> 0.
std::uint64_t simhash_tokens(const std::vector<text::Token>& tokens);

// ---- snapshots: the clusterer's state as bytes (native layout: a snapshot is read back by
// the same build on the same machine; anything else is refused by its header) ----
class ByteWriter {
 public:
  std::string out;
  template <typename T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <typename T>
  void vec(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<std::uint64_t>(v.size());
    if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
};

// Throws SnapshotError when the data ends early or is inconsistent.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  template <typename T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    T v;
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  template <typename T>
  void vec(std::vector<T>& v) {
    const auto n = get<std::uint64_t>();
    if (n > (in_.size() - pos_) / std::max<std::size_t>(sizeof(T), 1)) fail();
    v.resize(static_cast<std::size_t>(n));
    if (n == 0) return;  // (an empty vector's data() may be null: memcpy must not see it)
    std::memcpy(v.data(), in_.data() + pos_, v.size() * sizeof(T));
    pos_ += v.size() * sizeof(T);
  }
  bool done() const { return pos_ == in_.size(); }
  [[noreturn]] static void fail();

 private:
  void need(std::size_t n) const {
    if (in_.size() - pos_ < n) fail();
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

// Open-addressing hash map from 64-bit hashes to 32-bit values (linear probing, power-of-2
// capacity): the hot term lookups of vectorize() without std::unordered_map's node hops.
// Key 0 is reserved as "empty" (a real key 0 is stored as 1).
class HashMap64 {
 public:
  static constexpr std::uint32_t kMissing = static_cast<std::uint32_t>(-1);
  std::uint32_t find(std::uint64_t key) const;
  // Inserts when absent; returns the stored value.
  std::uint32_t insert(std::uint64_t key, std::uint32_t value);
  std::size_t size() const { return size_; }
  void clear();
  void save(ByteWriter& w) const;
  void load(ByteReader& r);

 private:
  void grow();
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t size_ = 0;
};

// Online TF-IDF: a term dictionary with document frequencies updated by every article.
//   tf(t)  = sum over occurrences: 1, `name_weight` for a capitalized word that does not
//            start a sentence, `title_weight` for a word of the title; then 1 + ln tf
//   idf(t) = 1 + ln((1 + N) / (1 + df(t)))   (N articles seen so far)
// Terms are Snowball stems of non-stopword words of 2+ letters (numbers kept as
// written), numbered densely in order of appearance.
class TfIdf {
 public:
  struct Doc {
    SparseVector tf;   // 1 + ln tf of the `max_terms` strongest terms, scaled to unit length
    SparseVector vec;  // tf * idf of the same terms (idf as of now), unit length
  };
  explicit TfIdf(const Config& config);
  // Features of an article from its title and its (already tokenized) text. With
  // `learn`, the article first counts in the document frequencies.
  // Tokens whose `skip` entry is nonzero (when given: one per text token) are left out.
  Doc vectorize(std::string_view title, std::string_view text,
                const std::vector<text::Token>& text_tokens, bool learn = true,
                const std::vector<std::uint8_t>* skip = nullptr);
  // idf(t), cached per term: recomputed when df(t) changed or N grew by 1% since.
  float idf(TermId term) const;
  std::size_t documents() const { return documents_; }
  std::size_t vocabulary() const { return df_.size(); }
  // The model's state (terms, document frequencies, the idf cache: all that decides what
  // vectorize() and idf() return) for a snapshot.
  void save(ByteWriter& w) const;
  void load(ByteReader& r);

 private:
  static constexpr TermId kNoTerm = static_cast<TermId>(-1);
  // Dense id of a token's term (kNoTerm for stopwords and 1-letter words).
  TermId term_id(const text::Token& token);

  Config config_;
  text::Stemmer stemmer_;
  HashMap64 terms_;       // hash64(stem) -> id
  HashMap64 word_cache_;  // hash64(word) -> id (kNoTerm for stopwords)
  std::vector<std::uint32_t> df_;  // by term id
  struct CachedIdf {
    float idf = 0;
    std::uint64_t docs = 0;  // N when computed (0 = stale)
  };
  mutable std::vector<CachedIdf> idf_cache_;  // by term id
  std::size_t documents_ = 0;
};

}  // namespace storyline::cluster::detail
