#include <gtest/gtest.h>

#include <set>

#include "fetch/fetch.h"

using namespace storyline;

TEST(Schedule, IntervalFollowsTheEntryFrequencyRule) {
  const fetch::ScheduleSettings s;  // [5 min, 24 h]
  EXPECT_EQ(fetch::feed_interval(0, 0, s), 86400);       // silent for a week: daily
  EXPECT_EQ(fetch::feed_interval(1, 0, s), 86400);       // a week, clamped to a day
  EXPECT_EQ(fetch::feed_interval(7, 0, s), 86400);       // daily publisher
  EXPECT_EQ(fetch::feed_interval(14, 0, s), 43200);      // twice a day
  EXPECT_EQ(fetch::feed_interval(168, 0, s), 3600);      // hourly
  EXPECT_EQ(fetch::feed_interval(2016, 0, s), 300);      // every five minutes
  EXPECT_EQ(fetch::feed_interval(100000, 0, s), 300);    // clamped to the floor
  // The publisher's own hint wins when longer, still at most a day.
  EXPECT_EQ(fetch::feed_interval(168, 7200, s), 7200);
  EXPECT_EQ(fetch::feed_interval(168, 600, s), 3600);
  EXPECT_EQ(fetch::feed_interval(168, 10 * 86400, s), 86400);
  // The floor is a setting (tests of the live engine use seconds).
  fetch::ScheduleSettings quick;
  quick.min_interval = 2;
  EXPECT_EQ(fetch::feed_interval(1'000'000, 0, quick), 2);
}

TEST(Schedule, CacheLifetimeFromCacheControlOrExpires) {
  const UnixTime now = 1'780'000'000;  // Thu, 28 May 2026 20:26:40 GMT
  EXPECT_EQ(fetch::cache_lifetime("max-age=600", "", now), 600);
  EXPECT_EQ(fetch::cache_lifetime("public, MAX-AGE=1800, must-revalidate", "", now), 1800);
  EXPECT_EQ(fetch::cache_lifetime("s-maxage=900", "", now), 0);
  EXPECT_EQ(fetch::cache_lifetime("s-maxage=900, max-age=60", "", now), 60);
  EXPECT_EQ(fetch::cache_lifetime("no-cache, max-age=600", "", now), 0);
  EXPECT_EQ(fetch::cache_lifetime("", "Thu, 28 May 2026 22:26:40 GMT", now), 7200);
  EXPECT_EQ(fetch::cache_lifetime("max-age=60", "Thu, 28 May 2026 22:26:40 GMT", now), 60);  // max-age first
  EXPECT_EQ(fetch::cache_lifetime("", "Thu, 28 May 2026 10:00:00 GMT", now), 0);  // expired
  EXPECT_EQ(fetch::cache_lifetime("", "0", now), 0);                              // "already expired"
  EXPECT_EQ(fetch::cache_lifetime("max-age=abc", "", now), 0);
}

TEST(Schedule, JitterIsDeterministicBoundedAndSpreadsFeeds) {
  const fetch::ScheduleSettings s;  // up to 10%
  std::set<std::int64_t> seen;
  std::int64_t lowest = 86400 * 2, highest = 0;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const std::int64_t j = fetch::with_jitter(86400, seed, s);
    EXPECT_GE(j, 86400);
    EXPECT_LE(j, 95040);
    EXPECT_EQ(j, fetch::with_jitter(86400, seed, s));  // same seed, same time
    seen.insert(j);
    lowest = std::min(lowest, j);
    highest = std::max(highest, j);
  }
  // 200 daily feeds over 8,640 s of jitter: almost all at different seconds, the whole
  // range used (both would fail for a constant or a badly mixed seed).
  EXPECT_GE(seen.size(), 190u);
  EXPECT_LT(lowest, 86400 + 500);
  EXPECT_GT(highest, 95040 - 500);
  fetch::ScheduleSettings none = s;
  none.jitter = 0;
  EXPECT_EQ(fetch::with_jitter(3600, 42, none), 3600);
}

TEST(Schedule, NextFetchAfterSuccessErrorsAndRetryAfter) {
  fetch::ScheduleSettings s;
  s.jitter = 0;  // exact figures
  const UnixTime now = 1'780'000'000;
  fetch::FetchOutcome ok;
  ok.status = 200;
  ok.entries_last_week = 168;
  EXPECT_EQ(fetch::next_fetch_time(ok, now, 1, s), now + 3600);
  ok.ttl_seconds = 7200;  // RSS <ttl>120</ttl>
  EXPECT_EQ(fetch::next_fetch_time(ok, now, 1, s), now + 7200);
  ok.ttl_seconds = 0;
  ok.cache_control = "max-age=5400";
  EXPECT_EQ(fetch::next_fetch_time(ok, now, 1, s), now + 5400);

  fetch::FetchOutcome not_modified;
  not_modified.status = 304;
  not_modified.entries_last_week = 2016;
  EXPECT_EQ(fetch::next_fetch_time(not_modified, now, 1, s), now + 300);

  fetch::FetchOutcome down;
  down.network_error = true;
  down.consecutive_errors = 1;
  EXPECT_EQ(fetch::next_fetch_time(down, now, 1, s), now + 60);
  down.consecutive_errors = 4;
  EXPECT_EQ(fetch::next_fetch_time(down, now, 1, s), now + 480);
  down.consecutive_errors = 40;
  EXPECT_EQ(fetch::next_fetch_time(down, now, 1, s), now + 86400);

  fetch::FetchOutcome busy;
  busy.status = 429;
  busy.consecutive_errors = 1;
  busy.retry_after = "900";
  EXPECT_EQ(fetch::next_fetch_time(busy, now, 1, s), now + 900);  // longer than the backoff
  busy.retry_after = "5";
  EXPECT_EQ(fetch::next_fetch_time(busy, now, 1, s), now + 60);   // the backoff is the floor
  busy.status = 503;
  busy.retry_after = "Thu, 28 May 2026 21:26:40 GMT";
  EXPECT_EQ(fetch::next_fetch_time(busy, now, 1, s), now + 3600);

  fetch::FetchOutcome gone;
  gone.status = 404;
  gone.consecutive_errors = 2;
  EXPECT_EQ(fetch::next_fetch_time(gone, now, 1, s), now + 120);

  // With jitter the next fetch is never earlier than without it.
  fetch::ScheduleSettings j;
  EXPECT_GE(fetch::next_fetch_time(busy, now, 99, j), now + 3600);
  EXPECT_LE(fetch::next_fetch_time(busy, now, 99, j), now + 3960);
}
