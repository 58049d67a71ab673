// libFuzzer target: store::decode_story_data and decode_rank_data, which read the JSON
// kept in the store's stories.data and stories.rank columns (a corrupt or hostile store
// file). Each input goes through both. Checks: malformed data is a StoreError (a
// std::runtime_error), never another exception or a crash; data that decodes re-encodes
// to a fixed point (encode(decode(encode(decode(x))))).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "fuzz/fuzz_check.h"
#include "store/story_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using storyline::fuzz::require;
  const std::string in(reinterpret_cast<const char*>(data), size);
  {
    storyline::Story r;
    bool ok = true;
    try {
      storyline::store::decode_rank_data(in, r);
    } catch (const std::runtime_error&) {
      ok = false;
    }
    if (ok) {
      const std::string once = storyline::store::encode_rank_data(r);
      storyline::Story again;
      storyline::store::decode_rank_data(once, again);
      require(storyline::store::encode_rank_data(again) == once);
    }
  }
  storyline::Story s;
  try {
    storyline::store::decode_story_data(in, s);
  } catch (const std::runtime_error&) {
    return 0;  // StoreCorrupt: refused with a message
  }
  const std::string once = storyline::store::encode_story_data(s);
  storyline::Story again;
  storyline::store::decode_story_data(once, again);  // what we wrote must read back
  require(storyline::store::encode_story_data(again) == once);
  return 0;
}
