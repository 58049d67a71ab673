#include <gtest/gtest.h>

#include "fetch/fetch.h"

using namespace storyline;

TEST(Charset, DetectsInOrderHeaderBomXmlDeclarationMeta) {
  const std::string meta = "<html><head><meta charset=\"koi8-r\"></head></html>";
  const std::string xml = "<?xml version='1.0' encoding='ISO-8859-2'?><rss><meta charset=\"koi8-r\"/></rss>";
  EXPECT_EQ(fetch::detect_charset("text/html; charset=\"Windows-1251\"", meta), "windows-1251");
  EXPECT_EQ(fetch::detect_charset("application/xml; charset=utf-8", xml), "utf-8");
  EXPECT_EQ(fetch::detect_charset("application/xml", xml), "iso-8859-2");
  EXPECT_EQ(fetch::detect_charset("text/html", meta), "koi8-r");
  EXPECT_EQ(fetch::detect_charset("", "\xEF\xBB\xBF" + xml), "utf-8");  // BOM before the declaration
  EXPECT_EQ(fetch::detect_charset("", "\xFF\xFE<\0?\0"), "utf-16le");
  EXPECT_EQ(fetch::detect_charset("text/html", "<p>no declaration</p>"), "");
  // An encoding= outside an XML declaration is not one.
  EXPECT_EQ(fetch::detect_charset("", "<p>encoding=\"latin2\"</p>"), "");
}

TEST(Charset, ConvertsToUtf8) {
  std::string used;
  EXPECT_EQ(fetch::to_utf8("caf\xE9", "iso-8859-1", &used), "caf\xC3\xA9");
  EXPECT_EQ(used, "windows-1252");
  // Windows-1252 bytes in the C1 range that strict Latin-1 would turn into controls.
  EXPECT_EQ(fetch::to_utf8("\x93quoted\x94", "iso-8859-1"), "\xE2\x80\x9Cquoted\xE2\x80\x9D");
  // Valid UTF-8 under a single-byte label stays UTF-8.
  EXPECT_EQ(fetch::to_utf8("caf\xC3\xA9", "iso-8859-1", &used), "caf\xC3\xA9");
  EXPECT_EQ(used, "utf-8");
  // Declared UTF-8, mostly Windows-1252 bytes.
  EXPECT_EQ(fetch::to_utf8("na\xEFve caf\xE9", "utf-8", &used), "na\xC3\xAFve caf\xC3\xA9");
  EXPECT_EQ(used, "windows-1252");
  // A BOM is dropped; a UTF-16 BOM wins over the label.
  EXPECT_EQ(fetch::to_utf8("\xEF\xBB\xBFhi", ""), "hi");
  EXPECT_EQ(fetch::to_utf8(std::string("\xFF\xFEh\0i\0", 6), "iso-8859-1", &used), "hi");
  EXPECT_EQ(used, "utf-16le");
  // An unknown charset name: read as UTF-8, invalid bytes replaced, never invalid output.
  EXPECT_EQ(fetch::to_utf8("ok\xFF", "x-no-such-charset", &used), "ok\xEF\xBF\xBD");
  EXPECT_EQ(used, "utf-8");
}
