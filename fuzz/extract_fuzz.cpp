// libFuzzer target for the extract stage: every input goes through extract_html,
// clean_text, extract_text, parse_date and gunzip (and a successful gunzip's output
// through extract_html again). Built only with -DSTORYLINE_FUZZ=ON and clang; run by
// scripts/fuzz. Checks, beyond the sanitizers: outputs are valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/extract.h"
#include "text/text.h"

namespace {

void check_utf8(const std::string& s) {
  if (!storyline::text::is_valid_utf8(s)) std::abort();
}

void check(const storyline::extract::Extracted& e) {
  check_utf8(e.title);
  check_utf8(e.text);
  check_utf8(e.author);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ex = storyline::extract;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  check(ex::extract_html(in, "https://example.com/2025/02/11/story"));
  const std::string cleaned = ex::clean_text(in);
  (void)cleaned;
  const ex::Extracted plain = ex::extract_text(in);
  (void)plain;
  (void)ex::parse_date(in);
  std::string out, error;
  if (ex::gunzip(in, out, error, 1u << 20)) check(ex::extract_html(out));
  return 0;
}
