// Small helpers of the HTTP routes: JSON answers, number/date/UTF-8 checks, plain snippets.
#include <ctime>

#include "serve/internal.h"

namespace storyline::serve::detail {

std::string json_html_safe(std::string_view json) {
  // < > & only occur inside strings, so writing them as \u escapes changes no value, and no
  // client that sniffs or pastes JSON into HTML ever sees markup (RFC 8259 allows it).
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

std::string dump(const nlohmann::json& j) {
  return json_html_safe(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void send_json(httplib::Response& res, const std::string& body, int status) {
  res.status = status;
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_content(body, "application/json; charset=utf-8");
}

void send_json_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, dump({{"error", message}, {"status", status}}), status);
}

bool parse_number(const std::string& s, std::int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

namespace {
bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}
}  // namespace

bool parse_day_or_time(std::string_view s, UnixTime& out) {
  int y, m, d, hh = 0, mm = 0, ss = 0;
  if (!(s.size() == 10 || s.size() == 20)) return false;
  if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' || !digits(s, 8, 2, d)) return false;
  if (s.size() == 20 && (s[10] != 'T' || !digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm) ||
                         s[16] != ':' || !digits(s, 17, 2, ss) || s[19] != 'Z'))
    return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] || hh > 23 || mm > 59 || ss > 60) return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = ss;
  out = static_cast<UnixTime>(timegm(&tm));
  return true;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    const unsigned c = p[i];
    std::size_t n;
    unsigned cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;  // overlong, out of range or a surrogate
    i += n + 1;
  }
  return true;
}

PlainSnippet plain_snippet(const std::vector<store::SearchHit::Segment>& segments) {
  PlainSnippet out;
  for (const auto& seg : segments) {
    const std::size_t begin = out.text.size();
    out.text += seg.text;
    if (seg.hit && !seg.text.empty()) out.hits.emplace_back(begin, out.text.size());
  }
  return out;
}

}  // namespace storyline::serve::detail
