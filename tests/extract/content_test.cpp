// Tests for main-content selection (content.cpp), through extract_html().
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "extract/extract.h"

namespace storyline::extract {
namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string line;
  while (std::getline(ss, line)) out.push_back(line);
  return out;
}

const char* kPara1 =
    "Scientists said on Monday that they had found water ice in a crater near the moon's south "
    "pole, a discovery that could shape future missions.";
const char* kPara2 =
    "The team, which used data from two orbiters, said the ice appeared to be mixed with the "
    "soil, and that it could one day be mined for drinking water and fuel.";
const char* kPara3 =
    "Other researchers cautioned that the amounts were small, and that more measurements, "
    "including from landers, would be needed before any plans were made.";

std::string news_page() {
  return std::string(
             "<html><head><title>Water ice found on the moon | Science Daily</title></head><body>"
             "<header><nav><ul><li><a href=/>Home</a></li><li><a href=/world>World</a></li>"
             "<li><a href=/science>Science</a></li></ul></nav></header>"
             "<div class=\"cookie-banner\">We use cookies to improve your experience. Accept all cookies.</div>"
             "<main><article><h1>Water ice found on the moon</h1>"
             "<div class=\"share-tools\"><a href=#>Share on Facebook</a> <a href=#>Share on X</a></div>"
             "<div class=\"article-body\"><p>") +
         kPara1 + "</p><p>" + kPara2 + "</p><h2>What comes next</h2><ul><li>" +
         "A lander mission is planned for 2027, pending funding.</li><li>" +
         "An orbiter will map the crater in more detail next year.</li></ul><p>" + kPara3 +
         "</p></div>"
         "<div class=\"related-stories\"><h3>Related</h3><ul><li><a href=/a>Mars rover finds "
         "clay in an old lake bed</a></li><li><a href=/b>Comet flyby set for next spring</a></li></ul></div>"
         "<section class=\"comments\"><p>Great article, thanks for sharing this with us all, really.</p>"
         "<p>I disagree with the conclusions, the data is clearly not enough, in my view.</p></section>"
         "</article></main>"
         "<aside><p>Sign up for our newsletter, the best science stories, delivered to your inbox, "
         "every single week.</p></aside>"
         "<footer><p>Copyright 2025 Science Daily. All rights reserved, everywhere, forever.</p></footer>"
         "</body></html>";
}

TEST(MainContent, KeepsArticleDropsBoilerplate) {
  const Extracted e = extract_html(news_page());
  EXPECT_EQ(e.title, "Water ice found on the moon");
  const auto lines = lines_of(e.text);
  const std::vector<std::string> expected{kPara1,
                                          kPara2,
                                          "What comes next",
                                          "A lander mission is planned for 2027, pending funding.",
                                          "An orbiter will map the crater in more detail next year.",
                                          kPara3};
  EXPECT_EQ(lines, expected) << e.text;
  for (const char* junk : {"Home", "cookies", "Share on", "Mars rover", "Great article", "newsletter",
                           "Copyright"})
    EXPECT_EQ(e.text.find(junk), std::string::npos) << junk;
}

TEST(MainContent, PicksTheArticleOverALongLinkList) {
  std::string links;
  for (int i = 0; i < 40; ++i)
    links += "<li><a href=/s" + std::to_string(i) + ">Another story headline number " + std::to_string(i) +
             ", with a comma</a></li>";
  const std::string html = "<html><body><div id=\"menu-list\"><ul>" + links +
                           "</ul></div><div class=\"story\"><p>" + kPara1 + "</p><p>" + kPara2 +
                           "</p><p>" + kPara3 + "</p></div><ul class=list>" + links + "</ul></body></html>";
  const Extracted e = extract_html(html);
  EXPECT_EQ(lines_of(e.text), (std::vector<std::string>{kPara1, kPara2, kPara3})) << e.text;
}

TEST(MainContent, TextDirectlyInDivWithBreaks) {
  const std::string html = std::string("<html><body><div class=\"nav\"><a href=/>Home</a></div><div>") +
                           kPara1 + "<br><br>" + kPara2 + "<br>" + kPara3 + "</div></body></html>";
  const Extracted e = extract_html(html);
  EXPECT_EQ(lines_of(e.text), (std::vector<std::string>{kPara1, kPara2, kPara3})) << e.text;
}

TEST(MainContent, ArticleSplitAcrossSections) {
  // Page builders put each paragraph several wrappers deep in its own section.
  std::string html = "<html><body><div class=page>";
  for (const char* p : {kPara1, kPara2, kPara3})
    html += std::string("<section><div class=c><div class=w><div class=e><div class=x><p>") + p +
            "</p></div></div></div></div></section>";
  html += "</div></body></html>";
  const Extracted e = extract_html(html);
  EXPECT_EQ(lines_of(e.text), (std::vector<std::string>{kPara1, kPara2, kPara3})) << e.text;
}

TEST(MainContent, HiddenAndScriptTextIgnored) {
  const std::string html = std::string("<html><body><article><p>") + kPara1 +
                           "</p><script>var secret = 'do not show';</script>"
                           "<div style=\"display: none\">Hidden promo text, never shown, to anyone.</div>"
                           "<p>" + kPara2 + "</p></article></body></html>";
  const Extracted e = extract_html(html);
  EXPECT_EQ(lines_of(e.text), (std::vector<std::string>{kPara1, kPara2}));
}

TEST(MainContent, ArticleRepeatedForAnotherScreenSizeComesOnce) {
  // The same block twice (desktop and mobile copies): the second copy goes.
  std::string html = "<html><body><article>";
  for (int copy = 0; copy < 2; ++copy)
    html += std::string("<div class=\"copy\"><p>") + kPara1 + "</p><h3>Next</h3><p>" + kPara2 + "</p><p>" + kPara3 +
            "</p></div>";
  html += "</article></body></html>";
  const Extracted e = extract_html(html);
  EXPECT_EQ(lines_of(e.text), (std::vector<std::string>{kPara1, "Next", kPara2, kPara3})) << e.text;
}

TEST(MainContent, ASingleRepeatedParagraphStays) {
  // A refrain or a row of a plan said twice is content: only whole repeated blocks go.
  const std::string row = "Warm up for ten to twenty minutes with easy jogging, then run five short strides.";
  const std::string html = std::string("<html><body><article><p>") + kPara1 + "</p><p>" + row + "</p><p>" +
                           kPara2 + "</p><p>" + row + "</p><p>" + kPara3 + "</p></article></body></html>";
  const Extracted e = extract_html(html);
  EXPECT_EQ(lines_of(e.text), (std::vector<std::string>{kPara1, row, kPara2, row, kPara3})) << e.text;
}

TEST(MainContent, LoremIpsumFillerDropped) {
  const std::string html = std::string("<html><body><article><p>") + kPara1 + "</p><p>" + kPara2 +
                           "</p><div class=\"tpl\"><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
                           "eiusmod tempor incididunt ut labore et dolore magna aliqua.</p><p>Lorem Ipsum</p></div><p>" +
                           kPara3 + "</p></article></body></html>";
  const Extracted e = extract_html(html);
  EXPECT_EQ(lines_of(e.text), (std::vector<std::string>{kPara1, kPara2, kPara3})) << e.text;
}

}  // namespace
}  // namespace storyline::extract
