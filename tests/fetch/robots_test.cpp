#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fetch/fetch.h"

using namespace storyline;

namespace {
const char* kAgent = "storyline/0.1 (+https://github.com/storyline-news/storyline)";

std::string strip_cr(std::string s) {
  if (!s.empty() && s.back() == '\r') s.pop_back();
  return s;
}
}  // namespace

TEST(Robots, AnswersEveryCaseInTheTable) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/fetch/data/robots_cases.txt", std::ios::binary);
  ASSERT_TRUE(in) << "tests/fetch/data/robots_cases.txt is missing";
  std::string line, name, robots;
  bool in_expect = false;
  int cases = 0, checks = 0;
  fetch::Robots parsed;
  while (std::getline(in, line)) {
    const std::string bare = strip_cr(line);
    if (bare.rfind("== ", 0) == 0) {
      name = bare.substr(3);
      robots.clear();
      in_expect = false;
      ++cases;
      continue;
    }
    if (name.empty() || (bare.empty() && in_expect)) continue;
    if (!in_expect && bare == "--") {
      parsed = fetch::parse_robots(robots, kAgent);
      in_expect = true;
      continue;
    }
    if (!in_expect) {
      robots += line + "\n";  // keeps CRs: the parser sees CRLF files as they are
      continue;
    }
    std::istringstream ss(bare);
    std::string verb, arg;
    ss >> verb >> arg;
    ++checks;
    if (verb == "allow") EXPECT_TRUE(fetch::robots_allowed(parsed, arg)) << name << ": " << arg;
    else if (verb == "deny") EXPECT_FALSE(fetch::robots_allowed(parsed, arg)) << name << ": " << arg;
    else if (verb == "delay") {
      ASSERT_TRUE(parsed.crawl_delay.has_value()) << name;
      EXPECT_DOUBLE_EQ(*parsed.crawl_delay, std::stod(arg)) << name;
    } else if (verb == "nodelay") EXPECT_FALSE(parsed.crawl_delay.has_value()) << name;
    else ADD_FAILURE() << name << ": unknown expectation '" << bare << "'";
  }
  EXPECT_GE(cases, 25);
  EXPECT_GE(checks, 55);
}

TEST(Robots, StatusDecidesWhenThereIsNoFile) {
  EXPECT_TRUE(fetch::robots_allowed(fetch::robots_from_response(404, "", kAgent), "/x"));
  EXPECT_TRUE(fetch::robots_allowed(fetch::robots_from_response(403, "", kAgent), "/x"));
  EXPECT_FALSE(fetch::robots_allowed(fetch::robots_from_response(503, "", kAgent), "/x"));
  EXPECT_FALSE(fetch::robots_allowed(fetch::robots_from_response(429, "", kAgent), "/x"));
  EXPECT_FALSE(fetch::robots_allowed(fetch::robots_from_response(0, "", kAgent), "/x"));  // network error
  const fetch::Robots ok = fetch::robots_from_response(200, "User-agent: *\nDisallow: /x\n", kAgent);
  EXPECT_FALSE(fetch::robots_allowed(ok, "/x"));
  EXPECT_TRUE(fetch::robots_allowed(ok, "/y"));
}

TEST(Robots, OnlyTheFirst512KiBAreRead) {
  std::string txt = "User-agent: *\nDisallow: /early\n";
  txt += std::string(600 * 1024, '#') + "\nDisallow: /late\n";
  const fetch::Robots r = fetch::parse_robots(txt, kAgent);
  EXPECT_FALSE(fetch::robots_allowed(r, "/early"));
  EXPECT_TRUE(fetch::robots_allowed(r, "/late"));
}

TEST(Robots, PathologicalWildcardsStayCheap) {
  // Many stars against a long path: the matcher backtracks one star at a time, so this
  // is quadratic at worst, not exponential.
  const fetch::Robots r = fetch::parse_robots("User-agent: *\nDisallow: /" + std::string(200, '*') + "x$\n", kAgent);
  EXPECT_TRUE(fetch::robots_allowed(r, "/" + std::string(5000, 'a') + "y"));
  EXPECT_FALSE(fetch::robots_allowed(r, "/" + std::string(5000, 'a') + "x"));
}
