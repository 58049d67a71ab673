// Online TF-IDF term vectors and the sparse-vector helpers the clusterer uses.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "cluster/internal.h"

namespace storyline::cluster::detail {

// ---- sparse vectors ----

double dot(const SparseVector& a, const SparseVector& b) {
  double s = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].id < b[j].id) {
      ++i;
    } else if (b[j].id < a[i].id) {
      ++j;
    } else {
      s += static_cast<double>(a[i].w) * b[j].w;
      ++i;
      ++j;
    }
  }
  return s;
}

double norm(const SparseVector& v) {
  double s = 0;
  for (const auto& t : v) s += static_cast<double>(t.w) * t.w;
  return std::sqrt(s);
}

void normalize(SparseVector& v) {
  const double n = norm(v);
  if (n <= 0) return;
  for (auto& t : v) t.w = static_cast<float>(t.w / n);
}

SparseVector add(const SparseVector& a, const SparseVector& b, float scale) {
  SparseVector out;
  out.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].id < b[j].id)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].id < a[i].id) {
      out.push_back({b[j].id, scale * b[j].w});
      ++j;
    } else {
      out.push_back({a[i].id, a[i].w + scale * b[j].w});
      ++i;
      ++j;
    }
  }
  return out;
}

void keep_strongest(SparseVector& v, std::size_t n) {
  if (v.size() <= n) return;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n), v.end(),
                   [](const Term& a, const Term& b) { return a.w > b.w; });
  v.resize(n);
  std::sort(v.begin(), v.end(), [](const Term& a, const Term& b) { return a.id < b.id; });
}

std::vector<Term> strongest(const SparseVector& v, std::size_t n) {
  std::vector<Term> out;
  strongest_into(v, n, out);
  return out;
}

void strongest_into(const SparseVector& v, std::size_t n, std::vector<Term>& out) {
  out.assign(v.begin(), v.end());
  const auto by_weight = [](const Term& a, const Term& b) {
    return a.w != b.w ? a.w > b.w : a.id < b.id;
  };
  if (out.size() > n) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), out.end(),
                      by_weight);
    out.resize(n);
  } else {
    std::sort(out.begin(), out.end(), by_weight);
  }
}

// ---- hash map ----

namespace {
std::uint64_t fix_key(std::uint64_t k) { return k == 0 ? 1 : k; }
}  // namespace

std::uint32_t HashMap64::find(std::uint64_t key) const {
  if (keys_.empty()) return kMissing;
  key = fix_key(key);
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(key) & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key) return values_[i];
    if (keys_[i] == 0) return kMissing;
  }
}

std::uint32_t HashMap64::insert(std::uint64_t key, std::uint32_t value) {
  if ((size_ + 1) * 4 > keys_.size() * 3) grow();  // load factor <= 3/4
  key = fix_key(key);
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(key) & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key) return values_[i];
    if (keys_[i] == 0) {
      keys_[i] = key;
      values_[i] = value;
      ++size_;
      return value;
    }
  }
}

void HashMap64::grow() {
  std::vector<std::uint64_t> keys(std::max<std::size_t>(64, keys_.size() * 2), 0);
  std::vector<std::uint32_t> values(keys.size(), 0);
  const std::size_t mask = keys.size() - 1;
  for (std::size_t j = 0; j < keys_.size(); ++j) {
    if (keys_[j] == 0) continue;
    std::size_t i = static_cast<std::size_t>(keys_[j]) & mask;
    while (keys[i] != 0) i = (i + 1) & mask;
    keys[i] = keys_[j];
    values[i] = values_[j];
  }
  keys_ = std::move(keys);
  values_ = std::move(values);
}

void ByteReader::fail() {
  throw std::runtime_error("clusterer snapshot: the data is damaged or from another build");
}

void HashMap64::save(ByteWriter& w) const {
  w.vec(keys_);
  w.vec(values_);
  w.put<std::uint64_t>(size_);
}

void HashMap64::load(ByteReader& r) {
  r.vec(keys_);
  r.vec(values_);
  size_ = static_cast<std::size_t>(r.get<std::uint64_t>());
  const bool pow2 = (keys_.size() & (keys_.size() - 1)) == 0;
  if (keys_.size() != values_.size() || !pow2 || size_ > keys_.size()) ByteReader::fail();
}

void HashMap64::clear() {
  keys_.clear();
  values_.clear();
  size_ = 0;
}

// ---- TF-IDF ----

namespace {

constexpr std::size_t kStemCacheLimit = 1 << 20;

// True when the token starts a sentence (or the text): its capital letter then says
// nothing about it being a name.
bool starts_sentence(std::string_view text, const text::Token& t) {
  std::size_t i = t.begin;
  while (i > 0) {
    const char c = text[i - 1];
    if (c == ' ' || c == '\t' || c == '\r') {
      --i;
      continue;
    }
    return c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == '"' || c == '|' ||
           c == '-';
  }
  return true;
}

}  // namespace

TfIdf::TfIdf(const Config& config) : config_(config) {}

TermId TfIdf::term_id(const text::Token& token) {
  if (token.lower.size() < 2) return kNoTerm;
  const std::uint64_t key = text::hash64(token.lower);
  if (const auto id = word_cache_.find(key); id != HashMap64::kMissing) return id;
  TermId id = kNoTerm;
  if (!text::is_stopword(token.lower)) {
    const std::uint64_t h = text::hash64(
        token.numeric ? std::string_view(token.lower) : std::string_view(stemmer_.stem(token.lower)));
    id = terms_.insert(h, static_cast<TermId>(df_.size()));
    if (id == df_.size()) {
      df_.push_back(0);
      idf_cache_.emplace_back();
    }
  }
  if (word_cache_.size() >= kStemCacheLimit) word_cache_.clear();
  word_cache_.insert(key, id);
  return id;
}

void TfIdf::save(ByteWriter& w) const {
  terms_.save(w);
  w.vec(df_);
  w.vec(idf_cache_);
  w.put<std::uint64_t>(documents_);
}

void TfIdf::load(ByteReader& r) {
  terms_.load(r);
  r.vec(df_);
  r.vec(idf_cache_);
  documents_ = static_cast<std::size_t>(r.get<std::uint64_t>());
  if (idf_cache_.size() != df_.size() || terms_.size() != df_.size()) ByteReader::fail();
  word_cache_.clear();  // a cache only
}

float TfIdf::idf(TermId term) const {
  if (term >= df_.size()) return 1.0f + std::log(1.0f + static_cast<float>(documents_));
  CachedIdf& c = idf_cache_[term];
  if (c.docs == 0 || documents_ > c.docs + c.docs / 100) {
    c.idf = static_cast<float>(1.0 + std::log((1.0 + static_cast<double>(documents_)) /
                                              (1.0 + static_cast<double>(df_[term]))));
    c.docs = std::max<std::uint64_t>(documents_, 1);
  }
  return c.idf;
}

TfIdf::Doc TfIdf::vectorize(std::string_view title, std::string_view text,
                            const std::vector<text::Token>& text_tokens, bool learn,
                            const std::vector<std::uint8_t>* skip) {
  // Weighted term frequencies; collected unsorted then summed by id.
  SparseVector raw;
  raw.reserve(text_tokens.size() + 16);
  for (const auto& t : text::tokenize(truncate_utf8(title, 1024))) {
    if (const auto id = term_id(t); id != kNoTerm)
      raw.push_back({id, static_cast<float>(config_.title_weight)});
  }
  for (std::size_t k = 0; k < text_tokens.size(); ++k) {
    if (skip != nullptr && (*skip)[k] != 0) continue;
    const auto& t = text_tokens[k];
    const auto id = term_id(t);
    if (id == kNoTerm) continue;
    const bool name_like = t.capitalized && !t.numeric && !starts_sentence(text, t);
    raw.push_back({id, name_like ? static_cast<float>(config_.name_weight) : 1.0f});
  }
  std::sort(raw.begin(), raw.end(), [](const Term& a, const Term& b) { return a.id < b.id; });
  Doc d;
  SparseVector& tf = d.tf;
  tf.reserve(raw.size());
  for (const auto& t : raw) {
    if (!tf.empty() && tf.back().id == t.id)
      tf.back().w += t.w;
    else
      tf.push_back(t);
  }
  if (learn) {
    ++documents_;
    for (const auto& t : tf) {
      ++df_[t.id];
      idf_cache_[t.id].docs = 0;
    }
  }
  for (auto& t : tf) t.w = t.w >= 1.0f ? 1.0f + std::log(t.w) : t.w;
  d.vec = tf;
  for (auto& t : d.vec) t.w *= idf(t.id);
  keep_strongest(d.vec, config_.max_terms);
  if (tf.size() > d.vec.size()) {  // keep the same terms in tf
    SparseVector kept;
    kept.reserve(d.vec.size());
    std::size_t j = 0;
    for (const auto& t : tf) {
      while (j < d.vec.size() && d.vec[j].id < t.id) ++j;
      if (j < d.vec.size() && d.vec[j].id == t.id) kept.push_back(t);
    }
    tf = std::move(kept);
  }
  normalize(tf);
  normalize(d.vec);
  return d;
}

}  // namespace storyline::cluster::detail
