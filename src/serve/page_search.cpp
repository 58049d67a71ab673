// The search page: stories and articles ranked by the store, snippets with the matched
// words marked (every segment escaped), filters by date and outlet, pages of results;
// every result is a link.
#include <string>

#include <fmt/format.h>

#include "serve/serve.h"

namespace storyline::serve {

namespace {

std::string marked(const store::SearchHit& h) {
  std::string out;
  for (const auto& seg : h.snippet) out += seg.hit ? "<mark>" + html_escape(seg.text) + "</mark>" : html_escape(seg.text);
  return out;
}

std::string story_result(const store::SearchHit& h) {
  return fmt::format("<li><a href=\"/story/{}\"><strong>{}</strong></a><p class=\"meta\">Story &middot; {}</p><p>{}</p></li>",
                     h.id, html_escape(h.title.empty() ? "(untitled)" : h.title), time_tag(h.time, 0), marked(h));
}

std::string article_result(const store::SearchHit& h) {
  // An article links to its story (where its sources are), or to itself when not placed yet.
  const std::string href = h.story ? fmt::format("/story/{}", h.story) : fmt::format("/article/{}", h.id);
  return fmt::format("<li><a href=\"{}\">{}</a><p class=\"meta\">Article &middot; {} &middot; {}</p><p>{}</p></li>", href,
                     html_escape(h.title.empty() ? "(untitled)" : h.title),
                     html_escape(h.source.empty() ? "unknown outlet" : h.source), time_tag(h.time, 0), marked(h));
}

}  // namespace

std::string render_search_page(const std::string& query, const std::vector<store::SearchHit>& hits,
                               const SearchForm& form) {
  std::string body = query.empty() ? "<h1>Search</h1>" : fmt::format("<h1>Search: {}</h1>", html_escape(query));
  body += fmt::format(
      "<form class=\"filters\" action=\"/search\" method=\"get\" aria-label=\"Search filters\">"
      "<input type=\"hidden\" name=\"q\" value=\"{}\">"
      "<label>From <input type=\"date\" name=\"from\" value=\"{}\"></label>"
      "<label>To <input type=\"date\" name=\"to\" value=\"{}\"></label>"
      "<label>Outlet <input type=\"text\" name=\"outlet\" value=\"{}\" placeholder=\"any\"></label>"
      "<button type=\"submit\">Filter</button></form>",
      html_escape(query), html_escape(form.from), html_escape(form.to), html_escape(form.outlet));
  if (!form.message.empty()) body += "<p role=\"status\">" + html_escape(form.message) + "</p>";
  Layout layout{query, "", ""};
  if (query.empty()) return render_layout("storyline: search", body + "<p>Type words to search for.</p>", layout);
  layout.feed = "/feed";
  layout.feed_query = "?q=" + url_encode(query);

  std::string stories, articles;
  std::size_t n_stories = 0, n_articles = 0;
  for (const auto& h : hits) {
    if (h.kind == store::SearchHit::kStory) {
      stories += story_result(h);
      ++n_stories;
    } else {
      articles += article_result(h);
      ++n_articles;
    }
  }
  if (hits.empty()) {
    body += form.page > 1 ? "<p role=\"status\">No more results.</p>"
                          : "<p role=\"status\">Nothing found. Try fewer or other words, or wider filters.</p>";
  } else {
    body += fmt::format("<p class=\"meta\" role=\"status\">{} stor{} and {} article{}{}</p>", n_stories,
                        n_stories == 1 ? "y" : "ies", n_articles, n_articles == 1 ? "" : "s",
                        form.page > 1 ? fmt::format(" on page {}", form.page) : "");
  }
  if (n_stories) body += "<section aria-labelledby=\"rs\"><h2 id=\"rs\">Stories</h2><ol class=\"results\">" + stories + "</ol></section>";
  if (n_articles)
    body += "<section aria-labelledby=\"ra\"><h2 id=\"ra\">Articles</h2><ol class=\"results\">" + articles + "</ol></section>";

  if (form.page > 1 || form.has_next) {
    std::string base = "/search?q=" + url_encode(query);
    if (!form.from.empty()) base += "&from=" + url_encode(form.from);
    if (!form.to.empty()) base += "&to=" + url_encode(form.to);
    if (!form.outlet.empty()) base += "&outlet=" + url_encode(form.outlet);
    auto link = [&](std::size_t p) { return html_escape(p == 1 ? base : base + "&page=" + std::to_string(p)); };
    body += "<nav class=\"pager\" aria-label=\"Pages of results\">";
    body += form.page > 1 ? fmt::format("<a rel=\"prev\" href=\"{}\">&larr; Previous results</a>", link(form.page - 1))
                          : "<span></span>";
    if (form.has_next) body += fmt::format("<a rel=\"next\" href=\"{}\">More results &rarr;</a>", link(form.page + 1));
    body += "</nav>";
  }
  return render_layout("storyline: search " + query, body, layout);
}

}  // namespace storyline::serve
