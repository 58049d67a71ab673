#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "eval/eval.h"

using namespace storyline::eval;
using namespace storyline::eval::detail;
using Rows = std::vector<std::vector<std::string>>;
using Strings = std::vector<std::string>;

TEST(ParseCsv, PlainAndQuotedFields) {
  EXPECT_EQ(parse_csv("a,b,c\n1,2,3\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(parse_csv("a,\"b,c\",d"), (Rows{{"a", "b,c", "d"}}));
  EXPECT_EQ(parse_csv("\"say \"\"hi\"\"\",x"), (Rows{{"say \"hi\"", "x"}}));
  EXPECT_EQ(parse_csv("\"\"\"\""), (Rows{{"\""}}));
}

TEST(ParseCsv, LineBreaksInsideQuotesAndCrlf) {
  EXPECT_EQ(parse_csv("h1,h2\r\n\"line one\nline two\",\"x\r\ny\"\r\nlast,row"),
            (Rows{{"h1", "h2"}, {"line one\nline two", "x\r\ny"}, {"last", "row"}}));
}

TEST(ParseCsv, EmptyFieldsBomAndBlankLines) {
  EXPECT_EQ(parse_csv("\xEF\xBB\xBF" "a,,c\n\n,\n"), (Rows{{"a", "", "c"}, {"", ""}}));
  EXPECT_EQ(parse_csv(""), Rows{});
  EXPECT_EQ(parse_csv("\"\""), (Rows{{""}}));
  EXPECT_EQ(parse_csv("no newline at end"), (Rows{{"no newline at end"}}));
}

TEST(ParseCsv, UnterminatedQuoteThrows) {
  EXPECT_THROW(parse_csv("a,\"never closed\nb"), std::runtime_error);
}

TEST(PythonList, QuotesAndEscapes) {
  EXPECT_EQ(parse_python_string_list("[]"), Strings{});
  EXPECT_EQ(parse_python_string_list(" [ 'a' ,\"b\" ] "), (Strings{"a", "b"}));
  EXPECT_EQ(parse_python_string_list(R"(['it\'s', "say \"hi\"", 'back\\slash'])"),
            (Strings{"it's", "say \"hi\"", "back\\slash"}));
  EXPECT_EQ(parse_python_string_list(R"(['a\nb \t c'])"), (Strings{"a\nb \t c"}));
  EXPECT_EQ(parse_python_string_list(R"(["don't", 'a "quote"'])"),
            (Strings{"don't", "a \"quote\""}));
  EXPECT_EQ(parse_python_string_list("['x',]"), (Strings{"x"}));  // trailing comma
}

TEST(PythonList, HexUnicodeAndOctalEscapes) {
  EXPECT_EQ(parse_python_string_list(R"(['caf\xe9'])"), (Strings{"caf\xC3\xA9"}));
  EXPECT_EQ(parse_python_string_list(R"(['\u2013 dash'])"), (Strings{"\xE2\x80\x93 dash"}));
  EXPECT_EQ(parse_python_string_list(R"(['\U0001F600'])"), (Strings{"\xF0\x9F\x98\x80"}));
  EXPECT_EQ(parse_python_string_list(R"(['\ud83d\ude00'])"), (Strings{"\xF0\x9F\x98\x80"}));
  EXPECT_EQ(parse_python_string_list(R"(['\101\0'])"), (Strings{std::string("A\0", 2)}));
  EXPECT_EQ(parse_python_string_list(R"(['\q stays'])"), (Strings{"\\q stays"}));
  // UTF-8 passes through untouched.
  EXPECT_EQ(parse_python_string_list("['world\xE2\x80\x99s']"), (Strings{"world\xE2\x80\x99s"}));
}

TEST(PythonList, PrefixesTripleQuotesAndConcatenation) {
  EXPECT_EQ(parse_python_string_list(R"([u'uni', r'raw\n'])"), (Strings{"uni", "raw\\n"}));
  EXPECT_EQ(parse_python_string_list("['''a 'quoted' word''']"), (Strings{"a 'quoted' word"}));
  EXPECT_EQ(parse_python_string_list("['ab' 'cd', 'e']"), (Strings{"abcd", "e"}));
}

TEST(PythonList, MalformedInputThrows) {
  EXPECT_THROW(parse_python_string_list(""), std::runtime_error);
  EXPECT_THROW(parse_python_string_list("['a'"), std::runtime_error);
  EXPECT_THROW(parse_python_string_list("['a' 'b"), std::runtime_error);
  EXPECT_THROW(parse_python_string_list("['a', 3]"), std::runtime_error);
  EXPECT_THROW(parse_python_string_list("['a'] extra"), std::runtime_error);
  EXPECT_THROW(parse_python_string_list(R"(['\xZZ'])"), std::runtime_error);
  EXPECT_THROW(parse_python_string_list("['line\nbreak']"), std::runtime_error);
}

TEST(SummaryDash, LeadingEnDashIsRemoved) {
  EXPECT_EQ(strip_summary_dash("\xE2\x80\x93 Skal, Sweden!"), "Skal, Sweden!");
  EXPECT_EQ(strip_summary_dash("  \xE2\x80\x93Text \n"), "Text");
  EXPECT_EQ(strip_summary_dash("No dash \xE2\x80\x93 inside kept"), "No dash \xE2\x80\x93 inside kept");
}

TEST(ReadMultiNews, ReadsATrickyFile) {
  const auto path = std::filesystem::temp_directory_path() / "storyline_multinews_test.csv";
  {
    std::ofstream out(path, std::ios::binary);
    // Row 1's documents field is, once CSV-unquoted, the Python literal
    //   ['First doc, with comma \n \n Second para', "It's \"quoted\""]
    out << "documents,num_documents,summary\r\n"
        << "\"['First doc, with comma \\n \\n Second para', \"\"It's \\\"\"quoted\\\"\"\"\"]\",2,"
        << "\"\xE2\x80\x93 A summary, with \"\"quotes\"\"\nand a line break\"\r\n"
        << "\"['only one']\",1,\xE2\x80\x93 Short\n";
  }
  const auto clusters = read_multinews(path.string());
  std::filesystem::remove(path);
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].documents,
            (Strings{"First doc, with comma \n \n Second para", "It's \"quoted\""}));
  EXPECT_EQ(clusters[0].summary, "A summary, with \"quotes\"\nand a line break");
  EXPECT_EQ(clusters[1].documents, (Strings{"only one"}));
  EXPECT_EQ(clusters[1].summary, "Short");
}

TEST(ReadMultiNews, ErrorsAreReported) {
  EXPECT_THROW(read_multinews("/nonexistent/validation.csv"), std::runtime_error);
  const auto path = std::filesystem::temp_directory_path() / "storyline_multinews_bad.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "documents,summary\n\"['unterminated]\",x\n";
  }
  EXPECT_THROW(read_multinews(path.string()), std::runtime_error);
  {
    std::ofstream out(path, std::ios::binary);
    out << "text,label\na,b\n";
  }
  EXPECT_THROW(read_multinews(path.string()), std::runtime_error);
  std::filesystem::remove(path);
}

TEST(ReadMultiNews, ValidationSet) {
  const std::string path = std::string(STORYLINE_SHARED_DATA) + "/multinews/validation.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "Multi-News data not found at " << path;
  const auto clusters = read_multinews(path);
  ASSERT_EQ(clusters.size(), 250u);
  std::size_t docs = 0;
  for (const auto& c : clusters) {
    docs += c.documents.size();
    EXPECT_FALSE(c.documents.empty());
    EXPECT_FALSE(c.summary.empty());
    EXPECT_NE(c.summary.rfind("\xE2\x80\x93", 0), 0u) << c.summary.substr(0, 40);
    EXPECT_NE(c.summary.front(), ' ');
  }
  EXPECT_EQ(docs, 690u);
  EXPECT_EQ(clusters[0].documents.size(), 3u);
  EXPECT_EQ(clusters[0].documents[0].rfind("Good Country Index Is Released", 0), 0u);
  EXPECT_NE(clusters[0].documents[0].find(" \n \n "), std::string::npos);  // \n decoded
  EXPECT_EQ(clusters[0].summary.rfind("Skal, Sweden!", 0), 0u);
}
