// fetch: getting documents from the web, safely and politely.
//   - fetch(): one HTTP(S) GET on libcurl: conditional headers, gzip/deflate/br with a
//     decompressed-size limit, redirects followed here (at most 5, each hop re-checked),
//     connect and total timeouts, the body converted to UTF-8.
//   - the private-address guard: a host that resolves to a loopback, private,
//     link-local (cloud metadata), multicast, unspecified or carrier-grade NAT address is
//     refused after DNS resolution, and the connection is pinned to the checked address
//     (DNS rebinding cannot swap it).
//   - robots.txt (RFC 9309): parse once, then ask allowed(path) and crawl_delay.
//   - politeness and schedule: pure, clock-injected functions and a per-host gate
//     (one connection per host and port, a minimum delay between requests).
//   - Crawler: runs a batch of due jobs on a few threads through the gate.
// Nothing here knows about feeds, articles or the store.
//
// Use:
//   fetch::Options o;                      // o.allow_private for a feed server on the LAN
//   fetch::Response r = fetch::fetch({url, etag, last_modified}, o);
//   if (!r.ok()) log(r.error_message);     // every failure has a kind and a clear message
//   else if (r.status == 304) ...          // not modified: nothing to read
//   else parse(r.body);                    // UTF-8 (converted from r.charset)
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace storyline::fetch {

// ---- HTTP client (http_client.cpp) ----
struct Options {
  std::string user_agent = "storyline/0.1 (+https://github.com/storyline-news/storyline)";
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 30'000;              // the whole fetch, redirects included
  std::size_t max_body_bytes = 32u << 20;      // after decompression
  int max_redirects = 5;
  bool allow_private = false;                  // turns the private-address guard off
  // Host names (or address literals, as written in the URL) whose private addresses are
  // allowed while the guard stays on for every other host: a feed server on the LAN.
  std::vector<std::string> private_hosts;
  bool decode_text = true;                     // convert the body to UTF-8
  // When set and true, a transfer in progress stops ("cancelled", ErrorKind::deferred) and
  // the Crawler answers the jobs it has not started the same way: for a prompt shutdown.
  const std::atomic<bool>* cancel = nullptr;
};

struct Request {
  std::string url;
  std::string etag;           // sent as If-None-Match when set
  std::string last_modified;  // sent as If-Modified-Since when set
};

enum class ErrorKind {
  none,
  bad_url,             // unparseable, or not http/https
  refused_address,     // the private-address guard
  dns,                 // the host does not resolve
  connect,             // connection refused / unreachable
  timeout,             // connect or total timeout
  too_large,           // body over max_body_bytes after decompression
  redirect_loop,
  too_many_redirects,
  truncated,           // the connection dropped mid-response
  tls,
  protocol,            // malformed response, bad encoding
  disallowed,          // robots.txt (Crawler only)
  deferred,            // the host asked to wait past this pass, or the crawl was cancelled
  other,
};
const char* error_kind_name(ErrorKind k);  // "timeout", "refused_address", ...

struct Response {
  int status = 0;                  // of the last hop; 0 when no response was read
  std::string final_url;           // after redirects
  bool moved_permanently = false;  // every hop was 301/308: callers may update the URL
  std::string etag, last_modified, content_type, retry_after, cache_control, expires;
  std::string body;                // decompressed; UTF-8 when Options::decode_text
  std::string charset;             // the charset the body was read as ("utf-8", "windows-1252")
  ErrorKind error = ErrorKind::none;
  std::string error_message;       // names the URL and what went wrong
  bool ok() const { return error == ErrorKind::none; }
};

// One GET, following redirects itself. Never throws for network or server trouble; a
// non-2xx status is not an error (status says it); the caller decides.
Response fetch(const Request& request, const Options& options = {});

// ---- URLs (url.cpp) ----
struct UrlParts {
  std::string scheme;  // lower case: "http" or "https"
  std::string host;    // lower case, without IPv6 brackets
  int port = 0;        // explicit or the scheme's default
  std::string path;    // path and query, "/" when empty
};
// Parses an absolute http(s) URL; false with a message otherwise.
bool parse_url(std::string_view url, UrlParts& out, std::string& error);
// `ref` resolved against `base` (RFC 3986); empty when it cannot be resolved.
std::string resolve_url(std::string_view base, std::string_view ref);
// "host:port", the unit of politeness ("example.com:443").
std::string host_key(std::string_view url);

// ---- private-address guard (address_guard.cpp) ----
// Why an address may not be fetched ("a loopback address", "a link-local address (cloud
// metadata)", ...), or empty when it is a public address. Takes IPv4 or IPv6 text;
// IPv6 forms of IPv4 addresses (mapped, compatible, NAT64 64:ff9b::/96, 6to4) are judged
// as the IPv4 address they reach.
// Text that is not an address literal is refused as "not an IP address".
std::string forbidden_address_reason(std::string_view ip);

struct Resolution {
  std::vector<std::string> addresses;  // allowed addresses to connect to (textual)
  std::string error;                   // empty when addresses is not empty
  ErrorKind kind = ErrorKind::none;
};
// Resolves host (getaddrinfo) and keeps the addresses the guard allows. When every address
// is forbidden: error "refused: HOST resolves to ADDR, a loopback address; use
// --allow-private to allow". allow_private keeps every address.
Resolution resolve_checked(const std::string& host, int port, bool allow_private);

// ---- charset (charset.cpp) ----
// The charset of a body, from in order: the Content-Type header's charset parameter, a
// BOM, the XML declaration's encoding, HTML <meta charset>; lower case; empty when none.
std::string detect_charset(std::string_view content_type, std::string_view body);
// The body as valid UTF-8 read in `charset` (empty: UTF-8). A body that is valid UTF-8
// stays UTF-8 even when a single-byte charset is declared (a common mislabel); a BOM is
// dropped; a body said (or assumed) to be UTF-8 whose non-ASCII bytes are mostly not UTF-8
// is read as Windows-1252; an unknown charset name is read as UTF-8 with invalid bytes
// replaced. `used`, when given, receives the charset the body was read as.
std::string to_utf8(std::string_view body, std::string_view charset, std::string* used = nullptr);

// ---- robots.txt (robots.cpp) ----
struct RobotsRule {
  bool allow = false;
  std::string pattern;  // path pattern with * and $ (RFC 9309)
};
struct Robots {
  bool allow_all = false;     // no robots.txt (4xx): everything allowed
  bool disallow_all = false;  // robots.txt unreachable (5xx, network error): nothing allowed
  std::vector<RobotsRule> rules;           // the group that applies to our agent, merged
  std::optional<double> crawl_delay;       // seconds, from that group
};
// The rules robots.txt gives `agent` (a product token, "storyline"; case-insensitive):
// every group naming it, merged; else the "*" groups. Unknown lines are ignored.
Robots parse_robots(std::string_view robots_txt, std::string_view agent);
// What a fetch of /robots.txt means: 2xx parse the body; 4xx allow all; anything else
// (5xx, network error: status 0) disallow all (RFC 9309 2.3.1).
Robots robots_from_response(int status, std::string_view body, std::string_view agent);
// Whether path (path and query, "/a/b?c") may be fetched: the longest matching rule
// wins, Allow on a tie; no matching rule allows. "/robots.txt" is always allowed.
bool robots_allowed(const Robots& robots, std::string_view path);

// ---- politeness (politeness.cpp) ----
// Milliseconds since the epoch; every policy function takes the clock as an argument.
using TimeMs = std::int64_t;

// Seconds to wait from a Retry-After value (delta-seconds or an HTTP date, against `now`
// in Unix seconds); nullopt when the value is empty or unreadable. Capped at max_seconds.
std::optional<std::int64_t> parse_retry_after(std::string_view value, UnixTime now,
                                              std::int64_t max_seconds = 86400);
// Seconds of backoff after `consecutive_errors` failures in a row (1 -> base, doubling),
// capped at max_seconds (a day by default).
std::int64_t backoff_seconds(int consecutive_errors, std::int64_t base_seconds = 60,
                             std::int64_t max_seconds = 86400);

// One connection at a time per host key, and at least a minimum delay between the end of
// one request to a host and the start of the next. Thread-safe.
class HostGate {
 public:
  explicit HostGate(TimeMs min_delay_ms = 1000) : min_delay_ms_(min_delay_ms) {}
  // Takes the host when it is free and its delay has passed; false otherwise.
  bool try_acquire(const std::string& host, TimeMs now);
  // Gives the host back; its next request may start at now + its delay.
  void release(const std::string& host, TimeMs now);
  // The earliest time the host may be taken (now when free and ready); busy hosts: never
  // (INT64_MAX) until released.
  TimeMs ready_at(const std::string& host, TimeMs now) const;
  // A host's own delay (robots.txt Crawl-delay), used when longer than the minimum.
  void set_delay(const std::string& host, TimeMs delay_ms);
  // No request to the host before `until` (Retry-After, backoff).
  void block_until(const std::string& host, TimeMs until);

 private:
  struct State {
    bool busy = false;
    TimeMs next = 0;
    TimeMs delay = -1;
  };
  TimeMs min_delay_ms_;
  mutable std::mutex mutex_;
  std::map<std::string, State> hosts_;
};

// ---- schedule (schedule.cpp) ----
struct ScheduleSettings {
  std::int64_t min_interval = 5 * 60;     // seconds; the floor (tests use seconds)
  std::int64_t max_interval = 24 * 3600;
  double jitter = 0.1;                    // up to this fraction of the interval is added
  std::int64_t backoff_base = 60;         // first retry after an error
  std::int64_t backoff_max = 24 * 3600;
};
// Miniflux's entry-frequency rule: a week / entries published in the last week, clamped
// to [min_interval, max_interval] (no entries: max_interval). `publisher_hint` (the feed's
// ttl, Cache-Control max-age or Expires, in seconds; 0 when none) is used when longer,
// still at most max_interval.
std::int64_t feed_interval(int entries_last_week, std::int64_t publisher_hint,
                           const ScheduleSettings& s = {});
// Seconds of cache lifetime a response grants: Cache-Control max-age (s-maxage ignored),
// else Expires minus now; 0 when none, when no-cache / no-store, or already expired.
std::int64_t cache_lifetime(std::string_view cache_control, std::string_view expires, UnixTime now);
// interval plus a deterministic jitter in [0, jitter * interval] drawn from seed (a hash
// of the feed URL, say) so that feeds with the same interval do not fire together.
std::int64_t with_jitter(std::int64_t interval, std::uint64_t seed, const ScheduleSettings& s = {});

// What a fetch outcome means for the next attempt at a feed.
struct FetchOutcome {
  int status = 0;                 // 0 for a network error
  bool network_error = false;
  std::string retry_after;        // the header, on 429 / 503
  std::string cache_control, expires;
  int entries_last_week = 0;
  std::int64_t ttl_seconds = 0;   // the feed's <ttl> (RSS) in seconds
  int consecutive_errors = 0;     // counting this one when it is an error
};
// Unix seconds of the next fetch: after a network error or a 4xx/5xx status, the backoff
// for consecutive_errors (or a 429/503's Retry-After when longer); else feed_interval with
// the publisher's hints (ttl, Cache-Control, Expires). Jittered by seed, never earlier.
UnixTime next_fetch_time(const FetchOutcome& o, UnixTime now, std::uint64_t seed,
                         const ScheduleSettings& s = {});

// ---- crawler (crawler.cpp) ----
struct CrawlSettings {
  Options fetch;                    // for every request, robots.txt included
  int workers = 4;                  // threads; a slow host holds one of them at most
  TimeMs min_host_delay_ms = 1000;  // between two requests to one host
  bool robots = true;               // fetch and honour each host's robots.txt (Crawl-delay too)
  // A host that asks (Retry-After) or needs (Crawl-delay) a wait longer than this has its
  // remaining jobs answered as ErrorKind::deferred, so one host cannot hold up a pass.
  TimeMs max_wait_ms = 60'000;
  // robots.txt is read again after this long (RFC 9309 2.4: at most 24 hours).
  TimeMs robots_max_age_ms = 24LL * 3600 * 1000;
};

struct CrawlJob {
  std::uint64_t id = 0;  // the caller's, handed back with the result
  Request request;
  std::size_t max_body_bytes = 0;  // a lower limit than the settings' for this job (0 = theirs)
};

// Runs a batch of due jobs on a few threads: one connection per host (name and port) at
// a time, the host's delay between its requests, robots.txt once per host per Crawler and day.
// Jobs to different hosts never wait for each other. A 429/503 Retry-After keeps the host
// closed for that long. Results are handed to on_done as each job ends, one call at a
// time (the callback needs no locking); run() returns when every job has been answered.
class Crawler {
 public:
  explicit Crawler(CrawlSettings settings);
  // `budget_ms` > 0: jobs not started within that many milliseconds are answered as
  // ErrorKind::deferred (a long queue behind one polite host cannot hold a pass for hours).
  void run(const std::vector<CrawlJob>& jobs,
           const std::function<void(const CrawlJob&, const Response&)>& on_done, TimeMs budget_ms = 0);

 private:
  bool has_robots(const std::string& host_key);
  const Robots& robots_for(const std::string& url);  // call holding the host's gate
  CrawlSettings settings_;
  HostGate gate_;
  std::mutex robots_mutex_;
  struct CachedRobots {
    Robots robots;
    TimeMs fetched = 0;  // steady clock
    bool fresh(TimeMs now, TimeMs max_age) const;
  };
  std::map<std::string, CachedRobots> robots_;  // by host key
};

}  // namespace storyline::fetch
