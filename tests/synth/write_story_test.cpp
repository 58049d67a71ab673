// write_story and format_text: story shape, budget, ordering, rewrites, provenance
// and bad input.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "synth/synth.h"
#include "text/text.h"

using namespace storyline;

namespace {

const UnixTime kTuesday = days_from_civil(2025, 2, 11) * 86400 + 10 * 3600;

Article article(ArticleId id, std::string source, UnixTime published, std::string text) {
  Article a;
  a.id = id;
  a.source = std::move(source);
  a.published = published;
  a.text = std::move(text);
  return a;
}

std::vector<Article> nato_cluster() {
  return {
      article(1, "bbc.co.uk", kTuesday,
              "Against the backdrop of Donald Trump's latest comments on Ukraine (see 8.17 post), "
              "US defence secretary Pete Hegseth will tomorrow become the first member of the new "
              "administration to visit NATO headquarters.\n"
              "Hegseth's trip comes just ahead of the third anniversary of Russia's full-scale "
              "invasion of Ukraine.\n"
              "He will first take part in a meeting of the Ukraine Defence Contact Group at "
              "NATO's Brussels headquarters.\n"
              "However, no decision has been made on who might chair the next meeting of the "
              "contact group.\n"
              "Click here to subscribe to our daily newsletter.\n"
              "The earthquake in the region killed 12 people last month, officials said.\n"
              "Allies also want to hear what the new administration has in store for the "
              "alliance."),
      article(2, "cnn.com", kTuesday + 4 * 3600,
              "Defense Secretary Pete Hegseth travels to NATO headquarters in Brussels this week, "
              "the first visit by a member of the new Trump administration.\n"
              "European allies are keen to understand how America plans to influence the course "
              "of the war in Ukraine.\n"
              "The earthquake in the region killed 14 people last month, officials said.\n"
              "The Pentagon said Hegseth would reiterate the commitment of President Trump to a "
              "diplomatic end to the war.\n"
              "Most US allies fear Vladimir Putin will not stop at the borders of Ukraine if he "
              "wins the war."),
      article(3, "reuters.com", kTuesday + 6 * 3600,
              "US Defense Secretary Pete Hegseth is visiting NATO headquarters in Brussels, the "
              "first trip there by a member of the new Trump administration.\n"
              "Around 50 countries have provided Ukraine with weapons and military assistance "
              "over the last three years.\n"
              "Britain will convene the contact group meeting for the first time, officials "
              "said on Tuesday."),
  };
}

std::vector<const Article*> ptrs(const std::vector<Article>& a) {
  std::vector<const Article*> p;
  for (const auto& x : a) p.push_back(&x);
  return p;
}

const Article* find(const std::vector<Article>& a, ArticleId id) {
  for (const auto& x : a)
    if (x.id == id) return &x;
  return nullptr;
}

bool starts_with_any(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (s.rfind(std::string(w) + " ", 0) == 0 || s.rfind(std::string(w) + ",", 0) == 0) return true;
  return false;
}

// Invariants every story must keep: budget, no repeats, provenance, and no
// pronoun/marker opening without its antecedent right before it.
void expect_well_formed(const Story& s, const std::vector<Article>& a, std::size_t max_words) {
  EXPECT_FALSE(s.standfirst.text.empty());
  EXPECT_FALSE(s.headline.empty());
  EXPECT_LE(text::count_words(s.headline), synth::kHeadlineMaxWords) << s.headline;
  EXPECT_LE(text::count_words(s.standfirst.text), synth::kStandfirstMaxWords) << s.standfirst.text;
  EXPECT_TRUE(synth::find_repeats(s).empty()) << synth::format_text(s);
  std::size_t body_words = 0;
  std::set<std::string> texts = {s.standfirst.text};
  for (std::size_t i = 0; i < s.body.size(); ++i) {
    const StorySentence& b = s.body[i];
    body_words += text::count_words(b.text);
    EXPECT_TRUE(texts.insert(b.text).second) << "repeated: " << b.text;
    ASSERT_FALSE(b.sources.empty());
    if (starts_with_any(b.text, {"He", "She", "They", "It", "This", "These", "But", "However",
                                 "Also", "And"})) {
      ASSERT_GT(i, 0u) << b.text;
      const SentenceSource& prev = s.body[i - 1].sources[0];
      const SentenceSource& cur = b.sources[0];
      EXPECT_EQ(prev.article, cur.article) << b.text;
      EXPECT_LT(prev.end, cur.begin) << b.text;
    }
  }
  EXPECT_LE(body_words, max_words);
  std::string why;
  EXPECT_TRUE(synth::check_provenance(s, ptrs(a), &why)) << why;
}

// Generated article: sentences about one event with article-specific details.
Article generated(ArticleId id, std::mt19937& rng, std::size_t sentences) {
  static const char* kNames[] = {"Brussels", "Hegseth", "Ukraine", "NATO", "Kyiv", "Moscow"};
  static const char* kVerbs[] = {"announced", "confirmed", "rejected", "discussed", "reported"};
  static const char* kNouns[] = {"plan",   "talks",     "meeting", "weapons", "budget",
                                 "troops", "sanctions", "summit",  "aid",     "ceasefire"};
  std::string text;
  for (std::size_t s = 0; s < sentences; ++s) {
    std::string sentence = std::string("The ") + kNouns[rng() % 10] + " in " + kNames[rng() % 6];
    sentence += std::string(" was ") + kVerbs[rng() % 5] + " by officials after the " +
                kNouns[rng() % 10] + " on " + std::to_string(1 + rng() % 28) + " " +
                kNouns[rng() % 10] + " " + kNouns[rng() % 10] + ".";
    text += sentence + "\n";
  }
  return article(id, "outlet" + std::to_string(id % 37), kTuesday + static_cast<UnixTime>(id) * 60,
                 text);
}

// The story of `a` (1,000 words): `quote` comes right after a sentence telling
// `statement` (the standfirst, when the quote opens the body), and the statement is told once.
void expect_quote_right_after(const std::vector<Article>& a, const std::string& quote,
                              const std::string& statement) {
  synth::Options opt;
  opt.max_words = 1000;
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  expect_well_formed(s, a, opt.max_words);
  std::vector<std::string> told = {s.standfirst.text};
  for (const auto& b : s.body) told.push_back(b.text);
  const auto at = std::find(told.begin(), told.end(), quote);
  ASSERT_NE(at, told.end()) << "the quote is left out";
  ASSERT_NE(at, told.begin());
  EXPECT_NE((at - 1)->find(statement), std::string::npos) << *(at - 1);
  EXPECT_EQ(std::count_if(told.begin(), told.end(),
                          [&](const std::string& t) { return t.find(statement) != std::string::npos; }),
            1);
}

}  // namespace

TEST(WriteStory, WritesAStoryFromAClusterWithProvenance) {
  const auto a = nato_cluster();
  synth::Options opt;
  opt.max_words = 80;
  Story s;
  s.id = 42;
  s.score = 3.5;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  EXPECT_EQ(s.id, 42);  // left to the caller
  EXPECT_EQ(s.score, 3.5);
  EXPECT_EQ(s.event_date, "2025-02-11");
  EXPECT_EQ(s.articles, (std::vector<ArticleId>{1, 2, 3}));
  EXPECT_EQ(s.first_seen, kTuesday);
  EXPECT_EQ(s.last_seen, kTuesday + 6 * 3600);
  EXPECT_FALSE(s.body.empty());
  expect_well_formed(s, a, opt.max_words);

  // The standfirst is a lead sentence and names the event.
  EXPECT_NE(s.standfirst.text.find("Hegseth"), std::string::npos) << s.standfirst.text;
  // Three outlets report the visit: the standfirst cites more than one of them.
  EXPECT_GE(s.standfirst.sources.size(), 2u);
  // The first source is the span the text came from.
  const SentenceSource& src = s.standfirst.sources[0];
  const Article* from = find(a, src.article);
  ASSERT_NE(from, nullptr);
  EXPECT_LE(src.end, from->text.size());

  // Safe rewrites and filtering.
  for (const StorySentence* x : [&] {
         std::vector<const StorySentence*> all = {&s.standfirst};
         for (const auto& b : s.body) all.push_back(&b);
         return all;
       }()) {
    EXPECT_EQ(x->text.find("tomorrow"), std::string::npos) << x->text;
    EXPECT_EQ(x->text.find("(see"), std::string::npos) << x->text;
    EXPECT_EQ(x->text.find("Click here"), std::string::npos) << x->text;
    EXPECT_EQ(x->text.rfind("However", 0), std::string::npos) << x->text;
  }

  // The two death tolls disagree.
  ASSERT_FALSE(s.disagreements.empty());
  EXPECT_EQ(s.disagreements[0].values, (std::vector<std::string>{"12", "14"}));
  EXPECT_EQ(s.disagreements[0].articles, (std::vector<std::vector<ArticleId>>{{1}, {2}}));
}

TEST(WriteStory, ResolvesRelativeDatesInTheOutput) {
  const auto a = nato_cluster();
  Story s;
  std::string why;
  synth::Options opt;
  opt.max_words = 500;  // everything usable
  ASSERT_TRUE(synth::write_story({&a[0]}, opt, s, why)) << why;
  std::string all = s.standfirst.text;
  for (const auto& b : s.body) all += "\n" + b.text;
  EXPECT_NE(all.find("will on Wednesday, February 12, become"), std::string::npos) << all;
  expect_well_formed(s, a, opt.max_words);
}

// "Tomorrow" counts from the day the source dated the article, not the UTC day: a New
// York report at 23:30 on Tuesday (04:30 UTC on Wednesday) means Wednesday. The
// provenance check resolves it the same way.
TEST(WriteStory, RelativeDatesCountFromTheSourcesLocalDay) {
  auto a = nato_cluster();
  a[0].published = kTuesday + 18 * 3600 + 1800;  // Wednesday 04:30 UTC
  a[0].utc_offset = -5 * 3600;                   // Tuesday 23:30 in New York
  Story s;
  std::string why;
  synth::Options opt;
  opt.max_words = 500;
  ASSERT_TRUE(synth::write_story({&a[0]}, opt, s, why)) << why;
  std::string all = s.standfirst.text;
  for (const auto& b : s.body) all += "\n" + b.text;
  EXPECT_NE(all.find("will on Wednesday, February 12, become"), std::string::npos) << all;
  EXPECT_EQ(s.event_date, "2025-02-11");
  expect_well_formed(s, a, opt.max_words);
  // Without the offset the same instant is a Wednesday report about Thursday.
  a[0].utc_offset = 0;
  ASSERT_TRUE(synth::write_story({&a[0]}, opt, s, why)) << why;
  all = s.standfirst.text;
  for (const auto& b : s.body) all += "\n" + b.text;
  EXPECT_NE(all.find("will on Thursday, February 13, become"), std::string::npos) << all;
}

TEST(WriteStory, PronounSentencesComeWithTheirAntecedent) {
  std::vector<Article> a = {
      article(1, "x", kTuesday,
              "The mayor of Springfield unveiled a plan to rebuild the flooded town centre.\n"
              "She said the work would start in the spring and cost about 40 million dollars.\n"
              "Residents welcomed the plan at a packed public meeting in the town hall.\n"
              "They asked for more flood defences along the river before the next winter.")};
  synth::Options opt;
  opt.max_words = 1000;
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  // The standfirst never opens with a pronoun.
  EXPECT_FALSE(starts_with_any(s.standfirst.text, {"She", "They"})) << s.standfirst.text;
  expect_well_formed(s, a, opt.max_words);
  // With a budget for little more than one sentence, "They asked..." cannot come
  // without "Residents welcomed...": it is left out.
  opt.max_words = 16;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  expect_well_formed(s, a, opt.max_words);
  for (const auto& b : s.body) EXPECT_NE(b.text.rfind("They", 0), 0u) << b.text;

  // A chain of pronoun sentences is not pulled in half-way.
  a = {article(2, "y", kTuesday,
               "The council approved the budget for the coming year on Monday night.\n"
               "It had been delayed for weeks by a dispute over school funding.\n"
               "It now includes more money for road repairs across the city.")};
  opt.max_words = 1000;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  expect_well_formed(s, a, opt.max_words);
}

TEST(WriteStory, QuotesComeWithTheirAttribution) {
  const char* kNobody = "\xE2\x80\x9CNobody will be left behind in this town, and every family will get help.\xE2\x80\x9D";
  const char* kWater = "\xE2\x80\x9CThe water came up to the roof of our house within minutes.\xE2\x80\x9D";
  std::vector<Article> a = {article(
      1, "x", kTuesday,
      std::string("The mayor of Springfield unveiled a plan to rebuild the flooded town centre.\n"
                  "Residents welcomed the plan at a packed public meeting in the town hall.\n") +
          kWater + "\nMayor Jane Doe said the town would be rebuilt within two years.\n" + kNobody +
          "\n\xE2\x80\x9C" "Every single bridge in the valley will be fixed by the army,\xE2\x80\x9D Doe "
          "told reporters.\n")};
  synth::Options opt;
  opt.max_words = 1000;
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  expect_well_formed(s, a, opt.max_words);
  // The attributed quote stays; the quote after "Mayor Jane Doe said..." comes right after
  // it; the quote after a sentence that names no speaker is left out.
  bool fix = false, nobody = false;
  EXPECT_NE(s.standfirst.text, kNobody);
  EXPECT_NE(s.standfirst.text, kWater);
  for (std::size_t i = 0; i < s.body.size(); ++i) {
    const std::string& t = s.body[i].text;
    EXPECT_NE(t, kWater);
    fix |= t.find("Every single bridge") != std::string::npos;
    if (t == kNobody) {
      nobody = true;
      ASSERT_GT(i, 0u);
      EXPECT_EQ(s.body[i - 1].text, "Mayor Jane Doe said the town would be rebuilt within two years.");
    }
  }
  EXPECT_TRUE(fix);
  EXPECT_TRUE(nobody);

  // Nothing but unattributed quotes: no story, with a reason.
  a = {article(2, "y", kTuesday, std::string(kWater) + "\n" + kNobody + "\n")};
  EXPECT_FALSE(synth::write_story(ptrs(a), opt, s, why));
  EXPECT_NE(why.find("quote"), std::string::npos) << why;
}

TEST(WriteStory, AQuoteFollowsItsAttributionToldInAnotherOutletsWords) {
  // Two outlets report the mayor's statement; only the second quotes what she said next. The
  // story tells the statement once, in whichever outlet's words it keeps, and the quote
  // follows it: its attribution is in the story, in other words.
  const char* kNobody = "\xE2\x80\x9CNobody will be left behind in this town, and every family will get help.\xE2\x80\x9D";
  std::vector<Article> a = {
      article(1, "x", kTuesday,
              "The mayor of Springfield unveiled a plan to rebuild the flooded town centre after the storm.\n"
              "Mayor Jane Doe of Springfield said on Monday that the flooded town would be rebuilt within two years.\n"
              "Engineers began inspecting the damaged bridges across the valley.\n"),
      article(2, "y", kTuesday,
              "Springfield will rebuild its flooded town centre, its mayor announced.\n"
              "Jane Doe said the town would be rebuilt within two years.\n" + std::string(kNobody) +
                  "\nVolunteers cleared mud from the streets of the old quarter.\n")};
  expect_quote_right_after(a, kNobody, "rebuilt within two years");
}

TEST(WriteStory, AQuoteComesRightAfterTheAttributionTheStoryKeeps) {
  // One outlet tells the statement as its fourth sentence, another as its first, followed
  // by the quote. Whichever version the story keeps, the quote comes right after it, never
  // before it, and the statement is told once.
  const char* kNobody = "\xE2\x80\x9CNobody will be left behind in this town, and every family will get help.\xE2\x80\x9D";
  std::vector<Article> a = {
      article(1, "x", kTuesday,
              "A powerful storm flooded the centre of Springfield on Monday, destroying dozens of homes and shops.\n"
              "Rescue teams evacuated three hundred residents from the flooded streets overnight.\n"
              "Engineers began inspecting the damaged bridges across the valley.\n"
              "Mayor Jane Doe of Springfield said the flooded town would be rebuilt within two years at a cost of millions.\n"),
      article(2, "y", kTuesday,
              "Jane Doe said the town would be rebuilt within two years.\n" + std::string(kNobody) +
                  "\nVolunteers cleared mud from the streets of the old quarter.\n")};
  expect_quote_right_after(a, kNobody, "rebuilt within two years");
}

TEST(WriteStory, AnAttributedQuoteOpeningWithWeStandsOnItsOwn) {
  // The speaker's own "We" inside a quote that names the speaker needs no antecedent;
  // a "He" in a quote does (who is he?): it comes only right after its source's
  // previous sentence.
  const std::string kWe =
      "\xE2\x80\x9CWe will rebuild every bridge in the valley before winter,\xE2\x80\x9D "
      "Mayor Jane Doe told reporters.";
  const std::string kHe =
      "\xE2\x80\x9CHe will never be forgiven for the delays in the valley,\xE2\x80\x9D "
      "a resident told reporters.";
  const std::vector<Article> a = {article(
      1, "x", kTuesday,
      "The mayor of Springfield unveiled a plan to rebuild the flooded town centre.\n"
      "Residents welcomed the plan at a packed public meeting in the town hall.\n"
      "Engineers inspected the damaged roads and the water supply on Monday.\n"
      "\xE2\x80\x9CThis is the worst flood that anyone here can remember.\xE2\x80\x9D\n" +
          kWe + "\nThe river burst its banks after three days of heavy rain last week.\n" + kHe +
          "\n")};
  synth::Options opt;
  opt.max_words = 1000;
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  expect_well_formed(s, a, opt.max_words);
  bool we = false;
  for (std::size_t i = 0; i < s.body.size(); ++i) {
    we |= s.body[i].text == kWe;
    if (s.body[i].text == kHe) {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(s.body[i - 1].text,
                "The river burst its banks after three days of heavy rain last week.");
    }
  }
  EXPECT_TRUE(we);
}

TEST(WriteStory, AQuoteThatContinuesTheStandfirstOpensTheBody) {
  const std::string kRest =
      "\xE2\x80\x9CHowever I believe I could be more effective by helping returning soldiers "
      "find work and housing.\xE2\x80\x9D";
  const std::vector<Article> a = {article(
      1, "x", kTuesday,
      "\xE2\x80\x9CI am incredibly flattered to have been suggested for the arts job,\xE2\x80\x9D "
      "Sylvester Stallone said in a statement late Sunday.\n" +
          kRest +
          "\nAllies of the president-elect made overtures to the actor last week about the job.\n"
          "No formal offer had been made to the actor, two advisers said on Friday.\n")};
  synth::Options opt;
  opt.max_words = 1000;
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  expect_well_formed(s, a, opt.max_words);
  EXPECT_NE(s.standfirst.text.find("Stallone said"), std::string::npos) << s.standfirst.text;
  ASSERT_FALSE(s.body.empty());
  EXPECT_EQ(s.body[0].text, kRest);
}

TEST(WriteStory, BudgetAndParagraphs) {
  const auto a = nato_cluster();
  Story s;
  std::string why;
  synth::Options opt;
  opt.max_words = 0;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  EXPECT_FALSE(s.standfirst.text.empty());
  EXPECT_TRUE(s.body.empty());

  opt.max_words = 1000;
  opt.paragraph_sentences = 2;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  ASSERT_GE(s.body.size(), 5u);
  for (std::size_t i = 0; i < s.body.size(); ++i) EXPECT_EQ(s.body[i].paragraph, int(i / 2));
  std::size_t words = text::count_words(s.standfirst.text);
  for (const auto& b : s.body) words += text::count_words(b.text);
  EXPECT_EQ(synth::story_words(s), words);
  expect_well_formed(s, a, opt.max_words);
  // Lead facts first: the body opens with a lead sentence of some article.
  const std::string text = synth::format_text(s);
  EXPECT_EQ(text.rfind("date 2025-02-11 " + s.standfirst.text + "\n\n", 0), 0u) << text;
}

TEST(WriteStory, OverflowLastFillsPastTheBudgetForEvaluationOnly) {
  // nato_cluster's body sentences are 12-30 words: a budget of 20 leaves words unused.
  const auto a = nato_cluster();
  Story s;
  std::string why;
  synth::Options opt;
  opt.max_words = 20;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  const std::size_t within = s.body.size();
  std::size_t body_words = 0;
  for (const auto& b : s.body) body_words += text::count_words(b.text);
  ASSERT_LT(body_words, 20u);
  expect_well_formed(s, a, opt.max_words);
  // With overflow_last, exactly one more sentence, past the budget; the rest is unchanged.
  opt.overflow_last = true;
  Story over;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, over, why)) << why;
  ASSERT_EQ(over.body.size(), within + 1);
  std::size_t over_words = 0;
  for (const auto& b : over.body) over_words += text::count_words(b.text);
  EXPECT_GT(over_words, 20u);
  for (const auto& b : s.body) {
    bool kept = false;
    for (const auto& o : over.body) kept |= o.text == b.text;
    EXPECT_TRUE(kept) << b.text;
  }
  std::string prov;
  EXPECT_TRUE(synth::check_provenance(over, ptrs(a), &prov)) << prov;
  // A budget of 0 stays empty: nothing to fill.
  opt.max_words = 0;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, over, why)) << why;
  EXPECT_TRUE(over.body.empty());
}

TEST(WriteStory, PrefersReportingToFirstPersonNarration) {
  // Two leads that say the same (the same content words; "our" and "the" are function
  // words), the first in a columnist's first person: the standfirst is the reporting one,
  // though the column comes first and is otherwise as central.
  const std::vector<Article> a = {
      article(1, "column", 0,
              "Our city council approved the new flood defence budget on Monday night.\n"
              "The vote ended months of dispute over the cost of the river walls."),
      article(2, "wire", 0,
              "The city council approved the new flood defence budget on Monday night.\n"
              "The river walls will cost about 40 million dollars, officials said."),
      article(3, "paper", 0,
              "Residents welcomed the decision on the flood defence budget for the river walls.\n"
              "The work on the river walls will start in the spring."),
  };
  synth::Options opt;
  opt.max_words = 1000;
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  EXPECT_EQ(s.standfirst.text,
            "The city council approved the new flood defence budget on Monday night.");
  expect_well_formed(s, a, opt.max_words);
}

TEST(FormatText, PublishedStoryShape) {
  Story s;
  s.event_date = "2025-02-11";
  s.standfirst.text = "Hegseth visits NATO.";
  s.body = {{"First fact.", {}, 0}, {"Second fact.", {}, 0}, {"Third fact.", {}, 1}};
  EXPECT_EQ(synth::format_text(s),
            "date 2025-02-11 Hegseth visits NATO.\n\nFirst fact. Second fact.\n\nThird fact.\n");
  s.body.clear();
  EXPECT_EQ(synth::format_text(s), "date 2025-02-11 Hegseth visits NATO.\n");
  s.event_date.clear();
  EXPECT_EQ(synth::format_text(s), "date unknown Hegseth visits NATO.\n");
}

TEST(WriteStory, OneArticle) {
  const auto a = nato_cluster();
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story({&a[1]}, synth::Options{}, s, why)) << why;
  EXPECT_EQ(s.articles, (std::vector<ArticleId>{2}));
  for (const auto& b : s.body) EXPECT_EQ(b.sources.size(), 1u);
  expect_well_formed(s, {a[1]}, synth::Options{}.max_words);
}

TEST(WriteStory, NoUsableSentencesFailsWithAReason) {
  std::vector<Article> a = {article(1, "x", kTuesday, ""),
                            article(2, "y", kTuesday, "Advertisement\nClick here.\nShare this")};
  Story s;
  std::string why;
  EXPECT_FALSE(synth::write_story(ptrs(a), synth::Options{}, s, why));
  EXPECT_NE(why.find("usable sentence"), std::string::npos) << why;
  why.clear();
  EXPECT_FALSE(synth::write_story({}, synth::Options{}, s, why));
  EXPECT_FALSE(why.empty());
  why.clear();
  EXPECT_FALSE(synth::write_story({nullptr}, synth::Options{}, s, why));
  EXPECT_FALSE(why.empty());
}

TEST(WriteStory, WireCopiesAreToldOnceWithAllTheirSources) {
  const std::string wire =
      "Flooding forced thousands of people to leave their homes in northern Italy on Monday.\n"
      "Rescue teams used boats to reach villages cut off by the rising water.\n"
      "The regional government declared a state of emergency in three provinces.\n"
      "Forecasters warned that more heavy rain was expected later in the week.";
  std::vector<Article> a;
  for (ArticleId id = 1; id <= 6; ++id)
    a.push_back(article(id, "paper" + std::to_string(id), kTuesday + id * 60,
                        id % 2 ? wire : wire + "\nLocal schools were closed as a precaution."));
  synth::Options opt;
  opt.max_words = 1000;
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  expect_well_formed(s, a, opt.max_words);
  EXPECT_EQ(s.body.size(), 4u);                // 5 distinct sentences, one is the standfirst
  EXPECT_EQ(s.standfirst.sources.size(), 6u);  // every copy says it
}

TEST(WriteStory, NonEnglishText) {
  std::vector<Article> a = {
      article(1, "elpais.com", kTuesday,
              "El Gobierno aprobó este martes un nuevo plan de vivienda para los jóvenes.\n"
              "La medida incluye ayudas directas al alquiler durante los próximos dos años.\n"
              "La oposición criticó el plan por llegar demasiado tarde y con poco dinero."),
      article(2, "elmundo.es", kTuesday,
              "El Consejo de Ministros aprobó el plan de vivienda para los jóvenes en Madrid.\n"
              "Los sindicatos pidieron más inversión pública en vivienda social.")};
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  EXPECT_FALSE(s.body.empty());
  expect_well_formed(s, a, synth::Options{}.max_words);
}

TEST(WriteStory, FiveHundredArticlesMakeAWellFormedStory) {
  std::mt19937 rng(7);
  std::vector<Article> a;
  for (ArticleId id = 1; id <= 500; ++id) a.push_back(generated(id, rng, 30));
  synth::Options opt;
  Story s;
  std::string why;
  // (Its speed is measured in bench/, not asserted here.)
  ASSERT_TRUE(synth::write_story(ptrs(a), opt, s, why)) << why;
  EXPECT_EQ(s.articles.size(), 500u);
  expect_well_formed(s, a, opt.max_words);
}

TEST(WriteStory, TheStandfirstSaysWhatHappenedNotTheReaction) {
  std::vector<Article> a = {
      article(1, "coastnews", kTuesday,
              "Officials said repairs would take days.\n"
              "A powerful storm hit the northern coast of the country on Monday, tearing down "
              "power lines and flooding roads.\n"
              "About 20,000 homes along the northern coast were left without power by the storm."),
      article(2, "wire", kTuesday + 600,
              "The storm hit the northern coast with winds of 140 km/h, flooding roads in three "
              "towns.\n"
              "Power lines were torn down across the coast and 20,000 homes lost power.")};
  a[0].title = "Storm batters northern coast | Coast News";
  a[1].title = "Powerful storm hits northern coast, floods roads - Wire Service";
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  EXPECT_EQ(s.standfirst.text.find("Officials said"), std::string::npos) << s.standfirst.text;
  EXPECT_NE(s.standfirst.text.find("storm"), std::string::npos) << s.standfirst.text;
  EXPECT_TRUE(s.headline == "Storm batters northern coast" ||
              s.headline == "Powerful storm hits northern coast, floods roads")
      << s.headline;
  expect_well_formed(s, a, synth::Options{}.max_words);

  // A transcript's line is someone's words too, not the news.
  a[0].text = "GOVERNOR SMITH: The storm that hit the northern coast tore down power lines and "
              "flooded roads in three towns.\n"
              "A powerful storm hit the northern coast of the country on Monday, tearing down "
              "power lines and flooding roads.\n";
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  EXPECT_EQ(s.standfirst.text.find("GOVERNOR"), std::string::npos) << s.standfirst.text;
  EXPECT_NE(s.standfirst.text.find("storm"), std::string::npos) << s.standfirst.text;

  // So is talk: a sentence that opens with an interjection.
  a[0].text = "Well, the storm that hit the northern coast tore down power lines and flooded roads "
              "in three towns.\n"
              "A powerful storm hit the northern coast of the country on Monday, tearing down "
              "power lines and flooding roads.\n";
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  EXPECT_FALSE(s.standfirst.text.starts_with("Well,")) << s.standfirst.text;
  EXPECT_NE(s.standfirst.text.find("storm"), std::string::npos) << s.standfirst.text;
}

TEST(WriteStory, DatelinesAreLeftOutOfTheStory) {
  std::vector<Article> a = {
      article(1, "ap", kTuesday,
              "WASHINGTON (AP) \xE2\x80\x94 The Senate passed a two-year budget deal early Friday after a brief "
              "government shutdown overnight.\n"
              "The deal raises spending on the military and domestic programmes by about $300 billion.\n"),
      article(2, "nyt", kTuesday + 600,
              "WASHINGTON \xE2\x80\x94 Lawmakers ended a brief government shutdown on Friday with a budget deal "
              "that the Senate passed before dawn.\n"
              "The House approved the measure hours later, sending it to the president.\n")};
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  expect_well_formed(s, a, synth::Options{}.max_words);
  std::vector<std::string> told = {s.standfirst.text};
  for (const auto& b : s.body) told.push_back(b.text);
  ASSERT_GE(told.size(), 3u);
  for (const std::string& t : told) EXPECT_EQ(t.find("WASHINGTON"), std::string::npos) << t;
}

TEST(WriteStory, TheSameFactFromTwoOutletsIsToldOnceAndCitesBoth) {
  std::vector<Article> a = {
      article(1, "bbc.co.uk", kTuesday,
              "US defence secretary Pete Hegseth is visiting NATO headquarters in Brussels for "
              "the first time.\n"
              "Hegseth will first take part in a meeting of the Ukraine Defence Contact Group at "
              "NATO headquarters.\n"
              "Allies want to hear what the new administration has in store for the alliance."),
      article(2, "cnn.com", kTuesday + 600,
              "Defense Secretary Pete Hegseth travels to Brussels to meet European allies this "
              "week.\n"
              "Hegseth will participate in a meeting of the Ukraine Defense Contact Group at NATO "
              "headquarters.\n"
              "European officials are keen to understand how America plans to end the war.")};
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  expect_well_formed(s, a, synth::Options{}.max_words);
  std::size_t contact_group = 0;
  const StorySentence* told = nullptr;
  for (const StorySentence* x : {&s.standfirst}) told = x->text.find("Contact Group") != std::string::npos ? x : told;
  for (const StorySentence& b : s.body)
    if (b.text.find("Contact Group") != std::string::npos) ++contact_group, told = &b;
  EXPECT_LE(contact_group, 1u);
  ASSERT_NE(told, nullptr);
  std::set<ArticleId> cited;
  for (const SentenceSource& src : told->sources) cited.insert(src.article);
  EXPECT_EQ(cited, (std::set<ArticleId>{1, 2}));
}

TEST(WriteStory, WithoutTitlesTheHeadlineComesFromTheBestSentence) {
  const auto a = nato_cluster();  // no titles
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  EXPECT_FALSE(s.headline.empty());
  EXPECT_NE(s.headline.find("Hegseth"), std::string::npos) << s.headline;
  // Drawn from a story sentence: its words are the opening of one of them.
  bool prefix = s.standfirst.text.rfind(s.headline, 0) == 0;
  for (const StorySentence& b : s.body) prefix = prefix || b.text.rfind(s.headline, 0) == 0;
  EXPECT_TRUE(prefix) << s.headline;
}

TEST(WriteStory, ClickbaitOrEmptyTitlesStillGiveAHeadline) {
  auto a = nato_cluster();
  a[0].title = "You won't believe what happened at NATO";
  a[1].title = "Home";
  a[2].title = "";
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  EXPECT_EQ(s.headline.find("believe"), std::string::npos);
  EXPECT_NE(s.headline, "Home");
  expect_well_formed(s, a, synth::Options{}.max_words);
}

TEST(WriteStory, LongSentencesNeverMakeALongStandfirst) {
  std::string text;
  for (int k = 0; k < 3; ++k) {
    text += "The committee that oversees the regional transport network in the northern provinces "
            "voted on Tuesday to approve the long-delayed plan for a new railway line between the "
            "two largest cities of the region, after years of debate and several rejected "
            "proposals number " + std::to_string(k) + ".\n";
  }
  text += "The new railway line will cost 4 billion euros.\n";
  std::vector<Article> a = {article(1, "x", kTuesday, text)};
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  EXPECT_LE(text::count_words(s.standfirst.text), synth::kStandfirstMaxWords);
  EXPECT_FALSE(s.headline.empty());
}

TEST(WriteStory, AnUndatedArticleKeepsItsRelativeDatesAndDoesNotDateTheStory) {
  std::vector<Article> a = {
      article(1, "undated", 0,
              "The regional parliament will vote on Monday on the new flood defence plan.\n"
              "The plan would raise the river walls in six towns along the valley."),
      article(2, "dated", kTuesday,
              "The regional parliament approved funding for new flood walls in the valley.\n"
              "Work on the river walls in six towns is due to begin in the spring.")};
  a[0].utc_offset = 3600;                          // an offset without a date is no date
  a[0].fetched = kTuesday + 20 * 86400;            // read weeks later
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  EXPECT_EQ(s.event_date, "2025-02-11");  // the dated article's day, not the fetch day
  bool kept = false;
  for (const StorySentence* x : {&s.standfirst}) kept |= x->text.find("on Monday on") != std::string::npos;
  for (const StorySentence& b : s.body) kept |= b.text.find("on Monday on") != std::string::npos;
  EXPECT_TRUE(kept) << synth::format_text(s);
  expect_well_formed(s, a, synth::Options{}.max_words);
}

TEST(WriteStory, ATwoArticleStoryOnOneFactIsShort) {
  // Two outlets report one fact. The wire's second sentence sums up what the first
  // outlet tells in three: no pair of sentences repeats another, but it adds nothing.
  std::vector<Article> a = {
      article(1, "quakenews", kTuesday,
              "A magnitude 5.8 earthquake struck the sea south of Crete on Tuesday morning, the "
              "Greek geophysical institute said.\n"
              "The quake was about 10 kilometres deep and residents felt it as far as Heraklion "
              "and Chania.\n"
              "No damage or injuries were reported on the island, the police said, and ferries "
              "to Piraeus sailed on schedule."),
      article(2, "wire", kTuesday + 600,
              "An earthquake of magnitude 5.8 hit the sea south of the Greek island of Crete on "
              "Tuesday.\n"
              "Residents of Heraklion felt the quake, which caused no damage or injuries on "
              "Crete.")};
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  expect_well_formed(s, a, synth::Options{}.max_words);
  // Far below the 300-word budget: the fact, how deep and where it was felt, and that
  // nobody was hurt.
  EXPECT_LE(s.body.size(), 2u) << synth::format_text(s);
  EXPECT_LT(synth::story_words(s), 70u) << synth::format_text(s);
  // No sentence says only what the rest of the story says: each has 30% or more of its
  // content words (folded stems) that no other sentence of the story has.
  std::vector<std::vector<std::string>> terms = {synth::repeat_terms(s.standfirst.text)};
  for (const StorySentence& b : s.body) terms.push_back(synth::repeat_terms(b.text));
  for (std::size_t i = 1; i < terms.size(); ++i) {
    std::size_t own = 0;
    for (const std::string& t : terms[i]) {
      bool elsewhere = false;
      for (std::size_t j = 0; j < terms.size(); ++j)
        elsewhere |= j != i && std::binary_search(terms[j].begin(), terms[j].end(), t);
      own += elsewhere ? 0 : 1;
    }
    EXPECT_GE(own * 10, terms[i].size() * 3) << s.body[i - 1].text;
  }
}

// ---- bad input: a headline and a standfirst every time, within limits ----

namespace {
void expect_headline_and_standfirst(const std::vector<Article>& a, const std::string& label) {
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << label << ": " << why;
  const std::size_t h = text::count_words(s.headline);
  const std::size_t f = text::count_words(s.standfirst.text);
  EXPECT_GE(h, 1u) << label;
  EXPECT_LE(h, synth::kHeadlineMaxWords) << label << ": " << s.headline;
  EXPECT_GE(f, 1u) << label;
  EXPECT_LE(f, synth::kStandfirstMaxWords) << label << ": " << s.standfirst.text;
  for (const StorySentence& b : s.body) EXPECT_FALSE(b.text.empty()) << label;
  EXPECT_TRUE(synth::check_provenance(s, ptrs(a), &why)) << label << ": " << why;
}
}  // namespace

TEST(WriteStoryBadInput, TitlesEmptyIdenticalClickbaitOrInOtherLanguages) {
  auto a = nato_cluster();
  for (Article& x : a) x.title = "";
  expect_headline_and_standfirst(a, "empty titles");
  for (Article& x : a) x.title = "Hegseth visits NATO";
  expect_headline_and_standfirst(a, "identical titles");
  for (Article& x : a) x.title = "You won't believe what happened next!";
  expect_headline_and_standfirst(a, "clickbait titles");
  a[0].title = "Hegseth besucht erstmals das Nato-Hauptquartier in Brüssel";
  a[1].title = "Hegseth se rend au siège de l'Otan pour la première fois";
  a[2].title = "Хегсет впервые посетит штаб-квартиру НАТО";
  expect_headline_and_standfirst(a, "titles in other languages");
  // None of them shares a word with the English story: the headline comes from it.
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why)) << why;
  EXPECT_NE(s.headline, a[1].title);
  EXPECT_NE(s.headline, a[2].title);
}

TEST(WriteStoryBadInput, ContradictingLedesOneArticleAndFiveHundred) {
  std::vector<Article> a = {
      article(1, "one", kTuesday,
              "The earthquake in the region killed 12 people on Monday, officials said.\n"
              "Rescue teams searched collapsed buildings through the night."),
      article(2, "two", kTuesday + 60,
              "The earthquake in the region killed 40 people on Monday, the regional governor "
              "said.\n"
              "Hospitals in the region treated hundreds of injured residents.")};
  expect_headline_and_standfirst(a, "contradicting ledes");
  Story s;
  std::string why;
  ASSERT_TRUE(synth::write_story(ptrs(a), synth::Options{}, s, why));
  EXPECT_FALSE(s.disagreements.empty());  // shown, not settled
  expect_headline_and_standfirst({a[0]}, "one article");
  std::mt19937 rng(11);
  std::vector<Article> many;
  for (ArticleId id = 1; id <= 500; ++id) many.push_back(generated(id, rng, 12));
  expect_headline_and_standfirst(many, "500 articles");
}

TEST(WriteStoryBadInput, SentencesOfThreeHundredWordsOrNoPunctuation) {
  std::string long_sentence = "The regional council that oversees the transport network";
  for (int k = 0; k < 58; ++k)
    long_sentence += ", and the committee number " + std::to_string(k) + " met in the town hall";
  long_sentence += ", voted on Tuesday to approve the plan.";
  ASSERT_GT(text::count_words(long_sentence), 300u);
  std::vector<Article> a = {article(1, "x", kTuesday, long_sentence + " " + long_sentence),
                            article(2, "y", kTuesday + 60, long_sentence)};
  expect_headline_and_standfirst(a, "300-word sentences");
  // A scrape with no full stop at all, and one of a few words per line.
  std::string run_on = "flood waters rose across the valley overnight";
  for (int k = 0; k < 60; ++k) run_on += " and crews worked in town " + std::to_string(k);
  expect_headline_and_standfirst({article(1, "x", kTuesday, run_on)}, "no punctuation");
  expect_headline_and_standfirst(
      {article(1, "x", kTuesday, "Floods hit valley\nTowns cut off\nCrews at work")},
      "short lines");
}
