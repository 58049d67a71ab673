// Relative dates and the event date of a cluster.
#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <sstream>

#include "synth/synth.h"

using namespace storyline;
using synth::event_date;
using synth::resolve_relative_dates;

namespace {
// Tuesday, 2025-02-11 10:00 UTC (the seed article's publication day).
const UnixTime kTuesday = days_from_civil(2025, 2, 11) * 86400 + 10 * 3600;

UnixTime day(int y, unsigned m, unsigned d, int hour = 12) {
  return days_from_civil(y, m, d) * 86400 + hour * 3600;
}
}  // namespace

TEST(ResolveRelativeDates, Tomorrow) {
  EXPECT_EQ(resolve_relative_dates("US defence secretary Pete Hegseth will tomorrow become the "
                                   "first member of the new administration to visit NATO.",
                                   kTuesday),
            "US defence secretary Pete Hegseth will on Wednesday, February 12, become the first "
            "member of the new administration to visit NATO.");
}

TEST(ResolveRelativeDates, TodayAndYesterday) {
  EXPECT_EQ(resolve_relative_dates("Today, the talks resume in Brussels.", kTuesday),
            "On Tuesday, February 11, the talks resume in Brussels.");
  EXPECT_EQ(resolve_relative_dates("He arrived in Brussels yesterday.", kTuesday),
            "He arrived in Brussels on Monday, February 10.");
  EXPECT_EQ(resolve_relative_dates("The offer stands until today.", kTuesday),
            "The offer stands until Tuesday, February 11.");
  EXPECT_EQ(resolve_relative_dates("Police were called yesterday morning.", kTuesday),
            "Police were called on Monday morning, February 10.");
}

TEST(ResolveRelativeDates, WeekdaysLookForwardInTheFutureTense) {
  EXPECT_EQ(resolve_relative_dates("Ministers will meet on Thursday in Brussels.", kTuesday),
            "Ministers will meet on Thursday, February 13, in Brussels.");
  // Past tense: the previous Thursday.
  EXPECT_EQ(
      resolve_relative_dates("The minister said on Thursday that talks had failed.", kTuesday),
      "The minister said on Thursday, February 6, that talks had failed.");
  // The publication weekday itself is the same day.
  EXPECT_EQ(resolve_relative_dates("The ministers met on Tuesday.", kTuesday),
            "The ministers met on Tuesday, February 11.");
}

TEST(ResolveRelativeDates, PossessiveWeekday) {
  EXPECT_EQ(resolve_relative_dates(
                "He was not set to meet his counterparts at Thursday's NATO defence ministerial.",
                kTuesday),
            "He was not set to meet his counterparts at Thursday's (February 13) NATO defence "
            "ministerial.");
  EXPECT_EQ(resolve_relative_dates("Tomorrow's vote is close.", kTuesday),
            "Wednesday's (February 12) vote is close.");
}

TEST(ResolveRelativeDates, LeavesOtherTextAlone) {
  for (const char* s : {"Talks continue this week in Brussels.",
                        "The summit opens on Thursday, Feb. 13, in Brussels.",
                        "The summit opens on Thursday 13 February in Brussels.",
                        "Tomorrowland is a music festival.", "No dates here at all.",
                        "Voters went to the polls on Super Tuesday across the country.",
                        "The Sunday Times reported the talks had failed."}) {
    EXPECT_EQ(resolve_relative_dates(s, kTuesday), s);
  }
  // Unknown publication time: nothing can be resolved.
  EXPECT_EQ(resolve_relative_dates("He arrived yesterday.", 0), "He arrived yesterday.");
}

TEST(ResolveRelativeDates, AcrossMonthAndYearEnds) {
  // Tuesday 2024-12-31: tomorrow is Wednesday, January 1.
  EXPECT_EQ(resolve_relative_dates("The law takes effect tomorrow.", day(2024, 12, 31)),
            "The law takes effect on Wednesday, January 1.");
}

TEST(EventDate, EarliestDayOfTheDensestCluster) {
  std::vector<Article> a(6);
  a[0].published = day(2025, 1, 2);  // a stale outlier
  a[1].published = day(2025, 2, 10, 23);
  a[2].published = day(2025, 2, 11, 1);
  a[3].published = day(2025, 2, 11, 9);
  a[4].published = day(2025, 2, 11, 20);
  a[5].published = day(2025, 2, 14);  // a late follow-up (newest)
  std::vector<const Article*> p;
  for (const auto& x : a) p.push_back(&x);
  EXPECT_EQ(event_date(p), "2025-02-10");
}

TEST(EventDate, FallsBackToFetchedTimeNotToday) {
  std::vector<Article> a(2);
  a[0].fetched = day(2023, 5, 6);
  a[1].fetched = day(2023, 5, 7);
  std::vector<const Article*> p = {&a[0], &a[1]};
  EXPECT_EQ(event_date(p), "2023-05-06");
  // Publication dates, when any, win over fetch times.
  a[1].published = day(2023, 5, 1);
  EXPECT_EQ(event_date(p), "2023-05-01");
  Article none;
  EXPECT_EQ(event_date({&none}), "");
  EXPECT_EQ(event_date({}), "");
}

// Found by fuzz/relative_dates_fuzz.cpp: a publication time near INT64_MAX overflowed the
// day arithmetic (UBSan: signed integer overflow in weekday_name). Such a time is not a
// date: the sentence stays as written.
TEST(ResolveRelativeDates, AbsurdPublicationTimesLeaveTheSentence) {
  const std::string s = "The minister said on Tuesday that talks resume tomorrow.";
  EXPECT_EQ(synth::resolve_relative_dates(s, std::numeric_limits<storyline::UnixTime>::max()), s);
  EXPECT_EQ(synth::resolve_relative_dates(s, 253402300800), s);  // 10000-01-01
  EXPECT_NE(synth::resolve_relative_dates(s, 1739232000), s);     // 2025-02-11: resolved
}

// The table of sentences with names, quotations and non-time uses (data/relative_dates.tsv):
// the resolver leaves them as written, and the provenance checker rejects a story sentence
// that rewrote them.
TEST(ResolveRelativeDates, NeverInsideNamesOrQuotationsTable) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/synth/data/relative_dates.tsv");
  std::string line;
  std::size_t rows = 0, forged = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string sentence, expected, forgery;
    std::getline(ss, sentence, '\t');
    std::getline(ss, expected, '\t');
    std::getline(ss, forgery, '\t');
    ++rows;
    EXPECT_EQ(resolve_relative_dates(sentence, kTuesday), expected == "=" ? sentence : expected)
        << sentence;
    Article a;
    a.id = 1;
    a.published = kTuesday;
    a.text = sentence;
    Story story;
    story.standfirst.text = resolve_relative_dates(sentence, kTuesday);
    story.standfirst.sources = {{1, 0, static_cast<std::uint32_t>(sentence.size())}};
    std::string why;
    EXPECT_TRUE(synth::check_provenance(story, {&a}, &why)) << why;
    if (forgery == "-") continue;
    ++forged;
    story.standfirst.text = forgery;
    EXPECT_FALSE(synth::check_provenance(story, {&a}, &why)) << "accepted: " << forgery;
  }
  EXPECT_GE(rows, 10u);
  EXPECT_GE(forged, 4u);
}
