// prefilter.cpp: strip_unparsed() — drops the bytes of a page that extraction never
// reads before the HTML parser sees them. gumbo tokenizes every byte one code point at
// a time, and a modern page is mostly inline script, JSON state, CSS, SVG icons and
// comments: dropping them up front more than halves the parse.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "extract/internal.h"

namespace storyline::extract::detail {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':';
}

bool iequals_at(std::string_view s, std::size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k)
    if (ascii_lower(s[pos + k]) != word[k]) return false;
  return true;
}

// Position of the '>' closing the tag whose name ends at `from`, skipping quoted
// attribute values; npos when the tag never closes.
std::size_t tag_end(std::string_view s, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // a quote only opens a value right after '='
      std::size_t k = i;
      while (k > from && std::isspace(static_cast<unsigned char>(s[k - 1]))) --k;
      if (k > from && s[k - 1] == '=') quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Start of the end tag "</name" (followed by space, '/' or '>') at or after `from`.
std::size_t find_end_tag(std::string_view s, std::size_t from, std::string_view name) {
  for (std::size_t e = s.find("</", from); e != std::string_view::npos; e = s.find("</", e + 2)) {
    if (!iequals_at(s, e + 2, name)) continue;
    const std::size_t after = e + 2 + name.size();
    if (after >= s.size() || !is_name_char(s[after])) return e;
  }
  return std::string_view::npos;
}

// The value of attribute `name` inside a start tag's text (lower-cased, unquoted).
std::string tag_attr(std::string_view tag, std::string_view name) {
  for (std::size_t i = 0; i + name.size() < tag.size(); ++i) {
    if (!iequals_at(tag, i, name) || (i > 0 && is_name_char(tag[i - 1]))) continue;
    std::size_t j = i + name.size();
    while (j < tag.size() && std::isspace(static_cast<unsigned char>(tag[j]))) ++j;
    if (j >= tag.size() || tag[j] != '=') continue;
    ++j;
    while (j < tag.size() && std::isspace(static_cast<unsigned char>(tag[j]))) ++j;
    std::string v;
    if (j < tag.size() && (tag[j] == '"' || tag[j] == '\'')) {
      const char q = tag[j++];
      while (j < tag.size() && tag[j] != q) v += ascii_lower(tag[j++]);
    } else {
      while (j < tag.size() && !std::isspace(static_cast<unsigned char>(tag[j])) && tag[j] != '>')
        v += ascii_lower(tag[j++]);
    }
    return v;
  }
  return {};
}

// Attributes extraction reads (html.cpp, content.cpp); `href` only on <link>.
bool kept_attribute(std::string_view tag, std::string_view name) {
  static constexpr std::string_view kKept[] = {
      "class", "id", "itemprop", "rel", "content", "datetime", "lang", "role", "style", "type",
      "hidden", "aria-hidden", "property", "name", "http-equiv", "charset", "pubdate"};
  if (name.size() > 12) return false;
  char buf[12];
  for (std::size_t k = 0; k < name.size(); ++k)
    buf[k] = ascii_lower(name[k]);
  const std::string_view l(buf, name.size());
  for (auto k : kKept)
    if (l == k) return true;
  return l == "href" && tag == "link";
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// A <link rel> naming only resources (style sheets, icons, preloads), never metadata.
bool resource_hint(std::string_view rel) {
  static constexpr std::string_view kHints[] = {
      "stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "icon",
      "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon", "manifest",
      "pingback", "edituri", "wlwmanifest", "search", "prerender", "fluid-icon"};
  bool any = false;
  for (std::size_t i = 0; i < rel.size();) {
    while (i < rel.size() && is_space(rel[i])) ++i;
    std::size_t j = i;
    while (j < rel.size() && !is_space(rel[j])) ++j;
    if (j == i) break;
    const std::string_view token = rel.substr(i, j - i);
    if (std::find(std::begin(kHints), std::end(kHints), token) == std::end(kHints)) return false;
    any = true;
    i = j;
  }
  return any;
}

}  // namespace

std::string strip_unparsed(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0, copied = 0;
  auto skip = [&](std::size_t from, std::size_t to, bool space) {  // drop [from, to)
    if (from > copied) out.append(html.substr(copied, from - copied));
    if (space) out += ' ';
    copied = std::max(copied, to);
  };
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    // Runs of white space between tags become one character: extraction collapses
    // white space anyway, and indentation is a good share of many pages.
    for (std::size_t k = i, stop = std::min(lt, html.size()); k < stop; ++k) {
      if (!is_space(html[k])) continue;
      std::size_t e = k + 1;
      while (e < stop && is_space(html[e])) ++e;
      if (e - k > 1) skip(k + 1, e, false);
      k = e;
    }
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    if (html.compare(lt, 4, "<!--") == 0) {  // comment ("<!-->" and "<!--->" are empty ones)
      std::size_t e;
      if (html.compare(lt + 4, 1, ">") == 0) e = lt + 5;
      else if (html.compare(lt + 4, 2, "->") == 0) e = lt + 6;
      else {
        e = html.size();
        for (std::size_t d = html.find("--", lt + 4); d != std::string_view::npos; d = html.find("--", d + 1)) {
          if (html.compare(d + 2, 1, ">") == 0) {
            e = d + 3;
            break;
          }
          if (html.compare(d + 2, 2, "!>") == 0) {
            e = d + 4;
            break;
          }
        }
      }
      skip(lt, e, false);
      i = e;
      continue;
    }
    if (html[lt + 1] == '/' || html[lt + 1] == '!' || html[lt + 1] == '?' ||
        !std::isalpha(static_cast<unsigned char>(html[lt + 1]))) {
      i = lt + 1;
      continue;
    }
    std::size_t j = lt + 1;
    while (j < html.size() && is_name_char(html[j])) ++j;
    std::string name(html.substr(lt + 1, j - lt - 1));
    for (auto& c : name) c = ascii_lower(c);
    const std::size_t gt = tag_end(html, j);
    if (gt == std::string_view::npos) break;
    i = gt + 1;
    // Void elements extraction never reads (form fields, media sources, resource hints) go
    // whole. (<img> stays: where images sit changes how bylines and blocks are read.)
    if (name == "input" || name == "source" ||
        (name == "link" && resource_hint(tag_attr(html.substr(lt, gt + 1 - lt), "rel")))) {
      skip(lt, gt + 1, false);
      continue;
    }
    // Drop the attributes nobody reads (srcset, data-*, href of links, inline handlers):
    // they are a large share of the bytes the parser would otherwise decode.
    for (std::size_t k = name == "svg" ? gt : j; k < gt;) {  // (an <svg> goes whole)
      while (k < gt && (is_space(html[k]) || html[k] == '/')) ++k;
      if (k >= gt) break;
      const std::size_t start = k++;
      while (k < gt && !is_space(html[k]) && html[k] != '/' && html[k] != '=') ++k;
      const std::string_view attr_name = html.substr(start, k - start);
      std::size_t v = k;
      while (v < gt && is_space(html[v])) ++v;
      if (v < gt && html[v] == '=') {
        ++v;
        while (v < gt && is_space(html[v])) ++v;
        if (v < gt && (html[v] == '"' || html[v] == '\'')) {
          const std::size_t q = html.find(html[v], v + 1);
          v = q == std::string_view::npos || q > gt ? gt : q + 1;
        } else {
          while (v < gt && !is_space(html[v])) ++v;
        }
        k = v;
      }
      if (!kept_attribute(name, attr_name)) skip(start, k, false);
    }
    if (name == "script" || name == "style") {
      const std::size_t e = find_end_tag(html, gt + 1, name);
      const std::size_t end = e == std::string_view::npos ? html.size() : e;
      // JSON-LD is read for metadata; everything else in a script or style is not text.
      const bool keep = name == "script" && tag_attr(html.substr(lt, gt + 1 - lt), "type") == "application/ld+json";
      if (!keep) skip(gt + 1, end, false);
      i = end;
    } else if (name == "svg") {  // icons and charts: never article text
      std::size_t depth = 1, k = gt + 1, end = html.size();
      if (html[gt - 1] == '/') {
        end = gt + 1;
      } else {
        while (depth > 0) {
          const std::size_t p = html.find('<', k);
          if (p == std::string_view::npos) break;
          if (iequals_at(html, p + 1, "svg") && p + 4 < html.size() && !is_name_char(html[p + 4])) {
            const std::size_t g = tag_end(html, p + 4);
            if (g == std::string_view::npos) break;
            if (html[g - 1] != '/') ++depth;
            k = g + 1;
          } else if (iequals_at(html, p + 1, "/svg") && p + 5 < html.size() && !is_name_char(html[p + 5])) {
            const std::size_t g = html.find('>', p);
            if (g == std::string_view::npos) break;
            k = g + 1;
            if (--depth == 0) end = k;
          } else {
            k = p + 1;
          }
        }
      }
      skip(lt, end, true);
      i = end;
    } else if (name == "textarea" || name == "title" || name == "xmp" || name == "iframe" ||
               name == "noembed" || name == "noframes") {  // raw text: copied as is
      const std::size_t e = find_end_tag(html, gt + 1, name);
      i = e == std::string_view::npos ? html.size() : e;
    } else if (name == "plaintext") {
      break;
    }
  }
  if (copied == 0) return std::string(html);
  out.append(html.substr(std::min(copied, html.size())));
  return out;
}

}  // namespace storyline::extract::detail
