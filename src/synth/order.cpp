// The order of a story's body, as news is written (the inverted pyramid): what happened,
// then the details, then reactions and quotes, then background. Within each part,
// sentences on the same point stay together, and no two sentences in a row open with the
// same words.
#include <algorithm>
#include <functional>
#include <string>
#include <unordered_set>

#include "synth/internal.h"
#include "synth/synth.h"

namespace storyline::synth {

std::string opening_words(std::string_view sentence) {
  // ASCII letters and digits (the common case): the two first words read directly, as
  // text::tokenize() reads them (lower case, an inner apostrophe kept, a possessive "'s"
  // dropped; inner "." and "," of numbers kept).
  {
    std::string out;
    std::size_t i = 0, words = 0;
    bool ascii = true;
    auto alnum = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    while (words < 2 && i < sentence.size() && ascii) {
      const char c = sentence[i];
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii = false;
        break;
      }
      if (!alnum(c)) {
        ++i;
        continue;
      }
      std::string word;
      bool numeric = true;
      for (; i < sentence.size(); ++i) {
        const char d = sentence[i];
        if (static_cast<unsigned char>(d) >= 0x80) {
          ascii = false;
          break;
        }
        if (alnum(d)) {
          numeric = numeric && d >= '0' && d <= '9';
          word.push_back(d >= 'A' && d <= 'Z' ? static_cast<char>(d + 32) : d);
          continue;
        }
        const char next = i + 1 < sentence.size() ? sentence[i + 1] : ' ';
        if (d == '\'' && alnum(next) && !(next >= '0' && next <= '9')) {
          word.push_back('\'');
          continue;
        }
        if ((d == '.' || d == ',') && numeric && next >= '0' && next <= '9') {
          word.push_back(d);
          continue;
        }
        break;
      }
      if (!ascii) break;
      if (word.size() > 2 && word.ends_with("'s")) word.resize(word.size() - 2);
      if (words++ > 0) out.push_back(' ');
      out += word;
    }
    if (ascii) return words == 2 ? out : std::string();
  }
  // The opening only (most sentences' two first words are within 64 bytes); the whole
  // sentence when the second word may run past it.
  const std::string_view head = sentence.substr(0, 64);
  std::vector<text::Token> tokens = text::tokenize(head);
  if (head.size() < sentence.size() && (tokens.size() < 2 || tokens[1].end >= head.size()))
    tokens = text::tokenize(sentence);
  if (tokens.size() < 2) return {};
  return tokens[0].lower + ' ' + tokens[1].lower;
}

namespace detail {
namespace {

bool contains(std::initializer_list<std::string_view> words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// Verbs of reaction: someone judging the event rather than reporting it.
bool reaction_verb(std::string_view w) {
  static const std::unordered_set<std::string_view> kVerbs = {
      "condemned", "condemns",  "criticized", "criticised", "criticizes",    "criticises",
      "praised",   "praises",   "welcomed",   "welcomes",   "slammed",       "slams",
      "blasted",   "blasts",    "denounced",  "denounces",  "hailed",        "hails",
      "applauded", "lauded",    "mourned",    "lamented",   "decried",       "deplored",
      "reacted",   "responded", "tweeted",    "thanked",    "congratulated", "vowed"};
  return w.size() >= 5 && kVerbs.contains(w);
}

// A four-digit year from 1900 to 2099.
int year_of(const text::Token& t) {
  if (!t.numeric || t.lower.size() != 4) return 0;
  const int y = std::stoi(t.lower);
  return y >= 1900 && y <= 2099 ? y : 0;
}

}  // namespace

bool is_background(const std::vector<text::Token>& tokens, int story_year) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& w = tokens[i].lower;
    // Every marker below starts with one of these letters, or is a year.
    if (w.empty() || (std::string_view("ydcliphfwb").find(w[0]) == std::string_view::npos &&
                      !tokens[i].numeric))
      continue;
    const std::string_view next =
        i + 1 < tokens.size() ? std::string_view(tokens[i + 1].lower) : std::string_view();
    // An earlier year than the story's.
    if (const int y = year_of(tokens[i]); y > 0 && story_year > 0 && y < story_year) return true;
    // Time long past: "years ago", "last year", "in the past", "previously", "history".
    if ((w == "years" || w == "decades" || w == "centuries") && next == "ago") return true;
    if (w == "last" && (next == "year" || next == "decade")) return true;
    if (w == "in" && next == "the" && i + 2 < tokens.size() && tokens[i + 2].lower == "past")
      return true;
    if (contains({"previously", "formerly", "history", "historically", "decades-long"}, w))
      return true;
    if ((w == "has" || w == "have" || w == "had") && next == "long") return true;
    // The past perfect: what had happened before the news ("had been", "had signed").
    if (w == "had" && (next == "been" || next == "already" || next == "previously" ||
                       (next.size() > 4 && next.ends_with("ed"))))
      return true;
    if (w == "was" && (next == "founded" || next == "established" || next == "born"))
      return true;
  }
  return false;
}

Role sentence_role(std::string_view text, const std::vector<text::Token>& tokens,
                   std::size_t position, std::size_t quoted_words, int story_year) {
  // Reactions and quotes: a quotation of a few words, or a verb of reaction.
  if (quoted_words >= 4 || text.starts_with("\"") || text.starts_with("\xE2\x80\x9C"))
    return Role::reaction;
  for (const text::Token& t : tokens)
    if (reaction_verb(t.lower) && !in_ranges(quoted_ranges(text), t.begin)) return Role::reaction;
  if (is_background(tokens, story_year)) return Role::background;
  return position < 2 ? Role::event : Role::detail;
}

std::vector<std::size_t> order_units(const std::vector<Unit>& units,
                                     const std::function<double(std::size_t, std::size_t)>& similarity,
                                     const std::string& standfirst_opening,
                                     std::vector<std::size_t>* dropped) {
  constexpr double kSamePoint = 0.2;  // cosine at which two sentences are on one point
  const std::size_t n = units.size();
  std::vector<char> placed(n, 0);
  std::vector<std::size_t> order;
  std::string previous = standfirst_opening;
  std::ptrdiff_t last = -1;  // last unit placed (-1: the standfirst)
  // Whether u comes first among its article's units of its part still to place.
  auto next_of_article = [&](std::size_t u) {
    for (std::size_t v = 0; v < n; ++v)
      if (!placed[v] && v != u && units[v].role == units[u].role &&
          units[v].article == units[u].article && units[v].position < units[u].position)
        return false;
    return true;
  };
  for (std::size_t left = n; left > 0;) {
    // The part being told: the earliest role with units left.
    int role = 99;
    for (std::size_t u = 0; u < n; ++u)
      if (!placed[u]) role = std::min(role, static_cast<int>(units[u].role));
    // Preference: a unit of this part that continues the last one's point, then the most
    // important one; a unit opening like the previous sentence waits (a later part's
    // unit comes first if nothing else can); a unit nothing can follow is left out.
    std::ptrdiff_t best = -1;
    double best_value = -1e18;
    for (int pass = 0; pass < 2 && best < 0; ++pass) {
      for (std::size_t u = 0; u < n; ++u) {
        if (placed[u]) continue;
        if (pass == 0 && static_cast<int>(units[u].role) != role) continue;
        if (pass == 0 && !next_of_article(u)) continue;
        if (!previous.empty() && units[u].first_opening == previous &&
            units[u].role != Role::continuation)
          continue;
        const double sim = similarity(last < 0 ? SIZE_MAX : static_cast<std::size_t>(last), u);
        // Same point first (the next sentence of the last unit's article, else by
        // similarity), else by importance; in the second pass, the earliest part first.
        const bool follows = last >= 0 && units[u].article == units[last].article &&
                             units[u].position > units[last].position &&
                             units[u].position <= units[last].position + 2;
        double value = follows ? 2e6 : sim >= kSamePoint ? 1e6 + sim : units[u].importance;
        if (pass == 1) value -= 1e9 * static_cast<double>(units[u].role);
        if (value > best_value) best_value = value, best = static_cast<std::ptrdiff_t>(u);
      }
    }
    if (best < 0) {
      // Every unit left opens like the previous sentence: the least important goes.
      std::ptrdiff_t worst = -1;
      for (std::size_t u = 0; u < n; ++u)
        if (!placed[u] && (worst < 0 || units[u].importance < units[worst].importance))
          worst = static_cast<std::ptrdiff_t>(u);
      placed[static_cast<std::size_t>(worst)] = 1;
      if (dropped != nullptr) dropped->push_back(static_cast<std::size_t>(worst));
      --left;
      continue;
    }
    const std::size_t b = static_cast<std::size_t>(best);
    placed[b] = 1;
    order.push_back(b);
    previous = units[b].last_opening;
    last = best;
    --left;
  }
  return order;
}

}  // namespace detail
}  // namespace storyline::synth
