// Whole-run benchmark of the live path: a generated stream of articles (events of very
// different sizes, several outlets per event, verbatim wire copies, 1% undated, 30 days of
// publication times for 1M articles) goes into a SQLite store in batches of up to 1,000,
// each batch placed by the engine and its changed stories rewritten (ingest + cluster +
// story rewrite + store), as `storyline run` does.
//
//   build/live_stream_bench [ARTICLES (default 100000)] [STORE (default /tmp/live_stream_bench.db)]
//
// Prints, at 10k, 100k, 1M articles (and the end), the cost per article over the last
// stretch, the throughput, the resident memory and the store's counts.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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

}  // namespace

int main(int argc, char** argv) {
  const std::size_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::string path = argc > 2 ? argv[2] : "/tmp/live_stream_bench.db";
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(path + suffix);
  auto db = store::open(path);
  engine::Engine eng(*db, {});
  Stream stream(total);
  std::vector<Article> batch;
  std::size_t done = 0, mark = 0;
  const std::size_t marks[] = {10000, 100000, 1000000, 10000000};
  std::size_t next_mark = 0;
  while (next_mark < 4 && marks[next_mark] < 1000) ++next_mark;
  engine::Counts counts;
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  std::printf("articles  us/article(last stretch)  articles/s(last stretch)  RSS MiB  stories  merges  rewritten\n");
  Article a;
  bool more = true;
  while (more) {
    batch.clear();
    while (batch.size() < 1000 && (more = stream.next(a))) batch.push_back(std::move(a));
    if (batch.empty()) break;
    db->add_articles(batch);
    while (true) {
      const auto c = eng.cluster_new(1000);
      counts += c;
      if (c.articles == 0) break;
    }
    counts += eng.write_queued(100000, storyline::now());
    done += batch.size();
    const bool at_mark = next_mark < 4 && done >= marks[next_mark];
    if (at_mark || !more) {
      const auto t = std::chrono::steady_clock::now();
      const double secs = std::chrono::duration<double>(t - last).count();
      const double n = static_cast<double>(done - mark);
      std::printf("%8zu  %24.1f  %24.0f  %7.1f  %7zu  %6zu  %9zu\n", done, 1e6 * secs / n, n / secs, rss_mib(),
                  db->story_count(), counts.merged, counts.written);
      std::fflush(stdout);
      last = t;
      mark = done;
      if (at_mark) ++next_mark;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("total: %zu articles in %.1f s: %.0f articles/s end to end; %zu stories; store %s\n", done, secs,
              static_cast<double>(done) / secs, db->story_count(), path.c_str());
  return 0;
}
