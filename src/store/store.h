// store: durable storage of articles, cluster assignments, written stories and the queue
// of stories to rewrite, for a live engine that works incrementally.
//
// The embedded backend is SQLite (WAL, synchronous=FULL, versioned migrations, full-text
// search); a PostgreSQL backend implements the same interface next, so nothing here
// assumes one process or SQLite:
//   - articles are read after a cursor (Article::seq, increasing in commit order), never
//     "all articles" on a hot path;
//   - the clusterer records each batch of assignments, merges and new story ids in one
//     commit (commit_clustering), with the cursor it has consumed;
//   - stories whose membership changed wait in a rewrite queue, claimed with a lease so
//     several writers can share it;
//   - reads for the reader return only what a page needs (no article bodies in lists).
// A Store object is one connection: use one per thread (open() it again, or reader());
// readers never wait on the writer. Every write runs in a transaction: what a call
// reported as done survives a crash.
#pragma once

#include <cstdint>
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
// The store cannot take writes now (disk full, read-only file or file system); reads go
// on, and writes work again once the fault clears. Nothing of the failed call was written.
struct StoreUnavailable : StoreError {
  using StoreError::StoreError;
};
// The store file is damaged (not a store, truncated, failed integrity check), or a stored
// row cannot be decoded (a story's data); the message says how to repair it.
struct StoreCorrupt : StoreError {
  using StoreError::StoreError;
};
// One stored story cannot be decoded (a damaged row in a sound store); the message names
// the story and the repair. Every other story reads as usual.
struct StoryDamaged : StoreCorrupt {
  using StoreCorrupt::StoreCorrupt;
};
// The location holds something this release cannot use as its store: a store written by a
// newer release, another program's database, a directory. Nothing was written to it.
struct StoreIncompatible : StoreError {
  using StoreError::StoreError;
};

using Sequence = std::int64_t;  // position in the articles' arrival order (Article::seq)

struct AddResult {
  enum Status {
    kInserted,   // a new article (id and seq assigned)
    kDuplicate,  // an identical article (same url, title and text) was already stored
    kUpdated,    // same origin and item_key with new content: updated in place, its
                 // story queued for rewrite (it is not a new article)
    kRefused,    // removed earlier (a tombstone keeps it out)
  } status = kInserted;
  ArticleId id = 0;
  bool inserted() const { return status == kInserted; }
};

// An article without its body: what a list of sources shows.
struct ArticleRef {
  ArticleId id = 0;
  std::string url, source, title, author, language;
  UnixTime published = 0;  // 0 = undated
  UnixTime fetched = 0;
  int utc_offset = 0;
};

// A story as a list of stories shows it (no sentences, no article bodies).
struct StorySummary {
  StoryId id = 0;
  std::string headline, standfirst, event_date;
  UnixTime first_seen = 0, last_seen = 0, updated = 0;
  std::vector<ArticleId> articles;        // every article of the story
  std::vector<std::string> outlet_names;  // independent outlets
  int outlets = 0, distinct = 0;
  std::vector<UnixTime> times;            // ranking inputs (see Story)
  double rank_key = 0;                    // time-independent rank order (cluster::rank_key)
  // Not empty: the story's stored sources cannot be decoded (a damaged row), and this is
  // what story() would throw (the story, why, the repair); only the list fields above (id
  // to rank_key) are set. stories_by_rank gives such a
  // row so that a reader can skip it and go on; story() and story_sources() throw
  // StoryDamaged for it. A writer storing the story again repairs it.
  std::string damaged;
};

// One batch of the clusterer's work, committed atomically.
struct ClusterCommit {
  Sequence through = 0;  // every article with seq <= through has been placed
  std::vector<Assignment> assignments;  // in the order they were made
  std::vector<StoryMerge> merges;       // in the order they were made (after the assignments
                                        // of this batch are recorded)
  StoryId expected_last_story_id = 0;   // last_story_id() when the batch started: the commit
                                        // refuses (StoreError, nothing written) if it moved
  StoryId last_story_id = 0;            // the highest story id the batch handed out
  std::string settings;                 // fingerprint of the clusterer's settings
  // When not empty: the engine's state after this batch (a snapshot of the clusterer), kept
  // with the log position it stands at, replacing the previous one.
  std::string snapshot;
};

// The engine's latest snapshot: its state after the clustering log up to `log_position`.
struct Snapshot {
  std::int64_t log_position = 0;  // replay the log after this position on top of `data`
  Sequence through = 0;           // the cursor at that point
  std::string settings;           // the clusterer's settings then
  std::string data;
};

// An assignment with its article, in the order the clusterer made it (for replaying the
// clusterer's state after a restart).
struct Clustered {
  std::int64_t order = 0;  // position in the clustering log
  Assignment assignment;   // the article's story as stored now (merges applied)
  Article article;
};

struct ClusterProgress {
  Sequence through = 0;          // cursor: articles placed so far
  std::int64_t log_size = 0;     // assignments in the clustering log
  StoryId last_story_id = 0;
  std::string settings;          // fingerprint recorded with the last commit ("" = none)
};

// A story claimed from the rewrite queue.
struct Claim {
  StoryId story = 0;
  std::int64_t generation = 0;  // bumped each time the story is queued again
};

struct SearchQuery {
  std::string text;            // free text; every word must match (no query syntax)
  std::size_t limit = 20;
  std::size_t offset = 0;
  UnixTime since = 0, until = 0;  // article/story time window (0 = open)
  std::string outlet;          // articles from this source only ("" = any)
  // Articles: when more match, the newest this many (by arrival) are the ones ranked, so a
  // common word costs a bounded ranking (0 = rank every match).
  std::size_t rank_window = 2000;
  // What a caller needs (a story page's related stories want neither articles nor snippets;
  // each costs a ranking or a re-reading of the matched text).
  bool articles = true;        // false = story hits only
  bool snippets = true;        // false = SearchHit::snippet left empty
};
struct SearchHit {
  enum Kind { kArticle, kStory } kind = kArticle;
  std::int64_t id = 0;
  std::string title;    // article title or story headline (standfirst when none)
  std::string source;   // article's outlet ("" for stories)
  UnixTime time = 0;    // article published (or arrival) / story last_seen
  StoryId story = 0;    // the article's story (0 = not clustered yet)
  // The matched text as segments, each marked whether it is a hit; not HTML-escaped.
  struct Segment {
    std::string text;
    bool hit = false;
  };
  std::vector<Segment> snippet;
};

struct Stats {
  std::size_t articles = 0, stories = 0, queued = 0;  // queued: stories waiting for rewrite
  Sequence last_sequence = 0, clustered_through = 0;
};

// A subscribed feed and what its last fetch left (the crawler's state; see src/crawl).
struct FeedState {
  std::int64_t id = 0;           // assigned by the store
  std::string url;               // the feed's URL (unique)
  std::string category;          // outline path joined with '/' ("News/World"), "" = none
  std::string title, site_link;  // from the subscription or the feed itself
  std::string etag, last_modified;  // validators of the last 200, for a conditional GET
  UnixTime added = 0;
  UnixTime last_fetch = 0;       // 0 = never fetched
  int http_status = 0;           // of the last fetch; 0 = no response (network error)
  std::string error;             // why the last fetch failed or what was wrong; "" = fine
  UnixTime next_fetch = 0;       // when the schedule fetches it next (0 = at once)
  int error_count = 0;           // consecutive failed fetches (the backoff's exponent)
  std::int64_t item_count = 0;   // items seen so far (read only: counted by the store)
};

// An item of a feed that has been read: its identity at the feed (GUID, else link, else a
// hash of title and content) and a hash of what it said, so that an unchanged item is
// skipped and a changed one updates its article.
struct SeenItem {
  std::string key;
  std::int64_t content_hash = 0;
  ArticleId article = 0;  // the article it became (0 = none: refused or unreadable)
  UnixTime last_seen = 0; // when it was last recorded (set by seen_items; record_seen writes now)
};

// An exclusive role held by one process at a time (the engine: the clusterer and its
// writer). Released when destroyed, and by the operating system when the process dies.
class Lock {
 public:
  virtual ~Lock() = default;
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- articles ----
  // Adds articles in one transaction; on return they are durable. Sets each inserted
  // article's id and seq (and for kDuplicate / kUpdated the stored id).
  virtual std::vector<AddResult> add_articles(std::vector<Article>& articles) = 0;
  // Articles with seq > `after`, by seq, at most `limit` (with bodies: for the clusterer).
  virtual std::vector<Article> articles_after(Sequence after, std::size_t limit) = 0;
  virtual std::optional<Article> article(ArticleId id) = 0;
  virtual std::vector<Article> articles(const std::vector<ArticleId>& ids) = 0;  // in id order given
  // In the order of `ids` (the ids not stored left out), as articles() (the engine's refresh
  // relies on it: a backend must not return them sorted otherwise).
  virtual std::vector<ArticleRef> article_refs(const std::vector<ArticleId>& ids) = 0;
  // Article id of a URL (the newest one with it), if stored.
  virtual std::optional<ArticleId> find_article(const std::string& url) = 0;
  // Takes an article out: its row, assignment and search entry go, a tombstone keeps it
  // (its url, origin and item_key, and content) from being added again, and its story is
  // queued for rewrite (a story left empty is deleted). False when no such article.
  virtual bool remove_article(ArticleId id) = 0;
  // Removes articles published (or, undated, arrived) before `before`, their tombstones
  // not kept (a re-feed may bring them back), and stories left empty; queues the stories
  // that lost articles. Returns the number of articles removed.
  virtual std::size_t prune_before(UnixTime before) = 0;
  // The newest publication time of a dated article (0 = none): the clock of an archive.
  virtual UnixTime newest_published() = 0;

  // ---- clustering ----
  virtual ClusterProgress cluster_progress() = 0;
  // Records a batch (see ClusterCommit): assignments appended to the clustering log,
  // merges applied (every assignment of `from` moves to `into`, the event is kept,
  // `from`'s story row is deleted), every story touched queued for rewrite, the cursor
  // and the story id mark raised.
  virtual void commit_clustering(const ClusterCommit& batch) = 0;
  // The clustering log after position `after`, in order, at most `limit`.
  virtual std::vector<Clustered> clustering_log(std::int64_t after, std::size_t limit) = 0;
  // The latest snapshot committed with a batch (ClusterCommit::snapshot); none after a
  // replace_clustering.
  virtual std::optional<Snapshot> snapshot() = 0;
  // Forgets all clustering (log, assignments, merges, cursor, queue, snapshot; stories stay) and
  // records `assignments` as one batch through `through`: for a rebuild, which then
  // queues every story (stories whose id is not among the assignments are deleted).
  virtual void replace_clustering(Sequence through, const std::vector<Assignment>& assignments,
                                  StoryId last_story_id, const std::string& settings) = 0;
  virtual std::vector<Assignment> assignments(StoryId story) = 0;  // by clustering order
  virtual std::optional<Assignment> assignment(ArticleId article) = 0;
  // The highest story id ever handed out (0 = none): new stories get ids above it.
  virtual StoryId last_story_id() = 0;
  // The story that `id` was merged into, followed to the end (nullopt = not merged).
  virtual std::optional<StoryId> merged_into(StoryId id) = 0;
  virtual std::vector<StoryMerge> merges() = 0;  // every merge, in order

  // ---- the rewrite queue ----
  // Claims up to `limit` queued stories not leased by someone else (oldest first), leased
  // to `worker` for `lease_seconds` from `now`. A worker's own leases are claimable again:
  // a worker restarted under its name after a crash takes back what it held at once
  // (workers that share a queue use distinct names; a dead one's leases expire).
  virtual std::vector<Claim> claim_stories(const std::string& worker, std::size_t limit,
                                           UnixTime now, int lease_seconds) = 0;
  // Stores the story written for a claim (insert or replace by id) and takes it off the
  // queue unless it was queued again after the claim (then it stays, to be rewritten).
  virtual void upsert_story(const Story& story, const Claim& claim) = 0;
  // Deletes the story (e.g. no article left, or none with a usable sentence) and takes
  // the claim off the queue as upsert_story does.
  virtual void delete_story(StoryId id, const Claim& claim) = 0;
  // Several of the above in one transaction (a writer's batch): each claim's story stored,
  // or only its sources (`sources`), or deleted when both are empty.
  struct StoryWrite {
    Claim claim;
    std::optional<Story> story;
    // > 0: the story stays queued (its text is to be written again later) and is not
    // claimable before this time, unless it is queued again meanwhile (then at once). For a
    // writer that refreshes a story's sources now and rewrites its text at most so often.
    UnixTime defer_until = 0;
    // With `story` empty: a refresh of the stored story's sources and ranking inputs
    // (articles, outlet_names, outlets, distinct, times, first_seen, last_seen, rank_key, as
    // story_sources reads them); its text, headline, event date and `updated` stay as
    // stored, so the refresh costs what the sources weigh, not what the text does. A story
    // that is not stored stays absent and stays queued, claimable at once (to be written).
    std::optional<StorySummary> sources{};
  };
  virtual void write_stories(const std::vector<StoryWrite>& writes) = 0;
  virtual std::size_t queue_depth() = 0;

  // ---- reading ----
  virtual std::size_t article_count() = 0;
  virtual std::size_t story_count() = 0;
  virtual Stats stats() = 0;
  // Story summaries by rank_key, best first (the reader rescoring them at its clock). A row
  // that cannot be decoded comes back with `damaged` set (it counts in limit and offset).
  virtual std::vector<StorySummary> stories_by_rank(std::size_t limit, std::size_t offset = 0) = 0;
  // A stored story as written (Story::articles in the order it was written). Throws
  // StoryDamaged, naming the story and the repair, when its stored data cannot be decoded.
  virtual std::optional<Story> story(StoryId id) = 0;
  // A stored story's list fields and ranking inputs, as stories_by_rank gives them, without
  // its sentences: what a list needs, and what a writer refreshing its sources reads.
  // Throws StoryDamaged as story() does (when its sources cannot be decoded).
  virtual std::optional<StorySummary> story_sources(StoryId id) = 0;
  // A counter that changes whenever stories change (for ETags and caches).
  virtual std::int64_t version() = 0;
  // Full-text search: stories first, then articles, each ranked by relevance.
  virtual std::vector<SearchHit> search(const SearchQuery& query) = 0;

  // ---- feeds (the crawler's subscriptions and per-feed state) ----
  // Subscribes to feed.url (the store sets feed.id and, when 0, feed.added to now); false,
  // with feed.id set to the stored feed, when that URL is already subscribed (nothing changed).
  virtual bool add_feed(FeedState& feed) = 0;
  // Unsubscribes (its seen items go; its articles stay). False when not subscribed.
  virtual bool remove_feed(const std::string& url) = 0;
  virtual std::vector<FeedState> feeds() = 0;  // every feed, in the order subscribed
  virtual std::optional<FeedState> feed(const std::string& url) = 0;
  // Feeds whose next_fetch <= now, soonest first, at most `limit`.
  virtual std::vector<FeedState> feeds_due(UnixTime now, std::size_t limit) = 0;
  // Writes a feed's fetch state (every field but id, url, added and item_count) by id.
  // False when no feed has that id (removed meanwhile).
  virtual bool update_feed(const FeedState& feed) = 0;
  // Gives feed `id` a new URL (it moved permanently): its seen items stay with it, and the
  // identity of its articles and tombstones (origin = the feed's URL) follows, so a changed
  // item still updates its article and a removed one stays out. False, nothing changed, when
  // another feed has that URL or no feed has that id.
  virtual bool move_feed(std::int64_t id, const std::string& new_url) = 0;
  // The seen items among `keys` of feed `feed_id` (in no particular order).
  virtual std::vector<SeenItem> seen_items(std::int64_t feed_id, const std::vector<std::string>& keys) = 0;
  // Records items as seen (inserted, or hash and article replaced by key) in one transaction.
  virtual void record_seen(std::int64_t feed_id, const std::vector<SeenItem>& items, UnixTime now) = 0;
  // Forgets the items of each feed that were last seen more than `unseen_for` seconds before
  // the newest item seen in the same feed: items gone from their feed that long. An item still
  // in a feed is recorded again as the feed is read (the crawler does so at least daily), and a
  // feed that is not read any more (down, removed from the web, answering 304) records
  // nothing, so it forgets nothing. Tombstones stay: a removed article never comes back
  // through a forgotten item. Returns the number of items forgotten (0 when unseen_for <= 0).
  virtual std::size_t forget_seen_items(std::int64_t unseen_for) = 0;
  // What one fetch of a feed left (see record_fetches).
  struct FeedFetch {
    FeedState state;                // written as update_feed writes it
    std::vector<Article> articles;  // new and changed items, added as add_articles adds them
    // Items recorded as seen (as record_seen records them). The first articles.size() are the
    // items the articles were made from, in the same order: each is recorded with the id its
    // article was stored under (0 when the article was refused).
    std::vector<SeenItem> seen;
    std::vector<AddResult> results;  // set: add_articles' result for each article
  };
  // Several feeds' fetches in one transaction (a crawler commits a batch of feeds at once):
  // each feed's state written, then its articles added and its items recorded. A fetch whose
  // feed was removed meanwhile is skipped whole (its results stay empty).
  virtual void record_fetches(std::vector<FeedFetch>& fetches, UnixTime now) = 0;

  // ---- roles ----
  // Takes the engine role without waiting; nullptr when another process holds it (its
  // description, e.g. "pid 1234", in `holder` when known).
  virtual std::unique_ptr<Lock> try_lock_engine(std::string& holder) = 0;
  // Another connection to the same store (for another thread), or nullptr when the
  // store cannot be shared between connections (":memory:").
  virtual std::unique_ptr<Store> reader() = 0;
  virtual int schema_version() = 0;
};

// Opens (creating and migrating as needed) the store at `location`: a SQLite file path,
// or ":memory:". Throws StoreError (StoreCorrupt for a damaged file) with the reason.
std::unique_ptr<Store> open(const std::string& location);

// Current schema version of the SQLite backend.
int latest_schema_version();

}  // namespace storyline::store
