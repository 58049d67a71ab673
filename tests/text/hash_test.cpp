#include <gtest/gtest.h>

#include "text/text.h"

using namespace storyline::text;

TEST(Hash, StableAndSeeded) {
  EXPECT_EQ(hash64("abc"), hash64("abc"));
  EXPECT_NE(hash64("abc"), hash64("abd"));
  EXPECT_NE(hash64("abc", 1), hash64("abc", 2));
}
