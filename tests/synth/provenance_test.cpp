// The provenance checker: spans in range, numbers and names supported by the spans.
#include <gtest/gtest.h>

#include "synth/synth.h"

using namespace storyline;
using synth::check_provenance;

namespace {

struct Fixture {
  Article a;
  Fixture() {
    a.id = 5;
    a.published = days_from_civil(2025, 2, 11) * 86400 + 36000;  // Tuesday
    a.text =
        "The earthquake killed 12 people in Gansu province.\n"
        "However, the minister will visit Lanzhou on Friday.\n"
        "He arrived in the region yesterday.";
  }
  // The span of the sentence starting with `prefix`.
  SentenceSource span(const std::string& prefix) const {
    const auto b = a.text.find(prefix);
    auto e = a.text.find('\n', b);
    if (e == std::string::npos) e = a.text.size();
    return {a.id, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
  }
  Story story(const std::string& text, SentenceSource src) const {
    Story s;
    s.standfirst.text = text;
    s.standfirst.sources = {src};
    return s;
  }
};

}  // namespace

TEST(CheckProvenance, AcceptsSupportedSentences) {
  Fixture f;
  std::string why;
  auto s = f.story("The earthquake killed 12 people in Gansu province.", f.span("The earthquake"));
  EXPECT_TRUE(check_provenance(s, {&f.a}, &why)) << why;
  // A stripped discourse marker capitalizes the first word: allowed.
  s.body.push_back({"The minister will visit Lanzhou on Friday.", {f.span("However")}, 0});
  EXPECT_TRUE(check_provenance(s, {&f.a}, &why)) << why;
  // A resolved relative date adds a weekday, month and day: allowed.
  s.body.push_back({"He arrived in the region on Monday, February 10.", {f.span("He arrived")}, 0});
  EXPECT_TRUE(check_provenance(s, {&f.a}, &why)) << why;
}

TEST(CheckProvenance, RejectsInventedNumbersAndNames) {
  Fixture f;
  std::string why;
  auto s = f.story("The earthquake killed 13 people in Gansu province.", f.span("The earthquake"));
  EXPECT_FALSE(check_provenance(s, {&f.a}, &why));
  EXPECT_NE(why.find("13"), std::string::npos) << why;
  s = f.story("The earthquake killed 12 people in Sichuan province.", f.span("The earthquake"));
  EXPECT_FALSE(check_provenance(s, {&f.a}, &why));
  EXPECT_NE(why.find("Sichuan"), std::string::npos) << why;
  // A date the source does not support (Tuesday is not "yesterday").
  s = f.story("He arrived in the region on Tuesday.", f.span("He arrived"));
  EXPECT_FALSE(check_provenance(s, {&f.a}, &why));
  // Any supporting span will do: a second source can support the name.
  Article b;
  b.id = 6;
  b.text = "Rescuers in Sichuan province searched the rubble overnight.";
  s = f.story("The earthquake killed 12 people in Sichuan province.", f.span("The earthquake"));
  s.standfirst.sources.push_back({6, 0, static_cast<std::uint32_t>(b.text.size())});
  EXPECT_TRUE(check_provenance(s, {&f.a, &b}, &why)) << why;
}

TEST(CheckProvenance, RejectsBadSpans) {
  Fixture f;
  std::string why;
  auto s = f.story("The earthquake killed 12 people.", {f.a.id, 0, 5000});
  EXPECT_FALSE(check_provenance(s, {&f.a}, &why));
  EXPECT_NE(why.find("out of range"), std::string::npos) << why;
  s = f.story("The earthquake killed 12 people.", {99, 0, 10});
  EXPECT_FALSE(check_provenance(s, {&f.a}, &why));
  EXPECT_NE(why.find("not in story"), std::string::npos) << why;
  s = f.story("The earthquake killed 12 people.", {f.a.id, 10, 10});
  EXPECT_FALSE(check_provenance(s, {&f.a}, &why));
  s.standfirst.sources.clear();
  EXPECT_FALSE(check_provenance(s, {&f.a}, &why));
  EXPECT_FALSE(check_provenance(Story{}, {&f.a}, nullptr));  // empty standfirst
}

TEST(CheckProvenance, AcceptsExactlyTheTypographicRepairs) {
  Article a;
  a.id = 7;
  a.text =
      "Russia 's ambitions extend beyond Ukraine 's borders , officials say .\n"
      "He said : `` We do n't know what comes next . ''\n"
      "\"It's over,\" the mayor said.";
  auto span = [&](std::string_view prefix) {
    const auto b = a.text.find(prefix);
    auto e = a.text.find('\n', b);
    if (e == std::string::npos) e = a.text.size();
    return SentenceSource{a.id, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
  };
  auto check = [&](const std::string& text, SentenceSource src) {
    Story s;
    s.standfirst.text = text;
    s.standfirst.sources = {src};
    return check_provenance(s, {&a});
  };
  // The repairs and either quote style: accepted.
  EXPECT_TRUE(check("Russia's ambitions extend beyond Ukraine's borders, officials say.",
                    span("Russia")));
  EXPECT_TRUE(check("Russia’s ambitions extend beyond Ukraine’s borders, officials say.",
                    span("Russia")));
  EXPECT_TRUE(check("He said: “We don't know what comes next.”", span("He said")));
  EXPECT_TRUE(check("He said: \"We don’t know what comes next.\"", span("He said")));
  EXPECT_TRUE(check("“It’s over,” the mayor said.", span("\"It's")));
  // Anything more: a word changed by a "repair", a quotation changed inside.
  EXPECT_FALSE(check("Russias ambitions extend beyond Ukraines borders, officials say.",
                     span("Russia")));
  EXPECT_FALSE(check("He said: “We dont know what comes next.”", span("He said")));
  EXPECT_FALSE(check("He said: “We do know what comes next.”", span("He said")));
  EXPECT_FALSE(check("He said: “We don't know what comes next!”", span("He said")));
  EXPECT_FALSE(check("“It’s all over,” the mayor said.", span("\"It's")));
}
