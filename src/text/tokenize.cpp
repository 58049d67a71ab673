#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "text/text.h"

namespace storyline::text {
namespace {

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }

// ASCII answers inline (most text is ASCII, and the ICU lookups are the tokenizer's main
// cost); the same answers as ICU's for every ASCII character (tested).
bool is_ascii_alnum(UChar32 c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

bool is_word_char(UChar32 c) {
  if (c >= 0 && c < 0x80) return is_ascii_alnum(c);
  return c >= 0 && (u_isalnum(c) || u_hasBinaryProperty(c, UCHAR_ALPHABETIC) ||
                    u_charType(c) == U_NON_SPACING_MARK);
}

bool is_digit(UChar32 c) { return c < 0x80 ? c >= '0' && c <= '9' : u_isdigit(c) != 0; }

// Scans one token starting at i (which must be a word char). Returns end offset.
template <typename OnChar>
int32_t scan_token(const uint8_t* p, int32_t i, int32_t n, bool& numeric, OnChar&& on_char) {
  numeric = true;
  while (i < n) {
    int32_t j = i;
    UChar32 c;
    U8_NEXT(p, j, n, c);
    if (is_word_char(c)) {
      if (!is_digit(c)) numeric = false;
      on_char(c);
      i = j;
      continue;
    }
    // Inner apostrophe (don't, Hegseth's) or inner . , between digits (3.5, 126,000).
    if (j < n && (is_apostrophe(c) || ((c == '.' || c == ',') && numeric))) {
      int32_t k = j;
      UChar32 next;
      U8_NEXT(p, k, n, next);
      const bool ok = is_apostrophe(c) ? is_word_char(next) && !is_digit(next)
                                       : (next >= 0 && is_digit(next));
      if (ok) {
        on_char(is_apostrophe(c) ? UChar32('\'') : c);
        i = j;
        continue;
      }
    }
    break;
  }
  return i;
}

}  // namespace

void check_offset_limit(std::string_view s, const char* what) {
  if (s.size() > kMaxTextBytes)
    throw std::length_error(std::string(what) + ": text of " + std::to_string(s.size()) +
                            " bytes is over the " + std::to_string(kMaxTextBytes) +
                            "-byte limit of text offsets (kMaxTextBytes)");
}

std::vector<Token> tokenize(std::string_view s) {
  check_offset_limit(s, "tokenize");
  std::vector<Token> out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    int32_t j = i;
    UChar32 c;
    U8_NEXT(p, j, n, c);
    if (!is_word_char(c)) {
      i = j;
      continue;
    }
    Token t;
    t.begin = static_cast<uint32_t>(i);
    t.capitalized = c < 0x80 ? c >= 'A' && c <= 'Z' : u_isupper(c) || u_istitle(c);
    bool numeric = false;
    const int32_t end = scan_token(p, i, n, numeric, [&](UChar32 ch) {
      if (ch < 0x80)  // ASCII inline: the common case
        t.lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
      else if (const UChar32 lc = u_tolower(ch); lc < 0x80)
        t.lower += static_cast<char>(lc);
      else
        append_utf8(t.lower, static_cast<char32_t>(lc));
    });
    t.end = static_cast<uint32_t>(end);
    t.numeric = numeric;
    if (t.lower.size() > 2 && t.lower.compare(t.lower.size() - 2, 2, "'s") == 0)
      t.lower.resize(t.lower.size() - 2);
    out.push_back(std::move(t));
    i = end;
  }
  return out;
}

std::size_t count_words(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  std::size_t count = 0;
  while (i < n) {
    int32_t j = i;
    UChar32 c;
    U8_NEXT(p, j, n, c);
    if (!is_word_char(c)) {
      i = j;
      continue;
    }
    bool numeric = false;
    i = scan_token(p, i, n, numeric, [](UChar32) {});
    ++count;
  }
  return count;
}

namespace {
// Sorted for binary search.
constexpr std::array<std::string_view, 187> kStopwords = {
    "a",        "about",   "above",   "after",   "again",   "against", "ago",     "all",
    "almost",   "also",    "am",      "among",   "an",      "and",     "any",     "are",
    "around",   "as",      "at",      "be",      "became",  "because", "been",    "before",
    "being",    "below",   "between", "both",    "but",     "by",      "can",     "could",
    "did",      "do",      "does",    "doing",   "done",    "down",    "during",  "each",
    "either",   "else",    "even",    "ever",    "every",   "few",     "for",     "from",
    "further",  "get",     "got",     "had",     "has",     "have",    "having",  "he",
    "her",      "here",    "hers",    "herself", "him",     "himself", "his",     "how",
    "however",  "i",       "if",      "in",      "into",    "is",      "it",      "its",
    "itself",   "just",    "last",    "least",   "less",    "like",    "made",    "make",
    "many",     "may",     "me",      "might",   "more",    "most",    "much",    "must",
    "my",       "myself",  "near",    "neither", "never",   "new",     "no",      "nor",
    "not",      "now",     "of",      "off",     "often",   "on",      "once",    "one",
    "only",     "or",      "other",   "others",  "ought",   "our",     "ours",    "ourselves",
    "out",      "over",    "own",     "per",     "perhaps", "rather",  "really",  "said",
    "same",     "say",     "says",    "see",     "seen",    "several", "shall",   "she",
    "should",   "since",   "so",      "some",    "still",   "such",    "than",    "that",
    "the",      "their",   "theirs",  "them",    "themselves", "then", "there",   "these",
    "they",     "this",    "those",   "though",  "through", "thus",    "to",      "too",
    "toward",   "two",     "under",   "until",   "up",      "upon",    "us",      "very",
    "via",      "was",     "we",      "well",    "were",    "what",    "when",    "where",
    "whether",  "which",   "while",   "who",     "whom",    "whose",   "why",     "will",
    "with",     "within",  "without", "would",   "yet",     "you",     "your",    "yours",
    "yourself", "yourselves", "'s",
};
}  // namespace

bool is_stopword(std::string_view word) {
  static const auto sorted = [] {
    auto a = kStopwords;
    std::sort(a.begin(), a.end());
    return a;
  }();
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

}  // namespace storyline::text
