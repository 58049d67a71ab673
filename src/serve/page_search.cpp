// The search page: stories and articles ranked by the store, snippets with the matched
// words marked (every segment escaped), filters by date and outlet; every result is a link.
#include <string>

#include <fmt/format.h>

#include "serve/serve.h"

namespace storyline::serve {

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
  if (query.empty()) return render_layout("storyline: search", body + "<p>Type words to search for.</p>", {query, "", ""});
  if (hits.empty()) body += "<p role=\"status\">Nothing found. Try fewer or other words, or wider filters.</p>";
  else body += fmt::format("<p class=\"meta\" role=\"status\">{} result{}</p><ol class=\"results\">", hits.size(), hits.size() == 1 ? "" : "s");
  for (const auto& h : hits) {
    std::string marked;
    for (const auto& seg : h.snippet)
      marked += seg.hit ? "<mark>" + html_escape(seg.text) + "</mark>" : html_escape(seg.text);
    const std::string title = html_escape(h.title.empty() ? "(untitled)" : h.title);
    const std::string when = time_tag(h.time, 0);
    if (h.kind == store::SearchHit::kStory) {
      body += fmt::format("<li><a href=\"/story/{}\"><strong>{}</strong></a><p class=\"meta\">Story &middot; {}</p><p>{}</p></li>",
                          h.id, title, when, marked);
    } else {
      // An article links to its story (where its sources are), or to itself when not placed yet.
      const std::string href = h.story ? fmt::format("/story/{}", h.story) : fmt::format("/article/{}", h.id);
      body += fmt::format("<li><a href=\"{}\">{}</a><p class=\"meta\">Article &middot; {} &middot; {}</p><p>{}</p></li>",
                          href, title, html_escape(h.source), when, marked);
    }
  }
  if (!hits.empty()) body += "</ol>";
  return render_layout("storyline: search " + query, body, {query, "", ""});
}

}  // namespace storyline::serve
