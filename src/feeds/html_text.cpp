// html_text.cpp: escaped HTML in titles and summaries to plain text, and HTML
// character references (all HTML5 named ones, through gumbo's own table).
#include <gumbo.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "feeds/feeds.h"
#include "feeds/internal.h"
#include "text/text.h"

namespace storyline::feeds {
namespace {

bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool alnum(char c) { return alpha(c) || (c >= '0' && c <= '9'); }

// The UTF-8 text of a named reference ("eacute" -> "é"), empty when HTML has no such
// name. gumbo holds the HTML5 table; its answer for each name is cached per thread.
const std::string& named_reference(const std::string& name) {
  thread_local std::unordered_map<std::string, std::string> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::string value;
  const std::string doc = "<p>&" + name + ";</p>";
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, doc.data(), doc.size());
  // html > body > p > text
  const GumboNode* n = out->root;
  for (const char* want : {"body", "p"}) {
    const GumboNode* next = nullptr;
    for (unsigned i = 0; n && i < n->v.element.children.length; ++i) {
      const auto* c = static_cast<const GumboNode*>(n->v.element.children.data[i]);
      if (c->type == GUMBO_NODE_ELEMENT && std::string_view(gumbo_normalized_tagname(c->v.element.tag)) == want)
        next = c;
    }
    n = next;
  }
  if (n && n->v.element.children.length == 1) {
    const auto* t = static_cast<const GumboNode*>(n->v.element.children.data[0]);
    if (t->type == GUMBO_NODE_TEXT) value = t->v.text.text;
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  if (value == "&" + name + ";") value.clear();
  if (cache.size() > 4096) cache.clear();  // names are attacker-chosen: keep the cache bounded
  return cache.emplace(name, std::move(value)).first->second;
}

}  // namespace

namespace detail {

// Reads a character reference at s[i] == '&'. On success appends its text, sets `len`.
bool read_reference(std::string_view s, std::size_t i, std::string& out, std::size_t& len) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    unsigned long cp = 0;
    const std::size_t start = j;
    while (j < s.size() && j - start < 8) {
      const char c = s[j];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0) break;
      cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(d);
      ++j;
    }
    if (j == start || j >= s.size() || s[j] != ';') return false;
    // Windows-1252 code points sent as numeric references, as browsers read them.
    static constexpr char32_t kCp1252[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                             0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                             0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                             0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
    if (cp >= 0x80 && cp <= 0x9F) cp = kCp1252[cp - 0x80];
    if (cp == 0) cp = 0xFFFD;
    text::append_utf8(out, static_cast<char32_t>(cp));
    len = j + 1 - i;
    return true;
  }
  while (j < s.size() && alnum(s[j]) && j - i <= 32) ++j;
  if (j == i + 1 || j >= s.size() || s[j] != ';') return false;
  const std::string name(s.substr(i + 1, j - i - 1));
  const std::string& v = named_reference(name);
  if (v.empty()) return false;
  out += v;
  len = j + 1 - i;
  return true;
}

bool is_xml_predefined(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

bool is_html_entity(std::string_view name) { return !named_reference(std::string(name)).empty(); }

}  // namespace detail

std::string decode_html_entities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t len = 0;
    if (s[i] == '&' && detail::read_reference(s, i, out, len)) {
      i += len - 1;
      continue;
    }
    out += s[i];
  }
  return out;
}

std::string html_to_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '<' && i + 1 < s.size() && (alpha(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?')) {
      if (s.compare(i, 4, "<!--") == 0) {
        const std::size_t e = s.find("-->", i + 4);
        i = e == std::string_view::npos ? s.size() : e + 3;
        continue;
      }
      std::size_t e = s.find('>', i);
      if (e == std::string_view::npos) {  // a cut-off tag: drop the rest
        break;
      }
      std::size_t k = i + 1;
      const bool closing = s[k] == '/';
      if (closing) ++k;
      std::string name;
      while (k < e && alnum(s[k])) name += static_cast<char>(s[k++] | 0x20);
      if (!closing && (name == "script" || name == "style")) {
        // Raw text up to the matching end tag (or the end of the input).
        std::size_t p = e + 1;
        std::size_t end = s.size();
        while (p < s.size()) {
          const std::size_t lt = s.find("</", p);
          if (lt == std::string_view::npos) break;
          std::string n2;
          for (std::size_t q = lt + 2; q < s.size() && alnum(s[q]) && n2.size() < 8; ++q) n2 += static_cast<char>(s[q] | 0x20);
          if (n2 == name) {
            const std::size_t gt = s.find('>', lt);
            end = gt == std::string_view::npos ? s.size() : gt + 1;
            break;
          }
          p = lt + 2;
        }
        i = end;
        out += ' ';
        continue;
      }
      static constexpr std::string_view kInline[] = {"a", "b", "i", "em", "strong", "span", "u", "s",
                                                     "small", "sub", "sup", "code", "abbr", "cite",
                                                     "q", "font", "mark", "tt", "big", "ins", "del"};
      bool inline_tag = false;
      for (auto t : kInline) inline_tag = inline_tag || name == t;
      if (!inline_tag) out += ' ';
      i = e + 1;
      continue;
    }
    std::size_t len = 0;
    if (c == '&' && detail::read_reference(s, i, out, len)) {
      i += len;
      continue;
    }
    out += c;
    ++i;
  }
  return text::collapse_whitespace(text::to_valid_utf8(out));
}

}  // namespace storyline::feeds
