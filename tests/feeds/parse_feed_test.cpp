// Tests for parse_feed over each format and over broken and hostile documents
// (parse_feed.cpp, xml_feed.cpp, json_feed.cpp).
#include <gtest/gtest.h>

#include <string>

#include "feeds/feeds.h"
#include "text/text.h"

namespace storyline::feeds {
namespace {

std::string iso(UnixTime t) { return t ? format_iso8601(t) : "(none)"; }

TEST(ParseFeed, Rss20WithExtensions) {
  const Feed f = parse_feed(R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:m="http://search.yahoo.com/mrss/">
<channel>
  <title>Example &amp; News</title>
  <link>http://example.com/</link>
  <language>en-gb</language>
  <managingEditor>editor@example.com (Ed Itor)</managingEditor>
  <lastBuildDate>Thu, 01 Jan 2004 19:48:21 GMT</lastBuildDate>
  <item>
    <title>&lt;b&gt;Markets&lt;/b&gt; fall&lt;script&gt;alert(1)&lt;/script&gt;</title>
    <link>/2004/01/markets</link>
    <guid isPermaLink="false">tag:example.com,2004:1</guid>
    <description>Short &lt;i&gt;teaser&lt;/i&gt;</description>
    <content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded>
    <dc:creator>Jane Doe</dc:creator>
    <pubDate>Thu, 01 Jan 04 14:48:21 EST</pubDate>
    <dc:date>2004-01-02T10:00:00Z</dc:date>
    <category>Business</category>
    <m:thumbnail url="thumb.jpg"/>
    <enclosure url="http://example.com/a.mp3" length="1" type="audio/mpeg"/>
  </item>
  <item><guid>http://example.com/permalink</guid><title>Second</title></item>
</channel></rss>)",
                            "http://example.com/feed.xml");
  EXPECT_FALSE(f.malformed) << f.error;
  EXPECT_EQ(f.format, "rss");
  EXPECT_EQ(f.title, "Example & News");
  EXPECT_EQ(f.link, "http://example.com/");
  EXPECT_EQ(f.language, "en-gb");
  EXPECT_EQ(f.author, "Ed Itor");
  EXPECT_EQ(iso(f.updated), "2004-01-01T19:48:21Z");
  ASSERT_EQ(f.items.size(), 2u);
  const FeedItem& a = f.items[0];
  EXPECT_EQ(a.title, "Markets fall");
  EXPECT_EQ(a.link, "http://example.com/2004/01/markets");
  EXPECT_EQ(a.id, "tag:example.com,2004:1");
  EXPECT_EQ(a.summary, "Short teaser");
  EXPECT_EQ(a.content, "<p>Full <b>text</b></p>");
  EXPECT_EQ(a.author, "Jane Doe");
  EXPECT_EQ(iso(a.published), "2004-01-01T19:48:21Z");
  EXPECT_EQ(iso(a.updated), "2004-01-02T10:00:00Z");
  EXPECT_EQ(a.categories, std::vector<std::string>{"Business"});
  EXPECT_EQ(a.thumbnail, "http://example.com/thumb.jpg");
  EXPECT_EQ(a.enclosure, "http://example.com/a.mp3");
  // A permalink guid stands in for a missing link.
  EXPECT_EQ(f.items[1].link, "http://example.com/permalink");
  EXPECT_EQ(f.items[1].id, "http://example.com/permalink");
}

// How long the publisher asks readers to wait: <ttl> minutes, else the syndication module.
TEST(ParseFeed, PublisherTtlFromTtlOrTheSyndicationModule) {
  EXPECT_EQ(parse_feed("<rss><channel><title>T</title><ttl> 90 </ttl></channel></rss>").ttl_seconds, 5400);
  const char* sy = R"(<rss xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>T</title>
    <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rss>)";
  EXPECT_EQ(parse_feed(sy).ttl_seconds, 1800);
  const char* rdf = R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
    xmlns:s="http://purl.org/rss/1.0/modules/syndication/"><channel><title>T</title>
    <s:updatePeriod> daily </s:updatePeriod></channel></rdf:RDF>)";
  EXPECT_EQ(parse_feed(rdf).ttl_seconds, 86400);
  EXPECT_EQ(parse_feed("<rss><channel><title>T</title><ttl>soon</ttl></channel></rss>").ttl_seconds, 0);
  EXPECT_EQ(parse_feed("<rss><channel><title>T</title><ttl>99999999999999</ttl></channel></rss>").ttl_seconds,
            6'000'000'000);  // bounded, not overflowed
  EXPECT_EQ(parse_feed("<rss><channel><title>T</title></channel></rss>").ttl_seconds, 0);
}

TEST(ParseFeed, Rss10Rdf) {
  const Feed f = parse_feed(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://example.org/"><title>RDF site</title><link>http://example.org/</link>
    <dc:language>fr</dc:language></channel>
  <item rdf:about="http://example.org/1"><title>One</title><link>http://example.org/1</link>
    <dc:date>2004-01-01T19:48:21+01:00</dc:date><dc:creator>Marie</dc:creator></item>
</rdf:RDF>)");
  EXPECT_FALSE(f.malformed) << f.error;
  EXPECT_EQ(f.format, "rdf");
  EXPECT_EQ(f.title, "RDF site");
  EXPECT_EQ(f.language, "fr");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].id, "http://example.org/1");
  EXPECT_EQ(iso(f.items[0].updated), "2004-01-01T18:48:21Z");
  EXPECT_EQ(f.items[0].author, "Marie");
}

TEST(ParseFeed, Atom10WithXmlBaseAndInheritedAuthor) {
  const Feed f = parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de" xml:base="http://example.org/blog/">
  <title type="html">A &lt;b&gt;bold&lt;/b&gt; &amp;amp; title</title>
  <link rel="self" href="/feed.atom"/>
  <link rel="alternate" type="text/html" href="./"/>
  <id>urn:uuid:60a76c80</id>
  <author><name>Feed Author</name><email>fa@example.org</email></author>
  <updated>2003-12-13T18:30:02Z</updated>
  <entry xml:base="2003/12/">
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <em>xhtml</em> title</div></title>
    <link href="13/atom03"/>
    <link rel="enclosure" href="/audio.mp3"/>
    <id>urn:uuid:1225c695</id>
    <published>2003-12-13T08:29:29-04:00</published>
    <updated>2003-12-13T18:30:02Z</updated>
    <summary>Plain &lt;tag&gt; text</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi</p></div></content>
    <category term="tech" label="Technology"/>
  </entry>
</feed>)",
                            "http://ignored.example.com/");
  EXPECT_FALSE(f.malformed) << f.error;
  EXPECT_EQ(f.format, "atom");
  EXPECT_EQ(f.title, "A bold & title");
  EXPECT_EQ(f.link, "http://example.org/blog/");
  EXPECT_EQ(f.id, "urn:uuid:60a76c80");
  EXPECT_EQ(f.author, "Feed Author");
  EXPECT_EQ(f.language, "de");
  ASSERT_EQ(f.items.size(), 1u);
  const FeedItem& e = f.items[0];
  EXPECT_EQ(e.title, "An xhtml title");
  EXPECT_EQ(e.link, "http://example.org/blog/2003/12/13/atom03");
  EXPECT_EQ(e.enclosure, "http://example.org/audio.mp3");
  EXPECT_EQ(e.author, "Feed Author");
  EXPECT_EQ(iso(e.published), "2003-12-13T12:29:29Z");
  EXPECT_EQ(e.summary, "Plain <tag> text");  // type text: the brackets are text
  EXPECT_EQ(e.content, "<p>Hi</p>");
  EXPECT_EQ(e.categories, std::vector<std::string>{"Technology"});
}

TEST(ParseFeed, Atom03) {
  const Feed f = parse_feed(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title mode="escaped">Old &lt;i&gt;Atom&lt;/i&gt;</title><link rel="alternate" href="http://example.com/"/>
  <modified>2004-01-01T19:48:21Z</modified>
  <entry><title>E</title><issued>2004-01-01T10:00:00Z</issued><modified>2004-01-02T10:00:00Z</modified>
    <content type="text/html" mode="base64">PHA+SGk8L3A+</content><author><name>A</name></author></entry>
</feed>)");
  EXPECT_EQ(f.format, "atom03");
  EXPECT_EQ(f.title, "Old Atom");
  EXPECT_EQ(iso(f.updated), "2004-01-01T19:48:21Z");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(iso(f.items[0].published), "2004-01-01T10:00:00Z");
  EXPECT_EQ(iso(f.items[0].updated), "2004-01-02T10:00:00Z");
  EXPECT_EQ(f.items[0].content, "<p>Hi</p>");
}

TEST(ParseFeed, JsonFeed11And10) {
  const Feed f = parse_feed(R"({"version": "https://jsonfeed.org/version/1.1", "title": "JSON &amp; co",
    "home_page_url": "https://example.org/", "feed_url": "https://example.org/feed.json", "language": "en",
    "authors": [{"name": "Brent"}],
    "items": [{"id": "1", "url": "/post/1", "title": "Hi", "content_html": "<p>Hello</p>",
               "date_published": "2020-08-07T11:44:36-05:00", "tags": ["a"],
               "attachments": [{"url": "x.mp3", "mime_type": "audio/mpeg"}]},
              {"id": 2, "content_text": "plain <text>", "author": {"name": "Old Style"}}]})");
  EXPECT_FALSE(f.malformed) << f.error;
  EXPECT_EQ(f.format, "json");
  EXPECT_EQ(f.title, "JSON & co");
  EXPECT_EQ(f.link, "https://example.org/");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].link, "https://example.org/post/1");
  EXPECT_EQ(f.items[0].author, "Brent");
  EXPECT_EQ(iso(f.items[0].published), "2020-08-07T16:44:36Z");
  EXPECT_EQ(f.items[0].enclosure, "https://example.org/x.mp3");
  EXPECT_EQ(f.items[1].id, "2");
  EXPECT_EQ(f.items[1].summary, "plain <text>");
  EXPECT_EQ(f.items[1].content, "plain &lt;text>");

  const Feed bad = parse_feed("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [");
  EXPECT_FALSE(bad.readable());
  EXPECT_EQ(bad.error, "not valid JSON");
}

// A JSON Feed with fields of the wrong type: a number or a list where a URL, a title or a
// date belongs is read as absent (never "123" as a link), an item that is not an object
// is skipped, and the feed says it was malformed, naming the first such field.
TEST(ParseFeed, JsonFeedFieldsOfTheWrongTypeAreAbsentAndTheFeedMalformed) {
  const Feed f = parse_feed(R"({"version": "https://jsonfeed.org/version/1.1", "title": "T",
    "items": [{"id": 7, "url": 123, "title": ["x"], "date_published": 5, "content_text": "Text."},
              "not an item",
              {"id": "b", "url": "https://example.org/b", "title": "B"}]})",
                            "https://example.org/feed.json");
  EXPECT_TRUE(f.malformed);
  EXPECT_EQ(f.error, "\"title\" is array, not a string");  // the first met
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].id, "7");  // an id of another type is coerced, as JSON Feed 1.1 asks
  EXPECT_EQ(f.items[0].link, "");
  EXPECT_EQ(f.items[0].title, "");
  EXPECT_EQ(f.items[0].published, 0);
  EXPECT_EQ(f.items[0].summary, "Text.");
  EXPECT_EQ(f.items[1].link, "https://example.org/b");
  const Feed items = parse_feed(R"({"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": {"a": 1}})");
  EXPECT_TRUE(items.malformed);
  EXPECT_EQ(items.error, "\"items\" is object, not an array");
  const Feed ids = parse_feed(R"({"version": "https://jsonfeed.org/version/1.1", "language": 5,
    "items": [{"id": 18446744073709551615}, {"id": 1.5}, {"id": true, "url": "https://example.org/t"}]})");
  EXPECT_EQ(ids.error, "\"language\" is number, not a string");
  ASSERT_EQ(ids.items.size(), 3u);
  EXPECT_EQ(ids.items[0].id, "18446744073709551615");
  EXPECT_EQ(ids.items[1].id, "1.5");
  EXPECT_EQ(ids.items[2].id, "");  // no id: the item is known by its link, not by "true"
  EXPECT_EQ(ids.items[2].link, "https://example.org/t");
  const Feed array = parse_feed("[{\"version\": \"https://jsonfeed.org/version/1.1\"}]");
  EXPECT_FALSE(array.readable());
  EXPECT_EQ(array.error, "JSON Feed is not an object");  // JSON, not "XML error at byte 0"
  const Feed list = parse_feed(R"({"version": "https://jsonfeed.org/version/1.1", "items": [1]})");
  EXPECT_TRUE(list.malformed);
  EXPECT_EQ(list.error, "an item is number, not an object");
}

// ---- broken feeds ----

TEST(ParseFeed, UndeclaredHtmlEntitiesAndStrayAmpersands) {
  const Feed f = parse_feed(
      "<rss><channel><title>Caf&eacute;&nbsp;news & more</title>"
      "<item><title>Q&A</title><link>http://x.com/?a=1&b=2</link></item></channel></rss>");
  EXPECT_TRUE(f.malformed);
  EXPECT_NE(f.error.find("undeclared entity &eacute;"), std::string::npos) << f.error;
  EXPECT_NE(f.error.find("unescaped '&'"), std::string::npos) << f.error;
  EXPECT_EQ(f.title, "Caf\xC3\xA9 news & more");  // no-break space collapsed
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "Q&A");
  EXPECT_EQ(f.items[0].link, "http://x.com/?a=1&b=2");
}

TEST(ParseFeed, BomTextBeforeRootAndTruncation) {
  const Feed bom = parse_feed("\xEF\xBB\xBF<rss><channel><title>B</title></channel></rss>");
  EXPECT_FALSE(bom.malformed) << bom.error;
  EXPECT_EQ(bom.title, "B");

  const Feed junk = parse_feed("Warning: PHP notice\n<?xml version=\"1.0\"?><rss><channel><title>J</title></channel></rss>");
  EXPECT_TRUE(junk.malformed);
  EXPECT_NE(junk.error.find("text before the root element"), std::string::npos);
  EXPECT_EQ(junk.title, "J");

  // Cut off mid-item: the complete items before the cut are kept.
  const Feed cut = parse_feed("<rss><channel><title>T</title><item><title>One</title></item><item><title>Tw");
  EXPECT_TRUE(cut.malformed);
  EXPECT_NE(cut.error.find("XML error"), std::string::npos) << cut.error;
  EXPECT_EQ(cut.title, "T");
  ASSERT_GE(cut.items.size(), 1u);
  EXPECT_EQ(cut.items[0].title, "One");
}

TEST(ParseFeed, Charsets) {
  // Declared ISO-8859-1 and so encoded.
  const Feed latin = parse_feed("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>caf\xE9</title></channel></rss>");
  EXPECT_FALSE(latin.malformed) << latin.error;
  EXPECT_EQ(latin.title, "caf\xC3\xA9");
  // Declared UTF-8 but Windows-1252 bytes: read as Windows-1252, flagged.
  const Feed wrong = parse_feed("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>we\x92re</title></channel></rss>");
  EXPECT_TRUE(wrong.malformed);
  EXPECT_EQ(wrong.title, "we\xE2\x80\x99re");
  // The transport's charset wins over the declaration.
  const Feed koi = parse_feed("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>\xF0\xD2\xC9</title></channel></rss>",
                              "", "koi8-r");
  EXPECT_EQ(koi.title, "\xD0\x9F\xD1\x80\xD0\xB8");  // "При"
  // UTF-16 with a BOM.
  const std::string ascii = "<rss><channel><title>U16</title></channel></rss>";
  std::string u16 = "\xFF\xFE";
  for (char c : ascii) u16 += c, u16 += '\0';
  EXPECT_EQ(parse_feed(u16).title, "U16");
  // An unknown charset: repaired as UTF-8, flagged.
  const Feed unknown = parse_feed("<?xml version=\"1.0\" encoding=\"x-no-such\"?><rss><channel><title>t</title></channel></rss>");
  EXPECT_TRUE(unknown.malformed);
  EXPECT_NE(unknown.error.find("unknown charset"), std::string::npos);
  // The name is shown as printable ASCII (the fuzzer found raw bytes in the message).
  const Feed junk = parse_feed("<?xml version=\"1.0\" encoding=\"ut\x9a\xd2\"?><rss><channel><title>t</title></channel></rss>");
  EXPECT_TRUE(text::is_valid_utf8(junk.error));
  EXPECT_NE(junk.error.find("unknown charset \"ut??\""), std::string::npos) << junk.error;
  const Feed name = parse_feed("<rss><channel><title>&caf\xC3\xA9\xC3\xA9;</title></channel></rss>");
  EXPECT_TRUE(text::is_valid_utf8(name.error));
  EXPECT_NE(name.error.find("undeclared entity &caf????;"), std::string::npos) << name.error;
}

TEST(ParseFeed, BillionLaughsIsNotExpanded) {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
  doc += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += "&lol" + std::to_string(i - 1) + ";";
    doc += "\">\n";
  }
  doc += "]>\n<rss><channel><title>&lol; &lol9;</title></channel></rss>";
  const Feed f = parse_feed(doc);
  EXPECT_EQ(f.title, "lol &lol9;");  // the plain-text entity is substituted once; lol9 never expanded
  EXPECT_TRUE(f.malformed);
  EXPECT_NE(f.error.find("not expanded"), std::string::npos) << f.error;
}

TEST(ParseFeed, ExternalEntitiesAreNeverRead) {
  const Feed f = parse_feed(
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<rss><channel><title>x&xxe;y</title></channel></rss>");
  EXPECT_EQ(f.title, "x&xxe;y");
  EXPECT_EQ(f.title.find("root:"), std::string::npos);
}

TEST(ParseFeed, DeepNestingIsRefusedByName) {
  std::string doc = "<rss><channel><title>deep</title><item>";
  for (int i = 0; i < 200000; ++i) doc += "<a>";
  const Feed f = parse_feed(doc);
  EXPECT_FALSE(f.readable());
  EXPECT_NE(f.error.find("max_depth"), std::string::npos) << f.error;
  std::string json(200000, '[');
  const Feed j = parse_feed("{\"items\": " + json);
  EXPECT_NE(j.error.find("max_depth"), std::string::npos) << j.error;
}

TEST(ParseFeed, LimitsOnBytesAndItems) {
  Options o;
  o.max_bytes = 100;
  const Feed big = parse_feed(std::string(200, ' ') + "<rss/>", "", "", o);
  EXPECT_FALSE(big.readable());
  EXPECT_NE(big.error.find("max_bytes"), std::string::npos);

  o = Options{};
  o.max_items = 2;
  std::string doc = "<rss><channel>";
  for (int i = 0; i < 5; ++i) doc += "<item><title>" + std::to_string(i) + "</title></item>";
  doc += "</channel></rss>";
  const Feed f = parse_feed(doc, "", "", o);
  EXPECT_FALSE(f.malformed);
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[1].title, "1");
  EXPECT_EQ(f.items_dropped, 3u);
  EXPECT_EQ(f.error, "3 items past max_items (2) dropped");
}

TEST(ParseFeed, NotAFeed) {
  const Feed html = parse_feed("<html><body>hello</body></html>");
  EXPECT_FALSE(html.readable());
  EXPECT_NE(html.error.find("not a feed"), std::string::npos);
  EXPECT_FALSE(parse_feed("").readable());
  EXPECT_FALSE(parse_feed("just text").readable());
  // A long root name of two-byte characters (found by the fuzzer: the message cut one in two,
  // so the error was not valid UTF-8): the name is cut between characters.
  std::string name = "p";
  for (int i = 0; i < 40; ++i) name += "\xC3\x8D";  // Í
  const Feed odd = parse_feed("<" + name + ">x</" + name + ">");
  EXPECT_FALSE(odd.readable());
  EXPECT_TRUE(storyline::text::is_valid_utf8(odd.error)) << odd.error;
  EXPECT_NE(odd.error.find("root element <p\xC3\x8D"), std::string::npos) << odd.error;
}

TEST(ParseFeed, UnprefixedNamespaceAndUndeclaredPrefix) {
  // Atom with a prefix, inside RSS; and a dc: prefix nobody declared.
  const Feed f = parse_feed(R"(<rss xmlns:a="http://www.w3.org/2005/Atom"><channel>
    <a:link rel="alternate" href="http://example.com/home"/>
    <item><title>t</title><dc:creator>Undeclared</dc:creator><a:link href="http://example.com/i"/></item>
    </channel></rss>)");
  EXPECT_EQ(f.link, "http://example.com/home");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].author, "Undeclared");
  EXPECT_EQ(f.items[0].link, "http://example.com/i");
}

}  // namespace
}  // namespace storyline::feeds
