// Private to the serve stage: the pieces server.cpp wires together (the shared HTTP layer,
// metrics, the /api/v1 routes, feeds out, the OpenAPI document). Not for other stages.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <optional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "serve/serve.h"

namespace storyline::serve::detail {

// ---- JSON answers ----
// Dumps with invalid UTF-8 replaced (never throws on stored text) and < > & as \u escapes.
std::string dump(const nlohmann::json& j);
// A JSON text with < > & written as \u escapes (the same values; never markup).
std::string json_html_safe(std::string_view json);
void send_json(httplib::Response& res, const std::string& body, int status = 200);
void send_json_error(httplib::Response& res, int status, const std::string& message);

// ---- small parsers ----
// A decimal number of at most 18 digits (no sign).
bool parse_number(const std::string& s, std::int64_t& out);
// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC) to Unix time; false when not one.
bool parse_day_or_time(std::string_view s, UnixTime& out);
bool valid_utf8(std::string_view s);
// The snippet of a search hit as plain text, with the hits' byte ranges in it.
struct PlainSnippet {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> hits;  // [begin, end) in `text`
};
PlainSnippet plain_snippet(const std::vector<store::SearchHit::Segment>& segments);

// ---- metrics ----
// The route a path belongs to, as a bounded label ("/story/{id}", "other").
std::string route_label(std::string_view path);

// Request counts and latency histograms by route, in the Prometheus text format.
class Metrics {
 public:
  void observe(const std::string& route, const std::string& method, int status, double seconds,
               std::size_t bytes);
  // The HTTP series, then `gauges` (name -> value) and `counters` (name -> value) with their help.
  struct Series {
    std::string name, help, type;  // type: "gauge" or "counter"
    std::vector<std::pair<std::string, double>> samples;  // label set ("" or {a="b"}) -> value
  };
  std::string render(const std::vector<Series>& extra) const;
  static const std::vector<double>& buckets();
  std::atomic<std::uint64_t> posted_articles{0};  // accepted by POST /api/v1/articles

 private:
  struct Route {
    std::map<std::pair<std::string, int>, std::uint64_t> requests;  // (method, status) -> n
    std::vector<std::uint64_t> bucket_counts;  // cumulative at render time
    double sum = 0;
    std::uint64_t count = 0;
    std::uint64_t bytes = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, Route> routes_;
};

// ---- the response cache (response_cache.cpp) ----
// Reads whose answers are cached: pages, feeds, /api/v1 stories, articles and search.
bool cacheable(std::string_view path);
// Answers of cacheable reads by request (path and parameters), each valid for the `Stamp`
// it was rendered at (the store's version, the reader's clock to the minute); the least
// recently used go first beyond `max_bytes`.
class ResponseCache {
 public:
  struct Stamp {
    std::int64_t version = 0, minute = 0;
    bool operator==(const Stamp&) const = default;
  };
  struct Entry {
    int status = 200;
    httplib::Headers headers;  // as the route set them (Content-Type, CSP ...)
    std::string body;
  };
  explicit ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  // The key of a request ("" = not cached: too long).
  static std::string key(const httplib::Request& req);
  // The answer for `key` at `stamp`. While another request renders it, waits for that (up to
  // 2 s) instead of rendering it again; on a miss the caller renders it and must put() or
  // abandon() the key.
  std::optional<Entry> get(const std::string& key, const Stamp& stamp);
  void put(const std::string& key, const Stamp& stamp, Entry entry);
  void abandon(const std::string& key);  // the render of a missed key gave no answer to keep
  std::pair<std::uint64_t, std::uint64_t> hits_and_misses() const;

 private:
  static constexpr std::size_t kMaxKey = 4096;
  struct Item {
    std::string key;
    Stamp stamp;
    Entry entry;
    std::size_t size = 0;
  };
  std::size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Item> lru_;  // most recent first
  std::unordered_map<std::string, std::list<Item>::iterator> index_;
  struct Rendering {
    Stamp stamp;
    std::chrono::steady_clock::time_point since;
  };
  std::unordered_map<std::string, Rendering> rendering_;  // keys a request is rendering now
  std::condition_variable rendered_;
  std::size_t bytes_ = 0;
  std::uint64_t hits_ = 0, misses_ = 0;
};

// ---- the shared HTTP layer ----
// Per-client token buckets (POSTs per second per address).
class RateLimiter {
 public:
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  // True when `client` may make one more request at `now` (seconds on a steady clock);
  // otherwise false with the seconds to wait in `retry_after`.
  bool allow(const std::string& client, double now, double& retry_after);

 private:
  struct Bucket {
    double tokens = 0, at = 0;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// A strong validator of a body ("\"<16 hex digits>\"").
std::string etag_of(std::string_view body);
// Whether an If-None-Match header value matches `etag` (a list, "*", weak forms).
bool etag_matches(std::string_view if_none_match, std::string_view etag);
// The methods a path answers ("GET", "GET, POST", "POST").
std::string allowed_methods(std::string_view path);

struct LayerContext {
  const Options* options = nullptr;
  Metrics* metrics = nullptr;
  RateLimiter* post_limiter = nullptr;
  ResponseCache* cache = nullptr;  // nullptr = no cache
  // The stamp a cached answer must carry to be served now (reads the store).
  std::function<ResponseCache::Stamp()> stamp;
  std::function<std::string()> base_url;  // public address, no trailing '/'
  // Fills `res` with an error in the route's format (JSON for /api/, a page elsewhere).
  std::function<void(const httplib::Request&, httplib::Response&, int, const std::string&)> error;
};
// Installs the layer every request passes through, pages included: method checks (405
// with Allow), bounds on /api/ query strings (400 JSON), per-client POST limits (429 with
// Retry-After), answers from the response cache, ETag / Cache-Control / 304 on reads, a
// canonical Link on pages, the access log and the metrics.
void install_http_layer(httplib::Server& http, LayerContext& ctx);

// ---- the JSON API and feeds out ----
struct ApiContext {
  const Options* options = nullptr;
  Metrics* metrics = nullptr;
  const ResponseCache* cache = nullptr;  // for /metrics (nullptr = none)
  std::function<std::string()> base_url;
  // Runs `fn` on a store connection of this request (a pooled reader).
  std::function<void(const std::function<void(store::Store&)>&)> with_store;
  std::function<UnixTime(store::Store&)> clock;  // the reader's clock
};
// /api/v1/articles (GET), /api/v1/articles/{id}, /api/v1/search, /api/v1/feeds,
// /api/v1/openapi.json, /api/v1/admin/rebuild, /metrics.
void register_api_v1(httplib::Server& http, ApiContext& ctx);
// /feed.rss|atom|json, /section/{name}/feed.rss|atom|json (also ?section= and ?q=).
void register_feeds_out(httplib::Server& http, ApiContext& ctx);

// The OpenAPI 3 document with `base_url` as its server.
std::string openapi_document(const std::string& base_url);

}  // namespace storyline::serve::detail
