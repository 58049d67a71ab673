// The reader's routes: parameters checked (a bad one is a clear 4xx page), the store read,
// the page rendered.
#include "serve/page_routes.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "cluster/cluster.h"
#include "serve/internal.h"
#include "text/text.h"

namespace storyline::serve {
namespace {

constexpr std::size_t kPerPage = 24;
constexpr std::size_t kMaxPage = 1000;
constexpr std::size_t kSearchPerPage = 20;   // results of each kind (stories, articles) a page
constexpr std::size_t kMaxSearchOffset = 1000;

PageAnswer error(int status, const std::string& message) { return {status, render_error_page(status, message), {}}; }

bool parse_count(const std::string& s, std::size_t& out) {
  std::int64_t v = 0;
  if (s.size() > 9 || !detail::parse_number(s, v)) return false;
  out = static_cast<std::size_t>(v);
  return true;
}

// "YYYY-MM-DD" -> the UTC midnight starting it; false when not a real date.
bool parse_day(const std::string& s, UnixTime& out) { return s.size() == 10 && detail::parse_day_or_time(s, out); }

// ?page=N: 1 when absent; an error answer when not a number (400) or out of range (404).
std::optional<PageAnswer> page_param(const httplib::Request& req, std::size_t& page) {
  page = 1;
  if (!req.has_param("page")) return std::nullopt;
  if (!parse_count(req.get_param_value("page"), page))
    return error(400, "The page number must be a whole number (1, 2, 3 ...).");
  if (page < 1 || page > kMaxPage)
    return error(404, "There is no such page: page numbers run from 1 to the last page.");
  return std::nullopt;
}

}  // namespace

PageAnswer front_page_answer(store::Store& store, const httplib::Request& req, const std::string& section, UnixTime now,
                             const std::string& base_url) {
  std::size_t page = 1;
  if (auto bad = page_param(req, page)) return *bad;
  std::vector<Ranked> stories = section.empty() ? top_stories(store, kPerPage + 1, (page - 1) * kPerPage, now)
                                                : section_stories(store, section, kPerPage + 1, (page - 1) * kPerPage, now);
  if (page > 1 && stories.empty())
    return error(404, "There is no page " + std::to_string(page) + ": the stories end before it.");
  FrontPage where;
  where.section = section;
  where.page = page;
  where.has_next = stories.size() > kPerPage;
  where.base_url = base_url;
  if (where.has_next) stories.resize(kPerPage);
  return {200, render_front_page(stories, now, {}, where), {}};
}

PageAnswer story_page_answer(store::Store& store, const std::string& id_text, UnixTime now, const std::string& base_url) {
  std::size_t id = 0;
  if (!parse_count(id_text, id) || id == 0) return error(404, "There is no such story (story addresses are /story/ and a number).");
  std::optional<Story> s;
  try {
    s = store.story(static_cast<StoryId>(id));
  } catch (const store::StoryDamaged&) {
    return error(500, "This story cannot be read: it is damaged in the store. The site's operator can write it "
                      "again with `storyline digest --rebuild`.");
  }
  if (!s) {
    if (const auto into = store.merged_into(static_cast<StoryId>(id))) return {301, {}, "/story/" + std::to_string(*into)};
    return error(404, "There is no such story; it may have been removed.");
  }
  StoryPage extras;
  extras.now = now;
  extras.developing = cluster::developing(s->times, now);
  if (!base_url.empty()) extras.canonical = base_url + "/story/" + std::to_string(s->id);
  // Related and earlier stories: stories sharing the headline's two longest content words.
  std::vector<std::string> words;
  for (const auto& t : text::tokenize(s->headline))
    if (t.lower.size() > 3 && !t.numeric && !text::is_stopword(t.lower)) words.push_back(t.lower);
  std::stable_sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (std::size_t n = std::min<std::size_t>(2, words.size()); n >= 1 && extras.related.empty(); --n) {
    store::SearchQuery q;
    for (std::size_t i = 0; i < n; ++i) q.text += (i ? " " : "") + words[i];
    q.limit = 12;
    q.articles = false;
    q.snippets = false;
    for (auto& h : store.search(q))
      if (h.kind == store::SearchHit::kStory && h.id != s->id && extras.related.size() < 6) extras.related.push_back(std::move(h));
  }
  return {200, render_story_page(*s, store.article_refs(s->articles), extras), {}};
}

PageAnswer search_page_answer(store::Store& store, const httplib::Request& req, std::size_t max_query_bytes) {
  const std::string raw = req.get_param_value("q");
  if (raw.size() > max_query_bytes)
    return error(400, "The query is too long: at most " + std::to_string(max_query_bytes) + " bytes. Use fewer words.");
  const std::string q = text::to_valid_utf8(raw);
  SearchForm form;
  form.from = text::to_valid_utf8(req.get_param_value("from"));
  form.to = text::to_valid_utf8(req.get_param_value("to"));
  form.outlet = text::to_valid_utf8(req.get_param_value("outlet"));
  if (auto bad = page_param(req, form.page)) return *bad;
  store::SearchQuery query;
  query.text = q;
  query.limit = kSearchPerPage + 1;  // of each kind; one more tells whether a next page exists
  query.offset = (form.page - 1) * kSearchPerPage;
  if (query.offset > kMaxSearchOffset) return error(404, "There is no such page of results: search shows at most 50 pages.");
  query.outlet = form.outlet.size() <= 200 ? form.outlet : "";
  if (!form.from.empty() && !parse_day(form.from, query.since))
    return error(400, "The 'from' date must be a date written YYYY-MM-DD.");
  if (!form.to.empty()) {
    if (!parse_day(form.to, query.until)) return error(400, "The 'to' date must be a date written YYYY-MM-DD.");
    query.until += 86400 - 1;  // through the end of that day
  }
  if (query.since && query.until && query.until < query.since)
    return error(400, "The 'to' date is before the 'from' date.");
  std::vector<store::SearchHit> hits;
  if (!q.empty()) {
    std::size_t stories = 0, articles = 0;
    for (auto& h : store.search(query)) {
      std::size_t& n = h.kind == store::SearchHit::kStory ? stories : articles;
      if (++n > kSearchPerPage) {
        form.has_next = true;
        continue;
      }
      hits.push_back(std::move(h));
    }
  }
  return {200, render_search_page(q, hits, form), {}};
}

}  // namespace storyline::serve
