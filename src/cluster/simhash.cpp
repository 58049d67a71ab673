// SimHash (Charikar 2002) over 3-word shingles, for near-duplicate (syndicated copy)
// detection: similar texts get hashes a few bits apart.
#include <array>
#include <bit>

#include "cluster/internal.h"

namespace storyline::cluster {
namespace detail {
namespace {

// splitmix64 finalizer: spreads the combined token hashes over all 64 bits.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

constexpr std::array<std::uint64_t, 256> make_spread() {
  std::array<std::uint64_t, 256> t{};
  for (unsigned v = 0; v < 256; ++v)
    for (int i = 0; i < 8; ++i)
      if ((v >> i) & 1) t[v] |= std::uint64_t{1} << (8 * i);
  return t;
}
constexpr std::array<std::uint64_t, 256> kSpread = make_spread();

}  // namespace

std::uint64_t simhash_tokens(const std::vector<text::Token>& tokens) {
  if (tokens.empty()) return 0;
  std::vector<std::uint64_t> h;
  h.reserve(tokens.size());
  for (const auto& t : tokens) h.push_back(text::hash64(t.lower));

  // Bit b of the SimHash is set when most features have bit b set. Set bits are counted
  // eight positions at a time: kSpread[byte] holds bit i of `byte` in byte lane i, so one
  // add counts a whole byte of the feature into eight 8-bit lanes, flushed into the 32-bit
  // counters before a lane can overflow (255 features).
  std::array<std::uint32_t, 64> ones{};
  std::array<std::uint64_t, 8> lanes{};
  std::uint32_t features = 0, pending = 0;
  auto flush = [&] {
    for (int k = 0; k < 8; ++k) {
      for (int i = 0; i < 8; ++i) ones[8 * k + i] += static_cast<std::uint32_t>((lanes[k] >> (8 * i)) & 0xFF);
      lanes[k] = 0;
    }
    pending = 0;
  };
  auto count = [&](std::uint64_t f) {
    for (int k = 0; k < 8; ++k) lanes[k] += kSpread[(f >> (8 * k)) & 0xFF];
    ++features;
    if (++pending == 255) flush();
  };
  if (h.size() < 3) {
    for (auto x : h) count(mix(x));
  } else {
    // Order-sensitive combination of three word hashes (rotations keep "a b c" != "c b a").
    for (std::size_t i = 0; i + 2 < h.size(); ++i)
      count(mix(h[i] ^ std::rotl(h[i + 1], 21) ^ std::rotl(h[i + 2], 42)));
  }
  flush();
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (2 * ones[b] > features) out |= std::uint64_t{1} << b;
  return out;
}

std::string_view truncate_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  // Back off UTF-8 continuation bytes (10xxxxxx) so no character is cut.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace detail

std::uint64_t simhash(std::string_view text) {
  return detail::simhash_tokens(text::tokenize(text));
}

int hamming(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

}  // namespace storyline::cluster
