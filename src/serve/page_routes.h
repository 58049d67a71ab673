// The reader's routes as functions of the store and the request (server.cpp sends what they
// answer): the page, or an error page with its 4xx status, or a redirect.
#pragma once

#include <httplib.h>

#include <string>

#include "serve/serve.h"

namespace storyline::serve {

struct PageAnswer {
  int status = 200;
  std::string body;      // HTML
  std::string redirect;  // a Location (status 301/302) instead of a body
};

// `/` and `/section/{name}` (?page=N; a page past the last is a 404 page).
PageAnswer front_page_answer(store::Store& store, const httplib::Request& req, const std::string& section, UnixTime now,
                             const std::string& base_url);
// `/story/{id}` (a merged story redirects to the one it went into).
PageAnswer story_page_answer(store::Store& store, const std::string& id, UnixTime now, const std::string& base_url);
// `/search?q=&from=&to=&outlet=&page=`.
PageAnswer search_page_answer(store::Store& store, const httplib::Request& req, std::size_t max_query_bytes);

}  // namespace storyline::serve
