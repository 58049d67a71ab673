// The order of a story: sentence roles (data/roles.tsv), the order of units, and the
// order of written stories (what happened, details, reactions and quotes, background; no
// two sentences in a row opening alike).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "synth/internal.h"
#include "synth/synth.h"
#include "text/text.h"

using namespace storyline;
using synth::detail::Role;

namespace {

Role parse_role(const std::string& s) {
  if (s == "event") return Role::event;
  if (s == "detail") return Role::detail;
  if (s == "reaction") return Role::reaction;
  if (s == "background") return Role::background;
  ADD_FAILURE() << "unknown role " << s;
  return Role::continuation;
}

std::size_t quoted_words(const std::string& s) {
  std::size_t n = 0;
  const auto ranges = synth::detail::quoted_ranges(s);
  for (const text::Token& t : text::tokenize(s)) n += synth::detail::in_ranges(ranges, t.begin);
  return n;
}

synth::detail::Unit unit(Role role, double importance, std::string first, std::string last = "") {
  synth::detail::Unit u;
  u.role = role;
  u.importance = importance;
  u.first_opening = first;
  u.last_opening = last.empty() ? first : last;
  static std::size_t articles = 0;
  u.article = ++articles;  // each its own article unless a test says otherwise
  return u;
}

}  // namespace

TEST(Order, SentenceRolesTable) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/synth/data/roles.tsv");
  std::string line;
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string role, position, year, sentence, why;
    std::getline(ss, role, '\t');
    std::getline(ss, position, '\t');
    std::getline(ss, year, '\t');
    std::getline(ss, sentence, '\t');
    std::getline(ss, why, '\t');
    const Role got = synth::detail::sentence_role(sentence, text::tokenize(sentence),
                                                  std::stoul(position), quoted_words(sentence),
                                                  std::stoi(year));
    EXPECT_EQ(static_cast<int>(got), static_cast<int>(parse_role(role))) << sentence << " (" << why << ")";
    ++rows;
  }
  EXPECT_GE(rows, 15u);
}

TEST(Order, UnitsByRoleThenSamePointThenImportance) {
  std::vector<synth::detail::Unit> units = {
      unit(Role::background, 9, "the town"),  // 0
      unit(Role::reaction, 5, "we have"),     // 1
      unit(Role::detail, 1, "rescue teams"),  // 2
      unit(Role::event, 2, "about 20"),       // 3
      unit(Role::detail, 3, "the water"),     // 4
      unit(Role::detail, 2, "boats reached"), // 5: the same point as 2
  };
  auto similarity = [](std::size_t last, std::size_t u) {
    return (last == 2 && u == 5) || (last == 5 && u == 2) ? 0.6 : 0.0;
  };
  std::vector<std::size_t> dropped;
  const auto order = synth::detail::order_units(units, similarity, "a storm", &dropped);
  // Event; details by importance (4, then 5, then 2, which continues 5's point);
  // reaction; background.
  EXPECT_EQ(order, (std::vector<std::size_t>{3, 4, 5, 2, 1, 0}));
  EXPECT_TRUE(dropped.empty());

  // Units of one article keep its order within a part, and the next sentence of the
  // last unit's article follows it.
  units = {unit(Role::detail, 1, "a a"), unit(Role::detail, 9, "b b"),
           unit(Role::detail, 5, "c c"), unit(Role::detail, 4, "d d")};
  units[0].article = units[1].article = 7;
  units[0].position = 3, units[1].position = 5;
  units[2].article = 8, units[2].position = 2;
  units[3].article = 8, units[3].position = 3;
  auto none = [](std::size_t, std::size_t) { return 0.0; };
  // 2 (article 8's first, more important than 0, article 7's first), then 3 (follows 2 in
  // article 8), then 0 and 1 in article 7's order.
  EXPECT_EQ(synth::detail::order_units(units, none, "x y", &dropped),
            (std::vector<std::size_t>{2, 3, 0, 1}));
}

TEST(Order, NoTwoSentencesInARowOpenAlike) {
  // Details opening "hegseth trip" (as in "Hegseth's trip comes..."): other units come
  // between them where they can.
  std::vector<synth::detail::Unit> units = {
      unit(Role::event, 5, "hegseth will"),   // 0
      unit(Role::detail, 4, "hegseth trip"),  // 1
      unit(Role::detail, 3, "hegseth trip"),  // 2
      unit(Role::reaction, 1, "we are"),      // 3
      unit(Role::detail, 2, "hegseth trip"),  // 4
  };
  auto none = [](std::size_t, std::size_t) { return 0.0; };
  std::vector<std::size_t> dropped;
  // The event opens like the standfirst: the best detail comes first; the reaction comes
  // early to separate two details.
  EXPECT_EQ(synth::detail::order_units(units, none, "hegseth will", &dropped),
            (std::vector<std::size_t>{1, 0, 2, 3, 4}));
  EXPECT_TRUE(dropped.empty());

  // When nothing else is left to put between them, the less important goes.
  units = {unit(Role::event, 5, "the storm"), unit(Role::detail, 4, "hegseth trip"),
           unit(Role::detail, 3, "hegseth trip")};
  EXPECT_EQ(synth::detail::order_units(units, none, "a b", &dropped),
            (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(dropped, (std::vector<std::size_t>{2}));
}

TEST(Order, AStoryTellsWhatHappenedThenDetailsThenReactionsThenBackground) {
  const UnixTime tuesday = days_from_civil(2025, 2, 11) * 86400 + 10 * 3600;
  auto article = [&](ArticleId id, std::string source, std::string text) {
    Article a;
    a.id = id;
    a.source = std::move(source);
    a.published = tuesday + id * 600;
    a.text = std::move(text);
    return a;
  };
  // Each article in the order outlets often publish: reaction and background early.
  std::vector<Article> a = {
      article(1, "coastnews",
              "A powerful storm hit the northern coast on Monday, tearing down power lines and "
              "flooding roads in three towns.\n"
              "\"We have never seen water this high in the harbour,\" the mayor of Porto Norte "
              "told reporters on the quay.\n"
              "The last storm of this strength hit the northern coast in 2011, killing 14 people.\n"
              "Rescue teams used boats to reach two villages cut off by the flooding roads.\n"
              "Opposition leaders condemned the government's slow response to the storm warnings."),
      article(2, "wire",
              "The storm left about 20,000 homes along the northern coast without power, the "
              "utility said.\n"
              "The coast had been flooded twice in the past decade, in 2016 and in 2019.\n"
              "Engineers expect to restore power to most homes by the end of the week.\n"
              "\"Our crews are working around the clock to reconnect every home,\" a spokeswoman "
              "for the utility said.")};
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story({&a[0], &a[1]}, synth::Options{}, s, why)) << why;
  ASSERT_GE(s.body.size(), 5u) << synth::format_text(s);
  // The role of each body sentence, in the order the story tells them: never backwards.
  auto role_of = [](const std::string& t) {
    if (t.find("\"") != std::string::npos || t.find("“") != std::string::npos ||
        t.find("condemned") != std::string::npos)
      return 3;
    if (t.find("2011") != std::string::npos || t.find("had been") != std::string::npos) return 4;
    return 1;  // what happened and details
  };
  int previous = 0;
  for (const StorySentence& b : s.body) {
    const int role = role_of(b.text);
    EXPECT_GE(role, previous) << synth::format_text(s);
    previous = role;
  }
  // Paragraphs break where the story moves on to reactions and to background.
  EXPECT_GE(s.body.back().paragraph, 2) << synth::format_text(s);
  std::string prev_opening = synth::opening_words(s.standfirst.text);
  for (const StorySentence& b : s.body) {
    EXPECT_NE(synth::opening_words(b.text), prev_opening) << synth::format_text(s);
    prev_opening = synth::opening_words(b.text);
  }
  EXPECT_TRUE(synth::check_provenance(s, {&a[0], &a[1]}, &why)) << why;
}

TEST(Order, OpeningWordsAsTheTokenizerReadsThem) {
  using synth::opening_words;
  EXPECT_EQ(opening_words("Hegseth's trip comes as allies seek clarity."), "hegseth trip");
  EXPECT_EQ(opening_words("Hegseth’s trip comes as allies seek clarity."), "hegseth trip");
  EXPECT_EQ(opening_words("\"Don't stop now,\" she said."), "don't stop");
  EXPECT_EQ(opening_words("“It’s over,” she said."), "it over");  // as "it's": possessive rule
  EXPECT_EQ(opening_words("3.5% of voters and 1,200 others."), "3.5 of");
  EXPECT_EQ(opening_words("U.S. officials said so."), "u s");
  EXPECT_EQ(opening_words("Über alles, said nobody."), "über alles");
  EXPECT_EQ(opening_words("One."), "");
  // The same words as the tokenizer's first two tokens, whatever the script.
  for (const char* s : {"The   storm, the flood.", "Zürich's mayor spoke.", "'Tis the season.",
                        "Rock 'n' roll lives.", "2,000 people fled."}) {
    const auto t = text::tokenize(s);
    ASSERT_GE(t.size(), 2u);
    EXPECT_EQ(opening_words(s), t[0].lower + " " + t[1].lower) << s;
  }
}
