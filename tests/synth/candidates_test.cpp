// Sentence filter, safe rewrites and term vectors.
#include <gtest/gtest.h>

#include "synth/internal.h"

using namespace storyline;
using namespace storyline::synth::detail;

TEST(JunkReason, KeepsOrdinaryNewsSentences) {
  EXPECT_EQ(junk_reason("Hegseth will first take part in a meeting of the Ukraine Defence "
                        "Contact Group at NATO's Brussels headquarters.",
                        true),
            nullptr);
  EXPECT_EQ(junk_reason("“The secretary will reiterate the commitment,” the Pentagon said.", true),
            nullptr);
}

TEST(JunkReason, RejectsJunk) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Five people died.", "too short"},
      {"The minister said the talks would continue next week", "no final punctuation"},
      {"BREAKING NEWS: MINISTER RESIGNS AFTER TALKS COLLAPSE IN BRUSSELS.", "all caps"},
      {"Read the full report at https://example.com/report today.", "url"},
      {"Click here to get the latest news delivered to your inbox.", "page furniture"},
      {"Advertisement continues below this sentence for our readers.", "page furniture"},
      {"A man walks past the ruins in Kyiv (Photo by John Smith/Getty Images).", "page furniture"},
      {"By Jane Smith and John Doe, Brussels Bureau Chief.", "byline"},
      {"The quiet street of the old town after the long winter night.", "no verb"},
      {"“We will not stop until the job is done, and we will win the vote.", "partial quote"},
  };
  for (const auto& [s, why] : cases) {
    const char* r = junk_reason(s, true);
    ASSERT_NE(r, nullptr) << s;
    EXPECT_EQ(std::string(r), why) << s;
  }
  // The verb test is English-only.
  EXPECT_EQ(junk_reason("La ciudad amaneció tranquila tras la larga noche de invierno.", false),
            nullptr);
}

TEST(JunkReason, RejectsScrapedBoilerplate) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      // Web-archive notices, embedded-tweet and player text, forms and reader prompts.
      {"Flowing in every day, these data are added to the Wayback Machine after an embargo "
       "period.",
       "page furniture"},
      {"You always have the option to delete your Tweet location history.", "page furniture"},
      {"Just fill in your contact details in the form below to join our mailing list today.",
       "page furniture"},
      {"Have a look at the best moments in our gallery, then share your own thoughts below.",
       "page furniture"},
      {"Reporter Carol Christian contributed to this article from the scene.", "page furniture"},
      {"You can unsubscribe from these messages at any time you like.", "page furniture"},
      // Teasers cut off by their page.
      {"Pope Francis has traveled to the summer residence of his predecessor...", "truncated"},
      {"Recreational marijuana sales have exceeded the expectations of store owners\xE2\x80\xA6",
       "truncated"},
      // Two sentences run together without a space.
      {"The schools are all in a row.Those schools are all back open after being closed.",
       "glued text"},
      // An app's plug, a petition's form.
      {"Get the CBS app for iPhone & iPad!", "page furniture"},
      {"You must confirm your signature in your email for your vote to count.", "page furniture"},
      // A teaser's title glued to its own link text.
      {"Rocky The Bobcat Back On The Loose In South Jersey Rocky The Bobcat Back On The Loose In "
       "South Jersey South Jersey residents be on the lookout.",
       "repeated title"},
      {"Photos: Sinking of the Musashi Photos: Sinking of the Musashi The battleship sank in 1944.",
       "repeated title"},
      {"Mark Joseph Stern Mark Joseph Stern covers courts and the law for Slate.", "repeated title"},
      // Pieces of sentences, cut by the page or a list.
      {"staff, and so much to do that it will easily take up your entire day.", "fragment"},
      {"improving information-sharing between federal, state, and local operators.", "fragment"},
      {"commentary Once Sprint Nextel gets the iPhone, you can bid farewell to its data plan.", "fragment"},
      // Wire photo captions.
      {"FILE - In this May 24, 2016 picture, the congressman speaks on Capitol Hill in "
       "Washington.",
       "photo caption"},
      {"Senator John McCain speaks during a town hall, Tuesday, Feb. 19, 2013, in Sun Lakes, "
       "Ariz.",
       "photo caption"},
      {"In this Saturday, July 1, 2017, photo, people line up at the dispensary in Las Vegas.",
       "photo caption"},
      {"Ueli Steck, a mountaineer from Switzerland, speaks to the media at a hotel in Kathmandu, Nepal "
       "May 30, 2016.",
       "photo caption"},
  };
  for (const auto& [s, why] : cases) {
    const char* r = junk_reason(s, true);
    ASSERT_NE(r, nullptr) << s;
    EXPECT_EQ(std::string(r), why) << s;
  }
  // Reporting that only looks like them stays.
  for (const char* s : {
           "The museum said the archive will be added to the collection next year.",
           "Officials said the error was found during a routine check of the accounts.",
           "“We will see what happens next...” the mayor said on Tuesday evening.",
           "The attack happened on Tuesday, and the suspect was arrested in 2013.",
           "He filed the complaint with the court in Washington on Friday.",
           "U.S. officials said the talks with the U.K. delegation had gone well.",
           "Yes we can, yes we can, the crowd chanted as the senator arrived.",
           "iPhone sales rose by a fifth in the last quarter, the company said.",
           "The new law on data protection took effect across the country on May 30, 2016.",
           "The company said its chief executive would step down after the meeting in May 2016.",
           "Paris Hilton and Nicky Hilton arrived at the gala on Saturday night.",
           "Get the facts straight before the app launches, the regulator told the company.",
           "Apple released a new app for iPhone users on Monday.",
           "Officials would not confirm the report on Tuesday.",
           "The vote was close, very close, the speaker told reporters on Monday.",
       })
    EXPECT_EQ(junk_reason(s, true), nullptr) << s;
}

TEST(CleanSentence, DropsFurnitureGluedToTheFront) {
  EXPECT_EQ(clean_sentence("Image The White House spokeswoman said the lawyer had won."),
            "The White House spokeswoman said the lawyer had won.");
  EXPECT_EQ(clean_sentence("Advertisement Continue reading the main story The court ruled on "
                           "Monday."),
            "The court ruled on Monday.");
  EXPECT_EQ(clean_sentence("Updated | When the first humans left Africa, they got shorter."),
            "When the first humans left Africa, they got shorter.");
  EXPECT_EQ(clean_sentence("CLOSE Bone-chilling cold gripped much of the country."),
            "Bone-chilling cold gripped much of the country.");  // a video player's button
  EXPECT_EQ(clean_sentence("Email This Even at 88, Betty White has the ambition of a 20-something!"),
            "Even at 88, Betty White has the ambition of a 20-something!");  // a share button
  // A name, not furniture.
  EXPECT_EQ(clean_sentence("CLOSER ties were agreed on Monday."), "CLOSER ties were agreed on Monday.");
  EXPECT_EQ(clean_sentence("Image Comics announced a new series on Monday."),
            "Image Comics announced a new series on Monday.");
  EXPECT_EQ(clean_sentence("Advertisements for the show ran all week."),
            "Advertisements for the show ran all week.");
}

// A sentence that opens with a link label is a teaser for other content: it is dropped.
// Labels that open what the report says stay, and so do words that only begin like a label.
TEST(CleanSentence, DropsTeasersForOtherContent) {
  for (const char* s : {"Trending News: How Good Of A Person Are You?",
                        "RELATED: Best Places To Live In The World 2016",
                        "PHOTOS: Tony Scott's Films: From 'Top Gun' to 'Unstoppable'",
                        "MORE: Dow plunge briefly tops 1500 points as stock rout intensifies.",
                        "Raw: Deep snow, power outages in North Carolina.",
                        "NEWS: What Are the Rules of War?",
                        "Explore further: Newly discovered catalyst could lead to low-cost production.",
                        "JUST WATCHED Comey: We follow where the evidence takes us."})
    EXPECT_EQ(clean_sentence(s), "") << s;
  for (const char* s : {"UPDATE: Authorities identified the two bodies found on Monday.",
                        "CORRECTION: An earlier version of this article misstated the date.",
                        "PRESIDENT OBAMA: Great to be here.",
                        "Moreover, the council voted against the plan.",
                        "Newsrooms across the country cut staff this year.",
                        "Photographers gathered outside the court on Friday.",
                        "Storytelling was the theme of the festival, organisers said."})
    EXPECT_EQ(clean_sentence(s), s) << s;
}

TEST(Dateline, FoundOnlyWhereAReportIsPlaced) {
  // sentence -> what remains after the dateline
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"WASHINGTON \xE2\x80\x94 The Senate voted.", "The Senate voted."},
      {"NEW YORK (AP) \xE2\x80\x94 Stocks fell.", "Stocks fell."},
      {"LONDON (Reuters) - Michael Kors agreed to buy Jimmy Choo.", "Michael Kors agreed to buy Jimmy Choo."},
      {"SAN JUAN, Puerto Rico \xE2\x80\x94 Power returned.", "Power returned."},
      {"IDAHO FALLS, Idaho - The parents believe the boy was abducted.", "The parents believe the boy was abducted."},
      {"OTTAWA -- Liberal MP Mauril Belanger is losing his voice.", "Liberal MP Mauril Belanger is losing his voice."},
      {"Washington (CNN) Sarah Sanders was asked a simple question.", "Sarah Sanders was asked a simple question."},
      {"ST. LOUIS \xE2\x80\x93 \"We won,\" she said.", "\"We won,\" she said."},
      // Not datelines: a sentence that starts with a name or an acronym, a place that
      // is the subject, capitals without a dash.
      {"Washington said on Monday it would act.", "Washington said on Monday it would act."},
      {"NASA launched the probe on Monday.", "NASA launched the probe on Monday."},
      {"The UN \xE2\x80\x94 which met on Monday \xE2\x80\x94 agreed.", "The UN \xE2\x80\x94 which met on Monday \xE2\x80\x94 agreed."},
      {"Paris (AFP) is quoted.", "Paris (AFP) is quoted."},
      {"LONDON \xE2\x80\x94 and elsewhere.", "LONDON \xE2\x80\x94 and elsewhere."},
      {"I \xE2\x80\x94 We agreed.", "I \xE2\x80\x94 We agreed."},
  };
  for (const auto& [in, rest] : cases) EXPECT_EQ(in.substr(dateline_length(in)), rest) << in;
}

TEST(Voice, FirstPersonOutsideQuotesOnly) {
  auto count = [](std::string_view s) { return first_person_words(s, text::tokenize(s)); };
  EXPECT_EQ(count("I think we should all move to Sweden, and my friends agree."), 3u);
  EXPECT_EQ(count("We asked readers to tell us about their experiences."), 2u);
  // The speaker's own words inside a quote, and "US" the country, do not count.
  EXPECT_EQ(count("“I am incredibly flattered,” Stallone said in a statement."), 0u);
  EXPECT_EQ(count("\"We will rebuild,\" the mayor told us on Tuesday."), 1u);
  EXPECT_EQ(count("US officials met the delegation of the EU in Brussels."), 0u);
  EXPECT_EQ(count("The minister said the talks would continue in the spring."), 0u);
  const auto ranges = quoted_ranges("He said \"yes\" and “no” and \"maybe");
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_TRUE(in_ranges(ranges, 10));
  EXPECT_FALSE(in_ranges(ranges, 2));
}

TEST(CleanSentence, DropsLiveBlogAndSelfReferences) {
  EXPECT_EQ(clean_sentence("Against the backdrop of Trump’s comments (see 8.17 post), Hegseth will "
                           "visit NATO."),
            "Against the backdrop of Trump’s comments, Hegseth will visit NATO.");
  EXPECT_EQ(clean_sentence("The BBC understands that the minister will resign on Friday."),
            "The minister will resign on Friday.");
  EXPECT_EQ(clean_sentence("The minister, the BBC understands, will resign on Friday."),
            "The minister will resign on Friday.");
  EXPECT_EQ(clean_sentence("The minister will resign on Friday, the BBC understands."),
            "The minister will resign on Friday.");
  EXPECT_EQ(clean_sentence("Reuters has learned that the minister will resign."),
            "The minister will resign.");
  // Not an outlet: left alone.
  EXPECT_EQ(clean_sentence("Smith understands the risks of the plan."),
            "Smith understands the risks of the plan.");
  EXPECT_EQ(clean_sentence("He understands the risks of the plan."),
            "He understands the risks of the plan.");
  EXPECT_EQ(clean_sentence("The Prime Minister understands that the deal is fragile."),
            "The Prime Minister understands that the deal is fragile.");
  EXPECT_EQ(clean_sentence("The deal is fragile, The Times has learned."), "The deal is fragile.");
  EXPECT_EQ(clean_sentence("Read more: The minister who wants to resign."), "");
  EXPECT_EQ(clean_sentence("  Plain   sentence with   spaces.  "), "Plain sentence with spaces.");
}

TEST(DiscourseMarkers, StrippedAndDetected) {
  EXPECT_EQ(strip_discourse_marker("However, the talks failed."), "The talks failed.");
  EXPECT_EQ(strip_discourse_marker("But ministers disagreed."), "Ministers disagreed.");
  EXPECT_EQ(strip_discourse_marker("Also, the vote was delayed."), "The vote was delayed.");
  EXPECT_EQ(strip_discourse_marker("Butter prices rose."), "Butter prices rose.");
  EXPECT_TRUE(starts_with_discourse_marker("However, the talks failed."));
  EXPECT_FALSE(starts_with_discourse_marker("The talks failed."));
  EXPECT_TRUE(starts_with_pronoun("He said the talks failed."));
  EXPECT_TRUE(starts_with_pronoun("These talks failed."));
  EXPECT_TRUE(starts_with_pronoun("It’s over."));
  EXPECT_TRUE(starts_with_pronoun("“He will also highlight the need for more aid.”"));
  EXPECT_FALSE(starts_with_pronoun("Hegseth said the talks failed."));
  EXPECT_FALSE(starts_with_pronoun("Theresa May spoke."));
}

TEST(LooksEnglish, ByStopwordShare) {
  EXPECT_TRUE(looks_english("The minister said that the talks would continue in the spring."));
  EXPECT_FALSE(looks_english("Der Minister sagte, die Gespräche würden im Frühjahr fortgesetzt."));
}

TEST(TermVectors, DotAndNormalize) {
  TermVector a = {{1, 3.0f}, {2, 4.0f}};
  normalize(a);
  EXPECT_NEAR(a[0].second, 0.6, 1e-6);
  EXPECT_NEAR(dot(a, a), 1.0, 1e-6);
  TermVector b = {{2, 1.0f}, {7, 1.0f}};
  EXPECT_NEAR(dot(a, b), 0.8, 1e-6);
  TermVector zero;
  normalize(zero);
  EXPECT_DOUBLE_EQ(dot(zero, a), 0.0);
}

TEST(Vocabulary, StemsContentWordsToSharedIds) {
  Vocabulary v;
  const auto a = v.counts(stem_keys(text::tokenize("The talks collapsed as talks stalled.")));
  const auto b = v.counts(stem_keys(text::tokenize("Talk collapses.")));
  // talks x2 -> one id with count 2; "the"/"as" dropped.
  ASSERT_EQ(a.size(), 3u);
  float talk_count = 0;
  for (const auto& [id, n] : a) talk_count = std::max(talk_count, n);
  EXPECT_EQ(talk_count, 2.0f);
  EXPECT_NEAR(dot(a, b), 2.0 + 1.0, 1e-6);  // talk (2*1) + collaps (1*1)
}

TEST(CollectCandidates, SpansPositionsAndWholeQuotes) {
  Article a;
  a.id = 7;
  a.text =
      "Advertisement\n"
      "The government announced a new budget on Monday after weeks of talks.\n"
      "“We have listened to everyone. We will deliver the plan,” the minister said in London.\n"
      "Short one.\n"
      "Opposition parties criticised the plan as far too timid for the economy.";
  Vocabulary v;
  const auto c = collect_candidates({&a}, 10, v);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].position, 0u);
  EXPECT_EQ(c[2].position, 2u);
  EXPECT_EQ(c[0].text, "The government announced a new budget on Monday after weeks of talks.");
  // The two-sentence quote is one candidate, its span covering both sentences.
  EXPECT_EQ(
      c[1].span.of(a.text),
      "“We have listened to everyone. We will deliver the plan,” the minister said in London.");
  for (const auto& x : c) {
    EXPECT_EQ(x.text, std::string(x.span.of(a.text)));
    EXPECT_NEAR(dot(x.vec, x.vec), 1.0, 1e-5);
  }
  // The per-article cap keeps the leading sentences.
  EXPECT_EQ(collect_candidates({&a}, 1, v).size(), 1u);
  EXPECT_TRUE(collect_candidates({nullptr}, 10, v).empty());
}
