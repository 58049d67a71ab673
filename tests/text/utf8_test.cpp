#include <gtest/gtest.h>

#include "text/text.h"

using namespace storyline::text;

TEST(Utf8, RepairsInvalidSequences) {
  std::string bad = "ok \xff\xfe end \xe2\x82";
  EXPECT_FALSE(is_valid_utf8(bad));
  std::string fixed = to_valid_utf8(bad);
  EXPECT_TRUE(is_valid_utf8(fixed));
  EXPECT_EQ(fixed, "ok \xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD");
  EXPECT_EQ(to_valid_utf8("caf\u00e9"), "caf\u00e9");
}

TEST(Utf8, NormalizesToNfc) {
  EXPECT_EQ(normalize_nfc("cafe\u0301"), "caf\u00e9");
}

TEST(Utf8, CollapsesWhitespace) {
  EXPECT_EQ(collapse_whitespace("  a \t\n b\u00a0\u00a0c  "), "a b c");
  EXPECT_EQ(collapse_whitespace(""), "");
}

TEST(Utf8, ConvertsLegacyCharsets) {
  std::string out;
  ASSERT_TRUE(convert_to_utf8("caf\xe9 \x93quoted\x94", "windows-1252", out));
  EXPECT_EQ(out, "caf\u00e9 \u201cquoted\u201d");
  EXPECT_FALSE(convert_to_utf8("x", "no-such-charset", out));
}
