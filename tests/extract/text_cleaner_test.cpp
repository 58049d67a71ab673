// Tests for clean_text() and extract_text().
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/extract.h"

namespace storyline::extract {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string line;
  while (std::getline(ss, line)) out.push_back(line);
  return out;
}

bool has_line_starting(const std::string& text, const std::string& prefix) {
  for (const auto& l : lines_of(text))
    if (l.rfind(prefix, 0) == 0) return true;
  return false;
}

const std::string kSeed = std::string(STORYLINE_SOURCE_DIR) + "/examples/000_98f67c0556799550.txt";
const std::string kStory = std::string(STORYLINE_SOURCE_DIR) + "/examples/002_6ece68ec4d9d546f.txt";

TEST(CleanText, SeedKeepsArticleAndDropsTeasers) {
  const std::string raw = read_file(kSeed);
  ASSERT_FALSE(raw.empty()) << kSeed;
  const std::string clean = clean_text(raw);
  const auto out = lines_of(clean);
  ASSERT_EQ(out.size(), 14u) << clean;
  // Every real line survives, in order.
  const auto in = lines_of(raw);
  for (std::size_t i = 1; i < 14; ++i) EXPECT_EQ(out[i], in[i]);
  EXPECT_EQ(out.back().substr(out.back().size() - 10), "the fight.");
  // The teasers are gone.
  EXPECT_FALSE(has_line_starting(clean, "In her two decades"));
  EXPECT_FALSE(has_line_starting(clean, "Nick Beake"));
  EXPECT_FALSE(has_line_starting(clean, "Last week"));
  EXPECT_FALSE(has_line_starting(clean, "President Donald Trump creates"));
  // The live-blog cross reference is removed inline, the sentence kept.
  EXPECT_EQ(clean.find("(see 8.17 post)"), std::string::npos);
  EXPECT_EQ(out[0].rfind("Against the backdrop of Donald Trump\xE2\x80\x99s latest comments on Ukraine and its future, US defence", 0), 0u) << out[0];
}

TEST(CleanText, DropsBoilerplateLines) {
  const std::string raw =
      "The council approved the budget on Tuesday after a long debate.\n"
      "Advertisement\n"
      "Members said the plan would raise spending on schools and roads.\n"
      "Read more\n"
      "Share this article\n"
      "We use cookies to improve your experience. By continuing you accept our use of cookies.\n"
      "Sign up for our newsletter\n"
      "The mayor called the vote a turning point for the city.\n";
  const auto out = lines_of(clean_text(raw));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], "The council approved the budget on Tuesday after a long debate.");
  EXPECT_EQ(out[1], "Members said the plan would raise spending on schools and roads.");
  EXPECT_EQ(out[2], "The mayor called the vote a turning point for the city.");
}

TEST(CleanText, KeepsRealEndingsQuotesAndQuestions) {
  const std::string quote =
      "The storm hit the coast overnight, cutting power to thousands of homes.\n"
      "Officials said repairs could take days.\n"
      "\xE2\x80\x9CWe are doing everything we can,\xE2\x80\x9D the utility\xE2\x80\x99s chief said.\n"
      "\xE2\x80\x9CPlease stay indoors until the winds have passed.\xE2\x80\x9D";
  EXPECT_EQ(lines_of(clean_text(quote)).size(), 4u);
  const std::string question =
      "Voters head to the polls on Sunday in a closely watched election.\n"
      "Polls show the two main parties neck and neck.\n"
      "Will the turnout be higher than last time?";
  EXPECT_EQ(lines_of(clean_text(question)).size(), 3u);
  // A long, on-topic final paragraph without a final period is still the article.
  const std::string unterminated =
      "The central bank raised interest rates by a quarter point on Wednesday.\n"
      "The bank said inflation remained too high and that further interest rate rises were possible, "
      "while officials at the central bank noted that inflation had eased in recent months";
  EXPECT_EQ(lines_of(clean_text(unterminated)).size(), 2u);
}

TEST(CleanText, DropsSyntheticTeaserRun) {
  const std::string raw =
      "Scientists have found water ice in a crater near the moon's south pole.\n"
      "The discovery could help future missions make fuel on the moon.\n"
      "Jane SmithScience editorBBCFor years, the town has\n"
      "Ten recipes for a perfect summer barbecue that every fami\n";
  const auto out = lines_of(clean_text(raw));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], "The discovery could help future missions make fuel on the moon.");
}

TEST(CleanText, NeverDropsSingleLineAndHandlesEmpty) {
  EXPECT_EQ(clean_text(""), "");
  EXPECT_EQ(clean_text("Breaking news from the capital"), "Breaking news from the capital");
  // Invalid UTF-8 is repaired, not a crash.
  const std::string bad = "Valid text \xFF\xFE here.";
  EXPECT_NE(clean_text(bad).find("here."), std::string::npos);
}

TEST(ExtractText, StoryFormat) {
  const std::string raw = read_file(kStory);
  ASSERT_FALSE(raw.empty()) << kStory;
  const Extracted e = extract_text(raw);
  EXPECT_EQ(format_date(e.published), "2025-02-11");
  EXPECT_EQ(e.published % 86400, 0);
  EXPECT_EQ(e.title.rfind("U.S. Defense Secretary Pete Hegseth's first visit", 0), 0u);
  EXPECT_EQ(e.title.back(), '.');
  const auto body = lines_of(e.text);
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(body[0].rfind("U.S. Defense Secretary Pete Hegseth will travel", 0), 0u);
  EXPECT_NE(body[1].find("vision for transatlantic security"), std::string::npos);
}

TEST(ExtractText, TitleOnlyWhenFirstLineLooksLikeOne) {
  const Extracted t = extract_text(
      "Storm cuts power to thousands\n\nThe storm hit the coast overnight, cutting power to "
      "thousands of homes across the region.\n");
  EXPECT_EQ(t.title, "Storm cuts power to thousands");
  EXPECT_EQ(t.text,
            "The storm hit the coast overnight, cutting power to thousands of homes across the region.");
  // A first line that is a sentence is body text.
  const Extracted s = extract_text(
      "The storm hit the coast overnight.\nOfficials said repairs could take several days to finish.\n");
  EXPECT_EQ(s.title, "");
  EXPECT_EQ(lines_of(s.text).size(), 2u);
  // The seed's first line is a long paragraph, not a title.
  EXPECT_EQ(extract_text(read_file(kSeed)).title, "");
  // No body after it: not a title.
  EXPECT_EQ(extract_text("Just a short line").title, "");
  EXPECT_EQ(extract_text("Just a short line").text, "Just a short line");
}

}  // namespace
}  // namespace storyline::extract
