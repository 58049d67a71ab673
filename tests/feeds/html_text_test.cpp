// Tests for html_to_text and decode_html_entities (html_text.cpp).
#include <gtest/gtest.h>

#include "feeds/feeds.h"

namespace storyline::feeds {
namespace {

TEST(HtmlToText, DropsTagsScriptAndStyle) {
  EXPECT_EQ(html_to_text("<b>Breaking</b>: markets <i>fall</i>"), "Breaking: markets fall");
  EXPECT_EQ(html_to_text("Hello<script>alert('x')</script> world"), "Hello world");
  EXPECT_EQ(html_to_text("<style>p{color:red}</style><p>Text</p>"), "Text");
  EXPECT_EQ(html_to_text("<p>one</p><p>two</p>"), "one two");
  EXPECT_EQ(html_to_text("a<!-- hidden -->b"), "ab");
  EXPECT_EQ(html_to_text("<SCRIPT type=x>evil()</SCRIPT >ok"), "ok");
  EXPECT_EQ(html_to_text("unterminated <script>evil()"), "unterminated");
}

TEST(HtmlToText, KeepsTextThatIsNotMarkup) {
  EXPECT_EQ(html_to_text("x < y and y > z"), "x < y and y > z");
  EXPECT_EQ(html_to_text("AT&T & friends"), "AT&T & friends");
  EXPECT_EQ(html_to_text("cut off <a href="), "cut off");
}

TEST(DecodeHtmlEntities, NamedNumericAndUnknown) {
  EXPECT_EQ(decode_html_entities("caf&eacute; &amp; &#233;&#xE9; &hellip;"), "caf\xC3\xA9 & \xC3\xA9\xC3\xA9 \xE2\x80\xA6");
  EXPECT_EQ(decode_html_entities("&nbsp;"), "\xC2\xA0");
  EXPECT_EQ(decode_html_entities("&doesnotexist; &amp"), "&doesnotexist; &amp");
  // Windows-1252 code points sent as numeric references: &#146; is a right quote.
  EXPECT_EQ(decode_html_entities("don&#146;t"), "don\xE2\x80\x99t");
  EXPECT_EQ(decode_html_entities("&#0;"), "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace storyline::feeds
