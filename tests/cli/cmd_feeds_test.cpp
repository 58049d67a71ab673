// `storyline feeds parse` through the binary: the JSON line and the exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

struct FeedsRun {
  int code = -1;
  std::string out;
};

FeedsRun feeds_parse(const std::string& content, const std::string& extra = "") {
  const fs::path file = fs::temp_directory_path() / ("storyline_feeds_" + std::to_string(getpid()) + ".xml");
  std::ofstream(file, std::ios::binary) << content;
  const std::string cmd = std::string(STORYLINE_BINARY) + " -q feeds parse " + extra + " '" + file.string() + "' 2>/dev/null";
  FeedsRun r;
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  fs::remove(file);
  return r;
}

TEST(CliFeeds, CleanFeedPrintsOneJsonLineAndExitsZero) {
  const FeedsRun r = feeds_parse(
      "<rss><channel><title>T</title><link>/home</link><item><title>I</title><link>a/1</link>"
      "<pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate></item></channel></rss>",
      "--base http://example.com/feeds/rss.xml");
  EXPECT_EQ(r.code, 0);
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["title"], "T");
  EXPECT_EQ(j["link"], "http://example.com/home");
  EXPECT_EQ(j["malformed"], false);
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_TRUE(j["published"].is_null());
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["link"], "http://example.com/feeds/a/1");
  EXPECT_EQ(j["items"][0]["published"], "2004-01-01T19:48:21Z");
  for (const char* k : {"id", "title", "link", "author", "published", "updated", "summary", "content"})
    EXPECT_TRUE(j["items"][0].contains(k)) << k;
  for (const char* k : {"title", "link", "id", "author", "language", "published", "updated", "malformed", "error"})
    EXPECT_TRUE(j.contains(k)) << k;
}

TEST(CliFeeds, MalformedFeedExitsThreeAndUnreadableFour) {
  const FeedsRun bad = feeds_parse("<rss><channel><title>Caf&eacute; & co</title><item><title>x</title>");
  EXPECT_EQ(bad.code, 3);
  const auto j = nlohmann::json::parse(bad.out);
  EXPECT_EQ(j["malformed"], true);
  EXPECT_TRUE(j["error"].is_string());
  EXPECT_EQ(j["title"], "Caf\xC3\xA9 & co");

  const FeedsRun none = feeds_parse("<html><body>not a feed</body></html>");
  EXPECT_EQ(none.code, 4);
  EXPECT_TRUE(nlohmann::json::parse(none.out)["error"].is_string());
}

}  // namespace
