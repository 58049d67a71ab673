// End-to-end tests through the storyline binary, as a user runs it.
#include <gtest/gtest.h>

#include <algorithm>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "crawl/fixture_server.h"

namespace fs = std::filesystem;

namespace {

const std::string kBin = STORYLINE_BINARY;
const std::string kExamples = std::string(STORYLINE_SOURCE_DIR) + "/examples";

struct Result {
  int code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("storyline_cli_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "test.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `storyline --db <db> args` and captures its output and exit code.
  Result run(const std::string& args) {
    const auto out = dir_ / "out.txt", err = dir_ / "err.txt";
    const std::string cmd = "'" + kBin + "' --db '" + db_ + "' " + args + " >'" + out.string() +
                            "' 2>'" + err.string() + "' </dev/null";
    const int status = std::system(cmd.c_str());
    Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
  }

  fs::path dir_;
  std::string db_;
};

}  // namespace

TEST_F(Cli, SeedScrapeBecomesOneCleanStory) {
  auto ing = run("ingest '" + kExamples + "/000_98f67c0556799550.txt' --published 2025-02-11");
  ASSERT_EQ(ing.code, 0) << ing.err;
  auto dig = run("digest --format text");
  ASSERT_EQ(dig.code, 0) << dig.err;
  const std::string& s = dig.out;
  ASSERT_EQ(s.rfind("date 2025-02-11 ", 0), 0u) << s;
  // Exactly one story: one header line.
  size_t headers = 0;
  for (size_t p = s.find("date "); p != std::string::npos; p = s.find("\ndate ", p + 1)) ++headers;
  EXPECT_EQ(headers, 1u) << s;
  // Shape: header line, blank line, body.
  const size_t nl = s.find('\n');
  ASSERT_NE(nl, std::string::npos);
  EXPECT_EQ(s.substr(nl, 2), "\n\n");
  EXPECT_GT(s.size(), nl + 200) << "body too short: " << s;
  // Standfirst and body come from the article...
  EXPECT_NE(s.find("Hegseth"), std::string::npos);
  EXPECT_NE(s.find("NATO"), std::string::npos);
  // ...and carry none of the trailing teasers.
  for (const char* teaser : {"In her two decades", "Nick Beake", "Last week\u2019s Oval Office",
                             "task force to prepare for the 2026", "see 8.17 post"})
    EXPECT_EQ(s.find(teaser), std::string::npos) << teaser << " leaked into:\n" << s;
}

// The stories do not depend on how many threads write them; a bad count is refused.
TEST_F(Cli, DigestWritesTheSameStoriesOnAnyNumberOfWriterThreads) {
  // (A date for the undated scrape: otherwise its ingest time is its date, which differs
  // between the two ingests.)
  ASSERT_EQ(run("ingest '" + kExamples + "' --published 2025-02-11").code, 0);
  const std::string first_db = db_;
  auto one = run("digest --format json --writer-threads 0");
  ASSERT_EQ(one.code, 0) << one.err;
  db_ = (dir_ / "second.db").string();
  ASSERT_EQ(run("ingest '" + kExamples + "' --published 2025-02-11").code, 0);
  auto three = run("digest --format json --writer-threads 3");
  ASSERT_EQ(three.code, 0) << three.err;
  EXPECT_FALSE(one.out.empty());
  auto without_updated = [](std::string s) {  // the write time differs between two runs
    nlohmann::json out = nlohmann::json::array();
    std::istringstream lines(s);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) {
        auto j = nlohmann::json::parse(line);
        j.erase("updated");
        out.push_back(j);
      }
    return out;
  };
  EXPECT_EQ(without_updated(one.out), without_updated(three.out));
  EXPECT_EQ(run("digest --writer-threads -1").code, 2);
  db_ = first_db;
}

// The sentence cache's size is a setting of `run` with a range; a bad one is a usage error
// naming the option (the engine's tests show the stories are the same at any size).
TEST_F(Cli, RunRefusesABadSentenceCacheSize) {
  for (const char* bad : {"-1", "65537", "lots"}) {
    const auto r = run(std::string("run --sentence-cache-mib ") + bad);
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.err.find("--sentence-cache-mib"), std::string::npos) << r.err;
  }
}

TEST_F(Cli, DigestJsonCarriesProvenanceIntoRealSpans) {
  ASSERT_EQ(run("ingest '" + kExamples + "/examples.jsonl'").code, 0);
  auto dig = run("digest --format json");
  ASSERT_EQ(dig.code, 0) << dig.err;
  std::istringstream lines(dig.out);
  std::string line;
  size_t stories = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    ++stories;
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["date"], "2025-02-11");
    EXPECT_FALSE(j["standfirst"]["text"].get<std::string>().empty());
    std::map<int64_t, std::string> texts;
    for (auto& src : j["sources"]) texts[src["id"]] = "";
    ASSERT_FALSE(texts.empty());
    for (auto& sent : j["body"]) {
      ASSERT_FALSE(sent["provenance"].empty()) << sent.dump();
      for (auto& p : sent["provenance"]) {
        EXPECT_TRUE(texts.count(p["article"].get<int64_t>())) << "provenance names an unknown article";
        EXPECT_LT(p["begin"].get<int64_t>(), p["end"].get<int64_t>());
      }
    }
  }
  // The scrape and the published story report the same event: one story.
  EXPECT_EQ(stories, 1u) << dig.out;
}

// Story ids (the story pages' URLs) survive a later digest, even when a late, older
// article makes the clusterer number the stories the other way round.
TEST_F(Cli, StoryIdsSurviveLateArticles) {
  const std::string floods =
      "Heavy rain caused the Po and Adige rivers to burst their banks across northern Italy, "
      "forcing thousands of residents in Veneto and Emilia-Romagna from their homes. Emergency "
      "services rescued people trapped in cars near Verona and Ferrara.";
  const std::string summit =
      "European Union leaders meeting in Brussels agreed a new package of sanctions on Russian "
      "oil exports, after Hungary dropped its veto. The summit also discussed defence spending "
      "and support for Ukraine, diplomats in Brussels said.";
  auto line = [](const std::string& url, const std::string& title, const std::string& text,
                 const std::string& date) {
    return nlohmann::json{{"url", url}, {"source", url.substr(8, url.find('/', 8) - 8)}, {"title", title},
                          {"text", text}, {"published", date}}
               .dump() + "\n";
  };
  write("first.jsonl",
        line("https://a.example/1", "Floods force thousands from homes in northern Italy", floods, "2025-05-11T08:00:00Z") +
        line("https://b.example/2", "EU leaders agree Russian oil sanctions in Brussels", summit, "2025-05-12T09:00:00Z") +
        line("https://c.example/3", "EU summit in Brussels backs sanctions on Russian oil", summit + " Hungary relented.",
             "2025-05-12T11:00:00Z"));
  // Stories by the set of their source URLs, from `digest --format json`.
  auto ids = [&]() {
    std::map<std::string, std::int64_t> out;
    auto dig = run("digest --format json");
    EXPECT_EQ(dig.code, 0) << dig.err;
    std::istringstream lines(dig.out);
    for (std::string l; std::getline(lines, l);) {
      if (l.empty()) continue;
      const auto j = nlohmann::json::parse(l);
      std::string key;
      for (const auto& src : j["sources"]) key += src["url"].get<std::string>().substr(8, 1);
      std::sort(key.begin(), key.end());
      out[key] = j["id"].get<std::int64_t>();
    }
    return out;
  };
  ASSERT_EQ(run("ingest '" + (dir_ / "first.jsonl").string() + "'").code, 0);
  const auto before = ids();
  ASSERT_EQ(before.size(), 2u) << "expected a floods story (a) and a summit story (bc)";
  ASSERT_TRUE(before.count("a") && before.count("bc"));
  // An older report on the summit arrives late: it joins the summit story, which now
  // starts before the floods story.
  write("late.jsonl", line("https://d.example/4", "Brussels summit: EU readies Russian oil sanctions",
                           summit + " Talks went on overnight.", "2025-05-10T20:00:00Z"));
  ASSERT_EQ(run("ingest '" + (dir_ / "late.jsonl").string() + "'").code, 0);
  const auto after = ids();
  ASSERT_TRUE(after.count("a") && after.count("bcd")) << "the late report should join the summit story";
  EXPECT_EQ(after.at("a"), before.at("a"));
  EXPECT_EQ(after.at("bcd"), before.at("bc"));
}

TEST_F(Cli, BrokenInputIsReportedAndTheRestGoesIn) {
  write("mixed.jsonl",
        "{\"url\":\"https://a.example/1\",\"source\":\"A\",\"title\":\"One\",\"text\":\"First article text here.\",\"published\":\"2025-02-11\"}\n"
        "{not json\n"
        "[1,2]\n"
        "{\"url\":\"https://b.example/2\",\"source\":\"B\",\"title\":\"Two\",\"text\":\"Second article text here.\",\"published\":\"2025-02-12T10:00:00Z\"}\n");
  write("garbage.bin", std::string("\x00\x01\x02\xff", 4));
  auto r = run("ingest '" + (dir_ / "mixed.jsonl").string() + "' '" + (dir_ / "garbage.bin").string() +
               "' '" + (dir_ / "missing.txt").string() + "'");
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("mixed.jsonl:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mixed.jsonl:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("garbage.bin"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 new"), std::string::npos) << r.err;
  // Ingesting the same file again adds nothing.
  auto again = run("ingest '" + (dir_ / "mixed.jsonl").string() + "'");
  EXPECT_NE(again.err.find("0 new, 2 already stored"), std::string::npos) << again.err;
}

TEST_F(Cli, ExitCodesMeanSomething) {
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
  EXPECT_EQ(run("ingest").code, 2);
  EXPECT_EQ(run("ingest x --published not-a-date").code, 2);
  auto empty = run("digest");
  EXPECT_EQ(empty.code, 4);
  EXPECT_NE(empty.err.find("storyline ingest"), std::string::npos) << empty.err;
  auto help = run("--help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
  EXPECT_NE(help.out.find("digest"), std::string::npos);
}

TEST_F(Cli, ExtractPrintsOneJsonObjectPerFile) {
  write("page.html",
        "<html lang=\"en\"><head><title>Allies meet - Example News</title>"
        "<meta property=\"article:published_time\" content=\"2025-02-11T08:00:00Z\"></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Allies meet</h1>"
        "<p>NATO defence ministers met in Brussels on Wednesday to discuss support for Ukraine and "
        "the future of the alliance, officials said.</p><p>The meeting was the first attended by "
        "the new US defence secretary, who said he was in listening mode.</p></article>"
        "<footer>Copyright Example News</footer></body></html>");
  auto r = run("extract '" + (dir_ / "page.html").string() + "' '" + (dir_ / "nothere.html").string() + "'");
  EXPECT_EQ(r.code, 3) << r.err;
  std::istringstream lines(r.out);
  std::string l1, l2;
  ASSERT_TRUE(std::getline(lines, l1));
  ASSERT_TRUE(std::getline(lines, l2));
  auto a = nlohmann::json::parse(l1), b = nlohmann::json::parse(l2);
  EXPECT_EQ(a["published"], "2025-02-11T08:00:00Z");
  EXPECT_EQ(a["language"], "en");
  EXPECT_NE(a["text"].get<std::string>().find("listening mode"), std::string::npos);
  EXPECT_EQ(a["text"].get<std::string>().find("Copyright"), std::string::npos);
  EXPECT_TRUE(b.contains("error"));
  EXPECT_EQ(b["file"], (dir_ / "nothere.html").string());
}

TEST_F(Cli, ClusterCommandWorksWithoutTheStore) {
  auto r = run("cluster '" + kExamples + "/examples.jsonl'");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::set<int64_t> article_stories;
  size_t story_lines = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    if (j.contains("article")) article_stories.insert(j["story"].get<int64_t>());
    else ++story_lines;
  }
  EXPECT_EQ(article_stories.size(), 1u);
  EXPECT_EQ(story_lines, 1u);
  EXPECT_FALSE(fs::exists(db_)) << "cluster must not create a store";
}

TEST_F(Cli, EvalClusteringPrintsTheCeilingOnRequest) {
  // Three documents in Miranda et al.'s layout: two reports of one vote, one match report.
  const auto file = dir_ / "dataset.dev.json";
  std::ofstream(file) << R"([
    {"id": "a", "date": "2014-11-02 14:10:00", "lang": "eng", "title": "Council votes on budget",
     "text": "The city council voted on Tuesday to approve the budget for schools, roads and parks.", "cluster": 1},
    {"id": "b", "date": "2014-11-03 09:00:00", "lang": "eng", "title": "Budget approved",
     "text": "Council members approved the city budget for schools, roads and parks on Tuesday night.", "cluster": 1},
    {"id": "c", "date": "2014-11-01 18:30:00", "lang": "eng", "title": "Derby won late",
     "text": "United beat City two goals to one in the derby on Saturday with a late header.", "cluster": 2}
  ])";
  const auto plain = run("eval clustering --miranda '" + file.string() + "'");
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_NE(plain.out.find("miranda-eng: 3 articles, 2 gold clusters"), std::string::npos) << plain.out;
  EXPECT_EQ(plain.out.find("ceiling"), std::string::npos) << "the ceiling is printed only with --ceiling";

  const auto r = run("eval clustering --miranda '" + file.string() + "' --ceiling");
  ASSERT_EQ(r.code, 0) << r.err;
  // One oracle row per default link, each with precision 1.
  for (const char* link : {"0.02", "0.05", "0.10", "0.15", "0.20", "0.30"})
    EXPECT_NE(r.out.find(std::string("link >= ") + link + "       P 1.0000"), std::string::npos) << link << "\n" << r.out;
  EXPECT_NE(r.out.find("of the 2 articles with a same-story mate"), std::string::npos) << r.out;
  EXPECT_EQ(run("eval clustering --miranda '" + (dir_ / "missing.json").string() + "' --ceiling").code, 1);
}

TEST_F(Cli, ServeShowsDigestedStories) {
  ASSERT_EQ(run("ingest '" + kExamples + "/examples.jsonl'").code, 0);
  ASSERT_EQ(run("digest").code, 0);
  // Start the server on a free port and read the port from its log.
  int errpipe[2];
  ASSERT_EQ(pipe(errpipe), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(errpipe[1], 2);
    close(errpipe[0]);
    execl(kBin.c_str(), kBin.c_str(), "--db", db_.c_str(), "serve", "--port", "0", nullptr);
    _exit(127);
  }
  close(errpipe[1]);
  FILE* err = fdopen(errpipe[0], "r");
  char buf[512];
  int port = 0;
  while (port == 0 && fgets(buf, sizeof buf, err)) {
    const char* p = std::strstr(buf, "http://127.0.0.1:");
    if (p) port = std::atoi(p + std::strlen("http://127.0.0.1:"));
  }
  ASSERT_GT(port, 0);
  httplib::Client c("127.0.0.1", port);
  auto front = c.Get("/");
  ASSERT_TRUE(front);
  EXPECT_EQ(front->status, 200);
  EXPECT_NE(front->body.find("/story/"), std::string::npos);
  EXPECT_NE(front->body.find("Hegseth"), std::string::npos);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "SIGTERM must stop the server cleanly";
  fclose(err);
}

// kill -9 during a large ingest: the store opens cleanly afterwards and holds every
// article whose commit was reported.
TEST_F(Cli, CrashDuringIngestLosesNothingAcknowledged) {
  const size_t kArticles = 20000;
  {
    std::ofstream f(dir_ / "big.jsonl");
    for (size_t i = 0; i < kArticles; ++i)
      f << "{\"url\":\"https://gen.example/" << i << "\",\"source\":\"gen" << i % 50
        << "\",\"title\":\"Generated article " << i << "\",\"text\":\"Article number " << i
        << " reports that the council of town " << i % 977 << " approved budget item " << i * 7
        << " after a long debate. Residents said the vote on plan " << i
        << " was expected.\",\"published\":\"2025-02-11T10:00:00Z\"}\n";
  }
  int errpipe[2];
  ASSERT_EQ(pipe(errpipe), 0);
  const std::string path = (dir_ / "big.jsonl").string();
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(errpipe[1], 2);
    close(errpipe[0]);
    execl(kBin.c_str(), kBin.c_str(), "-v", "--db", db_.c_str(), "ingest", path.c_str(), "--batch",
          "100", nullptr);
    _exit(127);
  }
  close(errpipe[1]);
  FILE* err = fdopen(errpipe[0], "r");
  char buf[1024];
  std::string last_ack;
  int acks = 0;
  while (acks < 20 && fgets(buf, sizeof buf, err)) {
    if (std::strstr(buf, "committed")) {
      last_ack = buf;
      ++acks;
    }
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  fclose(err);
  ASSERT_EQ(acks, 20) << "ingest finished or failed before it could be killed";
  ASSERT_TRUE(WIFSIGNALED(status)) << "the ingest was expected to be killed mid-run";
  // "committed N articles (...), up to <file>:<line>"
  const size_t up = last_ack.find(path + ":");
  ASSERT_NE(up, std::string::npos) << last_ack;
  const size_t acked_lines = std::stoul(last_ack.substr(up + path.size() + 1));
  ASSERT_GE(acked_lines, 2000u);
  ASSERT_LT(acked_lines, kArticles);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
  sqlite3_finalize(st);
  std::set<std::string> urls;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT url FROM articles", -1, &st, nullptr), SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) urls.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  for (size_t i = 0; i < acked_lines; ++i)
    ASSERT_TRUE(urls.count("https://gen.example/" + std::to_string(i))) << "acknowledged article " << i << " lost";
  // And storyline itself reopens the store and can continue the ingest.
  auto resumed = run("ingest '" + path + "'");
  EXPECT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("already stored"), std::string::npos);
}

// ---- storyline run ----

namespace {

struct Child {
  pid_t pid = -1;
  int port = 0;
  FILE* err = nullptr;
  std::string log;
};

// Starts `storyline --db DB run --port 0 ARGS...` and reads its port from the log.
Child start_run(const std::string& db, std::vector<std::string> args) {
  int errpipe[2];
  if (pipe(errpipe) != 0) return {};
  std::vector<std::string> argv = {kBin, "--db", db, "run", "--port", "0"};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(errpipe[1], 2);
    close(errpipe[0]);
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execv(kBin.c_str(), cargv.data());
    _exit(127);
  }
  close(errpipe[1]);
  Child c;
  c.pid = pid;
  c.err = fdopen(errpipe[0], "r");
  char buf[1024];
  while (c.port == 0 && fgets(buf, sizeof buf, c.err)) {
    c.log += buf;
    const char* p = std::strstr(buf, "http://127.0.0.1:");
    if (p) c.port = std::atoi(p + std::strlen("http://127.0.0.1:"));
  }
  return c;
}

int stop(Child& c, int sig = SIGTERM) {
  kill(c.pid, sig);
  int status = 0;
  waitpid(c.pid, &status, 0);
  if (c.err) fclose(c.err);
  c.err = nullptr;
  return status;
}

std::string article_json(std::size_t i) {
  static const char* events[] = {
      "A powerful storm hit the northern coast on Monday, flooding harbour towns and cutting power to thousands.",
      "The central bank raised its main interest rate by half a point to fight stubborn inflation.",
      "Volcanic ash closed the island's airport for a second day as the eruption went on.",
  };
  nlohmann::json j = {{"url", "https://outlet" + std::to_string(i % 7) + ".example/" + std::to_string(i)},
                      {"source", "outlet" + std::to_string(i % 7)},
                      {"title", std::string(events[i % 3]).substr(0, 38)},
                      {"text", std::string(events[i % 3]) + " Report " + std::to_string(i) +
                                   " adds local detail.\nOfficials spoke to reporters about item " +
                                   std::to_string(i * 13) + "."},
                      {"published", 1739232000 + static_cast<long>(i) * 600}};
  return j.dump();
}

// Waits until the engine has taken in everything (healthz), at most `seconds`.
bool wait_idle(int port, double seconds) {
  httplib::Client c("127.0.0.1", port);
  for (int i = 0; i < seconds * 20; ++i) {
    auto h = c.Get("/healthz");
    if (h && h->status == 200) {
      const auto j = nlohmann::json::parse(h->body);
      if (j["unclustered"] == 0 && j["queued"] == 0) return true;
    }
    usleep(50000);
  }
  return false;
}

std::map<std::string, long long> url_to_story(const std::string& db_path) {
  std::map<std::string, long long> out;
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT a.url, g.story_id FROM articles a JOIN assignments g ON g.article_id = a.id", -1,
                     &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = sqlite3_column_int64(st, 1);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_F(Cli, RunServesAPostedArticleWithinSeconds) {
  Child r = start_run(db_, {"--token", "t0ken"});
  ASSERT_GT(r.port, 0) << r.log;
  httplib::Client c("127.0.0.1", r.port);
  auto empty = c.Get("/api/v1/stories");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 200);
  EXPECT_EQ(nlohmann::json::parse(empty->body)["stories"].size(), 0u);
  const auto t0 = std::chrono::steady_clock::now();
  auto post = c.Post("/api/v1/articles", {{"Authorization", "Bearer t0ken"}}, article_json(1), "application/json");
  ASSERT_TRUE(post);
  ASSERT_EQ(post->status, 202) << post->body;
  long long story = 0;
  while (story == 0 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)) {
    auto list = c.Get("/api/v1/stories");
    if (list && list->status == 200) {
      const auto j = nlohmann::json::parse(list->body);
      if (!j["stories"].empty()) story = j["stories"][0]["id"];
    }
    if (story == 0) usleep(50000);
  }
  ASSERT_GT(story, 0) << "no story within 5 s of the POST";
  auto page = c.Get(("/story/" + std::to_string(story)).c_str());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("central bank raised its main interest rate"), std::string::npos);

  // A second run on the same store refuses (one writer).
  auto second = run("run --port 0");
  EXPECT_EQ(second.code, 1);
  EXPECT_NE(second.err.find("already running"), std::string::npos) << second.err;

  const int status = stop(r);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "SIGTERM must stop run cleanly";
}

TEST_F(Cli, RunIngestsItsInboxOnce) {
  const fs::path inbox = dir_ / "inbox";
  fs::create_directories(inbox);
  std::ofstream(inbox / "a.jsonl") << article_json(1) << "\n" << article_json(2) << "\n";
  std::ofstream(inbox / "bad.jsonl") << "not json at all\n";
  Child r = start_run(db_, {"--inbox", inbox.string()});
  ASSERT_GT(r.port, 0) << r.log;
  for (int i = 0; i < 100 && !(fs::exists(inbox / "done/a.jsonl") && fs::exists(inbox / "failed/bad.jsonl")); ++i)
    usleep(50000);
  EXPECT_TRUE(fs::exists(inbox / "done/a.jsonl"));
  EXPECT_TRUE(fs::exists(inbox / "failed/bad.jsonl"));
  EXPECT_FALSE(slurp(inbox / "failed/bad.jsonl.error").empty());
  EXPECT_TRUE(wait_idle(r.port, 10));
  stop(r);
  EXPECT_EQ(url_to_story(db_).size(), 2u);
}

// kill -9 in the middle of a stream: after the restart nothing acknowledged is lost and the
// assignments equal those of an uninterrupted run.
TEST_F(Cli, RunKilledMidStreamResumesWithTheSameAssignments) {
  constexpr std::size_t kArticles = 60;
  auto post_range = [](int port, std::size_t from, std::size_t to) {
    httplib::Client c("127.0.0.1", port);
    for (std::size_t i = from; i < to; i += 5) {
      std::string body;
      for (std::size_t k = i; k < std::min(to, i + 5); ++k) body += article_json(k) + "\n";
      auto res = c.Post("/api/v1/articles", {{"Authorization", "Bearer k"}}, body, "application/x-ndjson");
      if (!res || res->status != 202) return false;
    }
    return true;
  };
  const std::string straight_db = (dir_ / "straight.db").string();
  {
    Child r = start_run(straight_db, {"--token", "k"});
    // EXPECT, not ASSERT, while a child runs: a failed check must still stop it (an orphaned
    // `run` keeps the test's output pipe open and CTest waits for it until its timeout).
    ASSERT_GT(r.port, 0) << r.log;
    EXPECT_TRUE(post_range(r.port, 0, kArticles));
    EXPECT_TRUE(wait_idle(r.port, 20));
    stop(r);
  }
  {
    Child r = start_run(db_, {"--token", "k"});
    ASSERT_GT(r.port, 0) << r.log;
    EXPECT_TRUE(post_range(r.port, 0, kArticles / 2));
    usleep(100000);  // the engine is somewhere in the middle
    const int status = stop(r, SIGKILL);
    ASSERT_TRUE(WIFSIGNALED(status));
  }
  {
    Child r = start_run(db_, {"--token", "k"});
    ASSERT_GT(r.port, 0) << r.log;
    EXPECT_TRUE(post_range(r.port, kArticles / 2, kArticles));
    EXPECT_TRUE(wait_idle(r.port, 20));
    stop(r);
  }
  const auto a = url_to_story(straight_db), b = url_to_story(db_);
  EXPECT_EQ(a.size(), kArticles);
  EXPECT_EQ(a, b);
}

// ---- feeds and crawling ----

namespace {

// Two feed items on unrelated events, full text (no teaser pages to fetch).
std::vector<crawltest::Item> two_events() {
  return {{"g-storm", "Storm floods harbour towns on the northern coast", "https://coast.example/storm",
           "A powerful storm hit the northern coast on Monday, flooding harbour towns and cutting power to "
           "thousands of homes. " + crawltest::body_text("storm")},
          {"g-bank", "Central bank raises interest rate by half a point", "https://money.example/rates",
           "The central bank raised its main interest rate by half a point on Tuesday to fight stubborn "
           "inflation. " + crawltest::body_text("bank")}};
}

}  // namespace

TEST_F(Cli, FeedsAddFollowsAHomePageAndImportExportListRemoveWork) {
  crawltest::FixtureServer site;
  site.set("/feed.xml", {200, crawltest::rss(two_events(), "Site News")});
  site.set("/", {200, "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\">"
                      "</head><body>Home</body></html>", "text/html"});
  // Without --allow-private a loopback URL is refused, with the reason.
  auto refused = run("feeds add " + site.url("/"));
  EXPECT_EQ(refused.code, 3);
  EXPECT_NE(refused.err.find("a loopback address"), std::string::npos) << refused.err;
  auto added = run("feeds add --allow-private --category News/World " + site.url("/"));
  ASSERT_EQ(added.code, 0) << added.err;
  EXPECT_NE(added.err.find("advertises the feed " + site.url("/feed.xml")), std::string::npos) << added.err;
  EXPECT_NE(added.err.find("subscribed to " + site.url("/feed.xml") + " \"Site News\" (2 items now)"), std::string::npos) << added.err;
  EXPECT_EQ(run("feeds add --allow-private " + site.url("/feed.xml")).code, 0);  // already subscribed: fine
  EXPECT_EQ(run("feeds add ftp://example.com/feed").code, 3);

  write("list.opml",
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Mine</title></head><body>"
        "<outline text=\"Tech\"><outline text=\"Gadgets\"><outline type=\"rss\" text=\"Gizmo\" "
        "xmlUrl=\"https://gizmo.example/rss\"/></outline></outline>"
        "<outline type=\"rss\" text=\"Loose\" xmlUrl=\"https://loose.example/atom\" htmlUrl=\"https://loose.example/\"/>"
        "</body></opml>");
  auto imported = run("feeds import '" + (dir_ / "list.opml").string() + "'");
  EXPECT_EQ(imported.code, 0) << imported.err;
  EXPECT_NE(imported.err.find("2 feeds subscribed"), std::string::npos) << imported.err;

  auto list = run("feeds list --format json");
  ASSERT_EQ(list.code, 0) << list.err;
  std::map<std::string, nlohmann::json> by_url;
  std::istringstream lines(list.out);
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    by_url[j["url"]] = j;
  }
  ASSERT_EQ(by_url.size(), 3u) << list.out;
  EXPECT_EQ(by_url[site.url("/feed.xml")]["category"], "News/World");
  EXPECT_EQ(by_url[site.url("/feed.xml")]["title"], "Site News");
  EXPECT_TRUE(by_url[site.url("/feed.xml")]["last_fetch"].is_null());
  EXPECT_EQ(by_url["https://gizmo.example/rss"]["category"], "Tech/Gadgets");
  EXPECT_EQ(by_url["https://loose.example/atom"]["site_link"], "https://loose.example/");
  auto text = run("feeds list");
  EXPECT_NE(text.out.find("last fetch: never"), std::string::npos) << text.out;

  auto exported = run("feeds export");
  ASSERT_EQ(exported.code, 0);
  write("back.opml", exported.out);
  const std::string main_db = db_;
  db_ = (dir_ / "other.db").string();
  auto round = run("feeds import '" + (dir_ / "back.opml").string() + "'");
  EXPECT_EQ(round.code, 0) << round.err;
  EXPECT_NE(round.err.find("3 feeds subscribed"), std::string::npos) << round.err;
  auto round_list = run("feeds list --format json");
  EXPECT_NE(round_list.out.find("\"category\":\"Tech/Gadgets\""), std::string::npos) << round_list.out;
  db_ = main_db;
  EXPECT_NE(exported.out.find("<outline text=\"Gadgets\""), std::string::npos) << exported.out;

  EXPECT_EQ(run("feeds remove https://gizmo.example/rss").code, 0);
  EXPECT_EQ(run("feeds remove https://gizmo.example/rss").code, 4);
  auto defaults = run("feeds add --defaults");
  EXPECT_EQ(defaults.code, 0) << defaults.err;
  EXPECT_NE(defaults.err.find("the default feeds: "), std::string::npos) << defaults.err;
  auto all = run("feeds list --format json");
  EXPECT_GT(std::count(all.out.begin(), all.out.end(), '\n'), 20);
}

TEST_F(Cli, FeedsParseReadsAUrl) {
  crawltest::FixtureServer site;
  site.set("/feed.xml", {200, crawltest::rss(two_events())});
  auto r = run("feeds parse --allow-private " + site.url("/feed.xml"));
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["link"], "https://fixture.example/");
  auto refused = run("feeds parse " + site.url("/feed.xml"));
  EXPECT_EQ(refused.code, 4);
  EXPECT_NE(refused.err.find("loopback"), std::string::npos) << refused.err;
  EXPECT_EQ(run("feeds parse --allow-private " + site.url("/missing.xml")).code, 4);
}

TEST_F(Cli, CrawlOnceStoresAndClustersSoDigestPrintsThem) {
  crawltest::FixtureServer site;
  site.set("/feed.xml", {200, crawltest::rss(two_events()), "application/rss+xml", "\"v1\""});
  site.set("/broken.xml", {500, "down", "text/plain"});
  EXPECT_EQ(run("crawl --once").code, 4);  // nothing subscribed
  ASSERT_EQ(run("feeds add --no-check " + site.url("/feed.xml") + " " + site.url("/broken.xml")).code, 0);

  auto guarded = run("crawl --once --host-delay 0");
  EXPECT_EQ(guarded.code, 3);
  auto list = run("feeds list");
  EXPECT_NE(list.out.find("a loopback address; use --allow-private"), std::string::npos) << list.out;

  auto crawled = run("crawl --once --allow-private --host-delay 0");
  EXPECT_EQ(crawled.code, 3) << crawled.err;  // the broken feed
  EXPECT_NE(crawled.err.find("2 new articles"), std::string::npos) << crawled.err;
  EXPECT_NE(crawled.err.find("HTTP 500 Internal Server Error"), std::string::npos) << crawled.err;
  auto digest = run("digest --format json");
  ASSERT_EQ(digest.code, 0) << digest.err;
  EXPECT_NE(digest.err.find("0 new articles placed"), std::string::npos) << digest.err;  // crawl clustered them
  EXPECT_EQ(std::count(digest.out.begin(), digest.out.end(), '\n'), 2) << digest.out;
  EXPECT_NE(digest.out.find("https://coast.example/storm"), std::string::npos);
  EXPECT_NE(digest.out.find("https://money.example/rates"), std::string::npos);

  auto again = run("crawl --once --allow-private --host-delay 0");
  EXPECT_NE(again.err.find("1 read (1 not modified)"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("0 new articles"), std::string::npos) << again.err;
  auto state = run("feeds list");
  EXPECT_NE(state.out.find("HTTP 304; 2 items seen"), std::string::npos) << state.out;
  EXPECT_NE(state.out.find("HTTP 500 Internal Server Error (3 failures in a row)"), std::string::npos) << state.out;
}

// A feed that answers 301: crawl says it moved and `feeds list` shows the new URL.
TEST_F(Cli, CrawlOnceFollowsAFeedThatMovedPermanently) {
  crawltest::FixtureServer site;
  site.set("/old.xml", {301, "", "", "", {}, 0, site.url("/new.xml")});
  site.set("/new.xml", {200, crawltest::rss(two_events())});
  ASSERT_EQ(run("feeds add --no-check " + site.url("/old.xml")).code, 0);
  auto crawled = run("crawl --once --allow-private --host-delay 0");
  EXPECT_EQ(crawled.code, 0) << crawled.err;
  EXPECT_NE(crawled.err.find("feed URL moved permanently: " + site.url("/old.xml") + " -> " + site.url("/new.xml")),
            std::string::npos) << crawled.err;
  auto list = run("feeds list");
  EXPECT_NE(list.out.find(site.url("/new.xml")), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(site.url("/old.xml")), std::string::npos) << list.out;
}

// Through `storyline run`: a feed's new item is in a story on the web page within one polling
// interval (2 s here, the schedule's floor and ceiling) plus 5 s.
TEST_F(Cli, RunCrawlsItsFeedsAndANewItemIsOnThePageWithinAnInterval) {
  crawltest::FixtureServer site;
  auto items = two_events();
  site.set("/feed.xml", {200, crawltest::rss({items[0]})});
  ASSERT_EQ(run("feeds add --no-check " + site.url("/feed.xml")).code, 0);
  Child r = start_run(db_, {"--allow-private", "--host-delay", "0", "--crawl-min-interval", "2",
                            "--crawl-max-interval", "2"});
  ASSERT_GT(r.port, 0) << r.log;
  httplib::Client c("127.0.0.1", r.port);
  auto story_page_with = [&](const std::string& url) -> std::string {
    const auto stories = url_to_story(db_);
    const auto it = stories.find(url);
    if (it == stories.end()) return {};
    auto page = c.Get(("/story/" + std::to_string(it->second)).c_str());
    return page && page->status == 200 ? page->body : std::string();
  };
  auto t0 = std::chrono::steady_clock::now();
  std::string first;
  while (first.empty() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(15)) {
    first = story_page_with("https://coast.example/storm");
    if (first.empty()) usleep(100000);
  }
  EXPECT_NE(first.find("https://coast.example/storm"), std::string::npos) << "the first item never reached a story page";

  site.set("/feed.xml", {200, crawltest::rss(items)});  // the publisher adds an item
  t0 = std::chrono::steady_clock::now();
  std::string second;
  while (second.empty() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(7)) {
    second = story_page_with("https://money.example/rates");
    if (second.empty()) usleep(100000);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_NE(second.find("https://money.example/rates"), std::string::npos)
      << "the new item was not on a story page within 2 s + 5 s";
  auto front = c.Get("/");
  EXPECT_TRUE(front && front->body.find("/story/") != std::string::npos);

  // The publisher corrects the first item: its article is updated (not a new one) and its
  // story is written again with the new text.
  items[0].text = "Officials corrected the count of flooded harbour towns to eleven on Tuesday. " + items[0].text;
  site.set("/feed.xml", {200, crawltest::rss(items)});
  t0 = std::chrono::steady_clock::now();
  bool corrected = false;
  while (!corrected && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(7)) {
    corrected = story_page_with("https://coast.example/storm").find("flooded harbour towns to eleven") != std::string::npos;
    if (!corrected) usleep(100000);
  }
  EXPECT_TRUE(corrected) << "the corrected text was not on the story page within 2 s + 5 s";
  EXPECT_EQ(url_to_story(db_).size(), 2u);  // still two articles
  const int status = stop(r);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_NE(r.log.find("crawling 1 feed"), std::string::npos) << r.log;
  std::printf("new feed item on its story page after %.1f s\n", secs);
}

// Every article text that reaches a page, a feed or the API is escaped: articles carrying a
// script element, event-handler attributes, javascript: links, attribute-breaking quotes
// and broken UTF-8 go through ingest and digest and are served by `run`; no answer carries
// markup or a link of theirs (the browser side of this is tests/browser).
TEST_F(Cli, RunServesHostileArticlesOnlyAsText) {
  const std::string mark = "Zanzibarine";
  std::string lines;
  for (int i = 0; i < 3; ++i)
    lines += nlohmann::json{{"url", i == 0 ? "javascript:alert(1)" : "https://evil.example/" + std::to_string(i) + "\"><script>alert(2)</script>"},
                            {"source", i == 1 ? "<script>alert(3)</script>" : "Evil\" onmouseover=\"alert(4)"},
                            {"title", mark + " <img src=x onerror=alert(5)> summit \"'><script>alert(6)</script>"},
                            {"text", mark + " leaders met at the summit <script>alert(7)</script> on Tuesday. Delegates said "
                                            "\"><img src=x onerror=alert(8)> the " + mark + " summit agreed on " +
                                            std::to_string(40 + i) + " points. <a href=\"javascript:alert(9)\">Read</a> the text."},
                            {"published", "2025-02-11T1" + std::to_string(i) + ":00:00Z"}}
                 .dump() +
             "\n";
  write("hostile.jsonl", lines);
  // An HTML page whose text holds markup as text and bytes that are not UTF-8.
  write("hostile.html", "<html><head><title>" + mark + " summit &lt;script&gt;alert(10)&lt;/script&gt;</title>"
                        "<link rel=\"canonical\" href=\"javascript:alert(11)\"></head><body><article><h1>" + mark +
                        " summit ends</h1><p>The " + mark + " summit leaders met on Tuesday and agreed on 44 points, "
                        "delegates said. Broken \xff\xfe\xc3\x28 bytes &lt;img src=x onerror=alert(12)&gt; here.</p>"
                        "<p>They meet again next year, a spokesman said.</p></article></body></html>");
  auto ing = run("ingest '" + (dir_ / "hostile.jsonl").string() + "' '" + (dir_ / "hostile.html").string() +
                 "' --published 2025-02-11");
  ASSERT_EQ(ing.code, 0) << ing.err;
  auto dig = run("digest --format json");
  ASSERT_EQ(dig.code, 0) << dig.err;

  Child r = start_run(db_, {});
  ASSERT_GT(r.port, 0) << r.log;
  httplib::Client c("127.0.0.1", r.port);
  std::vector<std::string> paths = {"/", "/search?q=" + mark, "/section/politics", "/feed.rss", "/feed.atom",
                                    "/feed.json", "/feed.rss?q=" + mark, "/api/v1/stories", "/api/v1/search?q=" + mark,
                                    "/api/v1/articles"};
  auto list = c.Get("/api/v1/stories");
  ASSERT_TRUE(list);
  const auto stories = nlohmann::json::parse(list->body)["stories"];
  EXPECT_GE(stories.size(), 1u);
  for (const auto& s : stories) {
    paths.push_back("/story/" + std::to_string(s["id"].get<long long>()));
    paths.push_back("/api/v1/stories/" + std::to_string(s["id"].get<long long>()));
  }
  for (long long a = 1; a <= 4; ++a) paths.push_back("/api/v1/articles/" + std::to_string(a));
  bool saw_text = false;
  for (const auto& p : paths) {
    auto res = c.Get(p);
    ASSERT_TRUE(res) << p;
    EXPECT_EQ(res->status, 200) << p;
    const std::string& b = res->body;
    // Valid UTF-8 (broken bytes became U+FFFD): a well-formed document in every format.
    std::string_view v(b);
    bool utf8 = true;
    for (std::size_t i = 0; i < v.size() && utf8;) {
      const unsigned char ch = static_cast<unsigned char>(v[i]);
      const std::size_t n = ch < 0x80 ? 1 : (ch >> 5) == 6 ? 2 : (ch >> 4) == 14 ? 3 : (ch >> 3) == 30 ? 4 : 0;
      utf8 = n > 0 && i + n <= v.size();
      for (std::size_t k = 1; utf8 && k < n; ++k) utf8 = (static_cast<unsigned char>(v[i + k]) >> 6) == 2;
      i += n ? n : 1;
    }
    EXPECT_TRUE(utf8) << p;
    std::string lower = b;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    EXPECT_EQ(lower.find("<script"), std::string::npos) << p;
    EXPECT_EQ(lower.find("<img"), std::string::npos) << p;
    EXPECT_EQ(lower.find("<a href=\"javascript:"), std::string::npos) << p;
    EXPECT_EQ(lower.find("href=\"javascript:"), std::string::npos) << p;
    // No attribute of an article's making in any tag: outside quoted values, no on* name.
    for (std::size_t at = lower.find('<'); at != std::string::npos; at = lower.find('<', at + 1)) {
      bool quoted = false;
      std::string outside;
      for (std::size_t i = at; i < lower.size() && (quoted || lower[i] != '>'); ++i) {
        if (lower[i] == '"') quoted = !quoted;
        else if (!quoted) outside += lower[i];
      }
      EXPECT_EQ(outside.find(" on"), std::string::npos) << p << ": " << outside;
    }
    if (res->get_header_value("Content-Type").rfind("text/html", 0) == 0 && b.find(mark) != std::string::npos) {
      // The text is shown, as text.
      if (b.find("&lt;script&gt;alert(") != std::string::npos || b.find("&lt;img src=x onerror=") != std::string::npos)
        saw_text = true;
    }
    if (res->get_header_value("Content-Type").rfind("application/json", 0) == 0)
      EXPECT_EQ(b.find('<'), std::string::npos) << p;  // written as \u003c
  }
  EXPECT_TRUE(saw_text) << "the hostile text should be on the pages, escaped";
  stop(r);
}

// `articles remove` by id and by URL: the log names what went (its URL), the story is
// rewritten without it at the next digest, an unknown one is a warning; exit 0 when all
// went, 3 when some did, 4 when none did.
TEST_F(Cli, ArticlesRemoveNamesWhatWentAndExitsByHowManyDid) {
  write("two.jsonl",
        "{\"url\":\"https://a.example/crane\",\"source\":\"a.example\",\"title\":\"Harbour crane collapses in Rotterdam\","
        "\"text\":\"A harbour crane collapsed in Rotterdam on Monday. Nobody was hurt, the port authority said.\","
        "\"published\":\"2025-02-10T09:00:00Z\"}\n"
        "{\"url\":\"https://b.example/library\",\"source\":\"b.example\",\"title\":\"Library reopens after flood repairs\","
        "\"text\":\"The city library reopened on Tuesday after months of repairs following the flood.\","
        "\"published\":\"2025-02-11T09:00:00Z\"}\n");
  ASSERT_EQ(run("ingest '" + (dir_ / "two.jsonl").string() + "'").code, 0);
  ASSERT_EQ(run("digest").code, 0);
  auto gone = run("articles remove https://a.example/crane");
  EXPECT_EQ(gone.code, 0) << gone.err;
  EXPECT_NE(gone.err.find("removed article 1 (https://a.example/crane)"), std::string::npos) << gone.err;
  auto some = run("articles remove 2 https://nowhere.example/x");
  EXPECT_EQ(some.code, 3) << some.err;
  EXPECT_NE(some.err.find("removed article 2 (https://b.example/library)"), std::string::npos) << some.err;
  EXPECT_NE(some.err.find("no article https://nowhere.example/x"), std::string::npos) << some.err;
  EXPECT_EQ(run("articles remove 1").code, 4);  // already gone
  auto dig = run("digest");
  EXPECT_EQ(dig.code, 4) << dig.err;  // no article left
}
