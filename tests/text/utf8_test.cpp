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

// The validator skips ASCII eight bytes at a time: a bad or multi-byte sequence must be
// judged right wherever it falls relative to those words.
TEST(Utf8, ValidatesAtEveryOffsetOfLongAsciiRuns) {
  for (std::size_t at = 0; at < 20; ++at) {
    const std::string pad(at, 'a'), tail(19 - at, 'z');
    EXPECT_FALSE(is_valid_utf8(pad + "\xff" + tail)) << at;
    EXPECT_FALSE(is_valid_utf8(pad + "\xc3" + tail)) << at;       // lead byte without continuation
    EXPECT_FALSE(is_valid_utf8(pad + "\xed\xa0\x80" + tail)) << at;  // UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8(pad + "\xe2\x82")) << at;          // cut off at the end
    EXPECT_TRUE(is_valid_utf8(pad + "\xc3\xa9" + tail)) << at;
    EXPECT_TRUE(is_valid_utf8(pad + "\xf0\x9f\x93\xb0" + tail)) << at;
  }
  EXPECT_TRUE(is_valid_utf8(""));
}

TEST(Utf8, AppendsCodePoints) {
  std::string out;
  for (char32_t cp : {U'A', U'\u00e9', U'\u20ac', U'\U0001F4F0'}) append_utf8(out, cp);
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x93\xB0");
  out.clear();
  append_utf8(out, 0xD800);     // a lone surrogate
  append_utf8(out, 0x110000);   // past Unicode
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8, NormalizesToNfc) {
  EXPECT_EQ(normalize_nfc("cafe\u0301"), "caf\u00e9");
}

TEST(Utf8, DropsInvisibleCharactersInsideWords) {
  using storyline::text::drop_invisible;
  EXPECT_EQ(drop_invisible("A\xE2\x80\x8Brwa Damon"), "Arwa Damon");                // U+200B
  EXPECT_EQ(drop_invisible("\xEF\xBB\xBF" "CNN is\xE2\x81\xA0 sued"), "CNN is sued");  // U+FEFF, U+2060
  EXPECT_EQ(drop_invisible("co\xC2\xADoperation"), "cooperation");                   // soft hyphen
  EXPECT_EQ(drop_invisible("\xE2\x80\x8B\xE2\x80\x8B"), "");
  EXPECT_EQ(drop_invisible("plain text"), "plain text");
  // What looks alike but is visible or meaningful stays: a no-break space (U+00A0), an
  // en dash (U+2013), ZWJ in an emoji sequence (U+200D), a truncated sequence at the end.
  EXPECT_EQ(drop_invisible("10\xC2\xA0km \xE2\x80\x93 x"), "10\xC2\xA0km \xE2\x80\x93 x");
  EXPECT_EQ(drop_invisible("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB"),
            "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB");
  EXPECT_EQ(drop_invisible("end\xE2\x80"), "end\xE2\x80");
}

TEST(Utf8, CollapsesWhitespace) {
  EXPECT_EQ(collapse_whitespace("  a \t\n b\u00a0\u00a0c  "), "a b c");
  EXPECT_EQ(collapse_whitespace(""), "");
  // ASCII and Unicode spaces mixed, zero-width spaces, vertical tab and form feed; text
  // beyond ASCII and invalid bytes (U+FFFD) between them.
  EXPECT_EQ(collapse_whitespace("\v\fx\u2003\ty\u200b\u3000caf\u00e9 \xff z\r\n"), "x y caf\u00e9 \ufffd z");
}

TEST(Utf8, ConvertsLegacyCharsets) {
  std::string out;
  ASSERT_TRUE(convert_to_utf8("caf\xe9 \x93quoted\x94", "windows-1252", out));
  EXPECT_EQ(out, "caf\u00e9 \u201cquoted\u201d");
  EXPECT_FALSE(convert_to_utf8("x", "no-such-charset", out));
}

TEST(Utf8, PrefixNeverEndsInsideACharacter) {
  const std::string s = "ab\xC3\xA9\xE2\x82\xAC";  // a b é €: 2 + 2 + 3 bytes
  EXPECT_EQ(utf8_prefix(s, 100), s);
  EXPECT_EQ(utf8_prefix(s, 7), s);
  EXPECT_EQ(utf8_prefix(s, 6), "ab\xC3\xA9");  // inside €: back to its first byte
  EXPECT_EQ(utf8_prefix(s, 5), "ab\xC3\xA9");
  EXPECT_EQ(utf8_prefix(s, 4), "ab\xC3\xA9");
  EXPECT_EQ(utf8_prefix(s, 3), "ab");  // inside é
  EXPECT_EQ(utf8_prefix(s, 2), "ab");
  EXPECT_EQ(utf8_prefix(s, 0), "");
  EXPECT_EQ(utf8_prefix("\x80\x80\x80", 2), "");  // stray continuation bytes: nothing to keep
}
