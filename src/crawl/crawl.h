// crawl: keeps the store's subscribed feeds read, politely, and turns what is new in them
// into articles for the engine.
//
// A pass (Crawler::crawl, crawl_due):
//   1. the feeds that are due (store::Store::feeds_due; or every feed, for `crawl --once`)
//      are fetched through one fetch::Crawler: one connection per host and port, a delay
//      between requests to a host, robots.txt (Crawl-delay too), 429/503 Retry-After, the
//      private-address guard after DNS and on every redirect; conditional GET with the
//      feed's validators, so an unchanged feed costs a 304 and nothing else;
//   2. each body is parsed (feeds::parse_feed); an item's identity at its feed is its GUID,
//      else its link, else a hash of its title and content (item_key); items seen before
//      with the same content are skipped, changed ones become an update of their article;
//   3. teaser items (a link and little text) have their page fetched through the same
//      Crawler and extracted (extract::extract_html); the feed's title, date and author win
//      over the page's guesses;
//   4. new items are added as articles (origin = the feed's URL, item_key = the item's key)
//      and changed ones updated in place (their story is queued for rewrite); each feed's
//      state is written with them (status, error, validators, item counts, the next fetch by
//      the schedule or the backoff), a batch of feeds per store transaction
//      (store::Store::record_fetches). Items still in a feed are recorded as seen again at
//      least daily, so that items gone from their feed for Settings::forget_items_after
//      (90 days) can be forgotten after a pass while those still in it are kept.
// A feed read (200 with a feed, or 304) through permanent redirects only (301/308) takes the
// final URL as its own (store::Store::move_feed), so the next fetch goes there directly; a
// temporary redirect changes nothing. When another subscribed feed has that URL already, both
// are kept and the feed's state says so.
// One feed's trouble (network, HTTP error, refused address, malformed or hostile document)
// is written into that feed's state (`storyline feeds list` shows it) and never affects the
// others. Nothing is marked seen unless its article was stored: an item left for later (its
// page deferred, or past the per-pass page budget) keeps the feed's old validators so the
// next pass reads the feed again.
//
// discover() turns a URL a user gives into the feed it is or advertises
// (<link rel="alternate" type="application/rss+xml">...); default_feeds() is the list of
// well-known public news feeds storyline ships (share/default-feeds.opml).
//
// Use:
//   crawl::Settings s;                       // s.fetch.fetch.allow_private for a LAN feed
//   crawl::Crawler c(store, s);
//   auto stats = c.crawl_due(storyline::now());   // what is due now
//   // or c.crawl(store.feeds(), storyline::now()) for everything at once
// A Crawler keeps its per-host state (delays, Retry-After, robots.txt for a day) between
// passes; keep one for a long-running process. It uses the Store it is given from the
// thread that calls crawl() only. Not thread-safe itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extract.h"
#include "feeds/feeds.h"
#include "fetch/fetch.h"
#include "ingest/ingest.h"
#include "model/model.h"
#include "store/store.h"

namespace storyline::crawl {

struct Settings {
  fetch::CrawlSettings fetch;        // workers, per-host delay, robots, fetch options
  fetch::ScheduleSettings schedule;  // interval floor and ceiling, jitter, backoff
  feeds::Options parse;
  bool teasers = true;               // fetch the pages of teaser items
  std::size_t teaser_words = 100;    // an item with fewer words of text is a teaser
  std::size_t max_pages_per_feed = 50;  // teaser pages fetched per feed and pass
  // The teaser pages of one pass are fetched within this many milliseconds (0 = no limit);
  // the rest wait, unseen, for the next pass (a polite host with hundreds of pages must
  // not hold `run`'s crawl for an hour).
  fetch::TimeMs page_budget_ms = 120'000;
  std::size_t page_max_bytes = 8u << 20;
  // An item whose title + text is longer is skipped (seen, never stored), and a teaser page
  // that would make it longer is not used (the feed's text stays), as `ingest` refuses such
  // an article (ingest::Options::max_article_bytes; `run --max-article-bytes`).
  std::size_t max_article_bytes = ingest::Options{}.max_article_bytes;
  std::size_t batch_feeds = 64;      // feeds committed per store transaction
  // An item gone from its feed for this many seconds, while the feed was read, is forgotten
  // (store::Store::forget_seen_items; checked after a pass, at most hourly). 0 = never.
  std::int64_t forget_items_after = 90 * 86400;
};

// What one feed's fetch did.
struct FeedResult {
  store::FeedState state;        // as written (status, error, next fetch...)
  bool fetched = false;          // a response was read (200 or 304)
  bool not_modified = false;     // 304
  bool failed = false;           // no usable feed: network, HTTP error, refused, unreadable
  std::size_t items = 0;         // items in the document
  std::size_t added = 0;         // new articles
  std::size_t updated = 0;       // articles updated in place (the item changed)
  std::size_t refused = 0;       // removed by the user earlier (tombstone): not added again
  std::size_t unchanged = 0;     // seen before, same content
  std::size_t skipped = 0;       // items with nothing to store (no title, text or link)
  std::size_t later = 0;         // left for the next pass (page deferred or over budget)
  std::size_t pages = 0;         // teaser pages fetched and used
  std::size_t page_errors = 0;   // teaser pages that failed (the feed's text kept)
  std::size_t pages_too_long = 0;  // teaser pages over page_max_bytes or max_article_bytes (the feed's text kept)
  std::string moved_from;        // the feed's URL before this fetch moved it ("" = not moved)
};

struct PassStats {
  std::size_t feeds = 0, fetched = 0, not_modified = 0, failed = 0, malformed = 0;
  std::size_t items = 0, added = 0, updated = 0, refused = 0, later = 0, pages = 0, page_errors = 0,
              pages_too_long = 0;
  std::size_t forgotten = 0;  // seen items forgotten after the pass (gone from their feeds for long)
  PassStats& operator+=(const FeedResult& r);
};

class Crawler {
 public:
  Crawler(store::Store& store, Settings settings);
  ~Crawler();
  // Fetches `feeds` now, whatever their schedule and backoff, and stores what is new.
  // `on_feed` is told each feed's result once it is committed (one call at a time).
  // Throws store::StoreError when the store fails (what was committed before stays).
  PassStats crawl(const std::vector<store::FeedState>& feeds, UnixTime now,
                  const std::function<void(const FeedResult&)>& on_feed = {});
  // The feeds due at `now` (at most `limit`, soonest first), crawled.
  PassStats crawl_due(UnixTime now, std::size_t limit = 1000,
                      const std::function<void(const FeedResult&)>& on_feed = {});
  const Settings& settings() const { return settings_; }

 private:
  struct Pass;
  store::Store& store_;
  Settings settings_;
  fetch::Crawler http_;
  std::map<std::int64_t, int> entries_last_week_;  // by feed id, from its last 200
  UnixTime last_forget_ = 0;                        // when seen items were last forgotten
};

// ---- items (items.cpp) ----
// An item's identity at its feed: its GUID / id, else its link, else "hash:" and a hash of
// its title and content. Keys longer than 512 bytes are replaced by "hash:" and their hash.
std::string item_key(const feeds::FeedItem& item);
// A hash of what the item says (title, link, summary, content): a change means an update.
std::int64_t item_hash(const feeds::FeedItem& item);
// The item's text as plain paragraphs (its content's HTML, else its summary).
std::string item_text(const feeds::FeedItem& item);
// Whether an item is a teaser whose page should be read: an http(s) link and fewer than
// `teaser_words` words of text.
bool is_teaser(const feeds::FeedItem& item, std::size_t teaser_words);
// The article an item becomes (origin = feed_url, item_key set, fetched = now); false when
// the item has nothing to store (no title, no text and no link) or its title + text is
// over `max_article_bytes` (Settings::max_article_bytes).
bool item_article(const feeds::Feed& feed, const feeds::FeedItem& item, const std::string& feed_url,
                  UnixTime now, Article& out,
                  std::size_t max_article_bytes = ingest::Options{}.max_article_bytes);
// Completes a teaser's article with its page: the page's text when it says more; the
// page's title, date, author and language only where the feed gave none.
void merge_page(Article& article, const extract::Extracted& page);

// ---- discovery (discover.cpp) ----
// The feed URLs a page advertises with <link rel="alternate" type="application/rss+xml" |
// "application/atom+xml" | "application/feed+json" | "application/json" href>, absolute
// (against <base href> and `page_url`), in page order, without duplicates.
std::vector<std::string> advertised_feeds(std::string_view html, std::string_view page_url);

struct Discovery {
  std::string feed_url;  // the feed to subscribe to; empty on failure
  std::string title;     // the feed's title
  std::string site_link; // the feed's home page
  std::size_t items = 0;
  std::string error;     // why there is no feed
};
// Fetches `url`: a feed is its own answer (its final URL when every redirect was
// permanent); an HTML page is followed to the first feed it advertises that reads as one.
Discovery discover(const std::string& url, const fetch::Options& options);

// ---- the shipped feed list (default_feeds.cpp, generated from share/default-feeds.opml) ----
std::string_view default_feeds_opml();

// "category/sub" <-> {"category", "sub"}: a store category and an OPML outline path.
std::string join_category(const std::vector<std::string>& path);
std::vector<std::string> split_category(std::string_view category);

}  // namespace storyline::crawl
