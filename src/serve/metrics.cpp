// Request metrics in the Prometheus text exposition format (version 0.0.4): requests by
// route, method and status, latency histograms and response bytes by route.
#include <fmt/format.h>

#include <cmath>

#include "serve/internal.h"

namespace storyline::serve::detail {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// A label value escaped as the format asks (backslash, quote, newline).
std::string label_value(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

}  // namespace

std::string route_label(std::string_view path) {
  static const char* const kFixed[] = {"/",
                                       "/search",
                                       "/healthz",
                                       "/metrics",
                                       "/feed.rss",
                                       "/feed.atom",
                                       "/feed.json",
                                       "/api/stories",
                                       "/api/v1/stories",
                                       "/api/v1/articles",
                                       "/api/v1/search",
                                       "/api/v1/feeds",
                                       "/api/v1/openapi.json",
                                       "/api/v1/admin/rebuild",
                                       "/api/v1/admin/feeds"};
  for (const char* f : kFixed)
    if (path == f) return f;
  auto under = [&](std::string_view prefix, std::string_view& rest) {
    if (path.substr(0, prefix.size()) != prefix) return false;
    rest = path.substr(prefix.size());
    return true;
  };
  std::string_view rest;
  if (under("/story/", rest) && rest.find('/') == std::string_view::npos) return "/story/{id}";
  if (under("/api/v1/stories/", rest) && all_digits(rest)) return "/api/v1/stories/{id}";
  if (under("/api/stories/", rest) && all_digits(rest)) return "/api/stories/{id}";
  if (under("/api/v1/articles/", rest) && all_digits(rest)) return "/api/v1/articles/{id}";
  if (under("/section/", rest)) {
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return "/section/{name}";
    const auto tail = rest.substr(slash);
    if (tail == "/feed.rss" || tail == "/feed.atom" || tail == "/feed.json")
      return "/section/{name}" + std::string(tail);
  }
  if (under("/static/", rest)) return "/static/{file}";
  return "other";
}

const std::vector<double>& Metrics::buckets() {
  static const std::vector<double> b = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return b;
}

void Metrics::observe(const std::string& route, const std::string& method, int status, double seconds,
                      std::size_t bytes) {
  std::lock_guard lock(mu_);
  Route& r = routes_[route];
  if (r.bucket_counts.empty()) r.bucket_counts.assign(buckets().size(), 0);
  ++r.requests[{method, status}];
  const auto& b = buckets();
  for (std::size_t i = 0; i < b.size(); ++i)
    if (seconds <= b[i]) {
      ++r.bucket_counts[i];  // per bucket here; cumulated when rendered
      break;
    }
  r.sum += seconds;
  ++r.count;
  r.bytes += bytes;
}

std::string Metrics::render(const std::vector<Series>& extra) const {
  std::string out;
  {
    std::lock_guard lock(mu_);
    out += "# HELP storyline_http_requests_total HTTP requests answered, by route, method and status.\n"
           "# TYPE storyline_http_requests_total counter\n";
    for (const auto& [route, r] : routes_)
      for (const auto& [key, n] : r.requests)
        out += fmt::format("storyline_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                           label_value(route), label_value(key.first), key.second, n);
    out += "# HELP storyline_http_request_duration_seconds Time from reading a request to writing its answer.\n"
           "# TYPE storyline_http_request_duration_seconds histogram\n";
    const auto& b = buckets();
    for (const auto& [route, r] : routes_) {
      const std::string l = label_value(route);
      std::uint64_t cum = 0;
      for (std::size_t i = 0; i < b.size(); ++i) {
        cum += r.bucket_counts[i];
        out += fmt::format("storyline_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", l,
                           number(b[i]), cum);
      }
      out += fmt::format("storyline_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", l,
                         r.count);
      out += fmt::format("storyline_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", l, number(r.sum));
      out += fmt::format("storyline_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", l, r.count);
    }
    out += "# HELP storyline_http_response_bytes_total Bytes of response bodies, by route.\n"
           "# TYPE storyline_http_response_bytes_total counter\n";
    for (const auto& [route, r] : routes_)
      out += fmt::format("storyline_http_response_bytes_total{{route=\"{}\"}} {}\n", label_value(route), r.bytes);
  }
  for (const auto& s : extra) {
    out += "# HELP " + s.name + " " + s.help + "\n# TYPE " + s.name + " " + s.type + "\n";
    for (const auto& [labels, v] : s.samples) out += s.name + labels + " " + number(v) + "\n";
  }
  return out;
}

}  // namespace storyline::serve::detail
