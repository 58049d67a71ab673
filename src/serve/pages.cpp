// Server-rendered pages. Every string that can come from an article or a user is
// passed through html_escape(); links are emitted only for http(s) URLs.
#include <algorithm>
#include <map>
#include <string>

#include <fmt/format.h>

#include "serve/serve.h"

namespace storyline::serve {
namespace {

constexpr const char* kStyle = R"css(
body{font:17px/1.5 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111}
header{display:flex;justify-content:space-between;align-items:baseline;border-bottom:2px solid #111;margin-bottom:1rem}
header a{color:#111;text-decoration:none;font-weight:bold;font-size:1.6rem}
form input{font:inherit;padding:.2rem .4rem}
.story{border-bottom:1px solid #ddd;padding:.6rem 0}
.meta{color:#666;font:14px/1.4 sans-serif}
.standfirst{font-size:1.15rem;font-weight:bold}
sup a{text-decoration:none;font:11px sans-serif}
.sources li{margin:.3rem 0}
.disagree{background:#fff6e0;padding:.5rem;border-left:3px solid #e0a000}
h2{font-size:1.25rem;margin:.2rem 0}h2 a{color:#111}
.developing{color:#b00;font-weight:bold}
)css";

std::string page(const std::string& title, const std::string& body, const std::string& query) {
  return fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{}</title><style>{}</style></head><body>"
      "<header><a href=\"/\">storyline</a>"
      "<form action=\"/search\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" "
      "value=\"{}\" placeholder=\"Search stories\" aria-label=\"Search\"></form></header>"
      "<main>{}</main></body></html>\n",
      html_escape(title), kStyle, html_escape(query), body);
}

bool is_http_url(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string relative_time(UnixTime t, UnixTime now) {
  if (t <= 0) return "";
  const bool future = t > now;
  const UnixTime d = future ? t - now : now - t;
  std::string span;
  if (d < 60) return "just now";
  if (d < 3600)
    span = fmt::format("{} min", d / 60);
  else if (d < 86400)
    span = fmt::format("{} h", d / 3600);
  else if (d < 2 * 86400)
    span = "1 day";
  else
    span = fmt::format("{} days", d / 86400);
  return future ? "in " + span : span + " ago";
}

std::string render_front_page(const std::vector<Ranked>& stories, UnixTime now, const std::string& query) {
  std::string body;
  if (stories.empty())
    body += "<p>No stories yet. Ingest articles (or POST them to <code>/api/v1/articles</code>) and "
            "they appear here within seconds.</p>";
  for (const Ranked& r : stories) {
    const store::StorySummary& s = r.story;
    const std::string headline = s.headline.empty() ? s.standfirst : s.headline;
    std::string outlets;
    for (std::size_t i = 0; i < s.outlet_names.size() && i < 4; ++i)
      outlets += (i ? ", " : "") + html_escape(s.outlet_names[i]);
    if (s.outlet_names.size() > 4) outlets += fmt::format(" and {} more", s.outlet_names.size() - 4);
    body += fmt::format(
        "<article class=\"story\"><h2><a href=\"/story/{}\">{}</a></h2>{}"
        "<div class=\"meta\">{}<time datetime=\"{}\">{}</time> &middot; {} &middot; {} article{} "
        "&middot; {} outlet{}{}</div></article>",
        s.id, html_escape(headline),
        s.headline.empty() ? "" : "<p class=\"standfirst\">" + html_escape(s.standfirst) + "</p>",
        r.developing ? "<span class=\"developing\">Developing</span> " : "",
        s.last_seen ? format_iso8601(s.last_seen) : "", html_escape(s.event_date),
        relative_time(s.last_seen, now), s.articles.size(), s.articles.size() == 1 ? "" : "s",
        s.outlets, s.outlets == 1 ? "" : "s", outlets.empty() ? "" : ": " + outlets);
  }
  return page("storyline: top stories", body, query);
}

std::string render_story_page(const Story& story, const std::vector<store::ArticleRef>& sources) {
  // Sources are numbered in the order of the list below, for the provenance marks.
  std::map<ArticleId, size_t> number;
  for (size_t i = 0; i < sources.size(); ++i) number[sources[i].id] = i + 1;
  auto marks = [&](const StorySentence& s) {
    std::string out;
    std::vector<size_t> seen;
    for (const auto& src : s.sources) {
      auto it = number.find(src.article);
      if (it == number.end() || std::find(seen.begin(), seen.end(), it->second) != seen.end())
        continue;
      seen.push_back(it->second);
      out += fmt::format("<sup><a href=\"#src{0}\" title=\"source {0}\">[{0}]</a></sup>",
                         it->second);
    }
    return out;
  };

  std::string body = fmt::format(
      "<article><h1>{}</h1><div class=\"meta\">{} &middot; {} source{}</div>"
      "<p class=\"standfirst\">{}{}</p>",
      html_escape(story.headline.empty() ? story.standfirst.text : story.headline),
      html_escape(story.event_date), sources.size(), sources.size() == 1 ? "" : "s",
      html_escape(story.standfirst.text), marks(story.standfirst));
  int paragraph = -1;
  for (const auto& s : story.body) {
    if (s.paragraph != paragraph) {
      if (paragraph >= 0) body += "</p>";
      body += "<p>";
      paragraph = s.paragraph;
    } else {
      body += ' ';
    }
    body += html_escape(s.text) + marks(s);
  }
  if (paragraph >= 0) body += "</p>";
  for (const auto& d : story.disagreements) {
    body += "<p class=\"disagree\">Sources disagree on " + html_escape(d.what) + ": ";
    for (size_t i = 0; i < d.values.size(); ++i) {
      if (i) body += "; ";
      body += "<b>" + html_escape(d.values[i]) + "</b>";
      if (i < d.articles.size()) {
        for (ArticleId a : d.articles[i])
          if (number.count(a)) body += fmt::format(" <a href=\"#src{0}\">[{0}]</a>", number[a]);
      }
    }
    body += "</p>";
  }
  body += "</article><h2>Sources</h2><ol class=\"sources\">";
  for (size_t i = 0; i < sources.size(); ++i) {
    const store::ArticleRef& a = sources[i];
    const std::string title = a.title.empty() ? (a.url.empty() ? "(untitled)" : a.url) : a.title;
    std::string link = is_http_url(a.url) ? fmt::format("<a href=\"{}\" rel=\"nofollow noopener\">{}</a>",
                                                        html_escape(a.url), html_escape(title))
                                          : html_escape(title);
    body += fmt::format("<li id=\"src{}\">{} <span class=\"meta\">{} &middot; {}</span></li>",
                        i + 1, link, html_escape(a.source),
                        a.published ? format_date(a.published + a.utc_offset) : "undated");
  }
  body += "</ol>";
  return page(story.headline.empty() ? story.standfirst.text : story.headline, body, {});
}

std::string render_search_page(const std::string& query, const std::vector<store::SearchHit>& hits) {
  std::string body = fmt::format("<h2>Search: {}</h2>", html_escape(query));
  if (hits.empty()) body += "<p>Nothing found.</p>";
  for (const auto& h : hits) {
    std::string marked;
    for (const auto& seg : h.snippet)
      marked += seg.hit ? "<mark>" + html_escape(seg.text) + "</mark>" : html_escape(seg.text);
    const std::string when = h.time ? format_date(h.time) : "";
    if (h.kind == store::SearchHit::kStory)
      body += fmt::format("<div class=\"story\"><div class=\"meta\">story &middot; {}</div>"
                          "<a href=\"/story/{}\">{}</a><p>{}</p></div>",
                          when, h.id, html_escape(h.title), marked);
    else
      body += fmt::format("<div class=\"story\"><div class=\"meta\">article &middot; {} &middot; {}</div>{}<p>{}</p></div>",
                          html_escape(h.source), when,
                          h.story ? fmt::format("<a href=\"/story/{}\">{}</a>", h.story,
                                                html_escape(h.title.empty() ? "(untitled)" : h.title))
                                  : html_escape(h.title.empty() ? "(untitled)" : h.title),
                          marked);
  }
  return page("storyline: search", body, query);
}

}  // namespace storyline::serve
