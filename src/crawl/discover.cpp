// discover.cpp: from a URL a user gives to the feed it is or advertises.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "crawl/crawl.h"

namespace storyline::crawl {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a && a->value ? std::string(a->value) : std::string();
}

bool has_token(const std::string& list, std::string_view token) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && std::isspace(static_cast<unsigned char>(list[i]))) ++i;
    std::size_t j = i;
    while (j < list.size() && !std::isspace(static_cast<unsigned char>(list[j]))) ++j;
    if (j > i && std::string_view(list).substr(i, j - i) == token) return true;
    i = j;
  }
  return false;
}

bool feed_type(std::string type) {
  type = lower(type);
  if (const auto semi = type.find(';'); semi != std::string::npos) type.resize(semi);
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type == "application/rss+xml" || type == "application/atom+xml" || type == "application/feed+json" ||
         type == "application/json" || type == "application/rdf+xml" || type == "text/xml" ||
         type == "application/xml";
}

}  // namespace

std::vector<std::string> advertised_feeds(std::string_view html, std::string_view page_url) {
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string base(page_url);
  std::vector<std::string> hrefs;
  // Iterative walk (no recursion: a page may nest deeply).
  std::vector<const GumboNode*> stack{out->root};
  bool base_seen = false;
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = n->v.element;
    if (e.tag == GUMBO_TAG_BASE && !base_seen) {
      if (const std::string h = attr(e, "href"); !h.empty()) {
        const std::string resolved = feeds::resolve_url(page_url, h);
        if (!resolved.empty()) base = resolved;
        base_seen = true;
      }
    } else if (e.tag == GUMBO_TAG_LINK || e.tag == GUMBO_TAG_A) {
      const std::string rel = lower(attr(e, "rel"));
      const std::string href = attr(e, "href");
      if (has_token(rel, "alternate") && feed_type(attr(e, "type")) && !href.empty()) hrefs.push_back(href);
    }
    for (unsigned i = e.children.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  std::vector<std::string> urls;
  for (const std::string& h : hrefs) {
    std::string u = feeds::resolve_url(base, h);
    if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) continue;
    if (std::find(urls.begin(), urls.end(), u) == urls.end()) urls.push_back(std::move(u));
  }
  return urls;
}

Discovery discover(const std::string& url, const fetch::Options& options) {
  Discovery d;
  auto read_feed = [&](const std::string& u, fetch::Response& r, feeds::Feed& f) {
    r = fetch::fetch({u, "", ""}, options);
    if (!r.ok()) {
      d.error = r.error_message;
      return false;
    }
    if (r.status != 200) {
      d.error = "GET " + u + ": HTTP " + std::to_string(r.status);
      return false;
    }
    f = feeds::parse_feed(r.body, r.final_url, "utf-8");
    return f.readable();
  };
  fetch::Response r;
  feeds::Feed f;
  auto found = [&](const std::string& requested) {
    d.feed_url = r.moved_permanently ? r.final_url : requested;
    d.title = f.title;
    d.site_link = f.link;
    d.items = f.items.size();
    d.error.clear();
    return d;
  };
  if (read_feed(url, r, f)) return found(url);
  if (!r.ok() || r.status != 200) return d;
  const std::string page = r.final_url;
  const auto candidates = advertised_feeds(r.body, page);
  if (candidates.empty()) {
    d.error = url + " is neither a feed (" + (f.error.empty() ? "not a feed" : f.error) +
              ") nor a page that advertises one (<link rel=\"alternate\" type=\"application/rss+xml\" href=...>)";
    return d;
  }
  std::string last_error;
  for (std::size_t i = 0; i < candidates.size() && i < 5; ++i) {
    if (read_feed(candidates[i], r, f)) return found(candidates[i]);
    last_error = d.error.empty() ? candidates[i] + ": not a feed (" + f.error + ")" : d.error;
    d.error.clear();
  }
  d.error = page + " advertises " + std::to_string(candidates.size()) + " feed" +
            (candidates.size() == 1 ? "" : "s") + " but none could be read: " + last_error;
  return d;
}

}  // namespace storyline::crawl
