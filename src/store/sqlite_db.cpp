#include "store/sqlite_db.h"

#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

namespace storyline::store::sqlite {

[[noreturn]] void fail(int rc, const std::string& message) {
  switch (rc & 0xff) {
    case SQLITE_FULL:
      throw StoreUnavailable(message + " (the disk is full: free space and the engine resumes)");
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_IOERR:
      throw StoreUnavailable(message + " (the store cannot be written now)");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw StoreCorrupt(message +
                         " (the store file is damaged: restore a backup, or recover it with "
                         "`sqlite3 FILE .recover | sqlite3 NEW` and open NEW)");
    default:
      throw StoreError(message);
  }
}

static void check(sqlite3* db, int rc, std::string_view what) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  fail(sqlite3_extended_errcode(db), std::string(what) + ": " + sqlite3_errmsg(db));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  check(db, sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr),
        "prepare");
}

Statement::Statement(StatementCache& cache, std::string_view sql)
    : db_(cache.db()), stmt_(cache.take(sql)), cache_(&cache), sql_(sql) {}

Statement::~Statement() {
  if (cache_)
    cache_->give(std::move(sql_), stmt_);
  else
    sqlite3_finalize(stmt_);
}

StatementCache::~StatementCache() {
  for (auto& [sql, stmt] : free_) sqlite3_finalize(stmt);
}

sqlite3_stmt* StatementCache::take(std::string_view sql) {
  {
    std::lock_guard lock(mu_);
    if (auto it = free_.find(std::string(sql)); it != free_.end()) {
      sqlite3_stmt* s = it->second;
      free_.erase(it);
      return s;
    }
  }
  sqlite3_stmt* s = nullptr;
  check(db_, sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr), "prepare");
  return s;
}

void StatementCache::give(std::string sql, sqlite3_stmt* stmt) {
  if (stmt == nullptr) return;
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  std::lock_guard lock(mu_);
  free_.emplace(std::move(sql), stmt);
}

Statement& Statement::bind(int i, std::int64_t v) {
  check(db_, sqlite3_bind_int64(stmt_, i, v), "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  check(db_, sqlite3_bind_double(stmt_, i, v), "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  check(db_, sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        "bind");
  return *this;
}
Statement& Statement::bind_blob(int i, std::string_view bytes) {
  check(db_, sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT), "bind");
  return *this;
}
Statement& Statement::bind_blob_ref(int i, std::string_view bytes) {
  check(db_, sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_STATIC), "bind");
  return *this;
}
Statement& Statement::bind_null(int i) {
  check(db_, sqlite3_bind_null(stmt_, i), "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  check(db_, rc, "step");
  return rc == SQLITE_ROW;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Statement::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  if (p == nullptr) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err); rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    fail(sqlite3_extended_errcode(db), msg);
  }
}

Transaction::Transaction(sqlite3* db) : db_(db), nested_(sqlite3_get_autocommit(db) == 0) {
  if (!nested_) exec(db, "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_ && !nested_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  if (!nested_) exec(db_, "COMMIT");
  done_ = true;
}

ReadTransaction::ReadTransaction(sqlite3* db) : db_(db) {
  if (sqlite3_get_autocommit(db_)) open_ = sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
}

ReadTransaction::~ReadTransaction() {
  if (open_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
}

namespace {
struct KillAt {
  std::string point;
  long after = 0;
  std::atomic<long> hits{0};
};
KillAt* kill_at() {
  static KillAt* const at = [] () -> KillAt* {
    const char* v = std::getenv("STORYLINE_FAULT_KILL_AT");
    if (!v || !*v) return nullptr;
    const char* colon = std::strrchr(v, ':');
    auto* k = new KillAt;
    k->point = colon ? std::string(v, colon) : std::string(v);
    k->after = colon ? std::atol(colon + 1) : 1;
    if (k->after < 1) k->after = 1;
    return k;
  }();
  return at;
}
}  // namespace

void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

void crash_point(const char* point) {
  KillAt* k = kill_at();
  if (!k || k->point != point) return;
  if (k->hits.fetch_add(1) + 1 >= k->after) raise(SIGKILL);
}

}  // namespace storyline::store::sqlite
