// The front page and the section pages: ranked story cards (headline, standfirst, date and
// relative time, sources and outlets, a "developing" mark) with pagination.
#include <string>

#include <fmt/format.h>

#include "serve/serve.h"

namespace storyline::serve {
namespace {

std::string outlets_text(const store::StorySummary& s) {
  std::string out;
  for (std::size_t i = 0; i < s.outlet_names.size() && i < 4; ++i)
    out += (i ? ", " : "") + html_escape(s.outlet_names[i]);
  if (s.outlet_names.size() > 4) out += fmt::format(" and {} more", s.outlet_names.size() - 4);
  return out;
}

std::string card(const Ranked& r, UnixTime now, bool lead) {
  const store::StorySummary& s = r.story;
  const std::string headline = s.headline.empty() ? s.standfirst : s.headline;
  const std::size_t n = s.articles.size();
  const std::string outlets = outlets_text(s);
  return fmt::format(
      "<li class=\"card{}\"><article aria-labelledby=\"h{}\"><h2 id=\"h{}\"><a href=\"/story/{}\">{}</a></h2>{}"
      "<p class=\"meta\">{}{} &middot; {} source{} from {} outlet{}{}</p></article></li>",
      lead ? " lead" : "", s.id, s.id, s.id, html_escape(headline),
      s.headline.empty() ? "" : "<p class=\"standfirst\">" + html_escape(s.standfirst) + "</p>",
      r.developing ? "<span class=\"developing\">Developing</span> &middot; " : "",
      time_tag(s.last_seen, now), n, n == 1 ? "" : "s", s.outlets, s.outlets == 1 ? "" : "s",
      outlets.empty() ? "" : ": " + outlets);
}

}  // namespace

std::string render_front_page(const std::vector<Ranked>& stories, UnixTime now, const std::string& query,
                              const FrontPage& where) {
  const bool top = where.section.empty();
  const std::string base = top ? "/" : "/section/" + where.section;
  const std::string name = top ? "Top stories" : section_title(where.section);
  std::string body = fmt::format("<h1>{}{}</h1>", name, where.page > 1 ? fmt::format(", page {}", where.page) : "");
  if (stories.empty())
    body += top ? "<p>No stories yet. Ingest articles (or POST them to <code>/api/v1/articles</code>) and "
                  "they appear here within seconds.</p>"
                : "<p>No story in this section yet.</p>";
  else
    body += "<ul class=\"stories\">";
  for (std::size_t i = 0; i < stories.size(); ++i) body += card(stories[i], now, top && where.page == 1 && i == 0);
  if (!stories.empty()) body += "</ul>";
  auto link = [&](std::size_t p) { return p == 1 ? base : base + "?page=" + std::to_string(p); };
  std::string head;
  if (where.page > 1 || where.has_next) {
    body += "<nav class=\"pager\" aria-label=\"Pages\">";
    body += where.page > 1 ? fmt::format("<a rel=\"prev\" href=\"{}\">&larr; Newer page</a>", link(where.page - 1))
                           : "<span></span>";
    body += where.has_next ? fmt::format("<a rel=\"next\" href=\"{}\">Next page &rarr;</a>", link(where.page + 1)) : "";
    body += "</nav>";
    if (where.page > 1) head += fmt::format("<link rel=\"prev\" href=\"{}\">", link(where.page - 1));
    if (where.has_next) head += fmt::format("<link rel=\"next\" href=\"{}\">", link(where.page + 1));
  }
  Layout layout;
  layout.query = query;
  layout.section = top ? "top" : where.section;
  layout.head = head;
  if (!where.base_url.empty()) layout.canonical = where.base_url + link(where.page);
  layout.feed = top ? "/feed" : base + "/feed";
  return render_layout(top ? "storyline: top stories" : "storyline: " + name, body, layout);
}

}  // namespace storyline::serve
