// items.cpp: a feed item's identity, its text, and the article it becomes.
#include <algorithm>
#include <cstdio>

#include "crawl/crawl.h"
#include "ingest/ingest.h"
#include "text/text.h"

namespace storyline::crawl {
namespace {

std::string hex_hash(std::string_view s) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(text::hash64(s)));
  return buf;
}

bool http_url(std::string_view u) { return u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0; }

// The host of a URL without "www." (the outlet of an item without a link of its own).
std::string host_of(const std::string& url) {
  fetch::UrlParts p;
  std::string error;
  if (!fetch::parse_url(url, p, error)) return {};
  if (p.host.rfind("www.", 0) == 0) p.host.erase(0, 4);
  return p.host;
}

// A feed's language tag as the articles carry it: the primary subtag ("en-us" -> "en").
std::string primary_language(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_' || c == ' ' || c == ',' || c == ';') break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') return {};
    out += c;
  }
  return out.size() >= 2 && out.size() <= 3 ? out : std::string();
}

// An item's HTML as paragraphs: the extractor keeps block structure; when it judges the
// fragment not to be an article (a short item) the flat text is used. (The wrapper declares
// a language, "und", so that the extractor does not guess one: the article's language is
// decided once, from its title and text, when the item becomes an article.)
std::string html_paragraphs(std::string_view html) {
  const std::string flat = feeds::html_to_text(html);
  if (flat.empty()) return flat;
  std::string doc;
  doc.reserve(html.size() + 80);
  doc += "<!DOCTYPE html><html lang=\"und\"><head><meta charset=\"utf-8\"></head><body><article>";
  doc += html;
  doc += "</article></body></html>";
  const extract::Extracted e = extract::extract_html(doc);
  if (text::count_words(e.text) * 10 >= text::count_words(flat) * 8) return e.text;
  return flat;
}

}  // namespace

std::string item_key(const feeds::FeedItem& item) {
  std::string key;
  if (!item.id.empty()) key = item.id;
  else if (!item.link.empty()) key = item.link;
  else return "hash:" + hex_hash(item.title + '\x1f' + item.content + '\x1f' + item.summary);
  if (key.size() > 512) return "hash:" + hex_hash(key);
  return key;
}

std::int64_t item_hash(const feeds::FeedItem& item) {
  std::string s;
  s.reserve(item.title.size() + item.link.size() + item.summary.size() + item.content.size() + 4);
  s += item.title;
  s += '\x1f';
  s += item.link;
  s += '\x1f';
  s += item.summary;
  s += '\x1f';
  s += item.content;
  return static_cast<std::int64_t>(text::hash64(s));
}

std::string item_text(const feeds::FeedItem& item) {
  std::string content = item.content.empty() ? std::string() : html_paragraphs(item.content);
  // A summary longer than the content (a feed whose content is a stub) says more.
  if (text::count_words(item.summary) > text::count_words(content)) return item.summary;
  return content;
}

bool is_teaser(const feeds::FeedItem& item, std::size_t teaser_words) {
  if (!http_url(item.link)) return false;
  const std::size_t words =
      std::max(text::count_words(item.summary), text::count_words(feeds::html_to_text(item.content)));
  return words < teaser_words;
}

bool item_article(const feeds::Feed& feed, const feeds::FeedItem& item, const std::string& feed_url,
                  UnixTime now, Article& a, std::size_t max_article_bytes) {
  a = Article{};
  a.url = http_url(item.link) ? item.link : std::string();
  a.title = item.title;
  a.text = item_text(item);
  if (a.title.empty() && a.text.empty() && a.url.empty()) return false;
  a.author = !item.author.empty() ? item.author : feed.author;
  a.language = primary_language(feed.language);
  a.published = item.published ? item.published : item.updated;
  a.fetched = now;
  a.origin = feed_url;
  a.item_key = item_key(item);
  ingest::Options o;
  o.now = now;
  o.max_article_bytes = max_article_bytes;
  ingest::finish_article(a, o);
  if (a.source.empty()) a.source = host_of(!feed.link.empty() ? feed.link : feed_url);
  // An item over the article limit is skipped like an empty one (seen, never stored).
  return ingest::check_limits(a, o).empty();
}

void merge_page(Article& a, const extract::Extracted& page) {
  std::string page_text = text::to_valid_utf8(page.text);
  const bool longer = text::count_words(page_text) > text::count_words(a.text);
  if (longer) a.text = text::normalize_nfc(page_text);
  if (a.title.empty()) a.title = text::collapse_whitespace(text::to_valid_utf8(page.title));
  if (a.published == 0 && page.published != 0) {
    a.published = page.published;
    a.utc_offset = page.published_offset;
  }
  if (a.author.empty()) a.author = text::collapse_whitespace(text::to_valid_utf8(page.author));
  // The language was detected on the teaser (or declared by the feed): the whole page's
  // detection is the better guess once its text is the article's.
  if (longer && !page.language.empty()) a.language = page.language;
}

std::string join_category(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) {
    std::string part;
    for (char c : p) part += c == '/' ? '-' : c;  // '/' separates levels
    part = text::collapse_whitespace(part);
    if (part.empty()) continue;
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::vector<std::string> split_category(std::string_view category) {
  std::vector<std::string> out;
  while (!category.empty()) {
    const std::size_t slash = category.find('/');
    std::string part = text::collapse_whitespace(category.substr(0, slash));
    if (!part.empty()) out.push_back(std::move(part));
    if (slash == std::string_view::npos) break;
    category.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace storyline::crawl
