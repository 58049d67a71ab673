#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "store/migrations.h"
#include "store/store.h"

using namespace storyline;

namespace {

Article make(const std::string& url, const std::string& title, const std::string& text,
             UnixTime published) {
  Article a;
  a.url = url;
  a.source = "example.com";
  a.title = title;
  a.text = text;
  a.published = published;
  a.fetched = published + 10;
  a.origin = "test";
  return a;
}

std::string temp_db(const char* name) {
  auto p = std::filesystem::temp_directory_path() /
           (std::string("storyline_store_") + name + "_" + std::to_string(getpid()) + ".db");
  std::filesystem::remove(p);
  std::filesystem::remove(p.string() + "-wal");
  std::filesystem::remove(p.string() + "-shm");
  return p.string();
}

// Writes a store as the schema stood at `version` (its first `version` migrations), then
// runs `sql` in it.
void write_old_store(const std::string& path, int version, const std::string& sql) {
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (int v = 0; v < version; ++v)
    ASSERT_EQ(sqlite3_exec(db, store::sqlite::migrations()[static_cast<std::size_t>(v)], nullptr, nullptr, nullptr),
              SQLITE_OK);
  const std::string all = sql + "PRAGMA user_version = " + std::to_string(version) + ";";
  ASSERT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

TEST(SqliteStore, MigratesToLatestAndReopens) {
  const std::string path = temp_db("migrate");
  {
    auto s = store::open(path);
    EXPECT_EQ(s->schema_version(), store::latest_schema_version());
    std::vector<Article> v{make("https://a/1", "T", "Body one.", 100)};
    s->add_articles(v);
  }
  auto s = store::open(path);  // reopening must not re-run migrations
  EXPECT_EQ(s->schema_version(), store::latest_schema_version());
  EXPECT_EQ(s->article_count(), 1u);
}

// A store written by the first schema (v1, no utc_offset column) is upgraded in place:
// its articles stay, read with offset 0, and new articles keep theirs.
TEST(SqliteStore, UpgradesAVersionOneStoreAndKeepsOffsets) {
  const std::string path = temp_db("v1");
  write_old_store(path, 1,
                  "INSERT INTO articles(id, title, body, published, content_hash) "
                  "VALUES (1, 'Old', 'Written before offsets were kept.', 1739268000, 7);");
  auto s = store::open(path);
  EXPECT_EQ(s->schema_version(), store::latest_schema_version());
  ASSERT_GE(store::latest_schema_version(), 2);
  const auto old = s->article(1);
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->title, "Old");
  EXPECT_EQ(old->utc_offset, 0);
  std::vector<Article> v{make("https://a/2", "New", "Published late in New York.", 1739334600)};
  v[0].utc_offset = -5 * 3600;
  const auto r = s->add_articles(v);
  const auto fresh = s->article(r.at(0).id);
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(fresh->utc_offset, -5 * 3600);
  EXPECT_EQ(fresh->published, 1739334600);
}

TEST(SqliteStore, RefusesNewerSchema) {
  const std::string path = temp_db("newer");
  { store::open(path); }
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    store::open(path);
    FAIL() << "expected StoreError";
  } catch (const store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST(SqliteStore, DuplicateArticlesAreStoredOnce) {
  auto s = store::open(":memory:");
  std::vector<Article> v{make("https://a/1", "T", "Same text.", 100),
                         make("https://a/1", "T", "Same text.", 100),
                         make("https://a/2", "T", "Other text.", 200)};
  auto r = s->add_articles(v);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_TRUE(r[0].inserted);
  EXPECT_FALSE(r[1].inserted);
  EXPECT_EQ(r[1].id, r[0].id);
  EXPECT_TRUE(r[2].inserted);
  EXPECT_EQ(v[2].id, r[2].id);
  EXPECT_EQ(s->article_count(), 2u);
}

TEST(SqliteStore, ArticlesRoundTripInPublicationOrder) {
  auto s = store::open(":memory:");
  std::vector<Article> v{make("https://a/late", "Late", "Later \u00e9v\u00e9nement.", 500),
                         make("https://a/early", "Early", "Earlier text.", 100)};
  v[0].author = "Jane Doe";
  v[0].language = "fr";
  s->add_articles(v);
  auto all = s->all_articles();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].title, "Early");
  EXPECT_EQ(all[1].text, "Later \u00e9v\u00e9nement.");
  EXPECT_EQ(all[1].author, "Jane Doe");
  EXPECT_EQ(all[1].language, "fr");
  EXPECT_EQ(all[1].fetched, 510);
  auto one = s->article(all[1].id);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->url, "https://a/late");
  EXPECT_FALSE(s->article(9999).has_value());
}

TEST(SqliteStore, StoriesReplaceAndRankByScore) {
  auto s = store::open(":memory:");
  std::vector<Article> v{make("u1", "A", "Alpha text here.", 1), make("u2", "B", "Beta.", 2)};
  s->add_articles(v);
  Story low, high;
  low.id = 1;
  low.event_date = "2025-02-10";
  low.standfirst = {"Low story standfirst.", {{v[0].id, 0, 16}}, 0};
  low.body = {{"Body sentence.", {{v[0].id, 0, 5}, {v[1].id, 0, 4}}, 0}};
  low.articles = {v[0].id};
  low.score = 1.0;
  high = low;
  high.id = 2;
  high.score = 5.0;
  high.standfirst.text = "High story standfirst.";
  high.disagreements = {{"deaths", {"12", "14"}, {{v[0].id}, {v[1].id}}}};
  s->replace_stories({low, high}, {{v[0].id, 1, 0.9, true, 0}, {v[1].id, 2, 0.4, false, v[0].id}});
  auto top = s->top_stories(10);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].id, 2);
  EXPECT_EQ(top[0].standfirst.text, "High story standfirst.");
  ASSERT_EQ(top[0].body.size(), 1u);
  EXPECT_EQ(top[0].body[0].sources.size(), 2u);
  EXPECT_EQ(top[0].body[0].sources[1].article, v[1].id);
  ASSERT_EQ(top[0].disagreements.size(), 1u);
  EXPECT_EQ(top[0].disagreements[0].values[1], "14");
  auto asg = s->assignments(2);
  ASSERT_EQ(asg.size(), 1u);
  EXPECT_EQ(asg[0].duplicate_of, v[0].id);

  const auto all = s->all_assignments();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].article, v[0].id);
  EXPECT_EQ(all[0].story, 1);
  EXPECT_TRUE(all[0].new_story);
  EXPECT_EQ(all[1].story, 2);
  EXPECT_EQ(s->last_story_id(), 2);

  // Replacing drops the old set; the highest id ever stored stays.
  s->replace_stories({high}, {});
  EXPECT_EQ(s->story_count(), 1u);
  EXPECT_FALSE(s->story(1).has_value());
  EXPECT_TRUE(s->all_assignments().empty());
  Story later = high;
  later.id = 9;
  s->replace_stories({later}, {});
  s->replace_stories({high}, {});
  EXPECT_EQ(s->last_story_id(), 9);

  // A writer that read the store before another handed out ids is refused, and writes
  // nothing; one that read the current mark goes through.
  Story other = high;
  other.id = 10;
  EXPECT_THROW(s->replace_stories({other}, {}, StoryId{7}), store::StoreError);
  EXPECT_FALSE(s->story(10).has_value());
  EXPECT_TRUE(s->story(2).has_value());
  EXPECT_EQ(s->last_story_id(), 9);
  s->replace_stories({other}, {}, StoryId{9});
  EXPECT_TRUE(s->story(10).has_value());
  EXPECT_EQ(s->last_story_id(), 10);
}

// Processes opening the same old store at once each see the schema migrated once:
// none fails on a step another one already ran.
TEST(SqliteStore, ConcurrentOpensMigrateOnce) {
  const std::string path = temp_db("race");
  for (int round = 0; round < 5; ++round) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    write_old_store(path, 1, "");
    std::atomic<int> failures{0};
    std::vector<std::thread> openers;
    for (int t = 0; t < 6; ++t)
      openers.emplace_back([&] {
        try {
          auto s = store::open(path);
          if (s->schema_version() != store::latest_schema_version()) ++failures;
        } catch (const std::exception&) {
          ++failures;
        }
      });
    for (auto& t : openers) t.join();
    EXPECT_EQ(failures.load(), 0) << "round " << round;
  }
}

// A store from before story ids were kept (v2) starts its high-water mark at the
// highest id it holds.
TEST(SqliteStore, UpgradeStartsTheStoryIdCounterAtTheStoredIds) {
  const std::string path = temp_db("v2");
  write_old_store(path, 2,
                  "INSERT INTO articles(id, title, body, published, content_hash) VALUES (1, 'A', 'a', 1, 7);"
                  "INSERT INTO assignments(article_id, story_id) VALUES (1, 41);"
                  "INSERT INTO stories(id, event_date, standfirst, body, data) VALUES (40, '', '', '', '{}');");
  auto s = store::open(path);
  EXPECT_EQ(s->schema_version(), store::latest_schema_version());
  EXPECT_EQ(s->last_story_id(), 41);
  ASSERT_EQ(s->all_assignments().size(), 1u);
  EXPECT_EQ(s->all_assignments()[0].story, 41);
  EXPECT_EQ(store::open(":memory:")->last_story_id(), 0);
}

TEST(SqliteStore, SearchFindsArticlesAndStoriesAndSurvivesOddQueries) {
  auto s = store::open(":memory:");
  std::vector<Article> v{make("u1", "Hegseth visits NATO", "Pete Hegseth arrived in Brussels.", 1),
                         make("u2", "Weather", "Rain in Paris.", 2)};
  s->add_articles(v);
  Story st;
  st.id = 7;
  st.event_date = "2025-02-11";
  st.standfirst = {"Hegseth goes to Brussels.", {{v[0].id, 0, 10}}, 0};
  s->replace_stories({st}, {});
  auto hits = s->search("brussels", 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].kind, store::SearchHit::kStory);
  EXPECT_EQ(hits[0].id, 7);
  EXPECT_EQ(hits[1].kind, store::SearchHit::kArticle);
  EXPECT_NE(hits[1].snippet.find("\x02" "Brussels\x03"), std::string::npos);
  // FTS syntax characters in user input must not throw.
  EXPECT_NO_THROW(s->search("\"NEAR( AND OR * -", 10));
  EXPECT_TRUE(s->search("", 10).empty());
  EXPECT_TRUE(s->search("zzzz", 10).empty());
}

TEST(SqliteStore, OpenFailsWithClearError) {
  try {
    store::open("/nonexistent-dir/x/y.db");
    FAIL() << "expected StoreError";
  } catch (const store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/y.db"), std::string::npos);
  }
}
