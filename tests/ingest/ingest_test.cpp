#include <gtest/gtest.h>

#include "support/gzip.h"
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ingest/ingest.h"
#include "model/model.h"

using namespace storyline;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("storyline_ingest_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& content) {
    std::ofstream(path / name, std::ios::binary) << content;
    return (path / name).string();
  }
};

std::vector<Article> read_all(const std::string& file, std::vector<ingest::Problem>& problems,
                              ingest::Options options = {}) {
  std::vector<Article> out;
  if (options.now == 0) options.now = 1000000;
  ingest::read_file(file, options, [&](Article&& a) { out.push_back(std::move(a)); }, problems);
  return out;
}

}  // namespace

TEST(DetectFormat, ByExtensionThenContent) {
  EXPECT_EQ(ingest::detect_format("a.jsonl"), ingest::Format::kJsonLines);
  EXPECT_EQ(ingest::detect_format("a.HTML"), ingest::Format::kHtml);
  EXPECT_EQ(ingest::detect_format("a.html.gz"), ingest::Format::kHtml);
  EXPECT_EQ(ingest::detect_format("a.txt"), ingest::Format::kText);
  EXPECT_EQ(ingest::detect_format("noext", "  <!DOCTYPE html><html>"), ingest::Format::kHtml);
  EXPECT_EQ(ingest::detect_format("noext", "{\"url\":1}"), ingest::Format::kJsonLines);
  EXPECT_EQ(ingest::detect_format("noext", std::string_view("\x00\x01", 2)), ingest::Format::kUnknown);
  EXPECT_EQ(ingest::detect_format("noext", "Plain words."), ingest::Format::kText);
}

TEST(JsonArticle, ReadsFieldsAndDates) {
  Article a;
  std::string err;
  ASSERT_TRUE(ingest::parse_json_article(
      R"({"url":"https://www.bbc.co.uk/news/1","title":"T","text":"Body text.","published":"2025-02-11T10:00:00Z","author":"Nick"})",
      a, err))
      << err;
  EXPECT_EQ(a.url, "https://www.bbc.co.uk/news/1");
  EXPECT_EQ(a.published, days_from_civil(2025, 2, 11) * 86400 + 36000);
  EXPECT_EQ(a.author, "Nick");
  EXPECT_EQ(a.utc_offset, 0);
  // A date with its own offset keeps it: the instant, and the source's local day.
  ASSERT_TRUE(ingest::parse_json_article(R"({"text":"x y z.","published":"2025-02-11T23:30:00-05:00"})", a, err));
  EXPECT_EQ(a.published, days_from_civil(2025, 2, 12) * 86400 + 4 * 3600 + 1800);
  EXPECT_EQ(a.utc_offset, -5 * 3600);
  EXPECT_EQ(format_date(local_published(a)), "2025-02-11");
  Article b;
  ASSERT_TRUE(ingest::parse_json_article(R"({"text":"x y z.","published":1739232000})", b, err));
  EXPECT_EQ(b.published, 1739232000);
  EXPECT_EQ(b.utc_offset, 0);
}

// A numeric date is epoch seconds, or milliseconds (JavaScript's Date), whichever puts it
// between 1990 and 2100 (the two never overlap); 0 is no date, as null is; anything else
// is refused with the reason, never stored as a time no source gave.
TEST(JsonArticle, NumericDatesAreSecondsOrMillisecondsWithinThePlausibleRange) {
  struct Case {
    const char* published;
    bool ok;
    UnixTime want;
  };
  const Case cases[] = {
      {"1739232000", true, 1739232000},
      {"1739232000.75", true, 1739232000},
      {"1739232000123", true, 1739232000},
      {"631152000", true, 631152000},          // 1990-01-01, the first plausible second
      {"4102444799", true, 4102444799},        // the last one
      {"0", true, 0},                          // no date
      {"4102444800", false, 0},                // 2100-01-01
      {"631151999", false, 0},                 // 1989
      {"-1", false, 0},
      {"-9223372036854775808", false, 0},
      {"18446744073709551615", false, 0},      // would wrap to -1 as a signed integer
      {"1e300", false, 0},
      {"99999999999999999999999", false, 0},
  };
  for (const Case& c : cases) {
    Article a;
    std::string err;
    const std::string line = std::string(R"({"text":"x y z.","published":)") + c.published + "}";
    EXPECT_EQ(ingest::parse_json_article(line, a, err), c.ok) << c.published << ": " << err;
    if (c.ok) EXPECT_EQ(a.published, c.want) << c.published;
    else EXPECT_NE(err.find("between 1990 and 2100"), std::string::npos) << c.published << ": " << err;
  }
  // The message names the field that was read.
  Article a;
  std::string err;
  EXPECT_FALSE(ingest::parse_json_article(R"({"text":"x y z.","date":5})", a, err));
  EXPECT_EQ(err, "\"date\" 5 is not a time between 1990 and 2100 in epoch seconds or milliseconds");
}

TEST(JsonArticle, RejectsWithReasons) {
  Article a;
  std::string err;
  EXPECT_FALSE(ingest::parse_json_article("{oops", a, err));
  EXPECT_NE(err.find("JSON"), std::string::npos);
  EXPECT_FALSE(ingest::parse_json_article("[1]", a, err));
  EXPECT_FALSE(ingest::parse_json_article(R"({"url":"u"})", a, err));
  EXPECT_NE(err.find("neither text nor title"), std::string::npos);
  EXPECT_FALSE(ingest::parse_json_article(R"({"text":"t.","published":"someday"})", a, err));
  EXPECT_NE(err.find("someday"), std::string::npos);
}

TEST(FinishArticle, DetectsTheLanguageOnlyWhenNoneIsGiven) {
  Article a;
  a.title = "Le conseil approuve le budget";
  a.text = "Le conseil municipal a approuvé mardi le budget, qui augmente les dépenses pour les "
           "écoles, les routes et les parcs, après un débat de plus de six heures.";
  ingest::Options o;
  o.now = 5000;
  Article declared = a;
  declared.language = "fr-CA";
  ingest::finish_article(a, o);
  EXPECT_EQ(a.language, "fr");
  ingest::finish_article(declared, o);
  EXPECT_EQ(declared.language, "fr-CA");
}

TEST(FinishArticle, FillsDefaultsAndRepairsText) {
  Article a;
  a.url = " https://www.Example.COM:8080/path?q=1 ";
  a.text = "  caf\xe9 body \n";
  a.title = "  Two   spaces ";
  ingest::Options o;
  o.now = 5000;
  o.default_published = 4000;
  ingest::finish_article(a, o);
  EXPECT_EQ(a.source, "example.com");
  EXPECT_EQ(a.url, "https://www.Example.COM:8080/path?q=1");
  EXPECT_EQ(a.text, "caf\xEF\xBF\xBD body");
  EXPECT_EQ(a.title, "Two spaces");
  EXPECT_EQ(a.published, 4000);
  EXPECT_EQ(a.fetched, 5000);
  Article b;
  b.text = "x";
  ingest::finish_article(b, ingest::Options{0, 7000});
  EXPECT_EQ(b.published, 0) << "no date and no --published: undated";
  EXPECT_EQ(b.fetched, 7000) << "it ranks by its arrival";
  // Invisible characters inside words go (a zero width space, a soft hyphen), so the
  // stored words are the words a reader sees and searches for.
  Article c;
  c.title = "A\xE2\x80\x8Brwa Damon sued";
  c.text = "The co\xC2\xADoperation of A\xE2\x80\x8Brwa Damon.";
  ingest::finish_article(c, o);
  EXPECT_EQ(c.title, "Arwa Damon sued");
  EXPECT_EQ(c.text, "The cooperation of Arwa Damon.");
}

TEST(ReadFile, JsonLinesReportsBadLinesAndKeepsGoodOnes) {
  TempDir t;
  const auto f = t.write("a.jsonl",
                         "{\"url\":\"https://a/1\",\"text\":\"One.\"}\n\n"
                         "not json\n"
                         "{\"url\":\"https://a/2\",\"text\":\"Two.\",\"source\":\"Wire\"}\n");
  std::vector<ingest::Problem> problems;
  auto v = read_all(f, problems);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].origin, f + ":1");
  EXPECT_EQ(v[1].origin, f + ":4");
  EXPECT_EQ(v[1].source, "Wire");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, f + ":3");
}

TEST(ReadFile, JsonArrayFile) {
  TempDir t;
  const auto f = t.write("a.json", R"([{"text":"One."},{"bad":1},{"text":"Three."}])");
  std::vector<ingest::Problem> problems;
  auto v = read_all(f, problems);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].text, "Three.");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, f + "[1]");
}

TEST(ReadFile, PlainTextUsesPublishedDefaultAndFileAsSource) {
  TempDir t;
  const auto f = t.write("story.txt", "The council met on Monday and approved the budget.\n"
                                      "Residents welcomed the decision.\n");
  std::vector<ingest::Problem> problems;
  ingest::Options o;
  o.default_published = 123456;
  auto v = read_all(f, problems, o);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(v[0].published, 123456);
  EXPECT_EQ(v[0].source, "story.txt");
  EXPECT_NE(v[0].text.find("Residents welcomed"), std::string::npos);
  EXPECT_TRUE(v[0].title.empty()) << "a sentence is not a title";
}

TEST(ReadFile, GzippedHtmlAndBrokenFiles) {
  TempDir t;
  const std::string html =
      "<html lang=\"en\"><head><title>Budget passes</title></head><body><article>"
      "<p>The town council approved the new budget after a long debate on Monday evening, "
      "officials said.</p><p>Residents had asked for more money for schools and roads in the "
      "coming year.</p></article></body></html>";
  const std::string gz = storyline::testing::gzip(html);
  const auto f = t.write("page.html.gz", gz);
  std::vector<ingest::Problem> problems;
  auto v = read_all(f, problems);
  ASSERT_EQ(v.size(), 1u) << (problems.empty() ? "" : problems[0].message);
  EXPECT_NE(v[0].text.find("approved the new budget"), std::string::npos);
  EXPECT_EQ(v[0].language, "en");

  // The page's own UTC offset comes along with its date.
  const auto dated = t.write("dated.html",
      "<html><head><meta property=\"article:published_time\" content=\"2025-02-11T23:30:00-05:00\">"
      "</head><body><article><p>The town council approved the new budget after a long debate on "
      "Monday evening, officials said.</p></article></body></html>");
  auto d = read_all(dated, problems);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].utc_offset, -5 * 3600);
  EXPECT_EQ(format_date(local_published(d[0])), "2025-02-11");

  problems.clear();
  // A truncated gzip stream is an error, not half an article.
  EXPECT_TRUE(read_all(t.write("trunc.html.gz", gz.substr(0, gz.size() / 2)), problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].origin.find("trunc.html.gz"), std::string::npos);
  problems.clear();
  EXPECT_TRUE(read_all(t.write("bin.txt", std::string("ab\0cd", 5)), problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("binary"), std::string::npos);
  problems.clear();
  EXPECT_TRUE(read_all((t.path / "missing.txt").string(), problems).empty());
  ASSERT_EQ(problems.size(), 1u);
}

// An article over max_article_bytes is a problem at its own line; the others still come out.
TEST(ReadFile, ArticlesOverTheSizeLimitAreProblemsNamingIt) {
  TempDir d;
  const std::string big(300, 'x');
  const auto f = d.write("a.jsonl",
                         "{\"url\":\"https://a/1\",\"title\":\"Short\",\"text\":\"A short article.\"}\n"
                         "{\"url\":\"https://a/2\",\"title\":\"Long\",\"text\":\"" + big + "\"}\n");
  std::vector<ingest::Problem> problems;
  ingest::Options o;
  o.max_article_bytes = 100;
  const auto v = read_all(f, problems, o);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].url, "https://a/1");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, f + ":2");
  EXPECT_EQ(problems[0].message, "article of 304 bytes is over max_article_bytes (100)");
}

// A page over max_page_bytes is refused with the limit's name, not read as an empty page.
TEST(ReadFile, PagesOverTheSizeLimitAreProblemsNamingIt) {
  TempDir d;
  const auto f = d.write("p.html", "<html><body><p>" + std::string(5000, 'w') + "</p></body></html>");
  std::vector<ingest::Problem> problems;
  ingest::Options o;
  o.html.max_page_bytes = 1000;
  EXPECT_TRUE(read_all(f, problems, o).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "page of 5033 bytes is over max_page_bytes (1000)");
}
