// url.cpp: URL parsing and resolution on libcurl's URL API (RFC 3986), and host keys.
#include <curl/curl.h>

#include <memory>

#include "fetch/fetch.h"

namespace storyline::fetch {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlPtr = std::unique_ptr<CURLU, UrlDeleter>;

std::string part(CURLU* u, CURLUPart what, unsigned flags = 0) {
  char* s = nullptr;
  if (curl_url_get(u, what, &s, flags) != CURLUE_OK || !s) return {};
  std::string out(s);
  curl_free(s);
  return out;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

bool parse_url(std::string_view url, UrlParts& out, std::string& error) {
  out = {};
  UrlPtr u(curl_url());
  const std::string s(url);
  if (s.find('\0') != std::string::npos || s.empty()) {
    error = "not a URL: '" + s + "'";
    return false;
  }
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    error = "not an absolute URL: '" + s + "'";
    return false;
  }
  out.scheme = lower(part(u.get(), CURLUPART_SCHEME));
  if (out.scheme != "http" && out.scheme != "https") {
    error = "only http and https URLs can be fetched: '" + s + "'";
    return false;
  }
  out.host = lower(part(u.get(), CURLUPART_HOST));
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']')
    out.host = out.host.substr(1, out.host.size() - 2);
  if (out.host.empty()) {
    error = "URL has no host: '" + s + "'";
    return false;
  }
  const std::string port = part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  out.port = port.empty() ? (out.scheme == "https" ? 443 : 80) : std::stoi(port);
  out.path = part(u.get(), CURLUPART_PATH);
  if (out.path.empty()) out.path = "/";
  const std::string query = part(u.get(), CURLUPART_QUERY);
  if (!query.empty()) out.path += "?" + query;
  return true;
}

std::string resolve_url(std::string_view base, std::string_view ref) {
  UrlPtr u(curl_url());
  if (curl_url_set(u.get(), CURLUPART_URL, std::string(base).c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return {};
  // Location headers in the wild carry spaces and other raw bytes: let libcurl encode them.
  if (curl_url_set(u.get(), CURLUPART_URL, std::string(ref).c_str(),
                   CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) != CURLUE_OK)
    return {};
  return part(u.get(), CURLUPART_URL);
}

std::string host_key(std::string_view url) {
  UrlParts p;
  std::string error;
  if (!parse_url(url, p, error)) return {};
  const bool v6 = p.host.find(':') != std::string::npos;
  return (v6 ? "[" + p.host + "]" : p.host) + ":" + std::to_string(p.port);
}

}  // namespace storyline::fetch
