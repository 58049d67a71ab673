// libFuzzer target: what the project does with URLs — the source host derived from an
// article's URL (ingest::finish_article), the author-page test of a link
// (extract::detail::author_href) and the permalink date and canonical-URL checks that
// extract_html applies to its url hint. Checks: the derived source is valid UTF-8 and
// holds no '/'.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/extract.h"
#include "extract/internal.h"
#include "fuzz/fuzz_check.h"
#include "ingest/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using storyline::fuzz::require;
  const std::string_view url(reinterpret_cast<const char*>(data), size);
  storyline::Article a;
  a.url = std::string(url);
  a.title = "t";
  a.text = "A sentence of text.";
  storyline::ingest::finish_article(a, storyline::ingest::Options{});
  storyline::fuzz::require_utf8(a.source);
  require(a.source.find('/') == std::string::npos);
  (void)storyline::extract::detail::author_href(url);
  const auto e = storyline::extract::extract_html(
      "<html><head><title>A title</title></head><body><p>Some text.</p></body></html>", url);
  storyline::fuzz::require_utf8(e.title);
  return 0;
}
