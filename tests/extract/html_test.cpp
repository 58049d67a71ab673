// Tests for extract_html(): metadata, charsets, robustness (html.cpp).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "extract/extract.h"
#include "extract/internal.h"
#include "text/text.h"

namespace storyline::extract {
namespace {

// A page with a real article body so the content scorer has something to find.
std::string page(const std::string& head, const std::string& before_body = "",
                 const std::string& html_attrs = " lang=\"en-GB\"") {
  std::string body;
  for (int i = 0; i < 4; ++i)
    body += "<p>The council voted on Tuesday to approve the new budget, which raises spending on "
            "schools, roads and parks, after a debate that lasted more than six hours.</p>";
  return "<!DOCTYPE html><html" + html_attrs + "><head>" + head + "</head><body>" + before_body +
         "<article>" + body + "</article></body></html>";
}

// The title extract_html() gives for page(head, before_body).
std::string title_of(const std::string& head, const std::string& before_body = "") {
  return extract_html(page(head, before_body)).title;
}

// The author extract_html() gives for page(head, before_body).
std::string author_of(const std::string& head, const std::string& before_body = "") {
  return extract_html(page(head, before_body)).author;
}

TEST(ExtractHtml, LanguageFromLangThenMetaThenText) {
  EXPECT_EQ(extract_html(page("<title>Budget</title>")).language, "en-GB");  // <html lang>
  EXPECT_EQ(extract_html(page("<meta http-equiv=\"content-language\" content=\"en-US\">", "", "")).language,
            "en-US");
  // Nothing declared: the article's text decides.
  EXPECT_EQ(extract_html(page("<title>Budget</title>", "", "")).language, "en");
  const std::string german =
      "<html><head><title>Haushalt gebilligt</title></head><body><article>"
      "<p>Der Stadtrat hat am Dienstag den Haushalt gebilligt, der mehr Geld für Schulen, "
      "Straßen und Parks vorsieht, nach einer Debatte von mehr als sechs Stunden.</p>"
      "<p>Die Opposition kritisierte die Pläne und kündigte Widerstand an.</p></article></body></html>";
  EXPECT_EQ(extract_html(german).language, "de");
}

TEST(ExtractHtml, OpenGraphMetadata) {
  const Extracted e = extract_html(page(
      "<title>Budget approved | The Daily</title>"
      "<meta property=\"og:title\" content=\"Council approves budget\">"
      "<meta property=\"og:site_name\" content=\"The Daily\">"
      "<meta property=\"og:url\" content=\"https://daily.example/budget\">"
      "<meta property=\"article:published_time\" content=\"2025-02-11T10:00:00+01:00\">"
      "<meta name=\"author\" content=\"Jane Doe\">"));
  EXPECT_EQ(e.title, "Council approves budget");
  EXPECT_EQ(e.site_name, "The Daily");
  EXPECT_EQ(e.url, "https://daily.example/budget");
  // A true instant: 10:00 at +01:00 is 09:00 UTC.
  EXPECT_EQ(format_iso8601(e.published), "2025-02-11T09:00:00Z");
  EXPECT_EQ(e.author, "Jane Doe");
  EXPECT_EQ(e.language, "en-GB");
  EXPECT_NE(e.text.find("The council voted on Tuesday"), std::string::npos);
}

TEST(ExtractHtml, PublicationTimeIsATrueInstant) {
  // Article::published is UTC seconds: 19:05 on the 18th in California is the 19th in UTC.
  const Extracted e = extract_html(page("<meta property=\"article:published_time\" content=\"2025-12-18T19:05:00-08:00\">"));
  EXPECT_EQ(format_iso8601(e.published), "2025-12-19T03:05:00Z");
  const Extracted f = extract_html(page("<meta property=\"article:published_time\" content=\"2025-12-19T01:00:00+0530\">"));
  EXPECT_EQ(format_iso8601(f.published), "2025-12-18T19:30:00Z");
}

TEST(ExtractHtml, KeepsThePagesUtcOffsetForItsLocalDay) {
  const Extracted e = extract_html(page("<meta property=\"article:published_time\" content=\"2025-12-18T19:05:00-08:00\">"));
  EXPECT_EQ(e.published_offset, -8 * 3600);
  EXPECT_EQ(format_date(e.published + e.published_offset), "2025-12-18");
  const Extracted f = extract_html(page("<meta property=\"article:published_time\" content=\"2025-12-19T01:00:00+0530\">"));
  EXPECT_EQ(f.published_offset, 5 * 3600 + 1800);
  EXPECT_EQ(format_date(f.published + f.published_offset), "2025-12-19");
  // No zone stated: the offset is 0 and the day is the one written.
  const Extracted g = extract_html(page("<meta property=\"article:published_time\" content=\"2025-12-19\">"));
  EXPECT_EQ(g.published_offset, 0);
  EXPECT_EQ(format_date(g.published), "2025-12-19");
}

TEST(ExtractHtml, UtcMetadataTakesTheOffsetOfTheSameInstantInTheMarkup) {
  // The meta tag says 03:05 UTC; the page's <time> says the same instant at -08:00.
  const std::string meta = "<meta property=\"article:published_time\" content=\"2025-12-19T03:05:00+00:00\">";
  const Extracted e = extract_html(page(meta, "<time datetime=\"2025-12-18T19:05:00-08:00\">December 18, 2025</time>"));
  EXPECT_EQ(format_iso8601(e.published), "2025-12-19T03:05:00Z");
  EXPECT_EQ(e.published_offset, -8 * 3600);
  EXPECT_EQ(format_date(e.published + e.published_offset), "2025-12-18");
  // A <time> naming another instant (a comment, an update) says nothing about the zone.
  const Extracted f = extract_html(page(meta, "<time datetime=\"2025-12-18T21:46:01-05:00\">9:46 pm</time>"));
  EXPECT_EQ(f.published_offset, 0);
  EXPECT_EQ(format_date(f.published + f.published_offset), "2025-12-19");
}

TEST(ExtractHtml, PubdateTimeAndOtherPublishMetas) {
  // <time pubdate> is the publication date even after another <time>.
  const Extracted e = extract_html(
      page("", "<p>Updated <time datetime=\"2025-09-01\">Sep 1</time></p>"
               "<p>Published <time pubdate datetime=\"2025-08-13\">Aug 13</time></p>"));
  EXPECT_EQ(format_date(e.published), "2025-08-13");
  // Meta names that say "publish" in their own words.
  const Extracted f = extract_html(page("<meta name=\"published-date\" content=\"2021-02-16\">"
                                        "<meta name=\"w-updated-date\" content=\"2024-01-01\">"));
  EXPECT_EQ(format_date(f.published), "2021-02-16");
  const Extracted g = extract_html(page("<meta name=\"published\" content=\"July 17, 2025\">"));
  EXPECT_EQ(format_date(g.published), "2025-07-17");
}

TEST(ExtractHtml, AllCapsHeadlineTakesTheDeclaredCase) {
  const Extracted e = extract_html(page("<meta property=\"og:title\" content=\"Tips for Online Success\">",
                                        "<h1>TIPS FOR ONLINE SUCCESS</h1>"));
  EXPECT_EQ(e.title, "Tips for Online Success");
  // Nearly the same words (one dropped, the site's name after a bar): the declared title.
  EXPECT_EQ(title_of("<meta property=\"og:site_name\" content=\"Brew Guide\">"
                     "<title>Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros | Brew Guide</title>",
                     "<h1>BEST DRIP COFFEE MAKER IN 2026: BUYING TIPS FROM COFFEE PROS</h1>"),
            "Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros");
  // A declared title with only some of the <h1>'s words (a shortened JSON-LD headline),
  // or with no words at all, is no variant of it.
  EXPECT_EQ(title_of("<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": "
                     "\"Biden Signs Bill\"}</script><meta property=\"og:title\" content=\"\xE2\x80\x94\">",
                     "<h1>BIDEN SIGNS CLIMATE BILL INTO LAW ON TUESDAY</h1>"),
            "BIDEN SIGNS CLIMATE BILL INTO LAW ON TUESDAY");
  // Other words (a third in common): the <h1> stays the headline.
  EXPECT_EQ(title_of("<title>Best Drip Coffee Makers: Our Tests and Prices | Brew Guide</title>",
                     "<h1>BEST DRIP COFFEE MAKER IN 2026: BUYING TIPS FROM COFFEE PROS</h1>"),
            "BEST DRIP COFFEE MAKER IN 2026: BUYING TIPS FROM COFFEE PROS");
}

TEST(ExtractHtml, HeadlineCapitalisationWinsBetweenCaseVariants) {
  // The <h1> in lower or sentence case, the declared title in headline case.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"History of coffee | Origin, Spread, Facts | Britannica\">",
                     "<h1>history of coffee</h1>"),
            "History of coffee");
  EXPECT_EQ(title_of("<title>How to Install Solar Panels in 2026 | EnergySage</title>",
                     "<h1>How to install solar panels in 2026</h1>"),
            "How to Install Solar Panels in 2026");
  // The <h1> in headline case, the declared title in sentence case.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"The best film of 2025, according to Rotten Tomatoes\">",
                     "<h1>The Best Film of 2025, According to Rotten Tomatoes</h1>"),
            "The Best Film of 2025, According to Rotten Tomatoes");
  // Capitalised minor words are not headline case.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Video Review And Approval Process For Teams\">",
                     "<h1>Video Review and Approval Process for Teams</h1>"),
            "Video Review and Approval Process for Teams");
}

TEST(ExtractHtml, JsonLdMetadataAndCanonical) {
  const Extracted e = extract_html(page(
      "<link rel=\"canonical\" href=\"https://news.example/a/1\">"
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
      "{\"@type\":\"WebSite\",\"name\":\"News\"},"
      "{\"@type\":\"NewsArticle\",\"headline\":\"Storm hits coast\",\"datePublished\":\"2024-09-03\","
      "\"author\":[{\"@type\":\"Person\",\"name\":\"Ann Lee\"},{\"@type\":\"Person\",\"name\":\"Bo Chan\"}],"
      "\"publisher\":{\"@type\":\"Organization\",\"name\":\"News Example\"}}]}</script>"));
  EXPECT_EQ(e.title, "Storm hits coast");
  EXPECT_EQ(format_date(e.published), "2024-09-03");
  EXPECT_EQ(e.author, "Ann Lee and Bo Chan");
  EXPECT_EQ(e.url, "https://news.example/a/1");
  EXPECT_EQ(e.site_name, "News Example");
  // A canonical link that holds no address (a title pasted in): og:url is the page's
  // address, and its permalink date dates the page.
  const Extracted f = extract_html(
      page("<link rel=\"canonical\" href=\"What are the types of wine?\">"
           "<meta property=\"og:url\" content=\"https://wine.example/blog/2023/october/03/wine-types\">"),
      "");
  EXPECT_EQ(f.url, "https://wine.example/blog/2023/october/03/wine-types");
  EXPECT_EQ(format_date(f.published), "2023-10-03");
  // og:url naming the home page gives no permalink date: the address the page was read
  // from still does ("03/05/2024" is day-first there).
  const Extracted g = extract_html(page("<meta property=\"og:url\" content=\"https://x.example/\">",
                                        "<h1>Budget vote passes</h1><div class=\"posted\">03/05/2024</div>"),
                                   "https://x.example/2024/05/03/budget-vote");
  EXPECT_EQ(format_date(g.published), "2024-05-03");
  EXPECT_EQ(g.url, "https://x.example/");
}

TEST(ExtractHtml, TitleFallbacksAndSiteSuffix) {
  // <title> only: the " | Site" suffix goes.
  EXPECT_EQ(title_of("<title>Council approves budget | The Daily Example</title>"),
            "Council approves budget");
  EXPECT_EQ(title_of("<title>Council approves budget - Daily</title>"),
            "Council approves budget");
  // The displayed <h1> wins when it agrees with the meta title.
  EXPECT_EQ(title_of("<title>Council approves new budget | Daily</title>",
                     "<h1>Council approves new budget</h1>"),
            "Council approves new budget");
}

TEST(ExtractHtml, HeadlineStopsAtAPipe) {
  // What follows " | " in an <h1> is a kicker or a section, not the headline.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"How meditation rewires brains | Opinion\">",
                     "<h1>How meditation rewires brains | Opinion</h1>"),
            "How meditation rewires brains");
  EXPECT_EQ(title_of("<title>Best movers in NYC 2025 | Top 19 Companies | Supermove</title>",
                     "<h1>Best movers in NYC 2025 | Top 19 Companies</h1>"),
            "Best movers in NYC 2025");
  // Nor does the site's own name after a dash.
  EXPECT_EQ(title_of("<meta property=\"og:site_name\" content=\"Artlyst\">"
                     "<meta property=\"og:title\" content=\"Best UK Art Exhibitions 2025 \u2013 Artlyst - Artlyst\">",
                              "<h1>Best UK Art Exhibitions 2025 \u2013 Artlyst</h1>"),
            "Best UK Art Exhibitions 2025");
  // A dash before other words stays (a subtitle).
  EXPECT_EQ(title_of("<meta property=\"og:site_name\" content=\"Artlyst\">",
                     "<h1>Zero Waste - A Beginner's Guide to a Greener Home</h1>"),
            "Zero Waste - A Beginner's Guide to a Greener Home");
  // A short head is not cut ("Blog | ..." keeps its words).
  EXPECT_EQ(title_of("", "<h1>Opinion | Why the council voted for the budget</h1>"),
            "Opinion | Why the council voted for the budget");
}

TEST(ExtractHtml, KickerBeforeTheHeadlineGoes) {
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Best Social Media Agencies in 2025 | Silverback\">"
                     "<meta property=\"og:site_name\" content=\"Silverback\">",
                              "<h1>Blog: Best Social Media Agencies in 2025</h1>"),
            "Best Social Media Agencies in 2025");
  EXPECT_EQ(title_of("<title>Preparing a transition in Debusine</title>",
                     "<h1><time>Dec 18 2025</time> Preparing a transition in Debusine</h1>"),
            "Preparing a transition in Debusine");
  // Words before the declared title that are no kicker stay: the <h1> is the headline.
  EXPECT_EQ(title_of("<title>Best Home Security Cameras of 2026</title>",
                     "<h1>The Best Home Security Cameras of 2026</h1>"),
            "The Best Home Security Cameras of 2026");
}

TEST(ExtractHtml, BlogNameHeadingIsNotTheHeadline) {
  // The <h1> is the blog's name, which heads the <title>: the headline is the rest.
  EXPECT_EQ(title_of("<title>RogerBW's Blog: Advent of Code 2025 week 2</title>"
                     "<meta property=\"og:title\" content=\"Advent of Code 2025 week 2\">",
                              "<h1>RogerBW's Blog</h1>"),
            "Advent of Code 2025 week 2");
  // An <h1> that is the whole <title> is still the headline.
  EXPECT_EQ(title_of("<title>Index funds: how to invest</title>", "<h1>Index funds: how to invest</h1>"),
            "Index funds: how to invest");
}

TEST(ExtractHtml, ShortHeadlineAgreesWithTitleBeforeItsSiteSuffix) {
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Coffee - University of Wisconsin-Stevens Point\">",
                     "<h1>Coffee</h1>"),
            "Coffee");
  // Without such a title the short <h1> is no headline.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Coffee growing in the tropical conservatory\">",
                     "<h1>Coffee</h1>"),
            "Coffee growing in the tropical conservatory");
}


TEST(ExtractHtml, HeadlineWithLostCharactersOrAggregatorFurniture) {
  // Characters a wrong encoding turned into '?' in the <h1>; the declared title has them.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Event Planning: Beginner\xE2\x80\x99s Guide\">",
                     "<h1>Event Planning? Beginner? Guide</h1>"),
            "Event Planning: Beginner\xE2\x80\x99s Guide");
  // One '?' standing for a non-ASCII character.
  EXPECT_EQ(title_of("<title>Caf\xC3\xA9 owners protest new rent rules</title>",
                     "<h1>Caf? owners protest new rent rules</h1>"),
            "Caf\xC3\xA9 owners protest new rent rules");
  // One '?' where the declared title has ASCII is a real question mark.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Is remote work over: What the data says\">",
                     "<h1>Is remote work over? What the data says</h1>"),
            "Is remote work over? What the data says");
  // A real question mark: the declared title differs in more than the '?' could hide.
  EXPECT_EQ(title_of("<title>Event planning for beginners</title>", "<h1>Event Planning? Start Here, Beginners</h1>"),
            "Event Planning? Start Here, Beginners");
  // An aggregator's source domain and comment count after the declared title.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Degrees No Longer Guarantee Jobs - Slashdot\">",
                     "<h1>Degrees No Longer Guarantee Jobs (latimes.com) 87</h1>"),
            "Degrees No Longer Guarantee Jobs");
  // "(U.S.)" and "(v3.12)" are no source domains, and words in any script are words.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Jobs report beats forecasts\">",
                     "<h1>Jobs report beats forecasts (U.S.)</h1>"),
            "Jobs report beats forecasts (U.S.)");
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Python release notes\">",
                     "<h1>Python release notes (v3.12)</h1>"),
            "Python release notes (v3.12)");
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Degrees No Longer Guarantee Jobs\">",
                     "<h1>Degrees No Longer Guarantee Jobs (latimes.com) \xD0\xBE\xD0\xB1\xD0\xB7\xD0\xBE\xD1\x80</h1>"),
            "Degrees No Longer Guarantee Jobs (latimes.com) \xD0\xBE\xD0\xB1\xD0\xB7\xD0\xBE\xD1\x80");
  // Words after it are part of the headline.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Degrees No Longer Guarantee Jobs - Slashdot\">",
                     "<h1>Degrees No Longer Guarantee Jobs (latimes.com) in 2025</h1>"),
            "Degrees No Longer Guarantee Jobs (latimes.com) in 2025");
}

TEST(ExtractHtml, HeadlineSetOnSeveralLines) {
  // A span set as a block by its class is a line of its own: no glued words.
  EXPECT_EQ(title_of("", "<h1>The Best Notion Alternatives<span class=\"block text-sm\">Top Note-taking "
                         "Tools</span></h1>"),
            "The Best Notion Alternatives Top Note-taking Tools");
  // A kicker line above a headline that is the declared title: that line.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Klatch Coffee | Shopify App Store\">",
                     "<h1><div>Get that tech stack</div><span class=\"lg:tw-block\">Klatch Coffee</span></h1>"),
            "Klatch Coffee");
  // Headline and subtitle, declared as one title sharing most of the first line's words.
  EXPECT_EQ(title_of("<title>Top MBA Programs of 2025: Business School Rankings &amp; Guides</title>",
                     "<h1>Top MBA Programs of 2025 (US)<br>Your Guide to the Best Business Schools</h1>"),
            "Top MBA Programs of 2025: Business School Rankings & Guides");
  // The same words as the declared title: the declared title writes the break out.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"What Tutoring is not. - Choosing a good tutor\">",
                     "<h1><span>What Tutoring is not.</span> <span class=\"entry-subtitle\">Choosing a good "
                     "tutor</span></h1>"),
            "What Tutoring is not. - Choosing a good tutor");
  // A declared title with other words (an SEO variant): the <h1> as displayed.
  EXPECT_EQ(title_of("<title>Lisbon travel guide: where to eat | Fly Now</title>",
                     "<h1>Lisbon in three days<br>Where to eat, sleep and walk</h1>"),
            "Lisbon in three days Where to eat, sleep and walk");
  // Sharing only short words ("what", "to", "a", "and") is no agreement.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"What is a heat dome and how to stay safe\">",
                     "<h1>What to do in a heatwave<br>Stay cool and hydrated</h1>"),
            "What to do in a heatwave Stay cool and hydrated");
  // "inline-block" sets no line of its own.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"The cost of living crisis explained\">",
                     "<h1><span class=\"inline-block\">The cost of</span> <span class=\"d-inline-block\">rent in "
                     "London</span> doubles</h1>"),
            "The cost of rent in London doubles");
  // Thousands of empty lines cost nothing (a hostile page: 200k "<br> ").
  {
    std::string h1 = "<h1>x";
    for (int i = 0; i < 200000; ++i) h1 += "<br> ";
    h1 += "Storm closes schools across the county</h1>";
    EXPECT_EQ(title_of("", h1), "x Storm closes schools across the county");
  }
  // A one-line <h1> is not split at inline markup.
  EXPECT_EQ(title_of("<title>Rain in Leeds: the forecast</title>", "<h1>Rain <em>again</em> in Leeds today</h1>"),
            "Rain again in Leeds today");
}
TEST(ExtractHtml, FullwidthPunctuationInALatinTitle) {
  EXPECT_EQ(title_of("<title>How Does Robot Vacuum Mapping Work\uFF1F</title>"),
            "How Does Robot Vacuum Mapping Work?");
  EXPECT_EQ(title_of("<title>Robots\u2019 \u201Cmaps\u201D: how they work\uFF01</title>"),
            "Robots\u2019 \u201Cmaps\u201D: how they work!");
  // A Japanese title keeps its fullwidth punctuation.
  EXPECT_EQ(title_of("<title>\u30ED\u30DC\u30C3\u30C8\u6383\u9664\u6A5F\uFF1F</title>"),
            "\u30ED\u30DC\u30C3\u30C8\u6383\u9664\u6A5F\uFF1F");
}

TEST(ExtractHtml, TitleCharacterReferencesAreDecoded) {
  // JSON-LD is script text: its references were never decoded.
  EXPECT_EQ(title_of("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                     "\"headline\":\"Long-Distance &#038; Cross-Country Movers &#8211; 2026\"}</script>"),
            "Long-Distance & Cross-Country Movers \u2013 2026");
  // A meta tag escaped twice.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"Tools for 2026: Python, SQL &amp;#x26; AI\">"),
            "Tools for 2026: Python, SQL & AI");
  // Text that only looks like a reference stays.
  EXPECT_EQ(title_of("<meta property=\"og:title\" content=\"R&amp;D at AT&amp;T; &amp;bogus; rises\">"),
            "R&D at AT&T; &bogus; rises");
}

TEST(ExtractHtml, DateFallbacks) {
  EXPECT_EQ(format_date(extract_html(page("", "<time datetime=\"2023-05-06T08:00:00Z\">May 6</time>")).published),
            "2023-05-06");
  EXPECT_EQ(format_date(extract_html(page(""), "https://x.example/2025/02/11/story.html").published),
            "2025-02-11");
  EXPECT_EQ(format_date(extract_html(page("", "<h1>Budget passes</h1><span>Published on Oct 21, 2025</span>")).published),
            "2025-10-21");
  EXPECT_EQ(extract_html(page("")).published, 0);
}

TEST(ExtractHtml, DatelineAboveTheHeadline) {
  // A date printed just above the <h1> (a hero "Published / October 14, 2025" block).
  EXPECT_EQ(format_date(extract_html(page("", "<div><div>Published</div><div>October 14, 2025</div></div>"
                                              "<h1>Budget passes</h1>")).published),
            "2025-10-14");
  // The date nearest the headline, not the first one on the page (a banner, a menu).
  EXPECT_EQ(format_date(extract_html(page("", "<div class=menu><span>March 3, 2024</span></div><p>Jan 5, 2025</p>"
                                              "<h1>Budget passes</h1>")).published),
            "2025-01-05");
  // A date after the headline still comes first.
  EXPECT_EQ(format_date(extract_html(page("", "<span>March 3, 2024</span><h1>Budget passes</h1>"
                                              "<span>Oct 21, 2025</span>")).published),
            "2025-10-21");
}

TEST(ExtractHtml, BylineDateOverJsonLdOnly) {
  const std::string ld =
      "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"datePublished\":\"2021-08-12T19:35:44+00:00\","
      "\"dateModified\":\"2025-02-22T22:13:14+00:00\"}</script>";
  // The byline under the headline prints the update: the page presents itself as of it
  // (and the declared modification instant is kept).
  const Extracted e = extract_html(page(ld, "<h1>Average cost of college</h1><div>Last Updated: 2025-02-22</div>"));
  EXPECT_EQ(format_iso8601(e.published), "2025-02-22T22:13:14Z");
  // Another printed date: that day.
  const Extracted f = extract_html(page(ld, "<h1>Average cost of college</h1><div>By Ann Lee</div><div>Jan 31, 2024</div>"));
  EXPECT_EQ(format_date(f.published), "2024-01-31");
  // The same day printed: the declared instant stays.
  const Extracted g = extract_html(page(ld, "<h1>Average cost of college</h1><div>August 12, 2021</div>"));
  EXPECT_EQ(format_iso8601(g.published), "2021-08-12T19:35:44Z");
  // A date far below the headline (in the body, a comment) is no byline.
  std::string far = "<h1>Average cost of college</h1>";
  for (int i = 0; i < 30; ++i) far += "<span>item</span>";
  far += "<div>Jan 31, 2024</div>";
  EXPECT_EQ(format_date(extract_html(page(ld, far)).published), "2021-08-12");
  // A numeric byline date that is the declared date read in the other order
  // ("09.10.2024" for 2024-09-10, month first): the same date, not another.
  const std::string ld_sept =
      "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"datePublished\":\"2024-09-10T16:07:00Z\"}"
      "</script>";
  EXPECT_EQ(format_iso8601(extract_html(page(ld_sept, "<h1>Renovation phases</h1><div>By Block 09.10.2024</div>")).published),
            "2024-09-10T16:07:00Z");
  // Another numeric date that no reading makes the declared one: the printed date.
  EXPECT_EQ(format_date(extract_html(page(ld_sept, "<h1>Renovation phases</h1><div>By Block 11.10.2024</div>")).published),
            "2024-10-11");
  // Written with a month name, the printed date is another date even when its day and
  // month swapped would give the declared one ("March 9, 2024" is not 2024-09-03).
  const std::string ld_sept3 =
      "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"datePublished\":\"2024-09-03T16:07:00Z\"}"
      "</script>";
  EXPECT_EQ(format_date(extract_html(page(ld_sept3, "<h1>Renovation phases</h1><div>March 9, 2024</div>")).published),
            "2024-03-09");
  // A meta tag's date is not overridden by the byline.
  const Extracted h = extract_html(page("<meta property=\"article:published_time\" content=\"2024-10-15T18:50:03Z\">" + ld,
                                        "<h1>Average cost of college</h1><div>Updated on June 18, 2025</div>"));
  EXPECT_EQ(format_date(h.published), "2024-10-15");
}

TEST(ExtractHtml, UndeclaredDateComesFromTheByline) {
  // A related-posts card and a "today's date" widget carry date classes; the byline
  // under the headline is the article's date.
  EXPECT_EQ(format_date(extract_html(page("", "<p class=\"todays-date\">Friday, December 19, 2025</p>"
                                              "<div class=\"r-posts-date\">December 2, 2025</div>"
                                              "<h1>Budget passes</h1><div>By Ann Lee</div><div>12.12.2025</div>"))
                            .published),
            "2025-12-12");
  // A dateline just above the headline beats a dated card elsewhere.
  EXPECT_EQ(format_date(extract_html(page("", "<div class=card><span class=\"post-date\">December 2, 2025</span></div>"
                                              "<div>Last updated:</div><div>Dec 12, 2025</div><h1>Budget passes</h1>"))
                            .published),
            "2025-12-12");
  // Without a byline date, date-ish elements still date the page.
  EXPECT_EQ(format_date(extract_html(page("", "<h1>Budget passes</h1><span class=\"post-date\">December 2, 2025</span>"))
                            .published),
            "2025-12-02");
}

TEST(ExtractHtml, PermalinkDates) {
  // A UTC instant whose permalink names the day before: the publisher's local day.
  const std::string meta = "<meta property=\"article:published_time\" content=\"2025-12-19T02:41:41+00:00\">";
  const Extracted e = extract_html(page(meta), "https://blog.example/2025/12/18/comfort-watches/");
  EXPECT_EQ(format_iso8601(e.published), "2025-12-19T02:41:41Z");
  EXPECT_EQ(format_date(e.published + e.published_offset), "2025-12-18");
  EXPECT_EQ(e.published_offset, -3 * 3600);
  EXPECT_EQ(extract_html(page(meta), "https://blog.example/2025/12/19/comfort-watches/").published_offset, 0);
  // A stated offset is kept whatever the URL says.
  EXPECT_EQ(extract_html(page("<meta property=\"article:published_time\" content=\"2025-12-19T02:41:41+01:00\">"),
                         "https://blog.example/2025/12/18/x/")
                .published_offset,
            3600);
  // Month names in the path.
  EXPECT_EQ(format_date(extract_html(page(""), "https://wine.example/blog/2023/october/03/types/").published),
            "2023-10-03");
  // The permalink comes before date-ish elements elsewhere on the page.
  EXPECT_EQ(format_date(extract_html(page("", "<span class=\"post-date\">December 2, 2025</span>"),
                                     "https://x.example/2025/11/30/story/")
                            .published),
            "2025-11-30");
  // A canonical link that is not a URL doesn't hide the page's own URL.
  EXPECT_EQ(format_date(extract_html(page("<link rel=\"canonical\" href=\"What are wine types?\">"),
                                     "https://x.example/2025/11/30/story/")
                            .published),
            "2025-11-30");
}

TEST(ExtractHtml, DayFirstBylineSettledByThePermalink) {
  const std::string body = "<h1>How many wine types are there?</h1><div class=\"blog-date\">03/10/2023</div>";
  EXPECT_EQ(format_date(extract_html(page("", body), "https://wine.example/blog/2023/october/03/types/").published),
            "2023-10-03");
  EXPECT_EQ(format_date(extract_html(page("", body)).published), "2023-03-10");  // US order otherwise
}

TEST(ExtractHtml, JsonLdBlogPostInsideABlog) {
  const Extracted e = extract_html(page(
      "<script type=\"application/ld+json\">{\"@type\":\"Blog\",\"name\":\"AppAddict\",\"blogPost\":["
      "{\"@type\":\"BlogPosting\",\"headline\":\"Photo frame app\",\"datePublished\":\"2025-12-19T20:20:42Z\"}]}"
      "</script>"));
  EXPECT_EQ(format_iso8601(e.published), "2025-12-19T20:20:42Z");
}

TEST(ExtractHtml, ByLinesThatAreNotBylines) {
  // Menus and prose start with "By" too; the byline further down is the author.
  EXPECT_EQ(author_of("", "<div class=menu><a>By Region</a><a>BY USE CASE</a></div>"
                          "<p>By clicking Accept you agree</p><p>By Ann Lee</p>"),
            "Ann Lee");
  EXPECT_EQ(author_of("", "<p>By integrating <a href=\"/x\">payroll</a> the firm saved</p>"), "");
  EXPECT_EQ(author_of("", "<p>By Jean de la Fontaine</p>"), "Jean de la Fontaine");
  EXPECT_EQ(author_of("", "<p>By 3i Global</p>"), "3i Global");
}

TEST(ExtractHtml, AuthorCandidatesThatAreNotNames) {
  // A numeric id in a meta tag gives way to the byline.
  EXPECT_EQ(author_of("<meta property=\"article:author\" content=\"262588213843476\">",
                      "<div class=\"byline\">By hackermondev</div>"),
            "hackermondev");
  // A bare "By" label gives way to the name next to it.
  EXPECT_EQ(author_of("", "<p class=\"authors--byline\">By</p><span class=\"author-name\">Sara Brown</span>"),
            "Sara Brown");
  // An author's role is not the author; comment authors are not either.
  EXPECT_EQ(author_of("", "<div class=\"comment-author\">Jiobal says:</div><span class=\"author-role\">Editor</span>"
                          "<span class=\"author\">Tim Green</span>"),
            "Tim Green");
  // References, template punctuation and a " | Author" tail are cleaned.
  EXPECT_EQ(author_of("<meta name=\"author\" content=\"Maria &amp;amp; Katerina\">"), "Maria & Katerina");
  EXPECT_EQ(author_of("<meta name=\"author\" content=\", USA TODAY\">"), "USA TODAY");
  EXPECT_EQ(author_of("", "<span class=\"author\">Matteo Laratta | Author</span>"), "Matteo Laratta");
  // A login is how some pages name their authors: it stays.
  EXPECT_EQ(author_of("<meta name=\"author\" content=\"sara.r.peter\">"), "sara.r.peter");
}

TEST(ExtractHtml, BylineAuthor) {
  EXPECT_EQ(author_of("", "<div class=\"byline\">By Sam Smith</div>"), "Sam Smith");
  EXPECT_EQ(author_of("", "<a rel=\"author\" href=\"/sam\">Sam Smith</a>"), "Sam Smith");
  EXPECT_EQ(author_of("", "<p>Written by John Crenshaw</p>"), "John Crenshaw");
}

TEST(ExtractHtml, BylineLabelsAndAuthorPageLinks) {
  // A label alone, the name in the next text.
  EXPECT_EQ(author_of("", "<h1>Drug values</h1><p>By\n<a class=\"link\" href=\"/wv/x/\">Matthew Digby</a>, "
                          "Jane Roe</p>"),
            "Matthew Digby");
  EXPECT_EQ(author_of("", "<div><p>Written by</p><p>Edzel Tabing</p></div>"), "Edzel Tabing");
  EXPECT_EQ(author_of("", "<p>By:&nbsp;</p><p> Rose Potter , Betsy Arnold</p>"),
            "Rose Potter, Betsy Arnold");
  // A label followed by prose, or by a lower-case phrase, names no one.
  EXPECT_EQ(author_of("", "<p>By</p><p>clicking accept you agree to our terms</p>"), "");
  // "Author:" labels a book's author in a review, not the page's.
  EXPECT_EQ(author_of("", "<p><strong>Author:</strong> H.G. Parry</p>"), "");
  // Several names: as the page joins them.
  EXPECT_EQ(author_of("", "<h1>Rates rise</h1><p>By <a href=\"/x\">Jane Doe</a> and <a href=\"/y\">John Roe</a></p>"),
            "Jane Doe and John Roe");
  // "by" inside a sentence, in a related-articles list or a photo credit labels nothing;
  // nor does a label whose next text is no name (an agency, then a heading).
  EXPECT_EQ(author_of("", "<h1>Rates rise</h1><p>The bank cited a <a>study</a> by <a>Pew Research Center</a> "
                          "showing that rates rose.</p>"),
            "");
  EXPECT_EQ(author_of("", "<h1>Rates rise</h1><ul><li><a>Stocks fall</a> <span>By</span> <a>Mary Major</a></li></ul>"),
            "");
  EXPECT_EQ(author_of("", "<h1>Rates rise</h1><figcaption>(<em>By</em> Jane Doe / Reuters)</figcaption>"),
            "");
  EXPECT_EQ(author_of("", "<h1>Rates rise</h1><p>By <b>Reuters</b></p><h2>Key Points</h2>"), "");
  // Reader comments' "Posted by".
  EXPECT_EQ(author_of("", "<h1>Rates rise</h1><div class=\"replies\"><p>Posted by John Smith</p></div>"),
            "");
  // A link to an author's page near the headline (the prefilter keeps that href).
  EXPECT_EQ(author_of("", "<h1>Remote access</h1><div class=\"meta\"><a href=\"/authors/trevor-jackins\">Trevor "
                          "Jackins</a></div>"),
            "Trevor Jackins");
  EXPECT_EQ(author_of("", "<h1>Robots</h1><a href=\"https://x.example/magazine/contributor/a._j._neal\">A. J. "
                          "Neal</a>"),
            "A. J. Neal");
  // Not near it: a sidebar before the headline, a related item far below it.
  EXPECT_EQ(author_of("", "<h3>Our columnists</h3><a href=\"/columnists/jane-doe\">Jane Doe</a><h1>Budget</h1>"),
            "");
  {
    std::string far = "<h1>Budget</h1>";
    for (int i = 0; i < 30; ++i) far += "<p>Paragraph " + std::to_string(i) + "</p>";
    far += "<a href=\"/author/mary-major\">Mary Major</a>";
    EXPECT_EQ(author_of("", far), "");
  }
  // Not an author page (a university's staff directory), or not a name ("All authors").
  EXPECT_EQ(author_of("", "<h1>Fonts</h1><a href=\"https://uni.example/typography/staff/dr-borna\">Borna "
                          "Izadpanah</a>"),
            "");
  EXPECT_EQ(author_of("", "<h1>Fonts</h1><a href=\"/authors/\">All authors</a><a href=\"/authors/x\">see more</a>"),
            "");
  // A hostile author meta (1.2 MB of " ,") is refused quickly.
  {
    std::string list;
    for (int i = 0; i < 400000; ++i) list += "a ,";
    EXPECT_EQ(author_of("<meta name=\"author\" content=\"" + list + "\">"), "");
  }
  // Stronger evidence first: a declared author beats a label and a link.
  EXPECT_EQ(author_of("<meta name=\"author\" content=\"Ann Lee\">",
                      "<p>By</p><p>Bo Chan</p><a href=\"/author/cy-dee\">Cy Dee</a>"),
            "Ann Lee");
  EXPECT_EQ(author_of("", "<h1>Rates</h1><a href=\"/author/cy-dee\">Cy Dee</a><p>By</p><p>Bo Chan</p>"),
            "Bo Chan");
}

TEST(ExtractHtml, DeclaredCharsetIsConverted) {
  const std::string html =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
      "<title>Caf\xE9 society</title></head><body><p>Le caf\xE9 est ouvert tous les jours, "
      "du matin au soir, depuis plus de cent ans, dans le quartier.</p></body></html>";
  const Extracted e = extract_html(html);
  EXPECT_EQ(e.title, "Caf\xC3\xA9 society");
  EXPECT_NE(e.text.find("Le caf\xC3\xA9 est ouvert"), std::string::npos);
  EXPECT_TRUE(text::is_valid_utf8(e.text));
}

TEST(ExtractHtml, DeepNestingDoesNotCrash) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<p>Deep inside, the text survives, with commas, and all.</p>";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "</body></html>";
  const Extracted e = extract_html(html);
  EXPECT_NE(e.text.find("Deep inside, the text survives"), std::string::npos);
  // Deep inline nesting too.
  std::string inl = "<html><body>";
  for (int i = 0; i < 100000; ++i) inl += "<b><i><a href=x>";
  EXPECT_NO_THROW(extract_html(inl));
}

TEST(ExtractHtml, DeepNestingOfFilteredElementsStaysLinear) {
  // The pre-parse filter looks for the end of lists, menus, headers and comment blocks:
  // 100k nested ones, closed or never closed, must not make it quadratic.
  for (const std::string open : {"<ul><li><a href=x>Home</a>", "<nav>", "<header>", "<div class=comment>"}) {
    const std::string name = open.substr(1, open.find_first_of(" >") - 1);
    for (const bool closed : {true, false}) {
      std::string html = "<html><body>";
      for (int i = 0; i < 100000; ++i) html += open;
      html += "<p>Deep inside, the text survives, with commas, and all.</p>";
      if (closed)
        for (int i = 0; i < 100000; ++i) html += "</" + name + ">";
      html += "<article><p>The council voted on Tuesday to approve the budget, officials said, "
              "after a debate that lasted most of the night.</p></article></body></html>";
      const Extracted e = extract_html(html);
      EXPECT_TRUE(text::is_valid_utf8(e.text));
      // Once the nest is closed, the article after it is found.
      if (closed) {
        EXPECT_NE(e.text.find("The council voted on Tuesday"), std::string::npos) << open;
      }
    }
  }
}

TEST(ExtractHtml, PagesWithoutArticleKeepTheirFurnitureMetadata) {
  // No <article>: the byline and date sit in the page's footer, the text in an <aside>
  // misused as the story's container.
  std::string paras;
  for (int i = 0; i < 5; ++i)
    paras += "<p>The council voted on Tuesday to approve the budget, part " + std::to_string(i) +
             ", after a debate that lasted most of the night, officials said.</p>";
  const Extracted e = extract_html(
      "<html><head><title>Budget approved</title></head><body><h1>Budget approved</h1>"
      "<aside class=story>" + paras + "</aside>"
      "<footer class=entry-footer>Posted by <a rel=author href=/jo>Jo Bloggs</a> on "
      "<time datetime=\"2024-03-05T10:00:00Z\">March 5, 2024</time></footer></body></html>");
  EXPECT_NE(e.text.find("part 4"), std::string::npos);
  EXPECT_EQ(e.author, "Jo Bloggs");
  EXPECT_EQ(format_date(e.published), "2024-03-05");
}

TEST(ExtractHtml, GarbageAndInvalidUtf8GiveValidOutput) {
  std::mt19937 rng(42);
  std::string garbage(1 << 16, '\0');
  for (auto& c : garbage) c = static_cast<char>(rng());
  const Extracted g = extract_html(garbage);
  EXPECT_TRUE(text::is_valid_utf8(g.text));
  EXPECT_TRUE(text::is_valid_utf8(g.title));
  const Extracted e = extract_html(page("<title>Bad \xFF bytes</title>"));
  EXPECT_TRUE(text::is_valid_utf8(e.title));
  EXPECT_EQ(extract_html("").text, "");
}

// Pages bigger than a parse window (1 MiB after filtering) are parsed a window at a
// time: an article that runs across windows keeps all of its text and its metadata,
// and windows that yield far less text (a huge comment section) are left out.
TEST(ExtractHtml, HugePagesAreReadAcrossParseWindows) {
  std::string html =
      "<html lang=en><head><title>Live: the long debate | Daily</title>"
      "<meta property=\"article:published_time\" content=\"2025-02-11T10:00:00Z\"></head>"
      "<body><article class=story><h1>Live: the long debate</h1>";
  int n = 0;
  while (html.size() < (3u << 20))
    html += "<div class=entry><p>Entry " + std::to_string(n++) +
            ": the speaker said the debate would go on, and members agreed to continue.</p></div>";
  html += "</article><div class=chatter>";
  for (int i = 0; i < 30000; ++i) html += "<span>x</span> ";  // markup, almost no text
  html += "</div></body></html>";
  ASSERT_GT(html.size(), 3u << 20);
  const Extracted e = extract_html(html);
  EXPECT_EQ(e.title, "Live: the long debate");
  EXPECT_EQ(e.language, "en");
  EXPECT_NE(e.published, 0);
  EXPECT_NE(e.text.find("Entry 0: the speaker"), std::string::npos);
  EXPECT_NE(e.text.find("Entry " + std::to_string(n / 2) + ": the speaker"), std::string::npos);
  EXPECT_NE(e.text.find("Entry " + std::to_string(n - 1) + ": the speaker"), std::string::npos);
  // No entry is lost or doubled where a window ends.
  std::size_t count = 0;
  for (std::size_t p = e.text.find("the speaker said"); p != std::string::npos; p = e.text.find("the speaker said", p + 1))
    ++count;
  EXPECT_EQ(count, static_cast<std::size_t>(n));
}

TEST(ExtractHtml, RefusesHugeInput) {
  const std::string huge((64u << 20) + 1, 'a');
  const Extracted e = extract_html(huge);
  EXPECT_TRUE(e.text.empty());
  EXPECT_TRUE(e.title.empty());
}

}  // namespace

// detail::tag_name reads an unknown tag's spelling from the buffer gumbo parsed (its
// original_tag view): it is right while the buffer lives, and extract_html keeps its
// buffer alive until its trees are destroyed (it used to free it right after parsing).
TEST(ExtractHtmlDetail, TagNameOfKnownAndUnknownTags) {
  const std::string page = "<html><body><AMP-IMG src=x></AMP-IMG><My-Widget>w</My-Widget><P>p</P></body></html>";
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size());
  ASSERT_NE(out, nullptr);
  std::vector<std::string> names;
  std::vector<const GumboNode*> stack{out->root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    names.push_back(detail::tag_name(n));
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  EXPECT_EQ(names, (std::vector<std::string>{"html", "head", "body", "amp-img", "my-widget", "p"}));
  EXPECT_EQ(detail::tag_name(nullptr), "");
}
TEST(ExtractHtml, UnknownTagsInAPageOfEverySize) {
  // One window and several (the 1 MiB parse window): unknown elements around the text.
  for (const std::size_t paragraphs : {1u, 12000u}) {
    std::string html = "<html><body><article><amp-story-x>";
    for (std::size_t i = 0; i < paragraphs; ++i)
      html += "<p>The council voted on Tuesday to approve the budget, officials said, after a debate.</p>";
    html += "</amp-story-x><custom-byline>Ann Lee</custom-byline></article></body></html>";
    const Extracted e = extract_html(html);
    EXPECT_NE(e.text.find("The council voted on Tuesday"), std::string::npos) << paragraphs;
  }
}

}  // namespace storyline::extract
