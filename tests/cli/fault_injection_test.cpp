// Faults injected into the storyline binary: the process killed inside each write path
// (STORYLINE_FAULT_KILL_AT, src/store/sqlite_db.h), and a store whose disk fills up under
// `ingest` and under `run` (a small tmpfs mounted by the test; skipped where the test may
// not mount one). After each fault: the fault is reported, nothing acknowledged is lost, and
// the next start recovers to the state an uninterrupted run reaches.
#include <gtest/gtest.h>

#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "crawl/fixture_server.h"

namespace fs = std::filesystem;

namespace {

const std::string kBin = STORYLINE_BINARY;

struct Exit {
  bool signaled = false;
  int code = -1;  // exit code, or the signal when signaled
  std::string err, out;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the binary with `args`, optionally with STORYLINE_FAULT_KILL_AT=kill_at.
Exit exec_bin(const fs::path& dir, std::vector<std::string> args, const std::string& kill_at = "") {
  const fs::path out = dir / "exec.out", err = dir / "exec.err";
  const pid_t pid = fork();
  if (pid == 0) {
    if (!kill_at.empty()) setenv("STORYLINE_FAULT_KILL_AT", kill_at.c_str(), 1);
    else unsetenv("STORYLINE_FAULT_KILL_AT");
    std::freopen(out.c_str(), "w", stdout);
    std::freopen(err.c_str(), "w", stderr);
    std::vector<char*> argv = {const_cast<char*>(kBin.c_str())};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(kBin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  Exit e;
  e.signaled = WIFSIGNALED(status);
  e.code = e.signaled ? WTERMSIG(status) : WEXITSTATUS(status);
  e.out = slurp(out);
  e.err = slurp(err);
  return e;
}

long long query_int(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

std::string integrity(const std::string& db_path) {
  sqlite3* db = nullptr;
  std::string v = "cannot open";
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

// Articles on three events from five outlets, with wire copies: enough for several stories,
// several ingest batches and several rewrite batches.
std::string article_json(std::size_t i) {
  static const char* events[] = {
      "A powerful storm hit the northern coast on Monday, flooding harbour towns and cutting power to thousands.",
      "The central bank raised its main interest rate by half a point to fight stubborn inflation.",
      "Volcanic ash closed the island's airport for a second day as the eruption went on.",
  };
  nlohmann::json j = {{"url", "https://outlet" + std::to_string(i % 5) + ".example/a/" + std::to_string(i)},
                      {"source", "outlet" + std::to_string(i % 5)},
                      {"title", std::string(events[i % 3]).substr(0, 40)},
                      {"text", std::string(events[i % 3]) + " Report " + std::to_string(i) +
                                   " adds local detail about district " + std::to_string(i % 11) +
                                   ".\nOfficials spoke to reporters about item " + std::to_string(i * 13) + "."},
                      {"published", 1739232000 + static_cast<long>(i) * 600}};
  return j.dump();
}

void write_articles(const fs::path& file, std::size_t from, std::size_t to) {
  std::ofstream f(file);
  for (std::size_t i = from; i < to; ++i) f << article_json(i) << "\n";
}

// What a reader sees of the stories: ids, headlines, standfirsts, bodies and members.
std::string stories_view(const std::string& digest_json_lines) {
  std::string view;
  std::istringstream in(digest_json_lines);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    view += j["headline"].dump() + "|" + j["standfirst"].dump() + "|" + j["body"].dump() + "|" + j["articles"].dump() + "|" +
            (j.contains("id") ? j["id"].dump() : std::string()) + "\n";
  }
  return view;
}

class Fault : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("storyline_fault_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (mounted_) umount2(mnt_.c_str(), MNT_DETACH);
    fs::remove_all(dir_);
  }
  // A tmpfs of `kib` KiB at dir_/mnt, or false where this process may not mount one.
  bool mount_small_disk(std::size_t kib) {
    mnt_ = (dir_ / "mnt").string();
    fs::create_directories(mnt_);
    const std::string opts = "size=" + std::to_string(kib) + "k";
    mounted_ = mount("storyline_fault", mnt_.c_str(), "tmpfs", 0, opts.c_str()) == 0;
    return mounted_;
  }
  bool resize_disk(std::size_t kib) {
    const std::string opts = "size=" + std::to_string(kib) + "k";
    return mount("storyline_fault", mnt_.c_str(), "tmpfs", MS_REMOUNT, opts.c_str()) == 0;
  }
  fs::path dir_;
  std::string mnt_;
  bool mounted_ = false;
};

struct KillCase {
  const char* point;  // the crash point (sqlite_db.h)
  const char* command;  // "ingest" or "digest": which command is killed
};

class FaultKill : public Fault, public ::testing::WithParamInterface<KillCase> {};

}  // namespace

// The process dies (SIGKILL) inside a write path's open transaction; the store stays intact,
// what was acknowledged before stays, and the next run reaches exactly the stories (ids,
// headlines, members) an uninterrupted run gives.
TEST_P(FaultKill, KilledInsideAWritePathRecoversToTheUninterruptedResult) {
  const KillCase kc = GetParam();
  const fs::path file = dir_ / "articles.jsonl";
  write_articles(file, 0, 90);
  const std::string straight = (dir_ / "straight.db").string(), faulted = (dir_ / "faulted.db").string();

  ASSERT_EQ(exec_bin(dir_, {"--db", straight, "ingest", file.string(), "--batch", "20"}).code, 0);
  const Exit want = exec_bin(dir_, {"--db", straight, "digest", "--format", "json"});
  ASSERT_EQ(want.code, 0) << want.err;
  const std::string want_view = stories_view(want.out);
  ASSERT_FALSE(want_view.empty());

  if (std::string(kc.command) == "ingest") {
    // Killed while the third batch of 20 is written: the first two batches are durable.
    const Exit killed = exec_bin(dir_, {"--db", faulted, "ingest", file.string(), "--batch", "20"},
                                 std::string(kc.point) + ":3");
    ASSERT_TRUE(killed.signaled) << "exit " << killed.code << ": " << killed.err;
    EXPECT_EQ(killed.code, SIGKILL);
    EXPECT_EQ(integrity(faulted), "ok");
    EXPECT_EQ(query_int(faulted, "SELECT count(*) FROM articles"), 40);
    const Exit again = exec_bin(dir_, {"--db", faulted, "ingest", file.string(), "--batch", "20"});
    ASSERT_EQ(again.code, 0) << again.err;
  } else {
    ASSERT_EQ(exec_bin(dir_, {"--db", faulted, "ingest", file.string(), "--batch", "20"}).code, 0);
    const long long stories_before = query_int(faulted, "SELECT count(*) FROM stories");
    const Exit killed = exec_bin(dir_, {"--db", faulted, "digest", "--format", "json"}, std::string(kc.point) + ":1");
    ASSERT_TRUE(killed.signaled) << "exit " << killed.code << ": " << killed.err;
    EXPECT_EQ(integrity(faulted), "ok");
    if (std::string(kc.point) == "commit_clustering") {
      // Nothing of the killed batch was committed: no assignment, no story.
      EXPECT_EQ(query_int(faulted, "SELECT count(*) FROM assignments"), 0);
      EXPECT_EQ(query_int(faulted, "SELECT count(*) FROM stories"), stories_before);
    }
  }
  EXPECT_EQ(query_int(faulted, "SELECT count(*) FROM articles"), 90);
  const Exit got = exec_bin(dir_, {"--db", faulted, "digest", "--format", "json"});
  ASSERT_EQ(got.code, 0) << got.err;
  EXPECT_EQ(stories_view(got.out), want_view);
  EXPECT_EQ(query_int(faulted, "SELECT count(*) FROM story_queue"), 0);
}

INSTANTIATE_TEST_SUITE_P(WritePaths, FaultKill,
                         ::testing::Values(KillCase{"add_articles", "ingest"},
                                           KillCase{"commit_clustering", "digest"},
                                           KillCase{"claim_stories", "digest"},
                                           KillCase{"write_stories", "digest"}),
                         [](const auto& info) { return std::string(info.param.point); });

// The process dies while a crawl writes what a fetch brought (the feed's state, its new
// articles and its seen items, one transaction): nothing of it is half there, and the next
// crawl stores every item once; the one after stores none again.
TEST_F(Fault, KilledWhileWritingFeedStateRecoversWithEachItemOnce) {
  crawltest::FixtureServer site;
  site.set("/feed.xml", {200, crawltest::rss({{"g-storm", "Storm floods harbour towns", "https://coast.example/storm",
                                               "A powerful storm hit the northern coast on Monday. " + crawltest::body_text("storm")},
                                              {"g-bank", "Central bank raises rates", "https://money.example/rates",
                                               "The central bank raised its rate on Tuesday. " + crawltest::body_text("bank")}})});
  const std::string db = (dir_ / "feeds.db").string();
  ASSERT_EQ(exec_bin(dir_, {"--db", db, "feeds", "add", "--no-check", site.url("/feed.xml")}).code, 0);
  const std::vector<std::string> crawl = {"--db", db, "crawl", "--once", "--allow-private", "--host-delay", "0"};
  const Exit killed = exec_bin(dir_, crawl, "record_fetches:1");
  ASSERT_TRUE(killed.signaled) << "exit " << killed.code << ": " << killed.err;
  EXPECT_EQ(integrity(db), "ok");
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM articles"), 0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM feed_items"), 0);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM feeds WHERE last_fetch > 0"), 0);
  const Exit again = exec_bin(dir_, crawl);
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("2 new articles"), std::string::npos) << again.err;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM feed_items"), 2);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM feeds WHERE last_fetch > 0"), 1);
  const Exit third = exec_bin(dir_, crawl);
  ASSERT_EQ(third.code, 0) << third.err;
  EXPECT_NE(third.err.find("0 new articles"), std::string::npos) << third.err;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM articles"), 2);
  EXPECT_EQ(site.hits("/feed.xml"), 3);
}

// The disk fills up during `ingest`: a clear error that says so, the batches acknowledged
// before it stay, the store is intact, and once space is freed the same command finishes
// the job with nothing twice.
TEST_F(Fault, DiskFullDuringIngestLosesNothingAndResumes) {
  if (!mount_small_disk(768)) GTEST_SKIP() << "cannot mount a tmpfs here (needs root in a mount namespace)";
  const fs::path file = dir_ / "articles.jsonl";
  write_articles(file, 0, 6000);
  const std::string db = mnt_ + "/store.db";
  const Exit full = exec_bin(dir_, {"-v", "--db", db, "ingest", file.string(), "--batch", "100"});
  ASSERT_FALSE(full.signaled) << full.err;
  EXPECT_NE(full.code, 0) << "a full disk must not end as success";
  EXPECT_NE(full.err.find("disk is full"), std::string::npos) << full.err;
  // "committed N articles (...), up to FILE:LINE": the last acknowledged line.
  std::size_t acked = 0;
  for (std::size_t at = full.err.find(file.string() + ":"); at != std::string::npos;
       at = full.err.find(file.string() + ":", at + 1))
    acked = std::max<std::size_t>(acked, std::stoul(full.err.substr(at + file.string().size() + 1)));
  EXPECT_GT(acked, 0u) << "some batches fit on the disk: " << full.err;
  EXPECT_LT(acked, 6000u);
  ASSERT_TRUE(resize_disk(64 * 1024));
  EXPECT_EQ(integrity(db), "ok");
  EXPECT_GE(query_int(db, "SELECT count(*) FROM articles"), static_cast<long long>(acked));
  const Exit again = exec_bin(dir_, {"--db", db, "ingest", file.string(), "--batch", "100"});
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM articles"), 6000);
  EXPECT_EQ(query_int(db, "SELECT count(DISTINCT url) FROM articles"), 6000);
}

// The disk fills up under `storyline run`: writes answer 503 with a JSON error, reads go on,
// every article acknowledged with 202 is kept, and once space is freed the engine resumes
// and the articles reach their stories.
TEST_F(Fault, DiskFullUnderRunAnswers503ThenResumes) {
  if (!mount_small_disk(4096)) GTEST_SKIP() << "cannot mount a tmpfs here (needs root in a mount namespace)";
  const std::string db = mnt_ + "/store.db";
  int errpipe[2];
  ASSERT_EQ(pipe(errpipe), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(errpipe[1], 2);
    close(errpipe[0]);
    unsetenv("STORYLINE_FAULT_KILL_AT");
    execl(kBin.c_str(), kBin.c_str(), "--db", db.c_str(), "run", "--port", "0", "--token", "k", nullptr);
    _exit(127);
  }
  close(errpipe[1]);
  FILE* err = fdopen(errpipe[0], "r");
  char buf[2048];
  int port = 0;
  while (port == 0 && fgets(buf, sizeof buf, err)) {
    const char* p = std::strstr(buf, "http://127.0.0.1:");
    if (p) port = std::atoi(p + std::strlen("http://127.0.0.1:"));
  }
  ASSERT_GT(port, 0);
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(30, 0);
  std::size_t next = 0, acked = 0;
  auto post = [&](std::size_t n) {
    std::string body;
    for (std::size_t k = 0; k < n; ++k) body += article_json(next + k) + "\n";
    auto res = c.Post("/api/v1/articles", {{"Authorization", "Bearer k"}}, body, "application/x-ndjson");
    if (res && res->status == 202) {
      next += n;
      acked = next;
    }
    return res ? res->status : -1;
  };
  ASSERT_EQ(post(20), 202);
  // Fill the disk: a filler file takes what is left.
  const fs::path filler = fs::path(mnt_) / "filler";
  {
    std::ofstream f(filler, std::ios::binary);
    std::string block(1 << 16, 'x');
    while (f.write(block.data(), block.size())) {
    }
  }
  int status = 202;
  for (int i = 0; i < 400 && status == 202; ++i) status = post(50);
  ASSERT_EQ(status, 503) << "a full disk must refuse writes";
  auto refused = c.Post("/api/v1/articles", {{"Authorization", "Bearer k"}}, article_json(next), "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_TRUE(nlohmann::json::parse(refused->body).contains("error")) << refused->body;
  auto read = c.Get("/api/v1/stories");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200) << "reads go on while writes fail";
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);

  fs::remove(filler);
  int again = -1;
  for (int i = 0; i < 100 && again != 202; ++i) {
    again = post(1);
    if (again != 202) usleep(100000);
  }
  EXPECT_EQ(again, 202) << "writes resume once space is freed";
  // The engine catches up: every acknowledged article is stored and assigned.
  bool idle = false;
  for (int i = 0; i < 600 && !idle; ++i) {
    auto h = c.Get("/healthz");
    if (h && h->status == 200) {
      const auto j = nlohmann::json::parse(h->body);
      idle = j["unclustered"] == 0 && j["queued"] == 0;
    }
    if (!idle) usleep(100000);
  }
  kill(pid, SIGTERM);
  std::string log;
  while (fgets(buf, sizeof buf, err)) log += buf;
  fclose(err);
  int wst = 0;
  waitpid(pid, &wst, 0);
  EXPECT_TRUE(idle) << "the engine did not resume: " << log;
  EXPECT_TRUE(WIFEXITED(wst) && WEXITSTATUS(wst) == 0) << log;
  EXPECT_EQ(integrity(db), "ok");
  EXPECT_EQ(query_int(db, "SELECT count(DISTINCT url) FROM articles"), static_cast<long long>(acked));
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM assignments"), static_cast<long long>(acked));
}
