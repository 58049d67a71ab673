#include <gtest/gtest.h>

#include "text/text.h"

using namespace storyline::text;

TEST(Hash, StableAndSeeded) {
  EXPECT_EQ(hash64("abc"), hash64("abc"));
  EXPECT_NE(hash64("abc"), hash64("abd"));
  EXPECT_NE(hash64("abc", 1), hash64("abc", 2));
}

// Known answers: hash64 is the store's dedupe key (articles.content_hash), so a change of
// algorithm, seed handling or library would silently split every existing store. These
// values were computed once (XXH3-64, libxxhash 0.8.1, 2026-12-02) and are written here
// as literals; "" with seed 0 is XXH3's published empty-input value.
TEST(Hash, KnownAnswers) {
  EXPECT_EQ(hash64(""), 0x2d06800538d394c2ULL);
  EXPECT_EQ(hash64("abc"), 0x78af5f94892f3950ULL);
  EXPECT_EQ(hash64("The council voted on Tuesday."), 0x379a5f161057b3f2ULL);
  EXPECT_EQ(hash64("Caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"), 0x1f7c1efa7e3ff07cULL);
  EXPECT_EQ(hash64("abc", 1), 0x6b4467b443c76228ULL);
  EXPECT_EQ(hash64("abc", 0x9e3779b97f4a7c15ULL), 0xfc1ae99bb3de2336ULL);
}
