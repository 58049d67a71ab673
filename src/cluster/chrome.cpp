// Page furniture by what it says: the notices that sites and archives put around or in
// place of an article. A text is furniture when at least half of its sentences hold one
// of these phrases (lower-cased); a news brief, even a short one, is not.
#include <algorithm>
#include <array>
#include <string>

#include "cluster/internal.h"

namespace storyline::cluster::detail {

namespace {

constexpr std::array<std::string_view, 30> kFurniture = {
    // web-archive crawl notices
    "wayback machine", "internet archive", "crawl data", "these crawls", "this crawl",
    "archive pages", "web archive",
    // embedded posts and players
    "tweet with a location", "your tweets", "add location", "tweet location",
    "media playback", "this video", "video player", "embed this",
    // browser, cookie and sign-up prompts
    "your browser", "enable javascript", "javascript is", "javascript enabled", "cookies",
    "sign up for", "subscribe to our", "newsletter", "your inbox", "log in to", "please enable",
    "ad blocker", "terms of service", "privacy policy", "not a robot",
};

}  // namespace

bool is_page_furniture(std::string_view text) {
  const auto spans = text::split_sentences(text);
  if (spans.empty()) return false;
  std::size_t furniture = 0;
  std::string lower;
  for (const auto& sp : spans) {
    lower.assign(sp.of(text));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::any_of(kFurniture.begin(), kFurniture.end(),
                    [&](std::string_view p) { return lower.find(p) != std::string::npos; }))
      ++furniture;
  }
  return furniture * 2 >= spans.size();
}

}  // namespace storyline::cluster::detail
