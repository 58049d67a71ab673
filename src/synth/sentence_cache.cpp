// SentenceCache: the writer's prepared articles, kept between stories (least recently used
// out once the memory bound is reached).
#include <cstdint>
#include <list>
#include <mutex>
#include <unordered_map>

#include "synth/internal.h"
#include "synth/synth.h"

namespace storyline::synth {
namespace {
// What an entry costs besides what it holds: its map and list nodes, the shared_ptr's block.
constexpr std::size_t kEntryOverhead = 160;
bool serves(const detail::PreparedArticle& p, std::size_t limit) { return p.complete || p.limit >= limit; }
}  // namespace

struct SentenceCache::Impl {
  struct Entry {
    std::shared_ptr<const detail::PreparedArticle> prepared;
    std::list<std::uint64_t>::iterator age;  // its place in `order`
  };
  mutable std::mutex mutex;
  std::size_t max_bytes = 0;
  std::unordered_map<std::uint64_t, Entry> entries;
  std::list<std::uint64_t> order;  // most recently used first
  Stats stats;

  void erase(std::unordered_map<std::uint64_t, Entry>::iterator it) {
    stats.bytes -= it->second.prepared->bytes + kEntryOverhead;
    order.erase(it->second.age);
    entries.erase(it);
  }
};

SentenceCache::SentenceCache(std::size_t max_bytes) : impl_(std::make_unique<Impl>()) {
  impl_->max_bytes = max_bytes;
}
SentenceCache::~SentenceCache() = default;

SentenceCache::Stats SentenceCache::stats() const {
  std::lock_guard lock(impl_->mutex);
  Stats s = impl_->stats;
  s.articles = impl_->entries.size();
  return s;
}

std::shared_ptr<const detail::PreparedArticle> SentenceCache::find(std::uint64_t key, std::size_t limit,
                                                                   std::size_t text_bytes) {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->entries.find(key);
  // (The text's size guards against two texts whose 64-bit keys collide.)
  if (it == impl_->entries.end() || it->second.prepared->text_bytes != text_bytes ||
      !serves(*it->second.prepared, limit)) {
    ++impl_->stats.misses;
    return nullptr;
  }
  ++impl_->stats.hits;
  impl_->order.splice(impl_->order.begin(), impl_->order, it->second.age);
  return it->second.prepared;
}

void SentenceCache::put(std::uint64_t key, std::shared_ptr<const detail::PreparedArticle> prepared) {
  if (!prepared) return;
  std::lock_guard lock(impl_->mutex);
  if (const auto it = impl_->entries.find(key); it != impl_->entries.end()) {
    // Another thread may have stored one meanwhile that serves as many sentences: it stays.
    const detail::PreparedArticle& held = *it->second.prepared;
    if (held.text_bytes == prepared->text_bytes && serves(held, prepared->complete ? SIZE_MAX : prepared->limit))
      return;
    impl_->erase(it);
  }
  const std::size_t bytes = prepared->bytes + kEntryOverhead;
  if (bytes > impl_->max_bytes) return;
  while (!impl_->order.empty() && impl_->stats.bytes + bytes > impl_->max_bytes)
    impl_->erase(impl_->entries.find(impl_->order.back()));
  impl_->order.push_front(key);
  impl_->stats.bytes += bytes;
  impl_->entries.emplace(key, Impl::Entry{std::move(prepared), impl_->order.begin()});
}

}  // namespace storyline::synth
