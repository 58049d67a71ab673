// The Store conformance suite: every backend must pass every case (Xapian's apitest is the
// model). Backends: the SQLite file and ":memory:"; a case that needs a second connection
// runs only where the backend has one (reader() != nullptr). The PostgreSQL backend joins
// the list below when it lands.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "store/store.h"

using namespace storyline;
using store::AddResult;

namespace {

struct Backend {
  const char* name;
  std::string (*location)(const std::string& test);
};

std::string temp_file(const std::string& test) {
  auto p = std::filesystem::temp_directory_path() /
           ("storyline_conf_" + test + "_" + std::to_string(getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(p.string() + suffix);
  return p.string();
}

const Backend kBackends[] = {
    {"sqlite_file", temp_file},
    {"sqlite_memory", [](const std::string&) { return std::string(":memory:"); }},
};

Article make(const std::string& url, const std::string& title, const std::string& text, UnixTime published,
             const std::string& source = "example.com") {
  Article a;
  a.url = url;
  a.source = source;
  a.title = title;
  a.text = text;
  a.published = published;
  a.fetched = published + 10;
  a.origin = "test";
  return a;
}

Story make_story(StoryId id, const std::string& headline, const std::vector<ArticleId>& articles,
                 double rank_key, const std::vector<UnixTime>& times = {}) {
  Story s;
  s.id = id;
  s.headline = headline;
  s.event_date = "2025-02-11";
  s.standfirst = {"Standfirst of " + headline + ".", {{articles.empty() ? 0 : articles[0], 0, 5}}, 0};
  s.body = {{"Body sentence about " + headline + ".", {}, 0}};
  s.articles = articles;
  s.outlet_names = {"One", "Two"};
  s.outlets = 2;
  s.distinct = static_cast<int>(articles.size());
  s.times = times;
  s.rank_key = rank_key;
  s.first_seen = 100;
  s.last_seen = 200;
  s.updated = 300;
  return s;
}

class StoreSuite : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    location_ = GetParam().location(name);
    s_ = store::open(location_);
  }
  // Stores `n` articles and returns their ids.
  std::vector<ArticleId> add(int n, UnixTime t0 = 1000) {
    std::vector<Article> v;
    for (int i = 0; i < n; ++i, ++next_)
      v.push_back(make("https://x/" + std::to_string(next_), "T" + std::to_string(next_),
                       "Text number " + std::to_string(next_) + ".", t0 + next_));
    std::vector<ArticleId> ids;
    for (const auto& r : s_->add_articles(v)) ids.push_back(r.id);
    return ids;
  }
  // Commits assignments of `articles` to `story` (new ids above the mark).
  void assign(const std::vector<ArticleId>& articles, StoryId story, std::vector<StoryMerge> merges = {}) {
    store::ClusterCommit c;
    c.expected_last_story_id = s_->last_story_id();
    c.last_story_id = std::max(c.expected_last_story_id, story);
    for (ArticleId a : articles) {
      c.assignments.push_back({a, story, 0.5, false, 0});
      c.through = std::max(c.through, a);
    }
    c.merges = std::move(merges);
    c.settings = "test";
    s_->commit_clustering(c);
  }
  std::string location_;
  std::unique_ptr<store::Store> s_;
  int next_ = 1;
};

}  // namespace

// ---- articles ----

TEST_P(StoreSuite, AddedArticlesRoundTripWithEveryField) {
  Article a = make("https://a/1", "Caf\u00e9 opens", "Une f\u00eate.\nSecond line.", 1739268000);
  a.author = "Jane Doe";
  a.language = "fr";
  a.utc_offset = -5 * 3600;
  a.item_key = "guid-1";
  std::vector<Article> v{a};
  const auto r = s_->add_articles(v);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, AddResult::kInserted);
  EXPECT_EQ(v[0].id, r[0].id);
  EXPECT_GT(v[0].seq, 0);
  const auto back = s_->article(r[0].id);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->title, a.title);
  EXPECT_EQ(back->text, a.text);
  EXPECT_EQ(back->author, "Jane Doe");
  EXPECT_EQ(back->language, "fr");
  EXPECT_EQ(back->published, 1739268000);
  EXPECT_EQ(back->fetched, 1739268010);
  EXPECT_EQ(back->utc_offset, -5 * 3600);
  EXPECT_EQ(back->item_key, "guid-1");
  EXPECT_EQ(back->origin, "test");
  EXPECT_EQ(s_->article_count(), 1u);
  EXPECT_FALSE(s_->article(r[0].id + 100).has_value());
}

TEST_P(StoreSuite, IdenticalArticlesAreStoredOnce) {
  std::vector<Article> v{make("https://a/1", "T", "Same text.", 100), make("https://a/1", "T", "Same text.", 100),
                         make("https://a/2", "T", "Other text.", 200)};
  const auto r = s_->add_articles(v);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].status, AddResult::kInserted);
  EXPECT_EQ(r[1].status, AddResult::kDuplicate);
  EXPECT_EQ(r[1].id, r[0].id);
  EXPECT_EQ(r[2].status, AddResult::kInserted);
  EXPECT_EQ(s_->article_count(), 2u);
}

// The cursor: articles come back after a sequence, in arrival order, a page at a time.
TEST_P(StoreSuite, ArticlesAfterACursorComeInArrivalOrder) {
  const auto ids = add(5);
  const auto first = s_->articles_after(0, 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, ids[0]);
  EXPECT_EQ(first[1].id, ids[1]);
  const auto rest = s_->articles_after(first.back().seq, 100);
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_EQ(rest[2].id, ids[4]);
  EXPECT_LT(first.back().seq, rest.front().seq);
  EXPECT_TRUE(s_->articles_after(rest.back().seq, 100).empty());
  const auto more = add(1);
  const auto tail = s_->articles_after(rest.back().seq, 100);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].id, more[0]);
}

// A feed item seen again with new content (a publisher's correction) updates its article
// in place; its story is queued for rewrite; it is not a new article.
TEST_P(StoreSuite, AnItemWithNewContentUpdatesItsArticle) {
  Article a = make("https://a/1", "Storm hits", "A storm hit the coast.", 100);
  a.item_key = "guid-7";
  std::vector<Article> v{a};
  const ArticleId id = s_->add_articles(v)[0].id;
  assign({id}, 1);
  s_->claim_stories("w", 10, 1000, 60);
  s_->upsert_story(make_story(1, "Storm", {id}, 1.0), {1, 1});
  ASSERT_EQ(s_->queue_depth(), 0u);
  a.text = "A storm hit the northern coast.";
  std::vector<Article> again{a, a};
  const auto r = s_->add_articles(again);
  EXPECT_EQ(r[0].status, AddResult::kUpdated);
  EXPECT_EQ(r[0].id, id);
  EXPECT_EQ(r[1].status, AddResult::kDuplicate);
  EXPECT_EQ(s_->article_count(), 1u);
  EXPECT_EQ(s_->article(id)->text, "A storm hit the northern coast.");
  EXPECT_EQ(s_->queue_depth(), 1u);
  EXPECT_TRUE(s_->articles_after(id, 10).empty());  // not a new article for the clusterer
}

// A story's articles come back in the order they were written (the engine's refresh adds new
// articles after the stored ones and relies on it), not sorted by id.
TEST_P(StoreSuite, AStoryKeepsItsArticlesInTheOrderWritten) {
  const auto ids = add(3);
  assign({ids[2], ids[0], ids[1]}, 1);
  for (const auto& c : s_->claim_stories("w", 10, 1000, 60))
    s_->upsert_story(make_story(1, "Storm", {ids[2], ids[0], ids[1]}, 1.0), c);
  const auto st = s_->story(1);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->articles, (std::vector<ArticleId>{ids[2], ids[0], ids[1]}));
}

TEST_P(StoreSuite, ArticleRefsCarryNoBody) {
  const auto ids = add(2);
  const auto refs = s_->article_refs({ids[1], ids[0], 999});
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].id, ids[1]);
  EXPECT_EQ(refs[0].url, "https://x/2");
  EXPECT_EQ(refs[0].title, "T2");
  EXPECT_EQ(refs[0].source, "example.com");
  const auto full = s_->articles({ids[1], ids[0]});
  ASSERT_EQ(full.size(), 2u);
  EXPECT_EQ(full[0].text, "Text number 2.");
}

// Removal: the article, its assignment and its search entry go; a tombstone keeps it out;
// its story is rewritten, or deleted when left empty.
TEST_P(StoreSuite, RemovedArticlesStayOutAndTheirStoriesAreRewritten) {
  const auto ids = add(3);
  assign({ids[0], ids[1]}, 1);
  assign({ids[2]}, 2);
  for (const auto& c : s_->claim_stories("w", 10, 1000, 60))
    s_->upsert_story(make_story(c.story, "S" + std::to_string(c.story), {}, 1.0), c);
  ASSERT_EQ(s_->story_count(), 2u);
  EXPECT_EQ(s_->find_article("https://x/1"), ids[0]);
  EXPECT_TRUE(s_->remove_article(ids[0]));
  EXPECT_FALSE(s_->remove_article(ids[0]));
  EXPECT_FALSE(s_->article(ids[0]).has_value());
  EXPECT_FALSE(s_->assignment(ids[0]).has_value());
  EXPECT_EQ(s_->assignments(1).size(), 1u);
  EXPECT_EQ(s_->queue_depth(), 1u);  // story 1 lost an article
  EXPECT_TRUE(s_->remove_article(ids[2]));
  EXPECT_FALSE(s_->story(2).has_value());  // left empty
  store::SearchQuery q;
  q.text = "number";
  for (const auto& h : s_->search(q)) EXPECT_NE(h.id, ids[0]);
  std::vector<Article> back{make("https://x/1", "T1", "Text number 1.", 1001)};
  EXPECT_EQ(s_->add_articles(back)[0].status, AddResult::kRefused);
  EXPECT_EQ(s_->article_count(), 1u);
}

TEST_P(StoreSuite, PruneRemovesOldArticlesAndEmptyStories) {
  const auto old_ids = add(2, 1000);
  const auto new_ids = add(1, 50000);
  assign({old_ids[0], old_ids[1]}, 1);
  assign({new_ids[0]}, 2);
  EXPECT_EQ(s_->newest_published(), 50000 + 3);
  EXPECT_EQ(s_->prune_before(20000), 2u);
  EXPECT_EQ(s_->article_count(), 1u);
  EXPECT_TRUE(s_->assignments(1).empty());
  EXPECT_EQ(s_->assignments(2).size(), 1u);
}

// ---- clustering ----

TEST_P(StoreSuite, ClusteringCommitsRecordAssignmentsInOrderAndQueueStories) {
  const auto ids = add(3);
  EXPECT_EQ(s_->cluster_progress().through, 0);
  assign({ids[1], ids[0]}, 1);
  const auto p = s_->cluster_progress();
  EXPECT_EQ(p.through, ids[1]);
  EXPECT_EQ(p.log_size, 2);
  EXPECT_EQ(p.last_story_id, 1);
  EXPECT_EQ(p.settings, "test");
  const auto log = s_->clustering_log(0, 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].article.id, ids[1]);  // the order the clusterer placed them
  EXPECT_EQ(log[1].article.id, ids[0]);
  EXPECT_EQ(log[0].assignment.story, 1);
  EXPECT_LT(log[0].order, log[1].order);
  EXPECT_TRUE(s_->clustering_log(log[1].order, 10).empty());
  EXPECT_EQ(s_->assignment(ids[0])->story, 1);
  EXPECT_EQ(s_->queue_depth(), 1u);
}

// A commit made with a stale id mark writes nothing: another process numbered stories.
TEST_P(StoreSuite, ACommitWithAStaleIdMarkIsRefused) {
  const auto ids = add(2);
  assign({ids[0]}, 5);
  store::ClusterCommit c;
  c.expected_last_story_id = 0;  // stale
  c.last_story_id = 6;
  c.assignments = {{ids[1], 6, 0.5, true, 0}};
  c.through = ids[1];
  EXPECT_THROW(s_->commit_clustering(c), store::StoreError);
  EXPECT_FALSE(s_->assignment(ids[1]).has_value());
  EXPECT_EQ(s_->last_story_id(), 5);
  EXPECT_EQ(s_->cluster_progress().through, ids[0]);
}

// "Story 17 merged into 12": every assignment of 17 moves, the event is kept, 17's row goes
// and 12 is queued.
TEST_P(StoreSuite, MergesMoveAssignmentsAndAreKept) {
  const auto ids = add(3);
  assign({ids[0]}, 12);
  assign({ids[1]}, 17);
  for (const auto& c : s_->claim_stories("w", 10, 1000, 60))
    s_->upsert_story(make_story(c.story, "S", {}, 1.0), c);
  assign({ids[2]}, 17, {{17, 12, 555}});
  EXPECT_TRUE(s_->assignments(17).empty());
  const auto now12 = s_->assignments(12);
  ASSERT_EQ(now12.size(), 3u);
  EXPECT_FALSE(s_->story(17).has_value());
  EXPECT_EQ(s_->merged_into(17), 12);
  EXPECT_FALSE(s_->merged_into(12).has_value());
  ASSERT_EQ(s_->merges().size(), 1u);
  EXPECT_EQ(s_->merges()[0], (StoryMerge{17, 12, 555}));
  const auto claims = s_->claim_stories("w", 10, 2000, 60);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].story, 12);
}

TEST_P(StoreSuite, ReplaceClusteringStartsTheLogAgainAndKeepsOnlyNamedStories) {
  const auto ids = add(3);
  assign({ids[0], ids[1]}, 1);
  assign({ids[2]}, 2);
  for (const auto& c : s_->claim_stories("w", 10, 1000, 60))
    s_->upsert_story(make_story(c.story, "S", {}, 1.0), c);
  s_->replace_clustering(ids[2], {{ids[2], 2, 1, true, 0}, {ids[0], 2, 1, false, 0}, {ids[1], 3, 1, true, 0}}, 3,
                         "rebuilt");
  EXPECT_FALSE(s_->story(1).has_value());
  EXPECT_TRUE(s_->story(2).has_value());
  EXPECT_EQ(s_->last_story_id(), 3);
  EXPECT_EQ(s_->cluster_progress().settings, "rebuilt");
  const auto log = s_->clustering_log(0, 10);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].article.id, ids[2]);
  EXPECT_EQ(s_->queue_depth(), 2u);  // stories 2 and 3
}

// ---- the rewrite queue ----

// A worker killed while it held leases takes them back at once when it starts again under
// its name; another worker still waits for the lease to expire.
TEST_P(StoreSuite, AWorkerRestartedUnderItsNameTakesBackItsLeases) {
  const auto ids = add(2);
  assign({ids[0]}, 1);
  assign({ids[1]}, 2);
  ASSERT_EQ(s_->claim_stories("engine", 10, 1000, 60).size(), 2u);  // then the process dies
  EXPECT_TRUE(s_->claim_stories("other", 10, 1001, 60).empty());
  const auto back = s_->claim_stories("engine", 10, 1001, 60);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].story, 1);
  EXPECT_EQ(back[1].story, 2);
  s_->upsert_story(make_story(1, "One", {ids[0]}, 1.0), back[0]);
  s_->upsert_story(make_story(2, "Two", {ids[1]}, 1.0), back[1]);
  EXPECT_EQ(s_->queue_depth(), 0u);
}

TEST_P(StoreSuite, ClaimsAreLeasedAndAStoryQueuedAgainStaysQueued) {
  const auto ids = add(3);
  assign({ids[0]}, 1);
  assign({ids[1]}, 2);
  const auto a = s_->claim_stories("a", 1, 1000, 60);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].story, 1);  // oldest first
  const auto b = s_->claim_stories("b", 10, 1000, 60);
  ASSERT_EQ(b.size(), 1u);  // story 1 is leased to a
  EXPECT_EQ(b[0].story, 2);
  EXPECT_TRUE(s_->claim_stories("c", 10, 1059, 60).empty());
  // The clusterer queues story 1 again while a writes it: a's write keeps it queued.
  assign({ids[2]}, 1);
  s_->upsert_story(make_story(1, "One", {ids[0]}, 1.0), a[0]);
  EXPECT_EQ(s_->story(1)->headline, "One");
  s_->upsert_story(make_story(2, "Two", {ids[1]}, 1.0), b[0]);
  EXPECT_EQ(s_->queue_depth(), 1u);
  const auto again = s_->claim_stories("c", 10, 1001, 60);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].story, 1);
  s_->delete_story(1, again[0]);
  EXPECT_FALSE(s_->story(1).has_value());
  EXPECT_EQ(s_->queue_depth(), 0u);
  // An expired lease can be claimed by another writer.
  assign({}, 2);
  store::ClusterCommit c;
  c.expected_last_story_id = s_->last_story_id();
  c.last_story_id = c.expected_last_story_id;
  c.assignments = {{ids[1], 2, 0.5, false, 0}};
  s_->commit_clustering(c);
  ASSERT_EQ(s_->claim_stories("d", 10, 5000, 60).size(), 1u);
  EXPECT_TRUE(s_->claim_stories("e", 10, 5059, 60).empty());
  EXPECT_EQ(s_->claim_stories("e", 10, 5061, 60).size(), 1u);
}

// A snapshot of the engine's state is kept with the batch that carries it (bytes as given,
// the log position and cursor after that batch); later batches without one keep it; a
// rebuild drops it.
TEST_P(StoreSuite, ASnapshotIsKeptWithTheBatchThatCarriesIt) {
  EXPECT_FALSE(s_->snapshot().has_value());
  const auto ids = add(4);
  assign({ids[0], ids[1]}, 1);
  store::ClusterCommit c;
  c.expected_last_story_id = 1;
  c.last_story_id = 2;
  c.assignments = {{ids[2], 2, 0.5, true, 0}};
  c.through = ids[2];
  c.settings = "v9";
  static const char kBytes[] = "state\0with\xff bytes";
  c.snapshot = std::string(kBytes, sizeof kBytes - 1);
  ASSERT_EQ(c.snapshot.size(), 17u);
  s_->commit_clustering(c);
  auto snap = s_->snapshot();
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->data, c.snapshot);
  EXPECT_EQ(snap->settings, "v9");
  EXPECT_EQ(snap->through, ids[2]);
  EXPECT_EQ(snap->log_position, s_->clustering_log(0, 10).back().order);
  EXPECT_TRUE(s_->clustering_log(snap->log_position, 10).empty());
  assign({ids[3]}, 2);
  snap = s_->snapshot();
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->data, c.snapshot);
  ASSERT_EQ(s_->clustering_log(snap->log_position, 10).size(), 1u);  // the batch after it
  EXPECT_EQ(s_->clustering_log(snap->log_position, 10)[0].assignment.article, ids[3]);
  s_->replace_clustering(ids[3], {{ids[0], 1, 1, true, 0}}, 2, "v9");
  EXPECT_FALSE(s_->snapshot().has_value());
}

// A writer that refreshes a story's sources now and rewrites its text later defers it: the
// story is stored and stays queued, unclaimable until the time given (by its own writer
// too), or at once when the clusterer queues it again meanwhile.
TEST_P(StoreSuite, ADeferredStoryStaysQueuedUntilItsTimeOrUntilQueuedAgain) {
  const auto ids = add(3);
  assign({ids[0]}, 1);
  auto c = s_->claim_stories("w", 10, 1000, 60);
  ASSERT_EQ(c.size(), 1u);
  s_->write_stories({{c[0], make_story(1, "One", {ids[0]}, 1.0), 1030}});
  EXPECT_EQ(s_->story(1)->headline, "One");
  EXPECT_EQ(s_->queue_depth(), 1u);
  EXPECT_TRUE(s_->claim_stories("w", 10, 1029, 60).empty());
  c = s_->claim_stories("w", 10, 1030, 60);
  ASSERT_EQ(c.size(), 1u);
  s_->write_stories({{c[0], make_story(1, "One again", {ids[0]}, 1.0), 1060}});
  // A new article for story 1: claimable at once.
  assign({ids[1]}, 1);
  c = s_->claim_stories("w", 10, 1031, 60);
  ASSERT_EQ(c.size(), 1u);
  // Queued again while its writer holds it: the deferral gives way, the story is claimable.
  assign({ids[2]}, 1);
  s_->write_stories({{c[0], make_story(1, "One and two", {ids[0], ids[1]}, 1.0), 1090}});
  c = s_->claim_stories("w", 10, 1032, 60);
  ASSERT_EQ(c.size(), 1u);
  s_->write_stories({{c[0], make_story(1, "All three", {ids[0], ids[1], ids[2]}, 1.0)}});
  EXPECT_EQ(s_->queue_depth(), 0u);
  EXPECT_EQ(s_->story(1)->headline, "All three");
}

// A refresh stores a story's sources and ranking inputs and nothing else: the text, the
// headline, the event date and when the text was written stay as stored, whatever the
// summary carries; the change shows in lists and in the story, and moves version().
TEST_P(StoreSuite, ARefreshOfSourcesKeepsTheStoredText) {
  const auto ids = add(3);
  assign({ids[0]}, 1);
  auto c = s_->claim_stories("w", 10, 1000, 60);
  ASSERT_EQ(c.size(), 1u);
  s_->write_stories({{c[0], make_story(1, "One", {ids[0]}, 1.0, {100})}});
  const Story before = *s_->story(1);

  auto src = s_->story_sources(1);
  ASSERT_TRUE(src.has_value());
  EXPECT_EQ(src->headline, "One");
  EXPECT_EQ(src->articles, std::vector<ArticleId>{ids[0]});
  EXPECT_EQ(src->outlet_names, (std::vector<std::string>{"One", "Two"}));
  EXPECT_EQ(src->times, std::vector<UnixTime>{100});
  EXPECT_EQ(src->rank_key, 1.0);
  EXPECT_FALSE(s_->story_sources(2).has_value());

  assign({ids[1]}, 1);
  c = s_->claim_stories("w", 10, 1001, 60);
  ASSERT_EQ(c.size(), 1u);
  src->articles.push_back(ids[1]);
  src->outlet_names.push_back("Three");
  src->outlets = 3;
  src->distinct = 2;
  src->times = {100, 150};
  src->first_seen = 90;
  src->last_seen = 250;
  src->rank_key = 2.5;
  src->headline = "Unstored";  // a refresh never touches the text
  src->standfirst = "Unstored either.";
  src->event_date = "1999-12-31";
  src->updated = 999;
  const auto v0 = s_->version();
  s_->write_stories({{c[0], std::nullopt, 0, *src}});
  EXPECT_NE(s_->version(), v0);
  EXPECT_EQ(s_->queue_depth(), 0u);

  const Story after = *s_->story(1);
  EXPECT_EQ(after.headline, "One");
  EXPECT_EQ(after.standfirst.text, before.standfirst.text);
  ASSERT_EQ(after.body.size(), 1u);
  EXPECT_EQ(after.body[0].text, before.body[0].text);
  EXPECT_EQ(after.event_date, before.event_date);
  EXPECT_EQ(after.updated, 300);
  EXPECT_EQ(after.articles, (std::vector<ArticleId>{ids[0], ids[1]}));
  EXPECT_EQ(after.outlet_names, (std::vector<std::string>{"One", "Two", "Three"}));
  EXPECT_EQ(after.outlets, 3);
  EXPECT_EQ(after.distinct, 2);
  EXPECT_EQ(after.times, (std::vector<UnixTime>{100, 150}));
  EXPECT_EQ(after.first_seen, 90);
  EXPECT_EQ(after.last_seen, 250);
  EXPECT_EQ(after.rank_key, 2.5);
  const auto listed = s_->stories_by_rank(10);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].headline, "One");
  EXPECT_EQ(listed[0].articles, after.articles);
  EXPECT_EQ(listed[0].outlets, 3);
  EXPECT_EQ(listed[0].rank_key, 2.5);
  store::SearchQuery q;
  q.text = "Unstored";
  EXPECT_TRUE(s_->search(q).empty());  // nor its search entry
  q.text = "One";
  const auto hits = s_->search(q);
  EXPECT_TRUE(std::any_of(hits.begin(), hits.end(), [](const store::SearchHit& h) {
    return h.kind == store::SearchHit::kStory && h.id == 1;
  }));
}

// A refresh may defer the text as a full write does; a refresh of a story that is not
// stored stores nothing and leaves it queued, claimable at once, so its text gets written.
TEST_P(StoreSuite, ARefreshDefersTheTextOrLeavesAnUnstoredStoryQueued) {
  const auto ids = add(2);
  assign({ids[0]}, 1);
  assign({ids[1]}, 2);
  auto c = s_->claim_stories("w", 10, 1000, 60);
  ASSERT_EQ(c.size(), 2u);
  s_->write_stories({{c[0], make_story(c[0].story, "One", {ids[0]}, 1.0)}});
  c = {c[1]};
  store::StorySummary ghost;
  ghost.id = c[0].story;
  ghost.articles = {ids[1]};
  s_->write_stories({{c[0], std::nullopt, 2000, ghost}});
  EXPECT_FALSE(s_->story(c[0].story).has_value());
  EXPECT_EQ(s_->story_count(), 1u);
  c = s_->claim_stories("w2", 10, 1001, 60);  // another writer: the lease was let go
  ASSERT_EQ(c.size(), 1u);  // claimable now, not at 2000
  EXPECT_EQ(c[0].story, ghost.id);
  s_->write_stories({{c[0], make_story(c[0].story, "Two", {ids[1]}, 1.0)}});

  assign({ids[0]}, 1);  // queued again (a correction, say): refreshed, text deferred
  c = s_->claim_stories("w", 10, 1002, 60);
  ASSERT_EQ(c.size(), 1u);
  auto src = *s_->story_sources(c[0].story);
  src.rank_key = 4.0;
  s_->write_stories({{c[0], std::nullopt, 1030, src}});
  EXPECT_EQ(s_->queue_depth(), 1u);
  EXPECT_TRUE(s_->claim_stories("w", 10, 1029, 60).empty());
  EXPECT_EQ(s_->claim_stories("w", 10, 1030, 60).size(), 1u);
  EXPECT_EQ(s_->story(c[0].story)->rank_key, 4.0);
  EXPECT_EQ(s_->story(c[0].story)->headline, "One");
}

// ---- reading ----

TEST_P(StoreSuite, StoriesRoundTripAndListByRankKey) {
  const auto ids = add(3);
  assign({ids[0]}, 1);
  assign({ids[1]}, 2);
  assign({ids[2]}, 3);
  const double keys[] = {0, 5.0, 9.0, 1.0};
  for (const auto& c : s_->claim_stories("w", 10, 1000, 60)) {
    Story st = make_story(c.story, "H" + std::to_string(c.story), {ids[static_cast<std::size_t>(c.story - 1)]},
                          keys[c.story], {100, 200});
    st.disagreements = {{"number of dead", {"12", "14"}, {{ids[0]}, {ids[1]}}}};
    s_->upsert_story(st, c);
  }
  const auto list = s_->stories_by_rank(2);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, 2);
  EXPECT_EQ(list[1].id, 1);
  EXPECT_EQ(list[0].headline, "H2");
  EXPECT_EQ(list[0].standfirst, "Standfirst of H2.");
  EXPECT_EQ(list[0].articles, (std::vector<ArticleId>{ids[1]}));
  EXPECT_EQ(list[0].outlet_names, (std::vector<std::string>{"One", "Two"}));
  EXPECT_EQ(list[0].times, (std::vector<UnixTime>{100, 200}));
  EXPECT_EQ(list[0].updated, 300);
  EXPECT_EQ(s_->stories_by_rank(10, 2).size(), 1u);
  const auto full = s_->story(2);
  ASSERT_TRUE(full.has_value());
  EXPECT_EQ(full->headline, "H2");
  EXPECT_EQ(full->body.at(0).text, "Body sentence about H2.");
  ASSERT_EQ(full->disagreements.size(), 1u);
  EXPECT_EQ(full->disagreements[0].values, (std::vector<std::string>{"12", "14"}));
  EXPECT_EQ(full->rank_key, 9.0);
  EXPECT_EQ(s_->story_count(), 3u);
}

TEST_P(StoreSuite, VersionMovesWhenStoriesChange) {
  const auto ids = add(1);
  const auto v0 = s_->version();
  assign({ids[0]}, 1);
  const auto v1 = s_->version();
  EXPECT_NE(v1, v0);
  for (const auto& c : s_->claim_stories("w", 10, 1000, 60)) s_->upsert_story(make_story(1, "S", {}, 1.0), c);
  EXPECT_NE(s_->version(), v1);
}

TEST_P(StoreSuite, StatsCountWhatIsWaiting) {
  const auto ids = add(3);
  assign({ids[0]}, 1);
  const auto st = s_->stats();
  EXPECT_EQ(st.articles, 3u);
  EXPECT_EQ(st.stories, 0u);
  EXPECT_EQ(st.queued, 1u);
  EXPECT_EQ(st.last_sequence, ids[2]);
  EXPECT_EQ(st.clustered_through, ids[0]);
}

TEST_P(StoreSuite, SearchFindsStoriesThenArticlesWithMarkedSnippets) {
  std::vector<Article> v{make("u1", "Hegseth visits NATO", "Pete Hegseth arrived in Brussels.", 1000, "Reuters"),
                         make("u2", "Weather", "Rain in Paris.", 2000, "AP")};
  s_->add_articles(v);
  assign({v[0].id}, 7);
  for (const auto& c : s_->claim_stories("w", 10, 1000, 60))
    s_->upsert_story(make_story(7, "Hegseth in Brussels", {v[0].id}, 1.0), c);
  store::SearchQuery q;
  q.text = "brussels";
  const auto hits = s_->search(q);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].kind, store::SearchHit::kStory);
  EXPECT_EQ(hits[0].id, 7);
  EXPECT_EQ(hits[0].title, "Hegseth in Brussels");
  EXPECT_EQ(hits[1].kind, store::SearchHit::kArticle);
  EXPECT_EQ(hits[1].id, v[0].id);
  EXPECT_EQ(hits[1].story, 7);
  EXPECT_EQ(hits[1].source, "Reuters");
  bool marked = false;
  std::string joined;
  for (const auto& seg : hits[1].snippet) {
    joined += seg.text;
    if (seg.hit && seg.text == "Brussels") marked = true;
  }
  EXPECT_TRUE(marked);
  EXPECT_EQ(joined.find('\x02'), std::string::npos);  // no backend control bytes
  EXPECT_NE(joined.find("Pete Hegseth arrived in"), std::string::npos);
  // Filters: outlet, time window.
  q.text = "rain";
  q.outlet = "ap";
  ASSERT_EQ(s_->search(q).size(), 1u);
  q.outlet = "Reuters";
  EXPECT_TRUE(s_->search(q).empty());
  q.outlet.clear();
  q.since = 1500;
  EXPECT_EQ(s_->search(q).size(), 1u);
  q.until = 1900;
  EXPECT_TRUE(s_->search(q).empty());
}

// A caller that wants story hits only, without snippets (a story page's related stories),
// gets the same stories in the same order, and nothing else.
TEST_P(StoreSuite, SearchCanLeaveOutArticlesAndSnippets) {
  std::vector<Article> v{make("u1", "Hegseth visits NATO", "Pete Hegseth arrived in Brussels.", 1000, "Reuters"),
                         make("u2", "Brussels talks", "Ministers met in Brussels on trade.", 2000, "AP")};
  s_->add_articles(v);
  assign({v[0].id}, 7);
  assign({v[1].id}, 8);
  for (const auto& c : s_->claim_stories("w", 10, 1000, 60))
    s_->upsert_story(make_story(c.story, c.story == 7 ? "Hegseth in Brussels" : "Trade talks in Brussels",
                                {c.story == 7 ? v[0].id : v[1].id}, 1.0),
                     c);
  store::SearchQuery q;
  q.text = "brussels";
  const auto all = s_->search(q);
  std::vector<std::int64_t> stories;
  for (const auto& h : all)
    if (h.kind == store::SearchHit::kStory) stories.push_back(h.id);
  ASSERT_EQ(stories.size(), 2u);
  ASSERT_EQ(all.size(), 4u);
  q.articles = false;
  q.snippets = false;
  const auto only = s_->search(q);
  ASSERT_EQ(only.size(), 2u);
  for (std::size_t i = 0; i < only.size(); ++i) {
    EXPECT_EQ(only[i].kind, store::SearchHit::kStory);
    EXPECT_EQ(only[i].id, stories[i]);
    EXPECT_FALSE(only[i].title.empty());
    EXPECT_TRUE(only[i].snippet.empty());
  }
  q.articles = true;  // articles without snippets
  const auto plain = s_->search(q);
  ASSERT_EQ(plain.size(), 4u);
  for (const auto& h : plain) EXPECT_TRUE(h.snippet.empty());
  EXPECT_FALSE(all[0].snippet.empty());
}

// The search index follows every change: an item updated with new words, a story rewritten
// with a new text, or with the same text and new sources, stories merged away or left empty,
// articles removed and pruned.
TEST_P(StoreSuite, SearchFollowsEveryChange) {
  auto found = [&](const std::string& words, store::SearchHit::Kind kind) {
    store::SearchQuery q;
    q.text = words;
    std::set<std::int64_t> ids;
    for (const auto& h : s_->search(q))
      if (h.kind == kind) ids.insert(h.id);
    return ids;
  };
  using K = store::SearchHit;
  Article a = make("https://a/1", "Storm hits", "A storm hit the harbour.", 1000);
  a.item_key = "guid-1";
  std::vector<Article> v{a, make("https://a/2", "Bridge", "The bridge reopened to traffic.", 2000)};
  s_->add_articles(v);
  a.text = "A cyclone hit the marina.";
  std::vector<Article> again{a};
  ASSERT_EQ(s_->add_articles(again)[0].status, AddResult::kUpdated);
  EXPECT_TRUE(found("harbour", K::kArticle).empty());
  EXPECT_EQ(found("cyclone marina", K::kArticle), std::set<std::int64_t>{v[0].id});
  assign({v[0].id}, 1);
  assign({v[1].id}, 2);
  auto write = [&](Story s) {
    for (const auto& c : s_->claim_stories("w", 10, 1000, 60))
      if (c.story == s.id) s_->upsert_story(s, c);
  };
  write(make_story(1, "Cyclone strikes", {v[0].id}, 1.0));
  write(make_story(2, "Bridge reopens", {v[1].id}, 1.0));
  EXPECT_EQ(found("cyclone strikes", K::kStory), std::set<std::int64_t>{1});
  // The same text with another source list: still found once; a new text replaces the old.
  assign({v[0].id}, 1);
  write(make_story(1, "Cyclone strikes", {v[0].id, v[1].id}, 2.0));
  EXPECT_EQ(found("cyclone strikes", K::kStory), std::set<std::int64_t>{1});
  EXPECT_EQ(s_->story(1)->articles.size(), 2u);
  assign({v[0].id}, 1);
  write(make_story(1, "Marina flooded", {v[0].id}, 2.0));
  EXPECT_TRUE(found("cyclone strikes", K::kStory).empty());
  EXPECT_EQ(found("marina flooded", K::kStory), std::set<std::int64_t>{1});
  // Story 2 merged into 1: its entry goes with it.
  assign({}, 2, {{2, 1, 5}});
  EXPECT_TRUE(found("bridge reopens", K::kStory).empty());
  EXPECT_EQ(found("bridge", K::kArticle), std::set<std::int64_t>{v[1].id});
  // Removed and pruned articles leave the index (story 1, left empty, too).
  EXPECT_TRUE(s_->remove_article(v[0].id));
  EXPECT_TRUE(found("cyclone", K::kArticle).empty());
  EXPECT_EQ(found("marina flooded", K::kStory), std::set<std::int64_t>{1});  // v[1] is left
  EXPECT_EQ(s_->prune_before(5000), 1u);
  EXPECT_TRUE(found("bridge", K::kArticle).empty());
  EXPECT_TRUE(found("marina flooded", K::kStory).empty());
  std::vector<Article> fresh{make("https://a/3", "Bridge again", "The bridge closed again.", 9000)};
  s_->add_articles(fresh);
  EXPECT_EQ(found("bridge", K::kArticle), std::set<std::int64_t>{fresh[0].id});
}

// A common word ranks only the newest `rank_window` matching articles (by arrival), so its
// cost is bounded; within them the best match comes first, and pages do not overlap.
TEST_P(StoreSuite, SearchRanksTheNewestMatchesOfACommonWord) {
  std::vector<Article> v;
  // The oldest article matches best (the word three times) but is outside a window of 3.
  v.push_back(make("w0", "Flood", "flood flood flood in the old town.", 1000));
  for (int i = 1; i <= 4; ++i)
    v.push_back(make("w" + std::to_string(i), "Report " + std::to_string(i),
                     std::string(i == 3 ? "flood flood" : "flood") + " reported in district " + std::to_string(i) + ".", 1000 + i));
  s_->add_articles(v);
  store::SearchQuery q;
  q.text = "flood";
  q.rank_window = 3;
  auto hits = s_->search(q);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].id, v[3].id);  // the best of the newest three
  for (const auto& h : hits) EXPECT_NE(h.id, v[0].id);
  EXPECT_NE(hits[0].snippet.size(), 0u);
  q.rank_window = 0;  // every match
  hits = s_->search(q);
  ASSERT_EQ(hits.size(), 5u);
  EXPECT_EQ(hits[0].id, v[0].id);
  q.limit = 2;
  q.offset = 2;
  const auto page = s_->search(q);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, hits[2].id);
  EXPECT_EQ(page[1].id, hits[3].id);
  // Filters apply before the window: the outlet's only match is found however old.
  std::vector<Article> other{make("w9", "Flood", "A flood upstream.", 900, "Other Outlet")};
  s_->add_articles(other);
  q = {};
  q.text = "flood";
  q.rank_window = 2;
  q.outlet = "other outlet";
  hits = s_->search(q);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, other[0].id);
}

TEST_P(StoreSuite, SearchTakesAnyTextAsWords) {
  add(2);
  for (const char* odd : {"\"NEAR( AND OR * -", "\xff\xfe bad utf8", "col:umn ^ $", "", "   "}) {
    store::SearchQuery q;
    q.text = odd;
    EXPECT_NO_THROW(s_->search(q)) << odd;
  }
  store::SearchQuery none;
  none.text = "zzzz";
  EXPECT_TRUE(s_->search(none).empty());
}

// One writer and several readers at once: readers never fail or see a torn state (a story
// listed by rank can always be read), while the writer commits batch after batch.
TEST_P(StoreSuite, ConcurrentReadersNeverWaitOnTheWriter) {
  if (!s_->reader()) GTEST_SKIP() << GetParam().name << " has no second connection";
  constexpr int kBatches = 40;
  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&] {
      auto conn = s_->reader();
      while (!done) {
        try {
          for (const auto& sum : conn->stories_by_rank(5)) {
            const auto st = conn->story(sum.id);
            if (st && st->headline != sum.headline) ++failures;  // same id, same text
          }
          store::SearchQuery q;
          q.text = "number";
          conn->search(q);
          ++reads;
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  auto writer = s_->reader();
  for (int b = 0; b < kBatches; ++b) {
    std::vector<Article> v{make("https://w/" + std::to_string(b), "T", "Text number " + std::to_string(b) + ".", 100 + b)};
    writer->add_articles(v);
    store::ClusterCommit c;
    c.expected_last_story_id = writer->last_story_id();
    c.last_story_id = c.expected_last_story_id + 1;
    c.assignments = {{v[0].id, c.last_story_id, 1, true, 0}};
    c.through = v[0].seq;
    writer->commit_clustering(c);
    for (const auto& cl : writer->claim_stories("w", 10, 1000 + b, 60))
      writer->upsert_story(make_story(cl.story, "S" + std::to_string(cl.story), {v[0].id}, b), cl);
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(s_->story_count(), static_cast<std::size_t>(kBatches));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreSuite, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return std::string(info.param.name); });

// A writer's batch: stories stored and deleted in one transaction, claims settled.
TEST_P(StoreSuite, AWritersBatchStoresAndDeletesTogether) {
  const auto ids = add(3);
  assign({ids[0]}, 1);
  assign({ids[1]}, 2);
  assign({ids[2]}, 3);
  const auto claims = s_->claim_stories("w", 10, 1000, 60);
  ASSERT_EQ(claims.size(), 3u);
  std::vector<store::Store::StoryWrite> writes;
  writes.push_back({claims[0], make_story(claims[0].story, "A", {ids[0]}, 1.0)});
  writes.push_back({claims[1], std::nullopt});
  writes.push_back({claims[2], make_story(claims[2].story, "C", {ids[2]}, 2.0)});
  s_->write_stories(writes);
  EXPECT_EQ(s_->story_count(), 2u);
  EXPECT_EQ(s_->story(claims[0].story)->headline, "A");
  EXPECT_FALSE(s_->story(claims[1].story).has_value());
  EXPECT_EQ(s_->queue_depth(), 0u);
  EXPECT_EQ(s_->stories_by_rank(10).front().headline, "C");
}

// ---- feeds (the crawler's state) ----

namespace {
store::FeedState feed_at(const std::string& url, const std::string& category = "") {
  store::FeedState f;
  f.url = url;
  f.category = category;
  f.title = "Feed " + url;
  f.added = 500;
  return f;
}

// An article made from item `key` of the feed at `feed` (at `url`, else https://KEY.example/).
Article feed_item(const std::string& feed, const std::string& key, const std::string& text, std::string url = "") {
  Article x = make(url.empty() ? "https://" + key + ".example/" : url, "Title " + key, text, 1000);
  x.origin = feed;
  x.item_key = key;
  return x;
}
}  // namespace

TEST_P(StoreSuite, FeedsAreSubscribedOnceAndListedInOrder) {
  auto a = feed_at("https://a.example/feed", "News/World");
  auto b = feed_at("https://b.example/rss");
  EXPECT_TRUE(s_->add_feed(a));
  EXPECT_TRUE(s_->add_feed(b));
  EXPECT_GT(a.id, 0);
  EXPECT_NE(a.id, b.id);
  auto again = feed_at("https://a.example/feed", "Other");
  again.title = "Changed";
  EXPECT_FALSE(s_->add_feed(again));  // already subscribed: nothing changes
  EXPECT_EQ(again.id, a.id);
  const auto all = s_->feeds();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].url, "https://a.example/feed");
  EXPECT_EQ(all[0].category, "News/World");
  EXPECT_EQ(all[0].title, "Feed https://a.example/feed");
  EXPECT_EQ(all[0].added, 500);
  EXPECT_EQ(all[0].last_fetch, 0);
  EXPECT_EQ(all[1].url, "https://b.example/rss");
  EXPECT_FALSE(s_->feed("https://c.example/none"));
  ASSERT_TRUE(s_->feed("https://b.example/rss"));
  EXPECT_EQ(s_->feed("https://b.example/rss")->id, b.id);
}

TEST_P(StoreSuite, FeedStateIsWrittenAndReadBack) {
  auto f = feed_at("https://a.example/feed");
  s_->add_feed(f);
  f.etag = "\"v1\"";
  f.last_modified = "Wed, 02 Dec 2026 10:00:00 GMT";
  f.last_fetch = 1000;
  f.http_status = 503;
  f.error = "HTTP 503 Service Unavailable";
  f.next_fetch = 4600;
  f.error_count = 2;
  f.site_link = "https://a.example/";
  f.added = 9;       // not written by update_feed
  f.item_count = 7;  // counted by the store
  EXPECT_TRUE(s_->update_feed(f));
  const auto got = s_->feed(f.url);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->etag, "\"v1\"");
  EXPECT_EQ(got->last_modified, "Wed, 02 Dec 2026 10:00:00 GMT");
  EXPECT_EQ(got->last_fetch, 1000);
  EXPECT_EQ(got->http_status, 503);
  EXPECT_EQ(got->error, "HTTP 503 Service Unavailable");
  EXPECT_EQ(got->next_fetch, 4600);
  EXPECT_EQ(got->error_count, 2);
  EXPECT_EQ(got->site_link, "https://a.example/");
  EXPECT_EQ(got->added, 500);
  EXPECT_EQ(got->item_count, 0);
  store::FeedState gone;
  gone.id = 12345;
  EXPECT_FALSE(s_->update_feed(gone));
}

TEST_P(StoreSuite, FeedsDueAreTheOnesWhoseTimeHasComeSoonestFirst) {
  auto a = feed_at("https://a.example/1"), b = feed_at("https://b.example/2"), c = feed_at("https://c.example/3");
  s_->add_feed(a);
  s_->add_feed(b);
  s_->add_feed(c);
  a.next_fetch = 300;
  b.next_fetch = 100;
  c.next_fetch = 900;
  s_->update_feed(a);
  s_->update_feed(b);
  s_->update_feed(c);
  auto due = s_->feeds_due(300, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].url, "https://b.example/2");
  EXPECT_EQ(due[1].url, "https://a.example/1");
  EXPECT_EQ(s_->feeds_due(300, 1).size(), 1u);
  EXPECT_TRUE(s_->feeds_due(99, 10).empty());
  EXPECT_EQ(s_->feeds_due(1000, 10).size(), 3u);
}

TEST_P(StoreSuite, SeenItemsAreKeptPerFeedAndReplacedByKey) {
  auto a = feed_at("https://a.example/feed"), b = feed_at("https://b.example/feed");
  s_->add_feed(a);
  s_->add_feed(b);
  s_->record_seen(a.id, {{"guid-1", 11, 101}, {"guid-2", 22, 0}}, 1000);
  s_->record_seen(b.id, {{"guid-1", 99, 201}}, 1000);
  auto seen = s_->seen_items(a.id, {"guid-1", "guid-2", "guid-3"});
  std::sort(seen.begin(), seen.end(), [](const auto& x, const auto& y) { return x.key < y.key; });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].key, "guid-1");
  EXPECT_EQ(seen[0].content_hash, 11);
  EXPECT_EQ(seen[0].article, 101);
  EXPECT_EQ(seen[1].key, "guid-2");
  EXPECT_EQ(seen[1].article, 0);
  // A changed item: same key, new hash.
  s_->record_seen(a.id, {{"guid-1", 12, 101}}, 2000);
  seen = s_->seen_items(a.id, {"guid-1"});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].content_hash, 12);
  // The other feed's item with the same key is its own.
  seen = s_->seen_items(b.id, {"guid-1", "guid-2"});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].content_hash, 99);
  EXPECT_EQ(s_->feed(a.url)->item_count, 2);
  EXPECT_EQ(s_->feed(b.url)->item_count, 1);
}

TEST_P(StoreSuite, RemovingAFeedForgetsItsSeenItemsAndKeepsArticles) {
  const auto ids = add(1);
  auto a = feed_at("https://a.example/feed");
  s_->add_feed(a);
  s_->record_seen(a.id, {{"k", 1, ids[0]}}, 1000);
  EXPECT_TRUE(s_->remove_feed(a.url));
  EXPECT_FALSE(s_->remove_feed(a.url));
  EXPECT_TRUE(s_->feeds().empty());
  EXPECT_TRUE(s_->seen_items(a.id, {"k"}).empty());
  EXPECT_EQ(s_->article_count(), 1u);
  // Subscribing again starts from nothing seen; items recorded for a removed feed are dropped.
  s_->record_seen(a.id, {{"k2", 1, 0}}, 1000);
  auto again = feed_at(a.url);
  EXPECT_TRUE(s_->add_feed(again));
  EXPECT_TRUE(s_->seen_items(again.id, {"k", "k2"}).empty());
}

TEST_P(StoreSuite, FeedStateSurvivesReopening) {
  if (std::string(GetParam().name) == "sqlite_memory") GTEST_SKIP() << "a :memory: store does not outlive its connection";
  auto a = feed_at("https://a.example/feed", "Tech");
  s_->add_feed(a);
  a.etag = "e1";
  a.next_fetch = 777;
  s_->update_feed(a);
  s_->record_seen(a.id, {{"k", 5, 0}}, 1000);
  s_.reset();
  s_ = store::open(location_);
  const auto got = s_->feed(a.url);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->etag, "e1");
  EXPECT_EQ(got->next_fetch, 777);
  EXPECT_EQ(got->category, "Tech");
  EXPECT_EQ(s_->seen_items(a.id, {"k"}).size(), 1u);
}

// A crawler's batch: each feed's state, articles and seen items in one transaction; a
// changed item updates its article; a removed feed's fetch is skipped whole.
TEST_P(StoreSuite, FetchesAreRecordedTogetherPerFeed) {
  auto a = feed_at("https://a.example/feed"), b = feed_at("https://b.example/feed"), gone = feed_at("https://c.example/feed");
  s_->add_feed(a);
  s_->add_feed(b);
  s_->add_feed(gone);
  ASSERT_TRUE(s_->remove_feed(gone.url));
  std::vector<store::Store::FeedFetch> batch(3);
  batch[0].state = a;
  batch[0].state.etag = "e-a";
  batch[0].state.next_fetch = 5000;
  batch[0].articles = {feed_item(a.url, "a1", "One."), feed_item(a.url, "a2", "Two.")};
  batch[0].seen = {{"a1", 11, 0}, {"a2", 12, 0}, {"a3-no-article", 13, 0}};
  batch[1].state = b;
  batch[1].state.error = "malformed: stray '&'";
  batch[2].state = gone;
  batch[2].articles = {feed_item(gone.url, "c1", "Gone.")};
  batch[2].seen = {{"c1", 1, 0}};
  s_->record_fetches(batch, 2000);
  ASSERT_EQ(batch[0].results.size(), 2u);
  EXPECT_EQ(batch[0].results[0].status, AddResult::kInserted);
  EXPECT_EQ(batch[0].results[1].status, AddResult::kInserted);
  EXPECT_TRUE(batch[2].results.empty());
  EXPECT_EQ(s_->article_count(), 2u);
  EXPECT_EQ(s_->feed(a.url)->etag, "e-a");
  EXPECT_EQ(s_->feed(a.url)->next_fetch, 5000);
  EXPECT_EQ(s_->feed(a.url)->item_count, 3);
  EXPECT_EQ(s_->feed(b.url)->error, "malformed: stray '&'");
  auto seen = s_->seen_items(a.id, {"a1", "a2", "a3-no-article"});
  std::sort(seen.begin(), seen.end(), [](const auto& x, const auto& y) { return x.key < y.key; });
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].article, batch[0].results[0].id);
  EXPECT_EQ(seen[1].article, batch[0].results[1].id);
  EXPECT_EQ(seen[2].article, 0);
  EXPECT_EQ(seen[0].content_hash, 11);

  // Next pass: a1 corrected, a2 removed by the user (its tombstone refuses it).
  ASSERT_TRUE(s_->remove_article(batch[0].results[1].id));
  const ArticleId a1 = batch[0].results[0].id;
  std::vector<store::Store::FeedFetch> next(1);
  next[0].state = s_->feed(a.url).value();
  next[0].articles = {feed_item(a.url, "a1", "One, corrected."), feed_item(a.url, "a2", "Two, again.")};
  next[0].seen = {{"a1", 21, 0}, {"a2", 22, 0}};
  s_->record_fetches(next, 3000);
  ASSERT_EQ(next[0].results.size(), 2u);
  EXPECT_EQ(next[0].results[0].status, AddResult::kUpdated);
  EXPECT_EQ(next[0].results[0].id, a1);
  EXPECT_EQ(next[0].results[1].status, AddResult::kRefused);
  EXPECT_EQ(s_->article_count(), 1u);
  EXPECT_EQ(s_->article(a1)->text, "One, corrected.");
  seen = s_->seen_items(a.id, {"a1", "a2"});
  std::sort(seen.begin(), seen.end(), [](const auto& x, const auto& y) { return x.key < y.key; });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].content_hash, 21);
  EXPECT_EQ(seen[0].article, a1);
  EXPECT_EQ(seen[1].article, 0);
}

// A feed that moved permanently: its URL changes, its seen items stay, and the identity of its
// articles and tombstones follows it (a correction still updates its article, a removed item
// stays out); a URL another feed has is refused, nothing changed.
TEST_P(StoreSuite, AMovedFeedKeepsItsSeenItemsArticlesAndTombstones) {
  auto a = feed_at("https://a.example/old"), b = feed_at("https://b.example/feed");
  s_->add_feed(a);
  s_->add_feed(b);
  std::vector<store::Store::FeedFetch> first(1);
  first[0].state = a;
  first[0].state.etag = "e-old";
  first[0].articles = {feed_item(a.url, "a1", "One."), feed_item(a.url, "a2", "Two.")};
  first[0].seen = {{"a1", 11, 0}, {"a2", 12, 0}, {"a3-no-article", 13, 0}};
  s_->record_fetches(first, 2000);
  ASSERT_EQ(first[0].results.size(), 2u);
  const ArticleId a1 = first[0].results[0].id;
  ASSERT_TRUE(s_->remove_article(first[0].results[1].id));

  EXPECT_FALSE(s_->move_feed(a.id, b.url));  // taken: both feeds as they were
  EXPECT_EQ(s_->feed(a.url)->id, a.id);
  EXPECT_EQ(s_->feed(b.url)->id, b.id);
  EXPECT_EQ(s_->article(a1)->origin, a.url);
  EXPECT_FALSE(s_->move_feed(a.id + b.id + 100, "https://c.example/feed"));  // no such feed
  EXPECT_FALSE(s_->feed("https://c.example/feed"));

  const std::string moved = "https://a.example/new";
  EXPECT_TRUE(s_->move_feed(a.id, moved));
  EXPECT_FALSE(s_->feed(a.url));
  const auto got = s_->feed(moved);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, a.id);
  EXPECT_EQ(got->etag, "e-old");
  EXPECT_EQ(got->added, 500);
  EXPECT_EQ(got->item_count, 3);
  EXPECT_EQ(s_->seen_items(a.id, {"a1", "a2", "a3-no-article"}).size(), 3u);
  EXPECT_EQ(s_->article(a1)->origin, moved);
  EXPECT_EQ(s_->feeds().size(), 2u);
  EXPECT_TRUE(s_->move_feed(a.id, moved));  // already there: nothing to do

  // Fetched at its new URL: a1 corrected updates its article, a2 (removed) stays out, and a
  // new item is new.
  std::vector<store::Store::FeedFetch> next(1);
  next[0].state = *got;
  next[0].articles = {feed_item(moved, "a1", "One, corrected."), feed_item(moved, "a2", "Two, corrected."),
                      feed_item(moved, "a4", "Four.")};
  next[0].seen = {{"a1", 21, 0}, {"a2", 22, 0}, {"a4", 24, 0}};
  s_->record_fetches(next, 3000);
  ASSERT_EQ(next[0].results.size(), 3u);
  EXPECT_EQ(next[0].results[0].status, AddResult::kUpdated);
  EXPECT_EQ(next[0].results[0].id, a1);
  EXPECT_EQ(next[0].results[1].status, AddResult::kRefused);
  EXPECT_EQ(next[0].results[2].status, AddResult::kInserted);
  EXPECT_EQ(s_->article_count(), 2u);
  EXPECT_EQ(s_->article(a1)->text, "One, corrected.");

  // The old URL is free again: subscribing to it starts a feed of its own, nothing seen.
  auto again = feed_at(a.url);
  EXPECT_TRUE(s_->add_feed(again));
  EXPECT_NE(again.id, a.id);
  EXPECT_TRUE(s_->seen_items(again.id, {"a1", "a2"}).empty());
}

// A feed that moves to a URL once subscribed as another feed (since removed), whose articles
// are still stored: where both have an article for the same item, the article already at the
// new URL keeps it (one article per feed URL and item) and a later fetch updates that one;
// the moved feed's other articles follow it.
TEST_P(StoreSuite, AMoveOntoTheItemsOfAnEarlierFeedKeepsOneArticlePerItem) {
  const std::string old_url = "https://a.example/old", new_url = "https://a.example/new";
  auto earlier = feed_at(new_url);
  ASSERT_TRUE(s_->add_feed(earlier));
  // (Each feed's item at its own URL: the two feeds have items with the same key.)
  auto item = [](const std::string& feed, const std::string& key, const std::string& text) {
    return feed_item(feed, key, text, "https://" + key + "-" + std::to_string(feed.size()) + ".example/");
  };
  std::vector<store::Store::FeedFetch> first(1);
  first[0].state = earlier;
  first[0].articles = {item(new_url, "k1", "Earlier feed's first item.")};
  first[0].seen = {{"k1", 11, 0}};
  s_->record_fetches(first, 2000);
  ASSERT_EQ(first[0].results.size(), 1u);
  const ArticleId earlier_k1 = first[0].results[0].id;
  ASSERT_TRUE(s_->remove_feed(new_url));  // unsubscribed; its articles stay

  auto a = feed_at(old_url);
  ASSERT_TRUE(s_->add_feed(a));
  std::vector<store::Store::FeedFetch> second(1);
  second[0].state = a;
  second[0].articles = {item(old_url, "k1", "Moved feed's own first item."),
                        item(old_url, "k2", "Moved feed's second item.")};
  second[0].seen = {{"k1", 21, 0}, {"k2", 22, 0}};
  s_->record_fetches(second, 2500);
  ASSERT_EQ(second[0].results.size(), 2u);
  const ArticleId a_k1 = second[0].results[0].id, a_k2 = second[0].results[1].id;
  EXPECT_EQ(s_->article_count(), 3u);

  ASSERT_TRUE(s_->move_feed(a.id, new_url));
  EXPECT_EQ(s_->article_count(), 3u);  // nothing lost
  EXPECT_EQ(s_->article(earlier_k1)->origin, new_url);
  EXPECT_EQ(s_->article(a_k1)->origin, old_url);  // the item was taken at the new URL
  EXPECT_EQ(s_->article(a_k2)->origin, new_url);  // follows the feed

  // Fetched at the new URL: k1 corrected updates the article held there, k2 its own.
  std::vector<store::Store::FeedFetch> next(1);
  next[0].state = *s_->feed(new_url);
  next[0].articles = {item(new_url, "k1", "First item, corrected."), item(new_url, "k2", "Second, corrected.")};
  next[0].seen = {{"k1", 31, 0}, {"k2", 32, 0}};
  s_->record_fetches(next, 3000);
  ASSERT_EQ(next[0].results.size(), 2u);
  EXPECT_EQ(next[0].results[0].status, AddResult::kUpdated);
  EXPECT_EQ(next[0].results[0].id, earlier_k1);
  EXPECT_EQ(next[0].results[1].status, AddResult::kUpdated);
  EXPECT_EQ(next[0].results[1].id, a_k2);
  EXPECT_EQ(s_->article_count(), 3u);
  EXPECT_EQ(s_->article(earlier_k1)->text, "First item, corrected.");
}

// Items gone from their feed for long are forgotten, measured against the feed's own newest
// sighting: a feed that is not read any more forgets nothing. Tombstones stay.
TEST_P(StoreSuite, ItemsGoneFromTheirFeedForLongAreForgotten) {
  constexpr std::int64_t kDay = 86400, kKeep = 90 * kDay;
  auto read = feed_at("https://a.example/feed"), down = feed_at("https://b.example/feed"),
       recent = feed_at("https://c.example/feed");
  s_->add_feed(read);
  s_->add_feed(down);
  s_->add_feed(recent);
  s_->record_seen(read.id, {{"gone-1", 1, 0}, {"gone-2", 2, 0}, {"still", 3, 0}}, 1000);
  s_->record_seen(read.id, {{"still", 3, 0}, {"new", 4, 0}}, 1000 + 100 * kDay);
  s_->record_seen(down.id, {{"old", 5, 0}}, 1000);  // never read since
  s_->record_seen(recent.id, {{"a", 6, 0}}, 1000);
  s_->record_seen(recent.id, {{"b", 7, 0}}, 1000 + 80 * kDay);  // gone for 80 days only
  auto seen = s_->seen_items(read.id, {"still"});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].last_seen, 1000 + 100 * kDay);

  EXPECT_EQ(s_->forget_seen_items(0), 0u);
  EXPECT_EQ(s_->forget_seen_items(kKeep), 2u);
  EXPECT_TRUE(s_->seen_items(read.id, {"gone-1", "gone-2"}).empty());
  EXPECT_EQ(s_->seen_items(read.id, {"still", "new"}).size(), 2u);
  EXPECT_EQ(s_->seen_items(down.id, {"old"}).size(), 1u);
  EXPECT_EQ(s_->seen_items(recent.id, {"a", "b"}).size(), 2u);
  EXPECT_EQ(s_->feed(read.url)->item_count, 2);
  EXPECT_EQ(s_->forget_seen_items(kKeep), 0u);  // nothing more to forget
}

// A removed article whose seen item was forgotten stays out when its item comes back,
// unchanged or changed: its tombstone, not the seen item, keeps it out.
TEST_P(StoreSuite, ForgettingSeenItemsCannotUndoARemoval) {
  constexpr std::int64_t kDay = 86400;
  auto f = feed_at("https://a.example/feed");
  s_->add_feed(f);
  auto item = [&](const std::string& key, const std::string& text) {
    Article x = make("https://" + key + ".example/", "Title " + key, text, 1000);
    x.origin = f.url;
    x.item_key = key;
    return x;
  };
  std::vector<store::Store::FeedFetch> first(1);
  first[0].state = f;
  first[0].articles = {item("removed", "Removed text."), item("kept", "Kept text.")};
  first[0].seen = {{"removed", 1, 0}, {"kept", 2, 0}};
  s_->record_fetches(first, 1000);
  ASSERT_TRUE(s_->remove_article(first[0].results[0].id));
  s_->record_seen(f.id, {{"later", 3, 0}}, 1000 + 200 * kDay);
  EXPECT_EQ(s_->forget_seen_items(90 * kDay), 2u);
  EXPECT_TRUE(s_->seen_items(f.id, {"removed", "kept"}).empty());

  std::vector<store::Store::FeedFetch> back(1);
  back[0].state = *s_->feed(f.url);
  back[0].articles = {item("removed", "Removed text."), item("removed", "Removed text, changed."),
                      item("kept", "Kept text.")};
  back[0].seen = {{"removed", 1, 0}, {"removed", 9, 0}, {"kept", 2, 0}};
  s_->record_fetches(back, 1000 + 201 * kDay);
  ASSERT_EQ(back[0].results.size(), 3u);
  EXPECT_EQ(back[0].results[0].status, AddResult::kRefused);
  EXPECT_EQ(back[0].results[1].status, AddResult::kRefused);
  EXPECT_EQ(back[0].results[2].status, AddResult::kDuplicate);  // the kept article, not a new one
  EXPECT_EQ(back[0].results[2].id, first[0].results[1].id);
  EXPECT_EQ(s_->article_count(), 1u);
}
