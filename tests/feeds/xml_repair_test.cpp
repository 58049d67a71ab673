// Tests for the document repairs before parsing (xml_repair.cpp).
#include <gtest/gtest.h>

#include <string>

#include "feeds/internal.h"

namespace storyline::feeds::detail {
namespace {

TEST(ElementDepth, CountsElementsNotMarkupLookalikes) {
  EXPECT_EQ(element_depth("<a><b><c/></b></a>", 100), 2u);
  EXPECT_EQ(element_depth("<a><!-- <b><c> --><![CDATA[<d><e>]]><?pi <f>?></a>", 100), 1u);
  EXPECT_EQ(element_depth("<a title='>'><b x=\"/>\">t</b></a>", 100), 2u);
  std::string deep;
  for (int i = 0; i < 50; ++i) deep += "<x>";
  EXPECT_EQ(element_depth(deep, 10), 11u);  // stops just past the limit
}

TEST(PrepareXml, RewritesEntitiesAndKeepsCdata) {
  Prepared p;
  std::string error;
  ASSERT_TRUE(prepare_xml("<r a=\"&eacute;\">&copy; &amp; &#233; & &unknown; <![CDATA[&nbsp; &]]></r>", {}, Options{}, p, error));
  EXPECT_EQ(p.xml, "<r a=\"&#xE9;\">&#xA9; &amp; &#233; &amp; &amp;unknown; <![CDATA[&nbsp; &]]></r>");
  ASSERT_EQ(p.problems.size(), 2u);
  EXPECT_EQ(p.problems[0], "undeclared entity &eacute;");
  EXPECT_EQ(p.problems[1], "unescaped '&'");
}

TEST(PrepareXml, ForbiddenNumericReferencesBecomeReplacementCharacters) {
  Prepared p;
  std::string error;
  ASSERT_TRUE(prepare_xml("<r>a&#1;b&#x0;c</r>", {}, Options{}, p, error));
  EXPECT_EQ(p.xml, "<r>a&#xFFFD;b&#xFFFD;c</r>");
}

TEST(DecodeBytes, TransportThenBomThenDeclaration) {
  std::vector<std::string> problems;
  EXPECT_EQ(decode_bytes("<?xml version='1.0' encoding='iso-8859-1'?><r>\xE9</r>", {}, problems),
            "<?xml version='1.0' encoding='iso-8859-1'?><r>\xC3\xA9</r>");
  EXPECT_EQ(decode_bytes("\xEF\xBB\xBF<r>\xC3\xA9</r>", {}, problems), "<r>\xC3\xA9</r>");
  EXPECT_EQ(decode_bytes("<?xml version='1.0' encoding='utf-8'?><r>\xE9</r>", "iso-8859-1", problems),
            "<?xml version='1.0' encoding='utf-8'?><r>\xC3\xA9</r>");
  EXPECT_TRUE(problems.empty());
}

}  // namespace
}  // namespace storyline::feeds::detail
