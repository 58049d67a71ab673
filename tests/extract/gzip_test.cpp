// Tests for gunzip() and read_document().
#include <gtest/gtest.h>

#include "support/gzip.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "extract/extract.h"

namespace storyline::extract {
namespace {

std::string gzip(const std::string& data) { return storyline::testing::gzip(data, 9); }

TEST(Gunzip, RoundTrip) {
  const std::string text = "<html><body><p>Hello, world.</p></body></html>";
  std::string out, err;
  ASSERT_TRUE(gunzip(gzip(text), out, err, 1 << 20)) << err;
  EXPECT_EQ(out, text);
}

TEST(Gunzip, RefusesBomb) {
  const std::string zeros(8u << 20, '\0');  // 8 MiB of zeros compresses to ~8 KiB
  const std::string bomb = gzip(zeros);
  ASSERT_LT(bomb.size(), 64u << 10);
  std::string out, err;
  EXPECT_FALSE(gunzip(bomb, out, err, 1u << 20));
  EXPECT_TRUE(out.empty());
  EXPECT_NE(err.find("exceeds"), std::string::npos);
  EXPECT_TRUE(gunzip(bomb, out, err, 16u << 20));
  EXPECT_EQ(out.size(), zeros.size());
}

TEST(Gunzip, RejectsCorruptAndTruncated) {
  std::string out, err;
  EXPECT_FALSE(gunzip("definitely not gzip", out, err, 1 << 20));
  const std::string gz = gzip(std::string(10000, 'x'));
  EXPECT_FALSE(gunzip(std::string_view(gz).substr(0, gz.size() / 2), out, err, 1 << 20));
}

TEST(ReadDocument, PlainAndGzipFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "storyline_gzip_test";
  std::filesystem::create_directories(dir);
  const std::string text = "plain document text";
  { std::ofstream(dir / "a.html", std::ios::binary) << text; }
  { std::ofstream(dir / "a.html.gz", std::ios::binary) << gzip(text); }
  std::string bytes, err;
  ASSERT_TRUE(read_document((dir / "a.html").string(), bytes, err)) << err;
  EXPECT_EQ(bytes, text);
  ASSERT_TRUE(read_document((dir / "a.html.gz").string(), bytes, err)) << err;
  EXPECT_EQ(bytes, text);
  EXPECT_FALSE(read_document((dir / "a.html").string(), bytes, err, 5));  // over the limit
  EXPECT_FALSE(read_document((dir / "missing.html").string(), bytes, err));
  EXPECT_FALSE(err.empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace storyline::extract
