// HTTP server (cpp-httplib) over a Store. The store is shared by the handler
// threads behind one mutex: SQLite work per request is small.
#include <httplib.h>

#include <mutex>

#include "serve/serve.h"

namespace storyline::serve {

struct Server::Impl {
  store::Store& store;
  Options options;
  httplib::Server http;
  std::mutex mu;
  int port = 0;

  Impl(store::Store& s, Options o) : store(s), options(std::move(o)) {}

  static void html(httplib::Response& res, const std::string& body, int status = 200) {
    res.status = status;
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(body, "text/html; charset=utf-8");
  }

  static void json(httplib::Response& res, const std::string& body, int status = 200) {
    res.status = status;
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(body, "application/json; charset=utf-8");
  }

  static bool parse_id(const std::string& s, StoryId& id) {
    if (s.empty() || s.size() > 18) return false;
    id = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      id = id * 10 + (c - '0');
    }
    return true;
  }

  void routes() {
    http.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mu);
      html(res, render_front_page(store.top_stories(50)));
    });
    http.Get(R"(/story/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      StoryId id;
      std::lock_guard lock(mu);
      auto s = parse_id(req.matches[1], id) ? store.story(id) : std::nullopt;
      if (!s) return html(res, "<!doctype html><title>Not found</title><p>No such story.</p>", 404);
      html(res, render_story_page(*s, store.articles(s->articles)));
    });
    http.Get("/search", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string q = req.get_param_value("q");
      std::lock_guard lock(mu);
      html(res, render_search_page(q, store.search(q, 30)));
    });
    http.Get("/api/stories", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mu);
      std::string out = "[";
      for (const auto& s : store.top_stories(50)) {
        if (out.size() > 1) out += ",";
        out += story_json(s, store.articles(s.articles));
      }
      json(res, out + "]");
    });
    http.Get(R"(/api/stories/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      StoryId id;
      std::lock_guard lock(mu);
      auto s = parse_id(req.matches[1], id) ? store.story(id) : std::nullopt;
      if (!s) return json(res, R"({"error":"no such story"})", 404);
      json(res, story_json(*s, store.articles(s->articles)));
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                  std::exception_ptr ep) {
      std::string what = "internal error";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      html(res, "<!doctype html><title>Error</title><p>Internal error: " + html_escape(what) + "</p>",
           500);
    });
  }
};

Server::Server(store::Store& store, Options options)
    : impl_(std::make_unique<Impl>(store, std::move(options))) {
  impl_->routes();
}

Server::~Server() { stop(); }

bool Server::bind() {
  if (impl_->options.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(impl_->options.host);
    return impl_->port > 0;
  }
  if (!impl_->http.bind_to_port(impl_->options.host, impl_->options.port)) return false;
  impl_->port = impl_->options.port;
  return true;
}

int Server::port() const { return impl_->port; }

void Server::run() { impl_->http.listen_after_bind(); }

void Server::stop() {
  if (impl_) impl_->http.stop();
}

}  // namespace storyline::serve
