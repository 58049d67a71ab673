// libFuzzer target for the feeds stage: every input goes through parse_feed (with and
// without a base URL and a transport charset), parse_opml, write_opml of what was read,
// and the text helpers. Built only with -DSTORYLINE_FUZZ=ON and clang. Checks, beyond
// the sanitizers: every text field is valid UTF-8, the item limit holds, and OPML
// written from a parsed list reads back with as many feeds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "feeds/feeds.h"
#include "text/text.h"

namespace {

void check_utf8(const std::string& s) {
  if (!storyline::text::is_valid_utf8(s)) std::abort();
}

void check(const storyline::feeds::Feed& f, std::size_t max_items) {
  check_utf8(f.title);
  check_utf8(f.link);
  check_utf8(f.author);
  check_utf8(f.error);
  if (f.items.size() > max_items) std::abort();
  if (f.ttl_seconds < 0 || f.ttl_seconds > 6'000'000'000) std::abort();  // <ttl> minutes, bounded
  for (const auto& it : f.items) {
    check_utf8(it.title);
    check_utf8(it.summary);
    check_utf8(it.author);
    check_utf8(it.link);
    check_utf8(it.id);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fd = storyline::feeds;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  fd::Options o;
  o.max_items = 50;
  check(fd::parse_feed(in, {}, {}, o), o.max_items);
  check(fd::parse_feed(in, "http://example.com/a/feed.xml", "windows-1252", o), o.max_items);
  const fd::Opml opml = fd::parse_opml(in, o);
  if (!opml.feeds.empty()) {
    const fd::Opml back = fd::parse_opml(fd::write_opml(opml.feeds, opml.title));
    if (back.feeds.size() != opml.feeds.size()) std::abort();
  }
  const std::string valid = storyline::text::to_valid_utf8(in.substr(0, 4096));
  check_utf8(fd::html_to_text(valid));
  check_utf8(fd::decode_html_entities(valid));
  (void)fd::parse_feed_date(in.substr(0, 256));
  (void)fd::resolve_url("http://a/b/c/d;p?q", in.substr(0, 256));
  return 0;
}
