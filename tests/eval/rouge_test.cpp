// ROUGE against hand-worked examples (ROUGE-1.5.5 conventions: lower case, [a-z0-9]+
// tokens, Porter stemming of tokens longer than 3 characters, clipped n-gram counts,
// ROUGE-L over the whole token sequences).
#include <gtest/gtest.h>

#include "eval/eval.h"

using storyline::eval::rouge;

TEST(Rouge, IdenticalTextsScoreOne) {
  const auto r = rouge("The talks failed on Monday.", "the talks FAILED on monday");
  EXPECT_DOUBLE_EQ(r.r1.f1, 1.0);
  EXPECT_DOUBLE_EQ(r.r2.f1, 1.0);
  EXPECT_DOUBLE_EQ(r.rl.f1, 1.0);
  EXPECT_EQ(r.r1.n, 1u);
}

TEST(Rouge, CatOnTheMat) {
  // cand: the cat sat on the mat      ref: the cat was on the mat   (no token > 3 chars)
  // ROUGE-1: cand {the:2 cat sat on mat}, ref {the:2 cat was on mat}
  //   overlap = min(2,2)+cat+on+mat = 5; P = 5/6, R = 5/6, F1 = 5/6.
  // ROUGE-2: cand {the cat, cat sat, sat on, on the, the mat}
  //          ref  {the cat, cat was, was on, on the, the mat}
  //   overlap = 3 (the cat, on the, the mat); P = R = F1 = 3/5.
  // ROUGE-L: LCS = "the cat on the mat" = 5; P = R = F1 = 5/6.
  const auto r = rouge("the cat sat on the mat", "the cat was on the mat");
  EXPECT_NEAR(r.r1.precision, 5.0 / 6, 1e-12);
  EXPECT_NEAR(r.r1.recall, 5.0 / 6, 1e-12);
  EXPECT_NEAR(r.r1.f1, 5.0 / 6, 1e-12);
  EXPECT_NEAR(r.r2.f1, 3.0 / 5, 1e-12);
  EXPECT_NEAR(r.rl.f1, 5.0 / 6, 1e-12);
}

TEST(Rouge, StemmingAndPunctuation) {
  // cand: police arrested 12 protesters.  -> polic arrest 12 protest        (4 tokens)
  // ref:  The police were arresting protesters! -> the polic were arrest protest (5)
  // ROUGE-1: overlap = polic, arrest, protest = 3; P = 3/4, R = 3/5,
  //   F1 = 2 * 0.75 * 0.6 / 1.35 = 2/3.
  // ROUGE-2: cand {polic arrest, arrest 12, 12 protest}; ref {the polic, polic were,
  //   were arrest, arrest protest}: no overlap, F1 = 0.
  // ROUGE-L: LCS = polic arrest protest = 3 -> same as ROUGE-1: 2/3.
  const auto r = rouge("Police arrested 12 protesters.", "The police were arresting protesters!");
  EXPECT_NEAR(r.r1.precision, 0.75, 1e-12);
  EXPECT_NEAR(r.r1.recall, 0.6, 1e-12);
  EXPECT_NEAR(r.r1.f1, 2.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(r.r2.f1, 0.0);
  EXPECT_NEAR(r.rl.f1, 2.0 / 3, 1e-12);
}

TEST(Rouge, ClippedCounts) {
  // cand: the the the the   ref: the cat the
  // ROUGE-1: overlap = min(4, 2) = 2; P = 2/4, R = 2/3, F1 = 2*(1/2)(2/3)/(7/6) = 4/7.
  // ROUGE-2: cand {the the x3}, ref {the cat, cat the}: 0.
  // ROUGE-L: LCS = "the the" = 2 -> 4/7.
  const auto r = rouge("the the the the", "the cat the");
  EXPECT_NEAR(r.r1.f1, 4.0 / 7, 1e-12);
  EXPECT_DOUBLE_EQ(r.r2.f1, 0.0);
  EXPECT_NEAR(r.rl.f1, 4.0 / 7, 1e-12);
}

TEST(Rouge, LcsIsInOrderNotBagOfWords) {
  // cand: a b c d    ref: d c b a   -> ROUGE-1 = 1 (same bag), LCS = 1 -> ROUGE-L = 1/4.
  const auto r = rouge("a b c d", "d c b a");
  EXPECT_DOUBLE_EQ(r.r1.f1, 1.0);
  EXPECT_DOUBLE_EQ(r.r2.f1, 0.0);
  EXPECT_NEAR(r.rl.f1, 0.25, 1e-12);
}

TEST(Rouge, NonAlphanumericSplitsTokens) {
  // "U.S.-led" -> u s led ; "it's" -> it s. Both sides tokenize the same way.
  const auto r = rouge("U.S.-led talks, it's said", "u s led talks it s said");
  EXPECT_DOUBLE_EQ(r.r1.f1, 1.0);
  EXPECT_DOUBLE_EQ(r.rl.f1, 1.0);
}

TEST(Rouge, EmptyTextsScoreZero) {
  EXPECT_DOUBLE_EQ(rouge("", "the cat").r1.f1, 0.0);
  EXPECT_DOUBLE_EQ(rouge("the cat", "").r1.f1, 0.0);
  EXPECT_DOUBLE_EQ(rouge("...", "!!!").rl.f1, 0.0);
}
