// Internal helpers of the feeds stage, shared by its source files and tests.
// Not part of the stage's public interface (feeds.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feeds.h"

namespace storyline::feeds::detail {

// ---- html_text.cpp ----
// Reads a character reference at s[i] == '&' ("&eacute;", "&#233;", "&#xE9;"): appends
// its UTF-8 text to `out` and sets `len` to the bytes it spans. False when there is none.
bool read_reference(std::string_view s, std::size_t i, std::string& out, std::size_t& len);
bool is_xml_predefined(std::string_view name);  // amp lt gt quot apos
bool is_html_entity(std::string_view name);     // an HTML5 named reference

// ---- xml_repair.cpp ----
// A feed document made ready for pugixml: UTF-8 without a BOM (transport charset,
// else BOM, else the XML declaration; invalid UTF-8 read as Windows-1252), text before
// the root dropped, the DOCTYPE dropped (plain-text internal entities substituted once,
// others left as text), HTML entities turned into their characters, stray '&' escaped.
// Every repair adds a short reason to `problems`. Returns false (reason in `error`)
// when a limit is exceeded.
struct Prepared {
  std::string xml;
  std::vector<std::string> problems;
};
bool prepare_xml(std::string_view bytes, std::string_view charset, const Options& options,
                 Prepared& out, std::string& error);
// The bytes decoded to UTF-8 by charset (transport, BOM, declaration); a BOM is removed.
std::string decode_bytes(std::string_view bytes, std::string_view charset, std::vector<std::string>& problems);
// Deepest element nesting of an XML text (comments, CDATA, PIs skipped), stopping
// early once past `limit`.
std::size_t element_depth(std::string_view xml, std::size_t limit);

// ---- xml_feed.cpp / json_feed.cpp ----
// The document after prepare_xml(), into `feed` (fields, items, format, malformed).
void read_xml_feed(const std::string& xml, std::string_view base_url, const Options& options, Feed& feed);
void read_json_feed(std::string_view json, std::string_view base_url, const Options& options, Feed& feed);

// ---- dates.cpp ----
// "31 Dec 03" -> "31 Dec 2003" etc.; exposed for tests.
std::string expand_two_digit_year(std::string_view s);

}  // namespace storyline::feeds::detail
