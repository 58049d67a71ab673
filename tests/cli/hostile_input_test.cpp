// Hostile input through the binary (issue 16, "Bad input"): every file ends with a result
// or a clear error — exit 0, 3 (some inputs had problems) or 4 (nothing to work on) —
// never 1, a signal, a hang or an abort. Each run is bounded by `timeout` and 1 GiB of
// address space (ulimit -v), as the issue's own battery is.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const std::string kBin = STORYLINE_BINARY;

class HostileInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("storyline_hostile_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    files_ = make_files();
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  std::vector<fs::path> make_files() {
    std::vector<fs::path> f;
    f.push_back(write("empty.html", ""));
    f.push_back(write("empty.txt", ""));
    f.push_back(write("empty.jsonl", ""));
    // A gzip header and the start of a deflate stream, cut off.
    f.push_back(write("truncated.html.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xb3\xc9", 12)));
    f.push_back(write("not_gzip.html.gz", "plain text, not gzip at all"));
    f.push_back(write("bad_utf8.txt", "Title \xff\xfe\n\nBody \xed\xa0\x80 text \xc3 cut \x80\x80 more.\n"));
    f.push_back(write("bad_utf8.html", "<html><head><title>\xff\xfe</title></head><body><p>\xc0\xaf \xed\xa0\x80</p></body></html>"));
    std::string garbage;
    unsigned x = 12345;
    for (int i = 0; i < 200000; ++i) {
      x = x * 1103515245u + 12345u;
      garbage += static_cast<char>(x >> 16);
    }
    f.push_back(write("garbage.html", garbage));
    f.push_back(write("garbage.txt", garbage));
    f.push_back(write("garbage.jsonl", garbage));
    f.push_back(write("bad.jsonl", "{\"title\": \"x\"\n[1,2,3]\n{\"title\":[{\"a\":1}],\"text\":null}\nnull\n\"str\"\n{}\n"));
    std::string deep_json = "{\"title\":\"t\",\"text\":";
    deep_json += std::string(100000, '[') + std::string(100000, ']') + "}\n";
    f.push_back(write("deep.jsonl", deep_json));
    std::string deep = "<html><body>";
    for (int i = 0; i < 300000; ++i) deep += "<div>";
    deep += "<p>Deep inside, the text survives.</p></body></html>";
    f.push_back(write("deep.html", deep));
    std::string entities = "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                           "<html><body><p>&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&amp;&#0;&#xD800;&#x110000;&#99999999999;</p></body></html>";
    f.push_back(write("entities.html", entities));
    fs::create_directories(dir_ / "a_directory.html");
    f.push_back(dir_ / "a_directory.html");
    return f;
  }

  // Runs `storyline args` with a time and memory bound; the exit code, or -signal.
  int run(const std::string& args) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    const std::string limit;  // (sanitizers reserve terabytes of address space)
#else
    const std::string limit = "ulimit -v 1048576; ";
#endif
    const std::string cmd = limit + "timeout -s KILL 20 '" + kBin + "' " + args +
                            " >/dev/null 2>'" + (dir_ / "err.txt").string() + "' </dev/null";
    const int status = std::system(("bash -c \"" + cmd + "\"").c_str());
    if (!WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);  // bash reports a killed child as 128 + signal
  }

  fs::path dir_;
  std::vector<fs::path> files_;
};

bool acceptable(int code) { return code == 0 || code == 3 || code == 4; }

}  // namespace

TEST_F(HostileInput, ExtractEndsWithAResultOrAClearError) {
  for (const fs::path& f : files_) {
    const int code = run("extract '" + f.string() + "'");
    EXPECT_TRUE(acceptable(code)) << f.filename() << ": exit " << code;
  }
}

TEST_F(HostileInput, IngestEndsWithAResultOrAClearError) {
  for (const fs::path& f : files_) {
    const std::string db = (dir_ / "hostile.db").string();
    const int code = run("--db '" + db + "' ingest '" + f.string() + "' --published 2025-02-11");
    EXPECT_TRUE(acceptable(code)) << f.filename() << ": exit " << code;
  }
  // All of them at once: one run, the bad files reported, the rest read.
  const std::string db = (dir_ / "all.db").string();
  const int code = run("--db '" + db + "' ingest '" + dir_.string() + "' --published 2025-02-11");
  EXPECT_TRUE(acceptable(code)) << "the whole directory: exit " << code;
}

// Hostile store files: garbage, a file with SQLite's header and nothing else, a store cut in
// half, a directory, a store from a newer release and another program's database. Every
// command refuses them with exit 4 and a message that says what the file is and what to do;
// another program's database is left as it was.
TEST_F(HostileInput, StoreFilesThatCannotBeUsedAreRefusedWithExit4) {
  const fs::path good = dir_ / "good.db";
  ASSERT_EQ(run("--db '" + good.string() + "' ingest '" + STORYLINE_SOURCE_DIR + "/examples' --published 2025-02-11"), 0);
  ASSERT_EQ(std::system(("sqlite3 '" + good.string() + "' 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null").c_str()), 0);
  std::ifstream in(good, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 8192u);
  struct Case {
    fs::path path;
    std::string says;
  };
  std::vector<Case> cases;
  cases.push_back({write("garbage.db", std::string(100000, 'Z')), "damaged"});
  cases.push_back({write("header_only.db", std::string("SQLite format 3\0", 16) + "nothing else"), "damaged"});
  cases.push_back({write("half.db", bytes.substr(0, bytes.size() / 2)), "damaged"});
  fs::create_directories(dir_ / "dir.db");
  cases.push_back({dir_ / "dir.db", "is a directory"});
  cases.push_back({write("newer.db", bytes), "newer than this storyline"});
  ASSERT_EQ(std::system(("sqlite3 '" + (dir_ / "newer.db").string() + "' 'PRAGMA user_version = 999'").c_str()), 0);
  const fs::path foreign = dir_ / "foreign.db";
  ASSERT_EQ(std::system(("sqlite3 '" + foreign.string() + "' \"CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES('mine')\"").c_str()), 0);
  cases.push_back({foreign, "another program's database"});
  for (const Case& c : cases) {
    for (const std::string& cmd : {std::string("digest"), "ingest '" + std::string(STORYLINE_SOURCE_DIR) + "/examples'"}) {
      const int code = run("--db '" + c.path.string() + "' " + cmd);
      EXPECT_EQ(code, 4) << c.path.filename() << " " << cmd;
      std::ifstream err(dir_ / "err.txt");
      const std::string said((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
      EXPECT_NE(said.find(c.says), std::string::npos) << c.path.filename() << " " << cmd << ": " << said;
    }
  }
  // The other program's table is all the file holds, as before.
  FILE* p = popen(("sqlite3 '" + foreign.string() + "' \"SELECT group_concat(name) FROM sqlite_master\"").c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[256] = {};
  const std::size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  EXPECT_EQ(std::string(buf, n), "notes\n");
}

// A story row damaged inside a sound store file (a bad copy, a hand edit): `digest` prints
// every other story, names the damaged one and the repair, and exits 3; the repair it names
// (`digest --rebuild`) writes it again, and then every story prints.
TEST_F(HostileInput, ADamagedStoryRowIsNamedAndTheOtherStoriesPrinted) {
  const fs::path db = dir_ / "row.db";
  const fs::path two = write("two.jsonl",
      "{\"url\":\"https://a.example/1\",\"source\":\"a.example\",\"title\":\"Harbour crane collapses in Rotterdam\","
      "\"text\":\"A harbour crane collapsed in Rotterdam on Monday. Nobody was hurt, the port authority said.\","
      "\"published\":\"2025-02-10T09:00:00Z\"}\n"
      "{\"url\":\"https://b.example/2\",\"source\":\"b.example\",\"title\":\"Library reopens after flood repairs\","
      "\"text\":\"The city library reopened on Tuesday after months of repairs following the flood.\","
      "\"published\":\"2025-02-11T09:00:00Z\"}\n");
  ASSERT_EQ(run("--db '" + db.string() + "' ingest '" + two.string() + "'"), 0);
  ASSERT_EQ(run("--db '" + db.string() + "' digest"), 0);
  ASSERT_EQ(std::system(("sqlite3 '" + db.string() + "' \"UPDATE stories SET rank = '[[[' WHERE headline LIKE '%crane%'\"").c_str()), 0);
  const fs::path out = dir_ / "out.txt";
  auto printed = [&]() {
    std::ifstream in(out);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  auto said = [&]() {
    std::ifstream in(dir_ / "err.txt");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::string digest = "--db '" + db.string() + "' digest > '" + out.string() + "'";
  EXPECT_EQ(std::system(("'" + kBin + "' " + digest + " 2>'" + (dir_ / "err.txt").string() + "'").c_str()) >> 8, 3);
  EXPECT_NE(printed().find("library"), std::string::npos) << printed();
  EXPECT_EQ(printed().find("crane"), std::string::npos) << printed();
  EXPECT_NE(said().find("is damaged in the store"), std::string::npos) << said();
  EXPECT_NE(said().find("digest --rebuild"), std::string::npos) << said();
  ASSERT_EQ(run("--db '" + db.string() + "' digest --rebuild"), 0);
  EXPECT_EQ(std::system(("'" + kBin + "' " + digest + " 2>/dev/null").c_str()) >> 8, 0);
  EXPECT_NE(printed().find("library"), std::string::npos) << printed();
  EXPECT_NE(printed().find("crane"), std::string::npos) << printed();
}
