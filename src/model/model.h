// storyline's data model: the plain structs that flow one way through the
// pipeline (ingest -> extract -> cluster -> synth -> store -> serve).
//
// Times are UTC seconds since the Unix epoch (0 = unknown). Text is UTF-8.
// Sentence spans are byte offsets into Article::text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace storyline {

using ArticleId = std::int64_t;
using StoryId = std::int64_t;
using UnixTime = std::int64_t;

struct Article {
  ArticleId id = 0;          // assigned by the store (0 = not stored yet)
  std::string url;           // canonical URL when known
  std::string source;        // outlet, e.g. "bbc.co.uk" or "BBC"
  std::string title;
  std::string text;          // clean body text, paragraphs separated by "\n"
  std::string author;
  std::string language;      // BCP 47 tag ("en"), empty when unknown
  UnixTime published = 0;    // publication time the source gave; 0 = undated (the article
                             // ranks by `fetched` but never moves the clock for others)
  UnixTime fetched = 0;      // when storyline read it (arrival)
  std::string origin;        // where it came from: "file.jsonl:12", a feed URL...
  int utc_offset = 0;        // seconds east of UTC the source gave with `published`: its
                             // local day is the day of published + utc_offset
  std::string item_key;      // identity of the item at its origin (a feed entry's GUID, link or
                             // content hash), "" = none: the same (origin, item_key) is the same
                             // article, updated in place when its content changes
  std::int64_t seq = 0;      // the store's arrival sequence (increasing; set by the store)
};

// A span of one article's text that a story sentence is drawn from.
struct SentenceSource {
  ArticleId article = 0;
  std::uint32_t begin = 0;   // byte offsets into Article::text
  std::uint32_t end = 0;
  bool operator==(const SentenceSource&) const = default;
};

// A sentence written into a story, with every span that supports it.
struct StorySentence {
  std::string text;
  std::vector<SentenceSource> sources;  // first = the span the text was taken from
  int paragraph = 0;                    // body paragraph index (0-based)
};

// Two sources that disagree on a fact (a number, a date, a name).
struct Disagreement {
  std::string what;                     // e.g. "number of countries"
  std::vector<std::string> values;      // one per side
  std::vector<std::vector<ArticleId>> articles;  // who says each value
};

struct Story {
  StoryId id = 0;
  std::string headline;  // the story's headline (always set by synth::write_story)
  std::string event_date;               // YYYY-MM-DD
  StorySentence standfirst;
  std::vector<StorySentence> body;
  std::vector<ArticleId> articles;      // every article of the cluster
  std::vector<Disagreement> disagreements;
  UnixTime first_seen = 0;
  UnixTime last_seen = 0;
  double score = 0.0;                   // ranking score at the time it was read (higher first)
  int outlets = 0;                      // independent outlets covering it
  // --- ranking inputs, set when the story is written (cluster::rank_inputs); the score
  // itself is computed when a page is read (cluster::score), so recency is always current ---
  std::vector<std::string> outlet_names;  // the independent outlets, by name
  int distinct = 0;                     // articles left after collapsing near-duplicates
  std::vector<UnixTime> times;          // when each distinct article appeared (published, or
                                        // arrival when undated), ascending
  UnixTime updated = 0;                 // when the story's text was last written
  double rank_key = 0;                  // order of `score` at any clock (cluster::rank_key)
};

// A story merged into another: every assignment of `from` moved to `into`.
struct StoryMerge {
  StoryId from = 0;
  StoryId into = 0;
  UnixTime at = 0;  // when it was recorded
  bool operator==(const StoryMerge&) const = default;
};

// Cluster assignment of one article, as recorded by the clusterer.
struct Assignment {
  ArticleId article = 0;
  StoryId story = 0;
  double similarity = 0.0;              // similarity to the story when assigned
  bool new_story = false;
  ArticleId duplicate_of = 0;           // near-duplicate (syndicated copy) of, or 0
  bool operator==(const Assignment&) const = default;
};

// --- time helpers (UTC, proleptic Gregorian) ---
// The publication times storyline believes: 1990-01-01 to 2100-01-01 (exclusive), the
// range the date parser reads. A time outside is a mistake of its source, not a date.
inline constexpr UnixTime kFirstPlausibleTime = 631152000;   // 1990-01-01
inline constexpr UnixTime kEndPlausibleTime = 4102444800;    // 2100-01-01
// Days since 1970-01-01 for a civil date, and back.
std::int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d);
// "YYYY-MM-DD" of a time.
std::string format_date(UnixTime t);
// "YYYY-MM-DDTHH:MM:SSZ" of a time.
std::string format_iso8601(UnixTime t);
// Weekday of a time, 0 = Sunday.
int weekday(UnixTime t);
UnixTime now();
// An article's publication time shifted to its source's local clock: the day and weekday
// of this are the day the source dated it ("tomorrow" is counted from that day).
inline UnixTime local_published(const Article& a) { return a.published + a.utc_offset; }

// --- process settings ---
// Makes malloc keep freed memory for reuse instead of handing it back to the kernel after
// every large free: blocks up to 32 MiB come from the heap (not a fresh mmap each time) and
// the heap's free top is trimmed only past 64 MiB. Story writing and the engine allocate
// and free buffers of a few hundred KiB to a few MiB per story; with glibc's defaults each
// of those cost page faults and a TLB flush (the heap shrank and grew again), half of a
// story's time on a virtual machine (docs/benchmarks.md). Call once, first thing in main;
// the storyline binary does, and so do the benchmarks, to measure what it runs. A no-op
// where the C library has no such setting, and without effect where the program is linked
// with jemalloc (the default build, CMake option STORYLINE_JEMALLOC): glibc's malloc is then
// not the one in use (the sanitizer builds, which bring their own, neither).
void tune_allocator();

}  // namespace storyline
