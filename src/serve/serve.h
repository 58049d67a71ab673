// serve: the web reader and JSON API over a Store: a front page of stories ranked at the
// moment of the request, story pages with their sources, search, /api/v1 (stories, a
// story, articles, search, feeds, POSTed articles; described by /api/v1/openapi.json),
// feeds out (RSS 2.0, Atom, JSON Feed 1.1 of the front page, a section or a search),
// /healthz and /metrics (Prometheus). Server-rendered HTML; every text that comes from an
// article or a user is escaped (HTML, XML). Requests run on a thread pool, each on a
// reader connection of its own (WAL: reads never wait on writers). Every request passes
// one shared layer: 405 with Allow for a wrong method, 400 JSON for unreadable /api/
// query strings, per-client POST limits (429), rendered reads reused while the store is
// unchanged (the response cache), ETag / Cache-Control / 304 on reads, an access log line
// and the metrics. Admin actions (feeds, rebuild) only where Options gives them (`run`).
//
// Use: Server server(store, options); server.bind(); a thread runs server.run(); stop().
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "store/store.h"

namespace storyline::serve {

// A story as a list shows it, with its score at the reader's clock.
struct Ranked {
  store::StorySummary story;
  double log_score = 0;   // log2 of the score at `now` (cluster::log_score)
  bool developing = false;
};
// The best stories at clock `now`, `offset` to `offset + limit`: fetched by the store's
// time-independent rank key and rescored exactly at `now` (see cluster::rank_key). A story
// whose stored row is damaged (StorySummary::damaged) is left out, and added to `damaged`
// when given.
std::vector<Ranked> top_stories(store::Store& store, std::size_t limit, std::size_t offset, UnixTime now,
                                std::vector<store::StorySummary>* damaged = nullptr);

// ---- the HTML reader (page_*.cpp, sections.cpp; pure, tested without a server) ----
// HTML-escapes & < > " ' (broken UTF-8 becomes U+FFFD, NUL bytes are dropped).
std::string html_escape(std::string_view s);
// An http(s) URL with no spaces or control bytes: the only URLs that become links.
bool is_http_url(std::string_view url);
// "3 h ago", "2 days ago", "just now" (or "in 2 h" for a time after `now`).
std::string relative_time(UnixTime t, UnixTime now);
// <time> with the date, UTC time and (when now > 0) the relative time; "undated" for 0.
std::string time_tag(UnixTime t, UnixTime now);

// Sections by topic (see sections.cpp): their names for /section/{name}, titles, and the
// section of a story ("" = none).
const std::vector<std::string>& section_names();
std::string section_title(const std::string& name);  // "" = no such section
std::string section_of(std::string_view headline, std::string_view standfirst);
// The best stories of a section at `now`, `offset` to `offset + limit` (top_stories, filtered).
std::vector<Ranked> section_stories(store::Store& store, const std::string& section, std::size_t limit,
                                    std::size_t offset, UnixTime now);

// The frame of every page: skip link, header with search, section navigation, <main>.
struct Layout {
  std::string query;    // shown in the search box
  std::string section;  // "top", a section name, or "" (none current)
  std::string head;     // extra <head> markup (trusted: built by the renderers)
  std::string canonical;  // absolute URL of the page ("" = none)
  // The page's feeds: a path without the extension ("/feed", "/section/world/feed") and its
  // query string ("?q=..." or ""), linked from <head> and the footer ("" = none).
  std::string feed, feed_query;
};
// Percent-encodes everything but unreserved characters (RFC 3986), for query strings.
std::string url_encode(std::string_view s);
std::string render_layout(const std::string& title, const std::string& body, const Layout& layout);
std::string render_error_page(int status, const std::string& message);

struct FrontPage {
  std::string section;   // "" = the front page
  std::size_t page = 1;  // 1-based
  bool has_next = false;
  std::string base_url;  // public address for the canonical link ("" = none)
};
std::string render_front_page(const std::vector<Ranked>& stories, UnixTime now,
                              const std::string& query = {}, const FrontPage& where = {});
struct StoryPage {
  UnixTime now = 0;                       // for relative times (0 = none)
  bool developing = false;
  std::vector<store::SearchHit> related;  // story hits on the same subject
  std::string canonical;                  // absolute URL of the page ("" = none)
};
std::string render_story_page(const Story& story, const std::vector<store::ArticleRef>& sources,
                              const StoryPage& extras = {});
struct SearchForm {
  std::string from, to, outlet;  // as typed (YYYY-MM-DD dates)
  std::string message;           // e.g. why a filter was ignored
  std::size_t page = 1;          // 1-based
  bool has_next = false;
};
std::string render_search_page(const std::string& query, const std::vector<store::SearchHit>& hits,
                               const SearchForm& form = {});
// A story with its sources (`storyline digest --format json`, /api/v1/stories/{id}).
std::string story_json(const Story& story, const std::vector<store::ArticleRef>& sources);

// What a POST of articles gives: how many were accepted and which were refused.
struct Rejected {
  std::size_t index = 0;
  std::string error;
};
// Reads a POST body of articles: one JSON object, a JSON array of them, or JSON Lines
// (`application/x-ndjson`), each in the JSON Lines ingest format. Fills `articles` with the
// readable items (in order, with their index in `indexes`) and `rejected` with the others;
// returns false with `error` when the body as a whole cannot be read.
bool parse_article_post(std::string_view body, std::string_view content_type,
                        std::vector<Article>& articles, std::vector<std::size_t>& indexes,
                        std::vector<Rejected>& rejected, std::string& error);

// One story (or search hit) as a feed item.
struct FeedEntry {
  StoryId id = 0;
  std::string title, summary;        // plain text (escaped by the renderers)
  std::vector<std::string> outlets;
  UnixTime published = 0, updated = 0;  // 0 = unknown
};
// A feed: its entries and where it lives (absolute URLs).
struct FeedDoc {
  std::string title, description;
  std::string base_url;   // public address, no trailing '/': items link to base_url/story/{id}
  std::string home_url;   // the page the feed mirrors
  std::string self_url;   // the feed itself
  UnixTime updated = 0;
  std::vector<FeedEntry> entries;
};
std::string render_rss(const FeedDoc& feed);        // RSS 2.0 (with atom:link rel=self)
std::string render_atom(const FeedDoc& feed);       // Atom 1.0 (RFC 4287)
std::string render_json_feed(const FeedDoc& feed);  // JSON Feed 1.1

// What the engine did since it started, for /metrics (run; serve has no engine).
struct EngineCounters {
  std::uint64_t articles_clustered = 0, stories_opened = 0, stories_written = 0, stories_merged = 0;
};

struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;              // 0 = any free port
  std::string token;            // bearer token for POST /api/v1/articles ("" = endpoint off)
  std::size_t max_body_bytes = 32u << 20;  // larger POST bodies get 413
  // A POSTed article whose title + text is longer is rejected by index ("max_article_bytes"),
  // as `ingest` refuses it (ingest::Options::max_article_bytes).
  std::size_t max_article_bytes = 4u << 20;
  // A longer search query (pages, /api/v1/search, feeds out) gets 400 ("max_query_bytes").
  std::size_t max_query_bytes = 512;
  // Called after articles were stored by a POST (the engine wakes up).
  std::function<void()> on_ingest;
  // The public address ("https://news.example.org", no trailing '/') used in feeds, the
  // OpenAPI servers entry and canonical links; "" = http://host:port as bound.
  std::string base_url;
  // The engine's counters (/metrics); unset on a read-only server.
  std::function<EngineCounters()> engine_counters;
  // Admin actions (behind the token; `storyline run` only, `serve` is read-only): POST
  // /api/v1/admin/rebuild calls on_rebuild; POST /api/v1/admin/feeds subscribes to a feed
  // (Store::add_feed) and then calls on_feeds_changed. Unset = no admin.
  std::function<void()> on_rebuild;
  bool admin_feeds = false;
  std::function<void()> on_feeds_changed;
  // POSTs per client address: `post_burst` at once, refilled at `post_per_second`.
  double post_per_second = 10, post_burst = 30;
  int read_timeout_seconds = 10, write_timeout_seconds = 10;  // slow clients are cut off
  bool access_log = true;       // one log line per request (spdlog info)
  // Rendered reads kept for the next reader while the store is unchanged (0 = no cache).
  std::size_t cache_bytes = 64u << 20;
};

class Server {
 public:
  // `store` is the primary connection; each request thread opens its own reader from it
  // (Store::reader), or shares `store` under a lock when it cannot be shared (":memory:").
  Server(store::Store& store, Options options);
  ~Server();
  // Binds the socket (refusing a port another process holds); false when it cannot.
  bool bind();
  // Port actually bound (after bind()).
  int port() const;
  // Serves until stop() (blocking).
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline::serve
