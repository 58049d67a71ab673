// Tests for parse_date().
#include <gtest/gtest.h>

#include "extract/extract.h"

namespace storyline::extract {
namespace {

std::string iso(std::string_view s) {
  const UnixTime t = parse_date(s);
  return t == 0 ? std::string("0") : format_iso8601(t);
}

TEST(ParseDate, Iso8601) {
  EXPECT_EQ(iso("2025-02-11"), "2025-02-11T00:00:00Z");
  EXPECT_EQ(iso("2025-02-11T10:00:00Z"), "2025-02-11T10:00:00Z");
  EXPECT_EQ(iso("2025-02-11T10:00:00.123Z"), "2025-02-11T10:00:00Z");
  EXPECT_EQ(iso("2025-02-11T10:00:00+01:00"), "2025-02-11T09:00:00Z");
  EXPECT_EQ(iso("2025-02-11T10:00:00-0500"), "2025-02-11T15:00:00Z");
  EXPECT_EQ(iso("2025-02-11 10:00"), "2025-02-11T10:00:00Z");
  EXPECT_EQ(iso("2025-02-11T23:30:00.5-01:00"), "2025-02-12T00:30:00Z");
  EXPECT_EQ(iso("  Published 2025-02-11T10:00:00Z"), "2025-02-11T10:00:00Z");
}

TEST(ParseDate, Rfc822) {
  EXPECT_EQ(iso("Tue, 11 Feb 2025 10:00:00 GMT"), "2025-02-11T10:00:00Z");
  EXPECT_EQ(iso("Tue, 11 Feb 2025 10:00:00 +0100"), "2025-02-11T09:00:00Z");
  EXPECT_EQ(iso("11 Feb 2025 10:00 EST"), "2025-02-11T15:00:00Z");
}

TEST(ParseDate, NamedMonths) {
  EXPECT_EQ(iso("February 11, 2025"), "2025-02-11T00:00:00Z");
  EXPECT_EQ(iso("Feb. 11, 2025"), "2025-02-11T00:00:00Z");
  EXPECT_EQ(iso("11 February 2025"), "2025-02-11T00:00:00Z");
  EXPECT_EQ(iso("Sept. 3, 2024 at 4:05 p.m."), "2024-09-03T16:05:00Z");
  EXPECT_EQ(iso("Updated March 1st, 2024 12:30 PM"), "2024-03-01T12:30:00Z");
  EXPECT_EQ(iso("2025/02/11"), "2025-02-11T00:00:00Z");
  EXPECT_EQ(iso("2025/02/11 08:15:30"), "2025-02-11T08:15:30Z");
}

TEST(ParseDate, RejectsGarbageAndAbsurdYears) {
  EXPECT_EQ(parse_date(""), 0);
  EXPECT_EQ(parse_date("hello world"), 0);
  EXPECT_EQ(parse_date("not a date at all 12345"), 0);
  EXPECT_EQ(parse_date("1850-02-11"), 0);
  EXPECT_EQ(parse_date("2150-02-11"), 0);
  EXPECT_EQ(parse_date("February 30, 2025"), 0);
  EXPECT_EQ(parse_date("2025-13-01"), 0);
  EXPECT_EQ(parse_date("\xFF\xFE\x00garbage"), 0);
}

}  // namespace
}  // namespace storyline::extract
