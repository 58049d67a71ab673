// SentenceCache: the writer's prepared articles, kept between stories (least recently used
// out once the memory bound is reached).
#include <list>
#include <mutex>
#include <unordered_map>

#include "synth/internal.h"
#include "synth/synth.h"

namespace storyline::synth {

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
    stats.bytes -= it->second.prepared->bytes;
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

std::shared_ptr<const detail::PreparedArticle> SentenceCache::find(std::uint64_t key, std::size_t limit) {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->entries.find(key);
  if (it == impl_->entries.end() || !(it->second.prepared->complete || it->second.prepared->limit >= limit)) {
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
  if (const auto it = impl_->entries.find(key); it != impl_->entries.end()) impl_->erase(it);
  if (prepared->bytes > impl_->max_bytes) return;
  while (!impl_->order.empty() && impl_->stats.bytes + prepared->bytes > impl_->max_bytes)
    impl_->erase(impl_->entries.find(impl_->order.back()));
  impl_->order.push_front(key);
  impl_->stats.bytes += prepared->bytes;
  impl_->entries.emplace(key, Impl::Entry{std::move(prepared), impl_->order.begin()});
}

}  // namespace storyline::synth
