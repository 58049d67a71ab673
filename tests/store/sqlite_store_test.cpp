#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
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
// The full-text indexes, kept by the write paths (no triggers), match the stored rows after
// every kind of write: FTS5's own check against the content tables passes.
TEST(SqliteStore, FullTextIndexesMatchTheStoredRows) {
  const std::string path = temp_db("fts");
  {
    auto s = store::open(path);
    std::vector<Article> v;
    for (int i = 0; i < 6; ++i) {
      v.push_back(make("https://x/" + std::to_string(i), "Title " + std::to_string(i),
                       "Words of article " + std::to_string(i) + ".", 1000 + i));
      v.back().item_key = "k" + std::to_string(i);
    }
    s->add_articles(v);
    std::vector<Article> changed{v[1]};
    changed[0].text = "New words for article one.";
    s->add_articles(changed);
    store::ClusterCommit c;
    for (int i = 0; i < 6; ++i) c.assignments.push_back({v[static_cast<std::size_t>(i)].id, 1 + i % 3, 0.5, false, 0});
    c.through = v.back().id;
    c.last_story_id = 3;
    s->commit_clustering(c);
    auto write_all = [&](const std::string& headline) {
      std::vector<store::Store::StoryWrite> w;
      for (const auto& claim : s->claim_stories("w", 10, 1000, 60)) {
        Story st;
        st.id = claim.story;
        st.headline = headline + " " + std::to_string(claim.story);
        st.standfirst.text = "Standfirst.";
        st.body = {{"Body of the story.", {}, 0}};
        w.push_back({claim, st});
      }
      s->write_stories(w);
    };
    write_all("First");
    store::ClusterCommit m;
    m.expected_last_story_id = 3;
    m.last_story_id = 3;
    m.merges = {{3, 2, 9}};
    s->commit_clustering(m);
    write_all("First");   // the same text again for story 2
    s->remove_article(v[0].id);
    s->prune_before(1003);
    write_all("Second");
    // A crawler's batch of feeds in one transaction (the index changes go in once, at its
    // end), also with an item corrected later in the same batch.
    store::FeedState fa, fb;
    fa.url = "https://a.example/feed";
    fb.url = "https://b.example/feed";
    ASSERT_TRUE(s->add_feed(fa));
    ASSERT_TRUE(s->add_feed(fb));
    auto item = [](const std::string& feed, const std::string& text) {
      Article x = make(feed + "/item", "Item", text, 2000);
      x.origin = feed;
      x.item_key = "item";
      return x;
    };
    std::vector<store::Store::FeedFetch> batch(3);
    batch[0].state = fa;
    batch[0].articles = {item(fa.url, "Crawled words beforehand.")};
    batch[1].state = fb;
    batch[1].articles = {item(fb.url, "Other crawled words.")};
    batch[2].state = fa;
    batch[2].articles = {item(fa.url, "Crawled words corrected.")};
    s->record_fetches(batch, 3000);
    ASSERT_EQ(batch[2].results.size(), 1u);
    EXPECT_EQ(batch[2].results[0].status, store::AddResult::kUpdated);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (const char* check : {"INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)",
                            "INSERT INTO stories_fts(stories_fts, rank) VALUES ('integrity-check', 1)"})
    EXPECT_EQ(sqlite3_exec(db, check, nullptr, nullptr, nullptr), SQLITE_OK) << check << ": " << sqlite3_errmsg(db);
  auto count = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    const int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
  };
  EXPECT_GE(count("SELECT count(*) FROM stories_fts WHERE stories_fts MATCH 'second'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'crawled'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'corrected'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'beforehand'"), 0);
  sqlite3_close(db);
}

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
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
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
  ASSERT_EQ(s->assignments(41).size(), 1u);
  EXPECT_EQ(s->assignments(41)[0].article, 1);
  EXPECT_EQ(store::open(":memory:")->last_story_id(), 0);
}

TEST(SqliteStore, OpenFailsWithClearError) {
  try {
    store::open("/nonexistent-dir/x/y.db");
    FAIL() << "expected StoreError";
  } catch (const store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/y.db"), std::string::npos);
  }
}

// A store written by the last batch release (v3: stories replaced by each digest) is
// upgraded for the live engine: its stories and ids stay, every story is queued for a
// rewrite (headlines, ranking inputs), the clustering log holds its assignments in
// publication order, and the cursor stands after its articles.
TEST(SqliteStore, UpgradeFromTheBatchReleaseKeepsStoriesAndQueuesThem) {
  const std::string path = temp_db("v3");
  write_old_store(path, 3,
                  "INSERT INTO articles(id, title, body, published, content_hash) VALUES"
                  " (1, 'Late', 'b', 200, 7), (2, 'Early', 'a', 100, 8);"
                  "INSERT INTO assignments(article_id, story_id) VALUES (1, 12), (2, 12);"
                  "INSERT INTO stories(id, event_date, standfirst, body, data) VALUES"
                  " (12, '2025-01-01', 'Old standfirst.', 'Old body.',"
                  " '{\"standfirst\":{\"text\":\"Old standfirst.\",\"sources\":[]},\"body\":[],\"articles\":[1,2]}');"
                  "UPDATE counters SET value = 12 WHERE name = 'last_story_id';");
  auto s = store::open(path);
  EXPECT_EQ(s->schema_version(), store::latest_schema_version());
  const auto st = s->story(12);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->standfirst.text, "Old standfirst.");
  EXPECT_EQ(s->last_story_id(), 12);
  EXPECT_EQ(s->queue_depth(), 1u);
  const auto log = s->clustering_log(0, 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].article.title, "Early");  // publication order
  EXPECT_EQ(log[1].article.title, "Late");
  EXPECT_EQ(s->cluster_progress().through, 2);
  EXPECT_EQ(s->cluster_progress().settings, "");  // clustered by an earlier release
  // The search index covers the old stories.
  store::SearchQuery q;
  q.text = "standfirst";
  const auto hits = s->search(q);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, 12);
}

// A file that is not a store is refused with a message that says how to repair it.
TEST(SqliteStore, CorruptFileIsRefusedWithARepairHint) {
  const std::string path = temp_db("corrupt");
  { std::ofstream(path) << std::string(8192, 'x'); }
  try {
    store::open(path);
    FAIL() << "expected StoreCorrupt";
  } catch (const store::StoreCorrupt& e) {
    EXPECT_NE(std::string(e.what()).find(".recover"), std::string::npos) << e.what();
  }
}

// A story row whose stored data cannot be decoded (a bad copy, a hand edit) is named by
// story() and story_sources() with the repair, is listed as damaged by stories_by_rank
// (the others are read as usual), and is repaired when a writer stores the story again.
TEST(SqliteStore, ADamagedStoryRowIsNamedListedAsDamagedAndRepairedByTheNextWrite) {
  const std::string path = temp_db("damaged_row");
  std::vector<ArticleId> ids;
  {
    auto s = store::open(path);
    std::vector<Article> v;
    for (int i = 1; i <= 3; ++i)
      v.push_back(make("https://x/" + std::to_string(i), "T", "Text " + std::to_string(i) + ".", 1000 + i));
    for (const auto& r : s->add_articles(v)) ids.push_back(r.id);
    store::ClusterCommit c;
    c.last_story_id = 3;
    for (int i = 0; i < 3; ++i) c.assignments.push_back({ids[i], i + 1, 0.5, true, 0});
    c.through = ids[2];
    c.settings = "test";
    s->commit_clustering(c);
    for (const auto& claim : s->claim_stories("w", 10, 1000, 60)) {
      Story st;
      st.id = claim.story;
      st.headline = "H" + std::to_string(claim.story);
      st.standfirst = {"Standfirst " + std::to_string(claim.story) + ".", {{ids[0], 0, 5}}, 0};
      st.articles = {ids[static_cast<std::size_t>(claim.story - 1)]};
      st.rank_key = static_cast<double>(10 - claim.story);
      s->upsert_story(st, claim);
    }
  }
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE stories SET rank = '[[[' WHERE id = 2; UPDATE stories SET data = '{' WHERE id = 3",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto s = store::open(path);
  const auto list = s->stories_by_rank(10);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_TRUE(list[0].damaged.empty());
  EXPECT_EQ(list[0].articles, std::vector<ArticleId>{ids[0]});
  EXPECT_EQ(list[1].id, 2);
  EXPECT_FALSE(list[1].damaged.empty());
  EXPECT_EQ(list[1].headline, "H2");  // the list fields are plain columns
  EXPECT_TRUE(list[1].articles.empty());
  EXPECT_TRUE(list[2].damaged.empty());  // its text is damaged, its sources are not
  for (StoryId id : {2, 3}) {
    try {
      s->story(id);
      ADD_FAILURE() << "expected StoreCorrupt for story " << id;
    } catch (const store::StoreCorrupt& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("story " + std::to_string(id) + " is damaged"), std::string::npos) << what;
      EXPECT_NE(what.find("digest --rebuild"), std::string::npos) << what;
    }
  }
  EXPECT_THROW(s->story_sources(2), store::StoreCorrupt);
  EXPECT_EQ(s->story_sources(3)->articles, std::vector<ArticleId>{ids[2]});
  // Queued again and written: repaired.
  std::vector<Article> more = {make("https://x/4", "T", "Text 4.", 1004)};
  const ArticleId late = s->add_articles(more)[0].id;
  store::ClusterCommit again;
  again.expected_last_story_id = again.last_story_id = 3;
  again.assignments.push_back({late, 2, 0.5, false, 0});
  again.through = late;
  again.settings = "test";
  s->commit_clustering(again);
  const auto claims = s->claim_stories("w", 10, 2000, 60);
  ASSERT_EQ(claims.size(), 1u);
  Story fixed;
  fixed.id = 2;
  fixed.headline = "H2";
  fixed.standfirst = {"Standfirst 2.", {{ids[1], 0, 5}}, 0};
  fixed.articles = {ids[1], late};
  fixed.rank_key = 8;
  s->upsert_story(fixed, claims[0]);
  EXPECT_EQ(s->story(2)->articles, (std::vector<ArticleId>{ids[1], late}));
  EXPECT_TRUE(s->stories_by_rank(10)[1].damaged.empty());
}

// A store file truncated in the middle (a crash of the disk, a bad copy) is refused the
// same way, never read as an empty store.
TEST(SqliteStore, TruncatedFileIsRefused) {
  const std::string path = temp_db("truncated");
  {
    auto s = store::open(path);
    std::vector<Article> v;
    for (int i = 0; i < 400; ++i)
      v.push_back(make("https://a/" + std::to_string(i), "T", std::string(2000, 'a' + i % 26), 100 + i));
    s->add_articles(v);
    sqlite3* db;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(path + suffix);
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  try {
    auto s = store::open(path);
    s->article_count();
    for (store::Sequence after = 0;;) {
      const auto chunk = s->articles_after(after, 100);
      if (chunk.empty()) break;
      after = chunk.back().seq;
    }
    FAIL() << "expected StoreCorrupt";
  } catch (const store::StoreCorrupt& e) {
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
  }
}

// The engine role is an operating-system lock: a second holder is refused (and told who
// holds it); releasing it, or the holder's process ending, frees it at once.
TEST(SqliteStore, EngineRoleIsExclusiveAndReleased) {
  const std::string path = temp_db("lock");
  auto a = store::open(path);
  auto b = store::open(path);
  std::string holder;
  auto first = a->try_lock_engine(holder);
  ASSERT_NE(first, nullptr);
  // flock locks belong to the open file description: a second one in this process is
  // refused as another process would be.
  EXPECT_EQ(b->try_lock_engine(holder), nullptr);
  EXPECT_EQ(holder, "pid " + std::to_string(getpid()));
  first.reset();
  EXPECT_NE(b->try_lock_engine(holder), nullptr);
}

// Another program's SQLite database is refused, never given storyline's tables; so is a
// directory. Both as StoreIncompatible, whose message says what the location is.
TEST(SqliteStore, RefusesAnotherProgramsDatabaseAndADirectory) {
  const std::string path = temp_db("foreign");
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE notes(t TEXT)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  try {
    store::open(path);
    FAIL() << "expected StoreIncompatible";
  } catch (const store::StoreIncompatible& e) {
    EXPECT_NE(std::string(e.what()).find("another program's database (it holds notes)"), std::string::npos) << e.what();
  }
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  sqlite3_close(db);

  const std::string dir = temp_db("dir");
  std::filesystem::create_directories(dir);
  try {
    store::open(dir);
    FAIL() << "expected StoreIncompatible";
  } catch (const store::StoreIncompatible& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}
