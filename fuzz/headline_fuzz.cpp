// libFuzzer target: the headline and standfirst transforms of story writing
// (synth::headline_from_sentence, clean_title, shorten_to_clause), which cut and shorten
// source text. Checks, for valid UTF-8 input: each result is valid UTF-8 and within its
// word limit, and a headline has no more words than the sentence it came from.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "synth/synth.h"
#include "text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace sy = storyline::synth;
  namespace tx = storyline::text;
  using storyline::fuzz::require;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (!tx::is_valid_utf8(in)) return 0;  // text is made valid where it enters
  const std::string h = sy::headline_from_sentence(in);
  require(tx::is_valid_utf8(h) && tx::count_words(h) <= sy::kHeadlineMaxWords);
  require(tx::count_words(h) <= tx::count_words(in));
  const std::string t = sy::clean_title(in, "example.com");
  require(tx::is_valid_utf8(t) && tx::count_words(t) <= sy::kHeadlineMaxWords);
  for (std::size_t words : {std::size_t{1}, std::size_t{5}, sy::kStandfirstMaxWords}) {
    const std::string s = sy::shorten_to_clause(in, words);
    require(tx::is_valid_utf8(s) && tx::count_words(s) <= words);
  }
  return 0;
}
