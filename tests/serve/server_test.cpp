#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "serve/serve.h"

using namespace storyline;

namespace {

struct Running {
  std::unique_ptr<store::Store> db = store::open(":memory:");
  std::unique_ptr<serve::Server> server;
  std::thread thread;
  Running() {
    std::vector<Article> v(1);
    v[0].url = "https://example.com/a";
    v[0].title = "<script>x()</script>";
    v[0].text = "Pete Hegseth visits NATO headquarters in Brussels.";
    v[0].published = 1739232000;
    db->add_articles(v);
    Story s;
    s.id = 42;
    s.event_date = "2025-02-11";
    s.standfirst = {"Hegseth visits NATO.", {{v[0].id, 0, 20}}, 0};
    s.body = {{"He arrives in Brussels.", {{v[0].id, 0, 20}}, 0}};
    s.articles = {v[0].id};
    s.score = 1;
    db->replace_stories({s}, {});
    server = std::make_unique<serve::Server>(*db, serve::Options{"127.0.0.1", 0});
    EXPECT_TRUE(server->bind());
    thread = std::thread([this] { server->run(); });
  }
  ~Running() {
    server->stop();
    thread.join();
  }
};

}  // namespace

TEST(Server, ServesFrontStorySearchAndApi) {
  Running r;
  httplib::Client c("127.0.0.1", r.server->port());
  auto front = c.Get("/");
  ASSERT_TRUE(front);
  EXPECT_EQ(front->status, 200);
  EXPECT_NE(front->body.find("Hegseth visits NATO."), std::string::npos);
  EXPECT_NE(front->get_header_value("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos);

  auto story = c.Get("/story/42");
  ASSERT_TRUE(story);
  EXPECT_EQ(story->status, 200);
  EXPECT_NE(story->body.find("He arrives in Brussels."), std::string::npos);
  EXPECT_EQ(story->body.find("<script>x()"), std::string::npos);
  EXPECT_NE(story->body.find("&lt;script&gt;x()"), std::string::npos);

  auto missing = c.Get("/story/7");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  auto search = c.Get("/search?q=brussels");
  ASSERT_TRUE(search);
  EXPECT_NE(search->body.find("<mark>Brussels</mark>"), std::string::npos);

  auto api = c.Get("/api/stories/42");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_NE(api->body.find("\"date\":\"2025-02-11\""), std::string::npos);
  auto list = c.Get("/api/stories");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->body.front(), '[');
}
