// Feed parsing throughput: parse_feed over every file of ../shared/data/feeds/feedparser-dev
// (about 1,000 small test feeds of every format), one pass per iteration; and a generated
// 5,000-item RSS 2.0 feed (about 5 MB) for large-document speed. bench/feeds_vs_feedparser.sh
// compares the first with Debian's python3-feedparser on the same files.
#include <benchmark/benchmark.h>

#include "bench_main.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/feeds.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> load_dev_files() {
  const char* env = std::getenv("STORYLINE_SHARED_DATA");
  const fs::path root = fs::path(env && *env ? env : STORYLINE_SHARED_DATA) / "feeds" / "feedparser-dev";
  std::vector<std::string> docs;
  if (!fs::is_directory(root)) return docs;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    docs.push_back(ss.str());
  }
  return docs;
}

void BM_ParseFeedparserDev(benchmark::State& state) {
  static const std::vector<std::string> docs = load_dev_files();
  if (docs.empty()) {
    state.SkipWithError("feedparser-dev data not found (set STORYLINE_SHARED_DATA)");
    return;
  }
  std::size_t bytes = 0, items = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      const auto f = storyline::feeds::parse_feed(d, "http://127.0.0.1:8097/tests/x.xml");
      items += f.items.size();
      bytes += d.size();
    }
  }
  benchmark::DoNotOptimize(items);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(docs.size()) * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseFeedparserDev)->Unit(benchmark::kMillisecond);

void BM_ParseLargeRss(benchmark::State& state) {
  std::string doc = "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Big</title><link>http://example.com/</link>";
  for (int i = 0; i < 5000; ++i) {
    doc += "<item><title>Story number " + std::to_string(i) + " about &lt;b&gt;markets&lt;/b&gt;</title><link>/s/" +
           std::to_string(i) + "</link><guid>id-" + std::to_string(i) +
           "</guid><pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate><dc:creator>Jane Doe</dc:creator><description>";
    for (int k = 0; k < 12; ++k) doc += "A sentence of teaser text with an &amp; entity and &lt;i&gt;markup&lt;/i&gt;. ";
    doc += "</description></item>";
  }
  doc += "</channel></rss>";
  for (auto _ : state) {
    const auto f = storyline::feeds::parse_feed(doc, "http://example.com/feed.xml");
    benchmark::DoNotOptimize(f.items.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(doc.size()) * state.iterations());
}
BENCHMARK(BM_ParseLargeRss)->Unit(benchmark::kMillisecond);

}  // namespace

STORYLINE_BENCHMARK_MAIN()
