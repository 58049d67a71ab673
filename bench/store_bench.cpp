// Ingest throughput of the SQLite store: articles committed per second at several
// batch sizes (each batch is one durable transaction, synchronous=FULL); and the live
// engine's refresh of a growing story (its sources read and written between rewrites), by
// the story's size: the whole story read and written back (as before twelfth round's
// change, `full`) against its sources only (Store::story_sources, StoryWrite::sources).
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

// 100 stories of `members` articles each, with a text of 14 sentences citing two articles
// each; an iteration refreshes all of them in one writer's batch (one transaction, as the
// engine's write_queued does). Items: stories refreshed.
static void BM_RefreshStory(benchmark::State& state, bool full) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("storyline_bench_refresh_" + std::to_string(getpid()) + ".db");
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + s);
  auto db = store::open(path.string());
  constexpr StoryId kStories = 100;
  const auto members = static_cast<std::size_t>(state.range(0));
  for (StoryId id = 1; id <= kStories; ++id) {
    std::vector<Article> v(members);
    for (std::size_t i = 0; i < members; ++i) {
      v[i].url = "https://outlet" + std::to_string(i % 40) + ".example/" + std::to_string(id) + "/" + std::to_string(i);
      v[i].source = "outlet" + std::to_string(i % 40) + ".example";
      v[i].title = "Article " + std::to_string(i);
      v[i].text = "The council approved the budget after a long debate, officials said on Monday.";
      v[i].published = 1739232000 + static_cast<UnixTime>(i) * 600;
    }
    db->add_articles(v);
    store::ClusterCommit c;
    c.expected_last_story_id = id - 1;
    c.last_story_id = id;
    for (const Article& a : v) c.assignments.push_back({a.id, id, 0.5, false, 0});
    c.through = v.back().id;
    db->commit_clustering(c);
    Story st;
    st.id = id;
    st.headline = "Council approves the budget after a long debate";
    st.event_date = "2025-02-11";
    st.standfirst = {"The council approved the budget on Monday after a long debate, officials said.", {{v[0].id, 0, 60}}, 0};
    for (std::size_t k = 0; k < 14; ++k)
      st.body.push_back({"Sentence " + std::to_string(k) + " of the story tells one more fact of the event, with its source.",
                         {{v[k % members].id, 0, 60}, {v[(k + 1) % members].id, 0, 60}},
                         0});
    for (const Article& a : v) {
      st.articles.push_back(a.id);
      st.times.push_back(a.published);
    }
    for (std::size_t o = 0; o < std::min<std::size_t>(40, members); ++o)
      st.outlet_names.push_back("outlet" + std::to_string(o) + ".example");
    st.outlets = static_cast<int>(st.outlet_names.size());
    st.distinct = static_cast<int>(members);
    st.rank_key = 20000;
    db->write_stories({{store::Claim{id, 0}, st}});
  }
  for (auto _ : state) {
    std::vector<store::Store::StoryWrite> writes;
    for (StoryId id = 1; id <= kStories; ++id) {
      if (full) {
        auto s = db->story(id);
        s->rank_key += 1e-6;
        writes.push_back({store::Claim{id, 0}, std::move(s)});
      } else {
        auto s = db->story_sources(id);
        s->rank_key += 1e-6;
        writes.push_back({store::Claim{id, 0}, std::nullopt, 0, std::move(s)});
      }
    }
    db->write_stories(writes);
  }
  state.SetItemsProcessed(state.iterations() * kStories);
  db.reset();
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + s);
}
BENCHMARK_CAPTURE(BM_RefreshStory, full, true)->Arg(10)->Arg(100)->Arg(400)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_RefreshStory, sources, false)->Arg(10)->Arg(100)->Arg(400)->Unit(benchmark::kMillisecond);

STORYLINE_BENCHMARK_MAIN()
