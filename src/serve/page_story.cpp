// The story page: headline, standfirst, the written story with each sentence's footnotes
// (jumping to the source entry, which links back), where sources disagree, how the story
// developed (its articles earliest first), a coverage chart (inline SVG), the sources
// grouped by outlet, and related stories.
#include <algorithm>
#include <map>
#include <string>

#include <fmt/format.h>

#include "serve/serve.h"

namespace storyline::serve {
namespace {

UnixTime when(const store::ArticleRef& a) { return a.published ? a.published : a.fetched; }

// Bars of articles per time bucket (hours for a story of up to 3 days, else days).
std::string coverage_chart(const std::vector<store::ArticleRef>& sources) {
  std::vector<UnixTime> t;
  for (const auto& a : sources)
    if (when(a) > 0) t.push_back(when(a));
  if (t.size() < 2) return {};
  std::sort(t.begin(), t.end());
  const UnixTime span = t.back() - t.front();
  const UnixTime bucket = span <= 3 * 86400 ? 3600 : 86400;
  const UnixTime start = t.front() - t.front() % bucket;
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>((t.back() - start) / bucket) + 1, 120);
  std::vector<int> count(n, 0);
  for (UnixTime x : t) ++count[std::min<std::size_t>(static_cast<std::size_t>((x - start) / bucket), n - 1)];
  const int most = *std::max_element(count.begin(), count.end());
  const double w = 600.0 / static_cast<double>(n);
  std::string bars;
  for (std::size_t i = 0; i < n; ++i) {
    if (!count[i]) continue;
    const double h = 100.0 * count[i] / most;
    bars += fmt::format("<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"><title>{}: {} article{}</title></rect>",
                        i * w + 1, 110 - h, std::max(1.0, w - 2), h,
                        bucket == 3600 ? format_iso8601(start + static_cast<UnixTime>(i) * bucket).substr(0, 16) + "Z"
                                       : format_date(start + static_cast<UnixTime>(i) * bucket),
                        count[i], count[i] == 1 ? "" : "s");
  }
  const std::string label = fmt::format("Coverage over time: {} articles from {} to {}, most {} in one {}",
                                        t.size(), format_date(t.front()), format_date(t.back()), most,
                                        bucket == 3600 ? "hour" : "day");
  return fmt::format(
      "<section class=\"chart\" aria-labelledby=\"cov\"><h2 id=\"cov\">Coverage over time</h2>"
      "<svg viewBox=\"0 0 600 130\" role=\"img\" aria-label=\"{0}\"><title>{0}</title>{1}"
      "<line x1=\"0\" y1=\"110.5\" x2=\"600\" y2=\"110.5\" stroke=\"currentColor\" stroke-opacity=\".3\"/>"
      "<text x=\"0\" y=\"126\">{2}</text><text x=\"600\" y=\"126\" text-anchor=\"end\">{3}</text></svg>"
      "<p class=\"meta\">Articles per {4}; the tallest bar is {5}.</p></section>",
      label, bars, format_date(t.front()), format_date(t.back()), bucket == 3600 ? "hour" : "day", most);
}

}  // namespace

std::string render_story_page(const Story& story, const std::vector<store::ArticleRef>& sources,
                              const StoryPage& extras) {
  // Sources are numbered by outlet group (the order of the list at the end), so the
  // footnote numbers read down the list.
  std::map<std::string, std::vector<std::size_t>> by_outlet;
  for (std::size_t i = 0; i < sources.size(); ++i) by_outlet[sources[i].source].push_back(i);
  std::vector<std::size_t> order;
  for (auto& [outlet, idx] : by_outlet) {
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return when(sources[a]) < when(sources[b]); });
    order.insert(order.end(), idx.begin(), idx.end());
  }
  std::map<ArticleId, std::size_t> number;  // article -> footnote number
  for (std::size_t k = 0; k < order.size(); ++k) number.emplace(sources[order[k]].id, k + 1);
  std::map<std::size_t, std::string> first_cite;  // footnote number -> id of its first mark

  int sentence = 0;
  auto marks = [&](const StorySentence& s) {
    std::string out;
    std::vector<std::size_t> seen;
    ++sentence;
    for (const auto& src : s.sources) {
      auto it = number.find(src.article);
      if (it != number.end() && std::find(seen.begin(), seen.end(), it->second) == seen.end()) seen.push_back(it->second);
    }
    std::sort(seen.begin(), seen.end());  // [1][3], not [3][1]
    for (std::size_t n : seen) {
      const std::string id = fmt::format("c{}-{}", sentence, n);
      first_cite.emplace(n, id);
      const auto& a = sources[order[n - 1]];
      out += fmt::format("<sup><a id=\"{0}\" href=\"#src{1}\" aria-label=\"source {1}: {2}\">[{1}]</a></sup>", id,
                         n, html_escape(a.source.empty() ? "unknown outlet" : a.source));
    }
    return out;
  };

  const std::string headline = story.headline.empty() ? story.standfirst.text : story.headline;
  std::string outlets;
  for (std::size_t i = 0; i < story.outlet_names.size(); ++i) outlets += (i ? ", " : "") + html_escape(story.outlet_names[i]);
  std::string body = fmt::format(
      "<article class=\"narrow\" aria-labelledby=\"headline\"><h1 id=\"headline\">{}</h1>"
      "<p class=\"meta\">{}{} &middot; {} source{}{}</p>"
      "<p class=\"story-standfirst\">{}{}</p>",
      html_escape(headline), extras.developing ? "<span class=\"developing\">Developing</span> &middot; " : "",
      story.last_seen ? "Updated " + time_tag(story.last_seen, extras.now) : html_escape(story.event_date),
      sources.size(), sources.size() == 1 ? "" : "s", outlets.empty() ? "" : " from " + outlets,
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

  if (!story.disagreements.empty()) {
    body += "<section aria-labelledby=\"dis\"><h2 id=\"dis\">Where the sources disagree</h2>";
    for (const auto& d : story.disagreements) {
      body += "<div class=\"disagree\"><p>On " + html_escape(d.what) + ":</p><ul>";
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        std::vector<std::string> who;  // "Outlet [n]", in source order
        if (i < d.articles.size())
          for (ArticleId a : d.articles[i])
            if (auto it = number.find(a); it != number.end())
              who.push_back(fmt::format("{} <a href=\"#src{}\">[{}]</a>",
                                        html_escape(sources[order[it->second - 1]].source), it->second, it->second));
        std::string list;
        for (std::size_t k = 0; k < who.size(); ++k)
          list += (k == 0 ? "" : k + 1 == who.size() ? " and " : ", ") + who[k];
        body += "<li><strong>" + html_escape(d.values[i]) + "</strong>" + (list.empty() ? "" : " according to " + list) + "</li>";
      }
      body += "</ul></div>";
    }
    body += "</section>";
  }

  // How the story developed: every article, earliest first.
  std::vector<std::size_t> dated(sources.size());
  for (std::size_t i = 0; i < dated.size(); ++i) dated[i] = i;
  std::stable_sort(dated.begin(), dated.end(), [&](std::size_t a, std::size_t b) {
    const UnixTime x = when(sources[a]), y = when(sources[b]);
    return (x == 0) != (y == 0) ? y == 0 : x < y;
  });
  if (!sources.empty()) {
    body += "<section aria-labelledby=\"dev\"><h2 id=\"dev\">How the story developed</h2><ol class=\"timeline\">";
    for (std::size_t k = 0; k < dated.size(); ++k) {
      const auto& a = sources[dated[k]];
      body += fmt::format("<li><span class=\"meta\">{}{}</span><br>{}: <a href=\"#src{}\">{}</a></li>", k == 0 ? "First report &middot; " : "",
                          time_tag(when(a), extras.now), html_escape(a.source.empty() ? "unknown outlet" : a.source),
                          number[a.id], html_escape(a.title.empty() ? "(untitled)" : a.title));
    }
    body += "</ol></section>";
  }
  body += coverage_chart(sources);

  body += "<section class=\"sources\" aria-labelledby=\"srcs\"><h2 id=\"srcs\">Sources by outlet</h2>";
  std::size_t k = 0;
  for (const auto& [outlet, idx] : by_outlet) {
    body += fmt::format("<div class=\"outlet\"><h3>{}</h3><ol start=\"{}\">", html_escape(outlet.empty() ? "Unknown outlet" : outlet), k + 1);
    for (std::size_t i : idx) {
      ++k;
      const store::ArticleRef& a = sources[i];
      const std::string title = a.title.empty() ? (a.url.empty() ? "(untitled)" : a.url) : a.title;
      const std::string link = is_http_url(a.url)
                                   ? fmt::format("<a href=\"{}\" rel=\"nofollow noopener noreferrer\">{}</a>", html_escape(a.url), html_escape(title))
                                   : html_escape(title);
      const auto cite = first_cite.find(k);
      body += fmt::format("<li id=\"src{}\">{} <span class=\"meta\">{}{}</span>{}</li>", k, link,
                          a.author.empty() ? "" : html_escape(a.author) + " &middot; ", time_tag(when(a), extras.now),
                          cite == first_cite.end() ? ""
                                                   : fmt::format("<a class=\"back\" href=\"#{}\" aria-label=\"Back to the text citing source {}\">&#8617;</a>", cite->second, k));
    }
    body += "</ol></div>";
  }
  body += "</section>";

  if (!extras.related.empty()) {
    body += "<section aria-labelledby=\"rel\"><h2 id=\"rel\">Related and earlier stories</h2><ul>";
    for (const auto& r : extras.related)
      body += fmt::format("<li><a href=\"/story/{}\">{}</a> <span class=\"meta\">{}</span></li>", r.id,
                          html_escape(r.title.empty() ? "(untitled)" : r.title), time_tag(r.time, extras.now));
    body += "</ul></section>";
  }
  body += "</article>";
  Layout layout;
  layout.canonical = extras.canonical;
  return render_layout(headline, body, layout);
}

}  // namespace storyline::serve
