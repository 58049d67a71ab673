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

TEST(ParseDate, GivesTheOffsetTheStringStated) {
  int off = 99;
  EXPECT_EQ(format_iso8601(parse_date("2024-05-03T23:30:00-04:00", off)), "2024-05-04T03:30:00Z");
  EXPECT_EQ(off, -4 * 3600);
  EXPECT_EQ(format_date(parse_date("2024-05-03T23:30:00-04:00", off) + off), "2024-05-03");  // the local day
  parse_date("Tue, 11 Feb 2025 10:00:00 +0130", off);
  EXPECT_EQ(off, 3600 + 1800);
  parse_date("11 Feb 2025 10:00 EST", off);
  EXPECT_EQ(off, -5 * 3600);
  parse_date("2025-12-19T01:00:00+0530", off);
  EXPECT_EQ(off, 5 * 3600 + 1800);
  parse_date("February 11, 2025", off);  // no zone: 0
  EXPECT_EQ(off, 0);
  off = 7;
  EXPECT_EQ(parse_date("no date here", off), 0);
  EXPECT_EQ(off, 0);
}

TEST(ParseDate, SlashesAreDayFirstWhenTheFirstNumberCantBeAMonth) {
  EXPECT_EQ(iso("13/11/2025 09:21:40"), "2025-11-13T09:21:40Z");
  EXPECT_EQ(iso("11/12/2025"), "2025-11-12T00:00:00Z");  // US order otherwise
  EXPECT_EQ(iso("13.11.2025"), "2025-11-13T00:00:00Z");
  EXPECT_EQ(parse_date("13/13/2025"), 0);
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

// Found by fuzz/date_fuzz.cpp: a long run of digits overflowed an int (UBSan: signed
// integer overflow) while the parser read it as a date part.
TEST(ParseDate, LongDigitRunsAreNotDates) {
  EXPECT_EQ(parse_date("17392617392"), 0);
  EXPECT_EQ(parse_date("Feb 17392617392999999999"), 0);
  EXPECT_EQ(parse_date("11 February 99999999999999999999"), 0);
  EXPECT_EQ(iso("11 February 2025"), "2025-02-11T00:00:00Z");  // still read
}

}  // namespace
}  // namespace storyline::extract
