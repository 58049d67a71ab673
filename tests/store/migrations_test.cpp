#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <string_view>

#include "store/migrations.h"
#include "store/sqlite_db.h"

using namespace storyline::store;

namespace {

// An in-memory database closed at the end of the test; closing fails the test when a
// statement is still alive (sqlite3_close answers SQLITE_BUSY and keeps the memory).
struct MemoryDb {
  sqlite3* db = nullptr;
  MemoryDb() { EXPECT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK); }
  ~MemoryDb() { EXPECT_EQ(sqlite3_close(db), SQLITE_OK) << "a statement outlived the database"; }
  MemoryDb(const MemoryDb&) = delete;
  MemoryDb& operator=(const MemoryDb&) = delete;
};

bool has_table(sqlite3* db, const char* name) {
  sqlite::Statement st(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
  st.bind(1, std::string_view(name));
  st.step();
  return st.int64(0) == 1;
}

}  // namespace

TEST(Migrations, ApplyInOrderOnAnEmptyDatabase) {
  MemoryDb m;
  for (const char* step : sqlite::migrations()) ASSERT_NO_THROW(sqlite::exec(m.db, step));
  // Every table the store reads exists afterwards, the full-text indexes among them.
  for (const char* t : {"articles", "articles_fts", "stories", "stories_fts", "assignments", "counters"})
    EXPECT_TRUE(has_table(m.db, t)) << t;
  EXPECT_FALSE(has_table(m.db, "no_such_table"));
  sqlite::exec(m.db, "INSERT INTO articles(id, title, body, content_hash) VALUES (1, 't', 'b', 7)");
  sqlite::Statement st(m.db, "SELECT content_hash FROM articles WHERE id = 1");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.int64(0), 7);
}

TEST(Transaction, RollsBackUnlessCommitted) {
  MemoryDb m;
  sqlite3* db = m.db;
  sqlite::exec(db, "CREATE TABLE t(x)");
  {
    sqlite::Transaction tx(db);
    sqlite::exec(db, "INSERT INTO t VALUES (1)");
  }
  {
    sqlite::Transaction tx(db);
    sqlite::exec(db, "INSERT INTO t VALUES (2)");
    tx.commit();
  }
  {
    // (Scoped: the statement must be finalized before the database is closed.)
    sqlite::Statement st(db, "SELECT group_concat(x) FROM t");
    st.step();
    EXPECT_EQ(st.text(0), "2");
  }
  EXPECT_THROW(sqlite::Statement(db, "SELEKT nonsense"), StoreError);
}

// Both full-text indexes merge 16 segments of a level at a time (v7), on a new store as on
// one migrated from an earlier version; FTS5's own default (4, no row) before that step.
TEST(Migrations, FullTextIndexesMergeSixteenSegmentsAtATime) {
  MemoryDb m;
  const auto& steps = sqlite::migrations();
  auto automerge = [&](const char* table) {
    sqlite::Statement st(m.db, std::string("SELECT v FROM ") + table + "_config WHERE k = 'automerge'");
    return st.step() ? st.int64(0) : 0;
  };
  std::size_t i = 0;
  for (; i < steps.size() && std::string_view(steps[i]).find("'automerge'") == std::string_view::npos; ++i)
    sqlite::exec(m.db, steps[i]);
  ASSERT_LT(i, steps.size());
  EXPECT_EQ(automerge("articles_fts"), 0);
  for (; i < steps.size(); ++i) sqlite::exec(m.db, steps[i]);
  EXPECT_EQ(automerge("articles_fts"), 16);
  EXPECT_EQ(automerge("stories_fts"), 16);
}

// A story's members are read in order from a covering index (v8): no temporary B-tree for
// the order, no look-up of each row. The query is the store's (Store::assignments).
TEST(Migrations, AStorysMembersComeFromOneCoveringIndexInOrder) {
  MemoryDb m;
  for (const char* step : sqlite::migrations()) sqlite::exec(m.db, step);
  sqlite::Statement plan(m.db,
                         "EXPLAIN QUERY PLAN SELECT article_id, story_id, similarity, new_story, duplicate_of"
                         " FROM assignments WHERE story_id = ? ORDER BY ord, article_id");
  std::string steps;
  while (plan.step()) steps += plan.text(3) + "\n";
  EXPECT_NE(steps.find("USING COVERING INDEX assignments_story_members (story_id=?)"), std::string::npos) << steps;
  EXPECT_EQ(steps.find("TEMP B-TREE"), std::string::npos) << steps;
}
