// The layer every request passes through (pages, API, feeds): method checks, bounds on
// /api/ query strings, per-client POST limits, validators and caching headers, the access
// log and the metrics. Installed with httplib's pre-/post-routing handlers and logger, so
// routes added anywhere get it without doing anything.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "serve/internal.h"
#include "text/text.h"

namespace storyline::serve::detail {

namespace {

constexpr std::size_t kMaxParamBytes = 2048;  // one /api/ query parameter
constexpr std::size_t kMaxParams = 32;

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// When the request on this thread started, and how long it took to answer (httplib runs a
// request on one thread: pre-routing, the route, post-routing, writing, the logger).
thread_local double request_started = 0;
thread_local double request_seconds = 0;
// A cacheable read that missed the cache: its key and stamp, to store what the route answers.
thread_local std::string pending_key;
thread_local ResponseCache::Stamp pending_stamp;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Whether `pred` holds for an item of a comma-separated header list (items trimmed).
template <typename Pred>
bool any_listed(std::string_view list, Pred pred) {
  std::size_t at = 0;
  while (at < list.size()) {
    auto end = list.find(',', at);
    if (end == std::string_view::npos) end = list.size();
    auto item = list.substr(at, end - at);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (pred(item)) return true;
    at = end + 1;
  }
  return false;
}

bool method_allowed(std::string_view allow, std::string_view method) {
  return any_listed(allow, [&](std::string_view m) { return m == method; });
}

std::string cache_control(std::string_view path) {
  if (path == "/healthz" || path == "/metrics" || starts_with(path, "/api/v1/admin/")) return "no-store";
  if (path == "/api/v1/openapi.json") return "public, max-age=3600";
  const auto n = path.size();
  auto ends = [&](std::string_view e) { return n >= e.size() && path.substr(n - e.size()) == e; };
  if (ends("/feed.rss") || ends("/feed.atom") || ends("/feed.json")) return "public, max-age=300";
  // Pages and API reads: short-lived, revalidated by ETag (a story changes within seconds).
  return "public, max-age=15";
}

bool is_page(std::string_view path) {
  return path == "/" || starts_with(path, "/story/") ||
         (starts_with(path, "/section/") && path.find('/', 9) == std::string_view::npos);
}

}  // namespace

bool RateLimiter::allow(const std::string& client, double now, double& retry_after) {
  std::lock_guard lock(mu_);
  if (buckets_.size() > 100000) buckets_.clear();  // bounded memory under an address flood
  auto [it, fresh] = buckets_.try_emplace(client);
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = burst_;
    b.at = now;
  }
  b.tokens = std::min(burst_, b.tokens + (now - b.at) * rate_);
  b.at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  retry_after = rate_ > 0 ? (1 - b.tokens) / rate_ : 3600;
  return false;
}

std::string etag_of(std::string_view body) {
  return "\"" + fmt::format("{:016x}", text::hash64(body, 0x53544f52)) + "\"";
}

bool etag_matches(std::string_view header, std::string_view etag) {
  return any_listed(header, [&](std::string_view tag) {
    if (tag == "*") return true;
    if (starts_with(tag, "W/")) tag.remove_prefix(2);  // If-None-Match compares weakly
    return tag == etag;
  });
}

std::string allowed_methods(std::string_view path) {
  // HEAD is GET without the body (RFC 9110): allowed wherever GET is.
  if (path == "/api/v1/articles") return "GET, HEAD, POST";
  if (path == "/api/v1/admin/rebuild" || path == "/api/v1/admin/feeds") return "POST";
  return "GET, HEAD";
}

namespace {

// ETag, Cache-Control and 304 on reads; no-store on errors; a canonical Link on pages.
void add_validators(LayerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (res.status >= 400) {
    res.set_header("Cache-Control", "no-store");
    return;
  }
  if ((req.method != "GET" && req.method != "HEAD") || res.status != 200) return;
  res.set_header("Cache-Control", cache_control(req.path));
  if (is_page(req.path) && res.get_header_value("Content-Type").rfind("text/html", 0) == 0)
    res.set_header("Link", "<" + ctx.base_url() + req.path + ">; rel=\"canonical\"");
  if (res.body.empty()) return;
  const std::string tag = etag_of(res.body);
  res.set_header("ETag", tag);
  if (req.has_header("If-None-Match") && etag_matches(req.get_header_value("If-None-Match"), tag)) {
    res.status = 304;
    res.body.clear();
    res.headers.erase("Content-Length");
    res.headers.erase("Content-Type");
  }
}

}  // namespace

void install_http_layer(httplib::Server& http, LayerContext& ctx) {
  http.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    request_started = steady_seconds();
    pending_key.clear();
    const std::string allow = allowed_methods(req.path);
    if (!method_allowed(allow, req.method)) {
      res.set_header("Allow", allow);
      ctx.error(req, res, 405, req.method + " is not allowed here; use " + allow + ".");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (starts_with(req.path, "/api/")) {
      if (!valid_utf8(req.path)) {
        send_json_error(res, 400, "the path is not valid UTF-8");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.params.size() > kMaxParams) {
        send_json_error(res, 400, "too many query parameters (at most " + std::to_string(kMaxParams) + ")");
        return httplib::Server::HandlerResponse::Handled;
      }
      for (const auto& [k, v] : req.params) {
        if (!valid_utf8(k) || !valid_utf8(v)) {
          send_json_error(res, 400, "the query string is not valid UTF-8");
          return httplib::Server::HandlerResponse::Handled;
        }
        if (k.size() + v.size() > kMaxParamBytes) {
          send_json_error(res, 400, "query parameter '" + k.substr(0, 64) + "' is too long (at most " +
                                        std::to_string(kMaxParamBytes) + " bytes)");
          return httplib::Server::HandlerResponse::Handled;
        }
      }
    }
    if (req.method == "POST" && ctx.post_limiter) {
      double wait = 0;
      if (!ctx.post_limiter->allow(req.remote_addr, steady_seconds(), wait)) {
        res.set_header("Retry-After", std::to_string(static_cast<long long>(std::ceil(wait))));
        ctx.error(req, res, 429, "Too many requests from this address; retry after the time in Retry-After.");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if ((req.method == "GET" || req.method == "HEAD") && ctx.cache && cacheable(req.path)) {
      std::string key = ResponseCache::key(req);
      if (!key.empty()) {
        const auto stamp = ctx.stamp();
        if (auto hit = ctx.cache->get(key, stamp)) {
          res.status = hit->status;
          for (const auto& [k, v] : hit->headers) res.set_header(k.c_str(), v);
          res.body = std::move(hit->body);
          return httplib::Server::HandlerResponse::Handled;
        }
        pending_key = std::move(key);
        pending_stamp = stamp;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  http.set_post_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!pending_key.empty()) {
      if (res.status == 200) {
        ResponseCache::Entry e;
        e.status = res.status;
        for (const auto& [k, v] : res.headers)
          if (k != "Content-Length") e.headers.emplace(k, v);
        e.body = res.body;
        ctx.cache->put(pending_key, pending_stamp, std::move(e));
      } else {
        ctx.cache->abandon(pending_key);
      }
      pending_key.clear();
    }
    add_validators(ctx, req, res);
    // Counted here, before the answer is written (the logger runs after the client has
    // it, so a client's next request could overtake the count).
    const double started = request_started;
    request_started = 0;
    request_seconds = started > 0 ? std::max(0.0, steady_seconds() - started) : 0.0;
    if (ctx.metrics) ctx.metrics->observe(route_label(req.path), req.method, res.status, request_seconds, res.body.size());
  });

  http.set_logger([&ctx](const httplib::Request& req, const httplib::Response& res) {
    if (ctx.options && ctx.options->access_log)
      spdlog::info("access method={} route={} path={} status={} bytes={} ms={:.2f} client={}",
                   req.method.size() <= 16 ? req.method : req.method.substr(0, 16), route_label(req.path),
                   dump(req.path.substr(0, 512)), res.status, res.body.size(), request_seconds * 1000,
                   req.remote_addr);
  });
}

}  // namespace storyline::serve::detail
