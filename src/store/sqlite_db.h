// Thin RAII helpers over the SQLite C API, private to the store stage.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "store/store.h"

namespace storyline::store::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind_null(int i);
  // Steps once: true when a row is available, false when done. Throws on error.
  bool step();
  void reset();
  bool is_null(int col) const;

  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Throws the StoreError subclass that an SQLite result code calls for (StoreUnavailable for
// a full disk or read-only store, StoreCorrupt for a damaged file) with `message`.
[[noreturn]] void fail(int rc, const std::string& message);

// Runs SQL that returns no rows (may hold several statements). Throws StoreError.
void exec(sqlite3* db, const char* sql);

// A transaction that rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db);
  ~Transaction();
  void commit();

 private:
  sqlite3* db_;
  bool done_ = false;
};

}  // namespace storyline::store::sqlite
