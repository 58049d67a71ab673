#include <gtest/gtest.h>

#include "fetch/fetch.h"

using namespace storyline;

TEST(Url, ParsesHttpAndHttpsWithDefaultPorts) {
  fetch::UrlParts p;
  std::string error;
  ASSERT_TRUE(fetch::parse_url("HTTPS://News.Example.COM/feed?x=1", p, error)) << error;
  EXPECT_EQ(p.scheme, "https");
  EXPECT_EQ(p.host, "news.example.com");
  EXPECT_EQ(p.port, 443);
  EXPECT_EQ(p.path, "/feed?x=1");
  ASSERT_TRUE(fetch::parse_url("http://[::1]:8080", p, error)) << error;
  EXPECT_EQ(p.host, "::1");
  EXPECT_EQ(p.port, 8080);
  EXPECT_EQ(p.path, "/");
  EXPECT_FALSE(fetch::parse_url("ftp://example.com/", p, error));
  EXPECT_NE(error.find("only http and https"), std::string::npos);
  EXPECT_FALSE(fetch::parse_url("/relative/path", p, error));
}

TEST(Url, ResolvesReferencesPerRfc3986) {
  const std::string base = "http://a.example/b/c/d;p?q";
  EXPECT_EQ(fetch::resolve_url(base, "g"), "http://a.example/b/c/g");
  EXPECT_EQ(fetch::resolve_url(base, "../g"), "http://a.example/b/g");
  EXPECT_EQ(fetch::resolve_url(base, "/g"), "http://a.example/g");
  EXPECT_EQ(fetch::resolve_url(base, "//other.example/x"), "http://other.example/x");
  EXPECT_EQ(fetch::resolve_url(base, "https://secure.example/"), "https://secure.example/");
  EXPECT_EQ(fetch::resolve_url(base, "g?y"), "http://a.example/b/c/g?y");
}

TEST(Url, HostKeysNameHostAndPort) {
  EXPECT_EQ(fetch::host_key("https://Example.com/a"), "example.com:443");
  EXPECT_EQ(fetch::host_key("http://example.com/a"), "example.com:80");
  EXPECT_EQ(fetch::host_key("http://example.com:8080/a"), "example.com:8080");
  EXPECT_EQ(fetch::host_key("http://[2001:db8::1]/"), "[2001:db8::1]:80");
  EXPECT_EQ(fetch::host_key("mailto:x@example.com"), "");
}
