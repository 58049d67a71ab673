// serve: the web reader over a Store: a front page of ranked stories, story pages
// with their sources, search, and a JSON API. Server-rendered HTML; every text
// that comes from an article is HTML-escaped.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "store/store.h"

namespace storyline::serve {

struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port
};

// HTML-escapes & < > " '.
std::string html_escape(std::string_view s);

// Page renderers (pure; used by the server and tested directly).
std::string render_front_page(const std::vector<Story>& stories, const std::string& query = {});
std::string render_story_page(const Story& story, const std::vector<Article>& sources);
std::string render_search_page(const std::string& query, const std::vector<store::SearchHit>& hits);
std::string story_json(const Story& story, const std::vector<Article>& sources);

class Server {
 public:
  Server(store::Store& store, Options options);
  ~Server();
  // Binds the socket; returns false when the address cannot be bound.
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
