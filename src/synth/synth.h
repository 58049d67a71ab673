// synth: writes one story from the articles of a cluster: the event date, a headline, a
// one-sentence standfirst and a body that tells the event once, each sentence carrying
// its provenance (the article spans it comes from). Extractive: every sentence is taken
// from a source (rewritten only by safe, rule-based edits: relative dates resolved,
// tokenizer artefacts repaired, one quote style per story, page furniture dropped), so
// nothing is invented. The body holds the distinct facts within the word budget (a
// sentence must add content the story does not have yet) in the order news is written:
// what happened, details, reactions and quotes, background, no two sentences in a row
// opening alike. Bad input (no usable sentence, titles in other languages or clickbait)
// still gives a headline and a standfirst within their limits.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.h"
#include "text/text.h"

namespace storyline::synth {

struct Options {
  std::size_t max_words = 300;         // body word budget (standfirst excluded)
  std::size_t paragraph_sentences = 4; // sentences per body paragraph
  // Evaluation only (never for published stories): once no sentence fits the budget,
  // take the best remaining one anyway, so that an evaluation that truncates the text
  // to the budget (ROUGE-1.5.5 -l) finds it full.
  bool overflow_last = false;
};

namespace detail {
struct PreparedArticle;
}

// The sentences of articles as the writer reads them (split, cleaned, filtered, tokenized,
// stemmed), kept between stories: a story rewritten each time it gains an article reads
// its other articles from here instead of again. Keyed by an article's text and language
// tag (a corrected text is read anew; identical copies share an entry); bounded by the
// memory its entries hold, the least recently used leaving first. Thread-safe: one cache
// serves every thread that writes stories. Stories are the same with and without it.
class SentenceCache {
 public:
  explicit SentenceCache(std::size_t max_bytes = std::size_t{64} << 20);
  ~SentenceCache();
  SentenceCache(const SentenceCache&) = delete;
  SentenceCache& operator=(const SentenceCache&) = delete;

  struct Stats {
    std::size_t hits = 0;      // articles read from the cache
    std::size_t misses = 0;    // articles read anew (absent, or kept with fewer sentences)
    std::size_t articles = 0;  // entries held
    std::size_t bytes = 0;     // memory they hold, about
  };
  Stats stats() const;

  // For the writer: the entry for `key` (prepared from a text of `text_bytes`) when it holds
  // the first `limit` sentences (or all there are), else null; and storing one (an entry
  // already held that serves as many sentences stays).
  std::shared_ptr<const detail::PreparedArticle> find(std::uint64_t key, std::size_t limit,
                                                      std::size_t text_bytes);
  void put(std::uint64_t key, std::shared_ptr<const detail::PreparedArticle> prepared);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes the story for `articles` (all of one cluster). Returns false with a reason
// in `why` when no story can be written (e.g. no article has a usable sentence).
// The story's id, score and outlets are left for the caller. `cache` (optional) keeps the
// articles' sentences for the next stories.
bool write_story(const std::vector<const Article*>& articles, const Options& options, Story& out,
                 std::string& why, SentenceCache* cache = nullptr);

// ---- headline and standfirst limits ----
constexpr std::size_t kHeadlineMaxWords = 14;
constexpr std::size_t kStandfirstMaxWords = 40;

// A source title made a headline: site names, section labels and clickbait tails cut
// ("Storm hits coast | BBC News" -> "Storm hits coast", "Opinion: ...", "... - live
// updates", "... (video)"), at most kHeadlineMaxWords words (cut only at a clause or
// phrase boundary). "" when nothing usable is left (too short, clickbait, no boundary).
// `source` is the article's outlet name, when known (a tail naming it is cut too).
std::string clean_title(std::string_view title, std::string_view source = {});
// A headline drawn from a sentence: the sentence without its final punctuation, or its
// opening up to a clause boundary (",", ";", ":", a dash, or before "after", "as",
// "while"...) when it is longer than kHeadlineMaxWords words; never inside a quotation.
// "" when no such cut gives 3 to kHeadlineMaxWords words.
std::string headline_from_sentence(std::string_view sentence);

// A sentence of at most `max_words` words: the sentence itself when it is that short,
// else its opening up to a clause boundary (as headline_from_sentence() cuts, never inside
// a quotation), or failing one its first `max_words` words, followed by " …" to show the
// cut. For the standfirst of sources whose every sentence runs too long.
std::string shorten_to_clause(std::string_view sentence, std::size_t max_words);

// ---- told once ----
// Two sentences repeat each other when the one with fewer distinct content-word stems
// has at least kRepeatMinTerms of them and kRepeatSharePercent% or more of them occur in
// the other. Stems are Porter stems of the words that are not stop words, after folding
// what does not change meaning: case; apostrophe, quote and dash styles (punctuation is
// no word); possessives ("Russia's" = "Russia"); British and American spellings
// ("defence" = "defense", "-ise" = "-ize", "-our" = "-or", "centre" = "center", a table
// of others); number formats ("1,000" = "1000"; "percent", "per cent" and "%" carry no
// word of their own, so "3.5%" = "3.5 percent").
constexpr std::size_t kRepeatMinTerms = 4;
constexpr std::size_t kRepeatSharePercent = 60;
// The folded content-word stems of a sentence (sorted, distinct).
std::vector<std::string> repeat_terms(std::string_view sentence);
// ... of a sentence already tokenized (text::tokenize).
std::vector<std::string> repeat_terms(const std::vector<text::Token>& tokens);
bool is_repeat(const std::vector<std::string>& a, const std::vector<std::string>& b);
bool is_repeat(std::string_view a, std::string_view b);
// Pairs (i, j), i < j, of a story's sentences that repeat each other: 0 is the
// standfirst, k the k-th body sentence.
std::vector<std::pair<std::size_t, std::size_t>> find_repeats(const Story& story);

// The two opening words of a sentence, lower-cased, without quotes or punctuation ("" when
// it has fewer than two words): no two sentences in a row of a story open alike.
std::string opening_words(std::string_view sentence);

// Story as plain text, in the shape of storyline's published stories:
// "date YYYY-MM-DD <standfirst>", a blank line, then body paragraphs separated by blank lines.
std::string format_text(const Story& story);

// Resolves relative dates in a sentence against the article's publication time:
// "tomorrow" -> "on Wednesday, February 12", "on Thursday" -> "on Thursday, February 13".
std::string resolve_relative_dates(std::string_view sentence, UnixTime published);

// Event date (YYYY-MM-DD) of a cluster: the day most of its early coverage reports.
std::string event_date(const std::vector<const Article*>& articles);

// ---- typography ----
// Repairs the artefacts tokenizers leave in source text, changing spacing and punctuation
// marks only (never a letter or digit, but those of the Treebank's bracket tokens):
//   - Penn Treebank tokens: "-LRB-" "-RRB-" (and -LSB-, -RSB-, -LCB-, -RCB-) -> brackets,
//     `` and '' -> opening and closing double quotation marks, ` -> opening single mark
//     (an apostrophe between letters: "it`s" -> "it’s");
//   - no space before , . ) ] } (nor before ; : ! ? in English: French spaces them), before
//     a split clitic ("Russia 's" -> "Russia's", "do n't" -> "don't", "ca n't" -> "can't"),
//     before % after a digit, before a closing quotation mark; none after ( [ { “, nor
//     after $ before a digit;
//   - one space between words, none at either end.
// An ellipsis (" ...") and a decimal (" .5") keep their space.
std::string repair_typography(std::string_view s, bool english = true);
// Whether repair_typography() would change `s` beyond white space at its ends (a cheap scan).
bool needs_typography_repair(std::string_view s);

// One style of quotation marks and apostrophes per story.
enum class QuoteStyle { straight, curly };
// The style most of the marks in `text` use (straight on a tie).
QuoteStyle quote_style_of(std::string_view text);
// `s` in `style`: straight " and ' <-> curly “ ” ‘ ’. To curly, a mark opens at the
// start, after a space, an opening bracket, a dash or an opening mark, and closes
// otherwise; an apostrophe is ’ ("don't" -> "don’t", "'90s" -> "’90s").
std::string apply_quote_style(std::string_view s, QuoteStyle style);

// ---- provenance ----
// Checks a story against its articles: every source span of the standfirst and of
// every body sentence must name one of `articles` and lie inside its text, and every
// number and capitalized name in a sentence must occur in at least one of its spans
// (read as written, or as resolve_relative_dates() rewrites it with the article's
// publication time, so resolved weekdays and dates are accepted). The first word of a
// sentence is exempt from the capitalization rule (it may be capitalized by a rewrite).
// Returns false with the first problem in `why` (when given).
bool check_provenance(const Story& story, const std::vector<const Article*>& articles,
                      std::string* why = nullptr);

// ---- disagreements ----
// Numbers that articles state differently in the same context (the content word
// before and after the number: "killed 12 people" vs "killed 14 people"). Articles
// that state several values for one context themselves are left out of it.
std::vector<Disagreement> find_disagreements(const std::vector<const Article*>& articles);

// ---- baselines (for evaluation) ----
// Round-robin lead: the 1st usable sentence of every article, then the 2nd, ...,
// skipping sentences that would exceed `max_words` (same sentence filter as write_story).
// With `overflow_last` (as Options::overflow_last), the first sentence left out is added
// at the end past the budget, for evaluations that truncate to the budget.
std::vector<std::string> lead_baseline(const std::vector<const Article*>& articles,
                                       std::size_t max_words, bool overflow_last = false);
// Plain round-robin lead, the baseline as usually run: every article's sentences as the
// sentence splitter cuts its text (no filter, no cleaning), 1st of every article, then
// 2nd, ..., skipping sentences that would exceed `max_words`. Differs from lead_baseline
// only by the sentence filter, which is part of what storyline adds.
std::vector<std::string> plain_lead_baseline(const std::vector<const Article*>& articles,
                                             std::size_t max_words);
// LexRank (Erkan & Radev 2004): PageRank over the cosine-similarity graph of the usable
// sentences (TF-IDF over stemmed content terms, edges at cosine >= 0.1), sentences taken
// by rank while they fit `max_words` and are not redundant (cosine < 0.5 to those taken),
// returned in article/position order. `overflow_last`: the best-ranked non-redundant
// sentence left out by the budget is added too (last).
std::vector<std::string> lexrank_baseline(const std::vector<const Article*>& articles,
                                          std::size_t max_words, bool overflow_last = false);

// Words of a story's standfirst and body together (text::count_words).
std::size_t story_words(const Story& story);

}  // namespace storyline::synth
