// Shared checks for the libFuzzer targets in fuzz/: a broken invariant aborts, so
// libFuzzer records the input as a crash (beyond what the sanitizers catch).
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>

#include "text/text.h"

namespace storyline::fuzz {

inline void require(bool ok) {
  if (!ok) std::abort();
}
inline void require_utf8(std::string_view s) { require(text::is_valid_utf8(s)); }

}  // namespace storyline::fuzz
