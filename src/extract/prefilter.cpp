// prefilter.cpp: strip_unparsed() — drops the bytes of a page that extraction never
// reads before the HTML parser sees them. gumbo tokenizes every byte one code point at
// a time, and a modern page is mostly inline script, JSON state, CSS, SVG icons,
// comments, menus and page furniture: dropping them up front more than halves the parse.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "extract/internal.h"

namespace storyline::extract::detail {
namespace {


bool is_name_char(char c) {
  return ascii_alnum(c) || c == '-' || c == '_' || c == ':';
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
      while (k > from && html_space(s[k - 1])) --k;
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
    while (j < tag.size() && html_space(tag[j])) ++j;
    if (j >= tag.size() || tag[j] != '=') continue;
    ++j;
    while (j < tag.size() && html_space(tag[j])) ++j;
    std::string v;
    if (j < tag.size() && (tag[j] == '"' || tag[j] == '\'')) {
      const char q = tag[j++];
      while (j < tag.size() && tag[j] != q) v += ascii_lower(tag[j++]);
    } else {
      while (j < tag.size() && !html_space(tag[j]) && tag[j] != '>')
        v += ascii_lower(tag[j++]);
    }
    return v;
  }
  return {};
}

// Attributes extraction reads (html.cpp, content.cpp); `href` only on <link> (and on
// <a> when it names an author's page: see author_href).
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

// A <link> extraction reads: rel naming the canonical URL or the author. The rest
// (style sheets, icons, preloads, alternates in every language) go before parsing.
bool read_link(std::string_view rel) {
  for (std::size_t i = 0; i < rel.size();) {
    while (i < rel.size() && html_space(rel[i])) ++i;
    std::size_t j = i;
    while (j < rel.size() && !html_space(rel[j])) ++j;
    const std::string_view token = rel.substr(i, j - i);
    if (token == "canonical" || token == "author") return true;
    i = j;
  }
  return false;
}

constexpr std::size_t kGaveUp = std::string_view::npos - 1;

// A style="..." that hides its element (what content.cpp's is_hidden() reads: lower
// case, spaces removed, "display:none" or "visibility:hidden"); any other style is
// dropped before parsing.
bool hides(std::string_view style_attr) {
  std::string compact;
  for (const char c : style_attr)
    if (c != ' ') compact += ascii_lower(c);
  return compact.find("display:none") != std::string::npos || compact.find("visibility:hidden") != std::string::npos;
}

// Elements whose content is raw text (never markup) for the parser.
bool raw_text_element(std::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" || name == "xmp" ||
         name == "iframe" || name == "noembed" || name == "noframes";
}

// Position just past the end tag closing the element `name` whose start tag ends before
// `from`, counting nested elements of the same name (a "/>" closes only an <svg>: HTML
// ignores it elsewhere); comments and raw-text elements (scripts, styles...) in between
// are skipped, so markup quoted in them doesn't count. npos when it never closes. The
// bytes it reads come out of `budget` (kGaveUp once spent): the filter then stops
// dropping elements instead of going quadratic on deep nesting.
std::size_t element_end(std::string_view s, std::size_t from, std::string_view name, std::size_t& budget) {
  std::size_t depth = 1, result = std::string_view::npos, p = s.find('<', from);
  for (; p != std::string_view::npos; p = s.find('<', p + 1)) {
    if (p - from > budget) break;
    if (p + 3 < s.size() && s[p + 1] == '!' && s[p + 2] == '-' && s[p + 3] == '-') {
      const std::size_t e = s.find("-->", p + 4);
      if (e == std::string_view::npos) break;
      p = e + 2;
      continue;
    }
    const bool closing = p + 1 < s.size() && s[p + 1] == '/';
    const std::size_t at = p + 1 + (closing ? 1 : 0);
    if (at >= s.size()) break;
    const char first = ascii_lower(s[at]);
    if (first != name[0] && (closing || std::string_view("stxin").find(first) == std::string_view::npos))
      continue;  // (neither `name` nor a raw-text element)
    std::size_t n = at;
    while (n < s.size() && is_name_char(s[n]) && n - at <= 8) ++n;
    if (!closing && n > at && n - at <= 8) {
      char low[8];
      for (std::size_t k = at; k < n; ++k) low[k - at] = ascii_lower(s[k]);
      const std::string_view other(low, n - at);
      if (other != name && raw_text_element(other)) {
        const std::size_t e = find_end_tag(s, n, other);
        if (e == std::string_view::npos) break;
        p = e + 1;
        continue;
      }
    }
    if (!iequals_at(s, at, name) || (at + name.size() < s.size() && is_name_char(s[at + name.size()])))
      continue;
    const std::size_t g = closing ? s.find('>', at) : tag_end(s, at + name.size());
    if (g == std::string_view::npos) break;
    if (!closing) {
      if (s[g - 1] != '/' || name != "svg") ++depth;
    } else if (--depth == 0) {
      result = g + 1;
      break;
    }
    p = g;
  }
  const std::size_t read = (result != std::string_view::npos ? result : s.size()) - from;
  if (read > budget) {
    budget = 0;
    return kGaveUp;
  }
  budget -= read;
  return result;
}

// True when html[from, to) holds at least four links and its visible text is nearly
// all link text (a menu or a list of headlines; a byline's one or two author links
// don't count), judged on bytes outside tags.
bool mostly_links(std::string_view s, std::size_t from, std::size_t to) {
  std::size_t text = 0, linked = 0, links = 0;
  int in_link = 0;
  for (std::size_t k = from; k < to;) {
    if (s[k] == '<') {
      const bool closing = k + 1 < to && s[k + 1] == '/';
      const std::size_t at = k + 1 + (closing ? 1 : 0);
      if (at + 1 < to && ascii_lower(s[at]) == 'a' && !is_name_char(s[at + 1])) {
        in_link = closing ? std::max(0, in_link - 1) : in_link + 1;
        links += closing ? 0 : 1;
      }
      const std::size_t g = s.find('>', k);
      k = g == std::string_view::npos || g >= to ? to : g + 1;
      continue;
    }
    if (!html_space(s[k])) {
      ++text;
      if (in_link > 0) ++linked;
    }
    ++k;
  }
  return links >= 4 && text > 0 && linked * 10 >= text * 9;
}

// True when html[from, to) holds an <h1>-<h3> (the title may be there).
bool has_heading(std::string_view s, std::size_t from, std::size_t to) {
  for (std::size_t k = s.find('<', from); k != std::string_view::npos && k + 2 < to; k = s.find('<', k + 1))
    if (ascii_lower(s[k + 1]) == 'h' && s[k + 2] >= '1' && s[k + 2] <= '3') return true;
  return false;
}

// Page metadata the extractor reads from anywhere on the page: a <time>, an author link
// or byline, JSON-LD, "Posted by ...", a publication date (one case-insensitive pass).
bool holds_metadata(std::string_view s, std::size_t from, std::size_t to) {
  auto at = [&](std::size_t k, std::string_view w) { return k + w.size() <= to && iequals_at(s, k, w); };
  for (std::size_t k = from; k < to; ++k) {
    switch (ascii_lower(s[k])) {
      case '<': if (at(k, "<time")) return true; break;
      case 'a': if (at(k, "author")) return true; break;
      case 'b': if (at(k, "byline")) return true; break;
      case 'l': if (at(k, "ld+json")) return true; break;
      case 'p': if (at(k, "posted") || at(k, "published")) return true; break;
      case 'd': if (at(k, "dateline")) return true; break;
      default: break;
    }
  }
  return false;
}

// <p> start tags in html[from, to).
std::size_t paragraphs(std::string_view s, std::size_t from, std::size_t to) {
  std::size_t n = 0;
  for (std::size_t k = s.find('<', from); k != std::string_view::npos && k + 2 < to; k = s.find('<', k + 1))
    if (ascii_lower(s[k + 1]) == 'p' && (s[k + 2] == '>' || html_space(s[k + 2]))) ++n;
  return n;
}

// Reader comments: a block with a class or id word that starts with "comment"
// ("comments", "comment-list", "commentlist") is never article text (content.cpp drops
// such a block whatever its size). Only at the start of a word, so that a page wrapper
// named "has-comments" or "no-comments", which may hold the headline, stays.
bool comment_block(std::string_view name) {
  return name == "div" || name == "section" || name == "ol" || name == "ul" || name == "footer" ||
         name == "aside" || name == "form";
}
bool names_comments(std::string_view tag) {
  for (const char* a : {"class", "id"}) {
    const std::string v = tag_attr(tag, a);
    for (std::size_t p = v.find("comment"); p != std::string::npos; p = v.find("comment", p + 1))
      if (p == 0 || html_space(v[p - 1])) return true;
  }
  return false;
}

// Elements dropped with everything in them (content.cpp never reads their text).
bool dropped_whole(std::string_view name) {
  return name == "nav" || name == "button" || name == "select" || name == "noscript" ||
         name == "template" || name == "menu" || name == "label";
}

}  // namespace

// True when the text holds a path segment naming an author's page followed by a
// name ("/authors/jane-doe", "/author/jane-doe/", "/contributors/Jane+Doe").
bool author_href(std::string_view href) {
  static constexpr std::string_view kSegments[] = {
      "author",  "authors",  "writer",     "writers",     "contributor", "contributors", "columnist",
      "columnists", "journalist", "journalists", "reporter", "reporters"};
  for (std::size_t i = href.find('/'); i != std::string_view::npos; i = href.find('/', i + 1)) {
    std::size_t j = i + 1;
    while (j < href.size() && ascii_alnum(href[j])) ++j;
    if (j >= href.size() || href[j] != '/' || j + 1 >= href.size()) continue;
    const char next = href[j + 1];
    if (next == '"' || next == '\'' || next == '?' || next == '#' || next == '/' || html_space(next)) continue;
    const std::string_view seg = href.substr(i + 1, j - i - 1);
    for (std::string_view k : kSegments)
      if (seg.size() == k.size() && iequals_at(seg, 0, k)) return true;
  }
  return false;
}

std::string strip_unparsed(std::string_view html, std::vector<std::string>* json_ld) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0, copied = 0;
  int articles = 0;  // <article> elements open at i
  std::size_t budget = 8 * html.size() + 4096;  // bytes element_end() may read, all told
  constexpr std::size_t kNotCounted = std::string_view::npos;
  std::size_t page_paragraphs = kNotCounted;  // <p> tags on the page, counted when first needed
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
      if (!html_space(html[k])) continue;
      std::size_t e = k + 1;
      while (e < stop && html_space(html[e])) ++e;
      if (e - k > 1) skip(k + 1, e, false);
      k = e;
    }
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    // A comment ("<!-->" and "<!--->" are empty ones).
    if (html[lt + 1] == '!' && lt + 3 < html.size() && html[lt + 2] == '-' && html[lt + 3] == '-') {
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
    if (html[lt + 1] == '/' && iequals_at(html, lt + 2, "article") && lt + 9 < html.size() &&
        !is_name_char(html[lt + 9]) && articles > 0)
      --articles;
    if (html[lt + 1] == '/' || html[lt + 1] == '!' || html[lt + 1] == '?' ||
        !std::isalpha(static_cast<unsigned char>(html[lt + 1]))) {
      i = lt + 1;
      continue;
    }
    std::size_t j = lt + 1;
    while (j < html.size() && is_name_char(html[j])) ++j;
    // The lower-cased name, as a view (compared with many literals below: no library
    // call per comparison); names longer than any we look for are left as they are.
    char lowered[16];
    std::string_view name = html.substr(lt + 1, j - lt - 1);
    if (name.size() <= sizeof lowered) {
      for (std::size_t k = 0; k < name.size(); ++k) lowered[k] = ascii_lower(name[k]);
      name = std::string_view(lowered, name.size());
    }
    const std::size_t gt = tag_end(html, j);
    if (gt == std::string_view::npos) break;
    i = gt + 1;
    // Void elements extraction never reads (form fields, media sources, links other than
    // canonical and author) go whole. (<img> stays: where images sit changes how bylines
    // and blocks are read.)
    if (name == "input" || name == "source" ||
        (name == "link" && !read_link(tag_attr(html.substr(lt, gt + 1 - lt), "rel")))) {
      skip(lt, gt + 1, false);
      continue;
    }
    if (name == "article") ++articles;
    // What goes with everything in it (a good share of a page's markup, never article
    // text): menus, controls and no-script fallbacks; reader comments; outside any
    // <article>, the page's own footer and aside, headers with no heading, and lists of
    // links. Kept: page furniture that holds metadata (a byline, a <time>, JSON-LD: the
    // article's own footer often does, and a page without <article> puts it anywhere) or
    // a third of the page's paragraphs (misused markup wrapping the article), and any
    // element never closed (where it ends is then the parser's call).
    const bool furniture = (name == "footer" || name == "aside" || name == "header") && articles == 0;
    const bool links = (name == "ul" || name == "ol") && articles == 0;
    if (dropped_whole(name) || furniture || links ||
        (comment_block(name) && names_comments(html.substr(lt, gt + 1 - lt)))) {
      const std::size_t end = element_end(html, gt + 1, name, budget);
      bool drop = end < kGaveUp;
      if (drop && links) drop = mostly_links(html, gt + 1, end);
      if (drop && furniture)
        drop = !holds_metadata(html, gt + 1, end) && (name != "header" || !has_heading(html, gt + 1, end));
      if (drop && (furniture || name == "nav")) {
        if (page_paragraphs == kNotCounted) page_paragraphs = paragraphs(html, 0, html.size());
        const std::size_t inside = paragraphs(html, gt + 1, end);
        drop = inside < 3 || 3 * inside < page_paragraphs;
      }
      if (drop) {
        skip(lt, end, true);
        i = end;
        continue;
      }
    }
    // Drop the attributes nobody reads (srcset, data-*, href of links, inline handlers):
    // they are a large share of the bytes the parser would otherwise decode.
    for (std::size_t k = name == "svg" ? gt : j; k < gt;) {  // (an <svg> goes whole)
      while (k < gt && (html_space(html[k]) || html[k] == '/')) ++k;
      if (k >= gt) break;
      const std::size_t start = k++;
      while (k < gt && !html_space(html[k]) && html[k] != '/' && html[k] != '=') ++k;
      const std::string_view attr_name = html.substr(start, k - start);
      std::size_t v = k;
      while (v < gt && html_space(html[v])) ++v;
      if (v < gt && html[v] == '=') {
        ++v;
        while (v < gt && html_space(html[v])) ++v;
        if (v < gt && (html[v] == '"' || html[v] == '\'')) {
          const std::size_t q = html.find(html[v], v + 1);
          v = q == std::string_view::npos || q > gt ? gt : q + 1;
        } else {
          while (v < gt && !html_space(html[v])) ++v;
        }
        k = v;
      }
      const bool author_link = name == "a" && attr_name.size() == 4 && iequals_at(attr_name, 0, "href") &&
                               author_href(html.substr(start, k - start));
      if ((!kept_attribute(name, attr_name) && !author_link) ||
          (iequals_at(attr_name, 0, "style") && attr_name.size() == 5 && !hides(html.substr(start, k - start))))
        skip(start, k, false);
    }
    if (name == "script" || name == "style") {
      const std::size_t e = find_end_tag(html, gt + 1, name);
      const std::size_t end = e == std::string_view::npos ? html.size() : e;
      // JSON-LD is read for metadata; everything else in a script or style is not text.
      const bool ld = name == "script" && tag_attr(html.substr(lt, gt + 1 - lt), "type") == "application/ld+json";
      if (ld && json_ld != nullptr) json_ld->emplace_back(html.substr(gt + 1, end - gt - 1));
      if (!ld || json_ld != nullptr) skip(gt + 1, end, false);
      i = end;
    } else if (name == "svg") {  // icons and charts: never article text
      std::size_t end = html[gt - 1] == '/' ? gt + 1 : element_end(html, gt + 1, name, budget);
      if (end == std::string_view::npos) end = html.size();  // never closed: the rest is the image
      if (end != kGaveUp) {
        skip(lt, end, true);
        i = end;
      }
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
