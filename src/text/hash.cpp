#include <xxhash.h>

#include "text/text.h"

namespace storyline::text {

std::uint64_t hash64(std::string_view s, std::uint64_t seed) {
  return XXH3_64bits_withSeed(s.data(), s.size(), seed);
}

}  // namespace storyline::text
