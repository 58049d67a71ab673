// http_client.cpp: one GET on libcurl (one easy handle per hop), redirects followed here so
// that each hop passes the private-address guard, the body bounded after decompression.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>

#include "fetch/fetch.h"

namespace storyline::fetch {
namespace {

using Clock = std::chrono::steady_clock;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const std::atomic<bool>* cancel = nullptr;
  bool cancelled = false;
  std::string body;
  std::size_t limit = 0;
  bool over_limit = false;
  bool check_socket = false;      // the guard is on: judge the address actually connected to
  std::string socket_refusal;     // set when a connection was refused
  std::string host;
};

std::size_t on_write(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t bytes = size * n;
  if (t->body.size() + bytes > t->limit) {
    t->over_limit = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->body.append(data, bytes);
  return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (t->cancel && t->cancel->load(std::memory_order_relaxed)) {
    t->cancelled = true;
    return 1;  // aborts with CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

// Defence in depth behind the pinned resolution: the address libcurl is about to connect
// to is judged again, so no path (a libcurl retry, a resolver change) can reach a private one.
curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (t->check_socket && purpose == CURLSOCKTYPE_IPCXN) {
    char text[INET6_ADDRSTRLEN] = {};
    const sockaddr* sa = &address->addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
    const std::string why = sa->sa_family == AF_INET || sa->sa_family == AF_INET6
                                ? forbidden_address_reason(text)
                                : std::string("not an IP address");
    if (!why.empty()) {
      t->socket_refusal = "refused: " + t->host + " resolves to " + text + ", " + why +
                          "; use --allow-private to allow";
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

std::string header(CURL* h, const char* name) {
  curl_header* hd = nullptr;
  if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) != CURLHE_OK || !hd || !hd->value) return {};
  return hd->value;
}

struct Hop {
  int status = 0;
  std::string location;
  ErrorKind error = ErrorKind::none;
  std::string message;
};

struct CurlDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

Hop one_request(const std::string& url, const UrlParts& parts, const std::vector<std::string>& addresses,
                bool guard, const Request& req, const Options& opt, long remaining_ms, Response& r) {
  Hop hop;
  std::unique_ptr<CURL, CurlDeleter> h(curl_easy_init());
  if (!h) {
    hop.error = ErrorKind::other;
    hop.message = "libcurl could not start a transfer";
    return hop;
  }
  Transfer t;
  t.limit = opt.max_body_bytes;
  t.check_socket = guard;
  t.host = parts.host;
  char errbuf[CURL_ERROR_SIZE] = {};
  CURL* c = h.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // a proxy would make the address guard meaningless
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes (gzip, deflate, br, zstd)
  curl_easy_setopt(c, CURLOPT_USERAGENT, opt.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, std::max(1L, std::min(opt.connect_timeout_ms, remaining_ms)));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, std::max(1L, remaining_ms));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(opt.max_body_bytes));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
  if (opt.cancel) {
    t.cancel = opt.cancel;
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  }

  // Pin the host name to the addresses the guard checked: libcurl does not resolve again.
  std::unique_ptr<curl_slist, SlistDeleter> resolve;
  unsigned char probe[16];
  const bool literal = inet_pton(AF_INET, parts.host.c_str(), probe) == 1 ||
                       inet_pton(AF_INET6, parts.host.c_str(), probe) == 1;
  if (!literal && !addresses.empty()) {
    std::string entry = parts.host + ":" + std::to_string(parts.port) + ":";
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      if (i) entry += ",";
      entry += addresses[i].find(':') != std::string::npos ? "[" + addresses[i] + "]" : addresses[i];
    }
    resolve.reset(curl_slist_append(nullptr, entry.c_str()));
    curl_easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&](const std::string& line) {
    if (line.find_first_of("\r\n") != std::string::npos) return;  // no header injection
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  if (!req.etag.empty()) add_header("If-None-Match: " + req.etag);
  if (!req.last_modified.empty()) add_header("If-Modified-Since: " + req.last_modified);
  if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  const CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  hop.status = static_cast<int>(status);
  const std::string detail = errbuf[0] ? std::string(errbuf) : curl_easy_strerror(rc);
  const std::string where = "GET " + url + ": ";
  if (rc != CURLE_OK) {
    if (t.cancelled) {
      hop.error = ErrorKind::deferred;
      hop.message = where + "cancelled (shutting down)";
    } else if (!t.socket_refusal.empty()) {
      hop.error = ErrorKind::refused_address;
      hop.message = t.socket_refusal;
    } else if (t.over_limit || rc == CURLE_FILESIZE_EXCEEDED) {
      hop.error = ErrorKind::too_large;
      hop.message = where + "the body exceeds the limit of " + std::to_string(opt.max_body_bytes) +
                    " bytes after decompression (max_body_bytes)";
    } else {
      switch (rc) {
        case CURLE_OPERATION_TIMEDOUT:
          hop.error = ErrorKind::timeout;
          hop.message = where + "timed out (connect_timeout_ms " + std::to_string(opt.connect_timeout_ms) +
                        ", total_timeout_ms " + std::to_string(opt.total_timeout_ms) + "): " + detail;
          break;
        case CURLE_COULDNT_RESOLVE_HOST:
          hop.error = ErrorKind::dns;
          hop.message = where + "cannot resolve the host: " + detail;
          break;
        case CURLE_COULDNT_CONNECT:
          hop.error = ErrorKind::connect;
          hop.message = where + "cannot connect: " + detail;
          break;
        case CURLE_PARTIAL_FILE:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_HTTP2_STREAM:
          hop.error = ErrorKind::truncated;
          hop.message = where + "the connection dropped mid-response after " + std::to_string(t.body.size()) +
                        " bytes: " + detail;
          break;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
          hop.error = ErrorKind::tls;
          hop.message = where + "TLS failed: " + detail;
          break;
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
          hop.error = ErrorKind::bad_url;
          hop.message = where + detail;
          break;
        case CURLE_BAD_CONTENT_ENCODING:
        case CURLE_WEIRD_SERVER_REPLY:
          hop.error = ErrorKind::protocol;
          hop.message = where + "malformed response: " + detail;
          break;
        default:
          hop.error = ErrorKind::other;
          hop.message = where + detail;
      }
    }
    return hop;
  }
  hop.location = header(c, "Location");
  r.status = hop.status;
  r.etag = header(c, "ETag");
  r.last_modified = header(c, "Last-Modified");
  r.content_type = header(c, "Content-Type");
  r.retry_after = header(c, "Retry-After");
  r.cache_control = header(c, "Cache-Control");
  r.expires = header(c, "Expires");
  r.body = std::move(t.body);
  return hop;
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

const char* error_kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::none: return "none";
    case ErrorKind::bad_url: return "bad_url";
    case ErrorKind::refused_address: return "refused_address";
    case ErrorKind::dns: return "dns";
    case ErrorKind::connect: return "connect";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::too_large: return "too_large";
    case ErrorKind::redirect_loop: return "redirect_loop";
    case ErrorKind::too_many_redirects: return "too_many_redirects";
    case ErrorKind::truncated: return "truncated";
    case ErrorKind::tls: return "tls";
    case ErrorKind::protocol: return "protocol";
    case ErrorKind::disallowed: return "disallowed";
    case ErrorKind::deferred: return "deferred";
    case ErrorKind::other: return "other";
  }
  return "other";
}

Response fetch(const Request& request, const Options& options) {
  global_init();
  Response r;
  const auto deadline = Clock::now() + std::chrono::milliseconds(options.total_timeout_ms);
  std::string url = request.url;
  std::set<std::string> seen{url};
  int redirects = 0;
  bool permanent = true;
  auto fail = [&r](ErrorKind k, std::string message) {
    r.error = k;
    r.error_message = std::move(message);
    r.body.clear();
    return r;
  };
  while (true) {
    r = Response{};
    r.final_url = url;
    r.moved_permanently = redirects > 0 && permanent;
    UrlParts parts;
    std::string error;
    if (!parse_url(url, parts, error)) return fail(ErrorKind::bad_url, error);
    const bool allowed_host = std::find(options.private_hosts.begin(), options.private_hosts.end(),
                                        parts.host) != options.private_hosts.end();
    const bool guard = !options.allow_private && !allowed_host;
    const Resolution res = resolve_checked(parts.host, parts.port, !guard);
    if (res.addresses.empty()) return fail(res.kind, res.error + " (" + url + ")");
    const long remaining = static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    if (remaining <= 0)
      return fail(ErrorKind::timeout, "GET " + url + ": timed out (total_timeout_ms " +
                                          std::to_string(options.total_timeout_ms) + ") before this hop");
    const Hop hop = one_request(url, parts, res.addresses, guard, request, options, remaining, r);
    if (hop.error != ErrorKind::none) return fail(hop.error, hop.message);
    if (!is_redirect(hop.status) || hop.location.empty()) break;
    const std::string next = resolve_url(url, hop.location);
    if (next.empty())
      return fail(ErrorKind::bad_url, "GET " + url + ": unreadable redirect target '" + hop.location + "'");
    if (seen.count(next))
      return fail(ErrorKind::redirect_loop, "GET " + request.url + ": redirect loop (" + url + " -> " + next + ")");
    if (++redirects > options.max_redirects)
      return fail(ErrorKind::too_many_redirects, "GET " + request.url + ": more than " +
                                                     std::to_string(options.max_redirects) + " redirects (max_redirects)");
    permanent = permanent && (hop.status == 301 || hop.status == 308);
    seen.insert(next);
    url = next;
  }
  if (options.decode_text && !r.body.empty())
    r.body = to_utf8(r.body, detect_charset(r.content_type, r.body), &r.charset);
  return r;
}

}  // namespace storyline::fetch
