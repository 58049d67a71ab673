#include <gtest/gtest.h>

#include <limits>

#include "fetch/fetch.h"

using namespace storyline;

TEST(RetryAfter, ReadsSecondsAndHttpDates) {
  const UnixTime now = 1'780'000'000;  // 2026-05-28T20:26:40Z
  EXPECT_EQ(fetch::parse_retry_after("120", now), 120);
  EXPECT_EQ(fetch::parse_retry_after(" 0 ", now), 0);
  // 1780000000 + 3600 = Thu, 28 May 2026 21:26:40 GMT
  EXPECT_EQ(fetch::parse_retry_after("Thu, 28 May 2026 21:26:40 GMT", now), 3600);
  EXPECT_EQ(fetch::parse_retry_after("Thursday, 28-May-26 21:26:40 GMT", now), 3600);  // RFC 850
  EXPECT_EQ(fetch::parse_retry_after("Thu May 28 21:26:40 2026", now), 3600);          // asctime
  EXPECT_EQ(fetch::parse_retry_after("Thu, 28 May 2026 19:00:00 GMT", now), 0);        // already past
  EXPECT_EQ(fetch::parse_retry_after("99999999999999999999", now), 86400);             // capped, no overflow
  EXPECT_EQ(fetch::parse_retry_after("200000", now, 3600), 3600);
  EXPECT_FALSE(fetch::parse_retry_after("", now).has_value());
  EXPECT_FALSE(fetch::parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(fetch::parse_retry_after("-5", now).has_value());
}

TEST(Backoff, DoublesUpToADay) {
  EXPECT_EQ(fetch::backoff_seconds(0), 0);
  EXPECT_EQ(fetch::backoff_seconds(1), 60);
  EXPECT_EQ(fetch::backoff_seconds(2), 120);
  EXPECT_EQ(fetch::backoff_seconds(3), 240);
  EXPECT_EQ(fetch::backoff_seconds(11), 61440);
  EXPECT_EQ(fetch::backoff_seconds(12), 86400);
  EXPECT_EQ(fetch::backoff_seconds(1000), 86400);
  EXPECT_EQ(fetch::backoff_seconds(3, 5, 30), 20);
  EXPECT_EQ(fetch::backoff_seconds(4, 5, 30), 30);
}

TEST(HostGate, OneConnectionPerHostAndAMinimumDelay) {
  fetch::HostGate gate(1000);
  EXPECT_EQ(gate.ready_at("a.example:443", 0), 0);
  ASSERT_TRUE(gate.try_acquire("a.example:443", 0));
  EXPECT_FALSE(gate.try_acquire("a.example:443", 10));  // busy
  EXPECT_EQ(gate.ready_at("a.example:443", 10), std::numeric_limits<fetch::TimeMs>::max());
  EXPECT_TRUE(gate.try_acquire("b.example:443", 10));   // other hosts are independent
  EXPECT_TRUE(gate.try_acquire("a.example:8443", 10));  // another port is another host
  gate.release("a.example:443", 500);
  EXPECT_FALSE(gate.try_acquire("a.example:443", 1499));  // delay counts from the end of the request
  EXPECT_EQ(gate.ready_at("a.example:443", 600), 1500);
  EXPECT_TRUE(gate.try_acquire("a.example:443", 1500));
}

TEST(HostGate, CrawlDelayAndBlocksLengthenTheWait) {
  fetch::HostGate gate(1000);
  gate.set_delay("slow.example:80", 5000);  // robots.txt Crawl-delay: 5
  ASSERT_TRUE(gate.try_acquire("slow.example:80", 0));
  gate.release("slow.example:80", 100);
  EXPECT_EQ(gate.ready_at("slow.example:80", 100), 5100);
  gate.set_delay("fast.example:80", 10);  // shorter than the minimum: the minimum holds
  ASSERT_TRUE(gate.try_acquire("fast.example:80", 0));
  gate.release("fast.example:80", 0);
  EXPECT_EQ(gate.ready_at("fast.example:80", 0), 1000);
  gate.block_until("busy.example:80", 120'000);  // Retry-After: 120
  EXPECT_FALSE(gate.try_acquire("busy.example:80", 119'999));
  EXPECT_TRUE(gate.try_acquire("busy.example:80", 120'000));
  gate.block_until("busy.example:80", 10);  // an earlier block never shortens a later one
  gate.release("busy.example:80", 120'000);
  EXPECT_EQ(gate.ready_at("busy.example:80", 0), 121'000);
}
