// Items: identity, text, teasers, the article an item becomes, the page merged into it.
#include <gtest/gtest.h>

#include <set>

#include "crawl/crawl.h"

using namespace storyline;

namespace {

feeds::FeedItem item(std::string id, std::string link, std::string title, std::string summary, std::string content = "") {
  feeds::FeedItem i;
  i.id = std::move(id);
  i.link = std::move(link);
  i.title = std::move(title);
  i.summary = std::move(summary);
  i.content = std::move(content);
  return i;
}

std::string words(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i ? " " : "") + std::string("word") + std::to_string(i % 10);
  return s + ".";
}

}  // namespace

TEST(CrawlItems, KeyIsTheGuidElseTheLinkElseAHashOfTitleAndContent) {
  EXPECT_EQ(crawl::item_key(item("urn:1", "https://a/1", "T", "S")), "urn:1");
  EXPECT_EQ(crawl::item_key(item("", "https://a/1", "T", "S")), "https://a/1");
  const std::string h = crawl::item_key(item("", "", "T", "S", "<p>C</p>"));
  EXPECT_EQ(h.rfind("hash:", 0), 0u);
  EXPECT_EQ(h.size(), 5u + 16u);
  EXPECT_EQ(h, crawl::item_key(item("", "", "T", "S", "<p>C</p>")));
  EXPECT_NE(h, crawl::item_key(item("", "", "T2", "S", "<p>C</p>")));
  EXPECT_NE(h, crawl::item_key(item("", "", "T", "S", "<p>D</p>")));
  const std::string long_id(5000, 'x');
  const std::string k = crawl::item_key(item(long_id, "", "T", ""));
  EXPECT_EQ(k.rfind("hash:", 0), 0u);  // bounded
  EXPECT_NE(k, crawl::item_key(item(long_id + "y", "", "T", "")));
}

TEST(CrawlItems, HashChangesWithWhatTheItemSays) {
  const auto a = item("1", "https://a/1", "T", "S", "C");
  EXPECT_EQ(crawl::item_hash(a), crawl::item_hash(a));
  for (auto changed : {item("1", "https://a/1", "T!", "S", "C"), item("1", "https://a/2", "T", "S", "C"),
                       item("1", "https://a/1", "T", "S!", "C"), item("1", "https://a/1", "T", "S", "C!")})
    EXPECT_NE(crawl::item_hash(a), crawl::item_hash(changed));
  auto dated = a;
  dated.updated = 12345;  // a new <updated> alone is not a correction
  EXPECT_EQ(crawl::item_hash(a), crawl::item_hash(dated));
}

TEST(CrawlItems, TextKeepsParagraphsOfTheContentAndDropsScripts) {
  const std::string html = "<p>" + words(30) + "</p><script>alert('x')</script><p>Second " + words(30) + "</p>";
  const std::string t = crawl::item_text(item("1", "", "T", "Short summary.", html));
  EXPECT_NE(t.find('\n'), std::string::npos) << t;
  EXPECT_NE(t.find("Second word0"), std::string::npos);
  EXPECT_EQ(t.find("alert"), std::string::npos);
  EXPECT_EQ(t.find('<'), std::string::npos);
  // No content: the summary.
  EXPECT_EQ(crawl::item_text(item("1", "", "T", "Just the summary.")), "Just the summary.");
  // A stub content shorter than the summary: the summary says more.
  EXPECT_EQ(crawl::item_text(item("1", "", "T", words(20), "<p>Stub.</p>")), words(20));
}

// A feed that declares no language: the article's language comes from its title and text
// (the item's HTML is extracted without a guess of its own, which would be thrown away).
TEST(CrawlItems, WithoutAFeedLanguageTheTextSaysWhichItIs) {
  const feeds::Feed f;  // no language
  auto fr = item("f1", "https://www.outlet.example/fr/1", "Le gouvernement annonce une réforme",
                 "", "<p>Le gouvernement a annoncé mardi une réforme des retraites qui sera présentée au "
                     "Parlement la semaine prochaine, selon le ministre du travail.</p><p>Les syndicats ont "
                     "appelé à une grève nationale pour protester contre le projet.</p>");
  Article a;
  ASSERT_TRUE(crawl::item_article(f, fr, "https://feeds.outlet.example/rss", 5000, a));
  EXPECT_EQ(a.language, "fr");
  EXPECT_NE(a.text.find("Les syndicats ont appelé"), std::string::npos) << a.text;
  EXPECT_NE(a.text.find('\n'), std::string::npos) << "paragraphs kept: " << a.text;
  auto en = item("e1", "https://www.outlet.example/en/1", "The government announces a reform", "",
                 "<p>The government announced on Tuesday a pension reform that will be presented to "
                 "parliament next week, the labour minister said.</p><p>Unions called a national strike "
                 "in protest against the plan.</p>");
  ASSERT_TRUE(crawl::item_article(f, en, "https://feeds.outlet.example/rss", 5000, a));
  EXPECT_EQ(a.language, "en");
}

TEST(CrawlItems, ATeaserHasALinkAndLittleText) {
  EXPECT_TRUE(crawl::is_teaser(item("1", "https://a/1", "T", "A short teaser..."), 100));
  EXPECT_FALSE(crawl::is_teaser(item("1", "https://a/1", "T", words(150)), 100));
  EXPECT_FALSE(crawl::is_teaser(item("1", "https://a/1", "T", "short", "<p>" + words(150) + "</p>"), 100));
  EXPECT_FALSE(crawl::is_teaser(item("1", "", "T", "short"), 100));                  // nothing to fetch
  EXPECT_FALSE(crawl::is_teaser(item("1", "ftp://a/1", "T", "short"), 100));         // only http(s)
  EXPECT_FALSE(crawl::is_teaser(item("1", "javascript:alert(1)", "T", "short"), 100));
}

TEST(CrawlItems, AnItemBecomesAnArticleWithTheFeedsIdentity) {
  feeds::Feed f;
  f.link = "https://www.outlet.example/";
  f.language = "en-GB";
  f.author = "Desk";
  auto i = item("g1", "https://www.outlet.example/a/1", "Title", words(10));
  i.published = 1000;
  Article a;
  ASSERT_TRUE(crawl::item_article(f, i, "https://feeds.outlet.example/rss", 5000, a));
  EXPECT_EQ(a.url, "https://www.outlet.example/a/1");
  EXPECT_EQ(a.source, "outlet.example");
  EXPECT_EQ(a.origin, "https://feeds.outlet.example/rss");
  EXPECT_EQ(a.item_key, "g1");
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.author, "Desk");  // the feed's author when the item names none
  EXPECT_EQ(a.published, 1000);
  EXPECT_EQ(a.fetched, 5000);
  // Only <updated>: that is its date. No date at all: undated (0), never "now".
  i.published = 0;
  i.updated = 2000;
  ASSERT_TRUE(crawl::item_article(f, i, "https://feeds.outlet.example/rss", 5000, a));
  EXPECT_EQ(a.published, 2000);
  i.updated = 0;
  ASSERT_TRUE(crawl::item_article(f, i, "https://feeds.outlet.example/rss", 5000, a));
  EXPECT_EQ(a.published, 0);
  // No link: the outlet is the feed's site; a non-http link is not kept as the URL.
  auto nolink = item("g2", "javascript:alert(1)", "Title", words(10));
  ASSERT_TRUE(crawl::item_article(f, nolink, "https://feeds.outlet.example/rss", 5000, a));
  EXPECT_EQ(a.url, "");
  EXPECT_EQ(a.source, "outlet.example");
  // Nothing to store.
  EXPECT_FALSE(crawl::item_article(f, item("g3", "", "", ""), "https://feeds.outlet.example/rss", 5000, a));
  // Over the article limit it is given (`run --max-article-bytes`): skipped, as ingest
  // refuses it; within it, stored.
  const auto big = item("g4", "https://www.outlet.example/a/4", "Title", words(200));
  EXPECT_FALSE(crawl::item_article(f, big, "https://feeds.outlet.example/rss", 5000, a, 100));
  EXPECT_TRUE(crawl::item_article(f, big, "https://feeds.outlet.example/rss", 5000, a, 1u << 20));
}

TEST(CrawlItems, ThePageFillsOnlyWhatTheFeedLacks) {
  Article a;
  a.title = "Feed title";
  a.text = "Teaser.";
  a.published = 1000;
  a.author = "Feed Author";
  extract::Extracted page;
  page.title = "Page title";
  page.text = "The whole story.\nWith a second paragraph.";
  page.published = 500;
  page.author = "Page Author";
  crawl::merge_page(a, page);
  EXPECT_EQ(a.title, "Feed title");
  EXPECT_EQ(a.text, page.text);
  EXPECT_EQ(a.published, 1000);
  EXPECT_EQ(a.author, "Feed Author");
  Article bare;
  bare.text = "Teaser with more words than the page has.";
  page.published_offset = 3600;
  crawl::merge_page(bare, page);
  EXPECT_EQ(bare.title, "Page title");
  EXPECT_EQ(bare.published, 500);
  EXPECT_EQ(bare.utc_offset, 3600);
  EXPECT_EQ(bare.author, "Page Author");
  EXPECT_EQ(bare.text, "Teaser with more words than the page has.");  // the page says less: kept
}

TEST(CrawlItems, CategoriesJoinAndSplitOnSlashes) {
  EXPECT_EQ(crawl::join_category({"News", "World"}), "News/World");
  EXPECT_EQ(crawl::join_category({" News ", "", "A/B"}), "News/A-B");
  EXPECT_EQ(crawl::split_category("News/World"), (std::vector<std::string>{"News", "World"}));
  EXPECT_EQ(crawl::split_category("/News//World/"), (std::vector<std::string>{"News", "World"}));
  EXPECT_TRUE(crawl::split_category("").empty());
}

TEST(CrawlItems, TheDefaultFeedListIsAReadableOpmlOfHttpsFeedsWithCategories) {
  const feeds::Opml o = feeds::parse_opml(crawl::default_feeds_opml());
  EXPECT_FALSE(o.malformed) << o.error;
  EXPECT_GE(o.feeds.size(), 20u);
  std::set<std::string> urls;
  for (const auto& f : o.feeds) {
    EXPECT_EQ(f.url.rfind("https://", 0), 0u) << f.url;
    EXPECT_FALSE(f.title.empty()) << f.url;
    EXPECT_EQ(f.category.size(), 1u) << f.url;
    EXPECT_TRUE(urls.insert(f.url).second) << "listed twice: " << f.url;
  }
}
