// Summarization on Multi-News: storyline's stories against the editors' summaries,
// next to a round-robin lead baseline and LexRank, all under the same word budget
// (the reference's word count; for storyline standfirst and body count together).
#include <chrono>
#include <string>
#include <vector>

#include "eval/eval.h"
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

SummarizationReport evaluate_summarization(const std::string& csv_path, std::size_t limit) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<MultiNewsCluster> clusters = read_multinews(csv_path);
  if (limit > 0 && clusters.size() > limit) clusters.resize(limit);

  SummarizationReport report;
  for (const MultiNewsCluster& cluster : clusters) {
    // Documents become articles 1..k with unknown publication times.
    std::vector<Article> articles(cluster.documents.size());
    std::vector<const Article*> ptrs;
    for (std::size_t k = 0; k < articles.size(); ++k) {
      articles[k].id = static_cast<ArticleId>(k + 1);
      articles[k].text = cluster.documents[k];
      ptrs.push_back(&articles[k]);
    }
    const std::size_t budget = text::count_words(cluster.summary);

    // storyline: the standfirst does not depend on the budget, so a first pass with an
    // empty body measures it and the second spends what is left on the body.
    std::string candidate;
    synth::Options options;
    options.max_words = 0;
    Story story;
    std::string why;
    if (synth::write_story(ptrs, options, story, why)) {
      const std::size_t standfirst = text::count_words(story.standfirst.text);
      options.max_words = budget > standfirst ? budget - standfirst : 0;
      synth::write_story(ptrs, options, story, why);
      candidate = story.standfirst.text;
      for (const StorySentence& s : story.body) candidate += ' ' + s.text;
      if (!synth::check_provenance(story, ptrs, &why)) ++report.provenance_failures;
    }
    add(report.storyline, rouge(candidate, cluster.summary));
    add(report.lead, rouge(join(synth::lead_baseline(ptrs, budget)), cluster.summary));
    add(report.lexrank, rouge(join(synth::lexrank_baseline(ptrs, budget)), cluster.summary));
    ++report.clusters;
  }
  average(report.storyline);
  average(report.lead);
  average(report.lexrank);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace storyline::eval
