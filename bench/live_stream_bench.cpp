// Whole-run benchmark of the live path: a generated stream of articles (events of very
// different sizes, several outlets per event, verbatim wire copies, 1% undated, 30 days of
// publication times for 1M articles) goes into a SQLite store in batches of up to 1,000,
// each batch placed by the engine and its changed stories rewritten (ingest + cluster +
// story rewrite + store), as `storyline run` does.
//
//   build/live_stream_bench [ARTICLES (default 100000)] [STORE (default /tmp/live_stream_bench.db)] [--sim-clock] [--paired]
//   build/live_stream_bench ARTICLES --ndjson     the same stream as JSON Lines on stdout (the
//                                                 ingest format; bench/run_under_load.sh POSTs it)
//
// STORYLINE_CALLGRIND_WINDOW=FROM:COUNT: under `valgrind --tool=callgrind --instr-atstart=no`,
// counts instructions only while the articles FROM..FROM+COUNT go through (the cost per
// article at a given point of the stream, without instrumenting all that comes before).
//
// STORYLINE_WRITER_THREADS=N: threads that write the stories' texts (engine::Options::
// writer_threads; the default is the engine's).
//
// STORYLINE_SENTENCE_CACHE_MIB=N: memory for the articles' sentences kept between rewrites
// (engine::Options::sentence_cache_bytes; 128 as `storyline run`, 0 = none).
//
// --sim-clock: the engine's clock (for coalescing) moves 1 s per batch, as if the stream
// arrived at exactly 1,000 articles/s, instead of the real clock; for instruction counts
// under valgrind (which slows the real run 50-fold), so they compare with a real run at
// the target rate.
//
// --paired: after each batch of the stream, a batch of a reference run goes through a second
// engine and store (STORE.ref): the stream's first 10,000 articles, over and over from an
// empty store. Each row then also prints the reference's cost over its 5k -> 10k batches
// (the 10k row's stretch) measured during the row's stretch, on the same core, and the ratio
// of the two: the growth of the cost an article, with the machine's drift over the run
// (tens of percent for minutes at a time on a shared virtual machine) in both terms. The
// reference is never drained (as the long run's 10k row is not). The two runs share the
// core's caches, so both cost more than alone; RSS counts both. Needs --sim-clock (with the
// real clock, the reference's batches would change how often the long run's stories are
// rewritten).
//
// The engine runs with `storyline run`'s settings (a story's text rewritten at most every
// 10 s, refreshed meanwhile; 128 MiB of articles' sentences kept between rewrites); at the
// end the queue is drained: the deferred rewrites are part of the cost, on a line of their own
// (so that the last row is a stretch like the others) and in the totals.
//
// Prints, at 5k, 10k, 100k and every 100k after (and the end), the cost per article over the last
// stretch, the throughput, the resident memory, the store's counts and where the time of
// the stretch went (ingest, clustering, story writing).
#include <sys/resource.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "resident_memory.h"
#include "engine/engine.h"
#include "store/store.h"

using namespace storyline;

namespace {

using bench::rss_mib;

// CPU seconds (user + system) this process has used: on a shared machine the wall clock
// counts other processes' time too; this does not.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Pseudo-words from syllables, so the vocabulary looks like text to the tokenizer.
std::string word(std::size_t i) {
  static const char* syl[] = {"ba", "ko", "ri", "ne", "su", "ta", "mo", "li", "den", "gar", "vin", "pol",
                              "ser", "tu", "al", "ix", "or", "em", "ca", "do"};
  std::string w;
  std::size_t x = i + 7;
  do {
    w += syl[x % 20];
    x /= 20;
  } while (x > 0);
  return w;
}

struct Event {
  std::size_t id = 0;
  std::size_t left = 0;
  UnixTime next = 0;
  std::vector<std::string> keys;
  std::vector<std::string> names;
  std::vector<int> outlets;
  std::string wire;  // its first article's text (copied verbatim by wire reprints)
  bool operator<(const Event& o) const { return next > o.next; }  // min-heap by time
};

class Stream {
 public:
  explicit Stream(std::size_t total) : total_(total), rng_(20261202) {
    // 1M articles over 30 days; mean event size ~ 8.
    const double span = 30.0 * 86400.0 * static_cast<double>(total) / 1e6;
    spawn_gap_ = span * 8.0 / static_cast<double>(total);
  }

  bool exhausted() const { return emitted_ >= total_; }
  bool next(Article& out) {
    if (emitted_ >= total_) return false;
    while (heap_.empty() || static_cast<double>(heap_.top().next - kT0) > spawn_at_) spawn();
    Event e = heap_.top();
    heap_.pop();
    out = article(e);
    if (--e.left > 0) {
      e.next += static_cast<UnixTime>(std::exponential_distribution<double>(1.0 / 7200.0)(rng_)) + 1;
      heap_.push(std::move(e));
    }
    ++emitted_;
    return true;
  }

 private:
  void spawn() {
    Event e;
    e.id = events_++;
    // Sizes from a power law: most events have a few articles, some hundreds.
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    e.left = std::min<std::size_t>(400, static_cast<std::size_t>(std::floor(1.0 / std::pow(1.0 - u * 0.999, 1.0 / 1.2))));
    e.next = kT0 + static_cast<UnixTime>(spawn_at_);
    for (int k = 0; k < 12; ++k) e.keys.push_back(word(5000 + rng_() % 200000));
    for (int k = 0; k < 3; ++k) {
      std::string n = word(300000 + rng_() % 50000);
      n[0] = static_cast<char>(n[0] - 'a' + 'A');
      e.names.push_back(n);
    }
    const int n_outlets = 1 + static_cast<int>(rng_() % std::min<std::size_t>(e.left, 40));
    for (int k = 0; k < n_outlets; ++k) e.outlets.push_back(static_cast<int>(rng_() % 300));
    spawn_at_ += spawn_gap_;
    heap_.push(std::move(e));
  }

  Article article(Event& e) {
    Article a;
    const int outlet = e.outlets[rng_() % e.outlets.size()];
    a.source = "outlet" + std::to_string(outlet) + ".example";
    a.url = "https://" + a.source + "/" + std::to_string(emitted_);
    a.published = e.next;
    a.fetched = e.next + 120;
    if (rng_() % 100 == 0) a.published = 0;  // undated
    a.origin = "bench";
    if (!e.wire.empty() && rng_() % 100 < 15) {
      a.text = e.wire;  // a wire copy, reprinted verbatim
      a.title = e.names[0] + " " + e.keys[0] + " " + e.keys[1];
      return a;
    }
    std::geometric_distribution<int> general(0.02);
    std::string text;
    const int sentences = 6 + static_cast<int>(rng_() % 10);
    for (int s = 0; s < sentences; ++s) {
      std::string sent = e.names[rng_() % 3];
      for (int w = 0; w < 14; ++w) {
        sent += ' ';
        sent += rng_() % 10 < 3 ? e.keys[rng_() % e.keys.size()] : word(static_cast<std::size_t>(general(rng_)) % 5000);
      }
      text += sent + ". ";
      if (s % 4 == 3) text += "\n";
    }
    a.text = text;
    a.title = e.names[0] + " " + e.keys[rng_() % 12] + " " + e.keys[rng_() % 12] + " " + word(rng_() % 5000);
    if (e.wire.empty()) e.wire = a.text;
    return a;
  }

  static constexpr UnixTime kT0 = 1735689600;  // 2025-01-01
  std::size_t total_, emitted_ = 0, events_ = 0;
  std::mt19937_64 rng_;
  std::priority_queue<Event> heap_;
  double spawn_at_ = 0, spawn_gap_ = 1;
};

// Removes a store's files (the database, its WAL, shared memory and engine lock).
void remove_store(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(path + suffix);
}

}  // namespace

// A JSON string of generated text (letters, digits, spaces, punctuation, newlines).
std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '"' || c == '\\')
      out += std::string("\\") + c;
    else
      out.push_back(c);
  }
  return out + "\"";
}

int main(int argc, char** argv) {
  storyline::tune_allocator();  // as the storyline binary does
  const std::size_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  if (argc > 2 && std::string(argv[2]) == "--ndjson") {
    Stream stream(total);
    Article a;
    while (stream.next(a))
      std::printf("{\"url\":%s,\"source\":%s,\"title\":%s,\"text\":%s,\"published\":%lld}\n",
                  json_string(a.url).c_str(), json_string(a.source).c_str(), json_string(a.title).c_str(),
                  json_string(a.text).c_str(), static_cast<long long>(a.published));
    return 0;
  }
  const std::string path = argc > 2 ? argv[2] : "/tmp/live_stream_bench.db";
  bool sim_clock = false, paired = false;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--sim-clock")
      sim_clock = true;
    else if (arg == "--paired")
      paired = true;
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (paired && !sim_clock) {
    std::fprintf(stderr, "--paired needs --sim-clock\n");
    return 2;
  }
  const UnixTime sim_start = storyline::now();
  std::size_t batches = 0;
  auto clock_now = [&] { return sim_clock ? sim_start + static_cast<UnixTime>(batches) : storyline::now(); };
  remove_store(path);
  auto db = store::open(path);
  engine::Options options;
  options.rewrite_seconds = engine::kLiveRewriteSeconds;  // as `storyline run`
  options.sentence_cache_bytes = engine::kLiveSentenceCacheMiB << 20;  // as `storyline run`
  if (const char* w = std::getenv("STORYLINE_SENTENCE_CACHE_MIB"))
    options.sentence_cache_bytes = std::strtoull(w, nullptr, 10) << 20;
  if (const char* w = std::getenv("STORYLINE_WRITER_THREADS")) options.writer_threads = std::strtoull(w, nullptr, 10);
  engine::Engine eng(*db, options);
  Stream stream(total);

  // The reference run (--paired): the first 10k articles again and again, from an empty store.
  constexpr std::size_t kReference = 10000;
  struct Reference {
    std::unique_ptr<store::Store> db;
    std::unique_ptr<engine::Engine> eng;
    std::unique_ptr<Stream> stream;
    std::size_t done = 0, batches = 0;
    UnixTime start = 0;
  } ref;
  const std::string ref_path = path + ".ref";
  auto ref_close = [&] {
    ref.eng.reset();
    ref.db.reset();
    remove_store(ref_path);
  };
  auto ref_restart = [&] {
    ref_close();
    ref.db = store::open(ref_path);
    ref.eng = std::make_unique<engine::Engine>(*ref.db, options);
    ref.stream = std::make_unique<Stream>(kReference);
    ref.done = ref.batches = 0;
    ref.start = storyline::now();
  };
  double ref_cpu = 0;          // CPU seconds of the reference's 5k -> 10k batches in this stretch
  std::size_t ref_counted = 0;  // ... and their articles
  std::vector<Article> ref_batch;
  // One batch of the reference run (generated and processed, as the long run's are); its CPU
  // time counted when it is one of the 5k -> 10k batches.
  auto ref_step = [&] {
    if (!ref.eng || ref.done >= kReference) ref_restart();
    const bool counted = ref.done >= kReference / 2;
    const double c0 = cpu_seconds();
    ref_batch.clear();
    Article x;
    while (ref_batch.size() < 1000 && ref.stream->next(x)) ref_batch.push_back(std::move(x));
    ref.db->add_articles(ref_batch);
    while (ref.eng->cluster_new(1000).articles > 0) {
    }
    ref.eng->write_queued(100000, ref.start + static_cast<UnixTime>(ref.batches));
    ref.done += ref_batch.size();
    ++ref.batches;
    if (counted) {
      ref_cpu += cpu_seconds() - c0;
      ref_counted += ref_batch.size();
    }
  };
  std::vector<Article> batch;
  std::size_t done = 0, mark = 0;
  // Rows at 5k and 10k (the 10k row is then the cost around 10k, not the average from an empty
  // store), 100k, then every 100k (memory after the expiry horizon, ~270k articles).
  auto is_mark = [](std::size_t n) { return n == 5000 || n == 10000 || (n >= 100000 && n % 100000 == 0); };
  engine::Counts counts;
  std::size_t window_from = 0, window_to = 0;
  if (const char* w = std::getenv("STORYLINE_CALLGRIND_WINDOW")) {
    window_from = std::strtoull(w, nullptr, 10);
    if (const char* colon = std::strchr(w, ':')) window_to = window_from + std::strtoull(colon + 1, nullptr, 10);
  }
  bool measuring = false;
  double ref_total_cpu = 0;               // the reference's time, left out of the totals
  std::chrono::steady_clock::duration ref_total_wall{};
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  std::printf("articles  us/article  articles/s  cpu-us/article  cpu-articles/s  RSS MiB  stories  merges  rewritten"
              "  refreshed  ingest%%  cluster%%  write%%%s   (per article and per second: over the stretch since the last row)\n",
              paired ? "  ref-cpu-us  ratio" : "");
  double last_cpu = cpu_seconds();
  using Clock = std::chrono::steady_clock;
  double t_ingest = 0, t_cluster = 0, t_write = 0;
  auto lap = [](Clock::time_point& t0) {
    const auto t = Clock::now();
    const double s = std::chrono::duration<double>(t - t0).count();
    t0 = t;
    return s;
  };
  Article a;
  bool more = true;
  while (more) {
    batch.clear();
    while (batch.size() < 1000 && stream.next(a)) batch.push_back(std::move(a));
    more = !stream.exhausted();
    if (batch.empty()) break;
    if (window_to > 0 && !measuring && done >= window_from && done < window_to) {
      CALLGRIND_START_INSTRUMENTATION;
      measuring = true;
    } else if (measuring && done >= window_to) {
      CALLGRIND_STOP_INSTRUMENTATION;
      measuring = false;
      std::printf("callgrind window %zu..%zu done\n", window_from, window_to);
      std::fflush(stdout);
    }
    auto t0 = Clock::now();
    db->add_articles(batch);
    t_ingest += lap(t0);
    while (true) {
      const auto c = eng.cluster_new(1000);
      counts += c;
      if (c.articles == 0) break;
    }
    t_cluster += lap(t0);
    counts += eng.write_queued(100000, clock_now());
    done += batch.size();
    ++batches;
    t_write += lap(t0);
    // The reference's batch, left out of the stretch's own times.
    if (paired) {
      const double c0 = cpu_seconds();
      const auto w0 = Clock::now();
      ref_step();
      const double spent = cpu_seconds() - c0;
      const auto waited = Clock::now() - w0;
      last_cpu += spent;
      last += waited;
      ref_total_cpu += spent;
      ref_total_wall += waited;
    }
    const bool at_mark = is_mark(done);
    if (at_mark || !more) {
      const auto t = std::chrono::steady_clock::now();
      const double secs = std::chrono::duration<double>(t - last).count();
      const double n = static_cast<double>(done - mark);
      const double parts = std::max(t_ingest + t_cluster + t_write, 1e-9);
      const double cpu = cpu_seconds();
      std::printf("%8zu  %10.1f  %10.0f  %14.1f  %14.0f  %7.1f  %7zu  %6zu  %9zu  %9zu  %7.0f  %8.0f  %6.0f", done,
                  1e6 * secs / n, n / secs, 1e6 * (cpu - last_cpu) / n, n / (cpu - last_cpu), rss_mib(),
                  db->story_count(), counts.merged, counts.written, counts.refreshed, 100 * t_ingest / parts,
                  100 * t_cluster / parts, 100 * t_write / parts);
      if (paired && ref_counted > 0) {
        const double ref_us = 1e6 * ref_cpu / static_cast<double>(ref_counted);
        std::printf("  %10.1f  %5.2f", ref_us, 1e6 * (cpu - last_cpu) / n / ref_us);
        ref_cpu = 0;
        ref_counted = 0;
      }
      std::printf("\n");
      last_cpu = cpu;
      t_ingest = t_cluster = t_write = 0;
      std::fflush(stdout);
      last = t;
      mark = done;
    }
  }
  {  // The end of the stream: the deferred rewrites drained.
    const double c0 = cpu_seconds();
    const auto w0 = Clock::now();
    const std::size_t before = counts.written;
    for (UnixTime later = clock_now() + options.rewrite_seconds; db->queue_depth() > 0; ++later)
      counts += eng.write_queued(100000, later);
    const double spent = cpu_seconds() - c0;
    std::printf("drain: %zu deferred rewrites in %.2f CPU s, %.2f s (%.1f CPU us an article of the stream)\n",
                counts.written - before, spent, std::chrono::duration<double>(Clock::now() - w0).count(),
                1e6 * spent / static_cast<double>(std::max<std::size_t>(done, 1)));
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start - ref_total_wall).count();
  const double cpu = cpu_seconds() - ref_total_cpu;
  std::printf("total: %zu articles in %.1f s: %.0f articles/s end to end (%.1f CPU s: %.0f articles per CPU second); "
              "%zu stories; store %s\n", done, secs, static_cast<double>(done) / secs, cpu,
              static_cast<double>(done) / cpu, db->story_count(), path.c_str());
  if (paired) ref_close();  // after the totals: the reference's teardown is not the long run's
  return 0;
}
