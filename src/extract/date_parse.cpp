// date_parse.cpp: parse_date() for the date formats found on news pages.
//
// Two passes: first an ISO 8601-style numeric date (YYYY-MM-DD, YYYY/MM/DD,
// YYYY.MM.DD) anywhere in the string, with optional time and zone; otherwise a
// token scan for a month name, a day, a year, an optional time and zone
// (RFC 822/1123, "February 11, 2025", "Feb. 11, 2025 10:00 AM ET", "11 February 2025"),
// and last D.M.YYYY (dots, European order) or M/D/YYYY (slashes, US order, or D/M/YYYY
// when the first number is over 12).
#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "extract/internal.h"

namespace storyline::extract {
namespace {

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2100;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reads exactly `n` digits at s[i]; advances i. Returns -1 when not all digits.
int read_digits(std::string_view s, std::size_t& i, std::size_t n) {
  if (i + n > s.size()) return -1;
  int v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (!is_digit(s[i + k])) return -1;
    v = v * 10 + (s[i + k] - '0');
  }
  i += n;
  return v;
}

// Reads 1 or 2 digits.
int read_1or2(std::string_view s, std::size_t& i) {
  if (i >= s.size() || !is_digit(s[i])) return -1;
  int v = s[i++] - '0';
  if (i < s.size() && is_digit(s[i])) v = v * 10 + (s[i++] - '0');
  return v;
}

unsigned days_in_month(int y, unsigned m) {
  static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

// Builds the Unix time, validating every field; `offset` is the zone offset in seconds
// (local = UTC + offset). Returns 0 when anything is out of range.
UnixTime make_time(int y, int mo, int d, int h, int mi, int sec, int offset) {
  if (y < kMinYear || y > kMaxYear || mo < 1 || mo > 12 || d < 1) return 0;
  if (static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(mo))) return 0;
  if (h < 0 || h > 24 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return 0;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * 86400 + h * 3600 + mi * 60 + sec - offset;
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = detail::ascii_lower(c);
  return r;
}

// 1..12 for an English month name or its abbreviation (incl. "Sept"), else 0.
int month_from_name(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths{
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  const std::string w = lower(word);
  if (w.size() < 3) return 0;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (w == kMonths[m]) return static_cast<int>(m + 1);
    if (w.size() == 3 && kMonths[m].substr(0, 3) == w) return static_cast<int>(m + 1);
  }
  if (w == "sept") return 9;
  return 0;
}

// Offset in seconds for a named zone; sets ok=false when unknown.
int zone_offset(std::string_view word, bool& ok) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Zone, 20> kZones{{{"gmt", 0}, {"utc", 0},  {"ut", 0},   {"z", 0},
                                                {"est", -5}, {"edt", -4}, {"et", -5},  {"cst", -6},
                                                {"cdt", -5}, {"ct", -6},  {"mst", -7}, {"mdt", -6},
                                                {"pst", -8}, {"pdt", -7}, {"pt", -8},  {"bst", 1},
                                                {"cet", 1},  {"cest", 2}, {"eet", 2},  {"eest", 3}}};
  const std::string w = lower(word);
  for (const auto& z : kZones) {
    if (w == z.name) {
      ok = true;
      return z.hours * 3600;
    }
  }
  ok = false;
  return 0;
}

// Parses "Z", "+01:00", "+0100", "+01", "-05:00" at s[i]; advances i on success.
bool read_numeric_zone(std::string_view s, std::size_t& i, int& offset) {
  if (i >= s.size()) return false;
  if (s[i] == 'Z' || s[i] == 'z') {
    ++i;
    offset = 0;
    return true;
  }
  if (s[i] != '+' && s[i] != '-') return false;
  const int sign = s[i] == '-' ? -1 : 1;
  std::size_t j = i + 1;
  const int hh = read_digits(s, j, 2);
  if (hh < 0 || hh > 14) return false;
  int mm = 0;
  if (j < s.size() && s[j] == ':') {
    ++j;
    mm = read_digits(s, j, 2);
    if (mm < 0) return false;
  } else if (j + 1 < s.size() && is_digit(s[j]) && is_digit(s[j + 1])) {
    mm = read_digits(s, j, 2);
  }
  if (mm > 59) return false;
  offset = sign * (hh * 3600 + mm * 60);
  i = j;
  return true;
}

// Parses "HH:MM[:SS[.fff]]" at s[i]; advances i.
bool read_clock(std::string_view s, std::size_t& i, int& h, int& mi, int& sec) {
  std::size_t j = i;
  h = read_1or2(s, j);
  if (h < 0 || j >= s.size() || s[j] != ':') return false;
  ++j;
  mi = read_digits(s, j, 2);
  if (mi < 0) return false;
  sec = 0;
  if (j < s.size() && s[j] == ':') {
    ++j;
    sec = read_digits(s, j, 2);
    if (sec < 0) return false;
    if (j < s.size() && (s[j] == '.' || s[j] == ',')) {  // fractional seconds: skipped
      ++j;
      while (j < s.size() && is_digit(s[j])) ++j;
    }
  }
  i = j;
  return true;
}

// Skips spaces; returns the word of letters at s[i] without consuming it.
std::string_view peek_word(std::string_view s, std::size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  std::size_t j = i;
  while (j < s.size() && is_alpha(s[j])) ++j;
  return s.substr(i, j - i);
}

// Applies "am"/"pm" (also "a.m."/"p.m.") following a clock time at s[i].
void apply_meridiem(std::string_view s, std::size_t& i, int& h) {
  std::size_t j = i;
  while (j < s.size() && s[j] == ' ') ++j;
  if (j >= s.size()) return;
  const char c = detail::ascii_lower(s[j]);
  if (c != 'a' && c != 'p') return;
  std::size_t k = j + 1;
  if (k < s.size() && s[k] == '.') ++k;
  if (k >= s.size() || detail::ascii_lower(s[k]) != 'm') return;
  ++k;
  if (k < s.size() && s[k] == '.') ++k;
  if (k < s.size() && is_alpha(s[k])) return;  // "amazing", not "am"
  if (h < 1 || h > 12) return;
  if (c == 'p' && h != 12) h += 12;
  if (c == 'a' && h == 12) h = 0;
  i = k;
}

// Optional time + zone after a date, starting at s[i]: "[T| |, |at ]HH:MM[:SS] [am] [zone]".
void read_time_and_zone(std::string_view s, std::size_t i, int& h, int& mi, int& sec, int& off) {
  while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == 'T' || s[i] == 't')) ++i;
  if (lower(peek_word(s, i)) == "at") {
    while (i < s.size() && s[i] == ' ') ++i;
    i += 2;
    while (i < s.size() && s[i] == ' ') ++i;
  }
  int hh, mm, ss;
  if (!read_clock(s, i, hh, mm, ss)) return;
  apply_meridiem(s, i, hh);
  h = hh;
  mi = mm;
  sec = ss;
  std::size_t j = i;
  while (j < s.size() && s[j] == ' ') ++j;
  if (read_numeric_zone(s, j, off)) return;
  const std::string_view w = peek_word(s, j);
  if (!w.empty()) {
    bool ok = false;
    const int o = zone_offset(w, ok);
    if (ok) {
      off = o;
      // "GMT+0100" style
      std::size_t k = s.find(w, j) + w.size();
      int o2 = 0;
      if (k < s.size() && (s[k] == '+' || s[k] == '-') && read_numeric_zone(s, k, o2)) off = o2;
    }
  }
}

// Pass 1: a numeric Y-M-D date anywhere in the string.
UnixTime parse_numeric(std::string_view s, int& zone) {
  for (std::size_t p = 0; p + 8 <= s.size(); ++p) {
    if (!is_digit(s[p]) || (p > 0 && is_digit(s[p - 1]))) continue;
    std::size_t i = p;
    const int y = read_digits(s, i, 4);
    if (y < 0 || i >= s.size()) continue;
    const char sep = s[i];
    if (sep != '-' && sep != '/' && sep != '.') continue;
    ++i;
    const int mo = read_1or2(s, i);
    if (mo < 0 || i >= s.size() || s[i] != sep) continue;
    ++i;
    const int d = read_1or2(s, i);
    if (d < 0 || (i < s.size() && is_digit(s[i]))) continue;
    int h = 0, mi = 0, sec = 0, off = 0;
    read_time_and_zone(s, i, h, mi, sec, off);
    zone = off;
    return make_time(y, mo, d, h, mi, sec, off);
  }
  return 0;
}

// A numeric date "A.B.YYYY" or "A/B/YYYY" (one or two digits each for A and B): where
// it is in s, and its parts.
struct NumericDmy {
  int a = 0, b = 0, y = 0;
  char sep = 0;
  std::size_t end = 0;  // just after the year
};
std::optional<NumericDmy> find_numeric_dmy(std::string_view s) {
  for (std::size_t p = 0; p + 8 <= s.size(); ++p) {
    if (!is_digit(s[p]) || (p > 0 && (is_digit(s[p - 1]) || s[p - 1] == '.' || s[p - 1] == '/'))) continue;
    std::size_t i = p;
    NumericDmy d;
    d.a = read_1or2(s, i);
    if (d.a < 0 || i >= s.size() || (s[i] != '.' && s[i] != '/')) continue;
    d.sep = s[i++];
    d.b = read_1or2(s, i);
    if (d.b < 0 || i >= s.size() || s[i] != d.sep) continue;
    ++i;
    d.y = read_digits(s, i, 4);
    if (d.y < 0 || (i < s.size() && is_digit(s[i]))) continue;
    d.end = i;
    return d;
  }
  return std::nullopt;
}

// Pass 1b: a numeric D.M.YYYY (European, dots) or M/D/YYYY (US, slashes; D/M/YYYY when
// the first number is over 12) date.
UnixTime parse_numeric_dmy(std::string_view s, int& zone) {
  const auto d = find_numeric_dmy(s);
  if (!d) return 0;
  // Slashes are US order unless the first number can't be a month ("13/11/2025").
  const bool dmy = d->sep == '.' || (d->a > 12 && d->b <= 12);
  const int day = dmy ? d->a : d->b, month = dmy ? d->b : d->a;
  int h = 0, mi = 0, sec = 0, off = 0;
  std::size_t i = d->end;
  read_time_and_zone(s, i, h, mi, sec, off);
  zone = off;
  return make_time(d->y, month, day, h, mi, sec, off);
}

// Pass 2: month name + day + year in either order, optional time/zone.
UnixTime parse_named(std::string_view s, int& zone) {
  int month = 0, day = -1, year = -1;
  std::size_t after_date = std::string_view::npos;  // where the time may begin
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_alpha(s[i])) {
      std::size_t j = i;
      while (j < s.size() && is_alpha(s[j])) ++j;
      if (month == 0) month = month_from_name(s.substr(i, j - i));
      i = j;
      continue;
    }
    if (is_digit(s[i])) {
      std::size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      const std::size_t len = j - i;
      if (j < s.size() && s[j] == ':') {  // a clock time: handled after the date
        if (year >= 0 && day >= 0 && month > 0) break;
        // time before the date ("10:00 GMT, 11 Feb 2025") is skipped
        while (j < s.size() && (is_digit(s[j]) || s[j] == ':' || s[j] == '.')) ++j;
        i = j;
        continue;
      }
      // Only 1-4 digit numbers are read (a longer one is not a date part, and its value
      // would overflow an int: "17392617392").
      if (len > 4) return 0;
      int v = 0;
      for (std::size_t k = i; k < j; ++k) v = v * 10 + (s[k] - '0');
      if (len == 4 && year < 0) {
        year = v;
        after_date = j;
      } else if (len <= 2 && day < 0 && v >= 1 && v <= 31) {
        day = v;
        // ordinal suffix: "11th"
        if (j + 1 < s.size() && is_alpha(s[j]) && is_alpha(s[j + 1])) {
          const std::string suf = lower(s.substr(j, 2));
          if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") j += 2;
        }
        after_date = j;
      } else {
        return 0;  // an unexpected number: not a date we understand
      }
      i = j;
      if (year >= 0 && day >= 0 && month > 0) break;
      continue;
    }
    ++i;
  }
  if (month == 0 || day < 0 || year < 0) return 0;
  int h = 0, mi = 0, sec = 0, off = 0;
  read_time_and_zone(s, after_date, h, mi, sec, off);
  zone = off;
  return make_time(year, month, day, h, mi, sec, off);
}

}  // namespace

bool detail::numeric_day_month(std::string_view s) { return find_numeric_dmy(s).has_value(); }

UnixTime parse_date(std::string_view s) {
  int zone = 0;
  return parse_date(s, zone);
}

UnixTime parse_date(std::string_view s, int& utc_offset) {
  utc_offset = 0;
  if (s.size() > 200) s = s.substr(0, 200);  // dates are short; bound the work
  if (s.empty()) return 0;
  int zone = 0;
  UnixTime t = parse_numeric(s, zone);
  if (t == 0) t = parse_named(s, zone);
  if (t == 0) t = parse_numeric_dmy(s, zone);
  if (t != 0) utc_offset = zone;
  return t;
}

}  // namespace storyline::extract
