// extract: turns one raw document (an HTML page or a plain-text scrape) into the
// clean article inside it: title, body, date, author, language, canonical URL.
//
// Pure functions over bytes; no I/O except read_document().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace storyline::extract {

struct Extracted {
  std::string title;
  std::string text;        // paragraphs separated by "\n"
  std::string author;
  std::string language;    // BCP 47 ("en"), empty when unknown
  std::string url;         // canonical URL, empty when unknown
  std::string site_name;
  UnixTime published = 0;  // 0 when unknown
  // The UTC offset (seconds east) the page stated with its date, so that the
  // publisher's local time is published + published_offset and its local day is
  // format_date(published + published_offset). 0 when the page gave UTC or no zone.
  // When the page gave UTC but its permalink names the day before or after, the
  // smallest whole-hour offset that puts the instant on that day (the local day is
  // right; the exact offset is unknown).
  int published_offset = 0;
  // Why nothing was extracted when a limit refused the input ("page of N bytes is over
  // max_page_bytes (M)"); empty otherwise.
  std::string error;
};

// Bounds on what one page may cost (docs/reliability.md, "Limits").
struct HtmlLimits {
  std::size_t max_page_bytes = 64u << 20;  // a larger page yields nothing, with `error` set
  std::size_t max_depth = 2000;            // deeper elements are dropped, their text kept
  std::size_t max_attributes = 1000;       // attributes of one element past this are dropped
};

// Reads a file, gunzipping *.gz (bounded by max_bytes after decompression, so a
// gzip bomb is refused). Returns false with a message in `error`.
bool read_document(const std::string& path, std::string& bytes, std::string& error,
                   std::size_t max_bytes = 64u << 20);
// Gunzips `in` into `out`, refusing output larger than max_bytes.
bool gunzip(std::string_view in, std::string& out, std::string& error, std::size_t max_bytes);

// The charset a page declares with a BOM, <meta charset=...> or <meta http-equiv=
// "Content-Type" content="...; charset=...">, lower case; empty when none.
std::string declared_charset(std::string_view html);

// Main-content extraction from an HTML page (gumbo). The input may be in any charset
// declared in the page or HTTP-style meta; the output is valid UTF-8.
Extracted extract_html(std::string_view html, std::string_view url_hint = {},
                       const HtmlLimits& limits = {});

// Cleans a plain-text scrape (no markup): drops trailing teaser runs, glued
// bylines ("Nick BeakeEurope correspondentBBC..."), boilerplate lines
// ("Advertisement", "Read more"), live-blog refs ("(see 8.17 post)") and cut-off
// trailing fragments, keeping every real article sentence. Lines are kept as paragraphs.
std::string clean_text(std::string_view scraped);

// A plain-text document: the first line becomes the title only when it looks like
// one (short, no final period, followed by body text). Also reads storyline's own
// story format ("date YYYY-MM-DD standfirst", blank line, body).
Extracted extract_text(std::string_view plain);

// Parses a date/time in the common web formats (ISO 8601, RFC 822/1123,
// "February 11, 2025", "11 Feb 2025 10:00 GMT", ...). Returns 0 when unparseable.
UnixTime parse_date(std::string_view s);
// The same, also giving the UTC offset the string stated (seconds east of UTC; 0 when
// it named none): "2024-05-03T23:30:00-04:00" -> the instant 2024-05-04T03:30Z and -14400.
UnixTime parse_date(std::string_view s, int& utc_offset);

}  // namespace storyline::extract
