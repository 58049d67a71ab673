// Disagreements between sources on numbers: the same context ("killed _ people")
// with different values in different articles.
#include <algorithm>
#include <map>
#include <set>

#include "synth/internal.h"
#include "synth/synth.h"

namespace storyline::synth {
namespace detail {
namespace {

bool is_multiplier(std::string_view w) {
  return w == "hundred" || w == "thousand" || w == "million" || w == "billion" || w == "trillion";
}

bool is_month(std::string_view w) {
  static constexpr std::string_view kMonths[] = {
      "january",   "february", "march",    "april",    "may",  "june", "july", "august",
      "september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
      "jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov",  "dec"};
  return std::find(std::begin(kMonths), std::end(kMonths), w) != std::end(kMonths);
}

bool is_content_word(const text::Token& t) {
  return !t.numeric && t.lower.size() > 1 && !text::is_stopword(t.lower) && !is_month(t.lower);
}

// A year-like number ("2024") says when, not how many.
bool is_year(std::string_view w) {
  if (w.size() != 4) return false;
  const int v = std::stoi(std::string(w));
  return v >= 1800 && v <= 2100;
}

struct Context {
  std::string what;                                   // "killed … people"
  std::map<ArticleId, std::set<std::string>> values;  // article -> values it states
};

}  // namespace

std::vector<Disagreement> find_disagreements(const std::vector<Candidate>& candidates,
                                             const std::vector<const Article*>& articles) {
  std::map<std::string, Context> contexts;  // key: "prev|next"
  for (const Candidate& c : candidates) {
    const auto& tk = c.tokens;
    for (std::size_t k = 0; k < tk.size(); ++k) {
      if (!tk[k].numeric || is_year(tk[k].lower)) continue;
      if (k > 0 && is_month(tk[k - 1].lower)) continue;  // "February 12"
      // The unit right after the number (skipping a multiplier: "126 billion dollars").
      std::string value = tk[k].lower;
      value.erase(std::remove(value.begin(), value.end(), ','), value.end());
      std::size_t n = k + 1;
      if (n < tk.size() && is_multiplier(tk[n].lower)) value += " " + tk[n++].lower;
      if (n >= tk.size() || !is_content_word(tk[n])) continue;
      // The content word before it, at most three words back ("killed at least 12").
      std::size_t p = k;
      bool found = false;
      for (int back = 0; back < 3 && p > 0; ++back) {
        --p;
        if (tk[p].numeric) break;
        if (is_content_word(tk[p])) {
          found = true;
          break;
        }
      }
      if (!found) continue;
      Context& ctx = contexts[tk[p].lower + "|" + tk[n].lower];
      if (ctx.what.empty()) ctx.what = tk[p].lower + " \xE2\x80\xA6 " + tk[n].lower;
      ctx.values[articles[c.article]->id].insert(value);
    }
  }
  std::vector<Disagreement> out;
  for (auto& [key, ctx] : contexts) {
    std::map<std::string, std::vector<ArticleId>> by_value;
    for (const auto& [article, values] : ctx.values)
      if (values.size() == 1) by_value[*values.begin()].push_back(article);
    if (by_value.size() < 2) continue;
    Disagreement d;
    d.what = ctx.what;
    for (auto& [value, ids] : by_value) {
      d.values.push_back(value);
      d.articles.push_back(std::move(ids));
    }
    out.push_back(std::move(d));
  }
  // Most widely reported first; a handful is enough for a reader.
  auto reach = [](const Disagreement& d) {
    std::size_t n = 0;
    for (const auto& ids : d.articles) n += ids.size();
    return n;
  };
  std::stable_sort(out.begin(), out.end(), [&](const Disagreement& a, const Disagreement& b) {
    return reach(a) > reach(b);
  });
  if (out.size() > 8) out.resize(8);
  return out;
}

}  // namespace detail

std::vector<Disagreement> find_disagreements(const std::vector<const Article*>& articles) {
  detail::Vocabulary vocab;
  const auto candidates =
      detail::collect_candidates(articles, detail::candidates_per_article(articles.size()), vocab);
  return detail::find_disagreements(candidates, articles);
}

}  // namespace storyline::synth
