// libFuzzer target: one JSON Lines record through ingest::parse_json_article and
// finish_article (the path of every line of a .jsonl file and of a POSTed article).
// Checks: an accepted record leaves with valid UTF-8 fields; a refused one says why.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "ingest/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace in = storyline::ingest;
  using storyline::fuzz::require;
  using storyline::fuzz::require_utf8;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  storyline::Article a;
  std::string error;
  if (!in::parse_json_article(line, a, error)) {
    require(!error.empty());
    return 0;
  }
  in::finish_article(a, in::Options{});
  for (const std::string* f : {&a.url, &a.source, &a.title, &a.text, &a.author, &a.language})
    require_utf8(*f);
  return 0;
}
