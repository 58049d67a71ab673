// /api/v1 beyond stories: articles, search, feeds, admin actions (run only, behind the
// token) and /metrics, through a real server on loopback.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <sstream>

#include <nlohmann/json.hpp>

#include "serve/serve_fixture.h"

using namespace storyline;
using namespace storyline::testing;
using nlohmann::json;

namespace {

// Three more articles (ids 2-4) in the fixture's store, two of them in story 43.
void add_more(store::Store& db) {
  std::vector<Article> v(3);
  v[0] = {0, "https://b.org/1", "b.org", "Flood in Zurich", "Heavy rain flooded Zurich on Monday.", "", "en", 1739300000};
  v[1] = {0, "https://c.org/1", "c.org", "Zurich floods", "Zurich floods after rain; 1,200 homes evacuated.", "", "en", 1739310000};
  v[2] = {0, "https://d.org/1", "d.org", "Unplaced", "A report about Brussels traffic.", "", "en", 1739320000};
  db.add_articles(v);
  write_story(db, 43, {v[0].id, v[1].id}, "Zurich floods", "Rain floods Zurich.");
}

}  // namespace

TEST(Server, ArticlesAreListedByArrivalAndReadOneByOne) {
  Running r(temp_file("articles"));
  add_more(*r.db);
  httplib::Client c("127.0.0.1", r.server->port());
  auto first = c.Get("/api/v1/articles?limit=2");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  const json page = json::parse(first->body);
  ASSERT_EQ(page["articles"].size(), 2u);
  EXPECT_EQ(page["articles"][0]["id"], 1);
  EXPECT_EQ(page["articles"][0]["story"], 42);
  EXPECT_EQ(page["articles"][1]["source"], "b.org");
  EXPECT_EQ(page["articles"][1]["published"], "2025-02-11T18:53:20Z");
  EXPECT_FALSE(page["articles"][0].contains("text"));  // lists carry no bodies
  ASSERT_TRUE(page["next"].is_string());
  auto second = c.Get(("/api/v1/articles?limit=2&cursor=" + page["next"].get<std::string>()).c_str());
  const json rest = json::parse(second->body);
  ASSERT_EQ(rest["articles"].size(), 2u);
  EXPECT_EQ(rest["articles"][0]["id"], 3);
  EXPECT_TRUE(rest["articles"][1]["story"].is_null());  // not clustered
  EXPECT_TRUE(rest["next"].is_null());

  auto one = c.Get("/api/v1/articles/2");
  ASSERT_TRUE(one);
  const json a = json::parse(one->body);
  EXPECT_EQ(a["text"], "Heavy rain flooded Zurich on Monday.");
  EXPECT_EQ(a["story"], 43);
  EXPECT_EQ(a["url"], "https://b.org/1");
}

TEST(Server, ApiSearchRanksHighlightsAndFilters) {
  Running r(temp_file("search"));
  add_more(*r.db);
  httplib::Client c("127.0.0.1", r.server->port());
  auto res = c.Get("/api/v1/search?q=zurich");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const json j = json::parse(res->body);
  EXPECT_EQ(j["query"], "zurich");
  ASSERT_GE(j["results"].size(), 3u);
  EXPECT_EQ(j["results"][0]["kind"], "story");  // stories first
  EXPECT_EQ(j["results"][0]["id"], 43);
  EXPECT_EQ(j["results"][0]["url"], "http://127.0.0.1:" + std::to_string(r.server->port()) + "/story/43");
  for (const auto& hit : j["results"]) {
    const std::string snippet = hit["snippet"];
    ASSERT_FALSE(hit["highlights"].empty()) << hit.dump();
    for (const auto& h : hit["highlights"]) {
      std::string word = snippet.substr(h["start"].get<std::size_t>(), h["end"].get<std::size_t>() - h["start"].get<std::size_t>());
      for (auto& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      EXPECT_EQ(word, "zurich") << hit.dump();
    }
    if (hit["kind"] == "article") EXPECT_EQ(hit["story"], 43);
  }
  auto articles = json::parse(c.Get("/api/v1/search?q=zurich&kind=articles")->body);
  for (const auto& hit : articles["results"]) EXPECT_EQ(hit["kind"], "article");
  EXPECT_EQ(articles["results"].size(), 2u);
  // Stories alone: one story matches, so a page of two has no next page (the two matching
  // articles neither show nor count).
  auto stories = json::parse(c.Get("/api/v1/search?q=zurich&kind=stories&limit=2")->body);
  ASSERT_EQ(stories["results"].size(), 1u);
  EXPECT_EQ(stories["results"][0]["kind"], "story");
  EXPECT_EQ(stories["results"][0]["id"], 43);
  EXPECT_TRUE(stories["next"].is_null()) << stories.dump();
  auto outlet = json::parse(c.Get("/api/v1/search?q=zurich&outlet=c.org")->body);
  ASSERT_EQ(outlet["results"].size(), 1u);
  EXPECT_EQ(outlet["results"][0]["url"], "https://c.org/1");
  auto before = json::parse(c.Get("/api/v1/search?q=zurich&kind=articles&until=2025-02-11T19:00:00Z")->body);
  ASSERT_EQ(before["results"].size(), 1u);
  EXPECT_EQ(before["results"][0]["id"], 2);
  auto paged = json::parse(c.Get("/api/v1/search?q=zurich&kind=articles&limit=1")->body);
  EXPECT_EQ(paged["next"], 1);
}

TEST(Server, FeedsListTheStoresSubscriptions) {
  Running r(temp_file("feedlist"));
  store::FeedState f;
  f.url = "https://b.org/feed.xml";
  f.category = "News/World";
  f.title = "B";
  r.db->add_feed(f);
  f.http_status = 200;
  f.last_fetch = 1739300000;
  r.db->update_feed(f);
  httplib::Client c("127.0.0.1", r.server->port());
  const json j = json::parse(c.Get("/api/v1/feeds")->body);
  ASSERT_EQ(j["feeds"].size(), 1u);
  EXPECT_EQ(j["feeds"][0]["url"], "https://b.org/feed.xml");
  EXPECT_EQ(j["feeds"][0]["category"], "News/World");
  EXPECT_EQ(j["feeds"][0]["last_status"], 200);
  EXPECT_EQ(j["feeds"][0]["last_fetched"], "2025-02-11T18:53:20Z");
  EXPECT_TRUE(j["feeds"][0]["error"].is_null());
}

// serve is read-only: no admin at all, whatever the token.
TEST(Server, AdminIsOffOnAReadOnlyServer) {
  Running r(temp_file("noadmin"), "sekret");  // a token, but no admin hooks (as `serve`)
  httplib::Client c("127.0.0.1", r.server->port());
  const httplib::Headers auth{{"Authorization", "Bearer sekret"}};
  auto feeds = c.Post("/api/v1/admin/feeds", auth, R"({"url":"https://b.org/feed"})", "application/json");
  ASSERT_TRUE(feeds);
  EXPECT_EQ(feeds->status, 404);
  auto rebuild = c.Post("/api/v1/admin/rebuild", auth, "", "application/json");
  ASSERT_TRUE(rebuild);
  EXPECT_EQ(rebuild->status, 404);
  EXPECT_TRUE(r.db->feeds().empty());
}

TEST(Server, AdminAddsFeedsAndQueuesRebuildsBehindTheToken) {
  std::atomic<int> rebuilds{0}, changed{0};
  Running r(temp_file("admin"), "sekret", [&](serve::Options& o) {
    o.on_rebuild = [&] { ++rebuilds; };
    o.admin_feeds = true;
    o.on_feeds_changed = [&] { ++changed; };
  });
  httplib::Client c("127.0.0.1", r.server->port());
  const httplib::Headers auth{{"Authorization", "Bearer sekret"}};
  const std::string body = R"({"url":"https://b.org/feed.xml","category":"World","title":"B news"})";
  auto anonymous = c.Post("/api/v1/admin/feeds", body, "application/json");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto wrong = c.Post("/api/v1/admin/feeds", {{"Authorization", "Bearer guess"}}, body, "application/json");
  EXPECT_EQ(wrong->status, 401);
  EXPECT_TRUE(r.db->feeds().empty());

  auto added = c.Post("/api/v1/admin/feeds", auth, body, "application/json");
  ASSERT_TRUE(added);
  EXPECT_EQ(added->status, 201);
  const json a = json::parse(added->body);
  EXPECT_EQ(a["added"], true);
  EXPECT_EQ(a["feed"]["category"], "World");
  ASSERT_EQ(r.db->feeds().size(), 1u);
  EXPECT_EQ(r.db->feeds()[0].title, "B news");
  EXPECT_EQ(changed.load(), 1);
  auto again = c.Post("/api/v1/admin/feeds", auth, body, "application/json");
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body)["added"], false);
  EXPECT_EQ(changed.load(), 1);
  for (const char* bad : {R"J({"url":"javascript:alert(1)"})J", R"({"url":"ftp://x/feed"})", R"({"title":"no url"})",
                          R"({"url":"https://x/f","category":7})", "[1,2]", "not json"}) {
    auto res = c.Post("/api/v1/admin/feeds", auth, bad, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad;
  }
  EXPECT_EQ(r.db->feeds().size(), 1u);

  auto rebuild = c.Post("/api/v1/admin/rebuild", auth, "", "application/json");
  ASSERT_TRUE(rebuild);
  EXPECT_EQ(rebuild->status, 202);
  EXPECT_EQ(json::parse(rebuild->body)["rebuild"], "queued");
  EXPECT_EQ(rebuilds.load(), 1);
}

// /metrics: the Prometheus text format, requests and latencies by route, the store's counts.
TEST(Server, MetricsCountRequestsByRouteInPrometheusText) {
  Running r(temp_file("metrics"), {}, [](serve::Options& o) {
    o.engine_counters = [] {
      serve::EngineCounters c;
      c.stories_written = 7;
      return c;
    };
  });
  httplib::Client c("127.0.0.1", r.server->port());
  for (int i = 0; i < 3; ++i) c.Get("/story/42");
  c.Get("/story/999");
  c.Get("/");
  auto res = c.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string m = res->body;
  EXPECT_NE(m.find("storyline_http_requests_total{route=\"/story/{id}\",method=\"GET\",status=\"200\"} 3\n"), std::string::npos) << m;
  EXPECT_NE(m.find("storyline_http_requests_total{route=\"/story/{id}\",method=\"GET\",status=\"404\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("storyline_http_requests_total{route=\"/\",method=\"GET\",status=\"200\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("storyline_http_request_duration_seconds_count{route=\"/story/{id}\"} 4\n"), std::string::npos);
  EXPECT_NE(m.find("storyline_http_request_duration_seconds_bucket{route=\"/story/{id}\",le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(m.find("storyline_articles 1\n"), std::string::npos);
  EXPECT_NE(m.find("storyline_stories 1\n"), std::string::npos);
  EXPECT_NE(m.find("storyline_articles_ingested_total 1\n"), std::string::npos);
  EXPECT_NE(m.find("storyline_queue_depth{queue=\"rewrite\"} 0\n"), std::string::npos);
  EXPECT_NE(m.find("storyline_stories_written_total 7\n"), std::string::npos);
  // Every sample line is NAME{labels} VALUE; histogram buckets never decrease.
  std::istringstream lines(m);
  std::string line;
  long last_bucket = -1;
  std::string last_route;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') {
      if (line.rfind("# TYPE ", 0) == 0 || line.rfind("# HELP ", 0) == 0) continue;
      ADD_FAILURE() << "bad comment: " << line;
      continue;
    }
    const auto space = line.rfind(' ');
    ASSERT_NE(space, std::string::npos) << line;
    EXPECT_NO_THROW((void)std::stod(line.substr(space + 1))) << line;
    if (line.rfind("storyline_http_request_duration_seconds_bucket{", 0) == 0) {
      const std::string route = line.substr(0, line.find(",le="));
      const long v = std::stol(line.substr(space + 1));
      if (route == last_route) EXPECT_GE(v, last_bucket) << line;
      last_route = route;
      last_bucket = v;
    }
  }
}

// A story row damaged in the store (a bad copy, a hand edit) costs that story alone: the
// lists show every other story; the damaged one's own page and API answer 500 with a
// message that says how to repair it, never an exception's text.
TEST(Server, ADamagedStoryRowCostsThatStoryAlone) {
  const std::string path = temp_file("damaged");
  Running r(path);
  add_more(*r.db);
  ASSERT_EQ(std::system(("sqlite3 '" + path + "' \"UPDATE stories SET rank = '[[[' WHERE id = 43; "
                         "UPDATE stories SET data = '{' WHERE id = 42\"").c_str()), 0);
  httplib::Client c("127.0.0.1", r.server->port());
  auto list = c.Get("/api/v1/stories");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  const json stories = json::parse(list->body)["stories"];
  ASSERT_EQ(stories.size(), 1u) << list->body;  // 43 cannot be ranked; 42's sources can
  EXPECT_EQ(stories[0]["id"], 42);
  auto front = c.Get("/");
  ASSERT_TRUE(front);
  EXPECT_EQ(front->status, 200);
  for (const char* path_of : {"/api/v1/stories/42", "/api/v1/stories/43"}) {
    auto one = c.Get(path_of);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->status, 500) << path_of;
    EXPECT_NE(one->body.find("digest --rebuild"), std::string::npos) << one->body;
    EXPECT_EQ(one->body.find("json"), std::string::npos) << one->body;  // no parser's message
  }
  auto page = c.Get("/story/42");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 500);
  EXPECT_NE(page->body.find("damaged in the store"), std::string::npos);
}
