// eval: measures each stage against the public evaluation data in ../shared/data
// (never copied into the repo): extraction (scrapinghub, wcxb-dev), clustering
// (Multi-News pooled clusters, Timeline17), summarization (Multi-News, ROUGE).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/cluster.h"
#include "synth/synth.h"

namespace storyline::eval {

struct Scores {
  double precision = 0, recall = 0, f1 = 0;
  std::size_t n = 0;  // items averaged
};

// ---- extraction ----
struct ExtractionReport {
  std::string dataset;       // "scrapinghub" or "wcxb-dev"
  std::size_t pages = 0;
  std::size_t errors = 0;    // pages that could not be read or parsed
  Scores body;               // as the dataset's own scorer computes it
  double title_accuracy = -1, date_accuracy = -1, author_accuracy = -1;  // -1 = not in gold
  double seconds = 0;        // extraction time only
};
// Detects the layout (scrapinghub: ground-truth.json + html/; wcxb: ground-truth/*.json + html/).
// Throws std::runtime_error when `dir` has neither.
ExtractionReport evaluate_extraction(const std::string& dir);

// ---- Multi-News ----
struct MultiNewsCluster {
  std::vector<std::string> documents;  // source articles (the CSV's Python list literal, decoded)
  std::string summary;                 // editors' summary, leading en dash removed
};
// Reads ../shared/data/multinews/validation.csv. Throws std::runtime_error on failure.
std::vector<MultiNewsCluster> read_multinews(const std::string& csv_path);

// The parsers behind read_multinews (exposed for their tests).
namespace detail {
// CSV records: fields separated by ',', records by "\n" or "\r\n"; quoted fields may hold
// commas, line breaks and "" (an escaped quote); a UTF-8 BOM is skipped. Throws
// std::runtime_error on an unclosed quote.
std::vector<std::vector<std::string>> parse_csv(std::string_view data);
// A Python list literal of string literals ('..' or "..", with backslash escapes).
// Throws std::runtime_error when it is not one.
std::vector<std::string> parse_python_string_list(std::string_view literal);
// The summary without its leading en dash and white space.
std::string strip_summary_dash(std::string_view s);
}  // namespace detail

// ---- clustering ----
// BCubed precision/recall/F1 of a predicted clustering against gold labels (item i has
// gold[i] and predicted[i]).
Scores bcubed(const std::vector<std::int64_t>& gold, const std::vector<std::int64_t>& predicted);
// Pair-counting precision/recall/F1 (the "f1" of Miranda et al.'s evaluation script):
// over all pairs of items, P = pairs together in both / pairs together in the prediction,
// R = pairs together in both / pairs together in the gold; 0 when there are no such pairs.
Scores pairwise(const std::vector<std::int64_t>& gold, const std::vector<std::int64_t>& predicted);

struct ClusteringReport {
  std::string dataset;
  std::size_t articles = 0, gold_clusters = 0, stories = 0;
  Scores bcubed, pairwise;
  double seconds = 0;
};
// A labelled dataset as the evaluation streams it: the articles, the order they arrive in
// (indexes into `articles`) and each article's gold story (gold[i] for articles[i]).
struct LabelledStream {
  std::string dataset;
  std::vector<Article> articles;
  std::vector<std::size_t> order;
  std::vector<std::int64_t> gold;
};
// The live path (a store fed in the stream's order, `batch` articles at a time, each batch
// placed by the engine as it arrives) and the batch path (`digest --rebuild`: the same store
// re-clustered in publication order), both scored with BCubed.
struct LiveClusteringReport {
  std::string dataset;
  Scores live, rebuild;
  std::size_t live_stories = 0, rebuild_stories = 0;
  double seconds = 0;  // the live path's time, store included
};
LiveClusteringReport evaluate_live_clustering(const LabelledStream& stream, const cluster::Config& config,
                                              std::size_t batch = 1000);
// Multi-News: every cluster's source documents pooled and shuffled by `seed`; no dates.
LabelledStream multinews_stream(const std::string& csv_path, std::uint64_t seed);
// Timeline17 in date order; the gold label is the topic.
LabelledStream timeline17_stream(const std::string& dir);
// Miranda et al. 2018's set (see evaluate_miranda_clustering) in date order.
LabelledStream miranda_stream(const std::string& json_path, const std::string& lang);
// Streams the articles into one Clusterer and scores its final stories.
ClusteringReport evaluate_clustering(const LabelledStream& stream, const cluster::Config& config);

ClusteringReport evaluate_multinews_clustering(const std::string& csv_path,
                                               const cluster::Config& config, std::uint64_t seed);
// Topic-level: documents of different timeline17 topics must not share a story.
ClusteringReport evaluate_timeline17(const std::string& dir, const cluster::Config& config);
// Miranda et al. 2018's English set (Priberam's public dataset.dev.json / dataset.test.json,
// kept outside the repository): a JSON array of documents {id, date "YYYY-MM-DD HH:MM:SS"
// (UTC), lang ("eng", "deu", "spa"), title, text (or body), cluster}. The documents of
// `lang` are streamed in date order (ties in file order), as their own loader does; the
// gold story is `cluster`. Throws std::runtime_error on a file that is not such an array
// or a document without a date or a cluster.
ClusteringReport evaluate_miranda_clustering(const std::string& json_path, const std::string& lang,
                                             const cluster::Config& config);

// The ceiling of a labelled dataset for clusterers that link articles by similarity (see
// clustering_ceiling.cpp): for each link threshold, the BCubed scores of the gold-knowing
// oracle that joins every same-story pair at cosine >= link (and chains of them) and
// nothing else; the same-story and different-story pairs in each band between the links;
// and how many articles have their most similar article in another story.
struct ClusteringCeiling {
  std::string dataset;
  std::size_t articles = 0;
  struct Row {
    double link = 0;
    Scores bcubed;  // precision is 1 by construction
  };
  std::vector<Row> rows;  // by link, ascending
  struct Band {
    double from = 0, to = 0;  // [from, to); the first band also holds cosines below 0
    std::size_t same_story = 0, different_stories = 0;  // pairs
  };
  std::vector<Band> bands;  // links.size() + 1 bands
  std::size_t with_mate = 0;          // articles with at least one other of their story
  std::size_t nearest_elsewhere = 0;  // ... whose most similar article is in another story (ties too)
};
// Pair cosines from cluster::for_each_pair_similarity; O(n^2) pairs.
ClusteringCeiling clustering_ceiling(const LabelledStream& stream, const cluster::Config& config,
                                     std::vector<double> links = {0.02, 0.05, 0.1, 0.15, 0.2, 0.3});

// ---- summarization ----
struct Rouge {
  Scores r1, r2, rl;
};
// ROUGE-N / ROUGE-L F1 with ROUGE-1.5.5 conventions: lower-case, Porter stemming,
// no stopword removal, tokens are [a-z0-9]+.
Rouge rouge(const std::string& candidate, const std::string& reference);

// Which clusters to score: all, or a held-out half by index parity (cluster 0, 2, 4...
// are "even"), so that weights tuned on one half are confirmed on the other.
enum class Split { all, even, odd };
// "all", "even", "odd"; throws std::invalid_argument on anything else.
Split parse_split(std::string_view name);
const char* split_name(Split split);

// ---- readability of a story (eval/readability.cpp) ----
// What a reader notices before ROUGE does. The rules:
//   - headline: present (non-empty) and at most synth::kHeadlineMaxWords words;
//   - standfirst: 1 to synth::kStandfirstMaxWords words;
//   - repeated pairs: pairs of the story's sentences (standfirst included) that say the
//     same thing by synth::is_repeat (the smaller has >= 4 content-word Porter stems, stop
//     words out, and >= 60% of them are in the other, after folding case, British and
//     American spellings, quote/dash styles, number formats "3.5%" = "3.5 percent");
//   - same openings: consecutive sentences (standfirst, then body) whose first two words,
//     case-folded and without quotes or punctuation, are the same (synth::opening_words);
//   - mixed quotes: the story uses both straight (" ') and curly (“ ” ‘ ’) quotation marks
//     or apostrophes;
//   - artefacts: tokenizer leftovers in the text: a space before a clitic ("Russia 's",
//     "do n't") or before , . ; : ! ? ) and after (.
struct Readability {
  bool headline = false;
  std::size_t standfirst_words = 0;
  bool standfirst_within_limit = false;
  std::size_t repeated_pairs = 0;
  std::size_t same_openings = 0;
  bool mixed_quotes = false;
  std::size_t artefacts = 0;
};
Readability check_readability(const Story& story);
// Tokenizer artefacts in `text`, by the rule above.
std::size_t count_artefacts(std::string_view text);
// Whether `text` uses both straight and curly quotation marks or apostrophes.
bool mixes_quote_styles(std::string_view text);

struct SummarizationScores {
  std::size_t clusters = 0;
  // averaged F1 (precision/recall too); lead = round robin over the sentences storyline
  // may use (its filter), plain_lead = round robin over all sentences (synth.h)
  Rouge storyline, lead, plain_lead, lexrank;
  std::size_t provenance_failures = 0;
  // Readability of storyline's stories (shares of the clusters scored, 0..1): with a
  // headline, with a standfirst of at most synth::kStandfirstMaxWords words, and with a
  // pair of sentences that repeat each other (synth::find_repeats).
  double with_headline = 0, standfirst_within_limit = 0, with_repeat = 0;
  // ... with two consecutive sentences opening alike, mixing quote styles, with a
  // tokenizer artefact (eval::check_readability).
  double with_same_opening = 0, with_mixed_quotes = 0, with_artefact = 0;
  double story_words = 0;  // mean words per story (standfirst and body)
  double budget_words = 0; // mean word budget (reference length)
};
struct SummarizationReport : SummarizationScores {
  Split split = Split::all;
  // The same scores for the even- and odd-indexed clusters among those scored (with
  // Split::all both halves; with a half, that half and an empty other one).
  SummarizationScores even, odd;
  double seconds = 0;
};
// `limit` keeps the first N clusters of the file (before the split). With `truncate`
// (ROUGE-1.5.5 -l), every system may run past the budget with one last sentence and every
// text is cut to the budget's first words before scoring; without it, every text fits
// the budget in whole sentences.
// With `dump` (a file path), one JSON object per scored cluster is written to it, one a
// line: {"cluster", "split", "reference", "budget", "story": {"headline", "standfirst",
// "body": [sentences]}, "storyline", "lead", "lead_filter", "lexrank" (the texts scored),
// "rouge": {system: [R-1, R-2, R-L F1]}, "readability": {...}} (throws std::runtime_error
// when the file cannot be written).
SummarizationReport evaluate_summarization(const std::string& csv_path, std::size_t limit = 0,
                                           Split split = Split::all, bool truncate = false,
                                           const std::string& dump = {});
// The first `words` words of `text`, as ROUGE-1.5.5 -l cuts a text to its limit. Words are
// text::count_words' words (the unit of the budget itself); ROUGE-1.5.5 counts tokens
// between white space, which can differ around punctuation and hyphens.
std::string truncate_words(std::string_view text, std::size_t words);

}  // namespace storyline::eval
