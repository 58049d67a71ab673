// Test support for the serve tests: a store with one story (id 42) and a server on a free
// loopback port, running on its own thread until the fixture goes out of scope.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "serve/serve.h"

namespace storyline::testing {

inline std::string temp_file(const char* name) {
  auto p = std::filesystem::temp_directory_path() /
           (std::string("storyline_server_") + name + "_" + std::to_string(getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(p.string() + suffix);
  return p.string();
}

// Stores one article; its id.
inline ArticleId add_article(store::Store& db, const std::string& url, const std::string& source, const std::string& title,
                             const std::string& text, UnixTime published) {
  std::vector<Article> v(1);
  v[0].url = url;
  v[0].source = source;
  v[0].title = title;
  v[0].text = text;
  v[0].published = published;
  db.add_articles(v);
  return v[0].id;
}

// Merges story `from` (given one new article) into `into`, as the clusterer records it.
inline void merge_story(store::Store& db, StoryId from, StoryId into) {
  const ArticleId a = add_article(db, "https://example.com/merged-" + std::to_string(from), "", "", "Another report.", 0);
  store::ClusterCommit c;
  c.expected_last_story_id = db.last_story_id();
  c.last_story_id = std::max(c.expected_last_story_id, from);
  c.assignments = {{a, from, 1, true, 0}};
  c.merges = {{from, into, 0}};
  db.commit_clustering(c);
}

// Writes one story of `articles` with id `id` through the store's queue, as the engine does.
inline void write_story(store::Store& db, StoryId id, const std::vector<ArticleId>& articles,
                        const std::string& headline, const std::string& standfirst = "Hegseth visits NATO.") {
  store::ClusterCommit c;
  c.expected_last_story_id = db.last_story_id();
  c.last_story_id = std::max(c.expected_last_story_id, id);
  for (ArticleId a : articles) c.assignments.push_back({a, id, 1, false, 0});
  db.commit_clustering(c);
  for (const auto& claim : db.claim_stories("test", 100, 1000, 60)) {
    Story s;
    s.id = claim.story;
    s.headline = headline;
    s.event_date = "2025-02-11";
    s.standfirst = {standfirst, {{articles[0], 0, 20}}, 0};
    s.body = {{"He arrives in Brussels.", {{articles[0], 0, 20}}, 0}};
    s.articles = articles;
    s.outlet_names = {"example.com"};
    s.outlets = 1;
    s.distinct = 1;
    s.times = {1739232000};
    s.rank_key = 1;
    db.upsert_story(s, claim);
  }
}

struct Running {
  std::unique_ptr<store::Store> db;
  std::unique_ptr<serve::Server> server;
  std::thread thread;
  std::atomic<int> ingested{0};
  // `tune` adjusts the server's options before it starts.
  explicit Running(const std::string& location, std::string token = {},
                   const std::function<void(serve::Options&)>& tune = {})
      : db(store::open(location)) {
    const ArticleId a = add_article(*db, "https://example.com/a", "example.com", "<script>x()</script>",
                                    "Pete Hegseth visits NATO headquarters in Brussels.", 1739232000);
    write_story(*db, 42, {a}, "Hegseth in <Brussels>");
    serve::Options o{"127.0.0.1", 0};
    o.token = std::move(token);
    o.max_body_bytes = 4096;
    o.on_ingest = [this] { ++ingested; };
    o.access_log = false;
    if (tune) tune(o);
    server = std::make_unique<serve::Server>(*db, o);
    EXPECT_TRUE(server->bind());
    thread = std::thread([this] { server->run(); });
  }
  ~Running() {
    server->stop();
    thread.join();
  }
};

}  // namespace storyline::testing
