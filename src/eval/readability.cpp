// Readability of a written story, as a reader would notice it: a headline, a standfirst
// within its limit, nothing told twice, no run of sentences opening alike, one style of
// quotes, no tokenizer leftovers. The rules are in eval.h; the told-once rule is
// synth::is_repeat's (the stories are written to it, and checked here by the same rule).
#include <string>
#include <vector>

#include "eval/eval.h"
#include "synth/synth.h"
#include "text/text.h"

namespace storyline::eval {

namespace {
bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
// Length of a clitic split from its word at the start of `rest` ("'s", "’re", "n't"),
// or 0: an apostrophe (straight or curly) and s, re, ve, ll, d, m, or n't, then no letter.
std::size_t clitic(std::string_view rest) {
  std::size_t k = 0;
  if (rest.starts_with("n'")) k = 2;
  else if (rest.starts_with("n\xE2\x80\x99")) k = 4;
  if (k > 0) {
    if (rest.size() > k && rest[k] == 't' && (rest.size() == k + 1 || !alnum(rest[k + 1])))
      return k + 1;
    return 0;
  }
  if (rest.starts_with("'")) k = 1;
  else if (rest.starts_with("\xE2\x80\x99")) k = 3;
  else return 0;
  for (std::string_view c : {"s", "re", "ve", "ll", "d", "m"}) {
    const std::string_view after = rest.substr(k);
    if (after.starts_with(c) && (after.size() == c.size() || !alnum(after[c.size()])))
      return k + c.size();
  }
  return 0;
}
}  // namespace

std::size_t count_artefacts(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '(' && s[i + 1] == ' ') {  // "( the"
      ++n;
      continue;
    }
    if (s[i] != ' ' || i == 0 || s[i - 1] == ' ') continue;
    const char next = s[i + 1];
    const char after = i + 2 < s.size() ? s[i + 2] : ' ';
    if (next == ',' || next == ';' || next == ':' || next == '!' || next == '?' || next == ')') {
      ++n;  // "x , y", "said : ", "( a )"
    } else if (next == '.' && after != '.' && !alnum(after)) {
      ++n;  // "the end ." but not an ellipsis " ..." nor " .5"
    } else if (alnum(s[i - 1]) && clitic(s.substr(i + 1)) > 0) {
      ++n;  // "Russia 's", "do n't"
    }
  }
  return n;
}

bool mixes_quote_styles(std::string_view s) {
  bool straight = false, curly = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"' || s[i] == '\'') straight = true;
    // “ ” ‘ ’ are E2 80 9C / 9D / 98 / 99
    if (static_cast<unsigned char>(s[i]) == 0xE2 && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0x80) {
      const unsigned char c = static_cast<unsigned char>(s[i + 2]);
      if (c == 0x9C || c == 0x9D || c == 0x98 || c == 0x99) curly = true;
    }
  }
  return straight && curly;
}

Readability check_readability(const Story& story) {
  Readability r;
  const std::size_t headline_words = text::count_words(story.headline);
  r.headline = headline_words > 0 && headline_words <= synth::kHeadlineMaxWords;
  r.standfirst_words = text::count_words(story.standfirst.text);
  r.standfirst_within_limit =
      r.standfirst_words > 0 && r.standfirst_words <= synth::kStandfirstMaxWords;
  r.repeated_pairs = synth::find_repeats(story).size();

  std::vector<std::string_view> sentences;
  sentences.push_back(story.standfirst.text);
  for (const StorySentence& s : story.body) sentences.push_back(s.text);
  std::string all(story.headline);
  std::string previous;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    std::string opening = synth::opening_words(sentences[i]);
    if (i > 0 && !opening.empty() && opening == previous) ++r.same_openings;
    previous = std::move(opening);
    all += '\n';
    all += sentences[i];
    r.artefacts += count_artefacts(sentences[i]);
  }
  r.artefacts += count_artefacts(story.headline);
  r.mixed_quotes = mixes_quote_styles(all);
  return r;
}

}  // namespace storyline::eval
