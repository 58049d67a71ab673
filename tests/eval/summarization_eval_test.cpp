// Summarization on Multi-News validation (read from ../shared/data, never copied).
#include <gtest/gtest.h>

#include <filesystem>

#include "eval/eval.h"

namespace {
const std::string kCsv = std::string(STORYLINE_SHARED_DATA) + "/multinews/validation.csv";
}

TEST(SummarizationEval, FewClustersProduceSaneScores) {
  if (!std::filesystem::exists(kCsv)) GTEST_SKIP() << "Multi-News not found at " << kCsv;
  const auto r = storyline::eval::evaluate_summarization(kCsv, 20);
  EXPECT_EQ(r.clusters, 20u);
  EXPECT_EQ(r.storyline.r1.n, 20u);
  EXPECT_EQ(r.provenance_failures, 0u);
  for (const auto* x : {&r.storyline, &r.lead, &r.lexrank}) {
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
  EXPECT_GE(r.storyline.r1.f1, 0.47);
  EXPECT_GE(r.storyline.r2.f1, 0.17);
  // Better than both baselines under the same budget.
  EXPECT_GT(r.storyline.r1.f1, r.lead.r1.f1 + 0.02);
  EXPECT_GT(r.storyline.r1.f1, r.lexrank.r1.f1 + 0.015);
  EXPECT_GT(r.storyline.r2.f1, r.lead.r2.f1);
}

TEST(SummarizationEval, MissingFileThrows) {
  EXPECT_THROW(storyline::eval::evaluate_summarization("/nonexistent/validation.csv"),
               std::runtime_error);
}
