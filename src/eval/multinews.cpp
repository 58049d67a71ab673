// Multi-News reader: the CSV (RFC 4180) whose `documents` column holds a Python list
// literal of strings, and whose `summary` starts with an en dash.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "eval/eval.h"
#include "text/text.h"

namespace storyline::eval {
namespace detail {

// Parses CSV text: fields separated by ',', records by "\n" or "\r\n"; a field in
// double quotes may hold commas, line breaks and "" (an escaped quote). A leading
// UTF-8 byte order mark is skipped. Throws std::runtime_error on an unclosed quote.
std::vector<std::vector<std::string>> parse_csv(std::string_view data) {
  std::vector<std::vector<std::string>> rows;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;       // inside a quoted field
  bool row_started = false;  // the current record has at least one character
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < data.size() && data[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        quoted = true;
        row_started = true;
        break;
      case ',':
        row.push_back(std::move(field));
        field.clear();
        row_started = true;
        break;
      case '\r':
        if (i + 1 < data.size() && data[i + 1] == '\n') break;  // part of "\r\n"
        [[fallthrough]];
      case '\n':
        if (row_started) {
          row.push_back(std::move(field));
          rows.push_back(std::move(row));
        }
        row.clear();
        field.clear();
        row_started = false;
        break;
      default:
        field += c;
        row_started = true;
    }
  }
  if (quoted) throw std::runtime_error("CSV: unterminated quoted field");
  if (row_started) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[noreturn]] void fail(const char* what, std::size_t pos) {
  throw std::runtime_error(std::string("Python literal: ") + what + " at offset " +
                           std::to_string(pos));
}

class LiteralParser {
 public:
  explicit LiteralParser(std::string_view s) : s_(s) {}

  std::vector<std::string> list() {
    std::vector<std::string> out;
    skip_space();
    expect('[');
    skip_space();
    if (peek() == ']') {
      ++i_;
      finish();
      return out;
    }
    for (;;) {
      out.push_back(strings());
      skip_space();
      if (peek() == ',') {
        ++i_;
        skip_space();
        if (peek() == ']') {  // trailing comma
          ++i_;
          break;
        }
        continue;
      }
      expect(']');
      break;
    }
    finish();
    return out;
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r'))
      ++i_;
  }
  void expect(char c) {
    if (peek() != c) fail((std::string("expected '") + c + "'").c_str(), i_);
    ++i_;
  }
  void finish() {
    skip_space();
    if (i_ != s_.size()) fail("trailing characters", i_);
  }

  // One string, or adjacent literals concatenated ('a' "b" -> "ab").
  std::string strings() {
    std::string out = string();
    for (;;) {
      const std::size_t save = i_;
      skip_space();
      const char c = peek();
      if (c == '\'' || c == '"' || c == 'u' || c == 'U' || c == 'r' || c == 'R') {
        out += string();
      } else {
        i_ = save;
        return out;
      }
    }
  }

  std::uint32_t hex_digits(int n) {
    if (i_ + static_cast<std::size_t>(n) > s_.size()) fail("truncated escape", i_);
    std::uint32_t v = 0;
    for (int k = 0; k < n; ++k) {
      const int h = hex_value(s_[i_ + static_cast<std::size_t>(k)]);
      if (h < 0) fail("bad hex escape", i_);
      v = v * 16 + static_cast<std::uint32_t>(h);
    }
    i_ += static_cast<std::size_t>(n);
    return v;
  }

  std::string string() {
    bool raw = false;
    while (peek() == 'u' || peek() == 'U' || peek() == 'r' || peek() == 'R') {
      if (peek() == 'r' || peek() == 'R') raw = true;
      ++i_;
    }
    const char q = peek();
    if (q != '\'' && q != '"') fail("expected a string", i_);
    const bool triple = s_.substr(i_, 3) == std::string(3, q);
    i_ += triple ? 3 : 1;
    std::string out;
    for (;;) {
      if (i_ >= s_.size()) fail("unterminated string", i_);
      const char c = s_[i_];
      if (c == q && (!triple || s_.substr(i_, 3) == std::string(3, q))) {
        i_ += triple ? 3 : 1;
        return out;
      }
      if (c == '\n' && !triple) fail("line break in string", i_);
      if (c != '\\') {
        out += c;
        ++i_;
        continue;
      }
      if (i_ + 1 >= s_.size()) fail("unterminated string", i_);
      const char e = s_[i_ + 1];
      if (raw) {  // raw strings keep the backslash; it only protects the quote
        out += c;
        out += e;
        i_ += 2;
        continue;
      }
      i_ += 2;
      switch (e) {
        case '\n': break;  // line continuation
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case 'x': text::append_utf8(out, hex_digits(2)); break;
        case 'u':
        case 'U': {
          std::uint32_t cp = hex_digits(e == 'u' ? 4 : 8);
          // A UTF-16 surrogate pair written as two \u escapes.
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(i_, 2) == "\\u") {
            const std::size_t save = i_;
            i_ += 2;
            const std::uint32_t lo = hex_digits(4);
            if (lo >= 0xDC00 && lo <= 0xDFFF)
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else
              i_ = save;
          }
          text::append_utf8(out, cp);
          break;
        }
        default:
          if (e >= '0' && e <= '7') {  // octal: up to 3 digits
            std::uint32_t v = static_cast<std::uint32_t>(e - '0');
            for (int k = 0; k < 2 && peek() >= '0' && peek() <= '7'; ++k, ++i_)
              v = v * 8 + static_cast<std::uint32_t>(peek() - '0');
            text::append_utf8(out, v);
          } else {  // unknown escape: Python keeps it as written
            out += '\\';
            out += e;
          }
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

// Decodes a Python list literal of string literals: ['a', "b\n", 'it\'s']. Supports
// single, double and triple quotes, u/r prefixes, adjacent-literal concatenation and
// the escapes \\ \' \" \n \t \r \a \b \f \v \xNN \uNNNN \UNNNNNNNN \ooo.
// Throws std::runtime_error on anything else.
std::vector<std::string> parse_python_string_list(std::string_view literal) {
  return LiteralParser(literal).list();
}

// Removes the leading en dash (and surrounding white space) of a Multi-News summary.
std::string strip_summary_dash(std::string_view s) {
  auto trim_front = [&] {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' ||
                          s.front() == '\r'))
      s.remove_prefix(1);
  };
  trim_front();
  if (s.substr(0, 3) == "\xE2\x80\x93") s.remove_prefix(3);  // U+2013 EN DASH
  trim_front();
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

}  // namespace detail

std::vector<MultiNewsCluster> read_multinews(const std::string& csv_path) {
  std::ifstream in(csv_path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + csv_path);
  std::ostringstream buf;
  buf << in.rdbuf();
  const auto rows = detail::parse_csv(buf.str());
  if (rows.empty()) throw std::runtime_error(csv_path + ": empty CSV");
  std::size_t doc_col = rows[0].size(), sum_col = rows[0].size();
  for (std::size_t c = 0; c < rows[0].size(); ++c) {
    if (rows[0][c] == "documents") doc_col = c;
    if (rows[0][c] == "summary") sum_col = c;
  }
  if (doc_col == rows[0].size() || sum_col == rows[0].size())
    throw std::runtime_error(csv_path + ": no 'documents' and 'summary' columns");
  std::vector<MultiNewsCluster> out;
  out.reserve(rows.size() - 1);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() <= std::max(doc_col, sum_col))
      throw std::runtime_error(csv_path + ": row " + std::to_string(r) + " has too few fields");
    MultiNewsCluster c;
    try {
      c.documents = detail::parse_python_string_list(row[doc_col]);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(csv_path + ": row " + std::to_string(r) + ": " + e.what());
    }
    c.summary = detail::strip_summary_dash(row[sum_col]);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace storyline::eval
