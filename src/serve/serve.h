// serve: the web reader and JSON API over a Store: a front page of stories ranked at the
// moment of the request, story pages with their sources, search, /api/v1 (stories, a
// story, POSTed articles), /healthz. Server-rendered HTML; every text that comes from an
// article or a user is HTML-escaped. Requests run on a thread pool, each on a reader
// connection of its own (WAL: reads never wait on writers).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "store/store.h"

namespace storyline::serve {

// A story as a list shows it, with its score at the reader's clock.
struct Ranked {
  store::StorySummary story;
  double log_score = 0;   // log2 of the score at `now` (cluster::log_score)
  bool developing = false;
};
// The best stories at clock `now`, `offset` to `offset + limit`: fetched by the store's
// time-independent rank key and rescored exactly at `now` (see cluster::rank_key).
std::vector<Ranked> top_stories(store::Store& store, std::size_t limit, std::size_t offset, UnixTime now);

// HTML-escapes & < > " '.
std::string html_escape(std::string_view s);
// "3 h ago", "2 days ago", "just now" (or "in 2 h" for a time after `now`).
std::string relative_time(UnixTime t, UnixTime now);

// Page renderers (pure; used by the server and tested directly).
std::string render_front_page(const std::vector<Ranked>& stories, UnixTime now,
                              const std::string& query = {});
std::string render_story_page(const Story& story, const std::vector<store::ArticleRef>& sources);
std::string render_search_page(const std::string& query, const std::vector<store::SearchHit>& hits);
// A story with its sources (`storyline digest --format json`, /api/v1/stories/{id}).
std::string story_json(const Story& story, const std::vector<store::ArticleRef>& sources);

// What a POST of articles gives: how many were accepted and which were refused.
struct Rejected {
  std::size_t index = 0;
  std::string error;
};
// Reads a POST body of articles: one JSON object, a JSON array of them, or JSON Lines
// (`application/x-ndjson`), each in the JSON Lines ingest format. Fills `articles` with the
// readable items (in order, with their index in `indexes`) and `rejected` with the others;
// returns false with `error` when the body as a whole cannot be read.
bool parse_article_post(std::string_view body, std::string_view content_type,
                        std::vector<Article>& articles, std::vector<std::size_t>& indexes,
                        std::vector<Rejected>& rejected, std::string& error);

struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;              // 0 = any free port
  std::string token;            // bearer token for POST /api/v1/articles ("" = endpoint off)
  std::size_t max_body_bytes = 32u << 20;  // larger POST bodies get 413
  // Called after articles were stored by a POST (the engine wakes up).
  std::function<void()> on_ingest;
};

class Server {
 public:
  // `store` is the primary connection; each request thread opens its own reader from it
  // (Store::reader), or shares `store` under a lock when it cannot be shared (":memory:").
  Server(store::Store& store, Options options);
  ~Server();
  // Binds the socket (refusing a port another process holds); false when it cannot.
  bool bind();
  // Port actually bound (after bind()).
  int port() const;
  // Serves until stop() (blocking).
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storyline::serve
