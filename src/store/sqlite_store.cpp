// The embedded SQLite backend of Store: one connection per object (WAL: readers never wait
// on the writer; writers queue behind each other with a busy timeout).
//
// The article sequence is the rowid (one writer at a time commits in rowid order, so a
// cursor never skips a row committed later with a smaller id). The engine role is an
// flock on "<file>.lock", which the operating system drops with the process.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <unordered_set>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/store.h"
#include "store/story_codec.h"
#include "text/text.h"

namespace storyline::store {
namespace {

using sqlite::exec;
using sqlite::Statement;
using sqlite::ReadTransaction;
using sqlite::Transaction;

constexpr const char* kArticleColumns =
    "id, url, source, title, body, author, language, published, fetched, origin, utc_offset, item_key";

Article read_article(const Statement& st, int c = 0) {
  Article a;
  a.id = st.int64(c + 0);
  a.url = st.text(c + 1);
  a.source = st.text(c + 2);
  a.title = st.text(c + 3);
  a.text = st.text(c + 4);
  a.author = st.text(c + 5);
  a.language = st.text(c + 6);
  a.published = st.int64(c + 7);
  a.fetched = st.int64(c + 8);
  a.origin = st.text(c + 9);
  a.utc_offset = static_cast<int>(st.int64(c + 10));
  a.item_key = st.text(c + 11);
  a.seq = a.id;
  return a;
}

// A story's list fields are columns 0-8 of both (read_list_fields); the 10th is the
// summary's standfirst, or the story's sentences (`data`).
constexpr const char* kSummaryColumns =
    "id, headline, event_date, first_seen, last_seen, updated, outlets, rank_key, rank, standfirst";
constexpr const char* kStoryColumns =
    "id, headline, event_date, first_seen, last_seen, updated, outlets, rank_key, rank, data";

template <typename StoryLike>
void read_list_fields(const Statement& st, StoryLike& s) {
  s.id = st.int64(0);
  s.headline = st.text(1);
  s.event_date = st.text(2);
  s.first_seen = st.int64(3);
  s.last_seen = st.int64(4);
  s.updated = st.int64(5);
  s.outlets = static_cast<int>(st.int64(6));
  s.rank_key = st.real(7);
}

// What a story row that cannot be decoded is: the story named, and how to repair it.
StoryDamaged damaged_story(StoryId id, const std::string& why) {
  return StoryDamaged("story " + std::to_string(id) + " is damaged in the store: " + why +
                      " (`storyline digest --rebuild` writes every story again)");
}

// A damaged row comes back with `damaged` set and its list fields only (Store::stories_by_rank).
StorySummary read_summary(const Statement& st) {
  StorySummary s;
  read_list_fields(st, s);
  try {
    decode_rank_data(st.text(8), s);
  } catch (const StoreCorrupt& e) {
    s.articles.clear();
    s.outlet_names.clear();
    s.times.clear();
    s.distinct = 0;
    s.damaged = damaged_story(s.id, e.what()).what();
    return s;
  }
  s.standfirst = st.text(9);
  return s;
}

// A story's articles are read from `rank` (decoded after `data`): a refresh of its sources
// (write_stories with StoryWrite::sources) updates `rank` and leaves `data` as written.
Story read_story(const Statement& st) {
  Story s;
  read_list_fields(st, s);
  try {
    decode_story_data(st.text(9), s);
    decode_rank_data(st.text(8), s);
  } catch (const StoreCorrupt& e) {
    throw damaged_story(s.id, e.what());
  }
  return s;
}

constexpr const char* kAssignmentColumns = "article_id, story_id, similarity, new_story, duplicate_of";

Assignment read_assignment(const Statement& st, int c = 0) {
  Assignment a;
  a.article = st.int64(c + 0);
  a.story = st.int64(c + 1);
  a.similarity = st.real(c + 2);
  a.new_story = st.int64(c + 3) != 0;
  a.duplicate_of = st.int64(c + 4);
  return a;
}

// Identity of an article's content: the same URL with the same title and text is the same
// article. Stored as the dedupe key: its value must never change (a known-answer test
// pins it).
std::int64_t content_hash(const Article& a) {
  std::string key = a.url;
  key.push_back('\0');
  key += a.title;
  key.push_back('\0');
  key += a.text;
  return static_cast<std::int64_t>(text::hash64(key));
}

// Free text as a query of the backend: each word quoted (no query syntax reaches FTS5),
// words ANDed.
std::string fts_query(const std::string& q) {
  std::string out;
  for (const auto& t : text::tokenize(text::to_valid_utf8(q))) {
    if (!out.empty()) out.push_back(' ');
    out.push_back('"');
    for (char c : q.substr(t.begin, t.end - t.begin)) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  return out;
}

// FTS5 snippet text with hits between \x02 and \x03, as segments.
std::vector<SearchHit::Segment> segments(const std::string& s) {
  std::vector<SearchHit::Segment> out;
  std::string cur;
  bool hit = false;
  for (char c : s) {
    if (c == '\x02' || c == '\x03') {
      if (!cur.empty()) out.push_back({std::move(cur), hit});
      cur.clear();
      hit = c == '\x02';
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back({std::move(cur), hit});
  return out;
}

std::string body_text(const Story& s) {
  std::string body;
  for (const auto& sent : s.body) {
    if (!body.empty()) body.push_back(' ');
    body += sent.text;
  }
  return body;
}

// flock()ed "<path>.lock": the engine role.
class FileLock final : public Lock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  ~FileLock() override {
    flock(fd_, LOCK_UN);
    close(fd_);
  }

 private:
  int fd_;
};

// How long a statement waits for another connection's lock before SQLITE_BUSY.
constexpr int kBusyTimeoutMs = 30000;

class SqliteStore final : public Store {
 public:
  // `cache_mib`: the connection's page cache (the writer's connection reads the pages of its
  // batches again and again; readers keep SQLite's default of 2 MiB each).
  explicit SqliteStore(const std::string& path, int cache_mib = 0) : path_(path) {
    if (struct stat st{}; path != ":memory:" && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      throw StoreIncompatible(path + " is a directory, not a store file: give --db a file name");
    sqlite::configure_library();
    const int rc = sqlite3_open_v2(path.c_str(), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      const int code = db_ ? sqlite3_extended_errcode(db_) : rc;
      sqlite3_close(db_);
      db_ = nullptr;
      sqlite::fail(code, "cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    cache_ = std::make_unique<sqlite::StatementCache>(db_);
    auto close_and_rethrow = [&](auto&& e) {
      cache_.reset();
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::decay_t<decltype(e)>("cannot open " + path + ": " + e.what());
    };
    try {
      refuse_foreign_database();  // before anything is written to the file
      exec(db_, "PRAGMA foreign_keys=ON");
      if (path != ":memory:") enter_wal_mode();
      // FULL: a transaction reported committed survives power loss too, not only a crash.
      exec(db_, "PRAGMA synchronous=FULL");
      if (cache_mib > 0) exec(db_, ("PRAGMA cache_size=-" + std::to_string(cache_mib * 1024)).c_str());
      migrate();
    } catch (const StoreCorrupt& e) {
      close_and_rethrow(e);
    } catch (const StoreUnavailable& e) {
      close_and_rethrow(e);
    } catch (const StoreIncompatible& e) {
      close_and_rethrow(e);
    } catch (const StoreError& e) {
      close_and_rethrow(e);
    }
  }

  ~SqliteStore() override {
    cache_.reset();  // statements go before the connection
    sqlite3_close(db_);
  }

  int schema_version() override {
    Statement st(*cache_, "PRAGMA user_version");
    st.step();
    return static_cast<int>(st.int64(0));
  }

  // ---- articles ----

  std::vector<AddResult> add_articles(std::vector<Article>& articles) override {
    Transaction tx(db_);
    fts_.clear();
    std::vector<AddResult> out = insert_articles(articles);
    fts_apply();
    sqlite::crash_point("add_articles");
    tx.commit();
    return out;
  }

  // add_articles' rows, inside the caller's transaction; their index changes are queued
  // (fts_apply() last in the transaction).
  std::vector<AddResult> insert_articles(std::vector<Article>& articles) {
    std::vector<AddResult> out;
    out.reserve(articles.size());
    Statement ins(*cache_,
                  "INSERT INTO articles(url, source, title, body, author, language, published,"
                  " fetched, origin, content_hash, utc_offset, item_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                  " ON CONFLICT DO NOTHING RETURNING id");
    Statement find(*cache_, "SELECT id FROM articles WHERE content_hash = ?");
    // "item_key <> ''" spelled out: without it SQLite cannot use the partial index articles_item
    // (a bound parameter does not prove the index's condition) and scans every article.
    Statement by_item(*cache_, "SELECT id, content_hash FROM articles WHERE origin = ? AND item_key = ? AND item_key <> ''");
    Statement tomb(*cache_,
                   "SELECT 1 FROM tombstones WHERE content_hash = ?1 OR"
                   " (?3 <> '' AND origin = ?2 AND item_key = ?3 AND item_key <> '') LIMIT 1");
    Statement upd(*cache_,
                  "UPDATE articles SET url=?, source=?, title=?, body=?, author=?, language=?,"
                  " published=?, utc_offset=?, content_hash=? WHERE id = ?");
    bool changed = false;
    for (Article& a : articles) {
      const std::int64_t h = content_hash(a);
      AddResult r;
      tomb.bind(1, h).bind(2, a.origin).bind(3, a.item_key);
      const bool refused = tomb.step();
      tomb.reset();
      if (refused) {
        r.status = AddResult::kRefused;
        out.push_back(r);
        continue;
      }
      if (!a.item_key.empty()) {
        by_item.bind(1, a.origin).bind(2, a.item_key);
        if (by_item.step()) {
          r.id = by_item.int64(0);
          const bool same = by_item.int64(1) == h;
          by_item.reset();
          if (same) {
            r.status = AddResult::kDuplicate;
          } else {
            fts_remove_article(r.id);
            fts_.push_back({false, false, r.id, a.title, a.text, {}});
            upd.bind(1, a.url).bind(2, a.source).bind(3, a.title).bind(4, a.text).bind(5, a.author);
            upd.bind(6, a.language).bind(7, a.published).bind(8, static_cast<std::int64_t>(a.utc_offset));
            upd.bind(9, h).bind(10, r.id);
            upd.step();
            upd.reset();
            r.status = AddResult::kUpdated;
            if (const auto asg = story_of(r.id)) queue_story(*asg);
            changed = true;
          }
          a.id = a.seq = r.id;
          out.push_back(r);
          continue;
        }
        by_item.reset();
      }
      ins.bind(1, a.url).bind(2, a.source).bind(3, a.title).bind(4, a.text).bind(5, a.author);
      ins.bind(6, a.language).bind(7, a.published).bind(8, a.fetched).bind(9, a.origin);
      ins.bind(10, h).bind(11, static_cast<std::int64_t>(a.utc_offset)).bind(12, a.item_key);
      if (ins.step()) {
        r.id = ins.int64(0);
        r.status = AddResult::kInserted;
        while (ins.step()) {
        }
        fts_.push_back({false, false, r.id, a.title, a.text, {}});
      } else {
        find.bind(1, h);
        if (find.step()) r.id = find.int64(0);
        find.reset();
        r.status = AddResult::kDuplicate;
      }
      ins.reset();
      a.id = a.seq = r.id;
      out.push_back(r);
    }
    if (changed) bump_version();
    return out;
  }

  std::vector<Article> articles_after(Sequence after, std::size_t limit) override {
    Statement st(*cache_, std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id > ? ORDER BY id LIMIT ?");
    st.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<Article> out;
    while (st.step()) out.push_back(read_article(st));
    return out;
  }

  std::optional<Article> article(ArticleId id) override {
    Statement st(*cache_, std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_article(st);
  }

  std::vector<Article> articles(const std::vector<ArticleId>& ids) override {
    Statement st(*cache_, std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = ?");
    std::vector<Article> out;
    for (ArticleId id : ids) {
      st.bind(1, id);
      if (st.step()) out.push_back(read_article(st));
      st.reset();
    }
    return out;
  }

  std::vector<ArticleRef> article_refs(const std::vector<ArticleId>& ids) override {
    Statement st(*cache_,
                 "SELECT id, url, source, title, author, language, published, fetched, utc_offset"
                 " FROM articles WHERE id = ?");
    std::vector<ArticleRef> out;
    ReadTransaction read(db_);
    for (ArticleId id : ids) {
      st.bind(1, id);
      if (st.step()) {
        ArticleRef r;
        r.id = st.int64(0);
        r.url = st.text(1);
        r.source = st.text(2);
        r.title = st.text(3);
        r.author = st.text(4);
        r.language = st.text(5);
        r.published = st.int64(6);
        r.fetched = st.int64(7);
        r.utc_offset = static_cast<int>(st.int64(8));
        out.push_back(std::move(r));
      }
      st.reset();
    }
    return out;
  }

  std::optional<ArticleId> find_article(const std::string& url) override {
    Statement st(*cache_, "SELECT max(id) FROM articles WHERE url = ?");
    st.bind(1, url);
    if (!st.step() || st.is_null(0)) return std::nullopt;
    return st.int64(0);
  }

  bool remove_article(ArticleId id) override {
    Transaction tx(db_);
    Statement get(*cache_, "SELECT url, origin, item_key, content_hash FROM articles WHERE id = ?");
    get.bind(1, id);
    if (!get.step()) return false;
    Statement tomb(*cache_,
                   "INSERT INTO tombstones(content_hash, url, origin, item_key, removed_at)"
                   " VALUES (?,?,?,?,?)");
    tomb.bind(1, get.int64(3)).bind(2, get.text(0)).bind(3, get.text(1)).bind(4, get.text(2));
    tomb.bind(5, storyline::now());
    tomb.step();
    fts_.clear();
    drop_article(id);
    bump_version();
    fts_apply();
    sqlite::crash_point("remove_article");
    tx.commit();
    return true;
  }

  std::size_t prune_before(UnixTime before) override {
    Transaction tx(db_);
    Statement sel(*cache_,
                  "SELECT id FROM articles WHERE (published > 0 AND published < ?1) OR"
                  " (published = 0 AND fetched < ?1)");
    sel.bind(1, before);
    std::vector<ArticleId> ids;
    while (sel.step()) ids.push_back(sel.int64(0));
    fts_.clear();
    for (ArticleId id : ids) drop_article(id);
    if (!ids.empty()) bump_version();
    fts_apply();
    sqlite::crash_point("prune_before");
    tx.commit();
    return ids.size();
  }

  UnixTime newest_published() override {
    Statement st(*cache_, "SELECT COALESCE(max(published), 0) FROM articles");
    st.step();
    return st.int64(0);
  }

  // ---- clustering ----

  ClusterProgress cluster_progress() override {
    ClusterProgress p;
    p.through = counter("cluster_through");
    p.last_story_id = counter("last_story_id");
    Statement n(*cache_, "SELECT count(*) FROM assignments");
    n.step();
    p.log_size = n.int64(0);
    p.settings = setting("cluster_settings");
    return p;
  }

  void commit_clustering(const ClusterCommit& b) override {
    Transaction tx(db_);
    const StoryId mark = counter("last_story_id");
    if (mark != b.expected_last_story_id)
      throw StoreError("stories were numbered by another process meanwhile (story ids moved from " +
                       std::to_string(b.expected_last_story_id) + " to " + std::to_string(mark) +
                       "); nothing was written");
    fts_.clear();
    std::int64_t ord = max_ord();
    Statement asg(*cache_,
                  "INSERT OR REPLACE INTO assignments(article_id, story_id, similarity, new_story,"
                  " duplicate_of, ord) VALUES (?,?,?,?,?,?)");
    for (const Assignment& a : b.assignments) {
      asg.bind(1, a.article).bind(2, a.story).bind(3, a.similarity);
      asg.bind(4, static_cast<std::int64_t>(a.new_story)).bind(5, a.duplicate_of).bind(6, ++ord);
      asg.step();
      asg.reset();
      queue_story(a.story);
    }
    for (const StoryMerge& m : b.merges) apply_merge(m);
    set_counter("cluster_through", std::max(counter("cluster_through"), b.through));
    set_counter("last_story_id", std::max(mark, b.last_story_id));
    set_setting("cluster_settings", b.settings);
    if (!b.snapshot.empty()) {
      Statement snap(*cache_,
                     "INSERT OR REPLACE INTO engine_snapshot(id, log_position, through, settings, data)"
                     " VALUES (1, ?, ?, ?, ?)");
      snap.bind(1, ord).bind(2, counter("cluster_through")).bind(3, b.settings).bind_blob_ref(4, b.snapshot);
      snap.step();
    }
    bump_version();
    fts_apply();
    sqlite::crash_point("commit_clustering");
    tx.commit();
  }

  std::vector<Clustered> clustering_log(std::int64_t after, std::size_t limit) override {
    Statement st(*cache_, std::string("SELECT a.ord, a.article_id, a.story_id, a.similarity, a.new_story,"
                                  " a.duplicate_of, ar.") +
                          "id, ar.url, ar.source, ar.title, ar.body, ar.author, ar.language,"
                          " ar.published, ar.fetched, ar.origin, ar.utc_offset, ar.item_key"
                          " FROM assignments a JOIN articles ar ON ar.id = a.article_id"
                          " WHERE a.ord > ? ORDER BY a.ord LIMIT ?");
    st.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<Clustered> out;
    while (st.step()) {
      Clustered c;
      c.order = st.int64(0);
      c.assignment = read_assignment(st, 1);
      c.article = read_article(st, 6);
      out.push_back(std::move(c));
    }
    return out;
  }

  std::optional<Snapshot> snapshot() override {
    Statement st(*cache_, "SELECT log_position, through, settings, data FROM engine_snapshot WHERE id = 1");
    if (!st.step()) return std::nullopt;
    return Snapshot{st.int64(0), st.int64(1), st.text(2), st.blob(3)};
  }

  void replace_clustering(Sequence through, const std::vector<Assignment>& assignments,
                          StoryId last_story_id, const std::string& settings) override {
    Transaction tx(db_);
    exec(db_, "DELETE FROM assignments; DELETE FROM story_queue; DELETE FROM engine_snapshot;");
    Statement asg(*cache_,
                  "INSERT OR REPLACE INTO assignments(article_id, story_id, similarity, new_story,"
                  " duplicate_of, ord) VALUES (?,?,?,?,?,?)");
    std::int64_t ord = 0;
    std::set<StoryId> kept;
    for (const Assignment& a : assignments) {
      asg.bind(1, a.article).bind(2, a.story).bind(3, a.similarity);
      asg.bind(4, static_cast<std::int64_t>(a.new_story)).bind(5, a.duplicate_of).bind(6, ++ord);
      asg.step();
      asg.reset();
      if (kept.insert(a.story).second) queue_story(a.story);
    }
    // (A rebuild: the index entries of the stories that go are removed in one statement.)
    exec(db_,
         "INSERT INTO stories_fts(stories_fts, rowid, headline, standfirst, body)"
         " SELECT 'delete', id, headline, standfirst, body FROM stories"
         " WHERE id NOT IN (SELECT DISTINCT story_id FROM assignments)");
    exec(db_, "DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM assignments)");
    set_counter("cluster_through", through);
    set_counter("last_story_id", std::max(counter("last_story_id"), last_story_id));
    set_setting("cluster_settings", settings);
    bump_version();
    sqlite::crash_point("replace_clustering");
    tx.commit();
  }

  std::vector<Assignment> assignments(StoryId story) override {
    Statement st(*cache_, std::string("SELECT ") + kAssignmentColumns +
                          " FROM assignments WHERE story_id = ? ORDER BY ord, article_id");
    st.bind(1, story);
    std::vector<Assignment> out;
    while (st.step()) out.push_back(read_assignment(st));
    return out;
  }

  std::optional<Assignment> assignment(ArticleId article) override {
    Statement st(*cache_, std::string("SELECT ") + kAssignmentColumns + " FROM assignments WHERE article_id = ?");
    st.bind(1, article);
    if (!st.step()) return std::nullopt;
    return read_assignment(st);
  }

  StoryId last_story_id() override { return counter("last_story_id"); }

  std::optional<StoryId> merged_into(StoryId id) override {
    Statement st(*cache_, "SELECT into_id FROM story_merges WHERE from_id = ? ORDER BY seq DESC LIMIT 1");
    std::optional<StoryId> out;
    std::unordered_set<StoryId> seen{id};
    for (StoryId cur = id;;) {
      st.bind(1, cur);
      if (!st.step()) break;
      cur = st.int64(0);
      st.reset();
      if (!seen.insert(cur).second) break;  // a cycle (a rebuild may renumber): stop
      out = cur;
    }
    return out;
  }

  std::vector<StoryMerge> merges() override {
    Statement st(*cache_, "SELECT from_id, into_id, at FROM story_merges ORDER BY seq");
    std::vector<StoryMerge> out;
    while (st.step()) out.push_back({st.int64(0), st.int64(1), st.int64(2)});
    return out;
  }

  // ---- the rewrite queue ----

  std::vector<Claim> claim_stories(const std::string& worker, std::size_t limit, UnixTime now,
                                   int lease_seconds) override {
    Transaction tx(db_);
    Statement st(*cache_,
                 "UPDATE story_queue SET lease_owner = ?1, lease_until = ?2 WHERE story_id IN"
                 " (SELECT story_id FROM story_queue WHERE lease_until <= ?3 OR lease_owner = ?1 ORDER BY queued, story_id"
                 " LIMIT ?4) RETURNING story_id, generation, queued");
    st.bind(1, worker).bind(2, now + lease_seconds).bind(3, now).bind(4, static_cast<std::int64_t>(limit));
    std::vector<std::pair<std::int64_t, Claim>> rows;
    while (st.step()) rows.push_back({st.int64(2), {st.int64(0), st.int64(1)}});
    sqlite::crash_point("claim_stories");
    tx.commit();
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second.story < b.second.story;
    });
    std::vector<Claim> out;
    for (auto& r : rows) out.push_back(r.second);
    return out;
  }

  void upsert_story(const Story& s, const Claim& claim) override { write_stories({{claim, s}}); }

  void delete_story(StoryId id, const Claim& claim) override {
    Claim c = claim;
    c.story = id;
    write_stories({{c, std::nullopt}});
  }

  void write_stories(const std::vector<StoryWrite>& writes) override {
    if (writes.empty()) return;
    Transaction tx(db_);
    fts_.clear();
    for (const StoryWrite& w : writes) {
      if (!w.story && w.sources) {  // the sources only: the text, and its search entry, as they are
        const StorySummary& s = *w.sources;
        Statement put(*cache_,
                      "UPDATE stories SET first_seen = ?, last_seen = ?, outlets = ?, rank_key = ?, rank = ?"
                      " WHERE id = ?");
        put.bind(1, s.first_seen).bind(2, s.last_seen).bind(3, static_cast<std::int64_t>(s.outlets));
        put.bind(4, s.rank_key).bind(5, encode_rank_data(s)).bind(6, w.claim.story);
        put.step();
        if (sqlite3_changes(db_) == 0)
          defer_claim(w.claim, 0);  // not stored: it stays queued, claimable now, to be written in full
        else if (w.defer_until > 0)
          defer_claim(w.claim, w.defer_until);
        else
          finish_claim(w.claim);
        continue;
      }
      const StoryId id = w.story ? w.story->id : w.claim.story;
      // The stored text: a story whose headline, standfirst and body are unchanged (only its
      // sources or ranking inputs moved) keeps its search entry as it is.
      Statement old(*cache_, "SELECT headline, standfirst, body FROM stories WHERE id = ?");
      old.bind(1, id);
      const bool exists = old.step();
      if (w.story) {
        const Story& s = *w.story;
        std::string body = body_text(s);
        const bool same_text = exists && old.text(0) == s.headline && old.text(1) == s.standfirst.text &&
                               old.text(2) == body;
        if (exists && !same_text) fts_.push_back({true, true, id, old.text(0), old.text(1), old.text(2)});
        Statement put(*cache_,
                      "INSERT INTO stories(id, event_date, standfirst, body, data, first_seen, last_seen,"
                      " score, outlets, headline, updated, rank_key, rank) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
                      " ON CONFLICT(id) DO UPDATE SET event_date = excluded.event_date,"
                      " standfirst = excluded.standfirst, body = excluded.body, data = excluded.data,"
                      " first_seen = excluded.first_seen, last_seen = excluded.last_seen, score = excluded.score,"
                      " outlets = excluded.outlets, headline = excluded.headline, updated = excluded.updated,"
                      " rank_key = excluded.rank_key, rank = excluded.rank");
        old.reset();
        put.bind(1, s.id).bind(2, s.event_date).bind(3, s.standfirst.text).bind(4, body);
        put.bind(5, encode_story_data(s)).bind(6, s.first_seen).bind(7, s.last_seen).bind(8, s.score);
        put.bind(9, static_cast<std::int64_t>(s.outlets)).bind(10, s.headline).bind(11, s.updated);
        put.bind(12, s.rank_key).bind(13, encode_rank_data(s));
        put.step();
        if (!same_text) fts_.push_back({true, false, id, s.headline, s.standfirst.text, std::move(body)});
      } else if (exists) {
        fts_.push_back({true, true, id, old.text(0), old.text(1), old.text(2)});
        old.reset();
        Statement del(*cache_, "DELETE FROM stories WHERE id = ?");
        del.bind(1, id);
        del.step();
      }
      if (w.defer_until > 0 && w.story)
        defer_claim(w.claim, w.defer_until);
      else
        finish_claim(w.claim);
    }
    bump_version();
    fts_apply();
    sqlite::crash_point("write_stories");
    tx.commit();
  }

  std::size_t queue_depth() override { return count("SELECT count(*) FROM story_queue"); }

  // ---- reading ----

  std::size_t article_count() override { return count("SELECT count(*) FROM articles"); }
  std::size_t story_count() override { return count("SELECT count(*) FROM stories"); }

  Stats stats() override {
    Stats s;
    s.articles = article_count();
    s.stories = story_count();
    s.queued = queue_depth();
    Statement last(*cache_, "SELECT COALESCE(max(id), 0) FROM articles");
    last.step();
    s.last_sequence = last.int64(0);
    s.clustered_through = counter("cluster_through");
    return s;
  }

  std::vector<StorySummary> stories_by_rank(std::size_t limit, std::size_t offset) override {
    Statement st(*cache_, std::string("SELECT ") + kSummaryColumns +
                              " FROM stories ORDER BY rank_key DESC, id LIMIT ? OFFSET ?");
    st.bind(1, static_cast<std::int64_t>(limit)).bind(2, static_cast<std::int64_t>(offset));
    std::vector<StorySummary> out;
    while (st.step()) out.push_back(read_summary(st));
    return out;
  }

  std::optional<StorySummary> story_sources(StoryId id) override {
    Statement st(*cache_, std::string("SELECT ") + kSummaryColumns + " FROM stories WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    StorySummary s = read_summary(st);
    if (!s.damaged.empty()) throw StoryDamaged(s.damaged);
    return s;
  }

  std::optional<Story> story(StoryId id) override {
    Statement st(*cache_, std::string("SELECT ") + kStoryColumns + " FROM stories WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_story(st);
  }

  std::int64_t version() override { return counter("version"); }

  std::vector<SearchHit> search(const SearchQuery& q) override {
    const std::string match = fts_query(q.text);
    std::vector<SearchHit> out;
    if (match.empty()) return out;
    ReadTransaction read(db_);
    const std::int64_t until = q.until > 0 ? q.until : std::numeric_limits<std::int64_t>::max();
    Statement stories(*cache_,
                      q.snippets ? "SELECT s.id, s.headline, s.standfirst, s.last_seen,"
                                   " snippet(stories_fts, -1, char(2), char(3), '...', 24)"
                                   " FROM stories_fts JOIN stories s ON s.id = stories_fts.rowid"
                                   " WHERE stories_fts MATCH ?1 AND s.last_seen >= ?2 AND s.last_seen <= ?3"
                                   " ORDER BY stories_fts.rank LIMIT ?4 OFFSET ?5"
                                 : "SELECT s.id, s.headline, s.standfirst, s.last_seen, ''"
                                   " FROM stories_fts JOIN stories s ON s.id = stories_fts.rowid"
                                   " WHERE stories_fts MATCH ?1 AND s.last_seen >= ?2 AND s.last_seen <= ?3"
                                   " ORDER BY stories_fts.rank LIMIT ?4 OFFSET ?5");
    stories.bind(1, match).bind(2, q.since).bind(3, until);
    stories.bind(4, static_cast<std::int64_t>(q.limit)).bind(5, static_cast<std::int64_t>(q.offset));
    if (q.outlet.empty()) {
      while (stories.step()) {
        SearchHit h;
        h.kind = SearchHit::kStory;
        h.id = h.story = stories.int64(0);
        h.title = stories.text(1).empty() ? stories.text(2) : stories.text(1);
        h.time = stories.int64(3);
        if (q.snippets) h.snippet = segments(stories.text(4));
        out.push_back(std::move(h));
      }
    }
    if (!q.articles) return out;
    // Articles: the ids first (ranked among the newest `rank_window` matches, so a common
    // word costs a bounded ranking), then each hit's row and snippet.
    const std::int64_t window = q.rank_window ? static_cast<std::int64_t>(q.rank_window) : -1;
    const bool filtered = q.since > 0 || q.until > 0 || !q.outlet.empty();
    Statement ids(*cache_,
                  filtered ? "SELECT id FROM (SELECT f.rowid AS id, f.rank AS r FROM articles_fts f JOIN articles a ON a.id = f.rowid"
                             " WHERE articles_fts MATCH ?1"
                             " AND (CASE WHEN a.published > 0 THEN a.published ELSE a.fetched END) BETWEEN ?5 AND ?6"
                             " AND (?7 = '' OR a.source = ?7 COLLATE NOCASE) ORDER BY f.rowid DESC LIMIT ?2)"
                             " ORDER BY r, id LIMIT ?3 OFFSET ?4"
                           : "SELECT id FROM (SELECT rowid AS id, rank AS r FROM articles_fts WHERE articles_fts MATCH ?1"
                             " ORDER BY rowid DESC LIMIT ?2) ORDER BY r, id LIMIT ?3 OFFSET ?4");
    ids.bind(1, match).bind(2, window);
    ids.bind(3, static_cast<std::int64_t>(q.limit)).bind(4, static_cast<std::int64_t>(q.offset));
    if (filtered) ids.bind(5, q.since).bind(6, until).bind(7, q.outlet);
    std::vector<std::int64_t> found;
    while (ids.step()) found.push_back(ids.int64(0));
    Statement arts(*cache_,
                   q.snippets ? "SELECT a.id, a.title, a.source, CASE WHEN a.published > 0 THEN a.published ELSE a.fetched END,"
                                " COALESCE(g.story_id, 0), snippet(articles_fts, 1, char(2), char(3), '...', 24)"
                                " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                                " LEFT JOIN assignments g ON g.article_id = a.id"
                                " WHERE articles_fts MATCH ?1 AND articles_fts.rowid = ?2"
                              : "SELECT a.id, a.title, a.source, CASE WHEN a.published > 0 THEN a.published ELSE a.fetched END,"
                                " COALESCE(g.story_id, 0), ''"
                                " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                                " LEFT JOIN assignments g ON g.article_id = a.id"
                                " WHERE articles_fts MATCH ?1 AND articles_fts.rowid = ?2");
    for (std::int64_t id : found) {
      arts.reset();
      arts.bind(1, match).bind(2, id);
      if (!arts.step()) continue;
      SearchHit h;
      h.kind = SearchHit::kArticle;
      h.id = arts.int64(0);
      h.title = arts.text(1);
      h.source = arts.text(2);
      h.time = arts.int64(3);
      h.story = arts.int64(4);
      if (q.snippets) h.snippet = segments(arts.text(5));
      out.push_back(std::move(h));
      while (arts.step()) {
      }
    }
    return out;
  }

  // ---- feeds ----

  bool add_feed(FeedState& f) override {
    Transaction tx(db_);
    if (f.added == 0) f.added = storyline::now();
    Statement ins(db_,
                  "INSERT INTO feeds(url, category, title, site_link, etag, last_modified, added, last_fetch,"
                  " http_status, error, next_fetch, error_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                  " ON CONFLICT(url) DO NOTHING RETURNING id");
    ins.bind(1, f.url).bind(2, f.category).bind(3, f.title).bind(4, f.site_link).bind(5, f.etag);
    ins.bind(6, f.last_modified).bind(7, f.added).bind(8, f.last_fetch);
    ins.bind(9, static_cast<std::int64_t>(f.http_status)).bind(10, f.error).bind(11, f.next_fetch);
    ins.bind(12, static_cast<std::int64_t>(f.error_count));
    bool inserted = false;
    if (ins.step()) {
      f.id = ins.int64(0);
      inserted = true;
      while (ins.step()) {
      }
    } else {
      Statement find(*cache_, "SELECT id FROM feeds WHERE url = ?");
      find.bind(1, f.url);
      if (find.step()) f.id = find.int64(0);
    }
    ins.reset();
    tx.commit();
    return inserted;
  }

  bool remove_feed(const std::string& url) override {
    Transaction tx(db_);
    Statement st(db_, "DELETE FROM feeds WHERE url = ? RETURNING id");
    st.bind(1, url);
    const bool found = st.step();
    while (found && st.step()) {
    }
    st.reset();
    tx.commit();
    return found;
  }

  std::vector<FeedState> feeds() override { return select_feeds("ORDER BY id", {}); }

  std::optional<FeedState> feed(const std::string& url) override {
    auto v = select_feeds("WHERE url = ?1", [&](Statement& st) { st.bind(1, url); });
    if (v.empty()) return std::nullopt;
    return v.front();
  }

  std::vector<FeedState> feeds_due(UnixTime now, std::size_t limit) override {
    return select_feeds("WHERE next_fetch <= ?1 ORDER BY next_fetch, id LIMIT ?2", [&](Statement& st) {
      st.bind(1, now).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max()))));
    });
  }

  bool update_feed(const FeedState& f) override {
    Transaction tx(db_);
    Statement st(db_,
                 "UPDATE feeds SET category=?, title=?, site_link=?, etag=?, last_modified=?, last_fetch=?,"
                 " http_status=?, error=?, next_fetch=?, error_count=? WHERE id = ?");
    st.bind(1, f.category).bind(2, f.title).bind(3, f.site_link).bind(4, f.etag).bind(5, f.last_modified);
    st.bind(6, f.last_fetch).bind(7, static_cast<std::int64_t>(f.http_status)).bind(8, f.error);
    st.bind(9, f.next_fetch).bind(10, static_cast<std::int64_t>(f.error_count)).bind(11, f.id);
    st.step();
    const bool found = sqlite3_changes(db_) > 0;
    st.reset();
    tx.commit();
    return found;
  }

  bool move_feed(std::int64_t id, const std::string& new_url) override {
    Transaction tx(db_);
    Statement get(*cache_, "SELECT url FROM feeds WHERE id = ?");
    get.bind(1, id);
    if (!get.step()) return false;
    const std::string old_url = get.text(0);
    get.reset();
    if (old_url == new_url) return true;
    Statement taken(*cache_, "SELECT 1 FROM feeds WHERE url = ?");
    taken.bind(1, new_url);
    if (taken.step()) return false;
    Statement feed(*cache_, "UPDATE feeds SET url = ? WHERE id = ?");
    feed.bind(1, new_url).bind(2, id);
    feed.step();
    // Articles of a feed once subscribed at new_url keep theirs where the item is the same
    // ((origin, item_key) is unique): OR IGNORE leaves those rows as they are.
    Statement arts(*cache_, "UPDATE OR IGNORE articles SET origin = ?1 WHERE origin = ?2 AND item_key <> ''");
    arts.bind(1, new_url).bind(2, old_url);
    arts.step();
    Statement tombs(*cache_, "UPDATE tombstones SET origin = ?1 WHERE origin = ?2 AND item_key <> ''");
    tombs.bind(1, new_url).bind(2, old_url);
    tombs.step();
    sqlite::crash_point("move_feed");
    tx.commit();
    return true;
  }

  std::vector<SeenItem> seen_items(std::int64_t feed_id, const std::vector<std::string>& keys) override {
    std::vector<SeenItem> out;
    Statement st(*cache_,
                 "SELECT content_hash, article_id, last_seen FROM feed_items WHERE feed_id = ? AND item_key = ?");
    for (const std::string& k : keys) {
      st.bind(1, feed_id).bind(2, k);
      if (st.step()) out.push_back({k, st.int64(0), st.int64(1), st.int64(2)});
      st.reset();
    }
    return out;
  }

  void record_seen(std::int64_t feed_id, const std::vector<SeenItem>& items, UnixTime now) override {
    Transaction tx(db_);
    Statement st(db_,
                 "INSERT INTO feed_items(feed_id, item_key, content_hash, article_id, first_seen, last_seen)"
                 " SELECT ?1, ?2, ?3, ?4, ?5, ?5 WHERE EXISTS (SELECT 1 FROM feeds WHERE id = ?1)"
                 " ON CONFLICT(feed_id, item_key) DO UPDATE SET content_hash = excluded.content_hash,"
                 " article_id = excluded.article_id, last_seen = excluded.last_seen");
    for (const SeenItem& it : items) {
      st.bind(1, feed_id).bind(2, it.key).bind(3, it.content_hash).bind(4, it.article).bind(5, now);
      st.step();
      st.reset();
    }
    tx.commit();
  }

  std::size_t forget_seen_items(std::int64_t unseen_for) override {
    if (unseen_for <= 0) return 0;
    Transaction tx(db_);
    // Feed by feed (the newest sighting of each first): each step reads one feed's rows by
    // the primary key's prefix, where a correlated max() per row would read them per row.
    Statement feeds(*cache_, "SELECT feed_id, max(last_seen) FROM feed_items GROUP BY feed_id");
    std::vector<std::pair<std::int64_t, UnixTime>> newest;
    while (feeds.step()) newest.emplace_back(feeds.int64(0), feeds.int64(1));
    Statement del(*cache_, "DELETE FROM feed_items WHERE feed_id = ? AND last_seen < ?");
    std::size_t n = 0;
    for (const auto& [feed, t] : newest) {
      if (t - unseen_for <= 0) continue;
      del.bind(1, feed).bind(2, t - unseen_for);
      del.step();
      n += static_cast<std::size_t>(sqlite3_changes(db_));
      del.reset();
    }
    sqlite::crash_point("forget_seen_items");
    tx.commit();
    return n;
  }

  void record_fetches(std::vector<FeedFetch>& fetches, UnixTime now) override {
    Transaction tx(db_);  // the calls below join it
    // The index changes of every feed's articles go in last, once: FTS5 writes its pending
    // terms out as a segment at every later statement's savepoint, so applying them per feed
    // made a small segment (and soon a merge) for every feed.
    fts_.clear();
    for (FeedFetch& f : fetches) {
      f.results.clear();
      if (!update_feed(f.state)) continue;
      if (!f.articles.empty()) f.results = insert_articles(f.articles);
      for (std::size_t i = 0; i < f.results.size() && i < f.seen.size(); ++i)
        f.seen[i].article = f.results[i].status == AddResult::kRefused ? 0 : f.results[i].id;
      if (!f.seen.empty()) record_seen(f.state.id, f.seen, now);
    }
    fts_apply();
    sqlite::crash_point("record_fetches");
    tx.commit();
  }

  // ---- roles ----

  std::unique_ptr<Lock> try_lock_engine(std::string& holder) override {
    if (path_ == ":memory:") return std::make_unique<Lock>();
    const std::string lock_path = path_ + ".lock";
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw StoreUnavailable("cannot open " + lock_path);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char buf[64] = {};
      const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
      holder = n > 0 ? "pid " + std::string(buf, static_cast<std::size_t>(n)) : "another process";
      while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
      close(fd);
      return nullptr;
    }
    const std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd, 0) == 0) (void)!pwrite(fd, pid.data(), pid.size(), 0);
    return std::make_unique<FileLock>(fd);
  }

  std::unique_ptr<Store> reader() override {
    if (path_ == ":memory:") return nullptr;
    return std::make_unique<SqliteStore>(path_);
  }

 private:
  std::vector<FeedState> select_feeds(const std::string& where, const std::function<void(Statement&)>& bind) {
    Statement st(*cache_,
                 "SELECT id, url, category, title, site_link, etag, last_modified, added, last_fetch, http_status,"
                 " error, next_fetch, error_count, (SELECT count(*) FROM feed_items i WHERE i.feed_id = feeds.id)"
                 " FROM feeds " + where);
    if (bind) bind(st);
    std::vector<FeedState> out;
    while (st.step()) {
      FeedState f;
      f.id = st.int64(0);
      f.url = st.text(1);
      f.category = st.text(2);
      f.title = st.text(3);
      f.site_link = st.text(4);
      f.etag = st.text(5);
      f.last_modified = st.text(6);
      f.added = st.int64(7);
      f.last_fetch = st.int64(8);
      f.http_status = static_cast<int>(st.int64(9));
      f.error = st.text(10);
      f.next_fetch = st.int64(11);
      f.error_count = static_cast<int>(st.int64(12));
      f.item_count = st.int64(13);
      out.push_back(std::move(f));
    }
    return out;
  }

  std::size_t count(const char* sql) {
    Statement st(*cache_, sql);
    st.step();
    return static_cast<std::size_t>(st.int64(0));
  }

  std::int64_t counter(const char* name) {
    Statement st(*cache_, "SELECT value FROM counters WHERE name = ?");
    st.bind(1, std::string_view(name));
    return st.step() ? st.int64(0) : 0;
  }
  void set_counter(const char* name, std::int64_t v) {
    Statement st(*cache_, "INSERT INTO counters(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = ?2");
    st.bind(1, std::string_view(name)).bind(2, v);
    st.step();
  }
  std::string setting(const char* name) {
    Statement st(*cache_, "SELECT value FROM settings WHERE name = ?");
    st.bind(1, std::string_view(name));
    return st.step() ? st.text(0) : std::string();
  }
  void set_setting(const char* name, const std::string& v) {
    Statement st(*cache_, "INSERT INTO settings(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = ?2");
    st.bind(1, std::string_view(name)).bind(2, v);
    st.step();
  }
  void bump_version() { exec(db_, "UPDATE counters SET value = value + 1 WHERE name = 'version'"); }

  std::int64_t max_ord() {
    Statement st(*cache_, "SELECT COALESCE(max(ord), 0) FROM assignments");
    st.step();
    return st.int64(0);
  }

  // Queues a story for rewrite (again: its generation moves on, so a writer holding an
  // older claim leaves it queued). Inside a transaction.
  void queue_story(StoryId id) {
    Statement seq(*cache_, "UPDATE counters SET value = value + 1 WHERE name = 'queue_seq' RETURNING value");
    seq.step();
    const std::int64_t queued = seq.int64(0);
    while (seq.step()) {
    }
    // (A story deferred by its writer, leased to no one, is claimable again at once.)
    Statement st(*cache_,
                 "INSERT INTO story_queue(story_id, generation, queued) VALUES (?1, 1, ?2)"
                 " ON CONFLICT(story_id) DO UPDATE SET generation = generation + 1,"
                 " lease_until = CASE WHEN lease_owner = '' THEN 0 ELSE lease_until END");
    st.bind(1, id).bind(2, queued);
    st.step();
  }

  std::optional<StoryId> story_of(ArticleId id) {
    Statement st(*cache_, "SELECT story_id FROM assignments WHERE article_id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return st.int64(0);
  }

  // Deletes an article with its assignment; its story is queued (deleted when left empty).
  void drop_article(ArticleId id) {
    const auto story = story_of(id);
    Statement da(*cache_, "DELETE FROM assignments WHERE article_id = ?");
    da.bind(1, id);
    da.step();
    fts_remove_article(id);
    Statement del(*cache_, "DELETE FROM articles WHERE id = ?");
    del.bind(1, id);
    del.step();
    if (!story) return;
    Statement left(*cache_, "SELECT count(*) FROM assignments WHERE story_id = ?");
    left.bind(1, *story);
    left.step();
    if (left.int64(0) > 0) {
      queue_story(*story);
      return;
    }
    fts_remove_story(*story);
    Statement ds(*cache_, "DELETE FROM stories WHERE id = ?");
    ds.bind(1, *story);
    ds.step();
    Statement dq(*cache_, "DELETE FROM story_queue WHERE story_id = ?");
    dq.bind(1, *story);
    dq.step();
  }

  void apply_merge(const StoryMerge& m) {
    Statement mv(*cache_, "UPDATE assignments SET story_id = ? WHERE story_id = ?");
    mv.bind(1, m.into).bind(2, m.from);
    mv.step();
    Statement ev(*cache_, "INSERT INTO story_merges(from_id, into_id, at) VALUES (?,?,?)");
    ev.bind(1, m.from).bind(2, m.into).bind(3, m.at);
    ev.step();
    fts_remove_story(m.from);
    Statement ds(*cache_, "DELETE FROM stories WHERE id = ?");
    ds.bind(1, m.from);
    ds.step();
    Statement dq(*cache_, "DELETE FROM story_queue WHERE story_id = ?");
    dq.bind(1, m.from);
    dq.step();
    queue_story(m.into);
  }

  // Takes a claim off the queue unless the story was queued again since; then it is
  // released (lease cleared) to be claimed again. Inside a transaction.
  void finish_claim(const Claim& c) {
    Statement done(*cache_, "DELETE FROM story_queue WHERE story_id = ? AND generation = ?");
    done.bind(1, c.story).bind(2, c.generation);
    done.step();
    if (sqlite3_changes(db_) > 0) return;
    Statement rel(*cache_, "UPDATE story_queue SET lease_owner = '', lease_until = 0 WHERE story_id = ?");
    rel.bind(1, c.story);
    rel.step();
  }

  // ---- the full-text indexes ----
  // The write paths keep the FTS5 indexes themselves (no triggers: schema v6). A trigger
  // makes every statement that fires it open a savepoint, and FTS5 writes its pending terms
  // out as a new index segment at every savepoint: one tiny segment, and soon a merge, per
  // row written. Instead each write transaction queues its index changes in `fts_` and
  // applies them last (fts_apply) with single-row statements that open no savepoint, in
  // rowid order, so FTS5 writes the transaction's terms once, when it commits.
  struct FtsChange {
    bool story = false;   // stories_fts (else articles_fts)
    bool remove = false;  // remove the entry of these stored values (else add it)
    std::int64_t rowid = 0;
    std::string a, b, c;  // article: title, body; story: headline, standfirst, body
  };
  std::vector<FtsChange> fts_;

  // Queues the removal of an article's (or story's) entry, as stored now (none: nothing).
  void fts_remove_article(ArticleId id) {
    Statement st(*cache_, "SELECT title, body FROM articles WHERE id = ?");
    st.bind(1, id);
    if (st.step()) fts_.push_back({false, true, id, st.text(0), st.text(1), {}});
  }
  void fts_remove_story(StoryId id) {
    Statement st(*cache_, "SELECT headline, standfirst, body FROM stories WHERE id = ?");
    st.bind(1, id);
    if (st.step()) fts_.push_back({true, true, id, st.text(0), st.text(1), st.text(2)});
  }

  // Applies the queued index changes (the last statements of a write transaction) by table
  // and rowid, each row's changes in the order made: FTS5 keeps a transaction's pending terms
  // in memory only while rowids come in increasing order, and writes them out (a segment)
  // whenever a smaller rowid comes.
  void fts_apply() {
    std::stable_sort(fts_.begin(), fts_.end(), [](const FtsChange& x, const FtsChange& y) {
      return x.story != y.story ? x.story < y.story : x.rowid < y.rowid;
    });
    for (const FtsChange& c : fts_) {
      if (c.story) {
        Statement st(*cache_, c.remove ? "INSERT INTO stories_fts(stories_fts, rowid, headline, standfirst, body)"
                                         " VALUES ('delete', ?, ?, ?, ?)"
                                       : "INSERT INTO stories_fts(rowid, headline, standfirst, body) VALUES (?, ?, ?, ?)");
        st.bind(1, c.rowid).bind(2, c.a).bind(3, c.b).bind(4, c.c);
        st.step();
      } else {
        Statement st(*cache_, c.remove ? "INSERT INTO articles_fts(articles_fts, rowid, title, body)"
                                         " VALUES ('delete', ?, ?, ?)"
                                       : "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)");
        st.bind(1, c.rowid).bind(2, c.a).bind(3, c.b);
        st.step();
      }
    }
    fts_.clear();
  }

  // Keeps a claimed story queued, leased to no one until `until` (see StoryWrite::defer_until);
  // one queued again since the claim is released at once. Inside a transaction.
  void defer_claim(const Claim& c, UnixTime until) {
    Statement st(*cache_,
                 "UPDATE story_queue SET lease_owner = '',"
                 " lease_until = CASE WHEN generation = ?2 THEN ?3 ELSE 0 END WHERE story_id = ?1");
    st.bind(1, c.story).bind(2, c.generation).bind(3, until);
    st.step();
  }

  void migrate() {
    const auto& steps = sqlite::migrations();
    int version = schema_version();
    if (version > static_cast<int>(steps.size()))
      throw StoreIncompatible(path_ + ": schema version " + std::to_string(version) +
                              " is newer than this storyline (" + std::to_string(steps.size()) +
                              "): open it with the release that wrote it");
    while (version < static_cast<int>(steps.size())) {
      Transaction tx(db_);
      // Read again under the write lock: another process opening the same old store may
      // have run this step since (each step runs once).
      version = schema_version();
      if (version >= static_cast<int>(steps.size())) break;
      exec(db_, steps[static_cast<size_t>(version)]);
      exec(db_, ("PRAGMA user_version = " + std::to_string(version + 1)).c_str());
      tx.commit();
      ++version;
    }
  }

  // Switching a file out of rollback mode (a new store, or one an old release wrote) takes
  // it for a moment alone, and SQLite answers SQLITE_BUSY at once, without the busy handler,
  // when another connection opens it meanwhile (six processes opening one new store: about 1
  // in 8 runs lost one). So the switch is retried, every 10 ms for up to the busy timeout.
  void enter_wal_mode() {
    constexpr int kRetryMs = 10;
    for (int waited = 0; waited < kBusyTimeoutMs; waited += kRetryMs) {
      const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
      if (rc == SQLITE_OK) return;
      if ((rc & 0xff) != SQLITE_BUSY) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(kRetryMs));
    }
    exec(db_, "PRAGMA journal_mode=WAL");  // once more: its error, if any, is the one reported
  }

  // Schema version 0 is a new file, or a database another program wrote: never add our
  // tables (or WAL mode) to someone else's data. One statement, so one snapshot: a store
  // that another storyline is creating right now reads as either empty or version 1.
  void refuse_foreign_database() {
    Statement st(db_,
                 "SELECT (SELECT user_version FROM pragma_user_version), name FROM sqlite_master "
                 "WHERE type IN ('table','view') LIMIT 4");
    std::string tables;
    while (st.step()) {
      if (st.int64(0) != 0) return;
      tables += (tables.empty() ? "" : ", ") + st.text(1);
    }
    if (!tables.empty())
      throw StoreIncompatible(path_ + " is another program's database (it holds " + tables +
                              "), not a storyline store: give --db a new file");
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  // Reset explicitly before sqlite3_close.
  std::unique_ptr<sqlite::StatementCache> cache_;
};

}  // namespace

std::unique_ptr<Store> open(const std::string& location) {
  return std::make_unique<SqliteStore>(location, 64);
}

int latest_schema_version() { return static_cast<int>(sqlite::migrations().size()); }

}  // namespace storyline::store
