// Thin RAII helpers over the SQLite C API, private to the store stage.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.h"

namespace storyline::store::sqlite {

// Prepared statements kept for reuse on one connection (a statement borrowed from it goes
// back, reset, when the Statement is destroyed; nothing stays mid-read, so a connection
// never pins an old snapshot). Destroy it before closing the connection. Its map is guarded
// by a mutex: a connection is used by one thread at a time, but not always the same thread
// (the server hands a store that cannot be shared from one request thread to the next).
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  sqlite3_stmt* take(std::string_view sql);
  void give(std::string sql, sqlite3_stmt* stmt);
  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_;
  std::mutex mu_;
  std::unordered_multimap<std::string, sqlite3_stmt*> free_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  // Borrows a prepared statement from `cache` (preparing it the first time).
  Statement(StatementCache& cache, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind_null(int i);
  Statement& bind_blob(int i, std::string_view bytes);
  // Not copied: `bytes` must outlive this Statement (for large values written once).
  Statement& bind_blob_ref(int i, std::string_view bytes);
  // Steps once: true when a row is available, false when done. Throws on error.
  bool step();
  void reset();
  bool is_null(int col) const;

  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::string blob(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  StatementCache* cache_ = nullptr;
  std::string sql_;
};

// Throws the StoreError subclass that an SQLite result code calls for (StoreUnavailable for
// a full disk or read-only store, StoreCorrupt for a damaged file) with `message`.
[[noreturn]] void fail(int rc, const std::string& message);

// Runs SQL that returns no rows (may hold several statements). Throws StoreError.
void exec(sqlite3* db, const char* sql);

// Fault injection for the crash tests (tests/cli/fault_injection_test.cpp): when the
// environment holds STORYLINE_FAULT_KILL_AT=POINT:N, the N-th call of crash_point(POINT) in
// this process kills it with SIGKILL, as a power cut would, with the write path's transaction
// open and its rows written but not committed. Unset (always, outside those tests), it costs
// one comparison. Points: add_articles, commit_clustering, write_stories, remove_article,
// prune_before, and any a write path adds.
void crash_point(const char* point);

// Process-wide SQLite settings, applied once before the first connection opens: no memory
// statistics (SQLITE_CONFIG_MEMSTATUS off), which otherwise take one global mutex on every
// allocation and serialise the server's reader threads. A no-op when SQLite was already
// initialised by someone else.
void configure_library();

// A transaction that rolls back unless committed. Opened inside another one (a write path
// that composes others, e.g. record_fetches), it is part of the outer transaction: its
// commit and rollback are the outer one's to do.
class Transaction {
 public:
  explicit Transaction(sqlite3* db);
  ~Transaction();
  void commit();

 private:
  sqlite3* db_;
  bool done_ = false;
  bool nested_ = false;
};

// A read transaction around several statements (one snapshot, and the WAL read lock taken
// once instead of once per statement); nothing when a transaction is already open.
class ReadTransaction {
 public:
  explicit ReadTransaction(sqlite3* db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  sqlite3* db_;
  bool open_ = false;
};

}  // namespace storyline::store::sqlite
