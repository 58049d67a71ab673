// store: durable storage of articles, cluster assignments and written stories.
// The embedded backend is SQLite (WAL, synchronous=FULL, versioned migrations,
// FTS5 search). Store is an interface so a PostgreSQL backend can replace it.
// Every write runs in a transaction: what a call reported as done survives a crash.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/model.h"

namespace storyline::store {

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct AddResult {
  ArticleId id = 0;
  bool inserted = false;  // false: an identical article (same url and text) was already stored
};

struct SearchHit {
  enum Kind { kArticle, kStory } kind = kArticle;
  std::int64_t id = 0;
  std::string title;    // article title or story standfirst
  std::string snippet;  // matched text, each hit between \x02 and \x03; not HTML-escaped
};

class Store {
 public:
  virtual ~Store() = default;

  // Schema version after migrations.
  virtual int schema_version() = 0;

  // Adds articles in one transaction; on return they are durable.
  virtual std::vector<AddResult> add_articles(std::vector<Article>& articles) = 0;
  virtual std::size_t article_count() = 0;
  // All articles ordered by (published, id).
  virtual std::vector<Article> all_articles() = 0;
  virtual std::optional<Article> article(ArticleId id) = 0;
  virtual std::vector<Article> articles(const std::vector<ArticleId>& ids) = 0;

  // Replaces all stories and assignments in one transaction, and raises the highest
  // story id ever stored (last_story_id) to the largest id among them. With
  // `expected_last_story_id` (what last_story_id() said when the caller read the store),
  // throws StoreError and writes nothing when it has changed since: another digest
  // handed out ids meanwhile, and the caller's new ids could name its stories.
  virtual void replace_stories(const std::vector<Story>& stories, const std::vector<Assignment>& assignments,
                               std::optional<StoryId> expected_last_story_id = std::nullopt) = 0;
  // Every stored assignment (one per clustered article), by article id.
  virtual std::vector<Assignment> all_assignments() = 0;
  // The highest story id ever stored (0 when none): new stories get ids above it.
  virtual StoryId last_story_id() = 0;
  virtual std::size_t story_count() = 0;
  // Stories by score, best first.
  virtual std::vector<Story> top_stories(std::size_t limit, std::size_t offset = 0) = 0;
  virtual std::optional<Story> story(StoryId id) = 0;
  virtual std::vector<Assignment> assignments(StoryId story) = 0;

  // Full-text search over articles and stories (FTS5 query syntax, words are ANDed).
  virtual std::vector<SearchHit> search(const std::string& query, std::size_t limit) = 0;
};

// Opens (creating and migrating as needed) the store at `location`: a SQLite file
// path, or ":memory:". Throws StoreError with the reason on failure.
std::unique_ptr<Store> open(const std::string& location);

// Current schema version of the SQLite backend.
int latest_schema_version();

}  // namespace storyline::store
