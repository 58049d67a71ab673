// Summarization on Multi-News validation (read from ../shared/data, never copied).
#include <gtest/gtest.h>

#include <filesystem>

#include "eval/eval.h"
#include "text/text.h"

namespace {
const std::string kCsv = std::string(STORYLINE_SHARED_DATA) + "/multinews/validation.csv";
}

TEST(SummarizationEval, FewClustersProduceSaneScores) {
  if (!std::filesystem::exists(kCsv)) GTEST_SKIP() << "Multi-News not found at " << kCsv;
  const auto r = storyline::eval::evaluate_summarization(kCsv, 20);
  EXPECT_EQ(r.clusters, 20u);
  EXPECT_EQ(r.storyline.r1.n, 20u);
  EXPECT_EQ(r.provenance_failures, 0u);
  for (const auto* x : {&r.storyline, &r.lead, &r.plain_lead, &r.lexrank}) {
    EXPECT_GT(x->r1.f1, 0.3);
    EXPECT_LT(x->r1.f1, 0.8);
    EXPECT_GT(x->r1.f1, x->r2.f1);
    EXPECT_GT(x->r2.f1, 0.05);
  }
}

TEST(SummarizationEval, MeetsTargetsOnWholeValidationSet) {
  if (!std::filesystem::exists(kCsv)) GTEST_SKIP() << "Multi-News not found at " << kCsv;
  const auto r = storyline::eval::evaluate_summarization(kCsv);
  EXPECT_GT(r.clusters, 100u);
  EXPECT_EQ(r.provenance_failures, 0u);
  // Measured 2026-12-06: 0.4873 / 0.1830 (the issue asks for 0.487 / 0.183; docs/benchmarks.md);
  // floors within 0.01.
  EXPECT_GE(r.storyline.r1.f1, 0.478);
  EXPECT_GE(r.storyline.r2.f1, 0.174);
  // Better than the baselines under the same budget: +0.03 ROUGE-1 over the plain lead
  // (the target), and ahead of the lead that shares storyline's sentence filter.
  EXPECT_GE(r.storyline.r1.f1, r.plain_lead.r1.f1 + 0.03);
  EXPECT_GT(r.lead.r1.f1, r.plain_lead.r1.f1);  // the filter helps any system
  EXPECT_GT(r.storyline.r1.f1, r.lead.r1.f1 + 0.02);
  EXPECT_GT(r.storyline.r1.f1, r.lexrank.r1.f1 + 0.015);
  EXPECT_GT(r.storyline.r2.f1, r.lead.r2.f1);
  // Readability (measured 2026-12-06: 100% headlines, 100% standfirsts <= 40 words, 0% of
  // stories with a repeated pair, with two sentences in a row opening alike, mixing quote
  // styles or with a tokenizer artefact); floors within 0.01.
  EXPECT_GE(r.with_headline, 0.99);
  EXPECT_GE(r.standfirst_within_limit, 0.99);
  EXPECT_LE(r.with_repeat, 0.01);
  EXPECT_LE(r.with_same_opening, 0.01);
  EXPECT_LE(r.with_mixed_quotes, 0.01);
  EXPECT_LE(r.with_artefact, 0.01);
  // And on each held-out half (clusters by index parity), not only on the whole set.
  for (const auto* half : {&r.even, &r.odd}) {
    EXPECT_EQ(half->provenance_failures, 0u);
    EXPECT_GT(half->storyline.r1.f1, half->lead.r1.f1 + 0.015);
    EXPECT_GE(half->storyline.r1.f1, half->plain_lead.r1.f1 + 0.03);
    EXPECT_GT(half->storyline.r1.f1, half->lexrank.r1.f1 + 0.01);
    EXPECT_GT(half->storyline.r2.f1, half->lead.r2.f1);
  }
}

TEST(SummarizationEval, HalvesPartitionTheClusters) {
  if (!std::filesystem::exists(kCsv)) GTEST_SKIP() << "Multi-News not found at " << kCsv;
  using storyline::eval::Split;
  const auto all = storyline::eval::evaluate_summarization(kCsv, 21);
  EXPECT_EQ(all.split, Split::all);
  EXPECT_EQ(all.even.clusters, 11u);  // clusters 0, 2, ..., 20
  EXPECT_EQ(all.odd.clusters, 10u);
  // The whole is the cluster-weighted mean of its halves.
  EXPECT_NEAR(all.storyline.r1.f1 * 21,
              all.even.storyline.r1.f1 * 11 + all.odd.storyline.r1.f1 * 10, 1e-9);
  // A half run alone scores exactly what it scored inside the whole run.
  const auto even = storyline::eval::evaluate_summarization(kCsv, 21, Split::even);
  EXPECT_EQ(even.clusters, 11u);
  EXPECT_DOUBLE_EQ(even.storyline.r1.f1, all.even.storyline.r1.f1);
  EXPECT_DOUBLE_EQ(even.lead.r2.f1, all.even.lead.r2.f1);
  EXPECT_EQ(even.odd.clusters, 0u);
  const auto odd = storyline::eval::evaluate_summarization(kCsv, 21, Split::odd);
  EXPECT_EQ(odd.clusters, 10u);
  EXPECT_DOUBLE_EQ(odd.lexrank.rl.f1, all.odd.lexrank.rl.f1);
  EXPECT_NE(even.storyline.r1.f1, odd.storyline.r1.f1);
}

TEST(SummarizationEval, TruncatedConventionFillsTheBudget) {
  if (!std::filesystem::exists(kCsv)) GTEST_SKIP() << "Multi-News not found at " << kCsv;
  const auto whole = storyline::eval::evaluate_summarization(kCsv, 20);
  const auto cut =
      storyline::eval::evaluate_summarization(kCsv, 20, storyline::eval::Split::all, true);
  EXPECT_EQ(cut.clusters, 20u);
  EXPECT_EQ(cut.provenance_failures, 0u);
  // Texts filled to the budget: recall can only grow for the baselines, whose sentences
  // are the same plus one (cut at the budget).
  EXPECT_GE(cut.lead.r1.recall, whole.lead.r1.recall);
  EXPECT_GE(cut.lexrank.r1.recall, whole.lexrank.r1.recall);
  EXPECT_GT(cut.storyline.r1.f1, 0.3);
}

TEST(SummarizationEval, SplitNames) {
  using storyline::eval::Split;
  EXPECT_EQ(storyline::eval::parse_split("all"), Split::all);
  EXPECT_EQ(storyline::eval::parse_split("even"), Split::even);
  EXPECT_EQ(storyline::eval::parse_split("odd"), Split::odd);
  EXPECT_THROW(storyline::eval::parse_split("half"), std::invalid_argument);
  EXPECT_STREQ(storyline::eval::split_name(Split::odd), "odd");
}

TEST(SummarizationEval, TruncateWordsCutsAtTheBudgetLikeRougeL) {
  using storyline::eval::truncate_words;
  EXPECT_EQ(truncate_words("The mayor said the town would be rebuilt.", 4), "The mayor said the");
  EXPECT_EQ(truncate_words("The mayor's plan, at $40 million, passed.", 6),
            "The mayor's plan, at $40 million");
  EXPECT_EQ(truncate_words("Short text.", 10), "Short text.");
  EXPECT_EQ(truncate_words("Short text.", 0), "");
  EXPECT_EQ(storyline::text::count_words(truncate_words("One two three four five six.", 5)), 5u);
}

TEST(SummarizationEval, MissingFileThrows) {
  EXPECT_THROW(storyline::eval::evaluate_summarization("/nonexistent/validation.csv"),
               std::runtime_error);
}
