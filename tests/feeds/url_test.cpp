#include <gtest/gtest.h>

#include "feeds/feeds.h"

using storyline::feeds::resolve_url;

// RFC 3986 section 5.4 examples, base "http://a/b/c/d;p?q".
TEST(ResolveUrl, Rfc3986NormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},           {"g", "http://a/b/c/g"},         {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"},            {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"}, {"g;x?y#s", "http://a/b/c/g;x?y#s"}, {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},    {"./", "http://a/b/c/"},          {"..", "http://a/b/"},
      {"../", "http://a/b/"},    {"../g", "http://a/b/g"},         {"../..", "http://a/"},
      {"../../", "http://a/"},   {"../../g", "http://a/g"},
  };
  for (const auto& [ref, want] : cases) EXPECT_EQ(resolve_url(base, ref), want) << ref;
}

TEST(ResolveUrl, Rfc3986AbnormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"}, {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},      {"g.", "http://a/b/c/g."},       {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},  {"..g", "http://a/b/c/..g"},     {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"},   {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},   {"g#s/../x", "http://a/b/c/g#s/../x"},
  };
  for (const auto& [ref, want] : cases) EXPECT_EQ(resolve_url(base, ref), want) << ref;
}

TEST(ResolveUrl, NoBaseOrRelativeBaseLeavesReference) {
  EXPECT_EQ(resolve_url("", "/a/b"), "/a/b");
  EXPECT_EQ(resolve_url("relative/path", "x"), "x");
  EXPECT_EQ(resolve_url("http://example.com", "story"), "http://example.com/story");
  EXPECT_EQ(resolve_url("http://example.com/feed", "  /story \n"), "http://example.com/story");
}
