#include <gtest/gtest.h>

#include "model/model.h"

using namespace storyline;

TEST(Time, CivilRoundTrip) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2025, 2, 11), 20130);
  int y;
  unsigned m, d;
  civil_from_days(20130, y, m, d);
  EXPECT_EQ(y, 2025);
  EXPECT_EQ(m, 2u);
  EXPECT_EQ(d, 11u);
  civil_from_days(days_from_civil(1900, 2, 28) + 1, y, m, d);
  EXPECT_EQ(m, 3u);  // 1900 is not a leap year
  EXPECT_EQ(d, 1u);
}

TEST(Time, FormatsAndWeekdays) {
  const UnixTime t = days_from_civil(2025, 2, 11) * 86400 + 3600 * 13 + 61;
  EXPECT_EQ(format_date(t), "2025-02-11");
  EXPECT_EQ(format_iso8601(t), "2025-02-11T13:01:01Z");
  EXPECT_EQ(weekday(t), 2);  // Tuesday
  EXPECT_EQ(format_date(-1), "1969-12-31");
  EXPECT_EQ(weekday(-1), 3);  // Wednesday
}
