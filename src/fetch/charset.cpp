// charset.cpp: which charset a fetched body is in, and its conversion to UTF-8.
#include <string>

#include "extract/extract.h"
#include "fetch/fetch.h"
#include "text/text.h"

namespace storyline::fetch {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}
bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':';
}

// The value of `key=` in a header or declaration (quoted or not), lower case; empty if none.
std::string param(std::string_view text, std::string_view key) {
  const std::string low = lower(text);
  std::size_t pos = 0;
  while ((pos = low.find(key, pos)) != std::string::npos) {
    std::size_t i = pos + key.size();
    pos = i;
    while (i < low.size() && (low[i] == ' ' || low[i] == '\t')) ++i;
    if (i >= low.size() || low[i] != '=') continue;
    ++i;
    while (i < low.size() && (low[i] == ' ' || low[i] == '\t' || low[i] == '"' || low[i] == '\'')) ++i;
    std::size_t j = i;
    while (j < low.size() && name_char(low[j])) ++j;
    if (j > i) return low.substr(i, j - i);
  }
  return {};
}

std::string bom_charset(std::string_view b) {
  if (b.substr(0, 3) == "\xEF\xBB\xBF") return "utf-8";
  if (b.substr(0, 2) == "\xFF\xFE") return "utf-16le";
  if (b.substr(0, 2) == "\xFE\xFF") return "utf-16be";
  return {};
}

std::string xml_declaration_charset(std::string_view b) {
  std::size_t i = 0;
  while (i < b.size() && i < 64 && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) ++i;
  if (b.substr(i, 5) != "<?xml") return {};
  const std::size_t end = b.find("?>", i);
  if (end == std::string_view::npos || end - i > 1024) return {};
  return param(b.substr(i, end - i), "encoding");
}

bool utf8_family(const std::string& cs) { return cs.empty() || cs == "utf-8" || cs == "utf8"; }

// Multi-byte UTF-8 sequences vs bytes that are not UTF-8.
void census(std::string_view s, std::size_t& multi, std::size_t& invalid) {
  multi = invalid = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = (p[i] & 0xE0) == 0xC0 ? 2 : (p[i] & 0xF0) == 0xE0 ? 3 : (p[i] & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = len != 0 && p[i] >= 0xC2 && i + len <= s.size();
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

std::string detect_charset(std::string_view content_type, std::string_view body) {
  if (std::string cs = param(content_type, "charset"); !cs.empty()) return cs;
  if (std::string cs = bom_charset(body); !cs.empty()) return cs;
  if (std::string cs = xml_declaration_charset(body); !cs.empty()) return cs;
  return extract::declared_charset(body);
}

std::string to_utf8(std::string_view body, std::string_view charset, std::string* used) {
  std::string cs = lower(charset);
  // WHATWG: these labels mean windows-1252, a superset that browsers read them as.
  if (cs == "iso-8859-1" || cs == "latin1" || cs == "iso8859-1" || cs == "us-ascii" || cs == "ascii")
    cs = "windows-1252";
  const std::string bom = bom_charset(body);
  if (bom == "utf-8") {
    body.remove_prefix(3);
    cs = "utf-8";
  } else if (!bom.empty()) {  // a UTF-16 BOM outranks a label that says otherwise
    std::string out;
    if (text::convert_to_utf8(body.substr(2), bom.c_str(), out)) {
      if (used) *used = bom;
      return out;
    }
  }
  const bool wide = cs.rfind("utf-16", 0) == 0 || cs.rfind("utf-32", 0) == 0;
  if (!wide && text::is_valid_utf8(body)) {
    std::size_t multi = 0, invalid = 0;
    census(body, multi, invalid);
    if (used) *used = multi > 0 || cs.empty() ? "utf-8" : cs;
    return std::string(body);
  }
  if (utf8_family(cs)) {
    // Said (or assumed) to be UTF-8 but mostly not: Windows-1252 mislabeled.
    std::size_t multi = 0, invalid = 0;
    census(body, multi, invalid);
    std::string out;
    if (invalid > multi && text::convert_to_utf8(body, "windows-1252", out)) {
      if (used) *used = "windows-1252";
      return out;
    }
    if (used) *used = "utf-8";
    return text::to_valid_utf8(body);
  }
  std::string out;
  if (text::convert_to_utf8(body, cs.c_str(), out)) {
    if (used) *used = cs;
    return text::to_valid_utf8(out);
  }
  if (used) *used = "utf-8";
  return text::to_valid_utf8(body);  // a charset ICU does not know
}

}  // namespace storyline::fetch
