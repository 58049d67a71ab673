// Tests for the charset helpers and the nesting limiter (charset.cpp).
#include <gtest/gtest.h>

#include <string>

#include "extract/extract.h"
#include "extract/internal.h"

namespace storyline::extract::detail {
namespace {

TEST(SniffCharset, MetaAndBom) {
  EXPECT_EQ(sniff_charset("<html><head><meta charset=\"ISO-8859-1\"></head>"), "iso-8859-1");
  EXPECT_EQ(sniff_charset("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"),
            "windows-1252");
  EXPECT_EQ(sniff_charset("\xEF\xBB\xBF<html>"), "utf-8");
  EXPECT_EQ(sniff_charset("<html><body>no declaration</body></html>"), "");
  // "charset" outside a meta tag is not a declaration.
  EXPECT_EQ(sniff_charset("<p>the charset=koi8-r of this page</p>"), "");
}

TEST(SniffCharset, PublicDeclaredCharsetIsTheSameSniff) {
  // extract::declared_charset is what the fetch stage reads <meta> with.
  EXPECT_EQ(extract::declared_charset("<meta charset='KOI8-R'>"), "koi8-r");
  EXPECT_EQ(extract::declared_charset("\xFF\xFE<\0h\0"), "utf-16le");
  EXPECT_EQ(extract::declared_charset("<p>charset=koi8-r</p>"), "");
}

TEST(DecodeToUtf8, ConvertsDeclaredSingleByteCharset) {
  // "café" in Windows-1252, declared in a meta tag.
  const std::string page = "<meta charset=windows-1252><p>caf\xE9 \x93quoted\x94</p>";
  const std::string out = decode_to_utf8(page);
  EXPECT_NE(out.find("caf\xC3\xA9"), std::string::npos);
  EXPECT_NE(out.find("\xE2\x80\x9Cquoted\xE2\x80\x9D"), std::string::npos);
}

TEST(DecodeToUtf8, KeepsValidUtf8DespiteWrongLabelAndRepairsInvalid) {
  const std::string mislabeled = "<meta charset=iso-8859-1><p>caf\xC3\xA9</p>";
  EXPECT_EQ(decode_to_utf8(mislabeled), mislabeled);
  // Undeclared, no valid multi-byte sequence: read as Windows-1252 (ÿþ), still valid UTF-8.
  const std::string broken = "<p>bad \xFF\xFE bytes</p>";
  EXPECT_EQ(decode_to_utf8(broken), "<p>bad \xC3\xBF\xC3\xBE bytes</p>");
  EXPECT_EQ(decode_to_utf8("\xEF\xBB\xBF<p>x</p>"), "<p>x</p>");  // BOM dropped
}

TEST(DecodeToUtf8, MislabeledWindows1252PageIsConverted) {
  // Declared UTF-8, but the bytes are Windows-1252: we\x92re -> we’re, not U+FFFD.
  const std::string page = "<meta charset=utf-8><p>we\x92re caf\xE9 people</p>";
  const std::string out = decode_to_utf8(page);
  EXPECT_NE(out.find("we\xE2\x80\x99re caf\xC3\xA9"), std::string::npos) << out;
  // A mostly-UTF-8 page with one stray byte stays UTF-8 (repaired).
  const std::string mostly = "<p>caf\xC3\xA9 na\xC3\xAFve r\xC3\xB4le \xFF</p>";
  const std::string fixed = decode_to_utf8(mostly);
  EXPECT_NE(fixed.find("caf\xC3\xA9 na\xC3\xAFve"), std::string::npos);
  EXPECT_NE(fixed.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(DecodeToUtf8, RepairsUtf8ThatWentThroughLatin1) {
  // "Investor’s" whose ’ (E2 80 99) was read as Latin-1 and stored again as UTF-8.
  EXPECT_EQ(decode_to_utf8("<meta charset=\"utf-8\"><p>Investor\xC3\xA2\xC2\x80\xC2\x99s guide \xC3\xA2\xC2\x80\xC2\x94 2025</p>"),
            "<meta charset=\"utf-8\"><p>Investor\xE2\x80\x99s guide \xE2\x80\x94 2025</p>");
  // Real Latin-1 letters stay: "café", "Â©" (no C1 control), "naïve".
  const std::string real = "<p>caf\xC3\xA9 \xC3\x82\xC2\xA9 na\xC3\xAFve</p>";
  EXPECT_EQ(decode_to_utf8(real), real);
  // A C1 control that doesn't complete a character is left alone.
  const std::string lone = "<p>\xC3\xA2\xC2\x80 x</p>";
  EXPECT_EQ(decode_to_utf8(lone), lone);
}

TEST(LimitNesting, ShallowPagesUnchanged) {
  const std::string page = "<html><body><div><p>a<p>b</div><script>if (a<b) {}</script></body></html>";
  EXPECT_EQ(limit_nesting(page, 10), page);
}

TEST(LimitNesting, DropsTagsBeyondTheLimitButKeepsText) {
  std::string page;
  for (int i = 0; i < 50; ++i) page += "<div>";
  page += "deep text";
  for (int i = 0; i < 50; ++i) page += "</div>";
  page += "<p>after</p>";
  const std::string out = limit_nesting(page, 10);
  std::size_t opens = 0, closes = 0;
  for (std::size_t p = 0; (p = out.find("<div>", p)) != std::string::npos; ++p) ++opens;
  for (std::size_t p = 0; (p = out.find("</div>", p)) != std::string::npos; ++p) ++closes;
  EXPECT_EQ(opens, 10u);
  EXPECT_EQ(closes, 10u);
  EXPECT_NE(out.find("deep text"), std::string::npos);
  EXPECT_NE(out.find("<p>after</p>"), std::string::npos);
}

TEST(LimitNesting, DropsAttributesPastTheLimitKeepingTheElement) {
  // Quoted values hold spaces and '=' without counting as attributes; a self-closing tag
  // stays self-closing; end tags and elements within the limit are untouched.
  const std::string page =
      "<div id=a class=\"x y=z\" data-q='1 2' hidden title=t>body</div><img a b c d/><p one two>ok</p>";
  EXPECT_EQ(limit_nesting(page, 10, 3),
            "<div id=a class=\"x y=z\" data-q='1 2'>body</div><img a b c/><p one two>ok</p>");
  EXPECT_EQ(limit_nesting(page, 10, 5), page);
  EXPECT_EQ(limit_nesting("<p a = \"1\" b= '2' c =3 d>t</p>", 10, 3), "<p a = \"1\" b= '2' c =3>t</p>");
}

}  // namespace
}  // namespace storyline::extract::detail
