// content.cpp: readability-style main-content extraction over a gumbo tree.
//
//  1. Measure every element (iterative post-order): text and link-text characters.
//  2. Walk the body, skipping junk subtrees (script/style/nav/footer/aside/header/
//     forms controls, hidden nodes, class/id naming comments, sharing, related links,
//     promos, newsletters, cookie banners, sidebars, menus, ads), and cut the text into
//     segments, one per block element run (p, h2, li, blockquote, a div's own text...).
//  3. Score each segment (1 + commas + length bonus) into its block's ancestors, weigh
//     candidates by tag and class, discount by link density, pick the best container
//     (climbing to a parent that scores comparably). Cross-check it with the container
//     holding the most paragraph text net of other text (page builders cut articles
//     into many deep cells), climb while the parent only adds paragraph text, and add
//     siblings that score well.
//  4. Emit the segments inside the chosen containers, one per line, dropping link
//     lists and the headline. When that yields almost nothing, run again ignoring
//     class names of text-bearing containers.
// Every tree walk is iterative: deep nesting cannot overflow the stack.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extract/internal.h"
#include "text/text.h"

namespace storyline::extract::detail {
namespace {

struct Stats {
  std::size_t chars = 0;       // non-space text characters in the subtree
  std::size_t link_chars = 0;  // of which inside <a>
  std::size_t para_chars = 0;  // of which inside <p> and not inside <a>
  double link_density() const { return chars == 0 ? 0.0 : static_cast<double>(link_chars) / chars; }
};

struct Segment {
  const GumboNode* owner = nullptr;  // nearest block element
  std::string text;
  std::size_t chars = 0, link_chars = 0;
};

const GumboVector* children_of(const GumboNode* n) {
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) return &n->v.element.children;
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  return nullptr;
}

bool is_text(const GumboNode* n) {
  return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA;
}

std::size_t count_nonspace(const char* s) {
  std::size_t c = 0;
  for (; *s; ++s) {  // (what std::isspace calls space in the C locale, without a call per byte)
    const char ch = *s;
    c += !(ch == ' ' || (ch >= '\t' && ch <= '\r'));
  }
  return c;
}

// Template filler never meant to be read ("Lorem ipsum dolor sit amet...").
bool is_placeholder(std::string_view para) {
  constexpr std::string_view kLorem = "lorem ipsum";
  if (para.size() < kLorem.size()) return false;
  for (std::size_t i = 0; i < kLorem.size(); ++i)
    if ((para[i] >= 'A' && para[i] <= 'Z' ? para[i] + ('a' - 'A') : para[i]) != kLorem[i]) return false;
  return true;
}

// A block of the article said twice is one copy too many: responsive layouts repeat
// it for another screen size. Drops runs of three or more long paragraphs (60+ bytes,
// 10+ words) that already appeared, with the short lines between them; a single
// repeated paragraph (a refrain, a row of a plan) stays.
void drop_repeated_blocks(std::vector<std::string_view>& paras) {
  constexpr std::size_t kRun = 3;
  std::unordered_set<std::string_view> seen;
  std::vector<char> repeat(paras.size(), 0);
  bool any = false;
  for (std::size_t i = 0; i < paras.size(); ++i) {
    if (paras[i].size() < 60 || seen.insert(paras[i]).second) continue;
    repeat[i] = text::count_words(paras[i]) >= 10;  // counted for repeats only (rare)
    any = any || repeat[i];
  }
  if (!any) return;
  std::vector<std::string_view> kept;
  kept.reserve(paras.size());
  for (std::size_t i = 0; i < paras.size();) {
    if (!repeat[i]) {
      kept.push_back(paras[i++]);
      continue;
    }
    std::size_t j = i, repeats = 0;
    while (j < paras.size() && (repeat[j] || (paras[j].size() < 60 && j + 1 < paras.size() && repeat[j + 1]))) {
      repeats += repeat[j];
      ++j;
    }
    if (repeats < kRun) kept.insert(kept.end(), paras.begin() + static_cast<std::ptrdiff_t>(i), paras.begin() + static_cast<std::ptrdiff_t>(j));
    i = j;
  }
  paras.swap(kept);
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = ascii_lower(c);
  return r;
}

// text::count_words(s) < n, without counting the whole of a long text.
bool fewer_words(std::string_view s, std::size_t n) {
  const std::size_t cut = s.find_first_of(" \n", 40 * n);
  if (cut != std::string_view::npos && text::count_words(s.substr(0, cut)) >= n) return false;
  return text::count_words(s) < n;
}

bool contains_any(const std::string& s, std::initializer_list<std::string_view> words) {
  // Class and id strings are checked against dozens of words each: first a 512-bit set
  // of the string's hashed character pairs rules out most words without a search.
  std::uint64_t pairs[8] = {};
  auto pair_bit = [](char a, char b) {
    return (static_cast<unsigned>(static_cast<unsigned char>(a)) * 31u + static_cast<unsigned char>(b)) & 511u;
  };
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const unsigned bit = pair_bit(s[i], s[i + 1]);
    pairs[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }
  for (auto w : words) {
    if (w.size() > s.size()) continue;
    if (w.size() >= 2) {
      const unsigned bit = pair_bit(w[0], w[1]);
      if ((pairs[bit >> 6] >> (bit & 63) & 1) == 0) continue;
    }
    if (s.find(w) != std::string::npos) return true;
  }
  return false;
}

// Whole tokens of a class/id string (split on anything not a letter or digit).
bool has_token(const std::string& s, std::initializer_list<std::string_view> words) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !ascii_alnum(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && ascii_alnum(s[j])) ++j;
    const std::string_view tok(s.data() + i, j - i);
    for (auto w : words)
      if (tok == w) return true;
    i = j;
  }
  return false;
}

std::string class_and_id(const GumboNode* n) {
  if (attr(n, "class").empty() && attr(n, "id").empty()) return " ";
  return lower(std::string(attr(n, "class")) + " " + std::string(attr(n, "id")));
}

// Class/id words that mark a node as never article text.
bool strong_junk_class(const std::string& ci) {
  return contains_any(ci, {"comment", "share", "sharing", "social", "newsletter", "cookie", "promo",
                           "related", "advert", "breadcrumb", "subscribe", "outbrain",
                           "taboola", "popup", "gdpr", "disqus", "recirc", "consent", "signup",
                           "sign-up", "most-popular", "mostpopular", "trending", "more-stories",
                           "author-bio", "paywall", "skip-link", "caption", "credit", "gallery",
                           "carousel", "slideshow", "overlay", "lightbox", "byline", "timestamp",
                           "dateline", "modal"}) ||
         has_token(ci, {"nav", "ad", "ads", "tags", "toolbar", "menu", "print", "footer", "hidden",
                        "hide", "date", "meta"});
}

// Readability's "unlikely candidates" (kept when the name also says content).
bool weak_junk_class(const std::string& ci) {
  if (!contains_any(ci, {"-ad-", "banner", "combx", "community", "cover-wrap", "extra", "footer",
                         "header", "legends", "menu", "remark", "replies", "rss", "shoutbox",
                         "skyscraper", "sponsor", "supplemental", "ad-break", "agegate",
                         "pagination", "pager", "navbar", "navigation", "masthead",
                         "sidebar"}))
    return false;
  return !contains_any(ci, {"article", "body", "column", "content", "main", "shadow", "story", "post"});
}

int class_weight(const GumboNode* n) {
  const std::string ci = class_and_id(n);
  int w = 0;
  if (contains_any(ci, {"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
                        "post", "text", "blog", "story"}))
    w += 25;
  if (contains_any(ci, {"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot",
                        "masthead", "media", "meta", "outbrain", "promo", "related", "scroll",
                        "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping",
                        "tags", "tool", "widget", "caption", "byline", "author"}))
    w -= 25;
  return w;
}

bool is_hidden(const GumboNode* n) {
  if (gumbo_get_attribute(&n->v.element.attributes, "hidden") != nullptr) return true;
  if (const std::string_view ah = attr(n, "aria-hidden"); !ah.empty() && lower(ah) == "true") return true;
  const std::string_view raw_style = attr(n, "style");
  if (raw_style.empty()) return false;
  std::string style = lower(raw_style);
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return contains_any(style, {"display:none", "visibility:hidden"});
}

// Elements that start a new line of text.
bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_BODY: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_HR: case GUMBO_TAG_BR: case GUMBO_TAG_HGROUP: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
      return true;
    default:
      return false;
  }
}

// When a node that looks like junk (by name, hidden-ness) is kept anyway: it holds
// more than `chars` characters with few links, or more than `para` characters of
// paragraph text. Names mislead ("content-with-sidebar-wrp", "hextra-..."), and
// streaming renderers park the whole article in a hidden <div> until script runs.
struct Limits {
  std::size_t chars = 0;
  std::size_t para = 0;
};

bool exempt(const GumboNode* n, const std::unordered_map<const GumboNode*, Stats>& stats, const Limits& lim) {
  const auto it = stats.find(n);
  if (it == stats.end()) return false;
  return (it->second.chars > lim.chars && it->second.link_density() < 0.3) || it->second.para_chars > lim.para;
}

// A <table>, <blockquote> or <pre> within two levels (WordPress wraps tables in <figure>).
bool wraps_text_block(const GumboNode* n) {
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    const auto* c = static_cast<const GumboNode*>(kids.data[i]);
    if (c->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag t = c->v.element.tag;
    if (t == GUMBO_TAG_TABLE || t == GUMBO_TAG_BLOCKQUOTE || t == GUMBO_TAG_PRE) return true;
    const GumboVector& grand = c->v.element.children;
    for (unsigned j = 0; j < grand.length; ++j) {
      const auto* g = static_cast<const GumboNode*>(grand.data[j]);
      if (g->type == GUMBO_NODE_ELEMENT &&
          (g->v.element.tag == GUMBO_TAG_TABLE || g->v.element.tag == GUMBO_TAG_BLOCKQUOTE ||
           g->v.element.tag == GUMBO_TAG_PRE))
        return true;
    }
  }
  return false;
}

// Elements whose subtree is never article text.
bool is_junk(const GumboNode* n, const std::unordered_map<const GumboNode*, Stats>& stats,
             const Limits& lim) {
  switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_MENU: case GUMBO_TAG_LABEL:
      return true;
    case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_MAIN:
      return false;
    case GUMBO_TAG_FIGURE:  // images and captions, unless it wraps a table, quote or listing
      return !wraps_text_block(n);
    case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
      // page furniture, unless (misused markup) it wraps most of the article
      return lim.para == 0 || !exempt(n, stats, lim);
    case GUMBO_TAG_HEADER: {  // page/article headers, unless used as a section of the text
      const auto it = stats.find(n);
      return (it == stats.end() || it->second.chars < 600 || it->second.link_density() > 0.3) &&
             (lim.para == 0 || !exempt(n, stats, lim));
    }
    default:
      break;
  }
  // React's streaming renderer parks content in <div hidden id="S:n"> until script
  // moves it into place: that is page text.
  if (is_hidden(n)) return attr(n, "id").substr(0, 2) != "S:" && !exempt(n, stats, lim);
  const std::string ci = class_and_id(n);
  if (ci.size() <= 1) return false;
  const std::string role = lower(attr(n, "role"));
  if (role == "navigation" || role == "complementary" || role == "contentinfo" || role == "banner" ||
      role == "dialog" || role == "menu")
    return true;
  if (n->v.element.tag == GUMBO_TAG_ARTICLE) return false;
  // Inside code listings class names describe highlighting ("hljs-comment").
  if (!is_block(n->v.element.tag)) {
    const GumboNode* a = n->parent;
    for (int k = 0; k < 4 && a != nullptr && a->type == GUMBO_NODE_ELEMENT; ++k, a = a->parent)
      if (a->v.element.tag == GUMBO_TAG_PRE || a->v.element.tag == GUMBO_TAG_CODE) return false;
  }
  if (strong_junk_class(ci) || weak_junk_class(ci)) {
    // A misnamed wrapper holding a large share of the page's text is not junk;
    // the scorer decides about it.
    return contains_any(ci, {"comment"}) || !exempt(n, stats, lim);
  }
  return false;
}

// Subtree text statistics for every element (iterative post-order).
std::unordered_map<const GumboNode*, Stats> measure(const GumboNode* root) {
  std::unordered_map<const GumboNode*, Stats> stats;
  struct Frame {
    const GumboNode* node;
    unsigned next;
    bool in_link;
    bool in_p;
  };
  std::vector<Frame> stack{{root, 0, false, false}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector* kids = children_of(f.node);
    if (kids != nullptr && f.next < kids->length) {
      const auto* c = static_cast<const GumboNode*>(kids->data[f.next++]);
      const bool link = f.in_link || (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_A);
      if (is_text(c)) {
        const std::size_t k = count_nonspace(c->v.text.text);
        Stats& s = stats[f.node];
        s.chars += k;
        if (f.in_link) s.link_chars += k;
        else if (f.in_p) s.para_chars += k;
      } else if (c->type == GUMBO_NODE_ELEMENT) {
        const GumboTag t = c->v.element.tag;
        if (t != GUMBO_TAG_SCRIPT && t != GUMBO_TAG_STYLE && t != GUMBO_TAG_NOSCRIPT)
          stack.push_back({c, 0, link, f.in_p || t == GUMBO_TAG_P});
      }
      continue;
    }
    const Stats done = stats[f.node];
    const GumboNode* parent = f.node->parent;
    stack.pop_back();
    if (parent != nullptr && !stack.empty()) {
      Stats& p = stats[parent];
      p.chars += done.chars;
      p.link_chars += done.link_chars;
      p.para_chars += done.para_chars;
    }
  }
  return stats;
}

// Cuts the (non-junk) body into text segments.
std::vector<Segment> segment(const GumboNode* body,
                             const std::unordered_map<const GumboNode*, Stats>& stats, const Limits& lim) {
  std::vector<Segment> out;
  std::vector<const GumboNode*> blocks{body};
  std::string buf;
  std::size_t chars = 0, link_chars = 0;
  int link_depth = 0;
  auto flush = [&] {
    if (chars > 0) {
      std::string t = text::collapse_whitespace(buf);
      if (!t.empty()) out.push_back({blocks.back(), std::move(t), chars, link_chars});
    }
    buf.clear();
    chars = link_chars = 0;
  };
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> stack{{body, 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector* kids = children_of(f.node);
    if (kids != nullptr && f.next < kids->length) {
      const auto* c = static_cast<const GumboNode*>(kids->data[f.next++]);
      if (is_text(c)) {
        buf += c->v.text.text;
        const std::size_t k = count_nonspace(c->v.text.text);
        chars += k;
        if (link_depth > 0) link_chars += k;
        continue;
      }
      if (c->type != GUMBO_NODE_ELEMENT) continue;
      if (is_junk(c, stats, lim)) {
        buf += ' ';
        continue;
      }
      const GumboTag t = c->v.element.tag;
      if (t == GUMBO_TAG_BR || t == GUMBO_TAG_HR) {
        flush();
        continue;
      }
      if (t == GUMBO_TAG_IMG) continue;
      if (is_block(t)) {
        flush();
        blocks.push_back(c);
      } else if (t == GUMBO_TAG_A) {
        ++link_depth;
      } else {
        // inline elements that browsers render with a space around them
        if (t == GUMBO_TAG_TD || t == GUMBO_TAG_SPAN) buf += ' ';
      }
      stack.push_back({c, 0});
      continue;
    }
    const GumboNode* n = f.node;
    stack.pop_back();
    if (n == body) break;
    if (is_block(n->v.element.tag)) {
      flush();
      blocks.pop_back();
    } else if (n->v.element.tag == GUMBO_TAG_A) {
      --link_depth;
    }
  }
  flush();
  return out;
}

int tag_base_score(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_MAIN:
      return 5;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE:
      return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
      return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TH:
      return -5;
    default:
      return 0;
  }
}

std::size_t count_commas(std::string_view s) {
  std::size_t c = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') ++c;
    else if (s.compare(i, 3, "\xEF\xBC\x8C") == 0) ++c;  // fullwidth comma
  }
  return c;
}

const GumboNode* find_body(const GumboNode* root) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_BODY) return n;
    if (const GumboVector* kids = children_of(n))
      for (unsigned i = 0; i < kids->length; ++i)
        if (static_cast<const GumboNode*>(kids->data[i])->type == GUMBO_NODE_ELEMENT)
          stack.push_back(static_cast<const GumboNode*>(kids->data[i]));
  }
  return root;
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
         t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

// Blocks that are paragraphs themselves (their parent is the container to score).
bool is_paragraph(GumboTag t) {
  return is_heading(t) || t == GUMBO_TAG_P || t == GUMBO_TAG_LI || t == GUMBO_TAG_DT ||
         t == GUMBO_TAG_DD || t == GUMBO_TAG_PRE || t == GUMBO_TAG_ADDRESS || t == GUMBO_TAG_SUMMARY;
}

std::string title_key(std::string_view s) {
  std::string r;
  for (const auto& t : text::tokenize(s)) r += t.lower;
  return r;
}

// One extraction pass; `lim` says which junk-looking containers are kept anyway.
std::string extract_pass(const GumboNode* body, const std::unordered_map<const GumboNode*, Stats>& stats,
                         const Limits& lim, std::string_view title) {
  const std::vector<Segment> segs = segment(body, stats, lim);
  if (segs.empty()) return {};
  auto stat = [&](const GumboNode* n) {
    const auto it = stats.find(n);
    return it == stats.end() ? Stats{} : it->second;
  };

  // Score paragraphs into their ancestors.
  std::unordered_map<const GumboNode*, double> score;
  auto init = [&](const GumboNode* n) -> double& {
    auto [it, fresh] = score.try_emplace(n, 0.0);
    if (fresh) it->second = tag_base_score(n->v.element.tag) + class_weight(n);
    return it->second;
  };
  for (const Segment& s : segs) {
    if (s.chars < 25) continue;
    const double para = 1.0 + static_cast<double>(count_commas(s.text)) +
                        std::min<double>(static_cast<double>(s.chars / 100), 3.0);
    // Text directly in a container (div, td, section...) is a paragraph of that container.
    const GumboNode* a = is_paragraph(s.owner->v.element.tag) ? s.owner->parent : s.owner;
    for (int level = 0; a != nullptr && a->type == GUMBO_NODE_ELEMENT && level < 5; ++level, a = a->parent) {
      const double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      init(a) += para / divider;
      if (a == body) break;
    }
  }
  const GumboNode* top = nullptr;
  double top_score = 0;
  std::unordered_map<const GumboNode*, double> final_score;
  for (const auto& [n, sc] : score) {
    const double f = sc * (1.0 - stat(n).link_density());
    final_score[n] = f;
    if (top == nullptr || f > top_score || (f == top_score && n < top)) {
      top = n;
      top_score = f;
    }
  }
  auto fscore = [&](const GumboNode* n) {
    const auto it = final_score.find(n);
    return it == final_score.end() ? -1.0 : it->second;
  };

  std::unordered_set<const GumboNode*> selected;
  if (top != nullptr) {
    // Climb to a parent that scores comparably (the article split into sections).
    double last = top_score;
    const double threshold = top_score / 3.0;
    for (const GumboNode* p = top->parent; p != nullptr && p != body && p->type == GUMBO_NODE_ELEMENT;
         p = p->parent) {
      const double ps = fscore(p);
      if (ps < 0) continue;
      if (ps < threshold) break;
      if (ps > last) {
        top = p;
        top_score = ps;
        break;
      }
      last = ps;
    }
    // Paragraph ("good") and total segment characters under every block, used to
    // climb while the parent adds only paragraph text (articles split into
    // page-builder sections sit many levels below their common container).
    std::unordered_map<const GumboNode*, std::pair<std::size_t, std::size_t>> good_all;  // good, all
    for (const Segment& s : segs) {
      const double ld = s.chars == 0 ? 0.0 : static_cast<double>(s.link_chars) / s.chars;
      const bool good = ld < 0.3 && (s.chars >= 40 || is_heading(s.owner->v.element.tag));
      // (up to 100 levels: real articles sit far shallower, and a page of 100k nested
      // lists must not cost segments x depth)
      int level = 0;
      for (const GumboNode* a = s.owner; a != nullptr && a->type == GUMBO_NODE_ELEMENT && level < 100;
           a = a->parent, ++level) {
        auto& ga = good_all[a];
        ga.first += good ? s.chars : 0;
        ga.second += s.chars;
        if (a == body) break;
      }
    }
    // Second opinion: the container with the most paragraph text net of other text.
    // When it holds far more paragraph text than the scorer's pick, the pick was a
    // dense box (a methodology note, a teaser) beside an article cut into many cells.
    const GumboNode* dense = nullptr;
    double dense_value = 0;
    for (const auto& [n, ga] : good_all) {
      if (n == body) continue;
      const double v = static_cast<double>(ga.first) - 2.0 * static_cast<double>(ga.second - ga.first);
      if (dense == nullptr || v > dense_value || (v == dense_value && n < dense)) {
        dense = n;
        dense_value = v;
      }
    }
    if (dense != nullptr && good_all[dense].first >= 2 * good_all[top].first) {
      bool contains_top = false;
      for (const GumboNode* a = top; a != nullptr && a->type == GUMBO_NODE_ELEMENT; a = a->parent)
        if (a == dense) contains_top = true;
      if (contains_top || good_all[dense].first >= 3 * good_all[top].first) top = dense;
    }
    while (top->parent != nullptr && top->parent != body && top->parent->type == GUMBO_NODE_ELEMENT) {
      const auto& cur = good_all[top];
      const auto& par = good_all[top->parent];
      if (par.first < cur.first || par.second < cur.second) break;  // (above the 100-level walk)
      const std::size_t gain_good = par.first - cur.first, gain_all = par.second - cur.second;
      if (gain_all > 0 && (gain_good < gain_all || gain_good < 100)) break;
      top = top->parent;
    }
    top_score = std::max(0.0, fscore(top));
    selected.insert(top);
    // Siblings that score well or read like paragraphs.
    if (top != body && top->parent != nullptr && top->parent->type == GUMBO_NODE_ELEMENT) {
      const double sib_threshold = std::max(10.0, top_score * 0.2);
      const std::string top_class(attr(top, "class"));
      const GumboVector& kids = top->parent->v.element.children;
      for (unsigned i = 0; i < kids.length; ++i) {
        const auto* s = static_cast<const GumboNode*>(kids.data[i]);
        if (s == top || s->type != GUMBO_NODE_ELEMENT || is_junk(s, stats, lim)) continue;
        double bonus = 0;
        if (!top_class.empty() && attr(s, "class") == top_class) bonus = top_score * 0.2;
        const Stats st = stat(s);
        bool add = fscore(s) + bonus >= sib_threshold;
        if (!add && s->v.element.tag == GUMBO_TAG_P) {
          const double ld = st.link_density();
          if (st.chars > 80 && ld < 0.25) add = true;
          else if (st.chars > 0 && st.chars <= 80 && ld == 0) {
            const std::string t = node_text(s);
            add = !t.empty() && (t.back() == '.' || t.find(". ") != std::string::npos);
          }
        }
        if (add) selected.insert(s);
      }
    }
  } else {
    selected.insert(body);
  }

  // Emit the segments inside the selection, skipping link lists and the headline.
  const std::string tkey = title_key(title);
  std::string out;
  std::size_t total = 0;
  for (const Segment& s : segs) total += s.text.size() + 1;
  out.reserve(total);  // no doubling copies of a large page's text
  std::vector<std::string_view> paras;
  // Walking up from a segment's owner to the first selected ancestor (or the body): is
  // the segment inside the selection, and does a link list (a small, link-dense list,
  // table or box other than the owner itself) lie on the way? Memoized per ancestor,
  // so that deep pages cost segments + nodes, not segments x depth.
  struct Up {
    bool inside, link_list;
  };
  std::unordered_map<const GumboNode*, Up> memo;
  auto link_box = [&](const GumboNode* a) {
    const GumboTag t = a->v.element.tag;
    if (t != GUMBO_TAG_UL && t != GUMBO_TAG_OL && t != GUMBO_TAG_TABLE && t != GUMBO_TAG_DIV && t != GUMBO_TAG_SECTION)
      return false;
    const Stats st = stat(a);
    return st.link_density() > 0.5 && st.chars < 2000;
  };
  auto up_from = [&](const GumboNode* start, bool all) -> Up {  // start and its ancestors
    std::vector<const GumboNode*> path;
    Up r{all, false};
    for (const GumboNode* a = start; a != nullptr && a->type == GUMBO_NODE_ELEMENT; a = a->parent) {
      if (const auto it = memo.find(a); it != memo.end()) {
        r = it->second;
        break;
      }
      if (!all && selected.count(a)) {
        r = Up{true, false};
        memo.emplace(a, r);
        break;
      }
      path.push_back(a);
      if (a == body) break;
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      r.link_list = r.link_list || link_box(*it);
      memo.emplace(*it, r);
    }
    return r;
  };
  auto emit = [&](bool all) {
    paras.clear();
    memo.clear();
    for (const Segment& s : segs) {
      Up u{all, false};
      if (!all && selected.count(s.owner)) u = Up{true, false};
      else if (s.owner != body) u = up_from(s.owner->parent, all);
      const bool inside = u.inside, link_list = u.link_list;
      if (!inside || link_list) continue;
      const double ld = s.chars == 0 ? 0.0 : static_cast<double>(s.link_chars) / s.chars;
      if (ld > 0.5 && s.chars < 300) continue;
      if (!tkey.empty() && is_heading(s.owner->v.element.tag) && title_key(s.text) == tkey) continue;
      if (is_placeholder(s.text)) continue;
      paras.push_back(s.text);
    }
    drop_repeated_blocks(paras);
    for (const std::string_view p : paras) {
      if (!out.empty()) out += '\n';
      out += p;
    }
  };
  emit(false);
  if (fewer_words(out, 20)) {  // nothing convincing: keep all non-link text
    out.clear();
    emit(true);
  }
  return out;
}

}  // namespace

std::string extract_main_content(const GumboNode* root, std::string_view title) {
  const GumboNode* body = find_body(root);
  if (body->type != GUMBO_NODE_ELEMENT) return {};
  const auto stats = measure(body);
  // Containers holding over a third of the page's text, or over half of its
  // paragraph text, are never junked by name.
  const Stats all = stats.count(body) ? stats.at(body) : Stats{};
  std::string out = extract_pass(body, stats, Limits{all.chars / 3, std::max<std::size_t>(all.para_chars / 2, 300)}, title);
  // Class/id names misled us (the text sat in a "widget"): score text-bearing
  // containers whatever their names.
  if (fewer_words(out, 50)) {
    std::string retry = extract_pass(body, stats, Limits{0, 0}, title);
    if (text::count_words(retry) > text::count_words(out)) out = std::move(retry);
  }
  return out;
}

}  // namespace storyline::extract::detail

