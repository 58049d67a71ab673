// Tests for strip_unparsed(), the pre-parse filter (prefilter.cpp).
#include <gtest/gtest.h>

#include <string>

#include "extract/extract.h"
#include "extract/internal.h"

namespace storyline::extract::detail {
namespace {

TEST(StripUnparsed, DropsScriptStyleCommentsAndSvg) {
  const std::string in =
      "<head><style>p { color: red }</style><script>var a = '<p>not text</p>';</script>"
      "<script type=\"application/ld+json\">{\"headline\": \"Kept\"}</script></head>"
      "<body><!-- a comment --><p>One<svg viewBox=\"0 0 1 1\"><title>icon</title><svg></svg></svg>two</p>"
      "<SCRIPT>if (a < b) document.write('</div>')</SCRIPT><p>three</p></body>";
  EXPECT_EQ(strip_unparsed(in),
            "<head><style></style><script></script>"
            "<script type=\"application/ld+json\">{\"headline\": \"Kept\"}</script></head>"
            "<body><p>One two</p><SCRIPT></SCRIPT><p>three</p></body>");
}

TEST(StripUnparsed, KeepsReadAttributesOnly) {
  EXPECT_EQ(strip_unparsed("<div class=\"story\" data-x='{\"a\":1}' id=main onclick=\"go()\">x</div>"),
            "<div class=\"story\"  id=main >x</div>");
  // href only where it is read (<link rel=canonical>); '>' inside a quoted value
  // doesn't end the tag.
  EXPECT_EQ(strip_unparsed("<link rel=\"canonical\" href=\"https://a.example/1\"><a href=\"/x?a>b\" rel=author>Jo</a>"),
            "<link rel=\"canonical\" href=\"https://a.example/1\"><a  rel=author>Jo</a>");
  EXPECT_EQ(strip_unparsed("<hr class=rule data-x=\"1\"/>"), "<hr class=rule />");
}

TEST(StripUnparsed, DropsUnreadVoidElements) {
  // Form fields, media sources and <link>s that only name resources go whole; images
  // stay, without their attributes ...
  EXPECT_EQ(strip_unparsed("<p>A<img src=x.jpg srcset=\"a.jpg 1x\" alt=\"A\"/>b<INPUT type=text>"
                           "<picture><source srcset=y.webp></picture></p>"),
            "<p>A<img   />b<picture></picture></p>");
  EXPECT_EQ(strip_unparsed("<head><link rel=stylesheet href=a.css><link rel=\"preload icon\" href=b>"
                           "<link rel=canonical href=\"https://a.example/1\"><link rel=\"author stylesheet\" href=c>"
                           "<link href=d></head>"),
            "<head><link rel=canonical href=\"https://a.example/1\"><link rel=\"author stylesheet\" href=c>"
            "<link href=d></head>");
  // ... and an image tag name must be the whole name.
  EXPECT_EQ(strip_unparsed("<inputx class=a>t</inputx>"), "<inputx class=a>t</inputx>");
}

TEST(StripUnparsed, RawTextAndOddComments) {
  // Text elements that are not markup keep their content, even when it looks like markup.
  const std::string raw = "<textarea><!-- not a comment --></textarea><title>a <b> c</title>";
  EXPECT_EQ(strip_unparsed(raw), raw);
  // "<!-->" is an empty comment; "--!>" ends one; an unclosed comment runs to the end.
  EXPECT_EQ(strip_unparsed("<p>a<!-->b</p>"), "<p>ab</p>");
  EXPECT_EQ(strip_unparsed("<p>a<!-- x --!>b</p>"), "<p>ab</p>");
  EXPECT_EQ(strip_unparsed("<p>a</p><!-- never closed <p>b</p>"), "<p>a</p>");
  // Unclosed script: the rest is script.
  EXPECT_EQ(strip_unparsed("<p>a</p><script>var x = 1;"), "<p>a</p><script>");
  // Nothing to drop: the page comes back as is.
  EXPECT_EQ(strip_unparsed("<p class=a>plain</p>"), "<p class=a>plain</p>");
}

TEST(StripUnparsed, ExtractionUnchanged) {
  // What the filter drops never reaches the article.
  std::string page = "<html><head><title>Budget</title><style>.a{}</style></head><body><article>";
  for (int i = 0; i < 5; ++i)
    page += "<p data-track=\"p" + std::to_string(i) +
            "\">The council voted on Tuesday to approve the budget, after a long debate.</p>"
            "<script>track(" + std::to_string(i) + ")</script><!-- ad slot -->";
  page += "</article></body></html>";
  const Extracted e = extract_html(page);
  EXPECT_EQ(e.text.find("track"), std::string::npos);
  EXPECT_EQ(e.text.find("ad slot"), std::string::npos);
  EXPECT_NE(e.text.find("The council voted on Tuesday"), std::string::npos);
}

}  // namespace
}  // namespace storyline::extract::detail
