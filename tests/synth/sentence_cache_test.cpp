// SentenceCache: stories written through the cache are the stories written without it
// (cold, warm, as a cluster grows or shrinks, after a correction, from several threads);
// entries kept with fewer sentences than a story needs are read again; memory stays bounded.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "synth/synth.h"

using namespace storyline;

namespace {

const UnixTime kMonday = days_from_civil(2025, 3, 10) * 86400 + 9 * 3600;

// An article of `sentences` sentences on one event, in words of its own (`id` varies them).
Article article(ArticleId id, std::size_t sentences) {
  static const char* places[] = {"Harbour", "Valley", "Bridge", "Market", "Station", "Castle"};
  static const char* things[] = {"flood barrier", "school roof", "rail bridge", "water pipe", "bus depot",
                                 "sea wall", "fire station", "library"};
  Article a;
  a.id = id;
  a.source = "outlet" + std::to_string(id) + ".example";
  a.published = kMonday + static_cast<UnixTime>(id) * 600;
  a.title = "Council approves repairs to the " + std::string(things[id % 8]);
  for (std::size_t k = 0; k < sentences; ++k) {
    a.text += "The council of " + std::string(places[(id + k) % 6]) + " Town approved repairs to the " +
              things[(id * 3 + k) % 8] + " on Monday after " + std::to_string(10 + id * 7 + k) +
              " residents signed a petition. ";
    if (k % 3 == 2) a.text += "\n";
  }
  return a;
}

// Everything write_story decides, as one string.
std::string render(const Story& s) {
  std::string out = s.headline + "\n" + s.event_date + "\n" + s.standfirst.text;
  auto sources = [&](const StorySentence& x) {
    for (const SentenceSource& src : x.sources)
      out += " [" + std::to_string(src.article) + ":" + std::to_string(src.begin) + "-" +
             std::to_string(src.end) + "]";
  };
  sources(s.standfirst);
  for (const StorySentence& b : s.body) {
    out += "\n" + std::to_string(b.paragraph) + " " + b.text;
    sources(b);
  }
  for (const Disagreement& d : s.disagreements) out += "\n! " + d.what;
  return out;
}

std::string write(const std::vector<Article>& articles, synth::SentenceCache* cache) {
  std::vector<const Article*> list;
  for (const Article& a : articles) list.push_back(&a);
  Story s;
  std::string why;
  EXPECT_TRUE(synth::write_story(list, synth::Options{}, s, why, cache)) << why;
  return render(s);
}

std::vector<Article> first(const std::vector<Article>& all, std::size_t n) {
  return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n)};
}

}  // namespace

TEST(SentenceCache, AStoryWrittenThroughTheCacheIsTheSameAsWithout) {
  // Articles of 50 sentences: a story of 2 reads 40 of each (the writer's share an article),
  // one of 3 reads 26, one of 6 reads 13; entries kept with more serve them.
  std::vector<Article> all;
  for (ArticleId id = 1; id <= 6; ++id) all.push_back(article(id, 50));
  synth::SentenceCache cache;
  // The story as it grows: 2, 3, then 6 articles (fewer sentences of each as it grows).
  for (const std::size_t n : {2u, 3u, 6u}) {
    const auto articles = first(all, n);
    const std::string plain = write(articles, nullptr);
    EXPECT_FALSE(plain.empty());
    EXPECT_EQ(write(articles, &cache), plain) << n << " articles";
    EXPECT_EQ(write(articles, &cache), plain) << n << " articles, again";
  }
  const auto st = cache.stats();
  EXPECT_EQ(st.misses, 6u);  // each article read once
  // 2 articles: 2 read, then 2 from the cache; 3: 2 + 3 from the cache; 6: 3 + 6.
  EXPECT_EQ(st.hits, 16u);
  EXPECT_EQ(st.articles, 6u);
  EXPECT_GT(st.bytes, 0u);
}

TEST(SentenceCache, AnEntryKeptWithFewerSentencesIsReadAgain) {
  // 20 articles of 12 sentences: 4 candidates each (synth reads only those), so the cache
  // keeps each with its first 4; a story of two of them reads up to 40 of each.
  std::vector<Article> all;
  for (ArticleId id = 1; id <= 20; ++id) all.push_back(article(id, 12));
  synth::SentenceCache cache;
  EXPECT_EQ(write(all, &cache), write(all, nullptr));
  EXPECT_EQ(cache.stats().misses, 20u);
  const auto pair = first(all, 2);
  EXPECT_EQ(write(pair, &cache), write(pair, nullptr));
  EXPECT_EQ(cache.stats().misses, 22u);  // both read again, with more sentences
  EXPECT_EQ(cache.stats().hits, 0u);
  // The whole story again: every article from the cache (those two kept now with all 12 of
  // theirs, fewer than 40: complete; the others with the 4 it reads).
  EXPECT_EQ(write(all, &cache), write(all, nullptr));
  EXPECT_EQ(cache.stats().hits, 20u);
  EXPECT_EQ(cache.stats().misses, 22u);
  EXPECT_EQ(write(pair, &cache), write(pair, nullptr));
  EXPECT_EQ(cache.stats().hits, 22u);
}

TEST(SentenceCache, ACorrectedTextIsReadAnew) {
  std::vector<Article> v = {article(1, 6), article(2, 6)};
  synth::SentenceCache cache;
  const std::string before = write(v, &cache);
  // The publisher corrects article 2 in place (same id, new text).
  v[1].text = "The council of Harbour Town rejected the repairs to the sea wall on Tuesday after 500 "
              "residents protested. The mayor said a new plan would follow within a month.";
  const std::string after = write(v, &cache);
  EXPECT_NE(after, before);
  EXPECT_EQ(after, write(v, nullptr));
  EXPECT_NE(after.find("rejected"), std::string::npos);
}

TEST(SentenceCache, IdenticalCopiesShareAnEntry) {
  Article a = article(1, 6), copy = article(1, 6);
  copy.id = 2;
  copy.source = "wire-reprint.example";
  synth::SentenceCache cache;
  EXPECT_EQ(write({a, copy}, &cache), write({a, copy}, nullptr));
  EXPECT_EQ(cache.stats().misses, 1u);
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().articles, 1u);
  // A language tag changes how a text is read: another entry.
  copy.language = "de";
  write({a, copy}, &cache);
  EXPECT_EQ(cache.stats().articles, 2u);
}

TEST(SentenceCache, StaysWithinItsMemoryBound) {
  std::vector<Article> all;
  for (ArticleId id = 1; id <= 40; ++id) all.push_back(article(id, 9));
  synth::SentenceCache probe;
  write({all[0]}, &probe);
  const std::size_t one = probe.stats().bytes;  // about what one article holds
  ASSERT_GT(one, 0u);

  synth::SentenceCache cache(one * 5 + one / 2);  // room for about five
  for (std::size_t i = 0; i + 1 < all.size(); i += 2) {
    const std::vector<Article> pair = {all[i], all[i + 1]};
    EXPECT_EQ(write(pair, &cache), write(pair, nullptr));
    EXPECT_LE(cache.stats().bytes, one * 5 + one / 2);
  }
  EXPECT_GE(cache.stats().articles, 3u);
  EXPECT_LE(cache.stats().articles, 6u);
  // The least recently used left first: the last pair is still there, the first is not.
  const auto misses = cache.stats().misses;
  write({all[38], all[39]}, &cache);
  EXPECT_EQ(cache.stats().misses, misses);
  write({all[0], all[1]}, &cache);
  EXPECT_EQ(cache.stats().misses, misses + 2);

  // An article larger than the whole bound is not kept.
  synth::SentenceCache tiny(one / 2);
  write({all[0]}, &tiny);
  EXPECT_EQ(tiny.stats().articles, 0u);
  EXPECT_EQ(tiny.stats().bytes, 0u);
}

TEST(SentenceCacheConcurrent, ThreadsSharingOneCacheWriteTheSameStories) {
  std::vector<Article> all;
  for (ArticleId id = 1; id <= 24; ++id) all.push_back(article(id, 8));
  // Overlapping clusters, as stories that grow: articles [k, k + 2 + k % 5).
  std::vector<std::vector<Article>> clusters;
  for (std::size_t k = 0; k + 7 <= all.size(); ++k)
    clusters.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(k),
                          all.begin() + static_cast<std::ptrdiff_t>(k + 2 + k % 5));
  std::vector<std::string> expected;
  for (const auto& c : clusters) expected.push_back(write(c, nullptr));

  synth::SentenceCache cache(std::size_t{1} << 20);
  constexpr int kThreads = 4;
  std::vector<std::vector<std::string>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round)
        for (std::size_t i = 0; i < clusters.size(); ++i) {
          const std::size_t k = (i * 7 + static_cast<std::size_t>(t) * 5) % clusters.size();
          std::vector<const Article*> list;
          for (const Article& a : clusters[k]) list.push_back(&a);
          Story s;
          std::string why;
          synth::write_story(list, synth::Options{}, s, why, &cache);
          if (round == 2 && got[t].size() < clusters.size()) got[t].push_back(std::to_string(k) + "\n" + render(s));
        }
    });
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(got[t].size(), clusters.size());
    for (const std::string& g : got[t]) {
      const std::size_t k = std::stoul(g.substr(0, g.find('\n')));
      EXPECT_EQ(g.substr(g.find('\n') + 1), expected[k]) << "cluster " << k << ", thread " << t;
    }
  }
  EXPECT_GT(cache.stats().hits, cache.stats().misses);
}
