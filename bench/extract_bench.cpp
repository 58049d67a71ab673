// Benchmarks for the extract stage: HTML main-content extraction, plain-text
// cleaning and date parsing, on synthetic inputs (no data files needed), and
// BM_ExtractCorpus over real pages: the wcxb-dev and scrapinghub html files of
// ../shared/data/extraction (or the directories in STORYLINE_BENCH_PAGES, separated by
// ':'), read and gunzipped up front so that only extraction is timed. Its
// items_per_second is pages/s; bench/extraction_vs_readability.sh compares it with
// Readability on the same files.
#include <benchmark/benchmark.h>

#include "bench_main.h"
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

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

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("STORYLINE_BENCH_PAGES"); env != nullptr && *env != '\0') {
      std::string list = env;
      for (std::size_t start = 0; start <= list.size();) {
        const std::size_t colon = std::min(list.find(':', start), list.size());
        if (colon > start) dirs.push_back(list.substr(start, colon - start));
        start = colon + 1;
      }
    } else {
      for (const char* d : {"/extraction/wcxb-dev/html", "/extraction/scrapinghub/html"})
        dirs.push_back(std::string(STORYLINE_SHARED_DATA) + d);
    }
    std::vector<std::string> files;
    for (const auto& d : dirs) {
      std::error_code ec;
      for (const auto& e : std::filesystem::directory_iterator(d, ec)) {
        const std::string p = e.path().string();
        if (p.ends_with(".html") || p.ends_with(".html.gz") || p.ends_with(".htm")) files.push_back(p);
      }
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> out;
    for (const auto& f : files) {
      std::string bytes, error;
      if (storyline::extract::read_document(f, bytes, error)) out.push_back(std::move(bytes));
    }
    return out;
  }();
  return pages;
}

void BM_ExtractCorpus(benchmark::State& state) {
  const auto& pages = corpus();
  if (pages.empty()) {
    state.SkipWithError("no pages (../shared/data/extraction missing and STORYLINE_BENCH_PAGES unset)");
    return;
  }
  std::int64_t bytes = 0;
  for (auto _ : state)
    for (const auto& p : pages) {
      benchmark::DoNotOptimize(storyline::extract::extract_html(p));
      bytes += static_cast<std::int64_t>(p.size());
    }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pages.size()));
  state.SetBytesProcessed(bytes);
  state.counters["pages"] = static_cast<double>(pages.size());
}
BENCHMARK(BM_ExtractCorpus)->Unit(benchmark::kSecond)->Iterations(1);

// A 10 MB page, one of three shapes: 0 = dense markup (a short paragraph, a link and
// two elements per 130 bytes, the worst case for the tree's size), 1 = long paragraphs
// of plain text, 2 = a 1 MB article followed by 9 MB of script-heavy page furniture.
std::string huge_page(int shape) {
  const std::size_t target = 10u << 20;
  std::string h;
  h.reserve(target + (64u << 10));  // no reallocation: the process's peak is this page
  h += "<html><head><title>Big page</title></head><body><article>";
  for (int i = 0; h.size() < target; ++i) {
    if (shape == 0) {
      h += "<div class=\"row c" + std::to_string(i % 50) + "\"><p>Paragraph " + std::to_string(i) +
           " of a very long page, with words and commas, and more words.</p><a href=/x" + std::to_string(i) + ">link</a></div>";
    } else if (shape == 1) {
      h += "<p>";
      for (int k = 0; k < 40; ++k) h += "The council voted on Tuesday to approve the budget, officials said. ";
      h += "</p>";
    } else if (h.size() < (1u << 20)) {
      h += "<p>The council voted on Tuesday to approve the budget, which raises spending, officials said.</p>";
    } else {
      h += "<div class=promo><script>var state = {\"items\": [" + std::string(2000, '1') + "]};</script><a href=/p>More</a></div>";
    }
  }
  h += "</article></body></html>";
  return h;
}

long max_rss_kib() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// Peak memory above the process's peak before the call: run one shape per process
// (--benchmark_filter=BM_ExtractHugePage/N), as bench/extract_memory.sh does.
void BM_ExtractHugePage(benchmark::State& state) {
  const std::string page = huge_page(static_cast<int>(state.range(0)));
  const long before = max_rss_kib();
  std::size_t words = 0;
  for (auto _ : state) words = storyline::extract::extract_html(page).text.size();
  state.counters["page_MiB"] = static_cast<double>(page.size()) / (1 << 20);
  state.counters["peak_extra_MiB"] = static_cast<double>(max_rss_kib() - before) / 1024.0;
  state.counters["text_bytes"] = static_cast<double>(words);
}
BENCHMARK(BM_ExtractHugePage)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1);

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

STORYLINE_BENCHMARK_MAIN()
