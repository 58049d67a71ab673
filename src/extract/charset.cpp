// charset.cpp: page bytes -> UTF-8, and a nesting limiter run before parsing.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "extract/internal.h"
#include "text/text.h"

namespace storyline::extract::detail {
namespace {

char lower_ascii(char c) { return ascii_lower(c); }

bool is_name_char(char c) {
  return ascii_alnum(c) || c == '-' || c == '_' || c == ':' || c == '.';
}

// Counts well-formed multi-byte UTF-8 sequences and bytes that are not UTF-8.
void utf8_census(std::string_view s, std::size_t& multi, std::size_t& invalid) {
  multi = invalid = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = len != 0 && c >= 0xC2 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok) {
      ++multi;
      i += len;
    } else {
      ++invalid;
      ++i;
    }
  }
}

}  // namespace

std::string sniff_charset(std::string_view html) {
  if (html.substr(0, 3) == "\xEF\xBB\xBF") return "utf-8";
  if (html.substr(0, 2) == "\xFF\xFE") return "utf-16le";
  if (html.substr(0, 2) == "\xFE\xFF") return "utf-16be";
  // Meta declarations live in the head: look at the first 16 KiB only.
  std::string head(html.substr(0, 16384));
  std::transform(head.begin(), head.end(), head.begin(), lower_ascii);
  std::size_t pos = 0;
  while ((pos = head.find("charset", pos)) != std::string::npos) {
    // Only inside a <meta ...> tag: the nearest '<' before must open "meta".
    const std::size_t lt = head.rfind('<', pos);
    const std::size_t gt = head.rfind('>', pos);
    pos += 7;
    if (lt == std::string::npos || (gt != std::string::npos && gt > lt)) continue;
    if (head.compare(lt, 5, "<meta") != 0) continue;
    std::size_t i = pos;
    while (i < head.size() && head[i] == ' ') ++i;
    if (i >= head.size() || head[i] != '=') continue;
    ++i;
    while (i < head.size() && (head[i] == ' ' || head[i] == '"' || head[i] == '\'')) ++i;
    std::size_t j = i;
    while (j < head.size() && is_name_char(head[j])) ++j;
    if (j > i) return head.substr(i, j - i);
  }
  return {};
}

// UTF-8 that went through a Latin-1 decoder and was stored again: "’" (E2 80 99)
// shows as U+00E2 U+0080 U+0099, stored C3 A2 C2 80 C2 99. C1 controls (U+0080 to
// U+009F) never occur in real text, so a character U+00C2..U+00F4 followed by the
// U+0080..U+00BF characters a UTF-8 lead byte needs, one of them a C1 control, is
// put back to the character it was when those code points, taken as bytes, are valid UTF-8.
std::string repair_latin1_round_trip(std::string_view s) {
  auto has_c1 = [](std::string_view v) {
    for (std::size_t i = v.find('\xC2'); i != std::string_view::npos && i + 1 < v.size(); i = v.find('\xC2', i + 1))
      if (static_cast<unsigned char>(v[i + 1]) >= 0x80 && static_cast<unsigned char>(v[i + 1]) <= 0x9F) return true;
    return false;
  };
  if (!has_c1(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto u = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    if (u(i) == 0xC3 && i + 1 < s.size() && u(i + 1) >= 0x82 && u(i + 1) <= 0xB4) {
      const unsigned char lead = static_cast<unsigned char>(u(i + 1) + 0x40);  // U+00C2..U+00F4 -> byte
      const std::size_t need = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
      std::string bytes(1, static_cast<char>(lead));
      bool c1 = false, ok = i + 2 + 2 * need <= s.size();
      for (std::size_t k = 0; ok && k < need; ++k) {
        const std::size_t j = i + 2 + 2 * k;
        ok = u(j) == 0xC2 && u(j + 1) >= 0x80 && u(j + 1) <= 0xBF;
        if (ok) {
          c1 = c1 || u(j + 1) <= 0x9F;
          bytes += static_cast<char>(u(j + 1));
        }
      }
      if (ok && c1 && text::is_valid_utf8(bytes)) {
        out += bytes;
        i += 2 + 2 * need;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::string decode_to_utf8(std::string_view html) {
  std::string cs = sniff_charset(html);
  if (cs == "utf-8" && html.substr(0, 3) == "\xEF\xBB\xBF") html.remove_prefix(3);
  const bool utf16 = cs.rfind("utf-16", 0) == 0;
  if (utf16 && (html.substr(0, 2) == "\xFF\xFE" || html.substr(0, 2) == "\xFE\xFF")) {
    std::string out;
    if (text::convert_to_utf8(html.substr(2), cs.c_str(), out)) return out;
  }
  if (text::is_valid_utf8(html)) return repair_latin1_round_trip(html);
  if (cs.empty() || cs == "utf-8" || cs == "utf8" || utf16 || cs == "us-ascii") {
    // Declared (or assumed) UTF-8 but mostly not: a Windows-1252 page mislabeled.
    std::size_t multi = 0, invalid = 0;
    utf8_census(html, multi, invalid);
    std::string out;
    if (invalid > multi && text::convert_to_utf8(html, "windows-1252", out)) return out;
    return text::to_valid_utf8(html);  // utf-16 declared without a BOM: the bytes are 8-bit
  }
  std::string out;
  if (text::convert_to_utf8(html, cs.c_str(), out)) return out;
  return text::to_valid_utf8(html);  // unknown charset name: repair
}

namespace {
// Where the (max_attributes + 1)-th attribute of the start tag html[from, gt) begins
// (quotes respected: a quoted value holds spaces and '='); npos when it has no more.
std::size_t attribute_overflow(std::string_view html, std::size_t from, std::size_t gt,
                               std::size_t max_attributes) {
  std::size_t count = 0;
  char quote = 0;
  bool after_space = false, want_value = false;
  for (std::size_t k = from; k < gt; ++k) {
    const char c = html[k];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      after_space = true;
      continue;
    }
    if (c == '=') {
      want_value = true;
      after_space = false;
      continue;
    }
    if (want_value) {  // the value of the attribute just named
      want_value = false;
      if (c == '"' || c == '\'') quote = c;
      after_space = false;
      continue;
    }
    if (after_space && c != '/') {
      if (++count > max_attributes) return k;
    }
    after_space = false;
  }
  return std::string_view::npos;
}
}  // namespace

std::string limit_nesting(std::string_view html, std::size_t max_depth, std::size_t max_attributes) {
  // Elements that have no end tag or that the parser closes implicitly when a sibling
  // opens; they don't count toward depth.
  auto is_flat = [](std::string_view n) {
    switch (n.size()) {
      case 1: return n == "p";
      case 2: return n == "br" || n == "hr" || n == "li" || n == "td" || n == "th" || n == "tr" || n == "dt" || n == "dd";
      case 3: return n == "col" || n == "img" || n == "wbr";
      case 4: return n == "area" || n == "base" || n == "link" || n == "meta" || n == "html" || n == "head" || n == "body";
      case 5: return n == "embed" || n == "input" || n == "param" || n == "track";
      case 6: return n == "source" || n == "option";
      case 8: return n == "!doctype";
      default: return false;
    }
  };
  // First pass: is the page deep at all? (cheap, allocation-free scan)
  // Second pass (only when deep): copy, dropping the over-deep tags.
  for (int pass = 0; pass < 2; ++pass) {
    std::string out;
    if (pass == 1) out.reserve(html.size());
    std::size_t depth = 0, dropped_open = 0;
    bool any_dropped = false;
    std::size_t i = 0, copied = 0;
    while (i < html.size()) {
      const std::size_t lt = html.find('<', i);
      if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
      if (html[lt + 1] == '!' && lt + 3 < html.size() && html[lt + 2] == '-' && html[lt + 3] == '-') {  // comment
        const std::size_t e = html.find("-->", lt + 4);
        i = e == std::string_view::npos ? html.size() : e + 3;
        continue;
      }
      const bool end_tag = html[lt + 1] == '/';
      std::size_t j = lt + 1 + (end_tag ? 1 : 0);
      std::string name;
      while (j < html.size() && is_name_char(html[j]) && name.size() < 32) name += lower_ascii(html[j++]);
      if (html[lt + 1] == '!') name = "!doctype";
      if (name.empty()) {
        i = lt + 1;
        continue;
      }
      const std::size_t gt = html.find('>', j);
      if (gt == std::string_view::npos) break;
      const bool self_closing = html[gt - 1] == '/';
      std::size_t next = gt + 1;
      bool drop = false;
      if (!end_tag && (name == "script" || name == "style" || name == "textarea" || name == "title")) {
        // raw text: skip to the matching end tag
        const std::string close = "</" + name;
        std::size_t e = next;
        while (true) {
          e = html.find("</", e);
          if (e == std::string_view::npos) break;
          std::string n;
          for (std::size_t k = e; k < e + close.size() && k < html.size(); ++k) n += lower_ascii(html[k]);
          if (n == close) break;
          e += 2;
        }
        next = e == std::string_view::npos ? html.size() : e;
      } else if (!is_flat(name) && !self_closing) {
        if (!end_tag) {
          if (depth >= max_depth) {
            drop = true;
            any_dropped = true;
            ++dropped_open;
          } else {
            ++depth;
          }
        } else if (dropped_open > 0) {
          drop = true;  // closes a dropped start tag
          --dropped_open;
        } else if (depth > 0) {
          --depth;
        }
      }
      // Attributes past max_attributes are dropped: real elements have a handful, and each
      // one costs the parser a node, a copy and a duplicate check.
      const std::size_t overflow = end_tag || drop ? std::string_view::npos : attribute_overflow(html, j, gt, max_attributes);
      if (overflow != std::string_view::npos) {
        any_dropped = true;
        if (pass == 1) {
          out.append(html.substr(copied, overflow - copied));
          while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\n' ||
                                  out.back() == '\r' || out.back() == '\f'))
            out.pop_back();
          out += self_closing ? "/>" : ">";
          copied = gt + 1;
        }
      }
      if (pass == 1 && drop) {
        out.append(html.substr(copied, lt - copied));
        out += ' ';
        copied = gt + 1;
      }
      i = next;
    }
    if (pass == 0 && !any_dropped) return std::string(html);
    if (pass == 1) {
      out.append(html.substr(std::min(copied, html.size())));
      return out;
    }
  }
  return std::string(html);
}

}  // namespace storyline::extract::detail

namespace storyline::extract {
std::string declared_charset(std::string_view html) { return detail::sniff_charset(html); }
}  // namespace storyline::extract
