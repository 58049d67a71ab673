// url.cpp: RFC 3986 section 5.2 reference resolution (resolve_url).
#include <string>
#include <string_view>

#include "feeds/feeds.h"

namespace storyline::feeds {
namespace {

struct Parts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

bool scheme_char(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return !first && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
}

// RFC 3986 appendix B, by hand.
Parts split(std::string_view s) {
  Parts p;
  std::size_t i = 0;
  while (i < s.size() && scheme_char(s[i], i == 0)) ++i;
  if (i > 0 && i < s.size() && s[i] == ':') {
    p.scheme = s.substr(0, i);
    p.has_scheme = true;
    s.remove_prefix(i + 1);
  }
  if (s.substr(0, 2) == "//") {
    s.remove_prefix(2);
    const std::size_t e = s.find_first_of("/?#");
    p.authority = s.substr(0, e);
    p.has_authority = true;
    s = e == std::string_view::npos ? std::string_view{} : s.substr(e);
  }
  const std::size_t h = s.find('#');
  if (h != std::string_view::npos) {
    p.fragment = s.substr(h + 1);
    p.has_fragment = true;
    s = s.substr(0, h);
  }
  const std::size_t q = s.find('?');
  if (q != std::string_view::npos) {
    p.query = s.substr(q + 1);
    p.has_query = true;
    s = s.substr(0, q);
  }
  p.path = s;
  return p;
}

// Section 5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const std::size_t k = out.rfind('/');
      out.erase(k == std::string::npos ? 0 : k);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t e = in.find('/', in[0] == '/' ? 1 : 0);
      if (e == std::string_view::npos) e = in.size();
      out.append(in.substr(0, e));
      in.remove_prefix(e);
    }
  }
  return out;
}

std::string merge(const Parts& b, std::string_view ref_path) {
  if (b.has_authority && b.path.empty()) return "/" + std::string(ref_path);
  const std::size_t k = b.path.rfind('/');
  if (k == std::string_view::npos) return std::string(ref_path);
  return std::string(b.path.substr(0, k + 1)) + std::string(ref_path);
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view ref) {
  // Trim the white space feeds put around links.
  while (!ref.empty() && (ref.front() == ' ' || ref.front() == '\n' || ref.front() == '\t' || ref.front() == '\r'))
    ref.remove_prefix(1);
  while (!ref.empty() && (ref.back() == ' ' || ref.back() == '\n' || ref.back() == '\t' || ref.back() == '\r'))
    ref.remove_suffix(1);
  const Parts r = split(ref);
  if (r.has_scheme) return std::string(ref);
  const Parts b = split(base);
  if (!b.has_scheme) return std::string(ref);
  std::string authority, path, query;
  bool has_authority, has_query;
  if (r.has_authority) {
    authority = r.authority;
    has_authority = true;
    path = remove_dot_segments(r.path);
    query = r.query;
    has_query = r.has_query;
  } else {
    authority = b.authority;
    has_authority = b.has_authority;
    if (r.path.empty()) {
      path = b.path;
      query = r.has_query ? r.query : b.query;
      has_query = r.has_query || b.has_query;
    } else {
      path = remove_dot_segments(r.path[0] == '/' ? std::string(r.path) : merge(b, r.path));
      query = r.query;
      has_query = r.has_query;
    }
  }
  std::string out(b.scheme);
  out += ':';
  if (has_authority) {
    out += "//";
    out += authority;
  }
  out += path;
  if (has_query) {
    out += '?';
    out += query;
  }
  if (r.has_fragment) {
    out += '#';
    out += r.fragment;
  }
  return out;
}

}  // namespace storyline::feeds
