#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unicode/uchar.h>

#include <stdexcept>
#include <string>

#include "text/text.h"

using namespace storyline::text;

TEST(Tokenize, WordsNumbersAndOffsets) {
  std::string s = "Hegseth\u2019s trip: $126 billion, 3.5% and don't-stop";
  auto t = tokenize(s);
  ASSERT_EQ(t.size(), 8u);
  EXPECT_EQ(t[0].lower, "hegseth");  // possessive dropped, typographic apostrophe handled
  EXPECT_TRUE(t[0].capitalized);
  EXPECT_EQ(s.substr(t[0].begin, t[0].end - t[0].begin), "Hegseth\u2019s");
  EXPECT_EQ(t[1].lower, "trip");
  EXPECT_FALSE(t[1].capitalized);
  EXPECT_EQ(t[2].lower, "126");
  EXPECT_TRUE(t[2].numeric);
  EXPECT_EQ(t[4].lower, "3.5");
  EXPECT_EQ(t[6].lower, "don't");
  EXPECT_EQ(t[7].lower, "stop");
}

TEST(Tokenize, NonLatinScriptsAndCase) {
  auto t = tokenize("\u00c9COLE Stra\u00dfe \u041c\u043e\u0441\u043a\u0432\u0430");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].lower, "\u00e9cole");
  EXPECT_EQ(t[2].lower, "\u043c\u043e\u0441\u043a\u0432\u0430");
}

TEST(Tokenize, CountWordsMatchesTokenize) {
  std::string s = "One, two; three... 4.5 don't stop-now";
  EXPECT_EQ(count_words(s), tokenize(s).size());
  EXPECT_EQ(count_words(s), 7u);
}

// Every ASCII character is read as ICU's character properties say (the tokenizer answers
// ASCII inline, without ICU): a word character alone or beside a letter, its case and its
// lower-case form, a digit making a number.
TEST(Tokenize, AsciiCharactersAsIcuReadsThem) {
  for (UChar32 c = 1; c < 0x80; ++c) {
    const bool word = u_isalnum(c) || u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_charType(c) == U_NON_SPACING_MARK;
    const std::string alone(1, static_cast<char>(c));
    const auto t = tokenize(alone);
    ASSERT_EQ(t.size(), word ? 1u : 0u) << "character " << c;
    EXPECT_EQ(count_words(alone), t.size()) << "character " << c;
    if (!word) {
      // (An apostrophe inside a word is part of it: "don't".)
      EXPECT_EQ(tokenize("ab" + alone + "cd").size(), c == '\'' ? 1u : 2u) << "character " << c;
      continue;
    }
    EXPECT_EQ(t[0].lower, std::string(1, static_cast<char>(u_tolower(c)))) << "character " << c;
    EXPECT_EQ(t[0].capitalized, static_cast<bool>(u_isupper(c))) << "character " << c;
    EXPECT_EQ(t[0].numeric, static_cast<bool>(u_isdigit(c))) << "character " << c;
    const auto joined = tokenize("ab" + alone + "cd");
    ASSERT_EQ(joined.size(), 1u) << "character " << c;
    EXPECT_EQ(joined[0].lower, "ab" + t[0].lower + "cd");
  }
}

TEST(Stopwords, KnownAndUnknown) {
  EXPECT_TRUE(is_stopword("the"));
  EXPECT_TRUE(is_stopword("said"));
  EXPECT_FALSE(is_stopword("nato"));
  EXPECT_FALSE(is_stopword(""));
}

// Text past kMaxTextBytes is refused with an error naming the limit, never tokenized with
// wrapped offsets. (The 2 GiB view is reserved address space, never touched.)
TEST(Tokenize, TextPastTheOffsetLimitIsRefused) {
  const std::size_t n = kMaxTextBytes + 1;
  void* p = mmap(nullptr, n, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  const std::string_view huge(static_cast<const char*>(p), n);
  for (int which = 0; which < 2; ++which) {
    try {
      if (which == 0)
        tokenize(huge);
      else
        split_sentences(huge);
      ADD_FAILURE() << "expected std::length_error";
    } catch (const std::length_error& e) {
      EXPECT_NE(std::string(e.what()).find("2147483648 bytes is over the 2147483647-byte limit"), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find(which == 0 ? "tokenize" : "split_sentences"), std::string::npos);
    }
  }
  munmap(p, n);
}
