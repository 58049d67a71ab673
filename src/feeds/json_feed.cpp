// json_feed.cpp: JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) into a Feed.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "feeds/internal.h"
#include "text/text.h"

namespace storyline::feeds::detail {
namespace {

using nlohmann::json;

// Marks the feed malformed; its error keeps the first reason given.
void mark_malformed(Feed& feed, const std::string& why) {
  if (feed.malformed) return;
  feed.malformed = true;
  feed.error = why;
}

// A string field; "" when absent or null. A field of another type is read as absent and the
// feed is malformed (the first such field named in its error): a number where a URL or a
// title belongs is a mistake, not a value.
std::string str(const json& j, const char* key, Feed* feed = nullptr) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (feed) mark_malformed(*feed, std::string("\"") + key + "\" is " + it->type_name() + ", not a string");
  return {};
}

// An item's id: a string, or a number coerced to one as JSON Feed 1.1 asks of a reader
// (7 -> "7", 1.5, 18446744073709551615 as written). Another type (true, {}, []) is no id:
// absent (the item is then known by its link) and the feed malformed, as str() says.
std::string id_of(const json& item, Feed& feed) {
  const auto it = item.find("id");
  if (it != item.end() && it->is_number()) return it->dump();
  return str(item, "id", &feed);
}

// 1.1 "authors": [{name}], 1.0 "author": {name}; the first name.
std::string author_of(const json& j) {
  if (auto a = j.find("authors"); a != j.end() && a->is_array())
    for (const auto& p : *a)
      if (p.is_object() && !str(p, "name").empty()) return plain_author(str(p, "name"));
  if (auto a = j.find("author"); a != j.end() && a->is_object()) return plain_author(str(*a, "name"));
  return {};
}

std::string link(std::string_view base, const std::string& ref) {
  const std::string r = text::collapse_whitespace(ref);
  return r.empty() ? r : resolve_url(base, r);
}

}  // namespace

void read_json_feed(std::string_view bytes, std::string_view base_url, const Options& options, Feed& feed) {
  // Depth-limited: nlohmann's parser recurses once per nesting level.
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
      if (deepest > options.max_depth) {
        feed.error = "JSON nested deeper than max_depth (" + std::to_string(options.max_depth) + ")";
        return;
      }
    } else if ((c == '}' || c == ']') && depth) {
      --depth;
    }
  }
  const json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    feed.error = j.is_discarded() ? "not valid JSON" : "JSON Feed is not an object";
    return;
  }
  feed.format = "json";
  if (str(j, "version").find("jsonfeed.org") == std::string::npos) mark_malformed(feed, "no JSON Feed version");
  feed.title = html_to_text(str(j, "title", &feed));
  const std::string feed_url = str(j, "feed_url", &feed);
  const std::string base = feed_url.empty() ? std::string(base_url) : resolve_url(base_url, feed_url);
  feed.link = link(base, str(j, "home_page_url", &feed));
  feed.id = feed_url;
  feed.author = author_of(j);
  feed.language = str(j, "language", &feed);
  const auto items = j.find("items");
  if (items == j.end() || items->is_null()) return;
  if (!items->is_array()) {
    mark_malformed(feed, std::string("\"items\" is ") + items->type_name() + ", not an array");
    return;
  }
  for (const auto& e : *items) {
    if (!e.is_object()) {
      mark_malformed(feed, std::string("an item is ") + e.type_name() + ", not an object");
      continue;
    }
    if (feed.items.size() >= options.max_items) {
      ++feed.items_dropped;
      continue;
    }
    FeedItem it;
    it.id = id_of(e, feed);
    it.title = html_to_text(str(e, "title", &feed));
    it.link = link(base, str(e, "url", &feed));
    if (it.link.empty()) it.link = link(base, str(e, "external_url", &feed));
    it.author = author_of(e);
    if (it.author.empty()) it.author = feed.author;
    it.published = parse_feed_date(str(e, "date_published", &feed));
    it.updated = parse_feed_date(str(e, "date_modified", &feed));
    it.content = str(e, "content_html", &feed);
    const std::string plain = str(e, "content_text", &feed);
    if (it.content.empty() && !plain.empty()) {
      for (char c : plain) {
        if (c == '<') it.content += "&lt;";
        else if (c == '&') it.content += "&amp;";
        else it.content += c;
      }
    }
    it.summary = html_to_text(str(e, "summary", &feed));
    if (it.summary.empty()) it.summary = plain.empty() ? html_to_text(it.content) : text::collapse_whitespace(plain);
    if (auto t = e.find("tags"); t != e.end() && t->is_array())
      for (const auto& tag : *t)
        if (tag.is_string()) it.categories.push_back(tag.get<std::string>());
    if (auto a = e.find("attachments"); a != e.end() && a->is_array())
      for (const auto& att : *a)
        if (att.is_object() && it.enclosure.empty()) it.enclosure = link(base, str(att, "url"));
    it.thumbnail = link(base, str(e, "image"));
    feed.items.push_back(std::move(it));
  }
}

}  // namespace storyline::feeds::detail
