// libFuzzer target: text::split_sentences, tokenize, count_words and drop_invisible.
// Checks: spans and tokens lie inside the input, in order, without overlap; count_words
// agrees with tokenize; drop_invisible of valid UTF-8 is valid UTF-8, no longer, and a
// fixed point.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace tx = storyline::text;
  using storyline::fuzz::require;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::uint32_t last = 0;
  for (const tx::Span& s : tx::split_sentences(in)) {
    require(s.begin >= last && s.begin <= s.end && s.end <= in.size());
    last = s.end;
  }
  const auto tokens = tx::tokenize(in);
  last = 0;
  for (const tx::Token& t : tokens) {
    require(t.begin >= last && t.begin < t.end && t.end <= in.size());
    last = t.end;
  }
  require(tx::count_words(in) == tokens.size());
  if (tx::is_valid_utf8(in)) {
    const std::string out = tx::drop_invisible(in);
    require(out.size() <= in.size() && tx::is_valid_utf8(out) && tx::drop_invisible(out) == out);
  }
  return 0;
}
