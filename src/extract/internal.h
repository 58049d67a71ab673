// Internal helpers of the extract stage, shared by its source files and tests.
// Not part of the stage's public interface (extract.h).
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace storyline::extract::detail {

// ASCII lower case, inline: std::tolower is a locale-aware library call per byte, and
// the extractor lower-cases a lot of markup.
inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
// HTML's ASCII white space (space, tab, LF, CR, FF; no VT), as in attribute and class lists.
inline bool html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
// ASCII letter or digit (std::isalnum in the C locale), inline for the same reason.
inline bool ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ---- gumbo_arena.cpp ----
// A bump allocator for one gumbo parse (see gumbo_arena.cpp). Memory is only given
// back when the arena is destroyed, so use it for pages of ordinary size; the tree
// it holds must not outlive it (and needs no gumbo_destroy_output).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kGumboArenaEnabled = false;  // AddressSanitizer (fuzzing) checks every gumbo allocation
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kGumboArenaEnabled = false;
#else
inline constexpr bool kGumboArenaEnabled = true;
#endif
#else
inline constexpr bool kGumboArenaEnabled = true;
#endif
class GumboArena {
 public:
  explicit GumboArena(std::size_t first_block);
  ~GumboArena();
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;
  void install(GumboOptions& options);  // routes the parse's allocations here

 private:
  static void* allocate(void* self, std::size_t size);
  static void deallocate(void* self, void* ptr);
  std::vector<char*> blocks_;
  char* cur_ = nullptr;
  char* end_ = nullptr;
  std::size_t next_block_;
};

// ---- charset.cpp ----
// The charset a page declares: a BOM, <meta charset=...>, or
// <meta http-equiv="Content-Type" content="...; charset=...">, lower case; empty if none.
std::string sniff_charset(std::string_view html);
// Decodes page bytes to valid UTF-8: BOM / declared charset via ICU; bytes that are
// already valid UTF-8 stay UTF-8 even when a single-byte charset is declared (a common
// mislabel); pages declared (or assumed) UTF-8 whose non-ASCII bytes are mostly not
// UTF-8 are read as Windows-1252; anything else is repaired with U+FFFD.
std::string decode_to_utf8(std::string_view html);
// Bounds element nesting before parsing: start tags that would open an element deeper
// than max_depth are dropped (with their end tags), so pathological pages can't make
// the parser quadratic or its recursive teardown overflow the stack. Text is kept.
// Start tags with more than max_attributes attributes lose the ones past it. Returns the
// input unchanged when it is within both bounds.
std::string limit_nesting(std::string_view html, std::size_t max_depth,
                          std::size_t max_attributes = 1000);

// ---- date_parse.cpp ----
// True when s holds a date written as two numbers of one or two digits and a year
// ("09.10.2024", "3/10/2023"): day and month could be either way round.
bool numeric_day_month(std::string_view s);

// ---- prefilter.cpp ----
// Drops what extraction never reads before parsing: comments, the contents of <style>
// and of <script> other than JSON-LD, attributes nobody reads, <svg> elements, menus
// and controls (<nav>, <button>, <select>, <noscript>...), reader-comment blocks, and,
// outside any <article>, the page's own <footer>, <aside>, heading-less <header> and
// link lists; furniture holding metadata (a <time>, a byline, JSON-LD) or a third of the
// page's paragraphs stays. Dropped elements leave a space. Raw-text elements (textarea,
// title, iframe...) are copied untouched. With `json_ld`, JSON-LD bodies are moved
// there (in page order) instead of being left for the parser.
std::string strip_unparsed(std::string_view html, std::vector<std::string>* json_ld = nullptr);
// True when a URL (or an attribute holding one) has a path segment naming an author's
// page followed by more path: "/authors/jane-doe", "/contributor/a._j._neal".
bool author_href(std::string_view href);

// ---- dom helpers (html.cpp) ----
// Attribute value or empty; `name` in lower case (as the tokenizer stores names).
std::string_view attr(const GumboNode* n, const char* name);
// Lower-cased tag name, also for unknown tags ("amp-img"). An unknown tag's name is read
// from the node's original_tag, a view into the buffer gumbo parsed: call it only while
// that buffer is alive (extract_html keeps its buffer until every tree from it is gone).
std::string tag_name(const GumboNode* n);
// All text under a node (iterative), white space collapsed.
std::string node_text(const GumboNode* n);

// ---- content.cpp ----
// Readability-style main-content extraction: the article's paragraphs, headings and
// list items, one per line. `title` (when known) is dropped from the start of the body.
std::string extract_main_content(const GumboNode* root, std::string_view title);

}  // namespace storyline::extract::detail
