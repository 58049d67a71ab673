// synth throughput: stories written per second for generated news-like clusters
// (10 articles of 25 sentences, ~550 words each: shared event vocabulary, a large
// Zipf-distributed general vocabulary, bylines and page furniture to filter).
// Target: >= 1,000 stories/s for 10-article stories on one core.
#include <benchmark/benchmark.h>

#include "bench_main.h"

#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "synth/synth.h"

namespace {

using namespace storyline;

// Event words every article of the cluster uses, and a large general vocabulary of
// synthetic words with a Zipf-like distribution (as in real text, most words are rare).
const char* const kEvent[] = {"flooding", "Valencia", "rescuers", "province",   "emergency",
                              "homes",    "water",    "boats",    "government", "residents",
                              "damage",   "rain",     "bridge",   "Mazon",      "army"};
const char* const kFunction[] = {"the", "of",   "in",  "and",  "to",    "a",
                                 "was", "for",  "on",  "that", "with",  "by",
                                 "at",  "from", "had", "were", "after", "their"};

std::string synthetic_word(std::size_t rank) {
  static const char* const kSyllables[] = {"ka", "lo",  "ber", "tin", "mo",  "ra", "sel", "dun",
                                           "pi", "vor", "e",   "an",  "ist", "qu", "ol",  "tre"};
  std::string w;
  std::size_t x = rank + 7;
  do {
    w += kSyllables[x % 16];
    x /= 16;
  } while (x > 0);
  return w + "s";
}

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::string sentence() {
    const std::size_t len = 14 + rng_() % 16;
    std::string s;
    for (std::size_t i = 0; i < len; ++i) {
      std::string w;
      const std::uint32_t r = rng_() % 100;
      if (i == 2)
        w = pick_general() + "ed";  // a verb
      else if (r < 40)
        w = kFunction[rng_() % 18];
      else if (r < 55)
        w = kEvent[rng_() % 15];
      else if (r < 58)
        w = std::to_string(2 + rng_() % 300);
      else if (r < 59)
        w = "Tuesday";
      else
        w = pick_general();
      if (i == 0) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      s += w;
      s += i + 1 == len ? "." : (rng_() % 12 == 0 ? ", " : " ");
    }
    return s;
  }

  std::vector<Article> cluster(std::size_t articles, std::size_t sentences) {
    std::vector<Article> out(articles);
    const UnixTime t0 = days_from_civil(2024, 10, 30) * 86400;
    for (std::size_t a = 0; a < articles; ++a) {
      Article& art = out[a];
      art.id = static_cast<ArticleId>(a + 1);
      art.source = "outlet" + std::to_string(a);
      art.published = t0 + static_cast<UnixTime>(rng_() % 86400);
      art.text = "By Staff Reporter\n";
      art.text += "Flooding in Valencia killed " + std::to_string(90 + a % 3) +
                  " people on Tuesday, officials said yesterday.\n";
      for (std::size_t s = 0; s < sentences; ++s) {
        art.text += sentence();
        art.text += (s % 3 == 2) ? "\n" : " ";
        if (s == 10) art.text += "Advertisement\n";
      }
    }
    return out;
  }

 private:
  std::string pick_general() {
    // Zipf-like: rank ~ 1 / u over 3,000 words.
    const double u = std::uniform_real_distribution<double>(0.0003, 1.0)(rng_);
    return synthetic_word(static_cast<std::size_t>(1.0 / u) % 3000);
  }
  std::mt19937 rng_;
};

void BM_WriteStory(benchmark::State& state) {
  Generator gen(42);
  const auto articles = gen.cluster(static_cast<std::size_t>(state.range(0)),
                                    static_cast<std::size_t>(state.range(1)));
  std::vector<const Article*> ptrs;
  std::size_t bytes = 0;
  for (const Article& a : articles) {
    ptrs.push_back(&a);
    bytes += a.text.size();
  }
  synth::Options options;
  Story story;
  std::string why;
  for (auto _ : state) {
    const bool ok = synth::write_story(ptrs, options, story, why);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(story.body.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));  // stories
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["stories/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
// {articles, sentences per article}
BENCHMARK(BM_WriteStory)->Args({10, 10})->Args({10, 25})->Args({10, 50})->Args({100, 25})->Args({500, 30});  // 500: was a wall-clock test

void BM_ResolveRelativeDates(benchmark::State& state) {
  const UnixTime t = days_from_civil(2025, 2, 11) * 86400;
  const std::string s =
      "US defence secretary Pete Hegseth will tomorrow become the first member of the new "
      "administration to visit NATO headquarters, ahead of Thursday's ministerial.";
  for (auto _ : state) benchmark::DoNotOptimize(synth::resolve_relative_dates(s, t));
}
BENCHMARK(BM_ResolveRelativeDates);

}  // namespace

STORYLINE_BENCHMARK_MAIN()
