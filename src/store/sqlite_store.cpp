// The embedded SQLite backend of Store.
#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/store.h"
#include "store/story_codec.h"
#include "text/text.h"

namespace storyline::store {
namespace {

using sqlite::exec;
using sqlite::Statement;
using sqlite::Transaction;

constexpr const char* kArticleColumns =
    "id, url, source, title, body, author, language, published, fetched, origin, utc_offset";

Article read_article(const Statement& st) {
  Article a;
  a.id = st.int64(0);
  a.url = st.text(1);
  a.source = st.text(2);
  a.title = st.text(3);
  a.text = st.text(4);
  a.author = st.text(5);
  a.language = st.text(6);
  a.published = st.int64(7);
  a.fetched = st.int64(8);
  a.origin = st.text(9);
  a.utc_offset = static_cast<int>(st.int64(10));
  return a;
}

constexpr const char* kStoryColumns =
    "id, event_date, data, first_seen, last_seen, score, outlets";

Story read_story(const Statement& st) {
  Story s;
  s.id = st.int64(0);
  s.event_date = st.text(1);
  decode_story_data(st.text(2), s);
  s.first_seen = st.int64(3);
  s.last_seen = st.int64(4);
  s.score = st.real(5);
  s.outlets = static_cast<int>(st.int64(6));
  return s;
}

// article_id, story_id, similarity, new_story, duplicate_of
Assignment read_assignment(const Statement& st) {
  Assignment a;
  a.article = st.int64(0);
  a.story = st.int64(1);
  a.similarity = st.real(2);
  a.new_story = st.int64(3) != 0;
  a.duplicate_of = st.int64(4);
  return a;
}

// Identity of an article's content: the same URL with the same text is the same article.
std::int64_t content_hash(const Article& a) {
  std::string key = a.url;
  key.push_back('\0');
  key += a.title;
  key.push_back('\0');
  key += a.text;
  return static_cast<std::int64_t>(text::hash64(key));
}

// Turns free text into a safe FTS5 query: each word quoted, words ANDed.
std::string fts_query(const std::string& q) {
  std::string out;
  for (const auto& t : text::tokenize(q)) {
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

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_FULLMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError("cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    try {
      exec(db_, "PRAGMA foreign_keys=ON");
      if (path != ":memory:") exec(db_, "PRAGMA journal_mode=WAL");
      // FULL: a transaction reported committed survives power loss too, not only a crash.
      exec(db_, "PRAGMA synchronous=FULL");
      migrate();
    } catch (const StoreError& e) {
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError("cannot open " + path + ": " + e.what());
    }
  }

  ~SqliteStore() override { sqlite3_close(db_); }

  int schema_version() override {
    Statement st(db_, "PRAGMA user_version");
    st.step();
    return static_cast<int>(st.int64(0));
  }

  std::vector<AddResult> add_articles(std::vector<Article>& articles) override {
    std::vector<AddResult> out;
    out.reserve(articles.size());
    Transaction tx(db_);
    Statement ins(db_,
                  "INSERT INTO articles(url, source, title, body, author, language, published,"
                  " fetched, origin, content_hash, utc_offset) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                  " ON CONFLICT(content_hash) DO NOTHING RETURNING id");
    Statement find(db_, "SELECT id FROM articles WHERE content_hash = ?");
    for (Article& a : articles) {
      const std::int64_t h = content_hash(a);
      ins.bind(1, a.url).bind(2, a.source).bind(3, a.title).bind(4, a.text).bind(5, a.author);
      ins.bind(6, a.language).bind(7, a.published).bind(8, a.fetched).bind(9, a.origin);
      ins.bind(10, h).bind(11, static_cast<std::int64_t>(a.utc_offset));
      AddResult r;
      if (ins.step()) {
        r.id = ins.int64(0);
        r.inserted = true;
        while (ins.step()) {
        }
      } else {
        find.bind(1, h);
        if (find.step()) r.id = find.int64(0);
        find.reset();
      }
      ins.reset();
      a.id = r.id;
      out.push_back(r);
    }
    tx.commit();
    return out;
  }

  std::size_t article_count() override { return count("SELECT count(*) FROM articles"); }

  std::vector<Article> all_articles() override {
    Statement st(db_, std::string("SELECT ") + kArticleColumns +
                          " FROM articles ORDER BY published, id");
    std::vector<Article> out;
    while (st.step()) out.push_back(read_article(st));
    return out;
  }

  std::optional<Article> article(ArticleId id) override {
    Statement st(db_, std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_article(st);
  }

  std::vector<Article> articles(const std::vector<ArticleId>& ids) override {
    Statement st(db_, std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = ?");
    std::vector<Article> out;
    for (ArticleId id : ids) {
      st.bind(1, id);
      if (st.step()) out.push_back(read_article(st));
      st.reset();
    }
    return out;
  }

  void replace_stories(const std::vector<Story>& stories, const std::vector<Assignment>& assignments,
                       std::optional<StoryId> expected_last_story_id) override {
    Transaction tx(db_);
    if (expected_last_story_id && last_story_id() != *expected_last_story_id)
      throw StoreError("stories were written by another digest meanwhile (story ids moved from " +
                       std::to_string(*expected_last_story_id) + " to " + std::to_string(last_story_id()) +
                       "); nothing was written: run digest again");
    exec(db_, "DELETE FROM assignments; DELETE FROM stories;");
    Statement ins(db_,
                  "INSERT INTO stories(id, event_date, standfirst, body, data, first_seen,"
                  " last_seen, score, outlets) VALUES (?,?,?,?,?,?,?,?,?)");
    for (const Story& s : stories) {
      std::string body;
      for (const auto& sent : s.body) {
        if (!body.empty()) body.push_back(' ');
        body += sent.text;
      }
      ins.bind(1, s.id).bind(2, s.event_date).bind(3, s.standfirst.text).bind(4, body);
      ins.bind(5, encode_story_data(s)).bind(6, s.first_seen).bind(7, s.last_seen);
      ins.bind(8, s.score).bind(9, static_cast<std::int64_t>(s.outlets));
      ins.step();
      ins.reset();
    }
    Statement asg(db_,
                  "INSERT OR REPLACE INTO assignments(article_id, story_id, similarity, new_story,"
                  " duplicate_of) VALUES (?,?,?,?,?)");
    for (const Assignment& a : assignments) {
      asg.bind(1, a.article).bind(2, a.story).bind(3, a.similarity);
      asg.bind(4, static_cast<std::int64_t>(a.new_story)).bind(5, a.duplicate_of);
      asg.step();
      asg.reset();
    }
    StoryId top = 0;
    for (const Story& st : stories) top = std::max(top, st.id);
    for (const Assignment& a : assignments) top = std::max(top, a.story);
    Statement hw(db_, "UPDATE counters SET value = max(value, ?) WHERE name = 'last_story_id'");
    hw.bind(1, top);
    hw.step();
    tx.commit();
  }

  std::vector<Assignment> all_assignments() override {
    Statement st(db_,
                 "SELECT article_id, story_id, similarity, new_story, duplicate_of FROM assignments"
                 " ORDER BY article_id");
    std::vector<Assignment> out;
    while (st.step()) out.push_back(read_assignment(st));
    return out;
  }

  StoryId last_story_id() override {
    Statement st(db_, "SELECT value FROM counters WHERE name = 'last_story_id'");
    return st.step() ? st.int64(0) : 0;
  }

  std::size_t story_count() override { return count("SELECT count(*) FROM stories"); }

  std::vector<Story> top_stories(std::size_t limit, std::size_t offset) override {
    Statement st(db_, std::string("SELECT ") + kStoryColumns +
                          " FROM stories ORDER BY score DESC, id LIMIT ? OFFSET ?");
    st.bind(1, static_cast<std::int64_t>(limit)).bind(2, static_cast<std::int64_t>(offset));
    std::vector<Story> out;
    while (st.step()) out.push_back(read_story(st));
    return out;
  }

  std::optional<Story> story(StoryId id) override {
    Statement st(db_, std::string("SELECT ") + kStoryColumns + " FROM stories WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_story(st);
  }

  std::vector<Assignment> assignments(StoryId story) override {
    Statement st(db_,
                 "SELECT article_id, story_id, similarity, new_story, duplicate_of FROM assignments"
                 " WHERE story_id = ? ORDER BY article_id");
    st.bind(1, story);
    std::vector<Assignment> out;
    while (st.step()) out.push_back(read_assignment(st));
    return out;
  }

  std::vector<SearchHit> search(const std::string& query, std::size_t limit) override {
    const std::string q = fts_query(query);
    std::vector<SearchHit> out;
    if (q.empty()) return out;
    Statement stories(db_,
                      "SELECT rowid, standfirst, snippet(stories_fts, 1, char(2), char(3), '...', 24)"
                      " FROM stories_fts WHERE stories_fts MATCH ? ORDER BY rank LIMIT ?");
    stories.bind(1, q).bind(2, static_cast<std::int64_t>(limit));
    while (stories.step())
      out.push_back({SearchHit::kStory, stories.int64(0), stories.text(1), stories.text(2)});
    Statement arts(db_,
                   "SELECT rowid, title, snippet(articles_fts, 1, char(2), char(3), '...', 24)"
                   " FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?");
    arts.bind(1, q).bind(2, static_cast<std::int64_t>(limit));
    while (arts.step())
      out.push_back({SearchHit::kArticle, arts.int64(0), arts.text(1), arts.text(2)});
    return out;
  }

 private:
  std::size_t count(const char* sql) {
    Statement st(db_, sql);
    st.step();
    return static_cast<std::size_t>(st.int64(0));
  }

  void migrate() {
    const auto& steps = sqlite::migrations();
    int version = schema_version();
    if (version > static_cast<int>(steps.size()))
      throw StoreError("schema version " + std::to_string(version) +
                       " is newer than this storyline (" + std::to_string(steps.size()) + ")");
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

  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Store> open(const std::string& location) {
  return std::make_unique<SqliteStore>(location);
}

int latest_schema_version() { return static_cast<int>(sqlite::migrations().size()); }

}  // namespace storyline::store
