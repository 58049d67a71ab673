#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "cluster/internal.h"

using namespace storyline::cluster;
using namespace storyline::cluster::detail;
using storyline::text::tokenize;

namespace {

TfIdf::Doc vec(TfIdf& m, const std::string& title, const std::string& text) {
  return m.vectorize(title, text, tokenize(text));
}

float weight_of(const SparseVector& v, TermId id) {
  for (const auto& t : v)
    if (t.id == id) return t.w;
  return 0;
}

// Id of the term of one word, found as the only term of a one-word text.
TermId id_of(TfIdf& m, const std::string& word) {
  auto d = m.vectorize("", word, tokenize(word), false);
  EXPECT_EQ(d.vec.size(), 1u) << word;
  return d.vec.empty() ? 0 : d.vec[0].id;
}

}  // namespace

TEST(SparseVector, DotNormAddKeep) {
  SparseVector a = {{1, 1.0f}, {3, 2.0f}, {7, 2.0f}};
  SparseVector b = {{3, 1.0f}, {5, 4.0f}, {7, 0.5f}};
  EXPECT_DOUBLE_EQ(dot(a, b), 3.0);
  EXPECT_DOUBLE_EQ(norm(a), 3.0);
  const SparseVector c = add(a, b, 2.0f);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].id, 1u);
  EXPECT_FLOAT_EQ(c[1].w, 4.0f);  // 2 + 2*1
  EXPECT_FLOAT_EQ(c[2].w, 8.0f);
  EXPECT_FLOAT_EQ(c[3].w, 3.0f);
  SparseVector k = c;
  keep_strongest(k, 2);
  ASSERT_EQ(k.size(), 2u);
  EXPECT_EQ(k[0].id, 3u);  // sorted by id again
  EXPECT_EQ(k[1].id, 5u);
  const auto top = strongest(c, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].id, 5u);
  EXPECT_EQ(top[1].id, 3u);
  normalize(a);
  EXPECT_NEAR(norm(a), 1.0, 1e-6);
}

TEST(HashMap64, InsertFindGrow) {
  HashMap64 m;
  EXPECT_EQ(m.find(42), HashMap64::kMissing);
  for (std::uint64_t k = 0; k < 5000; ++k) EXPECT_EQ(m.insert(k * 0x9e3779b97f4a7c15ULL, static_cast<std::uint32_t>(k)), k);
  EXPECT_EQ(m.size(), 5000u);
  for (std::uint64_t k = 0; k < 5000; ++k) EXPECT_EQ(m.find(k * 0x9e3779b97f4a7c15ULL), k);
  EXPECT_EQ(m.insert(0, 99), 0u);  // already there: the stored value is kept
  EXPECT_EQ(m.find(12345), HashMap64::kMissing);
  m.clear();
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.find(0), HashMap64::kMissing);
}

TEST(TfIdf, VectorsAreUnitLengthWithoutStopwords) {
  TfIdf m{Config{}};
  const auto d = vec(m, "", "The storm hit the coast and the storm moved north.");
  // storm, hit, coast, move, north
  EXPECT_EQ(d.vec.size(), 5u);
  EXPECT_EQ(d.tf.size(), 5u);
  EXPECT_NEAR(norm(d.vec), 1.0, 1e-5);
  EXPECT_NEAR(norm(d.tf), 1.0, 1e-5);
  EXPECT_EQ(m.documents(), 1u);
  const TermId storm = id_of(m, "storms");  // stemmed: storms -> storm
  EXPECT_GT(weight_of(d.vec, storm), weight_of(d.vec, id_of(m, "coast")));
}

TEST(TfIdf, EmptyTextHasNoTerms) {
  TfIdf m{Config{}};
  EXPECT_TRUE(vec(m, "", "").vec.empty());
  EXPECT_TRUE(vec(m, "", "the of and").vec.empty());
  EXPECT_EQ(vec(m, "", "Breaking").vec.size(), 1u);
}

TEST(TfIdf, RareTermsWeighMore) {
  TfIdf m{Config{}};
  for (int i = 0; i < 20; ++i) vec(m, "", "government officials announced plans number " + std::to_string(i));
  const auto d = vec(m, "", "government officials announced volcano");
  const TermId gov = id_of(m, "government"), volcano = id_of(m, "volcano");
  EXPECT_GT(m.idf(volcano), m.idf(gov));
  EXPECT_GT(weight_of(d.vec, volcano), 2 * weight_of(d.vec, gov));
}

TEST(TfIdf, TitleAndNamesWeighUp) {
  Config c;
  c.title_weight = 3.0;
  c.name_weight = 2.0;
  TfIdf m{c};
  const auto d = vec(m, "Flood", "Rain fell. Officials met Smith about flood and rain. Then smith left.");
  const TermId flood = id_of(m, "flood"), rain = id_of(m, "rain"), smith = id_of(m, "smith");
  // flood: title (3) + body (1) = 4 > rain: 2 body mentions.
  EXPECT_GT(weight_of(d.tf, flood), weight_of(d.tf, rain));
  // Smith: capitalized mid-sentence (2) + lower case (1) = 3 > rain (2);
  // "Rain" and "Officials" start sentences and do not count as names.
  EXPECT_GT(weight_of(d.tf, smith), weight_of(d.tf, rain));
  EXPECT_FLOAT_EQ(weight_of(d.tf, id_of(m, "officials")), weight_of(d.tf, id_of(m, "met")));
}

TEST(TfIdf, KeepsOnlyTheStrongestTerms) {
  Config c;
  c.max_terms = 10;
  TfIdf m{c};
  std::string text;
  for (int i = 0; i < 50; ++i) text += "word" + std::string(1, static_cast<char>('a' + i % 26)) +
                                       std::string(1, static_cast<char>('a' + i / 26)) + " ";
  const auto d = vec(m, "", text);
  EXPECT_EQ(d.vec.size(), 10u);
  EXPECT_EQ(d.tf.size(), 10u);
  for (std::size_t i = 0; i < d.vec.size(); ++i) EXPECT_EQ(d.vec[i].id, d.tf[i].id);
  EXPECT_TRUE(std::is_sorted(d.vec.begin(), d.vec.end(),
                             [](const Term& a, const Term& b) { return a.id < b.id; }));
}

TEST(TfIdf, UnknownScriptsStillGiveTerms) {
  TfIdf m{Config{}};
  const auto d = vec(m, "", "Σεισμός 6 Ρίχτερ στην Κρήτη, ζημιές σε σπίτια στο Ηράκλειο");
  EXPECT_GE(d.vec.size(), 6u);
  const auto z = vec(m, "", "東京で大きな地震 東京 地震");
  EXPECT_GE(z.vec.size(), 1u);
}
