// The reader's routes: parameters checked (a bad one is a clear 4xx page), the store read,
// the page rendered.
#include "serve/page_routes.h"

#include <algorithm>
#include <cmath>

#include "cluster/cluster.h"
#include "text/text.h"

namespace storyline::serve {
namespace {

constexpr std::size_t kPerPage = 24;
constexpr std::size_t kMaxPage = 1000;
constexpr std::size_t kSectionScan = 2000;  // best stories a section page picks from
constexpr std::size_t kMaxQuery = 512;      // bytes of a search query

PageAnswer error(int status, const std::string& message) { return {status, render_error_page(status, message), {}}; }

bool parse_count(const std::string& s, std::size_t& out) {
  if (s.empty() || s.size() > 9) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

// "YYYY-MM-DD" -> the UTC midnight starting it; false when not a real date.
bool parse_day(const std::string& s, UnixTime& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int y = std::stoi(s.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(s.substr(5, 2))), d = static_cast<unsigned>(std::stoi(s.substr(8, 2)));
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  int y2;
  unsigned m2, d2;
  const auto days = days_from_civil(y, m, d);
  civil_from_days(days, y2, m2, d2);
  if (m2 != m || d2 != d) return false;  // 2025-02-30
  out = days * 86400;
  return true;
}

}  // namespace

PageAnswer front_page_answer(store::Store& store, const httplib::Request& req, const std::string& section, UnixTime now) {
  std::size_t page = 1;
  if (req.has_param("page")) {
    if (!parse_count(req.get_param_value("page"), page))
      return error(400, "The page number must be a whole number (1, 2, 3 ...).");
    if (page < 1 || page > kMaxPage)
      return error(404, "There is no such page: page numbers run from 1 to the last page of stories.");
  }
  std::vector<Ranked> stories;
  if (section.empty()) {
    stories = top_stories(store, kPerPage + 1, (page - 1) * kPerPage, now);
  } else {
    for (auto& r : top_stories(store, kSectionScan, 0, now))
      if (section_of(r.story.headline, r.story.standfirst) == section) stories.push_back(std::move(r));
    const std::size_t from = std::min(stories.size(), (page - 1) * kPerPage);
    stories.erase(stories.begin(), stories.begin() + static_cast<std::ptrdiff_t>(from));
    if (stories.size() > kPerPage + 1) stories.resize(kPerPage + 1);
  }
  if (page > 1 && stories.empty())
    return error(404, "There is no page " + std::to_string(page) + ": the stories end before it.");
  FrontPage where;
  where.section = section;
  where.page = page;
  where.has_next = stories.size() > kPerPage;
  if (where.has_next) stories.resize(kPerPage);
  return {200, render_front_page(stories, now, {}, where), {}};
}

PageAnswer story_page_answer(store::Store& store, const std::string& id_text, UnixTime now) {
  std::size_t id = 0;
  if (!parse_count(id_text, id) || id == 0) return error(404, "There is no such story (story addresses are /story/ and a number).");
  auto s = store.story(static_cast<StoryId>(id));
  if (!s) {
    if (const auto into = store.merged_into(static_cast<StoryId>(id))) return {301, {}, "/story/" + std::to_string(*into)};
    return error(404, "There is no such story; it may have been removed.");
  }
  StoryPage extras;
  extras.now = now;
  extras.developing = cluster::developing(s->times, now);
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
    for (auto& h : store.search(q))
      if (h.kind == store::SearchHit::kStory && h.id != s->id && extras.related.size() < 6) extras.related.push_back(std::move(h));
  }
  return {200, render_story_page(*s, store.article_refs(s->articles), extras), {}};
}

PageAnswer search_page_answer(store::Store& store, const httplib::Request& req) {
  const std::string raw = req.get_param_value("q");
  if (raw.size() > kMaxQuery)
    return error(400, "The query is too long: at most " + std::to_string(kMaxQuery) + " bytes. Use fewer words.");
  const std::string q = text::to_valid_utf8(raw);
  SearchForm form;
  form.from = text::to_valid_utf8(req.get_param_value("from"));
  form.to = text::to_valid_utf8(req.get_param_value("to"));
  form.outlet = text::to_valid_utf8(req.get_param_value("outlet"));
  store::SearchQuery query;
  query.text = q;
  query.limit = 40;
  query.outlet = form.outlet.size() <= 200 ? form.outlet : "";
  if (!form.from.empty() && !parse_day(form.from, query.since))
    return error(400, "The 'from' date must be a date written YYYY-MM-DD.");
  if (!form.to.empty()) {
    if (!parse_day(form.to, query.until)) return error(400, "The 'to' date must be a date written YYYY-MM-DD.");
    query.until += 86400 - 1;  // through the end of that day
  }
  std::vector<store::SearchHit> hits;
  if (!q.empty()) hits = store.search(query);
  return {200, render_search_page(q, hits, form), {}};
}

}  // namespace storyline::serve
