// Summarization on Multi-News: storyline's stories against the editors' summaries,
// next to a round-robin lead baseline and LexRank, all under the same word budget
// (the reference's word count; for storyline standfirst and body count together).
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "eval/eval.h"
#include "ingest/ingest.h"
#include "synth/synth.h"
#include "text/text.h"

namespace storyline::eval {
namespace {

void add(Scores& sum, const Scores& s) {
  sum.precision += s.precision;
  sum.recall += s.recall;
  sum.f1 += s.f1;
  ++sum.n;
}

void add(Rouge& sum, const Rouge& r) {
  add(sum.r1, r.r1);
  add(sum.r2, r.r2);
  add(sum.rl, r.rl);
}

void average(Scores& s) {
  if (s.n == 0) return;
  const double n = static_cast<double>(s.n);
  s.precision /= n;
  s.recall /= n;
  s.f1 /= n;
}

void average(Rouge& r) {
  average(r.r1);
  average(r.r2);
  average(r.rl);
}

std::string join(const std::vector<std::string>& sentences) {
  std::string out;
  for (const std::string& s : sentences) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

}  // namespace

Split parse_split(std::string_view name) {
  if (name == "all") return Split::all;
  if (name == "even") return Split::even;
  if (name == "odd") return Split::odd;
  throw std::invalid_argument("split must be all, even or odd, not '" + std::string(name) + "'");
}

const char* split_name(Split split) {
  switch (split) {
    case Split::even:
      return "even";
    case Split::odd:
      return "odd";
    default:
      return "all";
  }
}

std::string truncate_words(std::string_view text, std::size_t words) {
  if (words == 0) return {};
  const std::vector<text::Token> tokens = text::tokenize(text);
  if (tokens.size() <= words) return std::string(text);
  return std::string(text.substr(0, tokens[words - 1].end));
}

SummarizationReport evaluate_summarization(const std::string& csv_path, std::size_t limit,
                                           Split split, bool truncate, const std::string& dump) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<MultiNewsCluster> clusters = read_multinews(csv_path);
  if (limit > 0 && clusters.size() > limit) clusters.resize(limit);

  std::ofstream dump_out;
  if (!dump.empty()) {
    dump_out.open(dump, std::ios::binary | std::ios::trunc);
    if (!dump_out) throw std::runtime_error("cannot write " + dump);
  }

  SummarizationReport report;
  report.split = split;
  ingest::Options as_ingested;
  as_ingested.now = 1;  // any arrival time: the evaluation never reads the clock
  for (std::size_t index = 0; index < clusters.size(); ++index) {
    const bool even = index % 2 == 0;
    if ((split == Split::even && !even) || (split == Split::odd && even)) continue;
    const MultiNewsCluster& cluster = clusters[index];
    // Documents become articles 1..k with unknown publication times.
    std::vector<Article> articles(cluster.documents.size());
    std::vector<const Article*> ptrs;
    for (std::size_t k = 0; k < articles.size(); ++k) {
      articles[k].id = static_cast<ArticleId>(k + 1);
      articles[k].text = cluster.documents[k];
      ingest::finish_article(articles[k], as_ingested);  // as every way in does
      ptrs.push_back(&articles[k]);
    }
    const std::size_t budget = text::count_words(cluster.summary);

    // storyline: the standfirst does not depend on the budget, so a first pass with an
    // empty body measures it and the second spends what is left on the body.
    std::string candidate;
    synth::Options options;
    options.max_words = 0;
    options.overflow_last = truncate;
    Story story;
    std::string why;
    bool provenance_ok = true;
    Readability readable;
    if (synth::write_story(ptrs, options, story, why)) {
      const std::size_t standfirst = text::count_words(story.standfirst.text);
      options.max_words = budget > standfirst ? budget - standfirst : 0;
      synth::write_story(ptrs, options, story, why);
      candidate = story.standfirst.text;
      for (const StorySentence& s : story.body) candidate += ' ' + s.text;
      provenance_ok = synth::check_provenance(story, ptrs, &why);
      readable = check_readability(story);
    }
    auto cut = [&](std::string text) {
      return truncate ? truncate_words(text, budget) : text;
    };
    const std::string ours_text = cut(candidate);
    const std::string lead_text = cut(join(synth::lead_baseline(ptrs, budget, truncate)));
    const std::string lexrank_text = cut(join(synth::lexrank_baseline(ptrs, budget, truncate)));
    const std::string plain_lead_text = cut(join(synth::plain_lead_baseline(ptrs, budget)));
    const Rouge ours = rouge(ours_text, cluster.summary);
    const Rouge lead = rouge(lead_text, cluster.summary);
    const Rouge lexrank = rouge(lexrank_text, cluster.summary);
    const Rouge plain_lead = rouge(plain_lead_text, cluster.summary);
    if (dump_out.is_open()) {
      auto f1 = [](const Rouge& r) { return nlohmann::json::array({r.r1.f1, r.r2.f1, r.rl.f1}); };
      nlohmann::json body = nlohmann::json::array();
      for (const StorySentence& s : story.body) body.push_back(s.text);
      nlohmann::json line = {
          {"cluster", index},
          {"split", even ? "even" : "odd"},
          {"budget", budget},
          {"reference", cluster.summary},
          {"story",
           {{"headline", story.headline}, {"standfirst", story.standfirst.text}, {"body", body}}},
          {"storyline", ours_text},
          {"lead", plain_lead_text},
          {"lead_filter", lead_text},
          {"lexrank", lexrank_text},
          {"rouge",
           {{"storyline", f1(ours)},
            {"lead", f1(plain_lead)},
            {"lead_filter", f1(lead)},
            {"lexrank", f1(lexrank)}}},
          {"provenance_ok", provenance_ok},
          {"provenance_problem", provenance_ok ? std::string() : why},
          {"readability",
           {{"headline", readable.headline},
            {"standfirst_words", readable.standfirst_words},
            {"repeated_pairs", readable.repeated_pairs},
            {"same_openings", readable.same_openings},
            {"mixed_quotes", readable.mixed_quotes},
            {"artefacts", readable.artefacts}}}};
      dump_out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    for (SummarizationScores* s : {static_cast<SummarizationScores*>(&report),
                                   even ? &report.even : &report.odd}) {
      add(s->storyline, ours);
      add(s->lead, lead);
      add(s->plain_lead, plain_lead);
      add(s->lexrank, lexrank);
      if (!provenance_ok) ++s->provenance_failures;
      s->with_headline += readable.headline ? 1 : 0;
      s->standfirst_within_limit += readable.standfirst_within_limit ? 1 : 0;
      s->with_repeat += readable.repeated_pairs > 0 ? 1 : 0;
      s->with_same_opening += readable.same_openings > 0 ? 1 : 0;
      s->with_mixed_quotes += readable.mixed_quotes ? 1 : 0;
      s->with_artefact += readable.artefacts > 0 ? 1 : 0;
      s->story_words += static_cast<double>(synth::story_words(story));
      s->budget_words += static_cast<double>(budget);
      ++s->clusters;
    }
  }
  for (SummarizationScores* s : {static_cast<SummarizationScores*>(&report), &report.even,
                                 &report.odd}) {
    average(s->storyline);
    average(s->lead);
    average(s->plain_lead);
    average(s->lexrank);
    if (s->clusters > 0) {
      const double n = static_cast<double>(s->clusters);
      s->with_headline /= n;
      s->standfirst_within_limit /= n;
      s->with_repeat /= n;
      s->with_same_opening /= n;
      s->with_mixed_quotes /= n;
      s->with_artefact /= n;
      s->story_words /= n;
      s->budget_words /= n;
    }
  }
  if (dump_out.is_open()) {
    dump_out.flush();
    if (!dump_out) throw std::runtime_error("cannot write " + dump);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace storyline::eval
