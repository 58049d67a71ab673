// HTTP server (cpp-httplib) over a Store. Each request takes a reader connection from a
// pool (opened on demand with Store::reader, returned after the request), so requests run
// in parallel and never wait on the writer; a store that cannot be shared (":memory:") is
// used by one request at a time. Errors never show an exception's text: pages get an HTML
// error page, /api/ routes a JSON error.
#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cluster/cluster.h"
#include "ingest/ingest.h"
#include "serve/internal.h"
#include "serve/page_routes.h"
#include "serve/serve.h"
#include "text/text.h"

namespace storyline::serve {

std::vector<Ranked> top_stories(store::Store& store, std::size_t limit, std::size_t offset, UnixTime now,
                                std::vector<store::StorySummary>* damaged) {
  // A story's log score at `now` is at most rank_key - now/day + 1 (the growth term is within
  // +-1, the age clamp only lowers it): read by rank_key until no unread story can reach the
  // (offset + limit)-th best score.
  const std::size_t want = offset + limit;
  const double day_now = static_cast<double>(now) / 86400.0;
  std::vector<Ranked> scored;
  const std::size_t chunk = std::max<std::size_t>(64, want * 2);
  for (std::size_t read = 0;;) {
    auto batch = store.stories_by_rank(chunk, read);
    read += batch.size();
    bool done = batch.size() < chunk;
    for (auto& s : batch) {
      if (!s.damaged.empty()) {  // the others are listed
        if (damaged) damaged->push_back(std::move(s));
        continue;
      }
      Ranked r;
      r.log_score = cluster::log_score(s.outlets, s.distinct, s.times, now);
      r.developing = cluster::developing(s.times, now);
      r.story = std::move(s);
      scored.push_back(std::move(r));
    }
    if (!done && scored.size() >= want) {
      std::vector<double> v;
      for (const auto& r : scored) v.push_back(r.log_score);
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(want - 1), v.end(),
                       std::greater<>());
      const double bound = scored.back().story.rank_key - day_now + 1.0;
      if (bound < v[want - 1]) done = true;
    }
    if (done) break;
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Ranked& a, const Ranked& b) {
    return a.log_score != b.log_score ? a.log_score > b.log_score : a.story.id < b.story.id;
  });
  if (offset >= scored.size()) return {};
  scored.erase(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(offset));
  if (scored.size() > limit) scored.resize(limit);
  return scored;
}

namespace {

constexpr std::size_t kPage = 50;

nlohmann::json summary_json(const Ranked& r) {
  const auto& s = r.story;
  return {{"id", s.id},
          {"date", s.event_date},
          {"headline", s.headline},
          {"standfirst", s.standfirst},
          {"articles", s.articles},
          {"outlets", s.outlet_names},
          {"outlet_count", s.outlets},
          {"score", std::exp2(r.log_score)},
          {"developing", r.developing},
          {"first_seen", s.first_seen ? nlohmann::json(format_iso8601(s.first_seen)) : nlohmann::json(nullptr)},
          {"last_seen", s.last_seen ? nlohmann::json(format_iso8601(s.last_seen)) : nlohmann::json(nullptr)},
          {"updated", s.updated ? nlohmann::json(format_iso8601(s.updated)) : nlohmann::json(nullptr)}};
}

}  // namespace

struct Server::Impl {
  store::Store& primary;
  Options options;
  httplib::Server http;
  std::mutex pool_mu;
  std::vector<std::unique_ptr<store::Store>> pool;  // idle reader connections
  std::atomic<bool> shareable{true};  // false once reader() says the store cannot be shared
  std::mutex primary_mu;  // guards `primary` when it cannot be shared
  int port = 0;
  std::atomic<bool> run_started{false}, run_finished{false}, stop_requested{false};
  socket_t listen_fd = -1;  // the listening socket (set by the socket options callback)
  detail::Metrics metrics;
  detail::RateLimiter post_limiter;
  detail::ResponseCache cache;
  detail::LayerContext layer;
  detail::ApiContext api;

  Impl(store::Store& s, Options o)
      : primary(s),
        options(std::move(o)),
        post_limiter(options.post_per_second, options.post_burst),
        cache(options.cache_bytes) {}

  // The public address: --base-url, or where the server listens.
  std::string base_url() const {
    std::string b = options.base_url;
    while (!b.empty() && b.back() == '/') b.pop_back();
    if (!b.empty()) return b;
    return "http://" + options.host + ":" + std::to_string(port);
  }

  // The shared layer, the /api/v1 routes beyond stories, feeds out (src/serve/http_layer.cpp,
  // api_v1.cpp, feeds_out.cpp).
  void install_layer_and_api() {
    layer.options = &options;
    layer.metrics = &metrics;
    layer.post_limiter = &post_limiter;
    if (options.cache_bytes) layer.cache = &cache;
    layer.stamp = [this] {
      Conn c(*this);
      return detail::ResponseCache::Stamp{c->version(), clock(*c) / 60};
    };
    layer.base_url = [this] { return base_url(); };
    layer.error = [](const httplib::Request& req, httplib::Response& res, int status, const std::string& msg) {
      error(req, res, status, msg);
    };
    detail::install_http_layer(http, layer);
    api.options = &options;
    api.metrics = &metrics;
    api.cache = options.cache_bytes ? &cache : nullptr;
    api.base_url = [this] { return base_url(); };
    api.with_store = [this](const std::function<void(store::Store&)>& fn) {
      Conn c(*this);
      fn(*c);
    };
    api.clock = [this](store::Store& s) { return clock(s); };
    detail::register_api_v1(http, api);
    detail::register_feeds_out(http, api);
  }

  // A connection for one request: a pooled reader, or the primary under its lock.
  class Conn {
   public:
    explicit Conn(Impl& impl) : impl_(impl) {
      if (impl_.shareable) {
        std::lock_guard lock(impl_.pool_mu);
        if (!impl_.pool.empty()) {
          own_ = std::move(impl_.pool.back());
          impl_.pool.pop_back();
        }
      }
      if (!own_ && impl_.shareable) {
        own_ = impl_.primary.reader();
        if (!own_) impl_.shareable = false;
      }
      if (!own_) lock_ = std::unique_lock(impl_.primary_mu);
    }
    ~Conn() {
      if (own_) {
        std::lock_guard lock(impl_.pool_mu);
        impl_.pool.push_back(std::move(own_));
      }
    }
    store::Store& operator*() { return own_ ? *own_ : impl_.primary; }
    store::Store* operator->() { return &**this; }

   private:
    Impl& impl_;
    std::unique_ptr<store::Store> own_;
    std::unique_lock<std::mutex> lock_;
  };

  static void common_headers(httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
  }

  static void html(httplib::Response& res, const std::string& body, int status = 200) {
    res.status = status;
    common_headers(res);
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'");
    res.set_content(body, "text/html; charset=utf-8");
  }

  static void json(httplib::Response& res, const std::string& body, int status = 200) {
    detail::send_json(res, detail::json_html_safe(body), status);
  }

  static void json_error(httplib::Response& res, int status, const std::string& message) {
    detail::send_json_error(res, status, message);
  }

  static void html_error(httplib::Response& res, int status, const std::string& message) {
    html(res, render_error_page(status, message), status);
  }

  static bool is_api(const httplib::Request& req) { return req.path.rfind("/api/", 0) == 0; }

  static void error(const httplib::Request& req, httplib::Response& res, int status, const std::string& message) {
    if (is_api(req))
      json_error(res, status, message);
    else
      html_error(res, status, message);
  }

  UnixTime clock(store::Store& s) { return cluster::reading_clock(storyline::now(), s.newest_published()); }

  void routes() {
    install_layer_and_api();
    // ---- the HTML reader ----
    http.Get("/", [this](const httplib::Request& req, httplib::Response& res) { front_page(req, res, ""); });
    http.Get(R"(/section/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      if (section_title(req.matches[1]).empty()) return html_error(res, 404, "There is no such section.");
      front_page(req, res, req.matches[1]);
    });
    http.Get(R"(/story/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) { story_page(req, res); });
    http.Get(R"(/article/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::int64_t id;
      if (!detail::parse_number(req.matches[1], id)) return html_error(res, 404, "There is no such article.");
      Conn c(*this);
      const auto a = c->assignment(id);
      if (a && a->story) return res.set_redirect("/story/" + std::to_string(a->story), 302);
      if (!c->article(id)) return html_error(res, 404, "There is no such article.");
      html_error(res, 404, "This article is not part of a story yet; it will be within seconds. Try again shortly.");
    });
    http.Get("/search", [this](const httplib::Request& req, httplib::Response& res) { search_page(req, res); });
    http.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
      Conn c(*this);
      const auto st = c->stats();
      json(res, nlohmann::json{{"status", "ok"},
                               {"articles", st.articles},
                               {"stories", st.stories},
                               {"queued", st.queued},
                               {"unclustered", st.last_sequence - st.clustered_through}}
                    .dump());
    });
    auto list = [this](const httplib::Request& req, httplib::Response& res) {
      std::int64_t offset = 0;
      if (req.has_param("cursor") && (!detail::parse_number(req.get_param_value("cursor"), offset) || offset > 1000000))
        return json_error(res, 400, "bad cursor");
      Conn c(*this);
      const UnixTime now = clock(*c);
      const auto top = top_stories(*c, kPage + 1, static_cast<std::size_t>(offset), now);
      nlohmann::json stories = nlohmann::json::array();
      for (std::size_t i = 0; i < top.size() && i < kPage; ++i) stories.push_back(summary_json(top[i]));
      nlohmann::json out = {{"stories", stories},
                            {"next", top.size() > kPage ? nlohmann::json(std::to_string(offset + kPage))
                                                        : nlohmann::json(nullptr)}};
      json(res, out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    };
    http.Get("/api/v1/stories", list);
    http.Get("/api/stories", list);
    auto one = [this](const httplib::Request& req, httplib::Response& res) {
      std::int64_t id;
      if (!detail::parse_number(req.matches[1], id)) return json_error(res, 404, "no such story");
      Conn c(*this);
      std::optional<Story> s;
      try {
        s = c->story(id);
      } catch (const store::StoryDamaged&) {
        return json_error(res, 500, "story damaged in the store; `storyline digest --rebuild` writes it again");
      }
      if (!s) {
        if (const auto into = c->merged_into(id))
          return json(res, nlohmann::json{{"error", "story merged"}, {"status", 404}, {"merged_into", *into}}.dump(), 404);
        return json_error(res, 404, "no such story");
      }
      const UnixTime now = clock(*c);
      s->score = std::exp2(cluster::log_score(s->outlets, s->distinct, s->times, now));
      json(res, story_json(*s, c->article_refs(s->articles)));
    };
    http.Get(R"(/api/v1/stories/([^/]+))", one);
    http.Get(R"(/api/stories/([^/]+))", one);
    http.Post("/api/v1/articles", [this](const httplib::Request& req, httplib::Response& res) { post_articles(req, res); });

    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a route already answered
      const int status = res.status;
      const std::string msg = status == 404 ? "Not found." : status == 405 ? "Method not allowed." : "Request failed.";
      error(req, res, status, msg);
    });
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown";
      bool unavailable = false;
      try {
        std::rethrow_exception(ep);
      } catch (const store::StoreUnavailable& e) {
        what = e.what();
        unavailable = true;
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      // The reason goes to the log, never to the client.
      spdlog::error("{} {}: {}", req.method, req.path, what);
      error(req, res, unavailable ? 503 : 500,
            unavailable ? "The store is unavailable for now; try again shortly." : "Internal error.");
    });
  }

  // The reader's pages (page_routes.cpp answers; this sends).
  static void send(httplib::Response& res, const PageAnswer& a) {
    if (!a.redirect.empty()) return res.set_redirect(a.redirect, a.status);
    html(res, a.body, a.status);
  }
  void front_page(const httplib::Request& req, httplib::Response& res, const std::string& section) {
    Conn c(*this);
    send(res, front_page_answer(*c, req, section, clock(*c), base_url()));
  }
  void story_page(const httplib::Request& req, httplib::Response& res) {
    Conn c(*this);
    send(res, story_page_answer(*c, req.matches[1], clock(*c), base_url()));
  }
  void search_page(const httplib::Request& req, httplib::Response& res) {
    Conn c(*this);
    send(res, search_page_answer(*c, req, options.max_query_bytes));
  }

  void post_articles(const httplib::Request& req, httplib::Response& res) {
    if (options.token.empty()) return json_error(res, 404, "ingest over HTTP is off (start `storyline run` with --token)");
    const std::string auth = req.get_header_value("Authorization");
    if (auth != "Bearer " + options.token) {
      res.set_header("WWW-Authenticate", "Bearer");
      return json_error(res, 401, "missing or wrong bearer token");
    }
    if (req.body.size() > options.max_body_bytes)
      return json_error(res, 413, "body over " + std::to_string(options.max_body_bytes) + " bytes (max_body_bytes)");
    std::vector<Article> articles;
    std::vector<std::size_t> indexes;
    std::vector<Rejected> rejected;
    std::string why;
    if (!parse_article_post(req.body, req.get_header_value("Content-Type"), articles, indexes, rejected, why))
      return json_error(res, why.rfind("unsupported content type", 0) == 0 ? 415 : 400, why);
    ingest::Options io;
    io.max_article_bytes = options.max_article_bytes;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < articles.size(); ++i) {
      ingest::finish_article(articles[i], io);
      if (articles[i].origin.empty()) articles[i].origin = "http:" + std::to_string(indexes[i]);
      if (std::string limit = ingest::check_limits(articles[i], io); !limit.empty()) {
        rejected.push_back({indexes[i], limit});
        continue;
      }
      if (kept != i) {
        articles[kept] = std::move(articles[i]);
        indexes[kept] = indexes[i];
      }
      ++kept;
    }
    articles.resize(kept);
    indexes.resize(kept);
    std::size_t accepted = 0;
    if (!articles.empty()) {
      Conn c(*this);
      const auto results = c->add_articles(articles);  // durable on return
      for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].status == store::AddResult::kRefused)
          rejected.push_back({indexes[i], "removed earlier; not added again"});
        else
          ++accepted;
      }
    }
    metrics.posted_articles += accepted;
    std::sort(rejected.begin(), rejected.end(), [](const Rejected& a, const Rejected& b) { return a.index < b.index; });
    nlohmann::json rej = nlohmann::json::array();
    for (const auto& r : rejected) rej.push_back({{"index", r.index}, {"error", r.error}});
    json(res, nlohmann::json{{"accepted", accepted}, {"rejected", rej}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 202);
    if (accepted && options.on_ingest) options.on_ingest();
  }
};

Server::Server(store::Store& store, Options options)
    : impl_(std::make_unique<Impl>(store, std::move(options))) {
  // spdlog's registry is a function-local static inside libspdlog: built here, on the thread
  // that starts the server, before any request thread logs (two request threads building it
  // at once rely on a guard TSan cannot see in the uninstrumented library).
  spdlog::default_logger_raw();
  text::warm_up();  // ICU's shared data likewise (a POST normalizes text on request threads)
  impl_->routes();
  impl_->http.set_payload_max_length(impl_->options.max_body_bytes + 1);
  impl_->http.set_read_timeout(impl_->options.read_timeout_seconds, 0);
  impl_->http.set_write_timeout(impl_->options.write_timeout_seconds, 0);
  // Headers and body leave in separate writes: without TCP_NODELAY, Nagle's algorithm holds
  // the body until the client's delayed ACK (about 40 ms a response).
  impl_->http.set_tcp_nodelay(true);
  impl_->http.set_keep_alive_timeout(5);
  impl_->http.set_keep_alive_max_count(1000);
  // A keep-alive connection holds its worker thread: enough workers for many readers at once
  // (requests are short; the CPU is shared, so the cost is only their stacks).
  impl_->http.new_task_queue = [] { return new httplib::ThreadPool(96); };
  // SO_REUSEADDR only (rebinding at once after our own restart); never SO_REUSEPORT, so a
  // port that another process holds is refused instead of shared.
  impl_->http.set_socket_options([impl = impl_.get()](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
    impl->listen_fd = sock;  // the last socket made for listening (see bind())
  });
}

Server::~Server() { stop(); }

bool Server::bind() {
  if (impl_->options.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(impl_->options.host);
    if (impl_->port <= 0) return false;
  } else {
    if (!impl_->http.bind_to_port(impl_->options.host, impl_->options.port)) return false;
    impl_->port = impl_->options.port;
  }
  // httplib (as Debian builds it) listens with a backlog of 5: many clients connecting at
  // once would see their SYNs dropped and retried a second later. Linux takes a second
  // listen() on a listening socket as a new backlog.
  int listening = 0;
  socklen_t len = sizeof listening;
  if (impl_->listen_fd >= 0 && getsockopt(impl_->listen_fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening)
    ::listen(impl_->listen_fd, 1024);
  return true;
}

int Server::port() const { return impl_->port; }

void Server::run() {
  impl_->run_started = true;
  if (!impl_->stop_requested) impl_->http.listen_after_bind();
  impl_->run_finished = true;
}

void Server::stop() {
  if (!impl_) return;
  impl_->stop_requested = true;
  // httplib's stop() does nothing before its loop runs: when run() has begun but is not
  // listening yet, wait until it is (a run() not begun yet sees stop_requested and returns).
  while (impl_->run_started && !impl_->run_finished && !impl_->http.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->http.stop();
}

}  // namespace storyline::serve
