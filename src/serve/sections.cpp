// Sections of the reader by topic. Stories carry no feed category yet, so a story's section
// is the topic whose words its headline and standfirst use most (ties: the order below);
// a story that uses none is in no section (it is still on the front page). When articles
// carry a feed category, the story's most common category replaces this guess.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "serve/serve.h"
#include "text/text.h"

namespace storyline::serve {
namespace {

struct Topic {
  const char* name;
  const char* title;
  std::array<const char*, 24> words;  // lower-case words (nullptr ends the list)
};

const Topic kTopics[] = {
    {"politics", "Politics", {"election", "elections", "vote", "votes", "minister", "parliament", "president",
                              "government", "senate", "congress", "party", "policy", "campaign", "law",
                              "prime", "lawmakers", "opposition", "coalition", "referendum", nullptr}},
    {"world", "World", {"war", "ceasefire", "troops", "military", "nato", "united", "nations", "un", "border",
                        "refugees", "embassy", "sanctions", "invasion", "diplomats", "summit", "peace",
                        "attack", "missile", nullptr}},
    {"business", "Business", {"market", "markets", "shares", "stocks", "economy", "economic", "bank", "inflation",
                              "company", "profit", "prices", "trade", "tariffs", "investors", "billion",
                              "revenue", "jobs", "oil", nullptr}},
    {"technology", "Technology", {"ai", "software", "apple", "google", "microsoft", "tech", "technology", "app",
                                  "internet", "cyber", "hackers", "data", "chip", "chips", "robot", "online",
                                  "computer", "smartphone", nullptr}},
    {"science", "Science & health", {"scientists", "study", "research", "space", "nasa", "climate", "health",
                                     "virus", "vaccine", "disease", "hospital", "patients", "doctors", "cancer",
                                     "species", "planet", "covid", "earthquake", nullptr}},
    {"sport", "Sport", {"match", "cup", "league", "championship", "team", "coach", "football", "tennis",
                        "olympic", "olympics", "season", "goal", "win", "final", "players", "club",
                        "tournament", "race", nullptr}},
};

}  // namespace

const std::vector<std::string>& section_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& t : kTopics) v.push_back(t.name);
    return v;
  }();
  return names;
}

std::string section_title(const std::string& name) {
  for (const auto& t : kTopics)
    if (name == t.name) return t.title;
  return {};
}

std::string section_of(std::string_view headline, std::string_view standfirst) {
  std::string text(headline);
  text += ' ';
  text += standfirst;
  const auto tokens = text::tokenize(text);
  int best = 0;
  const char* name = "";
  for (const auto& t : kTopics) {
    int hits = 0;
    for (const auto& tok : tokens)
      for (const char* w : t.words) {
        if (!w) break;
        if (tok.lower == w) ++hits;
      }
    if (hits > best) best = hits, name = t.name;
  }
  return name;
}

std::vector<Ranked> section_stories(store::Store& store, const std::string& section, std::size_t limit,
                                    std::size_t offset, UnixTime now) {
  // Read the best stories in growing windows until enough of them are in the section (a
  // section is a share of the whole, so a window of 4x what is wanted usually suffices).
  const std::size_t want = offset + limit;
  constexpr std::size_t kMostScanned = 8000;
  std::vector<Ranked> in;
  for (std::size_t scan = std::max<std::size_t>(200, 4 * want);; scan *= 2) {
    scan = std::min(scan, kMostScanned);
    auto top = top_stories(store, scan, 0, now);
    const bool exhausted = top.size() < scan || scan == kMostScanned;
    in.clear();
    for (auto& r : top)
      if (section_of(r.story.headline, r.story.standfirst) == section) in.push_back(std::move(r));
    if (in.size() >= want || exhausted) break;
  }
  if (offset >= in.size()) return {};
  in.erase(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(offset));
  if (in.size() > limit) in.resize(limit);
  return in;
}

}  // namespace storyline::serve
