// Disagreements between sources on numbers, dates and names: the same context
// ("killed _ people", "summit ... on _", "Defence Secretary _") with different values
// in different articles.
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

// Words that report when something was said or published rather than when the event
// happened ("said on March 3"): a date after them is no event date.
bool is_reporting_word(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "said",    "says",   "told",     "announced", "reported", "published", "posted",
      "updated", "tweeted", "wrote",   "added",     "confirmed", "statement", "interview",
      "released", "issued", "according", "last",    "next",      "since",     "until",
      "before",  "after",  "earlier",  "later",     "week",      "month",     "year"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool is_weekday(std::string_view w) {
  static constexpr std::string_view kDays[] = {"monday", "tuesday", "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};
  return std::find(std::begin(kDays), std::end(kDays), w) != std::end(kDays);
}

std::string month_name(std::string_view w) {
  static constexpr std::string_view kShort[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                "jul", "aug", "sep", "oct", "nov", "dec"};
  static constexpr std::string_view kFull[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  for (std::size_t m = 0; m < 12; ++m)
    if (w.substr(0, 3) == kShort[m]) return std::string(kFull[m]);
  return {};
}

bool is_day_number(const text::Token& t) {
  if (!t.numeric || t.lower.size() > 2) return false;
  const int v = std::stoi(t.lower);
  return v >= 1 && v <= 31;
}

// Job titles that introduce a person's name ("Defence Secretary John Smith").
bool is_role_word(std::string_view w) {
  static constexpr std::string_view kRoles[] = {
      "secretary", "minister",  "president", "governor",     "senator",    "mayor",
      "chancellor", "ambassador", "spokesman", "spokeswoman", "spokesperson", "commissioner",
      "director",  "chairman",  "chairwoman", "ceo",         "general",    "judge",
      "prosecutor", "sheriff",  "superintendent", "coach",   "captain",    "premier",
      "commander", "chief"};
  return std::find(std::begin(kRoles), std::end(kRoles), w) != std::end(kRoles);
}

// Levenshtein distance of two short ASCII strings.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// Two spellings of one person's name: as many words, each word the same or a close
// spelling (at most 2 edits, and under half its length), and at least one word differs.
// "John Smith" / "Jon Smyth" are; "John Smith" / "Mary Jones" (another person) are not.
bool variant_spellings(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size() || a == b) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    const std::size_t d = edit_distance(a[i], b[i]);
    if (d > 2 || d * 2 >= std::min(a[i].size(), b[i].size())) return false;
  }
  return true;
}

// Day of the year (approximately: 31-day months) of a "Month D" value.
int day_of_year(const std::string& value) {
  static constexpr std::string_view kFull[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  const std::size_t space = value.find(' ');
  for (int m = 0; m < 12; ++m)
    if (value.compare(0, space, kFull[m]) == 0) return m * 31 + std::stoi(value.substr(space + 1));
  return 0;
}

// Dates a week apart at most: sources disagreeing on when one event happened. Dates
// further apart are most likely different events told in the same words ("in
// Washington on January 20" / "in Washington on March 24").
template <typename Map>
bool dates_close(const Map& by_value) {
  int lo = 1 << 30, hi = -(1 << 30);
  for (const auto& [value, ids] : by_value) {
    const int d = day_of_year(value);
    lo = std::min(lo, d), hi = std::max(hi, d);
  }
  return hi - lo <= 7;
}

void add_value(std::map<std::string, Context>& contexts, const std::string& key,
               const std::string& what, ArticleId article, const std::string& value) {
  Context& ctx = contexts[key];
  if (ctx.what.empty()) ctx.what = what;
  ctx.values[article].insert(value);
}

// Dates of events: "<content word> [on] <Month> <day>" ("the summit opens on March 3").
void collect_dates(const Candidate& c, ArticleId article, std::map<std::string, Context>& out) {
  const auto& tk = c.tokens;
  for (std::size_t k = 1; k + 1 < tk.size(); ++k) {
    if (!tk[k].capitalized || !is_month(tk[k].lower) || !is_day_number(tk[k + 1])) continue;
    if (tk[k].lower == "may" && tk[k - 1].lower != "on") continue;  // the verb "may"
    std::size_t p = k;
    bool found = false;
    for (int back = 0; back < 3 && p > 0; ++back) {
      --p;
      if (tk[p].numeric || is_reporting_word(tk[p].lower)) break;
      if (is_weekday(tk[p].lower)) continue;  // "on Tuesday, March 3"
      if (tk[p].capitalized) break;             // a place or a name says where, not what
      if (is_content_word(tk[p])) {
        found = true;
        break;
      }
    }
    if (!found) continue;
    const std::string value = month_name(tk[k].lower) + " " + tk[k + 1].lower;
    add_value(out, "date|" + tk[p].lower, tk[p].lower + " \xE2\x80\xA6 (date)", article, value);
  }
}

// Names after a job title: "Defence Secretary John Smith". Only a title with a
// qualifier ("Defence Secretary", not a bare "President") counts, and only spellings
// of one name (variant_spellings) are reported, so that two people holding one title
// at different times are not mistaken for a disagreement.
struct NameMention {
  std::string role;                 // "defence secretary"
  std::vector<std::string> words;   // lower-cased name words
  std::string as_written;           // "John Smith"
};

void collect_names(const Candidate& c, std::vector<std::pair<ArticleId, NameMention>>& out,
                   ArticleId article) {
  const auto& tk = c.tokens;
  for (std::size_t k = 1; k + 2 < tk.size(); ++k) {
    if (!tk[k].capitalized || !is_role_word(tk[k].lower)) continue;
    // The qualifier: capitalized words right before the title ("Defence", "Home Office").
    std::size_t q = k;
    while (q > 0 && tk[q - 1].capitalized && !tk[q - 1].numeric &&
           !text::is_stopword(tk[q - 1].lower) && c.text[tk[q - 1].end] == ' ' && k - q < 3)
      --q;
    if (q == k) continue;
    if (q > 0 && (tk[q - 1].lower == "former" || tk[q - 1].lower == "ex" ||
                  tk[q - 1].lower == "then" || tk[q - 1].lower == "late"))
      continue;
    // The name: two or three capitalized words right after the title, same run of text.
    std::size_t e = k + 1;
    while (e < tk.size() && e - k <= 3 && tk[e].capitalized && !tk[e].numeric &&
           !is_role_word(tk[e].lower) && c.text[tk[e - 1].end] == ' ')
      ++e;
    const std::size_t words = e - (k + 1);
    if (words < 2 || words > 3) continue;
    NameMention m;
    for (std::size_t r = q; r <= k; ++r) m.role += (r > q ? " " : "") + tk[r].lower;
    for (std::size_t r = k + 1; r < e; ++r) m.words.push_back(tk[r].lower);
    m.as_written = c.text.substr(tk[k + 1].begin, tk[e - 1].end - tk[k + 1].begin);
    out.emplace_back(article, std::move(m));
    k = e - 1;
  }
}

}  // namespace

std::vector<Disagreement> find_disagreements(const std::vector<Candidate>& candidates,
                                             const std::vector<const Article*>& articles) {
  std::map<std::string, Context> contexts;  // key: "prev|next", "date|prev", "name|role"
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
  // Dates and names.
  std::vector<std::pair<ArticleId, NameMention>> names;
  for (const Candidate& c : candidates) {
    const ArticleId id = articles[c.article]->id;
    collect_dates(c, id, contexts);
    collect_names(c, names, id);
  }
  // A name disagreement: mentions of one title whose names are spellings of each other.
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = 0; j < names.size(); ++j) {
      const NameMention& a = names[i].second;
      const NameMention& b = names[j].second;
      if (names[i].first == names[j].first || a.role != b.role ||
          !variant_spellings(a.words, b.words))
        continue;
      // Both spellings go into the title's context; an article that uses both is left out.
      add_value(contexts, "name|" + a.role, a.role + " (name)", names[i].first, a.as_written);
    }
  std::vector<Disagreement> out;
  for (auto& [key, ctx] : contexts) {
    std::map<std::string, std::vector<ArticleId>> by_value;
    for (const auto& [article, values] : ctx.values)
      if (values.size() == 1) by_value[*values.begin()].push_back(article);
    if (by_value.size() < 2) continue;
    if (key.starts_with("date|") && !dates_close(by_value)) continue;
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
