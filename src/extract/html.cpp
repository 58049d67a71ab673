// html.cpp: extract_html() — parse with gumbo, read the page's metadata (title,
// date, author, language, canonical URL, site name) from meta tags, JSON-LD and the
// markup, and take the body from the main-content scorer (content.cpp).
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/extract.h"
#include "extract/internal.h"
#include "text/text.h"

namespace storyline::extract {
namespace detail {

std::string_view attr(const GumboNode* n, const char* name) {
  if (n == nullptr || n->type != GUMBO_NODE_ELEMENT) return {};
  // The tokenizer lower-cases attribute names, and every name asked for here is lower
  // case: a plain comparison does what gumbo_get_attribute's strcasecmp would, without
  // a library call per attribute.
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (a->name[0] == name[0] && std::strcmp(a->name, name) == 0)
      return a->value != nullptr ? std::string_view(a->value) : std::string_view{};
  }
  return {};
}

std::string tag_name(const GumboNode* n) {
  if (n == nullptr || n->type != GUMBO_NODE_ELEMENT) return {};
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n->v.element.tag);
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string r(piece.data, piece.length);
  for (auto& c : r) c = ascii_lower(c);
  return r;
}

std::string node_text(const GumboNode* n) {
  std::string out;
  std::vector<const GumboNode*> stack{n};
  while (!stack.empty()) {
    const GumboNode* cur = stack.back();
    stack.pop_back();
    if (cur->type == GUMBO_NODE_TEXT || cur->type == GUMBO_NODE_WHITESPACE ||
        cur->type == GUMBO_NODE_CDATA) {
      out += cur->v.text.text;
      continue;
    }
    if (cur->type != GUMBO_NODE_ELEMENT && cur->type != GUMBO_NODE_DOCUMENT) continue;
    if (cur->type == GUMBO_NODE_ELEMENT) {
      const GumboTag t = cur->v.element.tag;
      if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT) continue;
      if (t == GUMBO_TAG_BR || t == GUMBO_TAG_P || t == GUMBO_TAG_DIV) out += ' ';
    }
    const GumboVector& kids =
        cur->type == GUMBO_NODE_DOCUMENT ? cur->v.document.children : cur->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return text::collapse_whitespace(out);
}

}  // namespace detail

namespace {

using detail::attr;
using detail::node_text;
using detail::tag_name;
using nlohmann::json;

constexpr std::size_t kArenaMaxInput = 2u << 20;  // bytes after the pre-parse filter
constexpr std::size_t kParseWindow = 1u << 20;    // huge pages are parsed this much at a time

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = detail::ascii_lower(c);
  return r;
}

// A parsed date with the UTC offset its text stated (seconds east; 0 when none).
struct Dated {
  UnixTime t = 0;
  int offset = 0;
};

Dated parse_dated(std::string_view s) {
  Dated d;
  d.t = parse_date(s, d.offset);
  return d;
}

// Everything the single document walk collects for the metadata.
struct PageFacts {
  std::unordered_map<std::string, std::string> meta;  // lower-cased name/property/itemprop -> content
  std::vector<json> ld;                               // parsed JSON-LD objects (flattened)
  std::string html_lang, title_tag, canonical, rel_author, time_datetime;
  std::string time_published;  // <time pubdate>, or a <time> marked as the publication date
  std::vector<std::string> publish_metas;  // other meta tags naming a publication date, in page order
  std::vector<std::string> bylines;  // texts of byline/author elements and "By ..." lines
  std::vector<std::string> label_bylines;  // names in the texts just after a "By" / "Written by" label
  std::vector<std::string> link_bylines;   // names near the <h1> linking to an author's page
  // Reading names after a label: 0 idle, 1 a name expected, 2 a separator (", ", "and")
  // or the end, 3 a name after a separator.
  int label_state = 0;
  std::string label_names, label_sep;
  std::vector<std::string> date_texts;  // short texts of date-ish elements (class/id/<time>)
  std::vector<std::string> time_datetimes;  // the first few <time datetime> values
  std::vector<UnixTime> text_dates;     // dates in short text nodes after the first <h1>
  std::vector<UnixTime> early_text_dates;  // the same before any <h1> (pages without one)
  std::vector<std::size_t> text_date_pos;  // text nodes after the first <h1> before each text_dates entry
  std::size_t texts_after_h1 = 0;
  std::size_t texts_since_early_date = 0;  // text nodes from last_early_date to the first <h1>
  UnixTime last_early_date = 0;  // the last such date before the first <h1> (a dateline above it)
  bool first_text_date_numeric = false;  // text_dates[0] was written D.M.YYYY or M/D/YYYY
  bool last_early_date_numeric = false;  // the same for last_early_date
  std::vector<std::string> h1s;
  // Per <h1>: its display lines when it has two or more (a kicker, a headline and a
  // subtitle set as separate blocks), else empty.
  std::vector<std::vector<std::string>> h1_lines;
};

// True for a class that sets an inline element as its own block: utility classes
// ("block", "md:block", "d-block", "tw-block") and subtitle/kicker names.
bool block_class(std::string_view cls) {
  std::size_t i = 0;
  while (i < cls.size()) {
    while (i < cls.size() && detail::html_space(cls[i])) ++i;
    std::size_t j = i;
    while (j < cls.size() && !detail::html_space(cls[j])) ++j;
    std::string w(cls.substr(i, j - i));
    for (auto& c : w) c = detail::ascii_lower(c);
    i = j;
    if (w.empty()) continue;
    const auto ends_with = [&w](std::string_view t) {
      return w.size() >= t.size() && w.compare(w.size() - t.size(), t.size(), t) == 0;
    };
    if (ends_with("inline-block")) continue;  // ("inline-block", "d-inline-block": not a line of its own)
    if (w == "block" || ends_with(":block") || ends_with("-block")) return true;
    for (std::string_view t : {"subtitle", "subhead", "kicker", "tagline", "eyebrow"})
      if (w.find(t) != std::string::npos) return true;
  }
  return false;
}

// The lines a heading displays: split at <br>, at block elements and at inline
// elements whose class sets them as blocks. "The Best Notion Alternatives<span
// class="block">Top Note-taking Tools</span>" shows two lines where node_text() reads
// "AlternativesTop".
std::vector<std::string> display_lines(const GumboNode* h) {
  std::vector<std::string> lines(1);
  struct Item {
    const GumboNode* n;
    bool close;  // the end of a block element
  };
  std::vector<Item> stack{{h, false}};
  bool has_text = false;  // the current line holds more than white space
  const auto new_line = [&lines, &has_text] {
    if (has_text)
      lines.emplace_back();
    else
      lines.back().clear();  // (so a run of empty lines costs nothing)
    has_text = false;
  };
  while (!stack.empty()) {
    const Item it = stack.back();
    stack.pop_back();
    if (it.close) {
      new_line();
      continue;
    }
    const GumboNode* cur = it.n;
    if (cur->type == GUMBO_NODE_TEXT || cur->type == GUMBO_NODE_WHITESPACE || cur->type == GUMBO_NODE_CDATA) {
      lines.back() += cur->v.text.text;
      has_text = has_text || cur->type != GUMBO_NODE_WHITESPACE;
      continue;
    }
    if (cur->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag t = cur->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT) continue;
    if (t == GUMBO_TAG_BR) {
      new_line();
      continue;
    }
    const bool block = cur != h && (t == GUMBO_TAG_DIV || t == GUMBO_TAG_P || block_class(attr(cur, "class")));
    if (block) {
      new_line();
      stack.push_back({cur, true});
    }
    const GumboVector& kids = cur->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back({static_cast<const GumboNode*>(kids.data[i]), false});
  }
  std::vector<std::string> out;
  for (const auto& l : lines)
    if (std::string c = text::collapse_whitespace(l); !c.empty()) out.push_back(std::move(c));
  if (out.size() < 2) out.clear();
  return out;
}

// node_text() of a small element; empty when its raw text exceeds max_raw bytes
// (date and byline candidates are short: don't copy whole wrappers to find out).
std::string short_text(const GumboNode* n, std::size_t max_raw) {
  std::string out;
  std::vector<const GumboNode*> stack{n};
  while (!stack.empty()) {
    const GumboNode* cur = stack.back();
    stack.pop_back();
    if (cur->type == GUMBO_NODE_TEXT || cur->type == GUMBO_NODE_WHITESPACE || cur->type == GUMBO_NODE_CDATA) {
      out += cur->v.text.text;
      if (out.size() > max_raw) return {};
      continue;
    }
    if (cur->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag t = cur->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT) continue;
    if (t == GUMBO_TAG_BR || t == GUMBO_TAG_P || t == GUMBO_TAG_DIV) out += ' ';
    const GumboVector& kids = cur->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return text::collapse_whitespace(out);
}

// Case-insensitive substring test; `needle` is lower case.
bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && detail::ascii_lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Cheap test before the exact one: "by", in any case, in the first `within` bytes.
bool holds_by(std::string_view s, std::size_t within = std::string_view::npos) {
  const std::size_t n = std::min(s.size(), within);
  for (std::size_t i = 0; i + 1 < n; ++i)
    if ((s[i] == 'b' || s[i] == 'B') && (s[i + 1] == 'y' || s[i + 1] == 'Y')) return true;
  return false;
}
// ... near the start ("By Jane Doe", "Written by Jane Doe").
bool may_start_with_by(std::string_view s) { return holds_by(s, 12); }

void add_ld(const json& j, std::vector<json>& out, int depth = 0) {
  if (depth > 6) return;
  if (j.is_array()) {
    for (const auto& e : j) add_ld(e, out, depth + 1);
  } else if (j.is_object()) {
    out.push_back(j);
    // Containers whose parts are the page's own items: a @graph, a WebPage's mainEntity,
    // a Blog's blogPost.
    for (const char* key : {"@graph", "mainEntity", "blogPost"})
      if (auto g = j.find(key); g != j.end()) add_ld(*g, out, depth + 1);
  }
}

// The rest of a "By ..." text node is a byline only when it reads as a name: two to
// six words, each capitalised (or a connector: "and", "de", "van"...), not all in
// capitals. Menus and prose start with "By" too: "By Region", "By clicking Accept",
// "BY USE CASE", "By integrating payroll...".
bool name_after_by(std::string_view rest) {
  const auto toks = text::tokenize(rest);
  if (toks.size() < 2 || toks.size() > 6) return false;
  bool all_caps = true;
  for (const auto& t : toks) {
    const std::string_view w = rest.substr(t.begin, t.end - t.begin);
    if (w.empty()) return false;
    static constexpr std::array<std::string_view, 12> kConnectors{"and", "de", "van", "von", "der", "den", "da",
                                                                  "di", "del", "la", "le", "bin"};
    const bool connector = std::find(kConnectors.begin(), kConnectors.end(), t.lower) != kConnectors.end();
    const unsigned char c0 = static_cast<unsigned char>(w[0]);
    const bool digit_word = c0 >= '0' && c0 <= '9' && !t.numeric;  // "3i Global"
    if (!connector && !digit_word && !(c0 >= 'A' && c0 <= 'Z') && c0 < 0x80) return false;
    if (connector || w.size() < 2 || std::any_of(w.begin() + 1, w.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      all_caps = false;
  }
  return !all_caps;
}

// What a byline text starts with, before the name. ("Posted by" also heads reader
// comments; "Author:" a book's author in a review.)
constexpr std::array<std::string_view, 4> kByPrefixes{"by ", "written by ", "words by ", "story by "};

// A text that is only a byline label: "By", "Written by:".
bool byline_label(std::string_view s) {
  std::string l = lower(text::collapse_whitespace(s));
  if (!l.empty() && l.back() == ':') l.pop_back();
  while (!l.empty() && l.back() == ' ') l.pop_back();
  for (std::string_view k : {"by", "written by", "words by", "story by"})
    if (l == k) return true;
  return false;
}

bool inline_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_A: case GUMBO_TAG_SPAN: case GUMBO_TAG_EM: case GUMBO_TAG_STRONG: case GUMBO_TAG_B:
    case GUMBO_TAG_I: case GUMBO_TAG_SMALL: case GUMBO_TAG_FONT: case GUMBO_TAG_U: case GUMBO_TAG_ABBR:
    case GUMBO_TAG_TIME: case GUMBO_TAG_CITE:
      return true;
    default:
      return false;
  }
}

// True when a node holds no text (an icon, an empty span); looks at 32 nodes at most.
bool holds_no_text(const GumboNode* n) {
  std::vector<const GumboNode*> stack{n};
  for (int seen = 0; !stack.empty(); ++seen) {
    if (seen >= 32) return false;
    const GumboNode* cur = stack.back();
    stack.pop_back();
    if (cur->type == GUMBO_NODE_TEXT || cur->type == GUMBO_NODE_CDATA) return false;
    if (cur->type != GUMBO_NODE_ELEMENT) continue;
    const GumboVector& kids = cur->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return true;
}

// True when a text node is the first text of its block: nothing but white space and
// icons before it, up through its inline ancestors to the nearest block element. A
// byline label leads its line ("<p>By <a>Jane Doe</a>"); a "by" inside a sentence ("a
// study by <a>Pew</a>"), a related-articles list or a photo credit does not.
bool leads_its_block(const GumboNode* n) {
  const GumboNode* cur = n;
  for (int level = 0; level < 6; ++level) {
    const GumboNode* parent = cur->parent;
    if (parent == nullptr || parent->type != GUMBO_NODE_ELEMENT) return true;
    const GumboVector& kids = parent->v.element.children;
    if (cur->index_within_parent > 8) return false;
    for (std::size_t i = 0; i < cur->index_within_parent && i < kids.length; ++i) {
      const auto* sib = static_cast<const GumboNode*>(kids.data[i]);
      if (sib->type == GUMBO_NODE_TEXT || sib->type == GUMBO_NODE_CDATA) return false;
      if (sib->type == GUMBO_NODE_ELEMENT && !holds_no_text(sib)) return false;
    }
    if (!inline_tag(parent->v.element.tag)) return true;  // the block
    cur = parent;
  }
  return false;
}

// How far after the <h1> (in text nodes) a link to an author's page is a byline.
constexpr std::size_t kAuthorLinkTexts = 20;

// The page's JSON-LD (moved out by the prefilter), then one iterative walk over the
// document collecting meta tags, <title>, <h1>, canonical link, rel=author, byline
// elements, <time datetime>.
PageFacts collect_facts(const GumboNode* root, const std::vector<std::string>& json_ld) {
  PageFacts f;
  for (const auto& body : json_ld) {
    json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) add_ld(j, f.ld);
  }
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT && f.bylines.size() < 6) {  // "By Jane Doe", "Written by Jane Doe"
      const std::string_view tx = n->v.text.text;
      if (tx.size() < 80 && may_start_with_by(tx)) {
        std::string line = text::collapse_whitespace(tx);
        const std::string l = lower(line);
        for (std::string_view p : kByPrefixes)
          if (l.rfind(p, 0) == 0 && name_after_by(std::string_view(line).substr(p.size()))) {
            f.bylines.push_back(std::move(line));
            break;
          }
      }
    }
    // (Most text nodes are neither a label nor just after one: only those are read.)
    if (n->type == GUMBO_NODE_TEXT && f.label_bylines.size() < 3 &&
        (f.label_state != 0 || (std::strlen(n->v.text.text) < 20 && holds_by(n->v.text.text)))) {
      // A label leading its line ("By", "Written by:"), the names in the next texts
      // ("By <a>Jane Doe</a> and <a>John Roe</a>", "<p>Written by</p><p>Jane Doe</p>").
      const std::string_view tx = n->v.text.text;
      const std::string s = tx.size() < 80 ? text::collapse_whitespace(tx) : std::string();
      if (f.label_state == 2 && (s == "," || s == "and" || s == "&" || s == ", and")) {
        f.label_sep = s;
        f.label_state = 3;
      } else if ((f.label_state == 1 || f.label_state == 3) && name_after_by(s)) {
        if (f.label_state == 3) f.label_names += (f.label_sep == "," ? ", " : " " + f.label_sep + " ");
        f.label_names += s;
        f.label_state = 2;
      } else {
        if (f.label_state >= 2) f.label_bylines.push_back(std::move(f.label_names));
        f.label_names.clear();
        f.label_state = tx.size() < 20 && byline_label(tx) && leads_its_block(n) ? 1 : 0;
      }
    }
    if (n->type == GUMBO_NODE_TEXT && !f.h1s.empty()) ++f.texts_after_h1;
    if (n->type == GUMBO_NODE_TEXT && f.h1s.empty()) ++f.texts_since_early_date;
    if (n->type == GUMBO_NODE_TEXT && (f.h1s.empty() || f.text_dates.size() < 3)) {
      const std::string_view tx = n->v.text.text;
      if (tx.size() < 80 && has_digit(tx))
        if (const UnixTime t = parse_date(tx); t != 0) {
          if (!f.h1s.empty()) {
            if (f.text_dates.empty()) f.first_text_date_numeric = detail::numeric_day_month(tx);
            f.text_dates.push_back(t);
            f.text_date_pos.push_back(f.texts_after_h1);
          } else {
            f.last_early_date = t;
            f.last_early_date_numeric = detail::numeric_day_month(tx);
            f.texts_since_early_date = 0;
            if (f.early_text_dates.size() < 3) f.early_text_dates.push_back(t);
          }
        }
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboTag t = n->v.element.tag;
      if (t == GUMBO_TAG_HTML && f.html_lang.empty()) f.html_lang = std::string(attr(n, "lang"));
      if (t == GUMBO_TAG_META) {
        const std::string_view content = attr(n, "content");
        for (const char* key : {"property", "name", "itemprop", "http-equiv"}) {
          const std::string k = lower(attr(n, key));
          if (!k.empty() && !content.empty() && !f.meta.count(k)) f.meta[k] = std::string(content);
          if (!content.empty() && k.find("publish") != std::string::npos && k.find("modif") == std::string::npos &&
              k.find("updat") == std::string::npos && f.publish_metas.size() < 4)
            f.publish_metas.emplace_back(content);
        }
        // itemprop="datePublished" with datetime instead of content
        if (lower(attr(n, "itemprop")) == "datepublished" && content.empty() &&
            !attr(n, "datetime").empty() && !f.meta.count("datepublished"))
          f.meta["datepublished"] = std::string(attr(n, "datetime"));
      } else if (t == GUMBO_TAG_SCRIPT) {  // (JSON-LD came from the prefilter)
        continue;
      } else if (t == GUMBO_TAG_STYLE) {
        continue;
      } else if (t == GUMBO_TAG_TITLE) {
        if (f.title_tag.empty()) f.title_tag = node_text(n);
        continue;
      } else if (t == GUMBO_TAG_H1) {
        if (f.h1s.size() < 8) {
          std::vector<std::string> lines = display_lines(n);
          std::string joined;
          for (const auto& l : lines) joined += (joined.empty() ? "" : " ") + l;
          f.h1s.push_back(lines.empty() ? node_text(n) : joined);
          f.h1_lines.push_back(std::move(lines));
        }
      } else if (t == GUMBO_TAG_LINK) {
        const std::string rel = lower(attr(n, "rel"));
        if (rel == "canonical" && f.canonical.empty()) f.canonical = std::string(attr(n, "href"));
      } else if (t == GUMBO_TAG_TIME) {
        const std::string_view dt = attr(n, "datetime");
        if (f.time_datetime.empty() && !dt.empty()) f.time_datetime = std::string(dt);
        if (f.time_datetimes.size() < 4 && !dt.empty()) f.time_datetimes.emplace_back(dt);
        if (f.time_published.empty() && !dt.empty() &&
            (gumbo_get_attribute(&n->v.element.attributes, "pubdate") != nullptr ||
             lower(attr(n, "itemprop")) == "datepublished" ||
             lower(attr(n, "class")).find("publish") != std::string::npos))
          f.time_published = std::string(dt);
      }
      if (t == GUMBO_TAG_A && f.link_bylines.size() < 3 && !f.h1s.empty() && f.texts_after_h1 <= kAuthorLinkTexts &&
          detail::author_href(attr(n, "href"))) {
        std::string name = short_text(n, 200);
        if (name_after_by(name) &&
            std::find(f.link_bylines.begin(), f.link_bylines.end(), name) == f.link_bylines.end())
          f.link_bylines.push_back(std::move(name));
      }
      if ((t == GUMBO_TAG_A || t == GUMBO_TAG_LINK) && lower(attr(n, "rel")) == "author" &&
          f.rel_author.empty() && t == GUMBO_TAG_A)
        f.rel_author = node_text(n);
      if (f.date_texts.size() < 8 && t != GUMBO_TAG_HTML && t != GUMBO_TAG_BODY) {
        auto named = [&](std::string_view word) {
          return icontains(attr(n, "class"), word) || icontains(attr(n, "id"), word) ||
                 icontains(attr(n, "itemprop"), word);
        };
        if (t == GUMBO_TAG_TIME || named("date") || named("publish") || named("posted")) {
          std::string d = short_text(n, 1024);
          if (!d.empty() && d.size() < 120 && text::count_words(d) <= 14) f.date_texts.push_back(std::move(d));
        }
      }
      if (f.bylines.size() < 6) {
        const std::string_view cl = attr(n, "class"), ip = attr(n, "itemprop"), rl = attr(n, "rel");
        auto named = [&](std::string_view word) {
          return icontains(cl, word) || icontains(ip, word) || icontains(rl, word);
        };
        if ((named("byline") || named("author")) && !named("avatar") && !named("bio") && !named("comment") &&
            !named("role")) {
          std::string b = short_text(n, 1024);
          if (!b.empty() && text::count_words(b) <= 10) f.bylines.push_back(std::move(b));
        }
      }
    }
    const GumboVector& kids =
        n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  if (f.label_state >= 2 && f.label_bylines.size() < 3) f.label_bylines.push_back(std::move(f.label_names));
  return f;
}

std::string meta_of(const PageFacts& f, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (auto it = f.meta.find(k); it != f.meta.end() && !it->second.empty()) return it->second;
  return {};
}

bool is_article_type(const json& j) {
  auto type_ok = [](const std::string& t) {
    return t.find("Article") != std::string::npos || t == "BlogPosting" || t == "Report" ||
           t == "ReportageNews" || t == "LiveBlogPosting" || t == "Recipe" || t == "HowTo" ||
           t == "Review";
  };
  const auto it = j.find("@type");
  if (it == j.end()) return false;
  if (it->is_string()) return type_ok(it->get<std::string>());
  if (it->is_array())
    for (const auto& e : *it)
      if (e.is_string() && type_ok(e.get<std::string>())) return true;
  return false;
}

// A string field of the first article-typed JSON-LD object (else of any object).
std::string ld_string(const PageFacts& f, const char* key) {
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& j : f.ld) {
      if (pass == 0 && !is_article_type(j)) continue;
      const auto it = j.find(key);
      if (it != j.end() && it->is_string()) return it->get<std::string>();
    }
  return {};
}

// Names in a JSON-LD author/publisher value: "X", {"name": "X"}, or arrays of these.
std::string ld_names(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    const auto n = v.find("name");
    if (n != v.end() && n->is_string()) return n->get<std::string>();
    return {};
  }
  if (v.is_array()) {
    std::vector<std::string> names;
    for (const auto& e : v)
      if (auto s = ld_names(e); !s.empty() && names.size() < 6) names.push_back(s);
    std::string r;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) r += i + 1 == names.size() ? (names.size() > 2 ? ", and " : " and ") : ", ";
      r += names[i];
    }
    return r;
  }
  return {};
}

std::string ld_object_name(const PageFacts& f, const char* key) {
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& j : f.ld) {
      if (pass == 0 && !is_article_type(j)) continue;
      if (const auto it = j.find(key); it != j.end())
        if (auto s = ld_names(*it); !s.empty()) return s;
    }
  return {};
}

bool looks_like_url(std::string_view s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0 || s.rfind("/", 0) == 0;
}

// Normalized for comparing titles: lower case letters and digits only.
std::string title_key(std::string_view s) {
  std::string r;
  for (const auto& t : text::tokenize(s)) r += t.lower;
  return r;
}

// "Headline | Site", "Headline - Site", "Site: Headline" -> "Headline".
std::string strip_site_suffix(const std::string& title, const std::string& site) {
  static constexpr std::array<std::string_view, 7> kSeps{" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                                         " :: ", " \xC2\xB7 ", " \xE2\x80\xA2 "};
  std::string best = title;
  for (auto sep : kSeps) {
    const std::size_t p = title.rfind(sep);
    if (p == std::string::npos || p == 0) continue;
    const std::string head = title.substr(0, p);
    const std::string tail = title.substr(p + sep.size());
    // the site part is the shorter one (or matches the known site name)
    const bool tail_is_site = (!site.empty() && title_key(tail) == title_key(site)) ||
                              text::count_words(tail) <= 4;
    if (tail_is_site && text::count_words(head) >= 2 && head.size() < best.size()) best = head;
  }
  if (best == title) {  // "Site | Headline"
    for (auto sep : kSeps) {
      const std::size_t p = title.find(sep);
      if (p == std::string::npos) continue;
      if (!site.empty() && title_key(title.substr(0, p)) == title_key(site)) return title.substr(p + sep.size());
    }
  }
  return text::collapse_whitespace(best);
}

// Character references left in a title: JSON-LD is script text, so its "&#038;" or
// "&amp;" were never decoded, and some meta tags are escaped twice ("&amp;#x26;").
std::string decode_entities(const std::string& s) {
  if (s.find('&') == std::string::npos) return s;
  std::string r;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::size_t semi = s[i] == '&' ? s.find(';', i) : std::string::npos;
    if (semi == std::string::npos || semi - i > 10) {
      r += s[i];
      continue;
    }
    const std::string_view name = std::string_view(s).substr(i + 1, semi - i - 1);
    unsigned long cp = 0;
    if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits(name.substr(hex ? 2 : 1));
      if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos) {
        r += s[i];
        continue;
      }
      cp = std::stoul(digits, nullptr, hex ? 16 : 10);
    } else if (name == "amp") {
      cp = '&';
    } else if (name == "quot") {
      cp = '"';
    } else if (name == "apos") {
      cp = '\'';
    } else if (name == "lt") {
      cp = '<';
    } else if (name == "gt") {
      cp = '>';
    } else if (name == "nbsp") {
      cp = ' ';
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      r += s[i];
      continue;
    }
    text::append_utf8(r, static_cast<char32_t>(cp));
    i = semi;
  }
  return r;
}

// A displayed headline up to a " | ": what follows a pipe in an <h1> is a kicker, a
// section or the site ("How meditation rewires brains | Opinion"), not the headline.
// The site's own name after a dash ends it too ("Best UK Art Exhibitions – Artlyst").
std::string headline_of(const std::string& h1, const std::string& site) {
  const std::size_t p = h1.find(" | ");
  if (p != std::string::npos && text::count_words(h1.substr(0, p)) >= 3) return h1.substr(0, p);
  if (!site.empty())
    for (std::string_view sep : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "}) {
      const std::size_t d = h1.rfind(sep);
      if (d != std::string::npos && d > 0 && title_key(h1.substr(d + sep.size())) == title_key(site)) return h1.substr(0, d);
    }
  return h1;
}

std::size_t capitals(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
}

// No lower-case ASCII letter and at least two capitals ("TIPS FOR ONLINE SUCCESS").
bool all_caps(std::string_view s) {
  return capitals(s) >= 2 && std::none_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// How much a title follows headline capitalisation: +1 for each capitalised major
// word, -1 for each capitalised minor word (articles, short conjunctions and
// prepositions) after the first word.
int headline_style(std::string_view s) {
  static constexpr std::array<std::string_view, 14> kMinor{"a",  "an", "the", "and", "or", "but", "nor",
                                                           "of", "in", "on", "at", "to",  "for", "by"};
  int score = 0;
  bool first = true;
  for (const auto& t : text::tokenize(s)) {
    const char c = s[t.begin];
    if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) {
      first = false;
      continue;
    }
    const bool minor = std::find(kMinor.begin(), kMinor.end(), t.lower) != kMinor.end();
    const bool cap = c >= 'A' && c <= 'Z';
    if (cap) score += (minor && !first) ? -1 : 1;
    first = false;
  }
  return score;
}

// True when s is only "(domain.tld)" groups, digits, spaces and ASCII punctuation, with
// at least one such group: a link's source and a count, not words of a headline.
bool only_source_and_count(std::string_view s) {
  bool domain = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '(') {
      const std::size_t close = s.find(')', i);
      if (close == std::string_view::npos) return false;
      // a host name: ASCII letters, digits, dots and hyphens, ending in a dot and a
      // top-level domain of two or more letters ("latimes.com"; not "U.S." or "v3.12")
      const std::string_view in = s.substr(i + 1, close - i - 1);
      const std::size_t dot = in.rfind('.');
      if (dot == std::string_view::npos || dot == 0 || in.size() - dot - 1 < 2 ||
          !std::all_of(in.begin(), in.end(), [](char d) { return detail::ascii_alnum(d) || d == '.' || d == '-'; }) ||
          !std::all_of(in.begin() + static_cast<std::ptrdiff_t>(dot) + 1, in.end(),
                       [](char d) { return (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z'); }))
        return false;
      domain = true;
      i = close;
    } else if (static_cast<unsigned char>(c) >= 0x80 || (detail::ascii_alnum(c) && !(c >= '0' && c <= '9'))) {
      return false;  // letters (of any script): words, not a count
    }
  }
  return domain;
}

// True when h equals m with each '?' before h's last character standing for one to
// three code points of m: a title whose non-ASCII characters a wrong encoding turned
// into '?'. In `strict` mode each such stretch of m must hold a non-ASCII character.
// Titles are short; the table is (|h|+1) x (|m|+1).
bool lost_characters_match(std::string_view h, std::string_view m, bool strict) {
  std::vector<std::vector<char>> ok(h.size() + 1, std::vector<char>(m.size() + 1, 0));
  ok[0][0] = 1;
  for (std::size_t i = 1; i <= h.size(); ++i)
    for (std::size_t j = 1; j <= m.size(); ++j) {
      if (h[i - 1] == '?' && i < h.size()) {
        // m[j - k, j) for the k that span one to three whole code points
        std::size_t points = 0;
        bool non_ascii = false;
        for (std::size_t k = 1; k <= j && points < 3; ++k) {
          const unsigned char c = static_cast<unsigned char>(m[j - k]);
          non_ascii = non_ascii || c >= 0x80;
          if ((c & 0xC0) == 0x80) continue;  // continuation byte
          ++points;
          if (!strict || non_ascii) ok[i][j] = ok[i][j] || ok[i - 1][j - k];
        }
      }
      if (h[i - 1] == m[j - 1]) ok[i][j] = ok[i][j] || ok[i - 1][j - 1];
    }
  return ok[h.size()][m.size()] != 0;
}

// An <h1> whose '?'s stand where the declared title m has other characters: the '?'s
// hide non-ASCII characters of m, or there are two or more of them inside the <h1>
// ("Event Planning? Beginner? Guide" for "Event Planning: Beginner's Guide", copied from
// a page that printed other characters). One '?' standing for ASCII is a real question
// mark ("Is remote work over? What the data says" keeps its '?').
bool matches_with_lost_characters(std::string_view h, std::string_view m) {
  if (h.size() > 400 || m.size() > 400 || h.empty()) return false;
  const auto inner = static_cast<std::size_t>(std::count(h.begin(), h.end() - 1, '?'));
  if (inner == 0) return false;
  return lost_characters_match(h, m, true) || (inner >= 2 && lost_characters_match(h, m, false));
}

std::string choose_title(const PageFacts& f, const std::string& site) {
  const std::string og = text::collapse_whitespace(decode_entities(meta_of(f, {"og:title", "twitter:title"})));
  const std::string ld = text::collapse_whitespace(decode_entities(ld_string(f, "headline")));
  const std::string tag = f.title_tag;
  // The declared titles without a site's name: og:title, the JSON-LD headline, <title>.
  const std::string ogs = strip_site_suffix(og, site), tags = strip_site_suffix(tag, site);
  const std::array<const std::string*, 3> declared{&ogs, &ld, &tags};
  // An <h1> that agrees with the page's declared titles is the displayed headline.
  const std::string keys[] = {title_key(og), title_key(ld), title_key(tag), title_key(ogs), title_key(tags)};
  // The blog's name heads its <title> ("RogerBW's Blog: Advent of Code, week 2"): an
  // <h1> with that name is the site's banner, not the headline.
  std::string title_head_key;
  if (const std::size_t colon = tag.find(": "); colon != std::string::npos && colon + 2 < tag.size())
    title_head_key = title_key(tag.substr(0, colon));
  for (std::size_t hi = 0; hi < f.h1s.size(); ++hi) {
    const std::string& h = f.h1s[hi];
    const std::string hk = title_key(h);
    if (!hk.empty() && hk.size() < 8)  // a short headline ("Coffee") agrees when a title is it plus a site suffix
      for (const std::string* m : {&og, &tag})
        for (std::string_view sep : {" - ", " | ", " \xE2\x80\x93 ", " \xE2\x80\x94 "})
          if (m->size() > h.size() + sep.size() && m->compare(0, h.size(), h) == 0 &&
              m->compare(h.size(), sep.size(), sep) == 0)
            return h;
    if (hk.size() < 8 || hk == title_head_key) continue;
    for (const auto& k : keys)
      if (!k.empty() && (k == hk || k.rfind(hk, 0) == 0)) {
        // A headline set on two lines ("What Tutoring is not.<br>Defining a good
        // tutor"): the declared title with the same words writes the break out.
        if (!f.h1_lines[hi].empty())
          for (const std::string* m : {&ogs, &ld, &tags, &og, &tag})
            if (title_key(*m) == hk) return *m;
        // Characters lost to a wrong encoding print as '?' ("Event Planning? Beginner?
        // Guide" for "Event Planning: Beginner's Guide"): the declared title is intact.
        for (const std::string* m : declared)
          if (*m != h && matches_with_lost_characters(h, *m)) return *m;
        // The same words as a declared title (or as its start) in other case: the
        // variant in headline capitalisation wins ("TIPS FOR ONLINE SUCCESS", "history
        // of coffee" and "How to install solar panels" give way to the declared
        // "Tips for Online Success", "History of coffee", "How to Install Solar Panels";
        // "Review And Approval" gives way to the <h1>'s "Review and Approval").
        const std::string hl = lower(h);
        for (const std::string* m : {&og, &ld, &ogs, &tags}) {
          if (m->size() < h.size() || *m == h) continue;
          if (m->size() > h.size() && (*m)[h.size()] != ' ') continue;
          const std::string same = m->substr(0, h.size());
          if (lower(same) != hl) continue;
          if (!all_caps(same) && (all_caps(h) || headline_style(same) > headline_style(h))) return same;
        }
        return headline_of(h, site);
      }
  }
  // Otherwise the first substantial <h1> that is not the site's name: pages show
  // their headline there even when their meta titles are SEO variants.
  // It must share most of its words with the meta titles (when there are any), or it
  // is a menu/banner heading ("Open Menu Close Menu").
  const std::string site_key = title_key(site);
  std::unordered_set<std::string> meta_words;
  for (const std::string* m : {&og, &ld, &tag})
    for (const auto& t : text::tokenize(*m)) meta_words.insert(t.lower);
  for (std::size_t hi = 0; hi < f.h1s.size(); ++hi) {
    const std::string& h = f.h1s[hi];
    if (text::count_words(h) < 3 || text::count_words(h) > 40 || title_key(h) == site_key) continue;
    if (!title_head_key.empty() && title_key(h) == title_head_key) continue;
    const auto toks = text::tokenize(h);
    std::size_t shared = 0;
    for (const auto& t : toks) shared += meta_words.count(t.lower);
    if (meta_words.empty() || 10 * shared >= 3 * toks.size()) {
      // An <h1> set as several lines (kicker, headline, subtitle) is a composition,
      // not a title string: a line that is the declared title is the headline ("Get
      // that tech stack" / "Klatch Coffee"), and a declared title sharing half the
      // content words of a first line of three or more words, with half of its own
      // content words in the <h1>, is how the page names it.
      if (const auto& lines = f.h1_lines[hi]; !lines.empty()) {
        for (const std::string* m : declared)
          for (const auto& l : lines)
            if (!m->empty() && title_key(*m) == title_key(l)) return l;
        // (Content words only: four letters or more, or a number; "what", "to" and "a"
        // are shared by unrelated titles.)
        const auto content = [](std::string_view s) {
          std::vector<std::string> w;
          for (const auto& t : text::tokenize(s))
            if (t.lower.size() >= 4 || std::any_of(t.lower.begin(), t.lower.end(), [](char c) { return c >= '0' && c <= '9'; }))
              w.push_back(t.lower);
          return w;
        };
        const auto first = content(lines.front());
        if (text::count_words(lines.front()) >= 3 && !first.empty()) {
          const auto hw = content(h);
          const std::unordered_set<std::string> h_words(hw.begin(), hw.end());
          for (const std::string* mp : declared) {
            const std::string& m = *mp;
            const auto mw = content(m);
            const std::unordered_set<std::string> m_words(mw.begin(), mw.end());
            std::size_t m_in_h = 0, first_in_m = 0;
            for (const auto& w : mw) m_in_h += h_words.count(w);
            for (const auto& w : first) first_in_m += m_words.count(w);
            if (!mw.empty() && 2 * first_in_m >= first.size() && 2 * m_in_h >= mw.size()) return m;
          }
        }
      }
      // An all-caps <h1> is a display style (CSS-less capitalisation): a declared title
      // with nearly the same words is how the page writes its headline.
      // (Both ways: 80% of each one's words are in the other, and it has three or more.)
      if (all_caps(h) && 10 * shared >= 8 * toks.size()) {
        std::unordered_set<std::string> h_words;
        for (const auto& t : toks) h_words.insert(t.lower);
        for (const std::string* mp : declared) {
          const std::string& m = *mp;
          const auto mt = text::tokenize(m);
          if (mt.size() < 3 || all_caps(m)) continue;
          std::unordered_set<std::string> m_words;
          for (const auto& t : mt) m_words.insert(t.lower);
          std::size_t m_in_h = 0, h_in_m = 0;
          for (const auto& t : mt) m_in_h += h_words.count(t.lower);
          for (const auto& t : toks) h_in_m += m_words.count(t.lower);
          if (10 * m_in_h >= 8 * mt.size() && 10 * h_in_m >= 8 * toks.size()) return m;
        }
      }
      // A kicker before the declared title ("Blog: ...", "Dec 18 2025 ..."): the title.
      for (const std::string* mp : declared) {
        const std::string& m = *mp;
        if (m.size() < 8 || h.size() <= m.size() + 1 || h.compare(h.size() - m.size(), m.size(), m) != 0) continue;
        const std::string kicker = text::collapse_whitespace(h.substr(0, h.size() - m.size()));
        if (!kicker.empty() && (kicker.back() == ':' || parse_date(kicker) != 0)) return m;
      }
      for (const std::string* mp : declared) {
        const std::string& m = *mp;
        // What follows the declared title is an aggregator's furniture: the source's
        // domain and a comment count ("... No Longer Guarantee Jobs (latimes.com) 87").
        if (m.size() >= 8 && h.size() > m.size() && h.compare(0, m.size(), m) == 0 && h[m.size()] == ' ' &&
            only_source_and_count(std::string_view(h).substr(m.size())))
          return m;
        if (m != h && matches_with_lost_characters(h, m)) return m;  // (as above)
      }
      return headline_of(h, site);
    }
  }
  if (!og.empty()) return ogs;
  if (!ld.empty()) return ld;
  if (!tag.empty()) return tags;
  for (const auto& h : f.h1s)
    if (!h.empty()) return h;
  return {};
}

// Fullwidth ASCII forms (U+FF01..U+FF5E, "Work？") in a title otherwise written in
// Latin script (and general punctuation) are an input-method slip: their ASCII
// characters. Titles with other characters beyond U+02FF (CJK, ...) keep them.
std::string fold_fullwidth_in_latin(const std::string& s) {
  bool fullwidth = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) continue;
    if (c == 0xEF && i + 2 < s.size()) {  // U+FF01..U+FF5E: EF BC 81..EF BD 9E
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
      if ((c1 == 0xBC && c2 >= 0x81) || (c1 == 0xBD && c2 <= 0x9E)) {
        fullwidth = true;
        i += 2;
        continue;
      }
    }
    if (c == 0xE2 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xFE) == 0x80) {
      i += 2;  // general punctuation (U+2000..U+207F): quotes, dashes
      continue;
    }
    if (c >= 0xCC) return s;  // U+0300 or above: not only Latin
  }
  if (!fullwidth) return s;
  std::string r;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF && i + 2 < s.size()) {
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
      const unsigned cp = 0xF000u + ((c1 & 0x3Fu) << 6) + (c2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        r += static_cast<char>(cp - 0xFF01 + 0x21);
        i += 2;
        continue;
      }
    }
    r += s[i];
  }
  return r;
}

// /2025/02/11/, /2025-02-11/ or /2025/february/11/ in a URL.
UnixTime date_from_url(std::string_view url) {
  for (std::size_t i = 0; i + 10 <= url.size(); ++i) {
    if (url[i] != '/') continue;
    const std::string_view s = url.substr(i + 1);
    if (s.size() < 10 || !std::isdigit(static_cast<unsigned char>(s[0]))) continue;
    // /YYYY/monthname/DD/
    if (s[4] == '/' && std::all_of(s.begin(), s.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
      const std::size_t m_end = s.find('/', 5);
      if (m_end != std::string_view::npos && m_end - 5 >= 3 && m_end - 5 <= 9) {
        const std::string_view month = s.substr(5, m_end - 5);
        std::size_t d_end = m_end + 1;
        while (d_end < s.size() && d_end - m_end <= 3 && std::isdigit(static_cast<unsigned char>(s[d_end]))) ++d_end;
        const bool letters = std::all_of(month.begin(), month.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        });
        if (letters && d_end > m_end + 1 && d_end - m_end <= 3 && d_end < s.size() && s[d_end] == '/')
          if (const UnixTime t = parse_date(std::string(s.substr(m_end + 1, d_end - m_end - 1)) + " " +
                                            std::string(month) + " " + std::string(s.substr(0, 4)));
              t != 0)
            return t;
      }
    }
    const char sep = s[4];
    if ((sep != '/' && sep != '-') || s[7] != sep) continue;
    bool ok = true;
    for (int k : {0, 1, 2, 3, 5, 6, 8, 9}) ok = ok && std::isdigit(static_cast<unsigned char>(s[k]));
    if (!ok || (s.size() > 10 && std::isdigit(static_cast<unsigned char>(s[10])))) continue;
    if (const UnixTime t = parse_date(std::string(s.substr(0, 4)) + "-" + std::string(s.substr(5, 2)) +
                                      "-" + std::string(s.substr(8, 2)));
        t != 0)
      return t;
  }
  return 0;
}


// Days since 1970-01-01 of a date on its own clock.
std::int64_t day_of(const Dated& d) {
  const std::int64_t s = d.t + d.offset;
  return s >= 0 ? s / 86400 : (s - 86399) / 86400;
}

// The day a date would fall on with its day and month swapped (a numeric date read in
// the other order); -1 when that is no other valid date (day over 12, or day = month).
std::int64_t swapped_day(const Dated& d) {
  int y = 0;
  unsigned m = 0, day = 0;
  civil_from_days(day_of(d), y, m, day);
  if (day > 12 || day == m) return -1;
  return days_from_civil(y, day, m);
}

// How far from the <h1> a byline date may be, in text nodes.
constexpr std::size_t kBylineTexts = 15;

// The date printed in the byline: in the first text nodes after the <h1>, else just
// above it (a dateline over the headline). 0 when none.
UnixTime byline_date(const PageFacts& f, bool* numeric = nullptr) {
  if (numeric != nullptr) *numeric = false;
  if (!f.text_dates.empty() && f.text_date_pos.front() <= kBylineTexts) {
    if (numeric != nullptr) *numeric = f.first_text_date_numeric;
    return f.text_dates.front();
  }
  if (f.last_early_date != 0 && !f.h1s.empty() && f.texts_since_early_date <= kBylineTexts) {
    if (numeric != nullptr) *numeric = f.last_early_date_numeric;
    return f.last_early_date;
  }
  return 0;
}

// Publication date: a true instant (UTC seconds) and the UTC offset the page stated
// with it, most explicit source first. Sources: meta tags, JSON-LD, <time datetime>,
// dates printed in date-ish elements, the URL, and last the modification date.
Dated choose_date(const PageFacts& f, std::string_view url) {
  auto first_parsed = [](std::initializer_list<std::string> candidates) -> Dated {
    for (const std::string& s : candidates)
      if (!s.empty())
        if (const Dated d = parse_dated(s); d.t != 0) return d;
    return {};
  };
  Dated declared = first_parsed(
      {meta_of(f, {"article:published_time", "og:published_time", "datepublished", "article.published",
                   "publishdate", "pubdate", "publish-date", "parsely-pub-date", "sailthru.date",
                   "dc.date.issued", "dc.date", "dcterms.created", "date", "article:published"})});
  for (const std::string& s : f.publish_metas)
    if (declared.t == 0) declared = parse_dated(s);
  const bool from_meta = declared.t != 0;
  if (declared.t == 0)
    declared = first_parsed({ld_string(f, "datePublished"), f.time_published, f.time_datetime, ld_string(f, "dateCreated")});
  const Dated modified = first_parsed({meta_of(f, {"article:modified_time", "og:updated_time", "datemodified"}),
                                       ld_string(f, "dateModified")});
  // A page dated only by JSON-LD (or microdata) that prints another date in its byline,
  // just under the headline, presents itself as of the printed date (typically its
  // update: JSON-LD keeps the date the URL was first made). The meta tags that
  // publishers fill for sharing (article:published_time...) stay first.
  bool byline_numeric = false;  // written with numbers only: day and month may be swapped
  const UnixTime byline = byline_date(f, &byline_numeric);
  if (declared.t != 0 && !from_meta && byline != 0) {
    const Dated shown{byline, 0};
    const std::int64_t shown_day = day_of(shown);
    // "09.10.2024" on a page whose JSON-LD says 2024-09-10 is that date written
    // month-first, not another date.
    if (shown_day != day_of(declared) && !(byline_numeric && swapped_day(shown) == day_of(declared)))
      return modified.t != 0 && day_of(modified) == shown_day ? modified : shown;
  }
  if (declared.t != 0) {
    // Metadata often states the instant in UTC while a <time datetime> states the same
    // instant on the publisher's clock: keep that offset (the publisher's local day).
    if (declared.offset == 0)
      for (const std::string& s : f.time_datetimes)
        if (const Dated d = parse_dated(s); d.t == declared.t && d.offset != 0) {
          declared.offset = d.offset;
          break;
        }
    // A UTC instant whose permalink names the day before or after: the URL was made
    // on the publisher's clock. Keep the smallest whole-hour offset that puts the
    // instant on that day (the publisher's local day; its exact offset is unknown).
    if (declared.offset == 0)
      if (const UnixTime u = date_from_url(url); u != 0) {
        const std::int64_t ud = day_of(Dated{u, 0}), dd = day_of(declared);
        const std::int64_t sec = declared.t - dd * 86400;  // seconds into the UTC day
        if (ud == dd - 1 && sec < 14 * 3600) declared.offset = -static_cast<int>((sec / 3600 + 1) * 3600);
        if (ud == dd + 1 && 86400 - sec <= 14 * 3600) declared.offset = static_cast<int>(((86400 - sec + 3599) / 3600) * 3600);
      }
    return declared;
  }
  // Undeclared: the byline's date first, then the permalink's, then date-ish elements
  // anywhere (which may be a sidebar's or a related article's), other dates near the
  // headline.
  const UnixTime from_url = date_from_url(url);
  if (byline != 0) {
    // "03/10/2023" read month-first when the permalink says /2023/october/03/: the
    // page writes day-first.
    if (from_url != 0 && byline_numeric && swapped_day(Dated{byline, 0}) == day_of(Dated{from_url, 0}))
      return {from_url, 0};
    return {byline, 0};
  }
  if (from_url != 0) return {from_url, 0};
  for (const std::string& s : f.date_texts)
    if (const Dated d = parse_dated(s); d.t != 0) return d;
  if (!f.text_dates.empty()) return {f.text_dates.front(), 0};
  if (f.h1s.empty() && !f.early_text_dates.empty()) return {f.early_text_dates.front(), 0};
  if (f.last_early_date != 0) return {f.last_early_date, 0};  // a dateline above the <h1>
  return modified;
}

// "By Jane Doe", "Written By: Jane Doe" -> "Jane Doe"; empty when what is left doesn't
// look like a name (a bare label, a date, a URL, a sentence).
std::string clean_author(std::string s) {
  if (s.size() > 1000) return {};  // no name list is this long (and the steps below stay cheap)
  s = text::collapse_whitespace(s);
  for (bool again = true; again;) {
    again = false;
    const std::string l = lower(s);
    for (std::string_view p : {"by:", "by ", "written by", "posted by", "article by", "author:", "author ",
                               "words by", "story by", "reviewed by"}) {
      if (l.rfind(p, 0) == 0) {
        s = text::collapse_whitespace(s.substr(p.size()));
        if (!s.empty() && s[0] == ':') s = text::collapse_whitespace(s.substr(1));
        again = true;
        break;
      }
    }
  }
  // "Jane Doe | Author": a name has no pipe.
  if (const std::size_t bar = s.find(" | "); bar != std::string::npos && bar > 0) s = s.substr(0, bar);
  // Separators a template spaced out ("Rose Potter , Betsy Arnold").
  {
    std::string t;
    for (std::size_t k = 0; k < s.size(); ++k)
      if (!(s[k] == ' ' && k + 1 < s.size() && s[k + 1] == ',')) t += s[k];
    s = std::move(t);
  }
  // Leading punctuation left by a template (", USA TODAY").
  while (!s.empty() && (s[0] == ',' || s[0] == ';' || s[0] == '|' || s[0] == '-')) s = text::collapse_whitespace(s.substr(1));
  const std::size_t words = text::count_words(s);
  if (words == 0 || words > 12 || looks_like_url(s) || parse_date(s) != 0) return {};
  if (s.back() == '.' && words > 4) return {};  // a sentence, not a name
  if (s.back() == ':') return {};               // a label ("Jiobal says:", "Author:")
  // A numeric id ("262588213843476"). (Logins like "sara.r.peter" are what some
  // pages name their authors by, so they stay.)
  if (std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
  const std::string l = lower(s);
  if (l == "by" || l == "author" || l == "authors") return {};
  return s;
}


std::string choose_author(const PageFacts& f) {
  std::vector<std::string> candidates{
      ld_object_name(f, "author"),
      meta_of(f, {"author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"}),
      f.rel_author};
  candidates.insert(candidates.end(), f.bylines.begin(), f.bylines.end());
  // Weaker evidence, after the rest: a name after a byline label, a link to an author page.
  candidates.insert(candidates.end(), f.label_bylines.begin(), f.label_bylines.end());
  candidates.insert(candidates.end(), f.link_bylines.begin(), f.link_bylines.end());
  for (const auto& c : candidates)
    if (std::string a = clean_author(decode_entities(c)); !a.empty()) return a;
  return {};
}

}  // namespace

namespace {

// Where to cut a huge (filtered) page into parse windows of about `window` bytes: at the
// end tag of a block element after each multiple of `window` (so that paragraphs stay
// whole), or at the next tag when there is none close by.
std::vector<std::string_view> parse_windows(std::string_view html, std::size_t window) {
  std::vector<std::string_view> out;
  std::size_t begin = 0;
  while (begin < html.size()) {
    if (html.size() - begin <= window + window / 4) {
      out.push_back(html.substr(begin));
      break;
    }
    std::size_t cut = std::string_view::npos;
    const std::size_t limit = std::min(html.size(), begin + window + window / 4);
    for (std::size_t p = html.find("</", begin + window); p != std::string_view::npos && p < limit;
         p = html.find("</", p + 2)) {
      std::size_t k = p + 2, len = 0;
      while (k + len < html.size() && std::isalnum(static_cast<unsigned char>(html[k + len]))) ++len;
      std::string name(html.substr(k, len));
      for (auto& c : name) c = detail::ascii_lower(c);
      if (name == "p" || name == "div" || name == "li" || name == "tr" || name == "section" ||
          name == "article" || name == "ul" || name == "table" || name == "blockquote") {
        const std::size_t gt = html.find('>', p);
        if (gt != std::string_view::npos) cut = gt + 1;
        break;
      }
    }
    if (cut == std::string_view::npos) cut = html.find('<', begin + window);
    if (cut == std::string_view::npos || cut <= begin) cut = html.size();
    out.push_back(html.substr(begin, cut - begin));
    begin = cut;
  }
  return out;
}

}  // namespace

Extracted extract_html(std::string_view html, std::string_view url_hint, const HtmlLimits& limits) {
  Extracted out;
  if (html.size() > limits.max_page_bytes) {
    out.error = "page of " + std::to_string(html.size()) + " bytes is over max_page_bytes (" +
                std::to_string(limits.max_page_bytes) + ")";
    return out;
  }
  // One step at a time, so that no more than two copies of the page are alive at once.
  std::string utf8 = detail::decode_to_utf8(html);
  std::vector<std::string> json_ld;  // (the parser needn't read these)
  utf8 = detail::strip_unparsed(utf8, &json_ld);
  utf8 = detail::limit_nesting(utf8, limits.max_depth, limits.max_attributes);

  // gumbo's tree takes ten times or more the bytes it was parsed from, so a huge page is
  // parsed a window at a time (its metadata from the first window, its text from every
  // window that yields a comparable share of article text): memory stays bounded by the
  // window, not the page.
  const std::vector<std::string_view> windows = parse_windows(utf8, kParseWindow);
  std::vector<std::string> texts;
  std::optional<PageFacts> facts;
  for (const std::string_view part : windows) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // don't record parse errors: we don't read them
    // Pages of ordinary size parse into an arena (a tenth of the time is malloc/free
    // otherwise); bigger parts use malloc, whose frees keep the peak down.
    std::optional<detail::GumboArena> arena;
    if (detail::kGumboArenaEnabled && part.size() <= kArenaMaxInput) {
      arena.emplace(part.size() * 4);
      arena->install(options);
    }
    GumboOutput* parsed = gumbo_parse_with_options(&options, part.data(), part.size());
    if (parsed == nullptr) continue;
    // gumbo copies text and attribute values into the tree, but the original_* views
    // (the spelling of an unknown tag, which detail::tag_name reads) point into `utf8`:
    // the buffer stays alive as long as any tree parsed from it.
    if (!facts) {
      facts = collect_facts(parsed->document, json_ld);
      const PageFacts& f = *facts;
      out.site_name = text::collapse_whitespace(meta_of(f, {"og:site_name", "application-name"}));
      if (out.site_name.empty()) out.site_name = ld_object_name(f, "publisher");
      out.title = fold_fullwidth_in_latin(choose_title(f, out.site_name));
      // The page's address: its canonical link, else og:url (some canonical links hold
      // a title), else where it was read from. Its permalink date comes from the first
      // of them that has one (og:url often names the home page).
      const std::string og_url = meta_of(f, {"og:url"});
      std::string page_url, dated_url;
      for (const std::string* u : {&f.canonical, &og_url}) {
        if (!looks_like_url(*u)) continue;
        if (page_url.empty()) page_url = *u;
        if (dated_url.empty() && date_from_url(*u) != 0) dated_url = *u;
      }
      if (dated_url.empty() && date_from_url(url_hint) != 0) dated_url = std::string(url_hint);
      const Dated published =
          choose_date(f, !dated_url.empty() ? dated_url : !page_url.empty() ? page_url : std::string(url_hint));
      out.published = published.t;
      out.published_offset = published.offset;
      out.author = choose_author(f);
      std::string lang = !f.html_lang.empty() ? f.html_lang : meta_of(f, {"content-language", "og:locale", "language"});
      lang = text::collapse_whitespace(lang);
      std::replace(lang.begin(), lang.end(), '_', '-');
      if (const auto comma = lang.find(','); comma != std::string::npos) lang.resize(comma);
      out.language = lang;
      out.url = !page_url.empty() ? page_url : std::string(url_hint);
    }
    texts.push_back(detail::extract_main_content(parsed->root, out.title));
    if (!arena) gumbo_destroy_output(&options, parsed);  // (an arena frees it all at once)
  }
  if (!facts) return out;
  if (texts.size() == 1) {
    out.text = std::move(texts[0]);
  } else {
    std::vector<std::size_t> words;
    for (const auto& t : texts) words.push_back(text::count_words(t));
    const std::size_t most = *std::max_element(words.begin(), words.end());
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (texts[i].empty() || words[i] * 4 < most) continue;
      if (!out.text.empty()) out.text += '\n';
      out.text += texts[i];
    }
  }
  // Pages whose body is rendered by script often carry it in JSON-LD.
  const std::string ld_body = ld_string(*facts, "articleBody");
  if (!ld_body.empty() && text::count_words(out.text) < 50 && text::count_words(ld_body) > 2 * text::count_words(out.text))
    out.text = text::collapse_whitespace(ld_body);
  // No declared language: the text says which.
  if (out.language.empty()) out.language = text::detect_language(out.title + "\n" + out.text);
  // Everything leaving here is valid UTF-8 (gumbo keeps it valid; belt and braces).
  for (std::string* field : {&out.text, &out.title, &out.author})
    if (!text::is_valid_utf8(*field)) *field = text::to_valid_utf8(*field);
  return out;
}

}  // namespace storyline::extract
