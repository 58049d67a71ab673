// Tests for evaluate_extraction() on small synthetic datasets in a temp dir, and
// (when present) on the real benchmarks in ../shared/data/extraction.
#include <gtest/gtest.h>

#include "support/gzip.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "eval/eval.h"

namespace storyline::eval {
namespace {

namespace fs = std::filesystem;

using storyline::testing::gzip;

void write(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

const std::string kBody =
    "Scientists said on Monday that they had found water ice in a crater near the south pole, "
    "a discovery that could shape future missions to the moon.\n"
    "The team, which used data from two orbiters, said the ice appeared to be mixed with the soil, "
    "and could one day be mined for drinking water and fuel.";

std::string article_html(const std::string& body_text,
                         const std::string& h1 = "Water ice found on the moon") {
  std::string paras;
  std::size_t start = 0;
  while (start < body_text.size()) {
    std::size_t end = body_text.find('\n', start);
    if (end == std::string::npos) end = body_text.size();
    paras += "<p>" + body_text.substr(start, end - start) + "</p>";
    start = end + 1;
  }
  return "<html><head><title>Moon ice | Science</title>"
         "<meta property=\"article:published_time\" content=\"2025-02-11T10:00:00Z\">"
         "<meta name=\"author\" content=\"Jane Doe\"></head><body>"
         "<h1>" + h1 + "</h1><article>" + paras + "</article></body></html>";
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("storyline_extraction_eval_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

using ScrapinghubLayout = TempDir;
using WcxbLayout = TempDir;
using UnknownLayout = TempDir;

TEST_F(ScrapinghubLayout, ShingleScoresMatchTheBenchmarkDefinition) {
  // Page "good" contains exactly the gold body; page "bad" has an unrelated body.
  const std::string other = "Completely different words appear here in this unrelated paragraph of text "
                            "about gardening, tomatoes and the weather in spring, nothing else at all.";
  write(dir_ / "ground-truth.json",
        "{\"good\": {\"articleBody\": " + std::string("\"") +
            "Scientists said on Monday that they had found water ice in a crater near the south pole, "
            "a discovery that could shape future missions to the moon.\\nThe team, which used data from "
            "two orbiters, said the ice appeared to be mixed with the soil, and could one day be mined "
            "for drinking water and fuel.\", \"url\": \"https://x.example/good\"},"
            " \"bad\": {\"articleBody\": \"" + kBody.substr(0, 60) + "\"}}");
  write(dir_ / "html" / "good.html.gz", gzip(article_html(kBody)));
  write(dir_ / "html" / "bad.html.gz", gzip(article_html(other)));
  const ExtractionReport r = evaluate_extraction(dir_.string());
  EXPECT_EQ(r.dataset, "scrapinghub");
  EXPECT_EQ(r.pages, 2u);
  EXPECT_EQ(r.errors, 0u);
  EXPECT_EQ(r.body.n, 2u);
  // Per page tp/fp/fn are normalized to sum 1. good = (1, 0, 0). bad: the gold's 12
  // tokens give 9 shingles, the page's 23 tokens give 20, none shared: (0, 20/29, 9/29).
  // Micro-averaged: precision = 1 / (1 + 20/29) = 29/49, recall = 1 / (1 + 9/29) = 29/38.
  EXPECT_NEAR(r.body.precision, 29.0 / 49.0, 1e-9);
  EXPECT_NEAR(r.body.recall, 29.0 / 38.0, 1e-9);
  EXPECT_NEAR(r.body.f1, 2 * r.body.precision * r.body.recall / (r.body.precision + r.body.recall), 1e-12);
  EXPECT_EQ(r.title_accuracy, -1);
  EXPECT_GE(r.seconds, 0.0);
}

TEST_F(ScrapinghubLayout, MissingHtmlCountsAsError) {
  write(dir_ / "ground-truth.json", "{\"gone\": {\"articleBody\": \"some words in the gold body here\"}}");
  fs::create_directories(dir_ / "html");
  const ExtractionReport r = evaluate_extraction(dir_.string());
  EXPECT_EQ(r.pages, 1u);
  EXPECT_EQ(r.errors, 1u);
  EXPECT_EQ(r.body.f1, 0.0);
}

TEST_F(WcxbLayout, WordF1AndMetadataAccuracy) {
  auto gt = [](const std::string& id, const nlohmann::json& truth) {
    return nlohmann::json{{"file_id", id}, {"url", "https://x.example/" + id}, {"ground_truth", truth}}.dump();
  };
  // 0001: everything right. 0002: body right, wrong title/author/date in gold.
  // 0003: no date/author in gold (null), body half missing from the page.
  write(dir_ / "ground-truth" / "0001.json",
        gt("0001", {{"title", "Water ice found on the moon"}, {"author", "jane doe"},
                    {"publish_date", "2025-02-11"}, {"main_content", kBody}}));
  write(dir_ / "ground-truth" / "0002.json",
        gt("0002", {{"title", "Another headline"}, {"author", "John Roe"},
                    {"publish_date", "2024-01-01"}, {"main_content", kBody}}));
  const std::string first_para = kBody.substr(0, kBody.find('\n'));
  write(dir_ / "ground-truth" / "0003.json",
        gt("0003", {{"title", "Water ice found on the moon"}, {"author", nullptr},
                    {"publish_date", nullptr}, {"main_content", kBody}}));
  // 0004: the page prints typographic quotes, a dash and an ellipsis where the
  // annotator typed ASCII; 0005: a real difference in wording.
  write(dir_ / "ground-truth" / "0004.json",
        gt("0004", {{"title", "Ice... on the \"moon\" - it's real"}, {"main_content", kBody}}));
  write(dir_ / "ground-truth" / "0005.json",
        gt("0005", {{"title", "Ice on the moon: it's real"}, {"main_content", kBody}}));
  write(dir_ / "html" / "0001.html.gz", gzip(article_html(kBody)));
  write(dir_ / "html" / "0002.html.gz", gzip(article_html(kBody)));
  write(dir_ / "html" / "0003.html.gz", gzip(article_html(first_para)));
  const std::string typographic = "Ice\xE2\x80\xA6 on the \xE2\x80\x9Cmoon\xE2\x80\x9D \xE2\x80\x94 it\xE2\x80\x99s real";
  write(dir_ / "html" / "0004.html.gz", gzip(article_html(kBody, typographic)));
  write(dir_ / "html" / "0005.html.gz", gzip(article_html(kBody, typographic)));
  const ExtractionReport r = evaluate_extraction(dir_.string());
  EXPECT_EQ(r.dataset, "wcxb-dev");
  EXPECT_EQ(r.pages, 5u);
  EXPECT_EQ(r.errors, 0u);
  EXPECT_EQ(r.body.n, 5u);
  // Pages 1, 2, 4, 5 are perfect; page 3 has precision 1 and recall = its share of words.
  EXPECT_NEAR(r.body.precision, 1.0, 1e-9);
  EXPECT_GT(r.body.recall, 0.85);
  EXPECT_LT(r.body.recall, 0.95);
  EXPECT_NEAR(r.title_accuracy, 3.0 / 5.0, 1e-9);  // 1, 3 and 4
  EXPECT_NEAR(r.date_accuracy, 0.5, 1e-9);    // only pages 1 and 2 have a gold date
  EXPECT_NEAR(r.author_accuracy, 0.5, 1e-9);  // case-insensitive match on page 1
}

TEST_F(UnknownLayout, Throws) {
  write(dir_ / "something.txt", "x");
  EXPECT_THROW(evaluate_extraction(dir_.string()), std::runtime_error);
  EXPECT_THROW(evaluate_extraction((dir_ / "missing").string()), std::runtime_error);
}

// The real benchmarks, read in place (never copied into the repo).
TEST(ExtractionEvalRealData, MeetsQualityFloors) {
  const fs::path base = fs::path(STORYLINE_SHARED_DATA) / "extraction";
  if (!fs::exists(base / "scrapinghub" / "ground-truth.json") || !fs::exists(base / "wcxb-dev" / "ground-truth"))
    GTEST_SKIP() << "extraction benchmarks not found under " << base << "; skipping the real-data check";
  // Floors 0.01 under what `storyline eval extraction` measured on 2026-12-02 (main
  // at 950bae4; the same as docs/benchmarks.md's latest figures), so a
  // regression of more than a point fails the suite.
  const ExtractionReport sh = evaluate_extraction((base / "scrapinghub").string());
  EXPECT_EQ(sh.errors, 0u);
  EXPECT_GE(sh.body.f1, 0.9627);  // measured 0.9727
  const ExtractionReport w = evaluate_extraction((base / "wcxb-dev").string());
  EXPECT_EQ(w.errors, 0u);
  EXPECT_GE(w.body.f1, 0.9405);         // measured 0.9505
  EXPECT_GE(w.title_accuracy, 0.8944);  // measured 0.9044
  EXPECT_GE(w.date_accuracy, 0.8931);   // measured 0.9031
  EXPECT_GE(w.author_accuracy, 0.8381); // measured 0.8481
}

}  // namespace
}  // namespace storyline::eval
