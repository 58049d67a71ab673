// Benchmarks for the extract stage: HTML main-content extraction, plain-text
// cleaning and date parsing, on synthetic inputs (no data files needed).
#include <benchmark/benchmark.h>

#include <string>

#include "extract/extract.h"

namespace {

// A news-like page: navigation, an article of `paragraphs` paragraphs, related links,
// comments and a footer.
std::string synthetic_page(int paragraphs) {
  std::string h =
      "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Council approves budget | Daily</title>"
      "<meta property=\"og:title\" content=\"Council approves budget\">"
      "<meta property=\"article:published_time\" content=\"2025-02-11T10:00:00Z\"></head><body>"
      "<header><nav><ul>";
  for (int i = 0; i < 30; ++i) h += "<li><a href=/s" + std::to_string(i) + ">Section " + std::to_string(i) + "</a></li>";
  h += "</ul></nav></header><main><article><h1>Council approves budget</h1><div class=body>";
  for (int i = 0; i < paragraphs; ++i)
    h += "<p>The council voted on Tuesday to approve the budget, which raises spending on schools, "
         "roads and parks, after a debate that lasted more than six hours, officials said.</p>";
  h += "</div><div class=related><ul>";
  for (int i = 0; i < 10; ++i) h += "<li><a href=/r" + std::to_string(i) + ">Related story headline</a></li>";
  h += "</ul></div><section class=comments>";
  for (int i = 0; i < 20; ++i) h += "<p>A reader comment, with an opinion, about the budget.</p>";
  h += "</section></article></main><footer><p>Copyright Daily</p></footer></body></html>";
  return h;
}

void BM_ExtractHtml(benchmark::State& state) {
  const std::string page = synthetic_page(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(storyline::extract::extract_html(page));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(page.size()));
}
BENCHMARK(BM_ExtractHtml)->Arg(10)->Arg(100);

void BM_CleanText(benchmark::State& state) {
  std::string text;
  for (int i = 0; i < 30; ++i)
    text += "The council voted on Tuesday to approve the budget, which raises spending on schools.\n";
  text += "Nick BeakeEurope correspondentBBCAll his adult life, he served\nPresident creates a task force to prepare for the 2026 W";
  for (auto _ : state) benchmark::DoNotOptimize(storyline::extract::clean_text(text));
}
BENCHMARK(BM_CleanText);

void BM_ParseDate(benchmark::State& state) {
  const char* inputs[] = {"2025-02-11T10:00:00+01:00", "Tue, 11 Feb 2025 10:00:00 GMT", "February 11, 2025",
                          "not a date"};
  for (auto _ : state)
    for (const char* s : inputs) benchmark::DoNotOptimize(storyline::extract::parse_date(s));
}
BENCHMARK(BM_ParseDate);

}  // namespace

BENCHMARK_MAIN();
