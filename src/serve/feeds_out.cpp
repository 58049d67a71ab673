// Feeds out: the front page, a section or a search as RSS 2.0, Atom 1.0 and JSON Feed 1.1.
// XML is built with pugixml (which escapes markup characters); text is first made valid
// XML 1.0 character data (invalid UTF-8 becomes U+FFFD, control characters are dropped).
#include <pugixml.hpp>

#include <ctime>
#include <sstream>

#include "cluster/cluster.h"
#include "serve/internal.h"
#include "text/text.h"

namespace storyline::serve {

namespace {

// Valid UTF-8 with only the characters XML 1.0 allows (tab, newline, return, U+0020 up,
// no U+FFFE/U+FFFF); anything else is replaced by U+FFFD or dropped.
std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned c = p[i];
    if (c < 0x80) {
      if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
    if (n == 0 || !detail::valid_utf8(s.substr(i, n + 1))) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    const std::string_view ch = s.substr(i, n + 1);
    if (ch != "\xEF\xBF\xBE" && ch != "\xEF\xBF\xBF") out += ch;
    i += n + 1;
  }
  return out;
}

std::string rfc822(UnixTime t) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string story_url(const FeedDoc& f, StoryId id) { return f.base_url + "/story/" + std::to_string(id); }

std::string entry_title(const FeedEntry& e) {
  if (!e.title.empty()) return e.title;
  if (e.summary.size() <= 120) return e.summary;
  return std::string(text::utf8_prefix(e.summary, 117)) + "...";
}

UnixTime entry_updated(const FeedEntry& e, UnixTime fallback) {
  return e.updated ? e.updated : e.published ? e.published : fallback;
}

void text_child(pugi::xml_node parent, const char* name, std::string_view value) {
  parent.append_child(name).text().set(xml_text(value).c_str());
}

// The XML declaration, first in `doc`.
void declare(pugi::xml_document& doc) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
}

// <link href=... rel=... type=...> (RSS: atom:link).
void link_child(pugi::xml_node parent, const char* name, const char* rel, const char* type, std::string_view href) {
  auto link = parent.append_child(name);
  link.append_attribute("rel") = rel;
  link.append_attribute("type") = type;
  link.append_attribute("href") = xml_text(href).c_str();
}

std::string to_string(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace

std::string render_rss(const FeedDoc& f) {
  pugi::xml_document doc;
  declare(doc);
  auto rss = doc.append_child("rss");
  rss.append_attribute("version") = "2.0";
  rss.append_attribute("xmlns:atom") = "http://www.w3.org/2005/Atom";
  auto ch = rss.append_child("channel");
  text_child(ch, "title", f.title);
  text_child(ch, "link", f.home_url);
  text_child(ch, "description", f.description.empty() ? f.title : f.description);
  link_child(ch, "atom:link", "self", "application/rss+xml", f.self_url);
  text_child(ch, "generator", "storyline");
  if (f.updated) text_child(ch, "lastBuildDate", rfc822(f.updated));
  for (const auto& e : f.entries) {
    auto item = ch.append_child("item");
    text_child(item, "title", entry_title(e));
    text_child(item, "link", story_url(f, e.id));
    auto guid = item.append_child("guid");
    guid.append_attribute("isPermaLink") = "true";
    guid.text().set(xml_text(story_url(f, e.id)).c_str());
    if (!e.summary.empty()) text_child(item, "description", e.summary);
    if (const UnixTime t = e.published ? e.published : e.updated) text_child(item, "pubDate", rfc822(t));
    for (const auto& o : e.outlets) text_child(item, "category", o);
  }
  return to_string(doc);
}

std::string render_atom(const FeedDoc& f) {
  pugi::xml_document doc;
  declare(doc);
  auto feed = doc.append_child("feed");
  feed.append_attribute("xmlns") = "http://www.w3.org/2005/Atom";
  text_child(feed, "id", f.self_url);
  auto title = feed.append_child("title");
  title.append_attribute("type") = "text";
  title.text().set(xml_text(f.title).c_str());
  if (!f.description.empty()) text_child(feed, "subtitle", f.description);
  UnixTime updated = f.updated;
  for (const auto& e : f.entries) updated = std::max(updated, entry_updated(e, 0));
  text_child(feed, "updated", format_iso8601(updated));
  link_child(feed, "link", "self", "application/atom+xml", f.self_url);
  link_child(feed, "link", "alternate", "text/html", f.home_url);
  text_child(feed.append_child("author"), "name", "storyline");
  text_child(feed, "generator", "storyline");
  for (const auto& e : f.entries) {
    auto entry = feed.append_child("entry");
    text_child(entry, "id", story_url(f, e.id));
    auto t = entry.append_child("title");
    t.append_attribute("type") = "text";
    t.text().set(xml_text(entry_title(e)).c_str());
    link_child(entry, "link", "alternate", "text/html", story_url(f, e.id));
    text_child(entry, "updated", format_iso8601(entry_updated(e, updated)));
    if (e.published) text_child(entry, "published", format_iso8601(e.published));
    if (!e.summary.empty()) {
      auto s = entry.append_child("summary");
      s.append_attribute("type") = "text";
      s.text().set(xml_text(e.summary).c_str());
    }
    for (const auto& o : e.outlets) entry.append_child("category").append_attribute("term") = xml_text(o).c_str();
  }
  return to_string(doc);
}

std::string render_json_feed(const FeedDoc& f) {
  using nlohmann::json;
  json items = json::array();
  for (const auto& e : f.entries) {
    json it = {{"id", story_url(f, e.id)}, {"url", story_url(f, e.id)}, {"title", entry_title(e)},
               {"content_text", e.summary.empty() ? entry_title(e) : e.summary}};
    if (!e.summary.empty()) it["summary"] = e.summary;
    if (e.published) it["date_published"] = format_iso8601(e.published);
    if (const UnixTime u = entry_updated(e, 0)) it["date_modified"] = format_iso8601(u);
    if (!e.outlets.empty()) it["tags"] = e.outlets;
    items.push_back(std::move(it));
  }
  json j = {{"version", "https://jsonfeed.org/version/1.1"},
            {"title", f.title},
            {"home_page_url", f.home_url},
            {"feed_url", f.self_url},
            {"authors", json::array({{{"name", "storyline"}}})},
            {"items", std::move(items)}};
  if (!f.description.empty()) j["description"] = f.description;
  return detail::dump(j);
}

namespace detail {

namespace {

constexpr std::size_t kFeedItems = 50;

FeedEntry entry_of(const store::StorySummary& s) {
  FeedEntry e;
  e.id = s.id;
  e.title = s.headline;
  e.summary = s.standfirst;
  e.outlets = s.outlet_names;
  e.published = s.first_seen;
  e.updated = s.updated ? s.updated : s.last_seen;
  return e;
}

}  // namespace

void register_feeds_out(httplib::Server& http, ApiContext& ctx) {
  // kind: "rss" | "atom" | "json"; section: "" for the front page.
  auto serve_feed = [&ctx](const httplib::Request& req, httplib::Response& res, const std::string& kind,
                           std::string section) {
    std::string q = req.get_param_value("q");
    if (section.empty()) section = req.get_param_value("section");
    auto fail = [&](int status, const std::string& msg) {
      res.status = status;
      res.set_content(msg + "\n", "text/plain; charset=utf-8");
    };
    if (q.size() > ctx.options->max_query_bytes || section.size() > 128) return fail(400, "The query or section name is too long.");
    if (!valid_utf8(q) || !valid_utf8(section)) return fail(400, "The query is not valid UTF-8.");
    const std::string title = section.empty() ? "" : section_title(section);
    if (!section.empty() && title.empty()) return fail(404, "There is no such section.");
    const std::string base = ctx.base_url();
    FeedDoc f;
    f.base_url = base;
    const std::string ext = kind == "json" ? "json" : kind;
    std::string params;
    if (!q.empty()) params = "?q=" + url_encode(q);
    if (!section.empty()) {
      f.title = "storyline: " + title + (q.empty() ? "" : ", stories matching " + q);
      f.description = "Top stories in " + title;
      f.home_url = base + "/section/" + url_encode(section);
      f.self_url = base + "/section/" + url_encode(section) + "/feed." + ext + params;
    } else if (!q.empty()) {
      f.title = "storyline: search for " + q;
      f.description = "Stories matching " + q;
      f.home_url = base + "/search?q=" + url_encode(q);
      f.self_url = base + "/feed." + ext + params;
    } else {
      f.title = "storyline: top stories";
      f.description = "Top stories, ranked by independent outlets, growth and recency";
      f.home_url = base + "/";
      f.self_url = base + "/feed." + ext;
    }
    ctx.with_store([&](store::Store& s) {
      if (q.empty()) {
        // The same stories as the page, in the same order.
        const UnixTime now = ctx.clock(s);
        const auto top = section.empty() ? top_stories(s, kFeedItems, 0, now) : section_stories(s, section, kFeedItems, 0, now);
        for (const auto& r : top) f.entries.push_back(entry_of(r.story));
        return;
      }
      // A search: the stories that match, by relevance (within the section, if any).
      store::SearchQuery sq;
      sq.text = q;
      sq.limit = kFeedItems;
      for (const auto& hit : s.search(sq)) {
        if (hit.kind != store::SearchHit::kStory) continue;
        std::optional<Story> story;
        try {
          story = s.story(hit.id);
        } catch (const store::StoryDamaged&) {
          continue;  // a damaged row: the others are listed
        }
        if (!story || (!section.empty() && section_of(story->headline, story->standfirst.text) != section)) continue;
        FeedEntry e;
        e.id = story->id;
        e.title = story->headline;
        e.summary = story->standfirst.text;
        e.outlets = story->outlet_names;
        e.published = story->first_seen;
        e.updated = story->updated ? story->updated : story->last_seen;
        f.entries.push_back(std::move(e));
      }
    });
    for (const auto& e : f.entries) f.updated = std::max(f.updated, entry_updated(e, 0));
    res.status = 200;
    res.set_header("X-Content-Type-Options", "nosniff");
    if (kind == "rss")
      res.set_content(render_rss(f), "application/rss+xml; charset=utf-8");
    else if (kind == "atom")
      res.set_content(render_atom(f), "application/atom+xml; charset=utf-8");
    else
      res.set_content(render_json_feed(f), "application/feed+json; charset=utf-8");
  };
  for (const std::string kind : {"rss", "atom", "json"}) {
    http.Get("/feed." + kind, [serve_feed, kind](const httplib::Request& req, httplib::Response& res) {
      serve_feed(req, res, kind, {});
    });
    http.Get(R"(/section/([^/]+)/feed\.)" + kind,
             [serve_feed, kind](const httplib::Request& req, httplib::Response& res) {
               serve_feed(req, res, kind, req.matches[1]);
             });
  }
}

}  // namespace detail

}  // namespace storyline::serve
