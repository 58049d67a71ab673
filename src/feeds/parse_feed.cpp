// parse_feed.cpp: parse_feed(), which sends a document to the XML or the JSON reader
// and gathers what was repaired into Feed::malformed / Feed::error.
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "feeds/internal.h"
#include "text/text.h"

namespace storyline::feeds {

Feed parse_feed(std::string_view bytes, std::string_view base_url, std::string_view charset, const Options& options) {
  Feed feed;
  if (bytes.size() > options.max_bytes) {
    feed.error = fmt::format("document of {} bytes is over max_bytes ({})", bytes.size(), options.max_bytes);
    return feed;
  }
  std::string_view probe = bytes;
  if (probe.substr(0, 3) == "\xEF\xBB\xBF") probe.remove_prefix(3);
  while (!probe.empty() && (probe[0] == ' ' || probe[0] == '\n' || probe[0] == '\r' || probe[0] == '\t'))
    probe.remove_prefix(1);
  if (!probe.empty() && (probe[0] == '{' || probe[0] == '[')) {  // JSON (a list is no JSON Feed, but JSON)
    std::vector<std::string> problems;
    const std::string utf8 = detail::decode_bytes(bytes, charset, problems);
    detail::read_json_feed(utf8, base_url, options, feed);
    if (!problems.empty()) {
      feed.malformed = true;
      if (feed.error.empty()) feed.error = problems.front();
    }
  } else {
    detail::Prepared prepared;
    std::string error;
    if (!detail::prepare_xml(bytes, charset, options, prepared, error)) {
      feed.error = error;
      return feed;
    }
    detail::read_xml_feed(prepared.xml, base_url, options, feed);
    if (!prepared.problems.empty()) {
      feed.malformed = true;
      std::string reasons;
      for (const auto& p : prepared.problems) reasons += (reasons.empty() ? "" : "; ") + p;
      feed.error = feed.error.empty() ? reasons : reasons + "; " + feed.error;
    }
  }
  if (feed.items_dropped) {
    const std::string note = fmt::format("{} item{} past max_items ({}) dropped", feed.items_dropped,
                                         feed.items_dropped == 1 ? "" : "s", options.max_items);
    feed.error = feed.error.empty() ? note : feed.error + "; " + note;
  }
  if (!feed.readable() && feed.error.empty()) feed.error = "no feed content found";
  return feed;
}

}  // namespace storyline::feeds
