// synth internals shared by the stage's source files (and its tests): the sentence
// filter and safe rewrites, term vectors, and the candidate sentences of a cluster.
// Not part of the stage's public interface (synth.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/model.h"
#include "synth/synth.h"
#include "text/text.h"

namespace storyline::synth::detail {

// ---- sentence filter and rewrites (candidates.cpp) ----

// True when most of a text's words are English function words' company (the share of
// English stopwords among its first words is high enough). Decides whether the
// English-only "has a verb" test applies.
bool looks_english(std::string_view text);

// Why a (cleaned) sentence is not fit for a story, or nullptr when it is. `english`
// enables the tests that only make sense for English (a verb-like word).
const char* junk_reason(std::string_view sentence, bool english);

// Safe edits of a raw sentence: drops live-blog references ("(see 8.17 post)"),
// outlet self-references ("the BBC understands", leading "Read more:"...) and collapses
// white space. Returns "" when nothing usable is left.
std::string clean_sentence(std::string_view sentence);

// Length of a dateline at the front of a sentence ("WASHINGTON — ", "NEW YORK (AP) — ",
// "SAN JUAN, Puerto Rico — ", "Washington (CNN) "), or 0: one outlet's placing of its own
// report, which a story told from many sources leaves out when it prints the sentence
// (scoring still sees it).
std::size_t dateline_length(std::string_view sentence);

// "However, the talks failed." -> "The talks failed." Returns the input unchanged when
// it does not start with a discourse marker (But, However, Also, And, Yet, Meanwhile...).
std::string strip_discourse_marker(std::string_view sentence);
bool starts_with_discourse_marker(std::string_view sentence);
// Starts with a pronoun that needs an antecedent (He, She, They, It, This, These, ...).
bool starts_with_pronoun(std::string_view sentence);

// Byte ranges inside quotation marks ("..." or “...”; an unclosed quote runs to the end).
std::vector<std::pair<std::size_t, std::size_t>> quoted_ranges(std::string_view s);
// Whether byte offset `at` lies strictly inside one of `ranges`.
bool in_ranges(const std::vector<std::pair<std::size_t, std::size_t>>& ranges, std::size_t at);
// Words of the first person ("I", "we", "our", "us" but not "US"...) outside quotation
// marks in `s` (`tokens` its tokens): the voice of a column, a transcript or a page's own
// furniture rather than of a news story's narration. Inside a quote they are the speaker's.
std::size_t first_person_words(std::string_view s, const std::vector<text::Token>& tokens);

// ---- term vectors ----

// Sparse vector: sorted (term id, weight) pairs.
using TermVector = std::vector<std::pair<std::uint32_t, float>>;

double dot(const TermVector& a, const TermVector& b);
// Scales to unit length (no-op for the zero vector).
void normalize(TermVector& v);

// The content terms of `tokens` as 64-bit stem keys, in token order (stop words and
// 1-letter words dropped; a key is the hash of the Snowball English stem, of the number as written
// for a numeric token). Stems are cached per thread (bounded), since stemming dominates
// the cost of a story.
constexpr std::uint64_t kNoStem = 0;
std::vector<std::uint64_t> stem_keys(const std::vector<text::Token>& tokens);

// Maps stem keys to term ids for one call (ids are dense from 0, in the order the terms
// are first met, so the same sentences give the same ids however they were prepared).
class Vocabulary {
 public:
  // Term counts of a sentence's stem keys (stem_keys(): content words only, stop words and
  // 1-letter words dropped).
  TermVector counts(const std::vector<std::uint64_t>& stems);
  std::size_t size() const { return ids_.size(); }

 private:
  std::unordered_map<std::uint64_t, std::uint32_t> ids_;  // stem key -> id
};

// ---- candidate sentences of a cluster ----

struct Candidate {
  std::size_t article = 0;          // index into the articles vector
  text::Span span;                  // raw span in Article::text
  std::size_t position = 0;         // index among the article's usable sentences
  std::string text;                 // cleaned text (discourse marker and dates untouched)
  std::vector<text::Token> tokens;  // tokens of `text`
  std::size_t words = 0;
  TermVector tf;   // term counts
  TermVector vec;  // unit TF-IDF vector
};

// The usable sentences of one article, as the writer reads them: split (a line break
// always ends a sentence; a quote over several sentences of a line kept whole), cleaned,
// filtered, tokenized, stemmed. At most `limit` of them, leading ones first; `complete`
// when the text has no more (then a higher limit finds nothing more). What it holds
// depends only on the article's text and language tag, so it is kept between stories
// (SentenceCache) and shared by identical copies.
struct PreparedSentence {
  text::Span span;                  // raw span in Article::text
  std::string text;                 // cleaned text (discourse marker and dates untouched)
  std::vector<text::Token> tokens;  // tokens of `text`
  std::vector<std::uint64_t> stems; // stem_keys(tokens)
};
struct PreparedArticle {
  std::size_t limit = 0;
  bool complete = false;
  std::vector<PreparedSentence> sentences;
  std::size_t text_bytes = 0;  // size of the text it was prepared from
  std::size_t bytes = 0;       // memory held, about
};
// `relaxed`: see collect_candidates().
PreparedArticle prepare_article(const Article& article, std::size_t limit, bool relaxed = false);

// Usable sentences of every article, at most `per_article` each (leading ones first).
// Null articles are skipped. Term vectors are filled (`tf` and IDF-weighted unit `vec`,
// IDF over the returned sentences). Articles are read through `cache` when one is given
// (the same candidates as without it).
// `relaxed`: for sources none of whose sentences passes the filter, any sentence of 3 or
// more words that is no page furniture, cut with shorten_to_clause() to a standfirst's
// length.
std::vector<Candidate> collect_candidates(const std::vector<const Article*>& articles,
                                          std::size_t per_article, Vocabulary& vocab,
                                          bool relaxed = false, SentenceCache* cache = nullptr);

// Sentences per article kept as candidates for a cluster of `n` articles (bounds the
// work for very large clusters).
std::size_t candidates_per_article(std::size_t n);

// ---- story order (order.cpp) ----

// What a body sentence does in a news story, in the order a story tells them (the
// inverted pyramid).
enum class Role : int {
  continuation = 0,  // the rest of the standfirst's quotation or thought: first
  event = 1,         // what happened: a lead fact (among its article's first two sentences)
  detail = 2,        // the facts that follow
  reaction = 3,      // quotes (a quotation of 4 words or more, or opening with one) and
                     // reactions (a verb of judging outside quotes: "condemned", "praised")
  background = 4,    // the past: an earlier year than the story's, "years ago", "last
                     // year", "in the past", "previously", "history", the past perfect
                     // ("had been", "had signed"), "was founded"
};
// The background test of sentence_role (`story_year`: 0 when unknown).
bool is_background(const std::vector<text::Token>& tokens, int story_year);
// The role of a sentence (never Role::continuation, which the writer decides).
// `position` is its index among its article's usable sentences, `quoted_words` the words
// inside its quotation marks.
Role sentence_role(std::string_view text, const std::vector<text::Token>& tokens,
                   std::size_t position, std::size_t quoted_words, int story_year);

// Sentences placed together: one, or a sentence with the ones that need it right before
// them (a pronoun's antecedent, a quote's attribution).
struct Unit {
  Role role = Role::detail;
  double importance = 0;      // higher comes first, other things equal
  std::size_t article = 0;    // source article and position of its first sentence
  std::size_t position = 0;
  std::string first_opening;  // synth::opening_words of its first and last sentence
  std::string last_opening;
};
// The order of `units` (indices): by role; within a role, units of one article in their
// article's order, and next the unit that continues the point of the last one placed (the
// next sentence of its article, or `similarity(last, u)` >= 0.2, the standfirst being
// last = SIZE_MAX), else the most important. A unit that would open like the sentence
// before it waits for another (of its part, else of a later part); when every unit left
// would, the least important is left out (its index added to `dropped`).
std::vector<std::size_t> order_units(const std::vector<Unit>& units,
                                     const std::function<double(std::size_t, std::size_t)>& similarity,
                                     const std::string& standfirst_opening,
                                     std::vector<std::size_t>* dropped);

// ---- disagreements (disagreements.cpp) ----
std::vector<Disagreement> find_disagreements(const std::vector<Candidate>& candidates,
                                             const std::vector<const Article*>& articles);

}  // namespace storyline::synth::detail
