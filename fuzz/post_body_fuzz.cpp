// libFuzzer target: a POST body of articles through serve::parse_article_post (one JSON
// object, a JSON array or JSON Lines), then ingest::finish_article and check_limits, as
// `storyline run` does before storing. The first byte picks the Content-Type.
// Checks: the body as a whole is read or refused with a reason; every item is either
// accepted or rejected, once, by its index; rejections say why; accepted articles leave
// with valid UTF-8 fields.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "ingest/ingest.h"
#include "serve/serve.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using storyline::fuzz::require;
  using storyline::fuzz::require_utf8;
  if (size == 0) return 0;
  static constexpr std::string_view kTypes[] = {"application/json", "application/x-ndjson",
                                                "application/json; charset=utf-8", "text/plain", ""};
  const std::string_view type = kTypes[data[0] % std::size(kTypes)];
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<storyline::Article> articles;
  std::vector<std::size_t> indexes;
  std::vector<storyline::serve::Rejected> rejected;
  std::string error;
  if (!storyline::serve::parse_article_post(body, type, articles, indexes, rejected, error)) {
    require(!error.empty());
    return 0;
  }
  require(articles.size() == indexes.size());
  std::set<std::size_t> seen;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    require(i == 0 || indexes[i] > indexes[i - 1]);  // in body order
    require(seen.insert(indexes[i]).second);
  }
  for (const auto& r : rejected) {
    require(!r.error.empty());
    require(seen.insert(r.index).second);  // never both accepted and rejected
  }
  storyline::ingest::Options options;
  options.now = 1739232000;
  for (auto& a : articles) {
    storyline::ingest::finish_article(a, options);
    (void)storyline::ingest::check_limits(a, options);
    for (const std::string* f : {&a.url, &a.source, &a.title, &a.text, &a.author, &a.language})
      require_utf8(*f);
  }
  return 0;
}
