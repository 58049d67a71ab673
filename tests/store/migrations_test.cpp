#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/migrations.h"
#include "store/sqlite_db.h"

using namespace storyline::store;

TEST(Migrations, ApplyInOrderOnAnEmptyDatabase) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  for (const char* step : sqlite::migrations()) ASSERT_NO_THROW(sqlite::exec(db, step));
  sqlite3_close(db);
}

TEST(Migrations, FullTextIndexFollowsUpdatesAndDeletes) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  for (const char* step : sqlite::migrations()) sqlite::exec(db, step);
  sqlite::exec(db, "INSERT INTO articles(id, title, body, content_hash) VALUES (1, 'Old title', 'alpha words', 11)");
  auto hits = [&](const char* q) {
    sqlite::Statement st(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?");
    st.bind(1, std::string_view(q));
    st.step();
    return st.int64(0);
  };
  EXPECT_EQ(hits("alpha"), 1);
  sqlite::exec(db, "UPDATE articles SET body = 'beta words' WHERE id = 1");
  EXPECT_EQ(hits("alpha"), 0);
  EXPECT_EQ(hits("beta"), 1);
  sqlite::exec(db, "DELETE FROM articles WHERE id = 1");
  EXPECT_EQ(hits("beta"), 0);
  sqlite3_close(db);
}

TEST(Transaction, RollsBackUnlessCommitted) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
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
  sqlite::Statement st(db, "SELECT group_concat(x) FROM t");
  st.step();
  EXPECT_EQ(st.text(0), "2");
  EXPECT_THROW(sqlite::Statement(db, "SELEKT nonsense"), StoreError);
  sqlite3_close(db);
}
