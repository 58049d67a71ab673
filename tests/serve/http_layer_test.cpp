// The layer every request passes through: methods (405 with Allow, HEAD as GET), ETag /
// Cache-Control / 304, bounds on /api/ query strings, per-client POST limits, timeouts on
// slow clients, the access log and --base-url.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "serve/internal.h"
#include "serve/serve_fixture.h"

using namespace storyline;
using namespace storyline::testing;
using nlohmann::json;

TEST(HttpLayer, EtagMatchingFollowsIfNoneMatchRules) {
  const std::string tag = serve::detail::etag_of("body");
  EXPECT_EQ(tag.size(), 18u);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_NE(tag, serve::detail::etag_of("body2"));
  EXPECT_TRUE(serve::detail::etag_matches(tag, tag));
  EXPECT_TRUE(serve::detail::etag_matches("\"x\", " + tag, tag));
  EXPECT_TRUE(serve::detail::etag_matches("W/" + tag, tag));
  EXPECT_TRUE(serve::detail::etag_matches("*", tag));
  EXPECT_FALSE(serve::detail::etag_matches("\"x\"", tag));
  EXPECT_FALSE(serve::detail::etag_matches("", tag));
}

TEST(HttpLayer, RateLimiterRefillsAtItsRate) {
  serve::detail::RateLimiter limiter(2, 3);  // 2 a second, 3 at once
  double wait = 0;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("a", 100.0, wait));
  EXPECT_FALSE(limiter.allow("a", 100.0, wait));
  EXPECT_DOUBLE_EQ(wait, 0.5);
  EXPECT_TRUE(limiter.allow("b", 100.0, wait));  // per client
  EXPECT_TRUE(limiter.allow("a", 100.5, wait));  // one token back after 0.5 s
  EXPECT_FALSE(limiter.allow("a", 100.5, wait));
}

// Every read carries an ETag and Cache-Control; If-None-Match gives 304 with no body; the
// ETag changes when what the response shows changes.
TEST(Server, ReadsCarryValidatorsAndAnswer304) {
  const std::string path = temp_file("etag");
  Running r(path);
  httplib::Client c("127.0.0.1", r.server->port());
  std::map<std::string, std::string> tags;
  for (const char* p : {"/", "/story/42", "/search?q=brussels", "/section/world", "/feed.rss", "/feed.atom",
                        "/feed.json", "/api/v1/stories", "/api/v1/stories/42", "/api/v1/articles",
                        "/api/v1/search?q=brussels", "/api/v1/feeds", "/api/v1/openapi.json"}) {
    auto res = c.Get(p);
    ASSERT_TRUE(res) << p;
    EXPECT_EQ(res->status, 200) << p;
    const std::string tag = res->get_header_value("ETag");
    EXPECT_EQ(tag, serve::detail::etag_of(res->body)) << p;
    EXPECT_FALSE(res->get_header_value("Cache-Control").empty()) << p;
    auto again = c.Get(p, {{"If-None-Match", tag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304) << p;
    EXPECT_TRUE(again->body.empty()) << p;
    EXPECT_EQ(again->get_header_value("ETag"), tag) << p;
    tags[p] = tag;
  }
  // The story changes: its page, the front page, the lists and the feeds change their ETag.
  {
    auto writer = store::open(path);
    const ArticleId b = add_article(*writer, "https://example.com/b", "other.org", "Second report",
                                    "Hegseth met ministers in Brussels on Wednesday.", 1739318400);
    write_story(*writer, 42, {1, b}, "Hegseth meets ministers");
  }
  for (const char* p : {"/", "/story/42", "/api/v1/stories", "/api/v1/stories/42", "/feed.rss", "/api/v1/articles"}) {
    auto res = c.Get(p, {{"If-None-Match", tags[p]}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << p;
    EXPECT_NE(res->get_header_value("ETag"), tags[p]) << p;
  }
  // Errors are never cached.
  auto missing = c.Get("/story/9999");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->get_header_value("Cache-Control"), "no-store");
  EXPECT_TRUE(missing->get_header_value("ETag").empty());
}

TEST(Server, HeadIsGetWithoutABodyAndOtherMethodsGet405) {
  Running r(temp_file("methods"));
  httplib::Client c("127.0.0.1", r.server->port());
  auto get = c.Get("/story/42");
  auto head = c.Head("/story/42");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->get_header_value("ETag"), get->get_header_value("ETag"));
  auto head_api = c.Head("/api/v1/stories/42");
  ASSERT_TRUE(head_api);
  EXPECT_EQ(head_api->status, 200);

  auto post_page = c.Post("/", "x", "text/plain");
  ASSERT_TRUE(post_page);
  EXPECT_EQ(post_page->status, 405);
  EXPECT_EQ(post_page->get_header_value("Allow"), "GET, HEAD");
  EXPECT_NE(post_page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(post_page->body.find("Method not allowed"), std::string::npos);
  auto del_api = c.Delete("/api/v1/stories/42");
  ASSERT_TRUE(del_api);
  EXPECT_EQ(del_api->status, 405);
  EXPECT_EQ(json::parse(del_api->body)["status"], 405);
  auto put_articles = c.Put("/api/v1/articles", "{}", "application/json");
  ASSERT_TRUE(put_articles);
  EXPECT_EQ(put_articles->status, 405);
  EXPECT_EQ(put_articles->get_header_value("Allow"), "GET, HEAD, POST");
  auto get_admin = c.Get("/api/v1/admin/rebuild");
  ASSERT_TRUE(get_admin);
  EXPECT_EQ(get_admin->status, 405);
  EXPECT_EQ(get_admin->get_header_value("Allow"), "POST");
  auto options = c.Options("/search");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status, 405);
}

// Query strings that are huge, malformed, in invalid UTF-8 or full of search syntax; page
// numbers out of range; unknown ids: a clear 4xx (JSON on /api/), never a 500.
TEST(Server, BadQueriesAreClear4xxNever500) {
  Running r(temp_file("badq"));
  httplib::Client c("127.0.0.1", r.server->port());
  struct Case {
    std::string path;
    int status;
  };
  const std::vector<Case> cases = {
      {"/search?q=" + std::string(600, 'a'), 400},
      {"/search?q=%FF%FE%22NEAR(", 200},
      {"/search?q=%22%2A%28%29%3A%5E-NOT+OR+AND+NEAR%2F3+%7B%7D", 200},
      {"/search?q=nato&from=2025-13-01", 400},
      {"/search?q=nato&from=2025-02-30", 400},
      {"/search?q=nato&from=2025-02-12&to=2025-02-10", 400},
      {"/search?q=nato&page=0", 404},
      {"/search?q=nato&page=x", 400},
      {"/search?q=nato&page=99999999999999999999", 400},
      {"/?page=0", 404},
      {"/?page=2", 404},
      {"/?page=1e3", 400},
      {"/section/nowhere", 404},
      {"/section/world?page=5", 404},
      {"/story/0", 404},
      {"/story/99999999999999999999999", 404},
      {"/story/-1", 404},
      {"/article/abc", 404},
      {"/api/v1/stories/abc", 404},
      {"/api/v1/stories?cursor=-1", 400},
      {"/api/v1/articles/999", 404},
      {"/api/v1/articles?limit=0", 400},
      {"/api/v1/articles?limit=201", 400},
      {"/api/v1/search", 400},
      {"/api/v1/search?q=" + std::string(600, 'a'), 400},
      {"/api/v1/search?q=%FF", 400},
      {"/api/v1/search?q=a&kind=people", 400},
      {"/api/v1/search?q=a&since=yesterday", 400},
      {"/api/v1/search?q=a&offset=5000", 400},
      {"/api/v1/search?q=%22NEAR(%2A", 200},
      {"/api/v1/stories?x=" + std::string(3000, 'b'), 400},
      {"/feed.rss?q=%FF", 400},
      {"/section/nowhere/feed.atom", 404},
      {"/nowhere", 404},
  };
  for (const auto& k : cases) {
    auto res = c.Get(k.path);
    ASSERT_TRUE(res) << k.path;
    EXPECT_EQ(res->status, k.status) << k.path.substr(0, 80) << " " << res->body.substr(0, 200);
    if (k.path.rfind("/api/", 0) == 0 && k.status >= 400) {
      EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8") << k.path;
      EXPECT_EQ(json::parse(res->body)["status"], k.status) << k.path;
    }
  }
}

TEST(Server, PostsArePerClientLimited) {
  Running r(temp_file("limit"), "sekret", [](serve::Options& o) {
    o.post_per_second = 0.001;  // nothing comes back within the test
    o.post_burst = 2;
  });
  httplib::Client c("127.0.0.1", r.server->port());
  const httplib::Headers auth{{"Authorization", "Bearer sekret"}};
  const std::string one = R"({"url":"https://n/1","title":"One","text":"First text."})";
  for (int i = 0; i < 2; ++i) {
    auto ok = c.Post("/api/v1/articles", auth, one, "application/json");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 202);
  }
  auto limited = c.Post("/api/v1/articles", auth, one, "application/json");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_GT(std::stol(limited->get_header_value("Retry-After")), 0);
  EXPECT_EQ(json::parse(limited->body)["status"], 429);
  // Reading is never limited.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Get("/api/v1/stories")->status, 200);
}

// A client that sends half a request and stalls is cut off after the read timeout.
TEST(Server, SlowClientsAreCutOff) {
  Running r(temp_file("slow"), {}, [](serve::Options& o) { o.read_timeout_seconds = 1; });
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(r.server->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string partial = "GET / HTTP/1.1\r\nHost: x\r\n";  // no end of headers
  ASSERT_EQ(send(fd, partial.data(), partial.size(), 0), static_cast<ssize_t>(partial.size()));
  timeval most{30, 0};  // far past the 1 s timeout: only a server that never cuts off fails
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &most, sizeof most);
  char buf[4096];
  ssize_t n;
  std::string got;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) got.append(buf, static_cast<std::size_t>(n));
  EXPECT_EQ(n, 0) << "the connection was not closed by the server";
  EXPECT_EQ(got.find("200 OK"), std::string::npos);
  close(fd);
}

TEST(Server, BaseUrlIsUsedInFeedsOpenApiAndCanonicalLinks) {
  Running r(temp_file("base"), {}, [](serve::Options& o) { o.base_url = "https://news.example.org/"; });
  httplib::Client c("127.0.0.1", r.server->port());
  auto api = c.Get("/api/v1/openapi.json");
  ASSERT_TRUE(api);
  EXPECT_EQ(json::parse(api->body)["servers"][0]["url"], "https://news.example.org");
  auto rss = c.Get("/feed.rss");
  ASSERT_TRUE(rss);
  EXPECT_NE(rss->body.find("<link>https://news.example.org/story/42</link>"), std::string::npos);
  auto page = c.Get("/story/42");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("<link rel=\"canonical\" href=\"https://news.example.org/story/42\">"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Link"), "<https://news.example.org/story/42>; rel=\"canonical\"");
  auto front = c.Get("/");
  EXPECT_NE(front->body.find("<link rel=\"canonical\" href=\"https://news.example.org/\">"), std::string::npos);
  EXPECT_NE(front->body.find("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"/feed.rss\">"),
            std::string::npos);
}

// One structured line per request: method, route, path, status, bytes, time, client.
TEST(Server, AccessLogHasOneStructuredLinePerRequest) {
  auto out = std::make_shared<std::ostringstream>();
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*out);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  {
    Running r(temp_file("log"), {}, [](serve::Options& o) { o.access_log = true; });
    httplib::Client c("127.0.0.1", r.server->port());
    c.Get("/story/42");
    c.Get("/nowhere?x=\"quoted\"");
  }
  spdlog::set_default_logger(previous);
  const std::string log = out->str();
  EXPECT_NE(log.find("access method=GET route=/story/{id} path=\"/story/42\" status=200 bytes="), std::string::npos) << log;
  EXPECT_NE(log.find("access method=GET route=other path=\"/nowhere\" status=404"), std::string::npos) << log;
  EXPECT_NE(log.find("client=127.0.0.1"), std::string::npos);
}
