// dates.cpp: the dates feeds carry (parse_feed_date) and authors as plain names.
// The parsing itself is extract::parse_date; this adds what feeds write and pages
// rarely do: two-digit RFC 822 years and military one-letter zones.
#include <string>
#include <string_view>

#include "extract/extract.h"
#include "feeds/feeds.h"
#include "feeds/internal.h"
#include "text/text.h"

namespace storyline::feeds {
namespace detail {

namespace {
bool digit(char c) { return c >= '0' && c <= '9'; }
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
}  // namespace

// "Wed, 31 Dec 03 10:14:55 GMT" -> "Wed, 31 Dec 2003 10:14:55 GMT" (RFC 822's two-digit
// year; 00-69 are 20xx as in RFC 2822 section 4.3, 70-99 19xx).
std::string expand_two_digit_year(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    if (!alpha(out[i])) continue;
    std::size_t j = i;
    while (j < out.size() && alpha(out[j])) ++j;
    if (j - i < 3) {
      i = j;
      continue;
    }
    // month word, then space(s) and exactly two digits followed by a space or the end
    std::size_t k = j;
    while (k < out.size() && (out[k] == ' ' || out[k] == '-')) ++k;
    if (k > j && k + 2 <= out.size() && digit(out[k]) && digit(out[k + 1]) &&
        (k + 2 == out.size() || out[k + 2] == ' ')) {
      // and a day before the month ("31 Dec 03"), which separates it from "Dec 31 2003"
      std::size_t d = i;
      while (d > 0 && (out[d - 1] == ' ' || out[d - 1] == '-')) --d;
      if (d > 0 && digit(out[d - 1])) {
        const int yy = (out[k] - '0') * 10 + (out[k + 1] - '0');
        out.insert(k, yy < 70 ? "20" : "19");
        return out;
      }
    }
    i = j;
  }
  return out;
}

}  // namespace detail

UnixTime parse_feed_date(std::string_view s) {
  std::string v = text::collapse_whitespace(s);
  if (v.empty()) return 0;
  v = detail::expand_two_digit_year(v);
  // RFC 822 military zones ("... 10:14:55 A") other than Z: their sign was defined
  // backwards in RFC 822 itself, so RFC 2822 says to read them as UTC (-0000).
  if (v.size() > 2 && v[v.size() - 2] == ' ' && v.back() != 'Z' && v.back() != 'z' &&
      ((v.back() >= 'A' && v.back() <= 'Y') || (v.back() >= 'a' && v.back() <= 'y')))
    v.resize(v.size() - 2);
  return extract::parse_date(v);
}

std::string plain_author(std::string_view raw) {
  std::string s = text::collapse_whitespace(raw);
  // "jane@example.com (Jane Doe)"
  const std::size_t open = s.find('(');
  if (open != std::string::npos && s.back() == ')') {
    const std::string before = text::collapse_whitespace(s.substr(0, open));
    const std::string inside = text::collapse_whitespace(s.substr(open + 1, s.size() - open - 2));
    if (!inside.empty() && before.find('@') != std::string::npos && inside.find('@') == std::string::npos) return inside;
    if (!before.empty() && inside.find('@') != std::string::npos) return before;  // "Jane Doe (jane@...)"
  }
  // "Jane Doe <jane@example.com>"
  const std::size_t lt = s.find('<');
  if (lt != std::string::npos && lt > 0 && s.back() == '>' && s.find('@', lt) != std::string::npos)
    return text::collapse_whitespace(s.substr(0, lt));
  // "mailto:jane@example.com"
  if (s.rfind("mailto:", 0) == 0) return s.substr(7);
  return s;
}

}  // namespace storyline::feeds
