// Clustering throughput on generated articles: per-article cost of Clusterer::add with
// 10k, 100k and 1M stories already opened, to show that the cost stays flat as stories
// accumulate. Articles are distinct and 10 s apart, so 1M stories span about 145 days of
// stream time and the old ones are old (expired: see Config::expire_days).
//
// Articles are generated from a pseudo-word vocabulary: each story has 15 topic words
// (3 of them capitalized names); an article has an 8-word title of topic words and a
// ~250-word body, a third topic words and the rest Zipf-like background words.
#include <benchmark/benchmark.h>

#include "bench_main.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cluster/cluster.h"

namespace {

using storyline::Article;
using storyline::cluster::Clusterer;

std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr std::size_t kBackground = 3000;   // common words
constexpr std::size_t kVocabulary = 200000; // all words

// Word i of the vocabulary: three consonant-vowel(-consonant) syllables, unique per i.
std::string word(std::size_t i) {
  static const char* cons = "bdfgklmnprstvz";  // 14
  static const char* vow = "aeiou";            // 5
  std::string w;
  for (int k = 0; k < 3; ++k) {
    const std::size_t syl = i % 70;
    i /= 70;
    w += cons[syl % 14];
    w += vow[syl / 14];
  }
  if (i > 0) w += cons[i % 14];
  return w;
}

std::string capitalized(std::string w) {
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

Article make_article(std::size_t story, std::uint64_t seed, storyline::ArticleId id) {
  std::uint64_t topic_rng = story * 7919 + 17;
  std::vector<std::string> topic;
  for (int k = 0; k < 15; ++k) {
    std::string w = word(kBackground + splitmix(topic_rng) % (kVocabulary - kBackground));
    topic.push_back(k < 3 ? capitalized(w) : w);
  }
  std::uint64_t rng = seed;
  Article a;
  a.id = id;
  a.source = "outlet" + std::to_string(splitmix(rng) % 50);
  a.published = 1700000000 + static_cast<storyline::UnixTime>(id) * 10;
  for (int k = 0; k < 8; ++k) a.title += (k ? " " : "") + topic[splitmix(rng) % topic.size()];
  for (int k = 0; k < 250; ++k) {
    const std::uint64_t r = splitmix(rng);
    if (r % 3 == 0) {
      a.text += topic[(r >> 8) % topic.size()];
    } else {
      const double u = static_cast<double>((r >> 11) & 0xFFFFF) / 0x100000;
      a.text += word(static_cast<std::size_t>(u * u * kBackground));
    }
    a.text += (k % 15 == 14) ? ".\n" : " ";
  }
  return a;
}

// Resident memory of this process in bytes (Linux).
std::size_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long pages = 0, resident = 0;
  const int n = std::fscanf(f, "%lu %lu", &pages, &resident);
  std::fclose(f);
  return n == 2 ? resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

// Timed articles per size: every one is a distinct text, so none takes the
// near-duplicate shortcut (re-adding the same text would only measure SimHash lookups).
constexpr std::size_t kTimed = 20000;

struct Prefilled {
  std::unique_ptr<Clusterer> clusterer;
  double bytes_per_article = 0;  // resident memory growth per indexed article
  std::vector<Article> pool;  // articles added in the timed loop
  storyline::ArticleId next_id = 0;
};

// A Clusterer holding `stories` stories (one or two articles each), built once per size.
Prefilled& prefilled(std::size_t stories) {
  static std::map<std::size_t, Prefilled> cache;
  auto it = cache.find(stories);
  if (it != cache.end()) return it->second;
  Prefilled p;
  // Timed articles: half follow-ups of recent stories (among the last 10k opened, about
  // 1.4 days of stream time: what a follow-up is in a real stream, and the same mix of
  // joins and new stories at every size), half new stories.
  std::uint64_t rng = 42;
  for (std::size_t k = 0; k < kTimed; ++k) {
    const std::size_t recent = std::min<std::size_t>(stories, 10000);
    const std::size_t s = k % 2 ? stories - 1 - splitmix(rng) % recent : stories + k;
    p.pool.push_back(make_article(s, 1000000007ULL + k, 0));
  }
  p.clusterer = std::make_unique<Clusterer>();
  const std::size_t rss_before = resident_bytes();
  for (std::size_t s = 0; s < stories; ++s) {
    p.clusterer->add(make_article(s, s * 2 + 1, ++p.next_id));
    if (s % 4 == 0) p.clusterer->add(make_article(s, s * 2 + 2, ++p.next_id));
  }
  p.bytes_per_article = static_cast<double>(resident_bytes() - rss_before) /
                        static_cast<double>(std::max<storyline::ArticleId>(p.next_id, 1));
  return cache.emplace(stories, std::move(p)).first->second;
}

void BM_AddArticle(benchmark::State& state) {
  Prefilled& p = prefilled(static_cast<std::size_t>(state.range(0)));
  const auto before = p.clusterer->stats();
  std::size_t k = 0;
  for (auto _ : state) {
    Article& a = p.pool[k++ % p.pool.size()];
    a.id = ++p.next_id;
    benchmark::DoNotOptimize(p.clusterer->add(a));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["stories"] = static_cast<double>(p.clusterer->story_count());
  state.counters["bytes/indexed_article"] = p.bytes_per_article;
  const auto after = p.clusterer->stats();
  state.counters["scored/article"] =
      static_cast<double>(after.candidates_scored - before.candidates_scored) /
      static_cast<double>(std::max<std::size_t>(after.articles - before.articles, 1));
}
// Each size is timed over kTimed distinct articles; the 1M size takes minutes to prefill.
BENCHMARK(BM_AddArticle)->Arg(10000)->Arg(100000)->Arg(1000000)->Iterations(kTimed)->Unit(benchmark::kMicrosecond);

// Feature extraction alone (tokenize + SimHash), for comparison.
void BM_SimHash(benchmark::State& state) {
  const Article a = make_article(1, 1, 1);
  for (auto _ : state) benchmark::DoNotOptimize(storyline::cluster::simhash(a.text));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_SimHash)->Unit(benchmark::kMicrosecond);

}  // namespace

STORYLINE_BENCHMARK_MAIN()
