// Rendered answers of reads (pages, feeds, API reads), kept while the store's version and the
// reader's clock to the minute are the ones they were rendered at: a page is rendered once per
// change of the store (or per minute, for its relative times), however many read it.
#include "serve/internal.h"

namespace storyline::serve::detail {

namespace {
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
}  // namespace

bool cacheable(std::string_view path) {
  return path == "/" || path == "/search" || starts_with(path, "/story/") || starts_with(path, "/section/") ||
         starts_with(path, "/feed.") || path == "/api/v1/stories" || path == "/api/stories" ||
         starts_with(path, "/api/v1/stories/") || starts_with(path, "/api/stories/") || path == "/api/v1/search" ||
         path == "/api/v1/articles" || starts_with(path, "/api/v1/articles/");
}

std::string ResponseCache::key(const httplib::Request& req) {
  std::string k = req.path;
  for (const auto& [name, value] : req.params) {  // a multimap: in name order
    k += '\n';
    k += name;
    k += '=';
    k += value;
  }
  return k.size() <= kMaxKey ? k : std::string();
}

std::optional<ResponseCache::Entry> ResponseCache::get(const std::string& key, const Stamp& stamp) {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (;;) {
    if (auto it = index_.find(key); it != index_.end() && it->second->stamp == stamp) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++hits_;
      return it->second->entry;
    }
    auto busy = rendering_.find(key);
    // (a mark older than the wait is stale: its request ended without an answer to keep)
    if (busy == rendering_.end() || busy->second.stamp != stamp ||
        std::chrono::steady_clock::now() - busy->second.since > std::chrono::seconds(2))
      break;
    // Another request renders this answer now: wait for it rather than render it twice.
    if (rendered_.wait_until(lock, deadline) == std::cv_status::timeout) {
      ++misses_;
      return std::nullopt;  // rendered here too (not marked: the other one still may put)
    }
  }
  rendering_[key] = {stamp, std::chrono::steady_clock::now()};
  ++misses_;
  return std::nullopt;
}

void ResponseCache::abandon(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    rendering_.erase(key);
  }
  rendered_.notify_all();
}

void ResponseCache::put(const std::string& key, const Stamp& stamp, Entry entry) {
  const std::size_t size = key.size() + entry.body.size() + 256;
  if (size > max_bytes_ / 8) return abandon(key);  // one answer never takes much of the cache
  std::unique_lock lock(mu_);
  if (auto busy = rendering_.find(key); busy != rendering_.end() && busy->second.stamp == stamp) rendering_.erase(busy);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->size;
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front({key, stamp, std::move(entry), size});
  index_[key] = lru_.begin();
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    bytes_ -= lru_.back().size;
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
  lock.unlock();
  rendered_.notify_all();
}

std::pair<std::uint64_t, std::uint64_t> ResponseCache::hits_and_misses() const {
  std::lock_guard lock(mu_);
  return {hits_, misses_};
}

}  // namespace storyline::serve::detail
