// Candidate sentences for a story: the junk filter, safe rewrites (live-blog and
// outlet self-references, discourse markers) and stemmed TF-IDF term vectors.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <memory>
#include <unordered_set>

#include "synth/internal.h"
#include "synth/synth.h"

namespace storyline::synth::detail {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

// Upper-cases the first byte when it is an ASCII letter.
void capitalize_first(std::string& s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ws = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (ws) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      // No space before closing punctuation left behind by a removal (an ellipsis " ..."
      // and a decimal " .5" keep theirs, as in repair_typography()).
      const char next = i + 1 < s.size() ? s[i + 1] : ' ';
      const bool stop = c == '.' && next != '.' && !(next >= '0' && next <= '9');
      if ((c == ',' || stop || c == ';' || c == ':') && !out.empty() && out.back() == ' ')
        out.pop_back();
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Phrases (lower case) that mark page furniture rather than reporting.
constexpr std::string_view kJunkPhrases[] = {
    "click here",
    "advertisement",
    "sign up",
    "subscribe",
    "newsletter",
    "all rights reserved",
    "copyright",
    "\xC2\xA9",  // ©
    "getty images",
    "ap photo",
    "photo:",
    "photograph:",
    "photo by",
    "photograph by",
    "image caption",
    "image copyright",
    "read more",
    "related:",
    "follow us",
    "javascript",
    "cookies",
    "terms of use",
    "privacy policy",
    "(photo",
    "credit:",
    "picture:",
    "image:",
    "share this",
    "contributed to this",
    "reporting by",
    "editing by",
    "writing by",
    "additional reporting",
    "story continues below",
    "please enable",
    "your browser",
    "this video",
    "watch the video",
    "caption",
    "download the app",
    // Scraped boilerplate: web-archive notices, embedded-tweet and video-player text,
    // newsletter forms, reader prompts.
    "wayback machine",
    "crawl data",
    "these crawls",
    "crawls of",
    "tweet location",
    "to your tweets",
    "unsubscribe",
    "newsletters",
    "try again later",
    "error has occurred",
    "not available right now",
    "rating is available",
    "your inbox",
    "straight to your phone",
    "comments below",
    "in the comments",
    "your own thoughts",
    "our gallery",
    "free encyclopedia",
    "not a robot",
    "continue reading",
    "story continued",
    "contact details",
    "mailing list",
    "file photo",
    "in this photo",
    "photo provided",
    "photo taken",
    ", photo,",
    "web exclusives",
    "confirm your email",
    "confirm your signature",
};

// Words that show an English sentence has a finite verb (besides -ed / -ing forms).
constexpr std::array<std::string_view, 96> kVerbs = {
    "is",    "are",    "was",    "were",    "be",    "been",   "am",      "has",   "have",
    "had",   "will",   "would",  "can",     "could", "may",    "might",   "must",  "should",
    "shall", "do",     "does",   "did",     "said",  "says",   "say",     "told",  "tell",
    "tells", "get",    "gets",   "got",     "make",  "makes",  "made",    "take",  "takes",
    "took",  "go",     "goes",   "went",    "come",  "comes",  "came",    "see",   "sees",
    "saw",   "know",   "knows",  "knew",    "think", "thinks", "thought", "want",  "wants",
    "find",  "finds",  "found",  "give",    "gives", "gave",   "show",    "shows", "left",
    "lost",  "won",    "wins",   "win",     "began", "begins", "held",    "holds", "hold",
    "set",   "sets",   "put",    "puts",    "met",   "meets",  "paid",    "pays",  "ran",
    "runs",  "became", "become", "becomes", "led",   "leads",  "kept",    "keeps", "sent",
    "sends", "spent",  "built",  "hit",     "hits",  "fell",
};

// A set of short lower-case words with a cheap pre-test (first letter and length), so
// that most words of a sentence are rejected without hashing.
class WordSet {
 public:
  template <typename Range>
  explicit WordSet(const Range& words) {
    for (std::string_view w : words) {
      set_.insert(w);
      if (!w.empty()) mask_[key(w)] = true;
    }
  }
  bool contains(std::string_view w) const { return !w.empty() && mask_[key(w)] && set_.contains(w); }

 private:
  static std::size_t key(std::string_view w) {
    return static_cast<unsigned char>(w[0]) * 16 + std::min<std::size_t>(w.size(), 15);
  }
  std::unordered_set<std::string_view> set_;
  std::array<bool, 256 * 16> mask_{};
};

bool has_verb(const std::vector<text::Token>& tokens) {
  static const WordSet verbs(kVerbs);
  for (const text::Token& t : tokens) {
    const std::string& w = t.lower;
    if (verbs.contains(w)) return true;
    if (w.size() > 4 && (w.ends_with("ed") || w.ends_with("ing"))) return true;
    if (w.size() > 3 && w.ends_with("n't")) return true;
    // Third-person present ("announces", "plans") after a capitalized or pronoun subject
    // is too ambiguous to detect reliably; -s words count when not after a determiner.
    if (w.size() > 3 && w.back() == 's' && !w.ends_with("ss") && !w.ends_with("us") &&
        !t.capitalized && !t.numeric)
      return true;
  }
  return false;
}

// The sentence's end without closing quotes/brackets: ends with . ! ? (or …).
bool ends_with_final_punctuation(std::string_view s) {
  while (!s.empty()) {
    const unsigned char c = static_cast<unsigned char>(s.back());
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == ' ') {
      s.remove_suffix(1);
      continue;
    }
    // ” (E2 80 9D) and ’ (E2 80 99)
    if (s.size() >= 3 && s.substr(s.size() - 3, 2) == "\xE2\x80" &&
        (s.back() == '\x9D' || s.back() == '\x99')) {
      s.remove_suffix(3);
      continue;
    }
    break;
  }
  if (s.empty()) return false;
  const char c = s.back();
  if (c == '.' || c == '!' || c == '?') return true;
  return s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xA6";  // …
}

// Quotes must be whole: straight quotes paired, curly quotes balanced.
bool quotes_balanced(std::string_view s) {
  // memchr-based: most sentences have no quotation marks at all.
  std::size_t straight = 0, open = 0, close = 0;
  for (std::size_t i = s.find('"'); i != std::string_view::npos; i = s.find('"', i + 1)) ++straight;
  // Penn Treebank marks (`` and ''), as repair_typography() reads them.
  for (std::size_t i = s.find("``"); i != std::string_view::npos; i = s.find("``", i + 2)) ++open;
  for (std::size_t i = s.find("''"); i != std::string_view::npos; i = s.find("''", i + 2)) ++close;
  for (std::size_t i = s.find('\xE2'); i != std::string_view::npos; i = s.find('\xE2', i + 1)) {
    if (i + 2 >= s.size() || s[i + 1] != '\x80') continue;
    if (s[i + 2] == '\x9C') ++open;   // “
    if (s[i + 2] == '\x9D') ++close;  // ”
  }
  return straight % 2 == 0 && open == close;
}

// Live-blog cross references and photo notes in parentheses.
constexpr std::array<std::string_view, 10> kDroppedParens = {
    "(see ",  "(pictured",   "(above", "(below", "(left",
    "(right", "(file photo", "(video", "(watch", "(read ",
};

std::string drop_parentheticals(std::string_view s) {
  std::string out(s);
  while (out.find('(') != std::string::npos) {
    std::size_t best = std::string::npos;
    const std::string low = lower_ascii(out);
    for (std::string_view p : kDroppedParens) {
      const std::size_t at = low.find(p);
      if (at != std::string::npos && at < best) best = at;
    }
    if (best == std::string::npos) break;
    const std::size_t close = out.find(')', best);
    if (close == std::string::npos) break;
    std::size_t from = best;
    while (from > 0 && out[from - 1] == ' ') --from;
    out.erase(from, close + 1 - from);
  }
  return out;
}

// "the BBC understands", "CNN has learned", "The Guardian can reveal that".
constexpr std::array<std::string_view, 5> kSelfRefVerbs = {
    "understands", "has learned", "has learnt", "can reveal", "has been told",
};

// Words of outlet names that are not all capitals ("Reuters", "Sky News", "The Times").
bool known_outlet(std::string_view w) {
  static constexpr std::string_view kOutlets[] = {
      "Reuters", "Axios",    "Politico", "Bloomberg", "Sky",         "Semafor", "Bild",
      "Haaretz", "Guardian", "Times",    "Telegraph", "Independent", "Post",    "Journal",
      "News",    "Mail",     "Mirror",   "Observer",  "Economist",   "Herald",  "Tribune"};
  return std::find(std::begin(kOutlets), std::end(kOutlets), w) != std::end(kOutlets);
}

bool all_caps_word(std::string_view w) {
  if (w.size() < 2) return false;
  for (char c : w)
    if (!(c >= 'A' && c <= 'Z')) return false;
  return true;
}

std::string drop_self_references(std::string s) {
  for (std::string_view verb : kSelfRefVerbs) {
    std::size_t at = s.find(verb);
    if (at == std::string::npos || at == 0 || s[at - 1] != ' ') continue;
    --at;  // the verb with its leading space
    const std::size_t verb_size = verb.size() + 1;
    // The outlet's name: 1-3 capitalized words before the verb ("BBC", "Sky News"),
    // after an optional "the". Only outlet-like names count (an all-capitals word or a
    // word of a known outlet's name), so "Smith understands the risks" and "The Prime
    // Minister understands that..." stay.
    std::size_t start = at;
    int names = 0;
    bool outlet_like = false;
    while (names < 3) {
      std::size_t w = start;
      while (w > 0 && s[w - 1] != ' ' && s[w - 1] != ',') --w;
      const std::string_view word(s.data() + w, start - w);
      if (word.empty() || !std::isupper(static_cast<unsigned char>(word[0])) || word == "The")
        break;
      outlet_like |= all_caps_word(word) || known_outlet(word);
      ++names;
      start = w;
      if (start == 0 || s[start - 1] != ' ') break;
      --start;
    }
    if (names == 0) continue;
    while (start < at && s[start] == ' ') ++start;
    if (!outlet_like) continue;
    if (start >= 4 &&
        (s.compare(start - 4, 4, "the ") == 0 || s.compare(start - 4, 4, "The ") == 0))
      start -= 4;
    std::size_t end = at + verb_size;
    std::size_t before = start;
    while (before > 0 && s[before - 1] == ' ') --before;
    if (before == 0) {
      // Leading: "The BBC understands that the minister..." -> "The minister..."
      if (s.compare(end, 5, " that") == 0) end += 5;
      while (end < s.size() && (s[end] == ' ' || s[end] == ',')) ++end;
      s.erase(0, end);
      capitalize_first(s);
    } else if (s[before - 1] == ',') {
      // Inserted: "The minister, the BBC understands, will..." / "..., the BBC understands."
      if (end < s.size() && s[end] == ',') ++end;
      s.erase(before - 1, end - (before - 1));
    }
  }
  return s;
}

}  // namespace

namespace {
// The commonest English function words (a third of running English text).
const WordSet kCommonEnglish(std::initializer_list<std::string_view>{
    "the", "of",   "and",  "to",   "a",   "in",    "is",   "was",  "that", "for",
    "on",  "it",   "with", "as",   "he",  "she",   "by",   "at",   "from", "his",
    "her", "have", "has",  "had",  "be",  "are",   "were", "said", "this", "they",
    "an",  "not",  "but",  "will", "who", "their", "its"});
}  // namespace

bool looks_english(std::string_view text) {
  // A cheap byte scan over the opening: ASCII-letter words, the share of English
  // function words among them (English prose runs at ~40-50%, other languages near 0).
  text = text.substr(0, 400);
  std::size_t words = 0, stop = 0;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    ++words;
    stop += kCommonEnglish.contains(word) ? 1 : 0;
    word.clear();
  };
  for (char c : text) {
    if (c >= 'A' && c <= 'Z')
      word.push_back(static_cast<char>(c + 32));
    else if ((c >= 'a' && c <= 'z') || c == '\'')
      word.push_back(c);
    else if (static_cast<unsigned char>(c) >= 0x80)
      word.push_back('~');  // non-ASCII letter
    else
      flush();
  }
  flush();
  return words > 0 && stop * 100 >= words * 20;
}

namespace {
// A teaser cut off by its page: ends with "..." or "…" (after any closing quote).
bool truncated(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.back() == '"' || s.back() == '\'' || s.back() == ')' || s.back() == ' '))
      s.remove_suffix(1);
    else if (s.ends_with("\xE2\x80\x9D") || s.ends_with("\xE2\x80\x99"))  // ” ’
      s.remove_suffix(3);
    else
      break;
  }
  return s.ends_with("...") || s.ends_with("\xE2\x80\xA6");
}

// Two sentences run together by a scrape: "...in a row.Those schools..." (a word of two
// lower-case letters or more, a full stop, then a capitalized word with no space).
bool glued(std::string_view s) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  for (std::size_t i = s.find('.'); i != std::string_view::npos && i + 2 < s.size();
       i = s.find('.', i + 1))
    if (i >= 2 && lower(s[i - 1]) && lower(s[i - 2]) && upper(s[i + 1]) && lower(s[i + 2]))
      return true;
  return false;
}

// A teaser's title glued to its own link text: the opening words (4 or more) said twice in a
// row ("Rocky The Bobcat Back On The Loose Rocky The Bobcat Back On The Loose Residents ...",
// "Photos: Sinking of the Musashi Photos: Sinking of the Musashi ..."). Prose does not repeat
// its opening like that; a scrape of a page's list of other stories does.
// The same with a name of 2 or 3 capitalized words, a byline glued to an author's blurb
// ("Mark Joseph Stern Mark Joseph Stern covers courts and the law for Slate.").
bool repeated_opening(const std::vector<text::Token>& tokens) {
  for (std::size_t k = 2; 2 * k <= tokens.size() && k <= 20; ++k) {
    bool same = true, names = true;
    for (std::size_t i = 0; i < k && same; ++i) {
      same = tokens[i].lower == tokens[k + i].lower;
      names = names && tokens[i].capitalized && tokens[k + i].capitalized;
    }
    if (same && (k >= 4 || names)) return true;
  }
  return false;
}

// A piece of a sentence: it begins with a small letter ("staff, and so much to do that...",
// "improving information-sharing between federal, state and local operators.", a section
// label "commentary Once Sprint gets the iPhone, ..."), where the page or a list cut it.
// A first word with a capital inside is a name written that way ("iPhone", "eBay").
bool lowercase_start(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  for (const char c : s) {
    if (c == ' ') break;
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

bool is_weekday(std::string_view w) {
  static constexpr std::string_view kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};
  return std::find(std::begin(kDays), std::end(kDays), w) != std::end(kDays);
}

bool is_month(std::string_view w) {
  static constexpr std::string_view kMonths[] = {
      "jan",  "feb",  "march", "april",   "may",      "june",   "july",      "aug",     "sept",
      "sep",  "oct",  "nov",   "dec",     "january",  "february", "august", "september", "october",
      "november", "december"};
  return std::find(std::begin(kMonths), std::end(kMonths), w) != std::end(kMonths);
}

// Wire photo captions: "FILE - In this May 24, 2016 file photo, ...", and the caption
// dateline "..., Tuesday, Feb. 19, 2013, in Sun Lakes, Ariz." (weekday, month, day and
// year in a row, which reporting prose does not write).
bool photo_caption(std::string_view s, const std::vector<text::Token>& tokens) {
  if (s.starts_with("FILE -") || s.starts_with("FILE \xE2\x80\x93") ||
      s.starts_with("FILE \xE2\x80\x94"))
    return true;
  for (std::size_t i = 0; i + 3 < tokens.size(); ++i)
    if (tokens[i + 3].numeric && tokens[i + 3].lower.size() == 4 && tokens[i + 2].numeric &&
        tokens[i].capitalized && is_weekday(tokens[i].lower) && is_month(tokens[i + 1].lower))
      return true;
  // An agency's caption ends with the place and the date, nothing between them: "... at a
  // hotel in Kathmandu, Nepal May 30, 2016." (prose puts a word such as "on" before a date).
  const std::size_t n = tokens.size();
  if (n >= 5 && tokens[n - 1].numeric && tokens[n - 1].lower.size() == 4 && tokens[n - 2].numeric &&
      tokens[n - 2].lower.size() <= 2 && tokens[n - 3].capitalized && is_month(tokens[n - 3].lower) &&
      tokens[n - 4].capitalized && !is_month(tokens[n - 4].lower) && !is_weekday(tokens[n - 4].lower) &&
      s.ends_with(tokens[n - 1].lower + "."))
    return true;
  return false;
}

const char* junk_reason(std::string_view s, const std::vector<text::Token>& tokens, bool english) {
  if (tokens.size() < 6) return "too short";
  if (tokens.size() > 60) return "too long";
  if (!ends_with_final_punctuation(s)) return "no final punctuation";
  if (!quotes_balanced(s)) return "partial quote";
  std::size_t upper = 0, lower = 0;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') ++upper;
    if (c >= 'a' && c <= 'z') ++lower;
  }
  if (upper + lower > 10 && upper * 10 > (upper + lower) * 6) return "all caps";
  for (std::string_view u : {"http", "HTTP", "www.", "WWW.", ".com/", "@"})
    if (s.find(u) != std::string_view::npos) return "url";
  if (truncated(s)) return "truncated";
  if (glued(s)) return "glued text";
  if (repeated_opening(tokens)) return "repeated title";
  if (lowercase_start(s)) return "fragment";
  if (photo_caption(s, tokens)) return "photo caption";
  // Page furniture: the phrase search runs only when a sentence has a word that
  // occurs in one of the phrases and is rare in reporting (most sentences have none).
  // (A trigger word shares its first letter and length with few common words: "tip"
  // would send every "the" through the set.)
  static const WordSet triggers(std::initializer_list<std::string_view>{
      "click",   "advertisement", "sign",       "subscribe", "newsletter", "reserved",  "copyright",
      "getty",   "photo",         "photograph", "caption",   "image",      "read",      "related",
      "follow",  "javascript",    "cookies",    "terms",     "privacy",    "credit",    "picture",
      "share",   "contributed",   "reporting",  "editing",   "writing",    "continues", "enable",
      "browser", "video",         "watch",      "download",  "wayback",    "crawl",     "crawls",
      "tweet",   "tweets",        "unsubscribe", "newsletters", "error",    "available", "inbox",
      "phone",   "comments",      "thoughts",   "gallery",   "encyclopedia", "robot",
      "exclusives", "continue",   "continued",  "contact",   "mailing",   "confirm"});
  bool triggered = s.find("\xC2\xA9") != std::string_view::npos;  // ©
  for (const text::Token& t : tokens) triggered = triggered || triggers.contains(t.lower);
  if (triggered) {
    const std::string low = lower_ascii(s);
    for (std::string_view p : kJunkPhrases)
      if (low.find(p) != std::string::npos) return "page furniture";
  }
  // An app's plug: "Get the CBS app for iPhone & iPad!", "Download the ... app".
  if ((starts_with_ci(s, "get the ") || starts_with_ci(s, "download the ")) &&
      std::any_of(tokens.begin(), tokens.begin() + std::min<std::size_t>(tokens.size(), 6),
                  [](const text::Token& t) { return t.lower == "app" || t.lower == "apps"; }))
    return "page furniture";
  if (starts_with_ci(s, "by ")) {
    // Byline: "By Jane Smith and John Doe, Reuters." (all words capitalized)
    bool all_caps_words = true;
    for (std::size_t i = 1; i < tokens.size(); ++i)
      if (!tokens[i].capitalized && tokens[i].lower != "and") all_caps_words = false;
    if (all_caps_words) return "byline";
  }
  if (english && !has_verb(tokens)) return "no verb";
  return nullptr;
}
}  // namespace

const char* junk_reason(std::string_view s, bool english) {
  return junk_reason(s, text::tokenize(s), english);
}

// A dateline at the front of a sentence: "WASHINGTON — ", "NEW YORK (AP) — ", "SAN JUAN,
// Puerto Rico — ", "Washington (CNN) " (internal.h).
std::size_t dateline_length(std::string_view s) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  // The place: words in capitals ("NEW YORK", "ST. LOUIS"), else capitalized words before
  // an agency's parenthesis ("Washington (CNN)").
  std::size_t i = 0, words = 0;
  bool all_caps = true;
  while (i < s.size() && words < 4 && upper(s[i])) {
    std::size_t j = i;
    while (j < s.size() && (letter(s[j]) || s[j] == '.' || s[j] == '\'')) {
      all_caps = all_caps && !(s[j] >= 'a' && s[j] <= 'z');
      ++j;
    }
    ++words;
    i = j;
    if (i + 1 < s.size() && s[i] == ' ' && upper(s[i + 1])) ++i;
    else break;
  }
  if (words == 0 || i < 2) return 0;
  // ", Puerto Rico" after a place in capitals.
  if (all_caps && i + 2 < s.size() && s[i] == ',' && s[i + 1] == ' ' && upper(s[i + 2])) {
    std::size_t j = i + 2, more = 0;
    while (j < s.size() && more < 3 && upper(s[j])) {
      while (j < s.size() && (letter(s[j]) || s[j] == '.')) ++j;
      ++more;
      if (j + 1 < s.size() && s[j] == ' ' && upper(s[j + 1])) ++j;
      else break;
    }
    i = j;
  }
  bool agency = false;
  if (i + 1 < s.size() && s[i] == ' ' && s[i + 1] == '(') {
    static constexpr std::string_view kAgencies[] = {"(AP)", "(CNN)", "(Reuters)", "(AFP)", "(UPI)",
                                                     "(CNN Business)", "(CNNMoney)", "(Bloomberg)"};
    for (std::string_view a : kAgencies)
      if (s.substr(i + 1).starts_with(a)) {
        i += 1 + a.size();
        agency = true;
        break;
      }
  }
  if (!all_caps && !agency) return 0;
  // The separator: a dash, or (after an agency) just a space.
  std::size_t j = i;
  bool dash = false;
  for (std::string_view d : {" \xE2\x80\x94 ", " \xE2\x80\x93 ", " -- ", " - ", " \xE2\x80\x94", "\xE2\x80\x94 "})
    if (s.substr(i).starts_with(d)) {
      j = i + d.size();
      dash = true;
      break;
    }
  if (!dash) {
    if (!agency || i >= s.size() || s[i] != ' ') return 0;
    j = i + 1;
  }
  // A sentence follows: a capital letter or a quotation mark.
  if (j >= s.size() || !(upper(s[j]) || s[j] == '"' || s.substr(j).starts_with("\xE2\x80\x9C"))) return 0;
  return j;
}

namespace {
// Labels a page puts before a link to other content ("RELATED: ...", "Trending News: How Good
// Of A Person Are You?", "PHOTOS: ...", "MORE: ...", AP's "Raw: ..." videos): a sentence that
// opens with one is a teaser for something else, not part of the report. (Transcript
// speakers, "UPDATE:" and "CORRECTION:" are not among them: they open what the report says.)
constexpr std::string_view kLinkLabels[] = {
    "read more",    "related:",     "see also",       "also read",         "watch:",
    "also:",        "more:",        "see more:",      "read:",             "listen:",
    "video:",       "videos:",      "photos:",        "photo:",            "gallery:",
    "raw:",         "story:",       "blog:",          "news:",             "trending news:",
    "trending:",    "most read:",   "most popular:",  "popular:",          "recommended:",
    "don't miss:",  "full list:",   "explore further:", "more information:", "journal reference:",
    "just watched", "must watch",   "sponsored:",     "editor's picks:",   "editor's pick:"};
}  // namespace

std::string clean_sentence(std::string_view s) {
  for (std::string_view p : kLinkLabels)
    if (starts_with_ci(s, p)) return {};
  // Page furniture glued to the front of a sentence by a scrape: "Image The White House
  // said...", "Advertisement Continue reading the main story The court...", "Updated | ...",
  // a video player's "CLOSE" button, a share button's "Email This".
  // "Image" only before a function word ("Image Comics said..." is a name).
  for (bool again = !s.empty() && (s[0] == 'A' || s[0] == 'I' || s[0] == 'U' || s[0] == 'C' || s[0] == 'E');
       again;) {
    again = false;
    for (std::string_view p : {"Advertisement Continue reading the main story ", "Advertisement ",
                               "ADVERTISEMENT ", "Image ", "Updated | ", "Updated: ", "CLOSE ", "Email This "}) {
      if (s.size() <= p.size() + 1 || !s.starts_with(p) || s[p.size()] < 'A' || s[p.size()] > 'Z')
        continue;
      if (p == "Image ") {
        std::size_t end = p.size();
        while (end < s.size() && std::isalpha(static_cast<unsigned char>(s[end]))) ++end;
        if (!text::is_stopword(lower_ascii(s.substr(p.size(), end - p.size())))) continue;
      }
      s.remove_prefix(p.size());
      again = true;
    }
  }
  std::string out = drop_parentheticals(s);
  out = drop_self_references(std::move(out));
  out = collapse_spaces(out);
  return out;
}

namespace {
// Sentence-initial discourse markers (with the following comma, when any).
constexpr std::array<std::string_view, 16> kMarkers = {
    "However,",     "However",       "But",        "And",       "Also,",        "Also",
    "Yet",          "Still,",        "Meanwhile,", "Moreover,", "Furthermore,", "Nevertheless,",
    "In addition,", "Additionally,", "So",         "Plus,",
};
constexpr std::array<std::string_view, 13> kPronouns = {
    "He", "She", "They", "It", "This", "These", "Those", "His", "Her", "Their", "Its", "Him", "We",
};

// Length of the marker `s` starts with (followed by a space), or 0.
std::size_t marker_length(std::string_view s) {
  for (std::string_view m : kMarkers)
    if (s.size() > m.size() + 1 && s.starts_with(m) && s[m.size()] == ' ') return m.size() + 1;
  return 0;
}
}  // namespace

bool starts_with_discourse_marker(std::string_view s) { return marker_length(s) > 0; }

std::string strip_discourse_marker(std::string_view s) {
  const std::size_t n = marker_length(s);
  if (n == 0) return std::string(s);
  std::string out(s.substr(n));
  capitalize_first(out);
  return out;
}

bool starts_with_pronoun(std::string_view s) {
  // Inside a quote too: "“He will also highlight...” needs its speaker.
  if (s.starts_with("\"")) s.remove_prefix(1);
  if (s.starts_with("\xE2\x80\x9C")) s.remove_prefix(3);
  for (std::string_view p : kPronouns)
    if (s.size() > p.size() && s.starts_with(p) &&
        (s[p.size()] == ' ' || s[p.size()] == '\'' || s.compare(p.size(), 3, "\xE2\x80\x99") == 0))
      return true;
  return false;
}

// ---- quotations and voice ----

std::vector<std::pair<std::size_t, std::size_t>> quoted_ranges(std::string_view s) {
  std::vector<std::pair<std::size_t, std::size_t>> inside;
  std::size_t open = std::string_view::npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool straight = s[i] == '"';
    const bool curly_open = s.compare(i, 3, "\xE2\x80\x9C") == 0;
    const bool curly_close = s.compare(i, 3, "\xE2\x80\x9D") == 0;
    if (open == std::string_view::npos && (straight || curly_open)) {
      open = i;
    } else if (open != std::string_view::npos && (straight || curly_close)) {
      inside.emplace_back(open, i);
      open = std::string_view::npos;
    }
  }
  if (open != std::string_view::npos) inside.emplace_back(open, s.size());
  return inside;
}

bool in_ranges(const std::vector<std::pair<std::size_t, std::size_t>>& ranges, std::size_t at) {
  for (const auto& [b, e] : ranges)
    if (at > b && at < e) return true;
  return false;
}

std::size_t first_person_words(std::string_view s, const std::vector<text::Token>& tokens) {
  auto first_person = [](const text::Token& t) {
    const std::string& w = t.lower;
    if (w.empty() || w.size() > 5) return false;
    switch (w[0]) {
      case 'i':
        return w == "i" || w == "i'm" || w == "i've" || w == "i'd";
      case 'w':
        return w == "we" || w == "we're" || w == "we've";
      case 'o':
        return w == "our" || w == "ours";
      case 'm':
        return w == "my" || w == "me" || w == "mine";
      case 'u':
        return w == "us" && !t.capitalized;  // not "US officials", "Us Weekly"
      default:
        return false;
    }
  };
  std::size_t n = 0;
  std::vector<std::pair<std::size_t, std::size_t>> inside;
  bool ranges_known = false;
  for (const text::Token& t : tokens) {
    if (!first_person(t)) continue;
    if (!ranges_known) inside = quoted_ranges(s), ranges_known = true;
    if (!in_ranges(inside, t.begin)) ++n;
  }
  return n;
}


// ---- term vectors ----

double dot(const TermVector& a, const TermVector& b) {
  double sum = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first < b[j].first)
      ++i;
    else if (a[i].first > b[j].first)
      ++j;
    else
      sum += static_cast<double>(a[i++].second) * b[j++].second;
  }
  return sum;
}

void normalize(TermVector& v) {
  double norm = 0;
  for (const auto& [id, w] : v) norm += static_cast<double>(w) * w;
  if (norm <= 0) return;
  const float inv = static_cast<float>(1.0 / std::sqrt(norm));
  for (auto& [id, w] : v) w *= inv;
}

namespace {
// Per-thread stem cache: the English stemmer is the hot spot of a story. Words map to a
// 64-bit key of their stem (a hash: the same in every thread and in every entry of a
// SentenceCache), so that a Vocabulary maps integers, not strings.
struct StemCache {
  text::Stemmer stemmer{"english"};
  std::unordered_map<std::string, std::uint64_t> words;  // word -> stem key (or kNoStem)
  std::uint64_t lookup(const std::string& word, bool numeric) {
    auto it = words.find(word);
    if (it != words.end()) return it->second;
    std::uint64_t key = kNoStem;
    if (word.size() >= 2 && !text::is_stopword(word)) {
      const std::uint64_t h = text::hash64(numeric ? word : stemmer.stem(word));
      key = h == kNoStem ? 1 : h;
    }
    if (words.size() > 200000) words.clear();  // bounded
    return words.emplace(word, key).first->second;
  }
};
StemCache& stem_cache() {
  thread_local StemCache cache;
  return cache;
}
}  // namespace

std::vector<std::uint64_t> stem_keys(const std::vector<text::Token>& tokens) {
  StemCache& cache = stem_cache();
  std::vector<std::uint64_t> keys;
  keys.reserve(tokens.size());
  for (const text::Token& t : tokens) {
    const std::uint64_t key = cache.lookup(t.lower, t.numeric);
    if (key != kNoStem) keys.push_back(key);
  }
  return keys;
}

TermVector Vocabulary::counts(const std::vector<std::uint64_t>& stems) {
  TermVector v;
  v.reserve(stems.size());
  for (const std::uint64_t key : stems) {
    auto [it, inserted] = ids_.try_emplace(key, static_cast<std::uint32_t>(ids_.size()));
    v.emplace_back(it->second, 1.0f);
  }
  std::sort(v.begin(), v.end());
  // Merge duplicates into counts (in place).
  std::size_t out = 0;
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (out > 0 && v[out - 1].first == v[k].first)
      v[out - 1].second += 1.0f;
    else
      v[out++] = v[k];
  }
  v.resize(out);
  return v;
}

std::size_t candidates_per_article(std::size_t n) {
  if (n == 0) return 0;
  // About 80 sentences in all (at most 40 of one article, at least 4): leads matter
  // most, and the work stays bounded (10 articles -> 8 each, 500 -> 4 each). Measured on
  // Multi-News: no ROUGE loss against 60 sentences per article.
  return std::clamp<std::size_t>(80 / n, 4, 40);
}

PreparedArticle prepare_article(const Article& art, std::size_t limit, bool relaxed) {
  PreparedArticle out;
  out.limit = limit;
  // The language tag when the extractor set one, else a guess from the text.
  const bool english = art.language.empty() ? looks_english(art.text) : art.language.starts_with("en");
  const std::string_view body(art.text);
  std::size_t position = 0;
  // Line by line (a line break always ends a sentence), so that splitting stops once
  // the article has given its share of candidates.
  for (std::size_t line = 0; line < body.size() && position < limit;) {
    std::size_t line_end = body.find('\n', line);
    if (line_end == std::string_view::npos) line_end = body.size();
    std::vector<text::Span> spans = text::split_sentences(body.substr(line, line_end - line));
    for (text::Span& sp : spans) {
      sp.begin += static_cast<std::uint32_t>(line);
      sp.end += static_cast<std::uint32_t>(line);
    }
    line = line_end + 1;
    for (std::size_t k = 0; k < spans.size() && position < limit; ++k) {
      text::Span sp = spans[k];
      // Quotes are kept whole: a quote that runs over several sentences of one line
      // becomes one candidate (up to 4 sentences).
      bool balanced = quotes_balanced(sp.of(body));
      for (std::size_t m = k + 1; !balanced && m < spans.size() && m < k + 4; ++m) {
        if (body.substr(sp.end, spans[m].begin - sp.end).find('\n') != std::string_view::npos)
          break;  // not across lines
        sp.end = spans[m].end;
        balanced = quotes_balanced(sp.of(body));
        if (balanced) k = m;
      }
      if (!balanced) sp = spans[k];
      // (clean_sentence() collapses white space: repaired copies only where needed.)
      const std::string_view raw = sp.of(body);
      std::string cleaned = needs_typography_repair(raw) ? clean_sentence(repair_typography(raw, english))
                                                         : clean_sentence(raw);
      if (cleaned.empty()) continue;
      std::vector<text::Token> tokens;
      if (relaxed) {
        // Sources with no sentence fit for a story (every one too long, unfinished or
        // without a verb): any sentence of 3 words or more that is no page furniture,
        // cut to a standfirst's length.
        cleaned = shorten_to_clause(cleaned, kStandfirstMaxWords);
        std::string_view probe = cleaned;  // without the mark of a cut
        if (probe.ends_with(" \xE2\x80\xA6")) probe.remove_suffix(4);
        tokens = text::tokenize(probe);
        const char* why = junk_reason(probe, tokens, false);
        if (tokens.size() < 3 ||
            (why != nullptr && std::string_view("too short|no final punctuation|all caps|"
                                                "partial quote")
                                       .find(why) == std::string_view::npos))
          continue;
        tokens = text::tokenize(cleaned);
      } else {
        // The cheap tests of junk_reason() first, before tokenizing.
        if (!ends_with_final_punctuation(cleaned)) continue;
        tokens = text::tokenize(cleaned);
        if (junk_reason(cleaned, tokens, english) != nullptr) continue;
      }
      PreparedSentence p;
      p.span = sp;
      p.stems = stem_keys(tokens);
      p.text = std::move(cleaned);
      p.tokens = std::move(tokens);
      out.bytes += p.text.capacity() + p.tokens.capacity() * sizeof(text::Token) +
                   p.stems.capacity() * sizeof(std::uint64_t);
      for (const text::Token& t : p.tokens)
        if (t.lower.capacity() > 15) out.bytes += t.lower.capacity();
      out.sentences.push_back(std::move(p));
      ++position;
    }
  }
  // The text ran out before the limit did: a higher limit would find nothing more. (One
  // that ends exactly at the limit counts as not complete: a higher one scans it again.)
  out.complete = position < limit;
  out.text_bytes = art.text.size();
  out.sentences.shrink_to_fit();
  out.bytes += sizeof out + out.sentences.capacity() * sizeof(PreparedSentence);
  return out;
}

std::vector<Candidate> collect_candidates(const std::vector<const Article*>& articles,
                                          std::size_t per_article, Vocabulary& vocab,
                                          bool relaxed, SentenceCache* cache) {
  std::vector<Candidate> out;
  for (std::size_t a = 0; a < articles.size(); ++a) {
    const Article* art = articles[a];
    if (art == nullptr || art->text.empty()) continue;
    // (The relaxed reading is a rare fallback: never cached.)
    const bool cached = cache != nullptr && !relaxed;
    const std::uint64_t key = cached ? text::hash64(art->text, text::hash64(art->language)) : 0;
    std::shared_ptr<const PreparedArticle> prepared = cached ? cache->find(key, per_article, art->text.size()) : nullptr;
    if (!prepared) {
      prepared = std::make_shared<const PreparedArticle>(prepare_article(*art, per_article, relaxed));
      if (cached) cache->put(key, prepared);
    }
    const std::size_t take = std::min(per_article, prepared->sentences.size());
    for (std::size_t k = 0; k < take; ++k) {
      const PreparedSentence& p = prepared->sentences[k];
      Candidate c;
      c.article = a;
      c.span = p.span;
      c.position = k;
      c.text = p.text;
      c.tokens = p.tokens;
      c.words = c.tokens.size();
      c.tf = vocab.counts(p.stems);
      out.push_back(std::move(c));
    }
  }
  // IDF over the cluster's sentences; TF damped logarithmically.
  std::vector<std::uint32_t> sf(vocab.size(), 0);
  for (const Candidate& c : out)
    for (const auto& [id, n] : c.tf) ++sf[id];
  const double total = static_cast<double>(out.size());
  for (Candidate& c : out) {
    c.vec = c.tf;
    for (auto& [id, w] : c.vec)
      w = static_cast<float>((1.0 + std::log(w)) * std::log(1.0 + total / sf[id]));
    normalize(c.vec);
  }
  return out;
}

}  // namespace storyline::synth::detail
