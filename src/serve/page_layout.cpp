// The reader's page frame: HTML escaping, relative times, the shared layout (skip link,
// landmarks, search form, section navigation, CSS with a dark scheme) and error pages.
// Pages carry no script; every text from an article or a user goes through html_escape().
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "serve/serve.h"
#include "text/text.h"

namespace storyline::serve {
namespace {

constexpr const char* kStyle = R"css(
:root{--fg:#1a1a1a;--muted:#555;--bg:#fdfcf9;--card:#fff;--line:#e2ded6;--accent:#0b5cad;--dev:#b3261e;--mark:#fff1a8;--warn:#fff4dc;--warnline:#c98a00}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e1;--muted:#aaa69d;--bg:#16171a;--card:#1e2024;--line:#34363b;--accent:#8ab8ff;--dev:#ff8a80;--mark:#5c4d00;--warn:#2e2717;--warnline:#d9a53a}}
*{box-sizing:border-box}
html{color-scheme:light dark}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 Charter,"Bitstream Charter","DejaVu Serif",Georgia,serif;overflow-wrap:anywhere}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--card);padding:.5rem 1rem;z-index:2}
.skip:focus{left:.5rem}
.site{border-bottom:1px solid var(--line);background:var(--card)}
.bar{max-width:72rem;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:center;justify-content:space-between}
.brand{font:700 1.5rem/1 system-ui,sans-serif;color:var(--fg);text-decoration:none;letter-spacing:-.02em}
form.find{display:flex;gap:.4rem;flex:1 1 16rem;max-width:28rem}
form.find input{flex:1;min-width:0}
input,select,button{font:inherit;font-size:1rem;padding:.35rem .5rem;border:1px solid var(--line);border-radius:.3rem;background:var(--bg);color:var(--fg)}
button{cursor:pointer;background:var(--accent);color:var(--bg);border-color:var(--accent)}
nav.sections ul{list-style:none;margin:0 auto;padding:0 1rem .5rem;max-width:72rem;display:flex;flex-wrap:wrap;gap:.2rem 1rem;font:.95rem system-ui,sans-serif}
nav.sections a{text-decoration:none;color:var(--muted)}nav.sections a[aria-current]{color:var(--fg);font-weight:700;text-decoration:underline}
main{max-width:72rem;margin:0 auto;padding:1rem}
.narrow{max-width:44rem}
h1{font-size:clamp(1.6rem,4vw,2.4rem);line-height:1.2;margin:.5rem 0}
h2{font:700 1.2rem/1.3 system-ui,sans-serif;margin:1.6rem 0 .6rem}
.stories{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,21rem),1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.9rem 1rem}
.card h2,.card h3{font:700 1.15rem/1.3 system-ui,sans-serif;margin:0 0 .4rem}
.card h2 a,.card h3 a{color:var(--fg);text-decoration:none}.card h2 a:hover,.card h3 a:hover{text-decoration:underline}
.lead{grid-column:1/-1}.lead h2{font-size:1.5rem}
.standfirst{margin:.3rem 0 .5rem}
.meta{color:var(--muted);font:.875rem/1.45 system-ui,sans-serif}
.developing{color:var(--dev);font-weight:700;text-transform:uppercase;font-size:.75rem;letter-spacing:.05em}
.story-standfirst{font-size:1.2rem;font-weight:600}
sup a{text-decoration:none;font:.7rem system-ui,sans-serif;padding:0 .1rem}
.disagree{background:var(--warn);border-left:4px solid var(--warnline);padding:.6rem .9rem;border-radius:.3rem}
.timeline{list-style:none;padding:0;border-left:2px solid var(--line)}.timeline li{padding:.2rem 0 .5rem .9rem}
.outlet{margin-bottom:.8rem}.outlet h3{font:700 1rem system-ui,sans-serif;margin:.4rem 0}
.sources ol{margin:.2rem 0;padding-left:2.2rem}.sources li:target{background:var(--mark)}
.back{text-decoration:none;margin-left:.3rem}
.chart svg{width:100%;max-width:44rem;height:auto}.chart .bar{fill:var(--accent)}.chart text{fill:var(--muted);font:11px system-ui,sans-serif}
mark{background:var(--mark);color:inherit}
.results{list-style:none;padding:0}.results li{padding:.6rem 0;border-bottom:1px solid var(--line)}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:.5rem 0 1rem;font:.9rem system-ui,sans-serif}.filters label{display:flex;flex-direction:column}
.pager{display:flex;justify-content:space-between;margin:1.5rem 0;font:1rem system-ui,sans-serif}
footer{max-width:72rem;margin:2rem auto;padding:1rem;color:var(--muted);font:.85rem system-ui,sans-serif;border-top:1px solid var(--line)}
)css";

}  // namespace

std::string html_escape(std::string_view raw) {
  // Broken UTF-8 becomes U+FFFD first, so a page is always valid UTF-8.
  const std::string s = text::is_valid_utf8(raw) ? std::string(raw) : text::to_valid_utf8(raw);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\0': break;
      default: out.push_back(c);
    }
  }
  return out;
}

bool is_http_url(std::string_view url) {
  auto starts = [&](std::string_view p) {
    if (url.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != p[i]) return false;
    return true;
  };
  if (!starts("http://") && !starts("https://")) return false;
  for (unsigned char c : url)
    if (c < 0x21 || c == 0x7f) return false;  // no spaces or control bytes inside a link
  return true;
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

std::string time_tag(UnixTime t, UnixTime now) {
  if (t <= 0) return "undated";
  const std::string rel = now > 0 ? relative_time(t, now) : "";
  return fmt::format("<time datetime=\"{}\">{} {}</time>{}", format_iso8601(t), format_date(t),
                     format_iso8601(t).substr(11, 5), rel.empty() ? "" : " (" + rel + ")");
}

std::string url_encode(std::string_view s) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string render_layout(const std::string& title, const std::string& body, const Layout& layout) {
  std::string head = layout.head, feeds;
  if (!layout.canonical.empty()) head += "<link rel=\"canonical\" href=\"" + html_escape(layout.canonical) + "\">";
  if (!layout.feed.empty()) {
    const std::string base = html_escape(layout.feed), q = html_escape(layout.feed_query);
    head += fmt::format(
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"{0}.rss{1}\">"
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom\" href=\"{0}.atom{1}\">"
        "<link rel=\"alternate\" type=\"application/feed+json\" title=\"JSON Feed\" href=\"{0}.json{1}\">",
        base, q);
    feeds = fmt::format(" This page as a feed: <a href=\"{0}.rss{1}\">RSS</a>, <a href=\"{0}.atom{1}\">Atom</a>, "
                        "<a href=\"{0}.json{1}\">JSON Feed</a>.",
                        base, q);
  }
  std::string nav;
  for (const auto& name : section_names())
    nav += fmt::format("<li><a href=\"/section/{0}\"{1}>{2}</a></li>", name,
                       layout.section == name ? " aria-current=\"page\"" : "", section_title(name));
  return fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"color-scheme\" content=\"light dark\">"
      "<title>{0}</title>{1}<style>{2}</style></head><body>"
      "<a class=\"skip\" href=\"#content\">Skip to content</a>"
      "<header class=\"site\"><div class=\"bar\"><a class=\"brand\" href=\"/\">storyline</a>"
      "<form class=\"find\" action=\"/search\" method=\"get\" role=\"search\">"
      "<label for=\"q\" class=\"skip\">Search stories and articles</label>"
      "<input type=\"search\" id=\"q\" name=\"q\" value=\"{3}\" placeholder=\"Search stories and articles\">"
      "<button type=\"submit\">Search</button></form></div>"
      "<nav class=\"sections\" aria-label=\"Sections\"><ul><li><a href=\"/\"{4}>Top stories</a></li>{5}</ul></nav>"
      "</header><main id=\"content\" tabindex=\"-1\">{6}</main>"
      "<footer>storyline writes each story from the articles of many outlets; every sentence links to "
      "the articles it comes from.{7} <a href=\"/api/v1/openapi.json\">JSON API</a>.</footer></body></html>\n",
      html_escape(title), head, kStyle, html_escape(layout.query),
      layout.section == "top" ? " aria-current=\"page\"" : "", nav, body, feeds);
}

std::string render_error_page(int status, const std::string& message) {
  const char* what = status == 404 ? "Page not found" : status == 405 ? "Method not allowed"
                     : status >= 500                 ? "Something went wrong"
                                                     : "Bad request";
  return render_layout(fmt::format("{} {}", status, what),
                       fmt::format("<div class=\"narrow\"><h1>{}</h1><p>{}</p>"
                                   "<p><a href=\"/\">Go to the front page</a> or search above.</p></div>",
                                   what, html_escape(message)),
                       {});
}

}  // namespace storyline::serve
