// Tests for strip_unparsed(), the pre-parse filter (prefilter.cpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

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
  // ... and on <a> when it names an author's page.
  EXPECT_EQ(strip_unparsed("<a href=\"/authors/jane-doe\">Jane Doe</a><a href=\"/news/2025/x\">x</a>"),
            "<a href=\"/authors/jane-doe\">Jane Doe</a><a >x</a>");
  EXPECT_TRUE(author_href("https://www.digit.in/author/jayesh-shinde/"));
  EXPECT_TRUE(author_href("/contributors/Tomson+Highway"));
  EXPECT_FALSE(author_href("/authors/"));         // the list of authors, no one's page
  EXPECT_FALSE(author_href("/authors?page=2"));
  EXPECT_FALSE(author_href("/blog/authoring-tips"));  // a word that starts like one
  EXPECT_FALSE(author_href("/staff/dr-x"));        // staff directories are not bylines
  // A style only when it hides the element (all the extractor reads of it).
  EXPECT_EQ(strip_unparsed("<div style=\"color: red\">x</div><div STYLE=\"Display: None\">y</div>"
                           "<p style='visibility:hidden'>z</p>"),
            "<div >x</div><div STYLE=\"Display: None\">y</div><p style='visibility:hidden'>z</p>");
}

TEST(StripUnparsed, DropsUnreadVoidElements) {
  // Form fields, media sources and <link>s other than canonical and author go whole; images
  // stay, without their attributes ...
  EXPECT_EQ(strip_unparsed("<p>A<img src=x.jpg srcset=\"a.jpg 1x\" alt=\"A\"/>b<INPUT type=text>"
                           "<picture><source srcset=y.webp></picture></p>"),
            "<p>A<img   />b<picture></picture></p>");
  EXPECT_EQ(strip_unparsed("<head><link rel=stylesheet href=a.css><link rel=\"preload icon\" href=b>"
                           "<link rel=canonical href=\"https://a.example/1\"><link rel=\"author stylesheet\" href=c>"
                           "<link href=d><link rel=alternate hreflang=de href=e><LINK REL=Canonical href=f></head>"),
            "<head><link rel=canonical href=\"https://a.example/1\"><link rel=\"author stylesheet\" href=c>"
            "<LINK REL=Canonical href=f></head>");
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

TEST(StripUnparsed, DropsMenusAndControlsWhole) {
  // Nested elements of the same name end where the outer one does; each leaves a space.
  EXPECT_EQ(strip_unparsed("<p>a<nav class=m><nav><a href=/>Home</a></nav><a>News</a></nav>b</p>"), "<p>a b</p>");
  EXPECT_EQ(strip_unparsed("<p>x<BUTTON type=button>Share</BUTTON>y<select><option>1</select>z</p>"),
            "<p>x y z</p>");
  EXPECT_EQ(strip_unparsed("<p>x<noscript><img src=t.gif></noscript><label for=q>Search</label>y</p>"),
            "<p>x  y</p>");
  // One never closed stays for the parser.
  EXPECT_EQ(strip_unparsed("<nav><a>Home</a><p>Body</p>"), "<nav><a>Home</a><p>Body</p>");
  // A name that only starts like one is another element.
  EXPECT_EQ(strip_unparsed("<navbar>x</navbar>"), "<navbar>x</navbar>");
}

TEST(StripUnparsed, DropsThePagesOwnFurnitureOutsideTheArticle) {
  // The page's footer and aside go; the article's own keep their bylines and notes.
  EXPECT_EQ(strip_unparsed("<aside>Most read</aside><article><p>Text</p><aside>Note</aside>"
                           "<footer>By Jo Bloggs</footer></article><footer>(c) Site</footer>"),
            " <article><p>Text</p><aside>Note</aside><footer>By Jo Bloggs</footer></article> ");
  // A page header goes unless it holds a heading or a <time> (the title and date may be there).
  EXPECT_EQ(strip_unparsed("<header><a>Logo</a></header><header><h1>Title</h1></header>"
                           "<header><time datetime=2024-01-02>Jan 2</time></header>"),
            " <header><h1>Title</h1></header><header><time datetime=2024-01-02>Jan 2</time></header>");
}

TEST(StripUnparsed, DropsLinkListsAndCommentBlocks) {
  const std::string menu = "<ul><li><a>One</a></li><li><a>Two</a></li><li><a>Three</a></li><li><a>Four</a></li></ul>";
  EXPECT_EQ(strip_unparsed("<p>a</p>" + menu + "<p>b</p>"), "<p>a</p> <p>b</p>");
  // Inside the article, a list of links may be the article's own.
  EXPECT_EQ(strip_unparsed("<article>" + menu + "</article>"), "<article>" + menu + "</article>");
  // A byline's author links, and a list that is mostly text, stay.
  const std::string byline = "<ul><li>By <a>Jo Bloggs</a> and <a>Al Smith</a></li></ul>";
  EXPECT_EQ(strip_unparsed(byline), byline);
  const std::string facts =
      "<ol><li><a>One</a> said the plan would cost more than planned</li><li><a>Two</a></li>"
      "<li><a>Three</a></li><li><a>Four</a></li></ol>";
  EXPECT_EQ(strip_unparsed(facts), facts);
  // Reader comments: any block whose class or id says so.
  EXPECT_EQ(strip_unparsed("<p>a</p><div id=Comments><div class=comment>First!</div></div><p>b</p>"),
            "<p>a</p> <p>b</p>");
  EXPECT_EQ(strip_unparsed("<p>a</p><section class=\"area comments-area\"><p>Reply</p></section>"), "<p>a</p> ");
  EXPECT_EQ(strip_unparsed("<p>a</p><span class=comment-count>3</span>"), "<p>a</p><span class=comment-count>3</span>");
  // Only a word that starts with it: a wrapper for a page with comments may hold the headline.
  EXPECT_EQ(strip_unparsed("<div class=\"page has-comments\"><h1>Title</h1></div>"),
            "<div class=\"page has-comments\"><h1>Title</h1></div>");
}

TEST(StripUnparsed, MarkupInCommentsAndScriptsDoesNotMoveAnEnd) {
  // An end tag is looked for outside comments and scripts: a start tag quoted there must
  // not make the drop run on through the article.
  EXPECT_EQ(strip_unparsed("<div class=page><div id=comments><!-- <div class=\"comment-meta\"> --><p>Be first</p>"
                           "</div><div class=content><h1>T</h1><p>Article</p></div></div>"),
            "<div class=page> <div class=content><h1>T</h1><p>Article</p></div></div>");
  EXPECT_EQ(strip_unparsed("<div id=comments><script>var t = '<div class=reply>';</script><p>Reply</p></div>"
                           "<p>Article</p>"),
            " <p>Article</p>");
  // ... nor an end tag quoted there end it early.
  EXPECT_EQ(strip_unparsed("<nav><script>var m = '</nav>';</script><a>Home</a></nav><p>Article</p>"), " <p>Article</p>");
  // "<nav/>" opens a nav all the same (the slash means nothing on an HTML element).
  EXPECT_EQ(strip_unparsed("<nav><nav/><a>Home</a></nav><a>More</a></nav><p>Article</p>"), " <p>Article</p>");
}

TEST(StripUnparsed, KeepsFurnitureThatHoldsTheArticleOrItsMetadata) {
  // Misused markup: an <aside> (or <nav>) holding most of the page's paragraphs is the
  // article, whatever its name.
  std::string paras;
  for (int i = 0; i < 4; ++i) paras += "<p>Paragraph " + std::to_string(i) + ".</p>";
  const std::string aside = "<aside class=story>" + paras + "</aside>";
  EXPECT_EQ(strip_unparsed(aside + "<p>Footnote.</p>"), aside + "<p>Footnote.</p>");
  const std::string nav = "<nav>" + paras + "</nav>";
  EXPECT_EQ(strip_unparsed(nav), nav);
  // Page furniture with a byline, a date or JSON-LD stays for the metadata reader.
  for (const std::string kept :
       {"<header class=meta><span class=byline>By Jo Bloggs</span> March 5, 2024</header>",
        "<footer class=entry-footer>Posted by <a rel=author>Jo Bloggs</a> on March 5, 2024</footer>",
        "<aside><time datetime=2024-03-05>March 5</time></aside>"})
    EXPECT_EQ(strip_unparsed(kept), kept);
  std::vector<std::string> ld;
  EXPECT_EQ(strip_unparsed("<footer><script type=application/ld+json>{}</script>(c) Site</footer>", &ld),
            "<footer><script type=application/ld+json></script>(c) Site</footer>");
  EXPECT_EQ(ld, std::vector<std::string>{"{}"});
  // "</article-card>" closes no <article>: the article's own footer stays.
  EXPECT_EQ(strip_unparsed("<article><article-card>x</article-card><footer>Share</footer></article>"),
            "<article><article-card>x</article-card><footer>Share</footer></article>");
}

TEST(StripUnparsed, MovesJsonLdOutWhenAsked) {
  const std::string page =
      "<head><script type=\"application/ld+json\">{\"headline\": \"A\"}</script></head>"
      "<body><script type=application/ld+json>[1]</script><p>x</p></body>";
  std::vector<std::string> ld;
  EXPECT_EQ(strip_unparsed(page, &ld),
            "<head><script type=\"application/ld+json\"></script></head>"
            "<body><script type=application/ld+json></script><p>x</p></body>");
  EXPECT_EQ(ld, (std::vector<std::string>{"{\"headline\": \"A\"}", "[1]"}));
  // The extractor reads the moved JSON-LD: a date only JSON-LD gives.
  const Extracted e = extract_html(
      "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
      "\"datePublished\": \"2024-03-05T10:00:00Z\"}</script></head><body><p>Text.</p></body></html>");
  EXPECT_EQ(e.published, 1709632800);
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
