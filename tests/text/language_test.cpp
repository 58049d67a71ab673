// Tests for detect_language() (language.cpp).
#include <gtest/gtest.h>

#include <string>

#include "text/text.h"

using storyline::text::detect_language;

TEST(DetectLanguage, NamesTheLanguageOfNewsText) {
  EXPECT_EQ(detect_language("The council voted on Tuesday to approve the budget, which raises spending on "
                            "schools, roads and parks, after a debate that lasted more than six hours."),
            "en");
  EXPECT_EQ(detect_language("Der Stadtrat hat am Dienstag den Haushalt gebilligt, der mehr Geld für Schulen, "
                            "Straßen und Parks vorsieht, nach einer Debatte von mehr als sechs Stunden."),
            "de");
  EXPECT_EQ(detect_language("Le conseil municipal a approuvé mardi le budget, qui augmente les dépenses pour "
                            "les écoles, les routes et les parcs, après un débat de plus de six heures."),
            "fr");
  EXPECT_EQ(detect_language("Городской совет во вторник утвердил бюджет, который увеличивает расходы на "
                            "школы, дороги и парки, после дебатов, длившихся более шести часов."),
            "ru");
  EXPECT_EQ(detect_language("市议会周二批准了预算，增加了学校、道路和公园的开支，此前进行了六个多小时的辩论。"
                            "官员们表示，新预算将于下个月生效。"),
            "zh");
}

TEST(DetectLanguage, SaysNothingWhenItCannotTell) {
  EXPECT_EQ(detect_language(""), "");
  EXPECT_EQ(detect_language("12 34 56 %% ++"), "");
  EXPECT_EQ(detect_language("\xff\xfe not UTF-8"), "");
}

TEST(DetectLanguage, LongTextsAreCutOnACharacterBoundary) {
  // 64 KiB of two-byte characters plus one: the cut falls inside a character.
  std::string text = "a";
  while (text.size() < 70000) text += "Пресс-служба сообщила, что совещание прошло успешно. ";
  EXPECT_EQ(detect_language(text), "ru");
}
