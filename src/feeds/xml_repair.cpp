// xml_repair.cpp: bytes to a UTF-8 document pugixml can read, repairing what broken
// feeds get wrong (see prepare_xml in internal.h).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>

#include "feeds/internal.h"
#include "text/text.h"

namespace storyline::feeds::detail {
namespace {

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return r;
}

bool name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// encoding="..." of an XML declaration at the start of ASCII-compatible bytes.
std::string declared_encoding(std::string_view s) {
  if (s.substr(0, 5) != "<?xml") return {};
  const std::size_t end = s.find("?>");
  const std::string_view decl = s.substr(0, end);
  const std::size_t p = decl.find("encoding");
  if (p == std::string_view::npos) return {};
  std::size_t i = p + 8;
  while (i < decl.size() && (space(decl[i]) || decl[i] == '=')) ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return {};
  const char q = decl[i];
  const std::size_t e = decl.find(q, i + 1);
  if (e == std::string_view::npos) return {};
  return lower(decl.substr(i + 1, e - i - 1));
}

bool is_utf8_name(std::string_view c) { return c == "utf-8" || c == "utf8"; }

// Part of the document quoted in an error message, as printable ASCII (at most 32 bytes).
std::string shown(std::string_view s) {
  std::string r;
  for (char c : s.substr(0, 32)) r += (c >= 0x20 && c < 0x7F && c != '"') ? c : '?';
  return r;
}

}  // namespace

std::string decode_bytes(std::string_view bytes, std::string_view transport, std::vector<std::string>& problems) {
  std::string bom_charset;
  std::size_t bom = 0;
  const auto b = [&](std::size_t i) { return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0x100u; };
  if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
    bom_charset = "utf-8", bom = 3;
  } else if (b(0) == 0xFF && b(1) == 0xFE && b(2) == 0 && b(3) == 0) {
    bom_charset = "utf-32le", bom = 4;
  } else if (b(0) == 0 && b(1) == 0 && b(2) == 0xFE && b(3) == 0xFF) {
    bom_charset = "utf-32be", bom = 4;
  } else if (b(0) == 0xFF && b(1) == 0xFE) {
    bom_charset = "utf-16le", bom = 2;
  } else if (b(0) == 0xFE && b(1) == 0xFF) {
    bom_charset = "utf-16be", bom = 2;
  } else if (b(0) == '<' && b(1) == 0 && b(2) == '?' && b(3) == 0) {
    bom_charset = "utf-16le";  // no BOM, but the declaration's bytes say so
  } else if (b(0) == 0 && b(1) == '<' && b(2) == 0 && b(3) == '?') {
    bom_charset = "utf-16be";
  }
  std::string_view body = bytes.substr(bom);
  std::string charset = lower(transport);
  if (charset.empty()) charset = bom_charset;
  if (charset.empty()) charset = declared_encoding(body);
  if (charset.empty() || is_utf8_name(charset) || charset == "us-ascii" || charset == "ascii") {
    if (text::is_valid_utf8(body)) return std::string(body);
    problems.push_back(charset.empty() || is_utf8_name(charset)
                           ? "not valid UTF-8 (read as Windows-1252)"
                           : fmt::format("not valid {} (read as Windows-1252)", charset));
    std::string out;
    text::convert_to_utf8(body, "windows-1252", out);
    return out;
  }
  std::string out;
  if (!text::convert_to_utf8(body, charset.c_str(), out)) {
    problems.push_back(fmt::format("unknown charset \"{}\"", shown(charset)));
    return text::to_valid_utf8(body);
  }
  return out;
}

std::size_t element_depth(std::string_view s, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  std::size_t i = 0;
  while (true) {
    i = s.find('<', i);
    if (i == std::string_view::npos || i + 1 >= s.size()) break;
    const char c = s[i + 1];
    if (c == '!') {
      std::string_view close = ">";
      if (s.compare(i, 4, "<!--") == 0) close = "-->";
      else if (s.compare(i, 9, "<![CDATA[") == 0) close = "]]>";
      const std::size_t e = s.find(close, i + 2);
      if (e == std::string_view::npos) break;
      i = e + close.size();
    } else if (c == '?') {
      const std::size_t e = s.find("?>", i + 2);
      if (e == std::string_view::npos) break;
      i = e + 2;
    } else if (c == '/') {
      if (depth) --depth;
      i += 2;
    } else if (name_start(c)) {
      // Find the tag's end, skipping quoted attribute values.
      std::size_t j = i + 1;
      char quote = 0;
      for (; j < s.size(); ++j) {
        if (quote) {
          if (s[j] == quote) quote = 0;
        } else if (s[j] == '"' || s[j] == '\'') {
          quote = s[j];
        } else if (s[j] == '>') {
          break;
        }
      }
      if (j >= s.size()) break;
      if (s[j - 1] != '/') {
        ++depth;
        if (depth > deepest) deepest = depth;
        if (deepest > limit) return deepest;
      }
      i = j + 1;
    } else {
      ++i;
    }
  }
  return deepest;
}

bool prepare_xml(std::string_view bytes, std::string_view charset, const Options& options, Prepared& out,
                 std::string& error) {
  if (bytes.size() > options.max_bytes) {
    error = fmt::format("document of {} bytes is over max_bytes ({})", bytes.size(), options.max_bytes);
    return false;
  }
  std::string doc = decode_bytes(bytes, charset, out.problems);
  // Text before the root (or before the declaration): skip to the first markup.
  std::size_t start = 0;
  while (start < doc.size()) {
    start = doc.find('<', start);
    if (start == std::string::npos) break;
    if (start + 1 < doc.size() && (doc[start + 1] == '?' || doc[start + 1] == '!' || name_start(doc[start + 1])))
      break;
    ++start;
  }
  if (start == std::string::npos) start = doc.size();
  for (std::size_t k = 0; k < start; ++k)
    if (!space(doc[k])) {
      out.problems.push_back("text before the root element");
      break;
    }
  std::string_view s = std::string_view(doc).substr(start);
  if (element_depth(s, options.max_depth) > options.max_depth) {
    error = fmt::format("elements nested deeper than max_depth ({})", options.max_depth);
    return false;
  }

  std::unordered_map<std::string, std::string> entities;  // internal DTD subset, plain-text values
  std::string& x = out.xml;
  x.reserve(s.size() + 64);
  bool stray = false, undeclared = false, unexpanded = false;
  std::string first_undeclared;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '<' && s.compare(i, 9, "<![CDATA[") == 0) {
      std::size_t e = s.find("]]>", i + 9);
      e = e == std::string_view::npos ? s.size() : e + 3;
      x.append(s.substr(i, e - i));
      i = e;
    } else if (c == '<' && s.compare(i, 4, "<!--") == 0) {
      std::size_t e = s.find("-->", i + 4);
      e = e == std::string_view::npos ? s.size() : e + 3;
      x.append(s.substr(i, e - i));
      i = e;
    } else if (c == '<' && s.compare(i, 9, "<!DOCTYPE") == 0) {
      // Dropped; its internal subset's plain-text entities are remembered.
      std::size_t j = i + 9;
      std::size_t bracket = std::string_view::npos;
      while (j < s.size() && s[j] != '>' && s[j] != '[') ++j;
      if (j < s.size() && s[j] == '[') {
        bracket = j;
        std::size_t k = j + 1;
        char quote = 0;
        for (; k < s.size(); ++k) {
          if (quote) {
            if (s[k] == quote) quote = 0;
          } else if (s[k] == '"' || s[k] == '\'') {
            quote = s[k];
          } else if (s[k] == ']') {
            break;
          }
        }
        const std::string_view subset = s.substr(bracket + 1, k - bracket - 1);
        std::size_t p = 0;
        while ((p = subset.find("<!ENTITY", p)) != std::string_view::npos) {
          std::size_t q = p + 8;
          while (q < subset.size() && space(subset[q])) ++q;
          if (q < subset.size() && subset[q] == '%') {  // parameter entity: ignored
            p = q;
            continue;
          }
          const std::size_t n0 = q;
          while (q < subset.size() && name_char(subset[q])) ++q;
          const std::string name(subset.substr(n0, q - n0));
          while (q < subset.size() && space(subset[q])) ++q;
          if (q < subset.size() && (subset[q] == '"' || subset[q] == '\'')) {
            const std::size_t e = subset.find(subset[q], q + 1);
            if (e != std::string_view::npos) {
              const std::string_view value = subset.substr(q + 1, e - q - 1);
              if (value.find_first_of("&<%") == std::string_view::npos && value.size() <= 1024 && !name.empty())
                entities.emplace(name, std::string(value));
              else if (!name.empty())
                entities.emplace(name, std::string());  // declared, never expanded
              q = e + 1;
            }
          }  // SYSTEM / PUBLIC: external, never read
          else if (!name.empty()) {
            entities.emplace(name, std::string());
          }
          p = q;
        }
        j = k;
      }
      const std::size_t e = s.find('>', j);
      i = e == std::string_view::npos ? s.size() : e + 1;
    } else if (c == '&') {
      std::size_t j = i + 1;
      if (j < s.size() && s[j] == '#') {
        ++j;
        const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
        if (hex) ++j;
        const std::size_t d0 = j;
        while (j < s.size() && (std::isxdigit(static_cast<unsigned char>(s[j])))) ++j;
        if (j > d0 && j < s.size() && s[j] == ';') {
          const std::string digits(s.substr(d0, std::min<std::size_t>(j - d0, 9)));
          const bool decimal = digits.find_first_not_of("0123456789") == std::string::npos;
          if (hex || decimal) {
            const unsigned long cp = std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10);
            // References to characters XML forbids (NUL, C0 controls, surrogates, past
            // U+10FFFF) become U+FFFD; the rest stay for pugixml to decode.
            const bool ok = cp == 9 || cp == 10 || cp == 13 ||
                            (cp >= 0x20 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && j - d0 <= 8);
            x.append(ok ? std::string(s.substr(i, j + 1 - i)) : std::string("&#xFFFD;"));
            i = j + 1;
            continue;
          }
        }
        x.append("&amp;");
        stray = true;
        ++i;
        continue;
      }
      while (j < s.size() && name_char(s[j]) && j - i < 64) ++j;
      if (j > i + 1 && j < s.size() && s[j] == ';') {
        const std::string name(s.substr(i + 1, j - i - 1));
        if (is_xml_predefined(name)) {
          x.append(s.substr(i, j + 1 - i));
        } else if (auto it = entities.find(name); it != entities.end()) {
          if (it->second.empty()) {
            unexpanded = true;
            x.append("&amp;").append(name).append(";");
          } else {
            x.append(it->second);
          }
        } else {
          std::string tmp;
          std::size_t len = 0;
          if (read_reference(s, i, tmp, len)) {
            undeclared = true;
            if (first_undeclared.empty()) first_undeclared = name;
            // As a numeric reference so that it is right in attributes and text alike.
            for (std::size_t k = 0; k < tmp.size();) {
              char32_t cp = 0;
              const unsigned char b0 = static_cast<unsigned char>(tmp[k]);
              const int n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
              cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
              for (int m = 1; m < n && k + m < tmp.size(); ++m) cp = (cp << 6) | (tmp[k + m] & 0x3F);
              x.append(fmt::format("&#x{:X};", static_cast<unsigned>(cp)));
              k += n;
            }
          } else {
            undeclared = true;
            if (first_undeclared.empty()) first_undeclared = name;
            x.append("&amp;").append(name).append(";");
          }
        }
        i = j + 1;
        continue;
      }
      x.append("&amp;");
      stray = true;
      ++i;
    } else {
      x += c;
      ++i;
    }
  }
  if (undeclared) out.problems.push_back(fmt::format("undeclared entity &{};", shown(first_undeclared)));
  if (stray) out.problems.push_back("unescaped '&'");
  if (unexpanded) out.problems.push_back("entities declared in the DTD not expanded");
  return true;
}

}  // namespace storyline::feeds::detail
