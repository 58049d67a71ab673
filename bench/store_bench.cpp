// Ingest throughput of the SQLite store: articles committed per second at several
// batch sizes (each batch is one durable transaction, synchronous=FULL).
#include <benchmark/benchmark.h>

#include "bench_main.h"
#include <unistd.h>

#include <filesystem>

#include "store/store.h"

using namespace storyline;

static void BM_AddArticles(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("storyline_bench_" + std::to_string(getpid()) + ".db");
  std::filesystem::remove(path);
  auto db = store::open(path.string());
  const auto batch = static_cast<std::size_t>(state.range(0));
  std::size_t n = 0;
  for (auto _ : state) {
    std::vector<Article> v(batch);
    for (auto& a : v) {
      a.url = "https://bench.example/" + std::to_string(n);
      a.title = "Generated article " + std::to_string(n);
      a.text = "Article " + std::to_string(n++) +
               " reports that the council approved the budget after a long debate. "
               "Residents said the vote was expected and welcomed the new spending on schools.";
      a.published = 1739232000 + static_cast<UnixTime>(n);
    }
    db->add_articles(v);
  }
  state.SetItemsProcessed(static_cast<int64_t>(n));
  db.reset();
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + s);
}
BENCHMARK(BM_AddArticles)->Arg(1)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

STORYLINE_BENCHMARK_MAIN()
