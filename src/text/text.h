// text: the language layer every later stage builds on.
//   - UTF-8 repair and NFC normalization (ICU)
//   - word tokens with byte offsets, lower-casing, stopwords, Snowball stemming
//   - sentence splitting that survives news text (ICU + abbreviation rules)
//   - language identification (CLD2)
//   - fast 64-bit hashing (xxhash)
// Nothing here knows about articles or stories.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace storyline::text {

// ---- UTF-8 ----
// Replaces every invalid UTF-8 sequence with U+FFFD; valid input is returned unchanged.
std::string to_valid_utf8(std::string_view s);
bool is_valid_utf8(std::string_view s);
// Appends code point `cp` as UTF-8 (U+FFFD for a surrogate or a value past U+10FFFF).
void append_utf8(std::string& out, char32_t cp);
// At most `max_bytes` bytes of `s`, never ending inside a UTF-8 character (the cut moves back
// to the character's first byte).
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);
// Unicode NFC normalization of valid UTF-8.
std::string normalize_nfc(std::string_view s);
// Valid UTF-8 without the invisible characters that publishing systems leave inside words:
// zero width space (U+200B), word joiner (U+2060), zero width no-break space / BOM (U+FEFF)
// and soft hyphen (U+00AD). They change nothing a reader sees, but "A<U+200B>rwa" is not the
// word "Arwa" to a tokenizer, a search or a duplicate check. Joiners that shape a script or
// an emoji (U+200C, U+200D) stay.
std::string drop_invisible(std::string_view s);
// Builds ICU's lazily created shared data (the NFC normalizer, the sentence break rules) on
// the calling thread. Call it before starting threads that use this stage: ICU guards that
// first construction with its own once-flags, which ThreadSanitizer cannot see inside the
// uninstrumented library (the server and the crawler call it when they are constructed).
void warm_up();
// Collapses runs of Unicode white space to one ASCII space and trims both ends.
std::string collapse_whitespace(std::string_view s);
// Converts Latin-1 / Windows-1252 / any ICU-known charset to UTF-8 (invalid bytes -> U+FFFD).
// Returns false when the charset name is unknown to ICU.
bool convert_to_utf8(std::string_view bytes, const char* charset, std::string& out);

// ---- limits ----
// Token and sentence offsets are 32-bit and ICU's UTF-8 iteration takes int32_t lengths,
// so no text longer than this is split or tokenized. Callers bound their input where it
// enters (ingest::Options::max_article_bytes); past it, tokenize and split_sentences throw
// std::length_error naming the limit instead of wrapping offsets.
inline constexpr std::size_t kMaxTextBytes = 0x7fffffff;
// Throws std::length_error ("<what>: text of N bytes is over the 2147483647-byte limit of
// text offsets (kMaxTextBytes)") when s is longer than kMaxTextBytes.
void check_offset_limit(std::string_view s, const char* what);

// ---- words ----
struct Token {
  std::uint32_t begin = 0;  // byte offsets into the input
  std::uint32_t end = 0;
  std::string lower;        // lower-cased word, typographic apostrophes folded to '
  bool capitalized = false; // first letter is upper case in the input
  bool numeric = false;     // made of digits (with inner . or ,)
};
// Splits into word tokens: letters/digits with inner apostrophes, numbers with
// inner "." or ","; a trailing possessive "'s" is dropped from `lower`.
std::vector<Token> tokenize(std::string_view s);
// Number of word tokens (cheaper than tokenize()).
std::size_t count_words(std::string_view s);
// English function words ("the", "of", "said", ...); `word` must be lower case.
bool is_stopword(std::string_view word);

// A Snowball stemmer (libstemmer). Not thread-safe: use one per thread.
class Stemmer {
 public:
  // algorithm: "english" (Porter2, default) or "porter" (original Porter, used by ROUGE), ...
  explicit Stemmer(const char* algorithm = "english");
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  // Stems one lower-case word.
  std::string stem(std::string_view word);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Content terms of a text: lower-cased, stopwords and 1-letter words dropped, stemmed.
std::vector<std::string> content_terms(std::string_view s, Stemmer& stemmer);

// ---- sentences ----
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;  // exclusive; trailing white space excluded
  std::string_view of(std::string_view s) const { return s.substr(begin, end - begin); }
};
// Sentences of a text, as byte spans. Line breaks always end a sentence; inside a
// line ICU's sentence rules apply, corrected for abbreviations ("U.S.", "Gen.",
// "No. 10", initials), decimals and closing quotes.
std::vector<Span> split_sentences(std::string_view s);

// ---- language ----
// The language of a text as an ISO 639-1 code ("en", "de", "zh", "zh-Hant"), by CLD2
// over its first 64 KiB; empty when the text is too short or mixed to say reliably.
std::string detect_language(std::string_view text);

// ---- hashing ----
std::uint64_t hash64(std::string_view s, std::uint64_t seed = 0);

}  // namespace storyline::text
