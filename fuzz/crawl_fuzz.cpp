// libFuzzer target for the crawl stage's own parsing: a feed's items into keys, hashes,
// text and articles, and a page's advertised feeds. Built only with -DSTORYLINE_FUZZ=ON and
// clang. Checks, beyond the sanitizers: keys are never empty and bounded, text is valid
// UTF-8 without markup from the item, advertised feeds are absolute http(s) URLs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crawl/crawl.h"
#include "text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace cr = storyline::crawl;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  storyline::feeds::Options o;
  o.max_items = 20;
  const storyline::feeds::Feed f = storyline::feeds::parse_feed(in, "http://example.com/feed.xml", {}, o);
  for (const auto& item : f.items) {
    const std::string key = cr::item_key(item);
    if (key.empty() || key.size() > 512) std::abort();
    (void)cr::item_hash(item);
    (void)cr::is_teaser(item, 100);
    if (!storyline::text::is_valid_utf8(cr::item_text(item))) std::abort();
    storyline::Article a;
    if (cr::item_article(f, item, "http://example.com/feed.xml", 1'700'000'000, a)) {
      if (!storyline::text::is_valid_utf8(a.text) || !storyline::text::is_valid_utf8(a.title)) std::abort();
      if (a.item_key != key || a.origin != "http://example.com/feed.xml") std::abort();
    }
  }
  for (const std::string& u : cr::advertised_feeds(in, "http://example.com/dir/page.html"))
    if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) std::abort();
  const auto path = cr::split_category(std::string(in.substr(0, 256)));
  for (const auto& p : path)
    if (p.empty() || p.find('/') != std::string::npos) std::abort();
  return 0;
}
