#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "cluster/cluster.h"
#include "cluster/internal.h"

using namespace storyline;
using namespace storyline::cluster;

namespace {

const UnixTime kDay = 86400;
const UnixTime kT0 = 1718000000;  // 2024-06-10

Article art(ArticleId id, const std::string& title, const std::string& text,
            UnixTime published = kT0, const std::string& source = "") {
  Article a;
  a.id = id;
  a.title = title;
  a.text = text;
  a.published = published;
  a.source = source.empty() ? "outlet" + std::to_string(id) : source;
  return a;
}

// Background coverage so document frequencies look like a news stream.
const std::vector<std::pair<std::string, std::string>> kBackground = {
    {"Central bank holds rates steady",
     "The central bank left its benchmark interest rate unchanged on Wednesday, saying inflation "
     "was easing but remained above target. Governor Maria Lopez said further cuts depended on "
     "wage growth and energy prices over the coming months."},
    {"Champions win cup final on penalties",
     "Rovers won the cup final on penalties after a goalless draw at the national stadium on "
     "Saturday. Goalkeeper Tom Baines saved two spot kicks as the club lifted the trophy for the "
     "first time in forty years."},
    {"Heatwave grips southern Europe",
     "Temperatures above 40 degrees Celsius were recorded across Spain, Italy and Greece as a "
     "heatwave tightened its grip, with authorities closing schools and warning elderly residents "
     "to stay indoors during the afternoon."},
    {"Tech giant unveils new phone",
     "The company unveiled its latest smartphone at an event in California on Tuesday, touting a "
     "faster chip, a brighter screen and a camera that works better in low light. Prices start at "
     "799 dollars."},
    {"Election campaign enters final week",
     "Candidates crisscrossed the country on Monday as the election campaign entered its final "
     "week, with polls showing the governing party narrowly ahead and many voters still "
     "undecided about the economy and immigration."},
    {"Museum returns looted artefacts",
     "The national museum returned dozens of bronze sculptures to Nigeria on Friday in a ceremony "
     "attended by ministers from both countries, more than a century after British soldiers took "
     "them from Benin City."},
};

void add_background(Clusterer& c, ArticleId& next) {
  for (const auto& [title, text] : kBackground) c.add(art(next++, title, text, kT0 - kDay));
}

// One event told three ways, and a second event on the same topic the same day.
const Article kQuakeA = art(
    100, "Magnitude 7.1 earthquake strikes southern Peru",
    "A magnitude 7.1 earthquake struck the Arequipa region of southern Peru early on Monday, "
    "killing at least 12 people and injuring dozens, officials said. The quake toppled adobe "
    "homes in the town of Chala and cut the Pan-American Highway with landslides. President Dina "
    "Boluarte flew to Arequipa to oversee rescue work.");
const Article kQuakeB = art(
    101, "Peru quake kills 12, Boluarte visits Arequipa",
    "At least twelve people died when a powerful 7.1 quake shook Peru's Arequipa region on "
    "Monday morning. Landslides blocked the Pan-American Highway near Chala, where many adobe "
    "houses collapsed, and President Boluarte travelled to Arequipa as rescuers searched the "
    "rubble.");
const Article kQuakeC = art(
    102, "Rescuers search rubble after deadly Arequipa earthquake",
    "Rescue teams in Chala dug through collapsed adobe homes on Monday after the 7.1 earthquake "
    "in Arequipa, Peru, as the death toll rose to 12. The Pan-American Highway remained closed "
    "by landslides, Boluarte said.");
// A second half that makes a wire story long enough (120+ words) not to be page chrome.
const std::string kLongerPart =
    " Peru's geophysical institute said the quake was centred 28 kilometres south of Atiquipa "
    "at a depth of 28 kilometres, and that more than 200 aftershocks had been recorded by "
    "midday. Hospitals in Arequipa and Nazca treated the injured, many of them hurt by falling "
    "walls, and the health ministry sent extra doctors and tents to the coast. Schools in the "
    "province will stay closed for the rest of the week while engineers check buildings, the "
    "education minister said, and the army has sent trucks with water and food to villages "
    "cut off by landslides along the coast road.";
const Article kOtherQuake = art(
    200, "Strong earthquake shakes northern Japan, tsunami advisory lifted",
    "A strong earthquake of magnitude 6.4 shook Hokkaido in northern Japan on Monday, the Japan "
    "Meteorological Agency said. A tsunami advisory for the Pacific coast near Kushiro was lifted "
    "after two hours. Bullet train services were briefly halted and no deaths were reported.");

}  // namespace

TEST(Clusterer, SameEventDifferentWordingJoins) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const Assignment a = c.add(kQuakeA);
  const Assignment b = c.add(kQuakeB);
  const Assignment d = c.add(kQuakeC);
  EXPECT_TRUE(a.new_story);
  EXPECT_FALSE(b.new_story);
  EXPECT_EQ(b.story, a.story);
  EXPECT_EQ(d.story, a.story);
  EXPECT_EQ(b.duplicate_of, 0);  // rewritten, not copied
  EXPECT_GT(b.similarity, Config{}.threshold);
  EXPECT_LE(b.similarity, 1.0);
}

TEST(Clusterer, DifferentEventsSameTopicSameDayStayApart) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const Assignment a = c.add(kQuakeA);
  c.add(kQuakeB);
  const Assignment j = c.add(kOtherQuake);
  EXPECT_TRUE(j.new_story);
  EXPECT_NE(j.story, a.story);
  EXPECT_EQ(c.story_count(), kBackground.size() + 2);
}

TEST(Clusterer, WireCopiesAreFlaggedAsDuplicates) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  Article wire = kQuakeA;
  wire.text += kLongerPart;
  const Assignment a = c.add(wire);
  Article copy = wire;
  copy.id = 300;
  copy.source = "Daily Courier";
  copy.title = "Quake in Peru";
  copy.text = "LIMA (AP) - " + wire.text;
  const Assignment b = c.add(copy);
  EXPECT_EQ(b.duplicate_of, wire.id);
  EXPECT_EQ(b.story, a.story);
  EXPECT_FALSE(b.new_story);
  // Copies of the copy still point at the original and join its story.
  for (ArticleId id : {301, 302, 303}) {
    copy.id = id;
    const Assignment d = c.add(copy);
    EXPECT_EQ(d.duplicate_of, wire.id);
    EXPECT_EQ(d.story, a.story);
  }
  EXPECT_EQ(c.stats().duplicates, 4u);
  EXPECT_EQ(c.stats().boilerplate, 0u);
}

TEST(Clusterer, StoryIdsAreStableAsArticlesArrive) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const Assignment a = c.add(kQuakeA);
  const Assignment j = c.add(kOtherQuake);
  const auto before = c.stories();
  c.add(kQuakeB);
  c.add(kQuakeC);
  for (int i = 0; i < 3; ++i) {
    const auto& [title, text] = kBackground[static_cast<std::size_t>(i)];
    c.add(art(next++, title, text + " More details were published later.", kT0));
  }
  const auto after = c.stories();
  std::set<StoryId> ids_after;
  for (const auto& s : after) ids_after.insert(s.id);
  for (const auto& s : before) EXPECT_TRUE(ids_after.count(s.id)) << s.id;
  for (const auto& s : after) {
    if (s.id == a.story) {
      EXPECT_EQ(s.articles, (std::vector<ArticleId>{kQuakeA.id, kQuakeB.id, kQuakeC.id}));
    }
    if (s.id == j.story) {
      EXPECT_EQ(s.articles, (std::vector<ArticleId>{kOtherQuake.id}));
    }
  }
}

TEST(Clusterer, EmptyAndOneWordTextsAreSingletons) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const Assignment e1 = c.add(art(500, "", ""));
  const Assignment e2 = c.add(art(501, "", ""));
  const Assignment w1 = c.add(art(502, "", "Earthquake"));
  const Assignment w2 = c.add(art(503, "Earthquake", "Earthquake"));
  EXPECT_TRUE(e1.new_story && e2.new_story && w1.new_story && w2.new_story);
  const std::set<StoryId> ids = {e1.story, e2.story, w1.story, w2.story};
  EXPECT_EQ(ids.size(), 4u);
  // A real article does not join the one-word stories, and they never join it.
  const Assignment a = c.add(kQuakeA);
  EXPECT_TRUE(a.new_story);
  const Assignment w3 = c.add(art(504, "", "Arequipa"));
  EXPECT_NE(w3.story, a.story);
  EXPECT_TRUE(w3.new_story);
  EXPECT_EQ(c.add(kQuakeB).story, a.story);
  EXPECT_EQ(c.stats().unjoinable, 5u);
}

// Only the first max_text_bytes of a text are features: a huge page whose tail is about
// another event (here 10 MB on the Japan quake after 32 KB on the Peru quake) is clustered by
// its head alone. (How long this takes is a benchmark's business, not a unit test's.)
TEST(Clusterer, HugeTextsAreTruncated) {
  std::string huge;
  huge.reserve(11 << 20);
  while (huge.size() < Config{}.max_text_bytes) huge += kQuakeA.text + "\n";
  while (huge.size() < (10u << 20)) huge += kOtherQuake.text + "\n";
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const Assignment h = c.add(art(600, kQuakeA.title, huge));
  EXPECT_TRUE(h.new_story);
  EXPECT_EQ(c.add(kQuakeB).story, h.story);
  EXPECT_NE(c.add(kOtherQuake).story, h.story);
}

TEST(Clusterer, UnknownLanguagesClusterOnTokens) {
  Clusterer c;
  const Assignment a = c.add(art(1, "Σεισμός 6,1 Ρίχτερ στην Κρήτη",
      "Σεισμός μεγέθους 6,1 Ρίχτερ σημειώθηκε το πρωί στην ανατολική Κρήτη. Ζημιές σε σπίτια "
      "στο Ηράκλειο και στη Σητεία, χωρίς τραυματίες, σύμφωνα με την Πυροσβεστική."));
  const Assignment b = c.add(art(2, "Ζημιές στη Σητεία από τον σεισμό στην Κρήτη",
      "Ο σεισμός των 6,1 Ρίχτερ στην Κρήτη προκάλεσε ζημιές σε σπίτια στη Σητεία και στο "
      "Ηράκλειο. Η Πυροσβεστική δεν αναφέρει τραυματίες."));
  const Assignment d = c.add(art(3, "Αθήνα: νέο μετρό στον Πειραιά",
      "Η νέα γραμμή του μετρό προς τον Πειραιά άνοιξε σήμερα για το κοινό, με έξι σταθμούς "
      "και δρομολόγια κάθε τέσσερα λεπτά."));
  EXPECT_EQ(b.story, a.story);
  EXPECT_NE(d.story, a.story);
}

TEST(Clusterer, MissingDatesMeanNoDecay) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const Assignment a = c.add(kQuakeA);
  Article undated = kQuakeB;
  undated.published = 0;
  EXPECT_EQ(c.add(undated).story, a.story);
  // The same words two months later are a new story: the similarity has decayed.
  Article later = kQuakeC;
  later.published = kT0 + 60 * kDay;
  const Assignment l = c.add(later);
  EXPECT_TRUE(l.new_story);
  EXPECT_NE(l.story, a.story);
}

TEST(Clusterer, AbsurdDatesAreTreatedAsUnknown) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const Assignment a = c.add(kQuakeA);
  Article future = kQuakeB;
  future.published = 32503680000;  // year 3000
  EXPECT_EQ(c.add(future).story, a.story);
  // The year-3000 article did not stretch the story's time range: a normal follow-up the
  // next day still joins, and an unrelated article dated 1900 does not.
  Article next_day = kQuakeC;
  next_day.published = kT0 + kDay;
  EXPECT_EQ(c.add(next_day).story, a.story);
  Article old = art(700, "Harbour reopens", "The harbour reopened to fishing boats after dredging work finished ahead of schedule.", -2208988800);
  EXPECT_NE(c.add(old).story, a.story);
}

TEST(Clusterer, AbsurdDatesNeverMakeAGiantStory) {
  Clusterer c;
  for (std::size_t i = 0; i < kBackground.size(); ++i) {
    const auto& [title, text] = kBackground[i];
    c.add(art(static_cast<ArticleId>(i + 1), title, text, i % 2 ? 32503680000 : -2208988800));
  }
  EXPECT_EQ(c.story_count(), kBackground.size());
}

TEST(Clusterer, ConvergingStoriesMergeIntoTheOlder) {
  Config cfg;
  cfg.merge_threshold = 0.3;
  Clusterer c(cfg);
  ArticleId next = 1;
  add_background(c, next);
  // Two halves of one event with no words in common, then an article bridging them.
  const Assignment x = c.add(art(800, "Dam bursts above Derna",
      "Floodwater from the burst Derna dam swept through the Libyan city overnight; wadi "
      "embankments collapsed and neighbourhoods vanished."));
  const Assignment y = c.add(art(801, "Red Crescent morgues overwhelmed",
      "Volunteers counted bodies at makeshift morgues while international aid convoys reached "
      "Benghazi hospitals, the Red Crescent reported."));
  ASSERT_NE(x.story, y.story);
  const Assignment z = c.add(art(802, "Derna dam burst: Red Crescent morgues overwhelmed",
      "Floodwater from the burst Derna dam swept through the Libyan city; wadi embankments "
      "collapsed. Volunteers counted bodies at makeshift morgues while aid convoys reached "
      "Benghazi hospitals, the Red Crescent reported."));
  EXPECT_EQ(c.stats().merges, 1u);
  EXPECT_EQ(z.story, x.story);  // the older story survives
  bool found = false;
  for (const auto& s : c.stories()) {
    EXPECT_NE(s.id, y.story);
    if (s.id == x.story) {
      found = true;
      EXPECT_EQ(s.articles, (std::vector<ArticleId>{800, 801, 802}));  // arrival order
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(c.story_count(), kBackground.size() + 1);
}

TEST(Clusterer, ShortRepeatedPageChromeStaysApart) {
  Clusterer c;
  const std::string chrome =
      "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet "
      "Archive. Flowing in every day, these data are added to the Wayback Machine after an "
      "embargo period.";
  const Assignment a = c.add(art(1, "", chrome));
  const Assignment b = c.add(art(2, "", chrome));  // a short copy joins, like a wire brief
  const Assignment d = c.add(art(3, "", chrome));  // the third time it is chrome
  const Assignment e = c.add(art(4, "", chrome));
  EXPECT_EQ(b.duplicate_of, 1);
  EXPECT_EQ(b.story, a.story);
  EXPECT_EQ(d.duplicate_of, 1);
  EXPECT_NE(d.story, a.story);
  EXPECT_NE(e.story, d.story);
  EXPECT_EQ(c.stats().boilerplate, 2u);
  // The chrome's story no longer attracts related text.
  const Assignment f = c.add(art(5, "", "Alexa Internet crawl data is donated to the Internet Archive "
                                        "and added to the Wayback Machine every day."));
  EXPECT_NE(f.story, a.story);
}

// Syndication is the most common case in real news: a short wire brief reprinted verbatim by
// five outlets is one story, however often it repeats (it is not page chrome).
TEST(Clusterer, AShortWireBriefReprintedByFiveOutletsIsOneStory) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const std::string brief =
      "LISBON (Reuters) - Portugal's parliament approved on Friday a bill to cut income tax for "
      "young workers, sending it to the president for signature after months of debate.";
  std::set<StoryId> stories;
  for (int i = 0; i < 5; ++i) {
    const Assignment a = c.add(art(900 + i, "Portugal approves tax cut for young workers", brief,
                                   kT0 + i * 600, "outlet-" + std::to_string(i)));
    stories.insert(a.story);
  }
  EXPECT_EQ(stories.size(), 1u);
  EXPECT_EQ(c.stats().boilerplate, 0u);
}

TEST(PageFurniture, IsKnownByWhatItSays) {
  using cluster::detail::is_page_furniture;
  EXPECT_TRUE(is_page_furniture(
      "These crawls are part of an effort to archive pages as they are created. The Wayback Machine "
      "keeps them."));
  EXPECT_TRUE(is_page_furniture("Add location to your Tweets. Tweet with a location."));
  EXPECT_TRUE(is_page_furniture("Please enable JavaScript in your browser to watch this video."));
  EXPECT_FALSE(is_page_furniture(
      "Portugal's parliament approved a bill to cut income tax. The president must now sign it."));
  // One furniture line in a news brief does not make it furniture.
  EXPECT_FALSE(is_page_furniture(
      "The storm hit the coast on Monday. Thousands lost power. Roads were closed. Sign up for "
      "our newsletter."));
  EXPECT_FALSE(is_page_furniture(""));
}

TEST(Clusterer, OutOfOrderArrivalIsAllowed) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  Article late = kQuakeB;
  late.published = kT0 + 2 * kDay;
  Article early = kQuakeA;
  early.published = kT0 + kDay;
  const Assignment a = c.add(late);
  EXPECT_EQ(c.add(early).story, a.story);
  EXPECT_EQ(c.add(kQuakeC).story, a.story);  // one day before the story's range
}

TEST(Clusterer, MoveKeepsState) {
  Clusterer c;
  const Assignment a = c.add(kQuakeA);
  Clusterer moved = std::move(c);
  EXPECT_EQ(moved.add(kQuakeB).story, a.story);
  EXPECT_EQ(moved.story_count(), 1u);
}

TEST(ClusterAll, ReturnsAssignmentsInInputOrder) {
  std::vector<Article> v;
  for (std::size_t i = 0; i < kBackground.size(); ++i)
    v.push_back(art(static_cast<ArticleId>(i + 1), kBackground[i].first, kBackground[i].second, kT0 - kDay));
  v.push_back(kQuakeC);
  v.back().published = kT0 + 3600;  // later than A: clustered after it
  v.push_back(kQuakeA);
  v.push_back(kOtherQuake);
  const auto out = cluster_all(v);
  ASSERT_EQ(out.size(), v.size());
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(out[i].article, v[i].id);
  const std::size_t c = kBackground.size(), a = c + 1, j = c + 2;
  EXPECT_EQ(out[c].story, out[a].story);
  EXPECT_TRUE(out[a].new_story);  // A came first in time
  EXPECT_FALSE(out[c].new_story);
  EXPECT_NE(out[j].story, out[a].story);
}

TEST(ClusterAll, WorksWithoutArticleIds) {
  std::vector<Article> v = {kQuakeA, kQuakeA, kOtherQuake};
  for (auto& a : v) a.id = 0;
  v[1].text = "LIMA (AP) - " + v[1].text;
  const auto out = cluster_all(v);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].story, out[1].story);
  EXPECT_NE(out[2].story, out[0].story);
  EXPECT_TRUE(out[0].new_story);
  EXPECT_FALSE(out[1].new_story);
}

// ---- expiry: stories quiet past the horizon leave the index ----

TEST(Clusterer, QuietStoriesExpireAndLeaveMemory) {
  for (const bool expire : {true, false}) {
    Config cfg;
    if (!expire) cfg.expire_days = 0;  // never
    Clusterer c(cfg);
    ArticleId next = 1;
    add_background(c, next);
    const Assignment a = c.add(kQuakeA);
    EXPECT_EQ(c.add(kQuakeB).story, a.story);
    const std::size_t held = c.stats().stories_held;
    EXPECT_EQ(held, kBackground.size() + 1);
    EXPECT_TRUE(c.take_expired().empty());
    // Ten days later (the default horizon is 1 + 3 * log2(1 / 0.2) = 7.97 days).
    c.add(art(300, "Harbour reopens", "The harbour reopened to fishing boats after dredging "
                                      "work finished ahead of schedule.", kT0 + 10 * kDay));
    EXPECT_EQ(c.stats().expired, expire ? kBackground.size() + 1 : 0u);
    // Expired stories leave memory, member lists and near-duplicate records too.
    EXPECT_EQ(c.stats().stories_held, expire ? 1u : held + 1);
    const auto gone = c.take_expired();
    EXPECT_EQ(gone.size(), expire ? kBackground.size() + 1 : 0u);
    EXPECT_EQ(std::count(gone.begin(), gone.end(), a.story), expire ? 1 : 0);
    bool found = false;
    for (const auto& s : c.stories())
      if (s.id == a.story) {
        found = true;
        EXPECT_EQ(s.articles, (std::vector<ArticleId>{100, 101}));
      }
    EXPECT_EQ(found, !expire);
    // A late article dated two days after the quake (decay 0.79) would have joined it; once
    // the story has expired it opens a new one (the documented rule).
    Article late = kQuakeC;
    late.published = kT0 + 2 * kDay;
    const Assignment l = c.add(late);
    EXPECT_EQ(l.new_story, expire);
    EXPECT_EQ(l.story == a.story, !expire);
  }
}

// On an endless stream the clusterer's memory stays flat: stories and near-duplicate records
// older than the horizon leave, so what it holds depends on the stream's rate, not its length.
TEST(Clusterer, MemoryStaysFlatOnAnEndlessStream) {
  Clusterer c;
  std::size_t held_at_20 = 0, records_at_20 = 0;
  ArticleId id = 1;
  for (int day = 0; day < 60; ++day) {
    for (int k = 0; k < 20; ++k, ++id) {
      // 20 events a day, each told twice (the second time verbatim: a near-duplicate record).
      const std::string key = "event" + std::to_string(day) + "x" + std::to_string(k);
      const std::string text = "Officials said " + key + " affected the " + key + " district on day " +
                               std::to_string(day) + ", with more details on " + key + " expected later today.";
      c.add(art(id, "Report on " + key, text, kT0 + day * kDay + k * 600));
      c.add(art(100000 + id, "Report on " + key, text, kT0 + day * kDay + k * 600 + 60));
    }
    if (day == 20) {
      held_at_20 = c.stats().stories_held;
      records_at_20 = c.stats().records_held;
    }
  }
  EXPECT_GT(c.stats().expired, 0u);
  EXPECT_GT(held_at_20, 0u);
  EXPECT_LE(c.stats().stories_held, held_at_20 + held_at_20 / 4);
  EXPECT_LE(c.stats().records_held, records_at_20 + records_at_20 / 4);
  EXPECT_LT(c.stats().stories_held, 60u * 20u / 3);  // far fewer than the stories opened
}

TEST(Clusterer, StoriesWithinTheHorizonStayJoinable) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const Assignment a = c.add(kQuakeA);
  // Other news keeps the clock moving, 12 hours apart, for five days.
  for (int k = 1; k <= 10; ++k)
    c.add(art(400 + k, "Harbour reopens " + std::to_string(k),
              "The harbour reopened to fishing boats after dredging work number " +
                  std::to_string(k) + " finished ahead of schedule.",
              kT0 + k * kDay / 2));
  EXPECT_EQ(c.stats().expired, 0u);
  Article follow = kQuakeB;
  follow.published = kT0 + 2 * kDay;
  EXPECT_EQ(c.add(follow).story, a.story);
}

TEST(Clusterer, UndatedStoriesExpireByTheStreamClock) {
  Clusterer c;
  Article undated = kQuakeA;
  undated.published = 0;
  const Assignment a = c.add(undated);  // no clock yet: nothing to measure quiet time by
  ArticleId next = 1;
  add_background(c, next);  // the clock starts (kT0 - 1 day)
  Article b = kQuakeB;
  b.published = 0;
  EXPECT_EQ(c.add(b).story, a.story);  // undated articles have no decay
  c.add(art(300, "Harbour reopens", "The harbour reopened to fishing boats after dredging "
                                    "work finished ahead of schedule.", kT0 + 10 * kDay));
  EXPECT_GE(c.stats().expired, 1u);
  Article d = kQuakeC;
  d.published = 0;
  const Assignment l = c.add(d);
  EXPECT_TRUE(l.new_story);
  EXPECT_NE(l.story, a.story);
}

TEST(Clusterer, CopiesOfExpiredArticlesOpenANewStory) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  Article wire = kQuakeA;
  wire.text += kLongerPart;
  const Assignment a = c.add(wire);
  Article copy = wire;
  copy.id = 500;
  EXPECT_EQ(c.add(copy).duplicate_of, wire.id);  // a fresh copy is a near-duplicate
  c.add(art(300, "Harbour reopens", "The harbour reopened to fishing boats after dredging "
                                    "work finished ahead of schedule.", kT0 + 10 * kDay));
  copy.id = 501;
  copy.published = kT0 + 10 * kDay;
  const Assignment late = c.add(copy);
  EXPECT_EQ(late.duplicate_of, 0);
  EXPECT_TRUE(late.new_story);
  EXPECT_NE(late.story, a.story);
}

// ---- page chrome learnt line by line ----

TEST(Clusterer, LinesSeenInManyStoriesStopCounting) {
  const std::string chrome =
      "Media playback is unsupported on your device. Share with Email, Facebook, Messenger";
  for (const bool learn : {true, false}) {
    Config cfg;
    if (!learn) cfg.chrome_line_stories = 0;
    Clusterer c(cfg);
    std::set<StoryId> with_line;  // untitled, so the shared line weighs as much as it can
    for (std::size_t i = 0; i < 3; ++i) {
      const std::string& text = kBackground[i].second;
      with_line.insert(c.add(art(static_cast<ArticleId>(i + 1), "", chrome + "\n" + text)).story);
    }
    ASSERT_EQ(with_line.size(), 3u);  // different stories despite the shared line
    const Assignment x = c.add(art(10, "", chrome + "\nHarbour dredging"));
    if (learn) {
      // Left with two words once the chrome line is dropped: too little to join anything.
      EXPECT_TRUE(x.new_story);
      EXPECT_EQ(c.stats().unjoinable, 1u);
    } else {
      EXPECT_EQ(with_line.count(x.story), 1u);  // the shared line alone made it join
    }
  }
}

// ---- snapshots: a clusterer made from another's saved state places every next article as
// the original does (stories joined over days, verbatim copies, expiry, chrome lines) ----

namespace {

// 40 days of news: each day 12 new events, each told for 3 days by several outlets in their
// own words, a fifth of the articles verbatim copies, one page-chrome line repeated everywhere.
std::vector<Article> long_stream() {
  std::vector<Article> out;
  std::uint64_t x = 12345;
  auto rnd = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  static const char* kWords[] = {"harbour", "council", "budget", "storm", "election", "strike", "court",
                                 "vaccine", "bridge", "airport", "festival", "merger", "drought",
                                 "protest", "satellite", "museum", "pipeline", "treaty", "wildfire",
                                 "tariff", "stadium", "reactor", "railway", "glacier"};
  std::vector<std::string> last_text(40 * 12);
  ArticleId id = 1;
  for (int day = 0; day < 40; ++day)
    for (int back = 0; back < 3; ++back) {
      const int d = day - back;
      if (d < 0) continue;
      for (int e = 0; e < 12; ++e) {
        const std::size_t ev = static_cast<std::size_t>(d * 12 + e);
        // Words of the event's own (pseudo-words from syllables), so events differ.
        auto word = [](std::size_t i) {
          static const char* syl[] = {"ba", "ko", "ri", "ne", "su", "ta", "mo", "li", "den", "gar",
                                      "vin", "pol", "ser", "tu", "al", "ix", "or", "em", "ca", "do"};
          std::string w;
          for (std::size_t k = i + 401; k > 0; k /= 20) w += syl[k % 20];
          return w;
        };
        std::string name = word(ev * 5);
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
        const std::string a = word(ev * 5 + 1), b = word(ev * 5 + 2), c = word(ev * 5 + 3), g = kWords[ev % 24];
        for (int k = 0; k < 2; ++k, ++id) {
          Article art_;
          art_.id = id;
          art_.title = name + " " + a + " " + b + " " + g;
          art_.source = "outlet" + std::to_string(rnd() % 30);
          art_.published = kT0 + day * kDay + static_cast<UnixTime>(rnd() % 80000);
          if (!last_text[ev].empty() && rnd() % 5 == 0) {
            art_.text = last_text[ev];
          } else {
            art_.text = name + " said the " + a + " and the " + b + " were hit by the " + g + " on day " +
                        std::to_string(d) + ", and " + c + " " + word(rnd() % 3000) + " " + word(rnd() % 3000) +
                        " described the " + a + " " + c + " in detail.\nSubscribe to our newsletter for more.\n" +
                        name + " expects the " + b + " " + c + " to recover as " + word(rnd() % 3000) + " crews work.";
            last_text[ev] = art_.text;
          }
          out.push_back(std::move(art_));
        }
      }
    }
  return out;
}

}  // namespace

TEST(Clusterer, ASnapshotPlacesTheNextArticlesAsTheOriginalDoes) {
  const auto v = long_stream();
  ASSERT_GT(v.size(), 2000u);
  Clusterer straight;
  std::vector<Assignment> want;
  for (const auto& a : v) want.push_back(straight.add(a));
  EXPECT_GT(straight.stats().expired, 0u);
  EXPECT_GT(straight.stats().stories_created, 400u);
  EXPECT_GT(straight.stats().duplicates, 0u);
  for (const std::size_t cut : {std::size_t{1}, v.size() / 3, v.size() * 2 / 3}) {
    Clusterer c;
    for (std::size_t i = 0; i < cut; ++i) c.add(v[i]);
    const std::string saved = c.save();
    Clusterer back = Clusterer::load(Config{}, saved);
    EXPECT_EQ(back.save(), saved) << "a loaded state saves to the same bytes";
    for (std::size_t i = cut; i < v.size(); ++i) {
      const Assignment got = back.add(v[i]);
      ASSERT_EQ(got, want[i]) << "article " << i << " after a snapshot at " << cut;
    }
    EXPECT_EQ(back.stats().expired, straight.stats().expired);
  }
}

TEST(Clusterer, ADamagedSnapshotIsRefused) {
  Clusterer c;
  ArticleId next = 1;
  add_background(c, next);
  const std::string saved = c.save();
  EXPECT_THROW(Clusterer::load(Config{}, saved.substr(0, saved.size() / 2)), std::runtime_error);
  EXPECT_THROW(Clusterer::load(Config{}, "not a snapshot"), std::runtime_error);
  EXPECT_THROW(Clusterer::load(Config{}, saved + "x"), std::runtime_error);
  Config other;
  other.duplicate_bits = 3;  // another band layout
  EXPECT_THROW(Clusterer::load(other, saved), std::runtime_error);
  EXPECT_NO_THROW(Clusterer::load(Config{}, saved));
}
