// Sections of the reader by topic. Stories carry no feed category yet, so a story's section
// is the topic whose words its headline and standfirst use most (ties: the order below);
// a story that uses none is in no section (it is still on the front page). When articles
// carry a feed category, the story's most common category replaces this guess.
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

}  // namespace storyline::serve
