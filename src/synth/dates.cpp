// Dates: resolving relative dates ("tomorrow", "on Thursday") against an article's
// publication time, and the event date of a cluster.
#include <algorithm>
#include <array>
#include <string>

#include "synth/internal.h"
#include "synth/synth.h"

namespace storyline::synth {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

int weekday_index(std::string_view lower) {
  for (int i = 0; i < 7; ++i) {
    const std::string_view w = kWeekdays[static_cast<std::size_t>(i)];
    if (lower.size() == w.size() && std::equal(w.begin(), w.end(), lower.begin(),
                                               [](char a, char b) { return (a | 0x20) == b; }))
      return i;
  }
  return -1;
}

bool is_month_word(std::string_view lower) {
  static constexpr std::array<std::string_view, 23> kMonthWords = {
      "january",   "february", "march",    "april",    "may",  "june", "july", "august",
      "september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
      "jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov"};
  return std::find(kMonthWords.begin(), kMonthWords.end(), lower) != kMonthWords.end();
}

bool is_daypart(std::string_view lower) {
  return lower == "morning" || lower == "afternoon" || lower == "evening" || lower == "night";
}

// Prepositions after which "today" needs no added "on".
bool is_preposition(std::string_view lower) {
  static constexpr std::array<std::string_view, 12> kPreps = {"on",      "until", "till",   "by",
                                                              "from",    "since", "before", "after",
                                                              "through", "for",   "of",     "as"};
  return std::find(kPreps.begin(), kPreps.end(), lower) != kPreps.end();
}

// Does the sentence talk about the future ("will", "is expected to", "next")?
bool future_tense(const std::vector<text::Token>& tokens) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& w = tokens[i].lower;
    if (w == "set" && i + 1 < tokens.size() && tokens[i + 1].lower == "to") return true;
    if (w == "will" || w == "shall" || w == "expected" || w == "scheduled" || w == "due" ||
        w == "upcoming" || w == "next" || w == "plans" || w == "going" || w.ends_with("'ll"))
      return true;
  }
  return false;
}

// "Wednesday" / "February 12" of a day number.
std::string weekday_name(std::int64_t day) {
  return std::string(kWeekdays[static_cast<std::size_t>(weekday(day * 86400))]);
}
std::string month_day(std::int64_t day) {
  int y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  return std::string(kMonths[m - 1]) + " " + std::to_string(d);
}

// The first word of newspapers named "<word> on Sunday" (and the like).
bool is_day_named_paper(std::string_view lower) {
  return lower == "mail" || lower == "independent" || lower == "scotland" || lower == "wales";
}

std::int64_t floor_days(UnixTime t) { return t >= 0 ? t / 86400 : (t - 86399) / 86400; }

bool is_word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Every word resolve_relative_dates() rewrites contains "day", "night" or "tomorrow"
// (any case): a byte scan spares most sentences the tokenizer.
bool may_have_relative_date(std::string_view s) {
  for (std::size_t i = 0; i + 3 <= s.size(); ++i) {
    const char c = static_cast<char>(s[i] | 0x20);
    if (c != 'd' && c != 'n' && c != 't') continue;
    auto ci = [&](std::string_view word) {
      if (i + word.size() > s.size()) return false;
      for (std::size_t k = 0; k < word.size(); ++k)
        if (static_cast<char>(s[i + k] | 0x20) != word[k]) return false;
      return true;
    };
    if (ci("day") || ci("night") || ci("tomorrow")) return true;
  }
  return false;
}

}  // namespace

std::string resolve_relative_dates(std::string_view s, UnixTime published) {
  // Times past the year 9999 are not publication times (a corrupt or hostile value):
  // day arithmetic on them would overflow, so the sentence is left as written.
  constexpr UnixTime kLatest = 253402300799;  // 9999-12-31T23:59:59Z
  if (published <= 0 || published > kLatest || !may_have_relative_date(s)) return std::string(s);
  const std::vector<text::Token> tokens = text::tokenize(s);
  const std::int64_t today = floor_days(published);
  const int today_wd = weekday(published);
  const bool future = future_tense(tokens);
  std::vector<std::pair<std::size_t, std::size_t>> quotes;
  bool quotes_known = false;

  std::string out;
  out.reserve(s.size() + 32);
  std::size_t copied = 0;  // bytes of `s` already in `out`
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const text::Token& t = tokens[i];
    const std::string_view raw = s.substr(t.begin, t.end - t.begin);
    const bool possessive =
        raw.size() > 2 && (raw.ends_with("'s") || raw.ends_with("\xE2\x80\x99s"));
    const std::string& w = t.lower;

    // Quotations stay word for word.
    if (!quotes_known) quotes = detail::quoted_ranges(s), quotes_known = true;
    if (detail::in_ranges(quotes, t.begin)) continue;
    const bool relative =
        w == "today" || w == "tonight" || w == "tomorrow" || w == "yesterday";
    if (relative) {
      // A capital inside a sentence makes a name ("NBC's Today", "The Tonight Show",
      // "USA Today").
      if (t.capitalized && i > 0) continue;
    }
    // Newspapers named for their day: "The Mail on Sunday", "Scotland on Sunday".
    if (weekday_index(w) >= 0 && i >= 2 && tokens[i - 1].lower == "on" &&
        tokens[i - 2].capitalized && tokens[i - 1].begin - tokens[i - 2].end == 1 &&
        is_day_named_paper(tokens[i - 2].lower))
      continue;
    std::int64_t day = 0;
    bool relative_word = false;  // today / tomorrow / yesterday / tonight
    bool night = false;
    if (w == "today" || w == "tonight") {
      day = today, relative_word = true, night = w == "tonight";
    } else if (w == "tomorrow") {
      day = today + 1, relative_word = true;
    } else if (w == "yesterday") {
      day = today - 1, relative_word = true;
    } else if (const int wd = weekday_index(w); wd >= 0 && t.capitalized) {
      // Already dated ("Thursday, Feb. 13", "Thursday 13 February")?
      std::size_t k = i + 1;
      if (k < tokens.size() && is_daypart(tokens[k].lower)) ++k;
      if (k < tokens.size() && tokens[k].begin - t.end <= 3 &&
          (tokens[k].numeric || is_month_word(tokens[k].lower)))
        continue;
      // Part of a name: "Super Tuesday", "Good Friday", "the Sunday Times".
      if (i > 0 && tokens[i - 1].capitalized && tokens[i].begin - tokens[i - 1].end == 1) continue;
      if (!possessive && i + 1 < tokens.size() && tokens[i + 1].capitalized &&
          tokens[i + 1].begin - t.end == 1)
        continue;
      const std::string& prev = i > 0 ? tokens[i - 1].lower : std::string();
      const bool forward = prev == "next" || (prev != "last" && future);
      day = forward ? today + (wd - today_wd + 7) % 7 : today - (today_wd - wd + 7) % 7;
      if (prev == "next" && day == today) day += 7;
      if (prev == "last" && day == today) day -= 7;
    } else {
      continue;
    }

    // Emit the text before the token.
    out.append(s.substr(copied, t.begin - copied));
    std::size_t end = t.end;
    std::string phrase = weekday_name(day);
    if (night) phrase += " night";
    if (!possessive && i + 1 < tokens.size() && is_daypart(tokens[i + 1].lower) &&
        tokens[i + 1].begin - t.end == 1) {
      phrase += " " + tokens[i + 1].lower;  // "yesterday morning" -> "Monday morning"
      end = tokens[i + 1].end;
    }
    if (possessive) {
      out += phrase + "'s (" + month_day(day) + ")";
    } else {
      const bool sentence_start = i == 0;
      if (relative_word && !(i > 0 && is_preposition(tokens[i - 1].lower)))
        out += sentence_start ? "On " : "on ";
      out += phrase + ", " + month_day(day);
      // Close the apposition when the sentence goes on: "will on Wednesday, February 12, visit".
      std::size_t k = end;
      while (k < s.size() && s[k] == ' ') ++k;
      if (k > end && k < s.size() && is_word_byte(s[k])) out += ",";
    }
    copied = end;
  }
  out.append(s.substr(copied));
  return out;
}

std::string event_date(const std::vector<const Article*>& articles) {
  std::vector<std::int64_t> days;
  for (const Article* a : articles)
    if (a != nullptr && a->published > 0) days.push_back(floor_days(local_published(*a)));
  if (days.empty())  // no publication dates: when storyline read them
    for (const Article* a : articles)
      if (a != nullptr && a->fetched > 0) days.push_back(floor_days(a->fetched));
  if (days.empty()) return {};
  std::sort(days.begin(), days.end());
  // Densest two-day window; its earliest day (ties: the earliest window).
  std::size_t best_count = 0;
  std::int64_t best_day = days.front();
  std::size_t j = 0;
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (i > 0 && days[i] == days[i - 1]) continue;
    while (j < days.size() && days[j] <= days[i] + 1) ++j;
    if (j - i > best_count) best_count = j - i, best_day = days[i];
  }
  return format_date(best_day * 86400);
}

}  // namespace storyline::synth
