// schedule.cpp: when a feed is fetched next. Pure functions of the outcome and the clock.
#include <curl/curl.h>

#include <algorithm>
#include <cmath>

#include "fetch/fetch.h"

namespace storyline::fetch {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::int64_t feed_interval(int entries_last_week, std::int64_t publisher_hint, const ScheduleSettings& s) {
  const std::int64_t week = 7 * 24 * 3600;
  std::int64_t interval = entries_last_week <= 0 ? s.max_interval : week / entries_last_week;
  interval = std::clamp(interval, s.min_interval, std::max(s.min_interval, s.max_interval));
  if (publisher_hint > interval) interval = std::min(publisher_hint, std::max(s.min_interval, s.max_interval));
  return interval;
}

std::int64_t cache_lifetime(std::string_view cache_control, std::string_view expires, UnixTime now) {
  std::string cc(cache_control);
  for (char& c : cc) c = lower(c);
  if (cc.find("no-store") != std::string::npos || cc.find("no-cache") != std::string::npos) return 0;
  // max-age=N, as a directive of its own (not s-maxage=N).
  for (std::size_t pos = cc.find("max-age"); pos != std::string::npos; pos = cc.find("max-age", pos + 1)) {
    if (pos > 0 && cc[pos - 1] != ',' && cc[pos - 1] != ' ' && cc[pos - 1] != '\t') continue;
    std::size_t i = pos + 7;
    while (i < cc.size() && cc[i] == ' ') ++i;
    if (i >= cc.size() || cc[i] != '=') continue;
    ++i;
    while (i < cc.size() && (cc[i] == ' ' || cc[i] == '"')) ++i;
    std::int64_t v = 0;
    bool digits = false;
    for (; i < cc.size() && cc[i] >= '0' && cc[i] <= '9'; ++i) {
      digits = true;
      v = std::min<std::int64_t>(v * 10 + (cc[i] - '0'), 365LL * 24 * 3600);
    }
    if (digits) return v;
  }
  if (!expires.empty()) {
    const time_t t = curl_getdate(std::string(expires).c_str(), nullptr);
    if (t != -1 && t > now) return static_cast<std::int64_t>(t) - now;
  }
  return 0;
}

std::int64_t with_jitter(std::int64_t interval, std::uint64_t seed, const ScheduleSettings& s) {
  if (interval <= 0 || s.jitter <= 0) return interval;
  const double unit = static_cast<double>(splitmix64(seed) >> 11) / static_cast<double>(1ull << 53);  // [0, 1)
  return interval + static_cast<std::int64_t>(std::floor(unit * s.jitter * static_cast<double>(interval)));
}

UnixTime next_fetch_time(const FetchOutcome& o, UnixTime now, std::uint64_t seed, const ScheduleSettings& s) {
  const bool failed = o.network_error || o.status == 0 || o.status >= 400;
  if (failed) {
    std::int64_t wait = backoff_seconds(std::max(1, o.consecutive_errors), s.backoff_base, s.backoff_max);
    if (o.status == 429 || o.status == 503) {
      if (const auto ra = parse_retry_after(o.retry_after, now, s.backoff_max)) wait = std::max(wait, *ra);
    }
    // Mixing the error count into the seed spreads retries of feeds that failed together.
    return now + with_jitter(wait, seed ^ static_cast<std::uint64_t>(o.consecutive_errors), s);
  }
  const std::int64_t hint = std::max(o.ttl_seconds, cache_lifetime(o.cache_control, o.expires, now));
  return now + with_jitter(feed_interval(o.entries_last_week, hint, s), seed, s);
}

}  // namespace storyline::fetch
