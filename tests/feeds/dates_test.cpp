// Tests for parse_feed_date and plain_author (dates.cpp).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "feeds/feeds.h"
#include "feeds/internal.h"

namespace storyline::feeds {
namespace {

TEST(ParseFeedDate, TableOfFeedDates) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/feeds/data/dates.tsv");
  ASSERT_TRUE(in) << "tests/feeds/data/dates.tsv missing";
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string input = line.substr(0, tab), want = line.substr(tab + 1);
    const UnixTime t = parse_feed_date(input);
    if (want == "-") EXPECT_EQ(t, 0) << input;
    else EXPECT_EQ(t ? format_iso8601(t) : "(none)", want) << input;
    ++rows;
  }
  EXPECT_GE(rows, 15);
}

TEST(ParseFeedDate, TwoDigitYearsOnlyAfterDayAndMonth) {
  EXPECT_EQ(detail::expand_two_digit_year("Thu, 01 Jan 04 19:48:21 GMT"), "Thu, 01 Jan 2004 19:48:21 GMT");
  EXPECT_EQ(detail::expand_two_digit_year("01 Jan 75"), "01 Jan 1975");
  EXPECT_EQ(detail::expand_two_digit_year("Jan 04, 2004"), "Jan 04, 2004");
  EXPECT_EQ(detail::expand_two_digit_year("01 Jan 2004"), "01 Jan 2004");
}

TEST(PlainAuthor, NamesFromAddresses) {
  EXPECT_EQ(plain_author("jane@example.com (Jane Doe)"), "Jane Doe");
  EXPECT_EQ(plain_author("Jane Doe (jane@example.com)"), "Jane Doe");
  EXPECT_EQ(plain_author("Jane Doe <jane@example.com>"), "Jane Doe");
  EXPECT_EQ(plain_author("  Jane   Doe "), "Jane Doe");
  EXPECT_EQ(plain_author("jane@example.com"), "jane@example.com");
  EXPECT_EQ(plain_author("Reuters (Business)"), "Reuters (Business)");
}

}  // namespace
}  // namespace storyline::feeds
