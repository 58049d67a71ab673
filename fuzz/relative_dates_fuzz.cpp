// libFuzzer target: synth::resolve_relative_dates ("on Tuesday", "yesterday" rewritten
// with the publication time). The first 8 bytes pick the publication time (any 64-bit
// value, hostile ones included), the rest is the sentence. Checks: valid UTF-8 in,
// valid UTF-8 out.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "synth/synth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8) return 0;
  std::int64_t published = 0;
  std::memcpy(&published, data, 8);
  const std::string_view sentence(reinterpret_cast<const char*>(data) + 8, size - 8);
  const std::string out = storyline::synth::resolve_relative_dates(sentence, published);
  if (storyline::text::is_valid_utf8(sentence)) storyline::fuzz::require_utf8(out);
  return 0;
}
