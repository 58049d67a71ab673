// feeds: reads syndication feeds and feed lists into plain structs.
//   - RSS 0.9x / 2.0, RSS 1.0 (RDF), Atom 0.3 / 1.0 (pugixml) and JSON Feed 1.0 / 1.1
//     (nlohmann-json), with content:encoded, dc:*, dcterms:*, media:* and xml:base
//   - OPML import and export of feed lists with categories (outline nesting)
//
// Pure functions over bytes; no I/O. A fetcher hands parse_feed() the body it read,
// the URL it read it from and the charset its Content-Type named.
//
// Broken feeds are read as far as they can be: undeclared HTML entities (&nbsp;),
// stray '&', byte-order marks, a wrong declared charset, text before the root element
// and truncated documents are recovered; the Feed then says malformed = true with a
// short reason in `error`. External entities and DTDs are never read; entities declared
// in an internal DTD subset are never expanded (a billion-laughs document costs nothing).
//
// Text fields are plain UTF-8 text: titles, summaries and authors that hold (escaped)
// HTML have their tags dropped, script/style content dropped and entities decoded.
// `content` keeps the item's full HTML as the feed gave it (for the extract stage).
// Links are absolute when a base (xml:base or the document URL) allows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace storyline::feeds {

struct FeedItem {
  std::string id;           // guid / atom:id / JSON Feed id; empty when the feed gave none
  std::string title;        // plain text
  std::string link;         // absolute URL of the item's page
  std::string author;       // plain name ("jane@example.com (Jane Doe)" -> "Jane Doe")
  UnixTime published = 0;   // 0 = none
  UnixTime updated = 0;     // 0 = none
  std::string summary;      // plain text (description, atom:summary, summary)
  std::string content;      // HTML (content:encoded, atom:content, content_html)
  std::vector<std::string> categories;
  std::string enclosure;    // first enclosure / media:content URL, absolute
  std::string thumbnail;    // media:thumbnail URL (or JSON Feed image), absolute
};

struct Feed {
  std::string title;
  std::string link;         // the site's home page (the feed's alternate link)
  std::string id;
  std::string author;
  std::string language;
  UnixTime published = 0;
  UnixTime updated = 0;
  bool malformed = false;   // true when the document had to be repaired or was cut short
  // Short reason(s) when malformed or nothing could be read; also notes dropped items
  // ("3 items past max_items (10000) dropped"), which alone do not make a feed malformed.
  std::string error;
  std::vector<FeedItem> items;
  std::size_t items_dropped = 0;  // items past Options::max_items (not malformed; noted in error)
  // How long the publisher says the feed may be cached, in seconds: RSS <ttl> (minutes), else
  // the syndication module (sy:updatePeriod / sy:updateFrequency); 0 when it says nothing.
  std::int64_t ttl_seconds = 0;
  std::string format;       // "rss", "rdf", "atom", "atom03", "json"; empty when not a feed
  // True when the document was recognised as a feed (something could be read).
  bool readable() const { return !format.empty(); }
};

struct Options {
  std::size_t max_bytes = 64u << 20;  // larger documents are refused ("max_bytes")
  std::size_t max_items = 10000;      // later items are dropped and counted ("max_items")
  std::size_t max_depth = 512;        // deeper element nesting is refused ("max_depth")
};

// Parses one feed document. `base_url` is the URL the document was read from (may be
// empty); `charset` is the charset the transport named (Content-Type; may be empty),
// which wins over the BOM and the XML declaration. Never throws.
Feed parse_feed(std::string_view bytes, std::string_view base_url = {},
                std::string_view charset = {}, const Options& options = {});

// ---- helpers, public because the fetcher and the CLI use them too ----
// RFC 3986 section 5 reference resolution: `ref` against the absolute URL `base`.
// Returns `ref` unchanged when it is absolute or `base` is empty / not absolute.
std::string resolve_url(std::string_view base, std::string_view ref);
// Escaped HTML to plain text: tags dropped (block tags become a space), script/style
// content dropped, every HTML5 named and numeric character reference decoded, white
// space collapsed. Plain text comes back unchanged (except white space).
std::string html_to_text(std::string_view html);
// Decodes HTML character references only (no tag handling); unknown ones are kept.
std::string decode_html_entities(std::string_view s);
// The dates feeds carry: RFC 822/1123 (2-digit years, named or missing zones,
// no weekday, odd spacing), ISO 8601 / W3CDTF (date only, no seconds, fractions).
// 0 when unparseable.
UnixTime parse_feed_date(std::string_view s);
// An author as a plain name: "jane@example.com (Jane Doe)" -> "Jane Doe",
// "Jane Doe <jane@example.com>" -> "Jane Doe"; a bare e-mail address stays.
std::string plain_author(std::string_view s);

// ---- OPML ----
struct Subscription {
  std::string url;        // xmlUrl
  std::string title;      // text or title attribute
  std::string html_url;   // htmlUrl
  std::vector<std::string> category;  // enclosing outline titles, outermost first
};
struct Opml {
  std::string title;
  std::vector<Subscription> feeds;
  bool malformed = false;
  std::string error;
};
Opml parse_opml(std::string_view bytes, const Options& options = {});
// OPML 2.0 with one nested <outline> per category path; parse_opml(write_opml(x))
// gives x's feeds back (same order within each category).
std::string write_opml(const std::vector<Subscription>& feeds, std::string_view title = "storyline feeds");

}  // namespace storyline::feeds
