#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "serve/serve.h"
#include "serve/serve_fixture.h"

using namespace storyline;
using namespace storyline::testing;
using nlohmann::json;


TEST(Server, ServesFrontStorySearchAndApi) {
  Running r(":memory:");
  httplib::Client c("127.0.0.1", r.server->port());
  auto front = c.Get("/");
  ASSERT_TRUE(front);
  EXPECT_EQ(front->status, 200);
  EXPECT_NE(front->body.find("Hegseth in &lt;Brussels&gt;"), std::string::npos);
  EXPECT_NE(front->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);

  auto story = c.Get("/story/42");
  ASSERT_TRUE(story);
  EXPECT_EQ(story->status, 200);
  EXPECT_NE(story->body.find("He arrives in Brussels."), std::string::npos);
  EXPECT_EQ(story->body.find("<script>x()"), std::string::npos);
  EXPECT_NE(story->body.find("&lt;script&gt;x()"), std::string::npos);

  auto search = c.Get("/search?q=brussels");
  ASSERT_TRUE(search);
  EXPECT_NE(search->body.find("<mark>Brussels</mark>"), std::string::npos);

  auto api = c.Get("/api/v1/stories/42");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/json; charset=utf-8");
  const json one = json::parse(api->body);
  EXPECT_EQ(one["date"], "2025-02-11");
  EXPECT_EQ(one["headline"], "Hegseth in <Brussels>");

  auto list = c.Get("/api/v1/stories");
  ASSERT_TRUE(list);
  const json page = json::parse(list->body);
  ASSERT_EQ(page["stories"].size(), 1u);
  const json& s = page["stories"][0];
  EXPECT_EQ(s["id"], 42);
  EXPECT_EQ(s["headline"], "Hegseth in <Brussels>");
  EXPECT_EQ(s["standfirst"], "Hegseth visits NATO.");
  EXPECT_EQ(s["articles"].size(), 1u);
  EXPECT_EQ(s["outlets"], json::array({"example.com"}));
  EXPECT_GT(s["score"].get<double>(), 0.0);
  EXPECT_TRUE(page["next"].is_null());
}

TEST(Server, AnEmptyStoreAnswersWithNoStories) {
  auto db = store::open(":memory:");
  serve::Server server(*db, {"127.0.0.1", 0});
  ASSERT_TRUE(server.bind());
  std::thread t([&] { server.run(); });
  httplib::Client c("127.0.0.1", server.port());
  auto list = c.Get("/api/v1/stories");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_EQ(json::parse(list->body), (json{{"stories", json::array()}, {"next", nullptr}}));
  auto front = c.Get("/");
  ASSERT_TRUE(front);
  EXPECT_NE(front->body.find("No stories yet"), std::string::npos);
  server.stop();
  t.join();
}

// Errors: JSON for /api/ routes, an HTML page elsewhere, never an exception's text.
TEST(Server, ErrorsAreClearAndInTheRouteFormat) {
  Running r(":memory:");
  httplib::Client c("127.0.0.1", r.server->port());
  auto missing = c.Get("/story/7");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(missing->body.find("There is no such story"), std::string::npos);
  auto api_missing = c.Get("/api/v1/stories/7");
  ASSERT_TRUE(api_missing);
  EXPECT_EQ(api_missing->status, 404);
  EXPECT_EQ(json::parse(api_missing->body)["error"], "no such story");
  auto nowhere = c.Get("/api/v1/nowhere");
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->status, 404);
  EXPECT_EQ(json::parse(nowhere->body)["status"], 404);
  auto bad_id = c.Get("/story/abc");
  ASSERT_TRUE(bad_id);
  EXPECT_EQ(bad_id->status, 404);
  auto bad_page = c.Get("/?page=-3");
  ASSERT_TRUE(bad_page);
  EXPECT_EQ(bad_page->status, 400);
  auto far_page = c.Get("/?page=999");  // past the last page
  ASSERT_TRUE(far_page);
  EXPECT_EQ(far_page->status, 404);
  EXPECT_NE(far_page->body.find("There is no page 999"), std::string::npos);
  auto long_query = c.Get(("/search?q=" + std::string(5000, 'a')).c_str());
  ASSERT_TRUE(long_query);
  EXPECT_EQ(long_query->status, 400);
  auto bad_utf8 = c.Get("/search?q=%FF%FE%22NEAR(");
  ASSERT_TRUE(bad_utf8);
  EXPECT_EQ(bad_utf8->status, 200);
  auto post_get = c.Post("/story/42", "x", "text/plain");
  ASSERT_TRUE(post_get);
  EXPECT_GE(post_get->status, 400);
  EXPECT_LT(post_get->status, 500);
  auto bad_cursor = c.Get("/api/v1/stories?cursor=zz");
  ASSERT_TRUE(bad_cursor);
  EXPECT_EQ(bad_cursor->status, 400);
}

TEST(Server, MergedStoriesRedirectToTheSurvivor) {
  Running r(":memory:");
  merge_story(*r.db, 43, 42);
  httplib::Client http("127.0.0.1", r.server->port());
  auto res = http.Get("/story/43");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 301);
  EXPECT_EQ(res->get_header_value("Location"), "/story/42");
  auto api = http.Get("/api/v1/stories/43");
  ASSERT_TRUE(api);
  EXPECT_EQ(json::parse(api->body)["merged_into"], 42);
}

// POST /api/v1/articles: a token is needed; bad items are rejected one by one with their
// index, the rest go in (durable before the answer); a body that cannot be read is a 4xx.
TEST(Server, PostedArticlesAreAcceptedOrRejectedOneByOne) {
  Running r(temp_file("post"), "sekret");
  httplib::Client c("127.0.0.1", r.server->port());
  const std::string body =
      R"([{"url":"https://n/1","source":"AP","title":"One","text":"First text.","published":"2025-02-11T10:00:00Z"},)"
      R"({"url":"https://n/2","text":12},)"
      R"("not an object",)"
      R"({"url":"https://n/3","title":"Three","text":"Third text.","published":"someday"}])";
  auto denied = c.Post("/api/v1/articles", body, "application/json");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  httplib::Headers auth{{"Authorization", "Bearer sekret"}};
  auto wrong = c.Post("/api/v1/articles", {{"Authorization", "Bearer nope"}}, body, "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  const std::size_t before = r.db->article_count();
  auto ok = c.Post("/api/v1/articles", auth, body, "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 202);
  const json res = json::parse(ok->body);
  EXPECT_EQ(res["accepted"], 1);
  ASSERT_EQ(res["rejected"].size(), 3u);
  EXPECT_EQ(res["rejected"][0]["index"], 1);
  EXPECT_EQ(res["rejected"][1]["index"], 2);
  EXPECT_EQ(res["rejected"][2]["index"], 3);
  EXPECT_NE(res["rejected"][2]["error"].get<std::string>().find("someday"), std::string::npos);
  EXPECT_EQ(r.db->article_count(), before + 1);  // stored before the answer
  EXPECT_EQ(r.ingested, 1);

  const std::string lines = "{\"url\":\"https://n/4\",\"title\":\"Four\",\"text\":\"Fourth.\"}\n\n{broken\n";
  auto nd = c.Post("/api/v1/articles", auth, lines, "application/x-ndjson");
  ASSERT_TRUE(nd);
  EXPECT_EQ(nd->status, 202);
  EXPECT_EQ(json::parse(nd->body)["accepted"], 1);
  EXPECT_EQ(json::parse(nd->body)["rejected"][0]["index"], 1);

  auto not_json = c.Post("/api/v1/articles", auth, "<xml/>", "application/json");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  EXPECT_TRUE(json::parse(not_json->body).contains("error"));
  auto bad_type = c.Post("/api/v1/articles", auth, "x", "text/csv");
  ASSERT_TRUE(bad_type);
  EXPECT_EQ(bad_type->status, 415);
  auto bad_utf8 = c.Post("/api/v1/articles", auth, "{\"text\":\"\xff\"}", "application/json");
  ASSERT_TRUE(bad_utf8);
  EXPECT_EQ(bad_utf8->status, 400);
  auto huge = c.Post("/api/v1/articles", auth, std::string(10000, ' '), "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
}

// The request limits are settings: an article over max_article_bytes is rejected by its index
// (the others go in), a query over max_query_bytes gets 400 on every route that searches,
// each answer naming the limit.
TEST(Server, ArticleAndQueryLimitsAreSettingsAndNamed) {
  Running r(":memory:", "sekret", [](serve::Options& o) {
    o.max_article_bytes = 200;
    o.max_query_bytes = 16;
  });
  httplib::Client c("127.0.0.1", r.server->port());
  const std::string body = json::array({{{"url", "https://n/long"}, {"title", "Long"}, {"text", std::string(300, 'x')}},
                                        {{"url", "https://n/short"}, {"title", "Short"}, {"text", "A short text."}}})
                               .dump();
  const std::size_t before = r.db->article_count();
  auto res = c.Post("/api/v1/articles", {{"Authorization", "Bearer sekret"}}, body, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const json j = json::parse(res->body);
  EXPECT_EQ(j["accepted"], 1);
  ASSERT_EQ(j["rejected"].size(), 1u);
  EXPECT_EQ(j["rejected"][0]["index"], 0);
  EXPECT_NE(j["rejected"][0]["error"].get<std::string>().find("max_article_bytes"), std::string::npos) << res->body;
  EXPECT_EQ(r.db->article_count(), before + 1);

  const std::string q = "seventeen-letters";  // 17 bytes
  for (const std::string path : {"/api/v1/search?q=", "/search?q=", "/feed.rss?q="}) {
    auto over = c.Get(path + q);
    ASSERT_TRUE(over) << path;
    EXPECT_EQ(over->status, 400) << path;
    auto under = c.Get(path + q.substr(0, 16));
    ASSERT_TRUE(under) << path;
    EXPECT_EQ(under->status, 200) << path;
  }
  auto api = c.Get("/api/v1/search?q=" + q);
  EXPECT_NE(api->body.find("max_query_bytes"), std::string::npos) << api->body;
}

TEST(Server, PostIsOffWithoutAToken) {
  Running r(":memory:");
  httplib::Client c("127.0.0.1", r.server->port());
  auto res = c.Post("/api/v1/articles", {{"Authorization", "Bearer "}}, "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

// A port held by another server is refused (no SO_REUSEPORT sharing).
TEST(Server, RefusesAPortAnotherServerHolds) {
  Running r(":memory:");
  auto db = store::open(":memory:");
  serve::Server second(*db, {"127.0.0.1", r.server->port()});
  EXPECT_FALSE(second.bind());
}

// Requests run in parallel on reader connections of their own while a writer commits.
TEST(Server, ConcurrentRequestsWhileTheStoreIsWritten) {
  const std::string path = temp_file("concurrent");
  Running r(path);
  auto writer = store::open(path);
  std::atomic<bool> done{false};
  std::atomic<int> errors{0}, answered{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", r.server->port());
      while (!done) {
        for (const char* path : {"/", "/story/42", "/search?q=brussels", "/api/v1/stories"}) {
          auto res = c.Get(path);
          if (!res || res->status != 200)
            ++errors;
          else
            ++answered;
        }
      }
    });
  for (int b = 0; b < 30; ++b) {
    std::vector<Article> v(1);
    v[0].url = "https://w/" + std::to_string(b);
    v[0].text = "Brussels report number " + std::to_string(b) + ".";
    writer->add_articles(v);
    write_story(*writer, 100 + b, {v[0].id}, "Report " + std::to_string(b));
  }
  done = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_GT(answered.load(), 0);
}

// A server stopped as soon as its thread starts (a SIGTERM at start-up) stops: stop() never
// comes too early for run() to see it.
TEST(Server, StopRightAfterStartNeverHangs) {
  auto db = store::open(":memory:");
  for (int i = 0; i < 50; ++i) {
    serve::Server server(*db, {"127.0.0.1", 0});
    ASSERT_TRUE(server.bind());
    std::thread t([&] { server.run(); });
    if (i % 2) std::this_thread::yield();
    server.stop();
    t.join();
  }
}
