// Builds the store that bench/serve_load.sh serves: ARTICLES articles from about 300
// outlets in STORIES stories (sizes from a power law, 30 days of publication times, each
// story written with a headline, a standfirst, a body whose sentences cite their articles,
// and its ranking inputs), written straight through the Store interface: no clustering and
// no story writing, so 100k articles / 10k stories take seconds, not the engine's minutes.
// The text is English-like (a fixed vocabulary of common words plus each story's own
// names and key words), so search has common and rare words to find.
//
//   build/serve_store_bench [ARTICLES (100000)] [STORIES (10000)] [STORE (/tmp/serve_load.db)]
//
// Prints the time it took and the store's counts; the words `serve_load.sh` searches for.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "cluster/cluster.h"
#include "store/store.h"

using namespace storyline;

namespace {

const char* const kCommon[] = {
    "government", "minister", "said", "people", "city", "report", "police", "officials", "week", "year",
    "council", "company", "market", "court", "election", "water", "school", "hospital", "road", "police",
    "workers", "prices", "plan", "talks", "vote", "storm", "fire", "border", "bank", "team",
    "match", "health", "study", "power", "train", "airport", "energy", "law", "union", "strike",
    "village", "region", "river", "bridge", "service", "budget", "leader", "party", "centre", "coast"};
const char* const kGlue[] = {"the", "a", "of", "in", "on", "and", "to", "after", "with", "for", "by", "as", "from", "at"};

// Pseudo-words for names and key words (consonant-vowel pairs from the bits of i), so each
// story has words of its own that read as words to the tokenizer.
std::string word(std::size_t i) {
  static const char consonants[] = "bdfgklmnprstvz";
  static const char vowels[] = "aeiou";
  std::string w;
  std::size_t x = i * 2654435761u + 11;
  for (int k = 0; k < 3 || x > 70; ++k) {
    w += consonants[x % 14];
    w += vowels[(x / 14) % 5];
    x /= 70;
  }
  return w;
}

std::string capital(std::string w) {
  if (!w.empty()) w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

struct Plan {
  std::string name, key1, key2, common;
  std::vector<ArticleId> articles;
  std::vector<UnixTime> times;
  std::vector<std::string> outlets;
};

}  // namespace

int main(int argc, char** argv) {
  storyline::tune_allocator();  // as the storyline binary does
  const std::size_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::size_t n_stories = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000;
  const std::string path = argc > 3 ? argv[3] : "/tmp/serve_load.db";
  if (total < n_stories || n_stories == 0) {
    std::fprintf(stderr, "usage: serve_store_bench [ARTICLES] [STORIES <= ARTICLES] [STORE]\n");
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(path + suffix);
  auto db = store::open(path);
  std::mt19937_64 rng(20261206);
  constexpr UnixTime kT0 = 1735689600;  // 2025-01-01
  const double span = 30.0 * 86400.0;

  // Story sizes: a power law, scaled so they add up to `total` (every story >= 1).
  std::vector<double> weight(n_stories);
  double sum = 0;
  for (auto& w : weight) {
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    w = std::min(400.0, 1.0 / std::pow(1.0 - u * 0.999, 1.0 / 1.2));
    sum += w;
  }
  std::vector<std::size_t> size(n_stories, 1);
  std::size_t assigned = n_stories;
  for (std::size_t i = 0; i < n_stories && assigned < total; ++i) {
    const auto extra = std::min<std::size_t>(total - assigned,
                                             static_cast<std::size_t>(weight[i] / sum * static_cast<double>(total - n_stories)));
    size[i] += extra;
    assigned += extra;
  }
  for (std::size_t i = 0; assigned < total; i = (i + 1) % n_stories, ++assigned) ++size[i];

  std::vector<Plan> plans(n_stories);
  std::vector<Article> batch;
  std::vector<std::size_t> batch_story;
  auto flush = [&] {
    db->add_articles(batch);
    for (std::size_t k = 0; k < batch.size(); ++k) {
      Plan& p = plans[batch_story[k]];
      p.articles.push_back(batch[k].id);
      p.times.push_back(batch[k].published);
    }
    batch.clear();
    batch_story.clear();
  };
  std::size_t emitted = 0;
  for (std::size_t s = 0; s < n_stories; ++s) {
    Plan& p = plans[s];
    p.name = capital(word(300000 + rng() % 200000));
    p.key1 = word(5000 + rng() % 200000);
    p.key2 = word(5000 + rng() % 200000);
    p.common = kCommon[rng() % std::size(kCommon)];
    const UnixTime start = kT0 + static_cast<UnixTime>(span * static_cast<double>(s) / static_cast<double>(n_stories));
    const int n_outlets = 1 + static_cast<int>(rng() % std::min<std::size_t>(size[s], 40));
    std::vector<int> outlets;
    for (int k = 0; k < n_outlets; ++k) outlets.push_back(static_cast<int>(rng() % 300));
    UnixTime t = start;
    for (std::size_t a = 0; a < size[s]; ++a) {
      Article art;
      const int outlet = outlets[rng() % outlets.size()];
      art.source = "Outlet " + std::to_string(outlet);
      art.url = "https://outlet" + std::to_string(outlet) + ".example/" + std::to_string(emitted);
      art.published = t;
      art.fetched = t + 120;
      art.origin = "serve_store_bench";
      art.title = p.name + " " + p.common + " " + p.key1 + " " + kCommon[rng() % std::size(kCommon)];
      std::string text;
      for (int sent = 0; sent < 8; ++sent) {
        std::string x = sent % 3 == 0 ? p.name : capital(kGlue[rng() % std::size(kGlue)]);
        for (int w = 0; w < 14; ++w) {
          x += ' ';
          const auto r = rng() % 10;
          x += r < 2 ? (rng() % 2 ? p.key1 : p.key2) : r < 5 ? kCommon[rng() % std::size(kCommon)] : kGlue[rng() % std::size(kGlue)];
        }
        text += x + ". ";
        if (sent % 4 == 3) text += "\n";
      }
      art.text = std::move(text);
      batch.push_back(std::move(art));
      batch_story.push_back(s);
      t += static_cast<UnixTime>(std::exponential_distribution<double>(1.0 / 5400.0)(rng)) + 1;
      ++emitted;
      if (batch.size() == 5000) flush();
    }
  }
  if (!batch.empty()) flush();

  // Assignments (story ids 1..n), in commits of 20k.
  store::ClusterCommit c;
  auto commit = [&](store::Sequence through) {
    c.expected_last_story_id = db->last_story_id();
    c.last_story_id = std::max<StoryId>(c.expected_last_story_id, static_cast<StoryId>(n_stories));
    c.through = through;
    db->commit_clustering(c);
    c.assignments.clear();
  };
  for (std::size_t s = 0; s < n_stories; ++s) {
    for (std::size_t k = 0; k < plans[s].articles.size(); ++k)
      c.assignments.push_back({plans[s].articles[k], static_cast<StoryId>(s + 1), 1.0, k == 0, 0});
    if (c.assignments.size() >= 20000) commit(0);
  }
  commit(db->stats().last_sequence);

  // The stories, written through the queue as the engine writes them.
  for (;;) {
    auto claims = db->claim_stories("serve_store_bench", 2000, kT0 + 40 * 86400, 600);
    if (claims.empty()) break;
    std::vector<store::Store::StoryWrite> writes;
    for (const auto& claim : claims) {
      const Plan& p = plans[static_cast<std::size_t>(claim.story - 1)];
      Story st;
      st.id = claim.story;
      st.headline = p.name + " " + p.common + ": " + p.key1 + " and " + p.key2;
      st.event_date = format_date(p.times.front());
      st.standfirst = {p.name + " officials said the " + p.common + " " + p.key1 + " would go on.", {{p.articles[0], 0, 40}}, 0};
      for (std::size_t k = 0; k < 6; ++k) {
        const ArticleId a = p.articles[k % p.articles.size()];
        st.body.push_back({"The " + p.common + " " + p.key2 + " in " + p.name + " was reported by its " + std::to_string(k + 1) +
                               (k ? " outlets." : " outlet."),
                           {{a, 0, 60}}, static_cast<int>(k / 3)});
      }
      st.articles = p.articles;
      std::vector<std::string> outlets;
      for (std::size_t k = 0; k < std::min<std::size_t>(p.articles.size(), 40); ++k)
        outlets.push_back("Outlet " + std::to_string((claim.story * 7 + k * 13) % 300));
      std::sort(outlets.begin(), outlets.end());
      outlets.erase(std::unique(outlets.begin(), outlets.end()), outlets.end());
      st.outlet_names = outlets;
      st.outlets = static_cast<int>(outlets.size());
      st.distinct = static_cast<int>(p.articles.size());
      st.times = p.times;
      std::sort(st.times.begin(), st.times.end());
      st.first_seen = st.times.front();
      st.last_seen = st.times.back();
      st.updated = st.last_seen;
      st.rank_key = cluster::rank_key(st.outlets, st.distinct, st.times);
      writes.push_back({claim, std::move(st)});
    }
    db->write_stories(writes);
  }
  const auto stats = db->stats();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("serve_store_bench: %zu articles, %zu stories in %s (%.1f s)\n", stats.articles, stats.stories, path.c_str(), secs);
  std::printf("common word: %s; rare word: %s\n", plans[0].common.c_str(), plans[n_stories / 2].key1.c_str());
  return 0;
}
