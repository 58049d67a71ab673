#include <gtest/gtest.h>

#include "text/text.h"

using namespace storyline::text;

TEST(Stemmer, EnglishAndPorter) {
  Stemmer en;
  EXPECT_EQ(en.stem("running"), "run");
  EXPECT_EQ(en.stem("allies"), "alli");
  Stemmer porter("porter");
  EXPECT_EQ(porter.stem("generalization"), "gener");
  EXPECT_THROW(Stemmer("klingon"), std::invalid_argument);
}

TEST(Stemmer, ContentTermsDropStopwordsAndStem) {
  Stemmer en;
  auto terms = content_terms("The allies were meeting in Brussels", en);
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[0], "alli");
  EXPECT_EQ(terms[1], "meet");
  EXPECT_EQ(terms[2], "brussel");
}
