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
  };
  return kMigrations;
}

}  // namespace storyline::store::sqlite
