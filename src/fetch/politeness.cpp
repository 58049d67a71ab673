// politeness.cpp: Retry-After, backoff and the per-host gate. The clock is an argument
// everywhere, so tests need no sleeping.
#include <curl/curl.h>

#include <algorithm>
#include <limits>

#include "fetch/fetch.h"

namespace storyline::fetch {

std::optional<std::int64_t> parse_retry_after(std::string_view value, UnixTime now, std::int64_t max_seconds) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t s = 0;
    for (char c : value) {
      s = s * 10 + (c - '0');
      if (s > max_seconds) return max_seconds;
    }
    return s;
  }
  // An HTTP date (RFC 9110 5.6.7, all three historic forms): libcurl's parser.
  const time_t t = curl_getdate(std::string(value).c_str(), nullptr);
  if (t == -1) return std::nullopt;
  return std::clamp<std::int64_t>(static_cast<std::int64_t>(t) - now, 0, max_seconds);
}

std::int64_t backoff_seconds(int consecutive_errors, std::int64_t base_seconds, std::int64_t max_seconds) {
  if (consecutive_errors <= 0) return 0;
  std::int64_t s = std::max<std::int64_t>(base_seconds, 1);
  for (int i = 1; i < consecutive_errors && s < max_seconds; ++i) s *= 2;
  return std::min(s, max_seconds);
}

bool HostGate::try_acquire(const std::string& host, TimeMs now) {
  std::lock_guard lock(mutex_);
  State& s = hosts_[host];
  if (s.busy || now < s.next) return false;
  s.busy = true;
  return true;
}

void HostGate::release(const std::string& host, TimeMs now) {
  std::lock_guard lock(mutex_);
  State& s = hosts_[host];
  s.busy = false;
  s.next = std::max(s.next, now + std::max(min_delay_ms_, s.delay));
}

TimeMs HostGate::ready_at(const std::string& host, TimeMs now) const {
  std::lock_guard lock(mutex_);
  const auto it = hosts_.find(host);
  if (it == hosts_.end()) return now;
  if (it->second.busy) return std::numeric_limits<TimeMs>::max();
  return std::max(now, it->second.next);
}

void HostGate::set_delay(const std::string& host, TimeMs delay_ms) {
  std::lock_guard lock(mutex_);
  hosts_[host].delay = delay_ms;
}

void HostGate::block_until(const std::string& host, TimeMs until) {
  std::lock_guard lock(mutex_);
  State& s = hosts_[host];
  s.next = std::max(s.next, until);
}

}  // namespace storyline::fetch
