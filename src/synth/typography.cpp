// Typography of a story: the artefacts tokenizers leave in scraped or corpus text
// repaired ("Russia 's" -> "Russia's", "Haiti , with" -> "Haiti, with", "-LRB-" -> "("),
// and one style of quotation marks and apostrophes for a whole story.
// Both edits change punctuation and spacing only, never a letter or digit of a word:
// the provenance checker accepts exactly them (see synth.h).
#include <string>
#include <string_view>

#include "synth/synth.h"

namespace storyline::synth {
namespace {

bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool digit(char c) { return c >= '0' && c <= '9'; }
// A letter (ASCII or any byte of a multi-byte UTF-8 letter).
bool wordish(char c) { return alnum(c) || static_cast<unsigned char>(c) >= 0x80; }

constexpr std::string_view kOpenDouble = "\xE2\x80\x9C";   // “
constexpr std::string_view kCloseDouble = "\xE2\x80\x9D";  // ”
constexpr std::string_view kOpenSingle = "\xE2\x80\x98";   // ‘
constexpr std::string_view kCloseSingle = "\xE2\x80\x99";  // ’ (and the apostrophe)

// Length of a clitic that a tokenizer split from its word, at the start of `rest`:
// an apostrophe (straight or curly) followed by s, re, ve, ll, d, m, or "n't", with no
// letter after it. 0 when `rest` does not start with one.
std::size_t clitic_length(std::string_view rest) {
  std::size_t k = 0;
  if (rest.starts_with("n'"))
    k = 2;
  else if (rest.starts_with("n\xE2\x80\x99"))
    k = 4;
  if (k > 0) {
    if (rest.size() > k && (rest[k] == 't' || rest[k] == 'T') &&
        (rest.size() == k + 1 || !wordish(rest[k + 1])))
      return k + 1;
    return 0;
  }
  if (rest.starts_with("'"))
    k = 1;
  else if (rest.starts_with(kCloseSingle))
    k = 3;
  else
    return 0;
  const std::string_view after = rest.substr(k);
  for (std::string_view c : {"s", "re", "ve", "ll", "d", "m", "S", "RE", "VE", "LL", "D", "M"})
    if (after.starts_with(c) && (after.size() == c.size() || !wordish(after[c.size()])))
      return k + c.size();
  return 0;
}

// Penn Treebank bracket tokens.
struct Bracket {
  std::string_view token;
  char replacement;
};
constexpr Bracket kBrackets[] = {{"-LRB-", '('}, {"-RRB-", ')'}, {"-LSB-", '['},
                                 {"-RSB-", ']'}, {"-LCB-", '{'}, {"-RCB-", '}'}};

}  // namespace

// Whether the text has anything repair_typography() would change but white space at its
// ends (most sentences have nothing: a cheap scan first).
bool needs_typography_repair(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const char c = s[i];
    const char n = s[i + 1];
    switch (c) {
      case ' ':
        switch (n) {
          case ' ': case ',': case '.': case ';': case ':': case '!': case '?': case ')':
          case ']': case '}': case '%': case '\'':
            return true;
          case 'n':  // " n't"
            if (i + 2 < s.size() && (s[i + 2] == '\'' || s[i + 2] == '\xE2')) return true;
            break;
          case '\xE2':  // " ’s", " ”"
            if (s.compare(i + 1, 3, kCloseSingle) == 0 || s.compare(i + 1, 3, kCloseDouble) == 0)
              return true;
            break;
          default:
            break;
        }
        break;
      case '\xE2':  // "“ We", "‘ We"
        if (i + 3 < s.size() && s[i + 3] == ' ' &&
            (s.compare(i, 3, kOpenDouble) == 0 || s.compare(i, 3, kOpenSingle) == 0))
          return true;
        break;
      case '(': case '[': case '$':
        if (n == ' ') return true;
        break;
      case '`':
        return true;
      case '\'':
        if (n == '\'') return true;
        break;
      case '-':
        if (n >= 'L' && n <= 'R') return true;
        break;
      default:
        break;
    }
  }
  return false;
}

std::string repair_typography(std::string_view s, bool english) {
  // White space at either end (a sentence span keeps the space after it) goes first.
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  if (!needs_typography_repair(s)) return std::string(s);
  // 1. Tokens of the Penn Treebank convention back to their characters: brackets, and
  //    `` '' ` for opening and closing quotation marks.
  std::string a;
  a.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    bool done = false;
    if (s[i] == '-') {
      for (const Bracket& b : kBrackets)
        if (s.compare(i, b.token.size(), b.token) == 0) {
          a.push_back(b.replacement);
          i += b.token.size();
          done = true;
          break;
        }
    } else if (s.compare(i, 2, "``") == 0) {
      a += kOpenDouble;
      i += 2;
      done = true;
    } else if (s.compare(i, 2, "''") == 0 && (i == 0 || s[i - 1] == ' ' || !wordish(s[i - 1]) ||
                                              i + 2 == s.size() || s[i + 2] == ' ')) {
      a += kCloseDouble;
      i += 2;
      done = true;
    } else if (s[i] == '`' && i + 1 < s.size() && wordish(s[i + 1])) {
      // Between letters a backtick stands for an apostrophe ("it`s"); before a word it
      // opens a quotation.
      a += i > 0 && wordish(s[i - 1]) ? kCloseSingle : kOpenSingle;
      i += 1;
      done = true;
    } else if (s[i] == '`' && (i == 0 || s[i - 1] == ' ') && i + 1 < s.size() && s[i + 1] == ' ') {
      a += kOpenSingle;  // a Penn Treebank opening single mark: "` Great Game '"
      i += 1;
      done = true;
    }
    if (!done) a.push_back(s[i++]);
  }
  // 2. Spacing: no space before closing punctuation, a clitic or a percent sign, none
  //    after an opening bracket or quotation mark or a currency sign before a number,
  //    one space between words. (Languages that space before ; : ! ? keep those spaces.)
  std::string out;
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char c = a[i];
    if (c != ' ') {
      out.push_back(c);
      continue;
    }
    if (out.empty() || out.back() == ' ') continue;  // leading or repeated space
    const std::string_view rest = std::string_view(a).substr(i + 1);
    if (rest.empty()) continue;  // trailing space
    const char n = rest[0];
    const char after = rest.size() > 1 ? rest[1] : ' ';
    const char before = out.back();
    bool drop = false;
    if (n == ',' || n == ')' || n == ']' || n == '}')
      drop = true;
    else if (n == '.' && after != '.' && !digit(after))  // not before "..." or ".5"
      drop = true;
    else if (english && (n == ';' || n == ':' || n == '!' || n == '?'))
      drop = true;
    else if (n == '%' && digit(before))
      drop = true;
    else if (wordish(before) && clitic_length(rest) > 0)
      drop = true;  // "Russia 's", "do n't", "we 're"
    else if (before == '(' || before == '[' || before == '{' || (before == '$' && digit(n)))
      drop = true;
    else if (out.size() >= 3 && (std::string_view(out).substr(out.size() - 3) == kOpenDouble ||
                                 std::string_view(out).substr(out.size() - 3) == kOpenSingle))
      drop = true;  // "“ We" (from ``)
    else if (rest.starts_with(kCloseDouble) &&
             (rest.size() == 3 || !wordish(rest[3])))
      drop = true;  // "needed .”" -> "needed.”"
    if (!drop) out.push_back(' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

QuoteStyle quote_style_of(std::string_view text) {
  std::size_t straight = 0, curly = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      ++straight;
    } else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80') {
      const char k = text[i + 2];
      if (k == '\x9C' || k == '\x9D' || k == '\x98' || k == '\x99') ++curly;
    }
  }
  return curly > straight ? QuoteStyle::curly : QuoteStyle::straight;
}

std::string apply_quote_style(std::string_view s, QuoteStyle style) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (style == QuoteStyle::straight) {
      if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80') {
        const char k = s[i + 2];
        if (k == '\x9C' || k == '\x9D') {
          out.push_back('"');
          i += 2;
          continue;
        }
        if (k == '\x98' || k == '\x99') {
          out.push_back('\'');
          i += 2;
          continue;
        }
      }
      out.push_back(c);
      continue;
    }
    // Curly: a mark opens after a space, an opening bracket, a dash or another opening
    // mark (or at the start), and closes otherwise; an apostrophe is a closing single
    // mark, and so is a leading one before a digit ("'90s").
    if (c != '"' && c != '\'') {
      out.push_back(c);
      continue;
    }
    bool opening = out.empty();
    if (!opening) {
      const char p = out.back();
      opening = p == ' ' || p == '(' || p == '[' || p == '{' || p == '-' ||
                (out.size() >= 3 && (std::string_view(out).substr(out.size() - 3) == kOpenDouble ||
                                     std::string_view(out).substr(out.size() - 3) == kOpenSingle ||
                                     std::string_view(out).substr(out.size() - 3) == "\xE2\x80\x94" ||
                                     std::string_view(out).substr(out.size() - 3) == "\xE2\x80\x93"));
    }
    if (c == '"') {
      out += opening ? kOpenDouble : kCloseDouble;
    } else {
      const bool elision = i + 1 < s.size() && digit(s[i + 1]);
      out += opening && !elision ? kOpenSingle : kCloseSingle;
    }
  }
  return out;
}

}  // namespace storyline::synth
