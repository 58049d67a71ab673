#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <memory>

#include "text/text.h"

namespace storyline::text {
namespace {

// Abbreviations that end with "." but rarely end a sentence when a word follows.
constexpr std::array<std::string_view, 53> kTitleAbbrevs = {
    "adm",  "ave",   "brig", "capt", "cmdr", "co",   "col",  "corp", "cpl",  "dept", "dr",
    "esq",  "etc",   "fig",  "fr",   "ft",   "gen",  "gov",  "hon",  "inc",  "jan",  "feb",
    "aug",  "sept",  "sep",  "oct",  "nov",  "dec",  "lt",   "ltd",  "maj",  "messrs", "mr",
    "mrs",  "ms",    "mt",   "no",   "nos",  "pres", "prof", "rep",  "reps", "rev",  "sen",
    "sens", "sgt",   "st",   "supt", "vs",   "approx", "gens", "op",   "v",  // "Roe v. Wade"
};

bool is_title_abbrev(std::string_view w) {
  std::string lower;
  for (char c : w) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  return std::find(kTitleAbbrevs.begin(), kTitleAbbrevs.end(), lower) != kTitleAbbrevs.end();
}

// The word (letters and inner dots) right before a final '.' at the end of `seg`.
std::string_view last_word_before_dot(std::string_view seg) {
  while (!seg.empty() && (seg.back() == ' ' || seg.back() == '\t')) seg.remove_suffix(1);
  if (seg.empty() || seg.back() != '.') return {};
  seg.remove_suffix(1);
  size_t i = seg.size();
  while (i > 0) {
    const char c = seg[i - 1];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.') {
      --i;
      continue;
    }
    break;
  }
  return seg.substr(i);
}

// First word of a segment (ASCII letters only), and whether it starts lower case / with a digit.
struct Start {
  std::string_view word;
  bool lower = false;
  bool digit = false;
};

Start segment_start(std::string_view seg) {
  Start st;
  const auto* p = reinterpret_cast<const uint8_t*>(seg.data());
  const int32_t n = static_cast<int32_t>(seg.size());
  int32_t i = 0;
  while (i < n) {
    int32_t j = i;
    UChar32 c;
    U8_NEXT(p, j, n, c);
    if (c >= 0 && (u_isalnum(c))) {
      st.lower = u_islower(c);
      st.digit = u_isdigit(c);
      int32_t k = i;
      while (k < n && ((seg[k] >= 'a' && seg[k] <= 'z') || (seg[k] >= 'A' && seg[k] <= 'Z'))) ++k;
      st.word = seg.substr(static_cast<size_t>(i), static_cast<size_t>(k - i));
      return st;
    }
    // Opening quotes and brackets before the first word are skipped.
    i = j;
  }
  return st;
}

bool should_merge(std::string_view prev, std::string_view next) {
  const Start st = segment_start(next);
  if (st.word.empty() && !st.digit) return false;
  if (st.lower) return true;  // "... approx. five" / "e.g. this"
  const std::string_view w = last_word_before_dot(prev);
  if (w.empty()) return false;
  if (w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z') return true;  // initial: "John F. Kennedy"
  if (is_title_abbrev(w)) return true;                             // "Gen. Smith", "No. 10"
  if (w.find('.') != std::string_view::npos && w.size() <= 5) {
    // Dotted acronym ("U.S.", "U.K."): joins unless the next word begins a new sentence.
    std::string lower;
    for (char c : st.word) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    return !is_stopword(lower) && !st.digit;
  }
  return false;
}

icu::BreakIterator* sentence_iterator() {
  // Plain English rules; abbreviations are handled by should_merge() (ICU's
  // "ss=standard" suppressions also swallow real breaks such as "NATO. Gen.").
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(
        icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status));
    if (U_FAILURE(status)) bi.reset();
    return bi;
  }();
  return it.get();
}

void trim_span(std::string_view s, Span& sp) {
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; };
  while (sp.begin < sp.end && is_ws(s[sp.begin])) ++sp.begin;
  while (sp.end > sp.begin && is_ws(s[sp.end - 1])) --sp.end;
  // Non-breaking spaces (U+00A0) at either end.
  while (sp.end - sp.begin >= 2 && s.substr(sp.begin, 2) == "\xC2\xA0") sp.begin += 2;
  while (sp.end - sp.begin >= 2 && s.substr(sp.end - 2, 2) == "\xC2\xA0") sp.end -= 2;
}

void split_line(std::string_view s, uint32_t line_begin, uint32_t line_end, std::vector<Span>& out) {
  const std::string_view line = s.substr(line_begin, line_end - line_begin);
  icu::BreakIterator* bi = sentence_iterator();
  std::vector<Span> pieces;
  // A UText over the UTF-8 bytes: break positions come back as byte offsets, no copy.
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = bi ? utext_openUTF8(nullptr, line.data(), static_cast<int64_t>(line.size()), &status)
                 : nullptr;
  if (bi == nullptr || U_FAILURE(status) || ut == nullptr) {
    pieces.push_back({line_begin, line_end});
  } else {
    bi->setText(ut, status);
    int32_t prev = bi->first();
    for (int32_t b = bi->next(); b != icu::BreakIterator::DONE; b = bi->next()) {
      pieces.push_back({line_begin + static_cast<uint32_t>(prev), line_begin + static_cast<uint32_t>(b)});
      prev = b;
    }
  }
  if (ut != nullptr) {
    // Detach the iterator from the UText before closing it.
    icu::UnicodeString empty;
    bi->setText(empty);
    utext_close(ut);
  }
  std::vector<Span> merged;
  for (Span sp : pieces) {
    trim_span(s, sp);
    if (sp.begin >= sp.end) continue;
    if (!merged.empty() && should_merge(merged.back().of(s), sp.of(s))) {
      merged.back().end = sp.end;
      continue;
    }
    merged.push_back(sp);
  }
  out.insert(out.end(), merged.begin(), merged.end());
}

}  // namespace

std::vector<Span> split_sentences(std::string_view s) {
  check_offset_limit(s, "split_sentences");
  std::vector<Span> out;
  uint32_t begin = 0;
  const uint32_t n = static_cast<uint32_t>(s.size());
  while (begin < n) {
    uint32_t end = begin;
    while (end < n && s[end] != '\n') ++end;
    if (end > begin) split_line(s, begin, end, out);
    begin = end + 1;
  }
  return out;
}

}  // namespace storyline::text
