// text_cleaner.cpp: clean_text() and extract_text() for plain-text scrapes.
//
// A scrape is the article's paragraphs, one per line, often followed by junk the
// scraper picked up after the body: teasers for other articles (cut off mid-word,
// without final punctuation, about something else), glued bylines
// ("Nick BeakeEurope correspondentBBC..."), and boilerplate lines ("Advertisement").
// clean_text() removes those with general rules and keeps every real sentence:
//   - boilerplate lines anywhere (short lines that are only a boilerplate phrase,
//     cookie banners, newsletter prompts) and inline live-blog refs "(see 8.17 post)";
//   - a trailing run of lines each judged a teaser: a line without sentence-final
//     punctuation that also has a truncated last word, glued words, few words, or
//     (when it is not a long multi-sentence paragraph) little vocabulary shared
//     with the body above it.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

#include "extract/extract.h"
#include "text/text.h"

namespace storyline::extract {
namespace {

std::string ascii_lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    lines.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Lower-case letters/digits only, words separated by one space: "Read more »" -> "read more".
std::string normalize_phrase(std::string_view line) {
  std::string r;
  bool space = false;
  for (char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      if (space && !r.empty()) r += ' ';
      space = false;
      r += static_cast<char>(std::tolower(u));
    } else {
      space = true;
    }
  }
  return r;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

// Lines that are page furniture rather than article text.
bool is_boilerplate_line(std::string_view line) {
  const std::string n = normalize_phrase(line);
  if (n.empty()) return true;  // only punctuation / symbols
  static constexpr std::array<std::string_view, 24> kExact{
      "advertisement", "advertisements", "ad", "sponsored", "sponsored content",
      "read more", "read more here", "continue reading", "share", "share this",
      "share this article", "share this story", "share on facebook", "share on twitter",
      "related", "related articles", "related stories", "most read", "skip to content",
      "skip advertisement", "print", "email", "comments", "sign up"};
  for (auto e : kExact)
    if (n == e) return true;
  const std::size_t words = static_cast<std::size_t>(std::count(n.begin(), n.end(), ' ')) + 1;
  if (words <= 12) {
    static constexpr std::array<std::string_view, 10> kPrefix{
        "read more", "sign up for", "subscribe to", "share this", "follow us",
        "click here", "listen to this article", "advertisement", "download our app",
        "get our newsletter"};
    for (auto p : kPrefix)
      if (starts_with(n, p)) return true;
    if (contains(n, "newsletter") && (contains(n, "sign up") || contains(n, "subscribe")))
      return true;
  }
  // Cookie / consent banners.
  if (words <= 60 && contains(n, "cookie") &&
      (contains(n, "we use") || contains(n, "accept") || contains(n, "consent") ||
       contains(n, "this site") || contains(n, "this website") || contains(n, "privacy")))
    return true;
  return false;
}

// Removes live-blog cross references such as "(see 8.17 post)" or "(see post at 10:05)".
std::string strip_liveblog_refs(std::string_view line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t open = line.find('(', i);
    if (open == std::string_view::npos) break;
    const std::size_t close = line.find(')', open);
    bool drop = false;
    if (close != std::string_view::npos && close - open <= 48) {
      const std::string inner = ascii_lower(line.substr(open + 1, close - open - 1));
      const bool see = starts_with(inner, "see ") || starts_with(inner, "see:");
      const bool has_digit = std::any_of(inner.begin(), inner.end(),
                                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      drop = see && has_digit &&
             (contains(inner, "post") || contains(inner, "entry") || contains(inner, "update"));
    }
    if (drop) {
      std::size_t cut = open;
      while (cut > i && line[cut - 1] == ' ') --cut;  // also drop the space before
      out.append(line.substr(i, cut - i));
      i = close + 1;
    } else {
      out.append(line.substr(i, open + 1 - i));
      i = open + 1;
    }
  }
  out.append(line.substr(std::min(i, line.size())));
  return out;
}

// True when the line ends like a sentence: . ! ? or a closing quote / bracket (quotes
// often end paragraphs). A trailing ellipsis ("..." or "…") marks a cut-off teaser.
bool has_final_punctuation(std::string_view line) {
  std::size_t n = line.size();
  while (n > 0 && line[n - 1] == ' ') --n;
  if (n == 0) return false;
  if (n >= 3 && line.substr(n - 3, 3) == "...") return false;
  if (n >= 3 && line.substr(n - 3, 3) == "\xE2\x80\xA6") return false;  // …
  const char c = line[n - 1];
  if (c == '.' || c == '!' || c == '?' || c == '"' || c == ')' || c == '\'' || c == ']')
    return true;
  if (n >= 3) {
    const std::string_view tail = line.substr(n - 3, 3);
    if (tail == "\xE2\x80\x9D" || tail == "\xE2\x80\x99" || tail == "\xC2\xBB") return true;  // ” ’ »
  }
  if (n >= 2 && line.substr(n - 2, 2) == "\xC2\xBB") return true;
  return false;
}

// Counts words glued to the next one: "BeakeEurope", "correspondentBBCAll" (a run of
// >= 4 lower-case letters directly followed by a capital) and "did.He" (a sentence
// end with no space after it).
int count_glued(std::string_view line) {
  int glued = 0;
  int lower_run = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (is_lower(c)) {
      ++lower_run;
      continue;
    }
    if (is_upper(c) && lower_run >= 4) ++glued;
    if (c == '.' && lower_run >= 2 && i + 2 < line.size() && is_upper(line[i + 1]) &&
        is_lower(line[i + 2]))
      ++glued;
    lower_run = 0;
  }
  return glued;
}

// The last word looks cut off: "that th", "the 2026 W".
bool truncated_last_word(std::string_view line) {
  const auto toks = text::tokenize(line);
  if (toks.empty()) return false;
  const auto& t = toks.back();
  if (t.numeric) return false;
  std::size_t n = line.size();
  while (n > 0 && line[n - 1] == ' ') --n;
  if (t.end != n) return false;  // followed by punctuation: not a cut word
  static const std::unordered_set<std::string> kShort{
      "a", "i", "an", "am", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it",
      "me", "my", "no", "of", "oh", "ok", "on", "or", "so", "to", "up", "us", "we", "tv", "uk",
      "eu", "un", "ai", "pm", "ad", "id", "ex", "hi", "ma", "pa", "vs", "ok"};
  if (t.lower.size() > 2) return false;
  return !kShort.count(t.lower) || (t.lower.size() == 1 && t.capitalized && t.lower != "i" &&
                                    t.lower != "a");
}

// Content words of a line: lower case, >= 3 letters, not stopwords, stemmed so
// "countries"/"country" and "rates"/"rate" meet.
std::vector<std::string> content_keys(std::string_view line) {
  thread_local text::Stemmer stemmer("english");
  std::vector<std::string> keys;
  for (const auto& t : text::tokenize(line)) {
    if (t.numeric || t.lower.size() < 3 || text::is_stopword(t.lower)) continue;
    keys.push_back(stemmer.stem(t.lower));
  }
  return keys;
}

// Fraction of the line's content words that the body vocabulary has.
double overlap(std::string_view line, const std::unordered_set<std::string>& vocab) {
  const auto keys = content_keys(line);
  if (keys.empty()) return 0.0;
  std::size_t hit = 0;
  for (const auto& k : keys) hit += vocab.count(k);
  return static_cast<double>(hit) / static_cast<double>(keys.size());
}

// Is line `k` (a trailing line) a teaser / junk line, given the lines above it?
bool is_trailing_junk(const std::vector<std::string>& lines, std::size_t k) {
  const std::string& line = lines[k];
  std::unordered_set<std::string> vocab;
  for (std::size_t i = 0; i < k; ++i)
    for (auto& key : content_keys(lines[i])) vocab.insert(std::move(key));
  const double ov = overlap(line, vocab);
  const int glued = count_glued(line);
  const std::size_t words = text::count_words(line);
  if (!has_final_punctuation(line)) {
    if (truncated_last_word(line)) return true;
    if (glued >= 1) return true;
    if (words < 12) return true;
    // Several sentences and many words: a real paragraph that just lost its period.
    if (words >= 40 && text::split_sentences(line).size() >= 2) return false;
    return ov < 0.3;
  }
  // A complete-looking line is junk only with strong signals (glued byline + off-topic).
  return glued >= 2 && ov < 0.3;
}

}  // namespace

std::string clean_text(std::string_view scraped) {
  const std::string valid = text::to_valid_utf8(scraped);
  std::vector<std::string> lines;
  for (const auto& raw : split_lines(valid)) {
    std::string line = text::collapse_whitespace(strip_liveblog_refs(raw));
    if (line.empty() || is_boilerplate_line(line)) continue;
    lines.push_back(std::move(line));
  }
  // Drop the trailing junk run, never the first line (there is no body to compare with).
  // Teaser runs are short; look at most 12 lines back.
  std::size_t keep = lines.size();
  while (keep > 1 && lines.size() - keep < 12 && is_trailing_junk(lines, keep - 1)) --keep;
  lines.resize(keep);
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

namespace {

// "date YYYY-MM-DD standfirst": storyline's own story format.
bool parse_story_header(std::string_view line, UnixTime& published, std::string& standfirst) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  line.remove_prefix(i);
  if (line.size() < 15 || line.substr(0, 5) != "date ") return false;
  const std::string_view d = line.substr(5, 10);
  for (std::size_t k = 0; k < 10; ++k) {
    const bool dash = k == 4 || k == 7;
    if (dash ? d[k] != '-' : !std::isdigit(static_cast<unsigned char>(d[k]))) return false;
  }
  if (line.size() > 15 && line[15] != ' ' && line[15] != '\t') return false;
  published = parse_date(d);
  if (published == 0) return false;
  standfirst = text::collapse_whitespace(line.substr(15));
  return true;
}

// A first line that reads like a headline: short, no final period.
bool looks_like_title(std::string_view line) {
  const std::size_t words = text::count_words(line);
  if (words == 0 || words >= 20) return false;
  std::size_t n = line.size();
  while (n > 0 && line[n - 1] == ' ') --n;
  return n > 0 && line[n - 1] != '.' && line[n - 1] != ',' && line[n - 1] != ';';
}

}  // namespace

Extracted extract_text(std::string_view plain) {
  Extracted out;
  std::string doc = text::to_valid_utf8(plain);
  if (doc.rfind("\xEF\xBB\xBF", 0) == 0) doc.erase(0, 3);  // BOM
  // Normalize CR LF / CR line ends.
  std::string norm;
  norm.reserve(doc.size());
  for (std::size_t i = 0; i < doc.size(); ++i) {
    if (doc[i] == '\r') {
      norm += '\n';
      if (i + 1 < doc.size() && doc[i + 1] == '\n') ++i;
    } else {
      norm += doc[i];
    }
  }
  // First non-blank line.
  std::size_t pos = 0;
  while (pos < norm.size()) {
    const std::size_t end = std::min(norm.find('\n', pos), norm.size());
    if (!text::collapse_whitespace(std::string_view(norm).substr(pos, end - pos)).empty()) break;
    pos = end + 1;
  }
  if (pos >= norm.size()) return out;
  const std::size_t eol = std::min(norm.find('\n', pos), norm.size());
  const std::string_view first = std::string_view(norm).substr(pos, eol - pos);
  const std::string_view rest = eol < norm.size() ? std::string_view(norm).substr(eol + 1) : "";

  if (parse_story_header(first, out.published, out.title)) {
    out.text = clean_text(rest);
    return out;
  }
  const std::string first_clean = text::collapse_whitespace(first);
  if (looks_like_title(first_clean)) {
    std::string body = clean_text(rest);
    if (text::count_words(body) >= 8) {  // a title needs a body after it
      out.title = first_clean;
      out.text = std::move(body);
      return out;
    }
  }
  out.text = clean_text(std::string_view(norm).substr(pos));
  return out;
}

}  // namespace storyline::extract
