// libFuzzer target: extract::parse_date (dates in meta tags, JSON-LD, bylines, URLs).
// Checks: a parsed date says the same thing with and without the offset overload, and
// the offset it reports is a real UTC offset (within +-18 h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/extract.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ex = storyline::extract;
  using storyline::fuzz::require;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  int offset = 0;
  const storyline::UnixTime t = ex::parse_date(in, offset);
  require(t == ex::parse_date(in));
  require(offset >= -18 * 3600 && offset <= 18 * 3600);
  return 0;
}
