// Versioned schema of the SQLite store. Each entry moves the schema one version up;
// entries are never edited once released, only appended.
#include "store/migrations.h"

namespace storyline::store::sqlite {

const std::vector<const char*>& migrations() {
  static const std::vector<const char*> kMigrations = {
      // v1: articles, stories, assignments, full-text indexes.
      R"sql(
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  published INTEGER NOT NULL DEFAULT 0,
  fetched INTEGER NOT NULL DEFAULT 0,
  origin TEXT NOT NULL DEFAULT '',
  content_hash INTEGER NOT NULL UNIQUE
);
CREATE INDEX articles_published ON articles(published, id);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', content_rowid='id');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TABLE stories(
  id INTEGER PRIMARY KEY,
  event_date TEXT NOT NULL,
  standfirst TEXT NOT NULL,
  body TEXT NOT NULL,
  data TEXT NOT NULL,
  first_seen INTEGER NOT NULL DEFAULT 0,
  last_seen INTEGER NOT NULL DEFAULT 0,
  score REAL NOT NULL DEFAULT 0,
  outlets INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stories_score ON stories(score DESC, id);
CREATE VIRTUAL TABLE stories_fts USING fts5(standfirst, body, content='stories', content_rowid='id');
CREATE TRIGGER stories_ai AFTER INSERT ON stories BEGIN
  INSERT INTO stories_fts(rowid, standfirst, body) VALUES (new.id, new.standfirst, new.body);
END;
CREATE TRIGGER stories_ad AFTER DELETE ON stories BEGIN
  INSERT INTO stories_fts(stories_fts, rowid, standfirst, body) VALUES ('delete', old.id, old.standfirst, old.body);
END;

CREATE TABLE assignments(
  article_id INTEGER PRIMARY KEY REFERENCES articles(id),
  story_id INTEGER NOT NULL,
  similarity REAL NOT NULL DEFAULT 0,
  new_story INTEGER NOT NULL DEFAULT 0,
  duplicate_of INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX assignments_story ON assignments(story_id);
)sql",
      // v2: the UTC offset a source gave with its publication time (its local day).
      R"sql(
ALTER TABLE articles ADD COLUMN utc_offset INTEGER NOT NULL DEFAULT 0;
)sql",
      // v3: the highest story id ever handed out, so that an id that went away (its
      // story merged into another) is never given to a different story.
      R"sql(
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO counters(name, value)
  VALUES ('last_story_id', max(COALESCE((SELECT max(story_id) FROM assignments), 0),
                               COALESCE((SELECT max(id) FROM stories), 0)));
)sql",
      // v4: the live engine. Articles carry their item identity at their origin (feeds); the
      // clustering is a log in clustering order (`ord`) that a restarted engine replays;
      // merges are kept; stories carry a headline, ranking inputs and a time-independent
      // rank key; a queue of stories to rewrite, leased to writers; tombstones of removed
      // articles; the search index covers headlines.
      R"sql(
ALTER TABLE articles ADD COLUMN item_key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX articles_item ON articles(origin, item_key) WHERE item_key <> '';
CREATE INDEX articles_url ON articles(url);
ALTER TABLE assignments ADD COLUMN ord INTEGER NOT NULL DEFAULT 0;
UPDATE assignments SET ord = r.n FROM (SELECT a.article_id AS id,
  row_number() OVER (ORDER BY x.published, a.article_id) AS n
  FROM assignments a JOIN articles x ON x.id = a.article_id) AS r WHERE assignments.article_id = r.id;
CREATE INDEX assignments_ord ON assignments(ord);
ALTER TABLE stories ADD COLUMN headline TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN rank_key REAL NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN rank TEXT NOT NULL DEFAULT '{}';
CREATE INDEX stories_rank ON stories(rank_key DESC, id);
DROP TRIGGER stories_ai;
DROP TRIGGER stories_ad;
DROP TABLE stories_fts;
CREATE VIRTUAL TABLE stories_fts USING fts5(headline, standfirst, body, content='stories', content_rowid='id');
INSERT INTO stories_fts(stories_fts) VALUES ('rebuild');
CREATE TRIGGER stories_ai AFTER INSERT ON stories BEGIN
  INSERT INTO stories_fts(rowid, headline, standfirst, body) VALUES (new.id, new.headline, new.standfirst, new.body);
END;
CREATE TRIGGER stories_ad AFTER DELETE ON stories BEGIN
  INSERT INTO stories_fts(stories_fts, rowid, headline, standfirst, body)
    VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
END;
CREATE TABLE story_merges(seq INTEGER PRIMARY KEY, from_id INTEGER NOT NULL, into_id INTEGER NOT NULL,
  at INTEGER NOT NULL DEFAULT 0);
CREATE INDEX story_merges_from ON story_merges(from_id);
CREATE TABLE story_queue(story_id INTEGER PRIMARY KEY, generation INTEGER NOT NULL DEFAULT 1,
  queued INTEGER NOT NULL, lease_owner TEXT NOT NULL DEFAULT '', lease_until INTEGER NOT NULL DEFAULT 0);
CREATE INDEX story_queue_order ON story_queue(lease_until, queued);
CREATE TABLE tombstones(id INTEGER PRIMARY KEY, content_hash INTEGER NOT NULL, url TEXT NOT NULL,
  origin TEXT NOT NULL, item_key TEXT NOT NULL, removed_at INTEGER NOT NULL);
CREATE INDEX tombstones_hash ON tombstones(content_hash);
CREATE INDEX tombstones_item ON tombstones(origin, item_key) WHERE item_key <> '';
CREATE TABLE settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO counters(name, value) VALUES ('version', 1), ('queue_seq', 0),
  ('cluster_through', COALESCE((SELECT max(article_id) FROM assignments), 0));
INSERT INTO story_queue(story_id, generation, queued) SELECT id, 1, id FROM stories;
)sql",
      // v5: the crawler's feeds and the items seen in each (see store.h FeedState, SeenItem).
      R"sql(
CREATE TABLE feeds(
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  category TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  site_link TEXT NOT NULL DEFAULT '',
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  added INTEGER NOT NULL DEFAULT 0,
  last_fetch INTEGER NOT NULL DEFAULT 0,
  http_status INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  next_fetch INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feeds_due ON feeds(next_fetch, id);
CREATE TABLE feed_items(
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  item_key TEXT NOT NULL,
  content_hash INTEGER NOT NULL,
  article_id INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL DEFAULT 0,
  last_seen INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(feed_id, item_key)
) WITHOUT ROWID;
)sql",
      // v6: the full-text indexes are kept by the store's write paths, not by triggers (a
      // trigger's savepoint made FTS5 write one index segment per row: see sqlite_store.cpp);
      // the engine's latest snapshot of the clusterer's state.
      R"sql(
CREATE TABLE engine_snapshot(id INTEGER PRIMARY KEY CHECK (id = 1), log_position INTEGER NOT NULL,
  through INTEGER NOT NULL, settings TEXT NOT NULL, data BLOB NOT NULL);
DROP TRIGGER articles_ai;
DROP TRIGGER articles_ad;
DROP TRIGGER articles_au;
DROP TRIGGER stories_ai;
DROP TRIGGER stories_ad;
)sql",
      // v7: the full-text indexes merge 16 segments of a level at a time instead of FTS5's 4:
      // an index of every article ever stored grows without end, and with 4 each row's terms
      // were written again at twice as many levels (the cost of adding an article grew with
      // the store: docs/benchmarks.md, eleventh round); a search reads a few more segments.
      R"sql(
INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16);
INSERT INTO stories_fts(stories_fts, rank) VALUES ('automerge', 16);
)sql",
      // v8: a story's members (Store::assignments, read for every story the engine writes) come
      // in order from one index that holds every column read: no look-up of each member's row
      // and no sort (a story of 50+ members: 181 -> 53 us on a store of 200k articles).
      R"sql(
CREATE INDEX assignments_story_members ON assignments(story_id, ord, article_id, similarity, new_story,
  duplicate_of);
DROP INDEX assignments_story;
)sql",
  };
  return kMigrations;
}

}  // namespace storyline::store::sqlite
