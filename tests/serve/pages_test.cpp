#include <gtest/gtest.h>

#include "serve/serve.h"

using namespace storyline;

namespace {

Story hostile_story() {
  Story s;
  s.id = 3;
  s.event_date = "2025-02-11";
  s.standfirst = {"<script>alert(1)</script> Hegseth & NATO", {{10, 0, 5}}, 0};
  s.body = {{"First \"quoted\" sentence.", {{10, 0, 5}, {11, 2, 9}}, 0},
            {"Second <b>bold</b> claim.", {{11, 0, 4}}, 1}};
  s.articles = {10, 11};
  s.outlets = 2;
  s.disagreements = {{"number of allies", {"23", "<i>24</i>"}, {{10}, {11}}}};
  return s;
}

std::vector<store::ArticleRef> sources() {
  store::ArticleRef a, b;
  a.id = 10;
  a.title = "Good <title>";
  a.url = "https://example.com/a?x=1&y=2";
  a.source = "example.com";
  b.id = 11;
  b.title = "Evil";
  b.url = "javascript:alert(1)";
  b.source = "<img src=x onerror=alert(1)>";
  return {a, b};
}

}  // namespace

TEST(Pages, EscapeCoversHtmlSpecials) {
  EXPECT_EQ(serve::html_escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

TEST(Pages, StoryPageEscapesEveryArticleText) {
  const std::string html = serve::render_story_page(hostile_story(), sources());
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_EQ(html.find("<i>24"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; Hegseth &amp; NATO"), std::string::npos);
  // A javascript: URL is never turned into a link; an http(s) one is, escaped.
  EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://example.com/a?x=1&amp;y=2\""), std::string::npos);
}

TEST(Pages, StoryPageShowsProvenanceAndDisagreement) {
  const std::string html = serve::render_story_page(hostile_story(), sources());
  // The first body sentence cites both sources, the second only source 2.
  const size_t first = html.find("First &quot;quoted&quot; sentence.");
  ASSERT_NE(first, std::string::npos);
  const size_t second = html.find("Second &lt;b&gt;bold");
  ASSERT_NE(second, std::string::npos);
  const std::string between = html.substr(first, second - first);
  EXPECT_NE(between.find("[1]"), std::string::npos);
  EXPECT_NE(between.find("[2]"), std::string::npos);
  // Footnotes jump to the source entry, which links back to the first mark citing it.
  EXPECT_NE(html.find("sentence.<sup><a id=\"c2-1\" href=\"#src1\""), std::string::npos);
  EXPECT_NE(html.find("<li id=\"src1\">"), std::string::npos);
  EXPECT_NE(html.find("<li id=\"src2\">"), std::string::npos);
  EXPECT_NE(html.find("class=\"back\" href=\"#c1-"), std::string::npos);
  // Two paragraphs.
  EXPECT_NE(html.find("</p><p>Second"), std::string::npos);
  // Both values of a disagreement, each with its outlet.
  const size_t dis = html.find("Where the sources disagree");
  ASSERT_NE(dis, std::string::npos);
  EXPECT_NE(html.find("On number of allies:", dis), std::string::npos);
  EXPECT_NE(html.find("<strong>23</strong> according to example.com", dis), std::string::npos);
  EXPECT_NE(html.find("<strong>&lt;i&gt;24&lt;/i&gt;</strong> according to &lt;img", dis), std::string::npos);
}

TEST(Pages, UntitledSourcesAreLabelledByTheirAddress) {
  store::ArticleRef a;
  a.id = 10;
  a.url = "https://example.com/untitled";
  const std::string html = serve::render_story_page(hostile_story(), {a});
  EXPECT_NE(html.find(">https://example.com/untitled</a>"), std::string::npos);
  a.url.clear();
  EXPECT_NE(serve::render_story_page(hostile_story(), {a}).find("(untitled)"), std::string::npos);
}

serve::Ranked ranked(StoryId id, const std::string& headline, const std::string& standfirst) {
  serve::Ranked r;
  r.story.id = id;
  r.story.headline = headline;
  r.story.standfirst = standfirst;
  r.story.event_date = "2025-02-11";
  r.story.articles = {10, 11};
  r.story.outlets = 2;
  r.story.outlet_names = {"BBC", "<img src=x onerror=alert(1)>"};
  r.story.last_seen = 1739268000;
  return r;
}

TEST(Pages, FrontPageListsStoriesInGivenOrderAndEscapes) {
  auto a = ranked(3, "<script>alert(1)</script> Hegseth & NATO", "Standfirst.");
  auto b = ranked(4, "Second story", "Its standfirst.");
  b.developing = true;
  const UnixTime now = 1739268000 + 3 * 3600 + 59;
  const std::string html = serve::render_front_page({b, a}, now, "q\"><script>");
  EXPECT_LT(html.find("/story/4"), html.find("/story/3"));
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; Hegseth &amp; NATO"), std::string::npos);
  EXPECT_NE(html.find("<time datetime=\"2025-02-11T10:00:00Z\">2025-02-11 10:00</time> (3 h ago) &middot; "
                      "2 sources from 2 outlets: BBC, &lt;img"),
            std::string::npos);
  EXPECT_NE(html.find("Its standfirst."), std::string::npos);
  EXPECT_NE(html.find("Developing"), std::string::npos);
  EXPECT_EQ(html.find("Developing"), html.rfind("Developing"));  // only story 4
  EXPECT_NE(serve::render_front_page({}, now).find("No stories yet"), std::string::npos);
}

TEST(Pages, RelativeTimes) {
  EXPECT_EQ(serve::relative_time(1000, 1030), "just now");
  EXPECT_EQ(serve::relative_time(1000, 1000 + 5 * 60), "5 min ago");
  EXPECT_EQ(serve::relative_time(1000, 1000 + 3 * 3600 + 10), "3 h ago");
  EXPECT_EQ(serve::relative_time(1000, 1000 + 86400 + 5), "1 day ago");
  EXPECT_EQ(serve::relative_time(1000, 1000 + 9 * 86400), "9 days ago");
  EXPECT_EQ(serve::relative_time(1000 + 7200, 1000), "in 2 h");
  EXPECT_EQ(serve::relative_time(0, 1000), "");
}

TEST(Pages, SearchPageMarksHitsButEscapesText) {
  store::SearchHit h;
  h.kind = store::SearchHit::kArticle;
  h.id = 1;
  h.story = 9;
  h.title = "T<x>";
  h.snippet = {{"a ", false}, {"<b>hit", true}, {" z", false}};
  const std::string html = serve::render_search_page("hit", {h});
  EXPECT_NE(html.find("<mark>&lt;b&gt;hit</mark>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/story/9\">T&lt;x&gt;</a>"), std::string::npos);  // results are links
  EXPECT_NE(html.find("T&lt;x&gt;"), std::string::npos);
  EXPECT_NE(serve::render_search_page("zz", {}).find("Nothing found"), std::string::npos);
}
