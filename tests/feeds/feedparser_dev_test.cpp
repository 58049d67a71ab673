// The feedparser-dev conformance cases (../shared/data/feeds/feedparser-dev): each file's
// comment holds "Expect: <Python expression over feedparser's result>". A small evaluator
// here reads the common shapes of those expressions and evaluates them over parse_feed's
// output mapped onto feedparser's names:
//   feed/entries[i] . title | link | id (guid) | author | published | updated,
//   published_parsed / updated_parsed (and feedparser's aliases issued, modified, date),
//   bozo (= Feed::malformed), ==, !=, and, or, not, .get('key'), tuples, string literals.
// An expression that names anything else (summary_detail, links, encoding, ...) is not a
// basic-field case and is counted as skipped. Two mappings follow from this shape:
// feedparser keeps markup in titles where parse_feed gives plain text, so an expected
// title has its tags dropped and entities decoded (by the small function below, not by
// the code under test); feedparser's author "Name (email)" is compared as the name.
// Raw date strings (feedparser keeps the feed's text) are not comparable and skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "feeds/feeds.h"
#include "text/text.h"

namespace storyline::feeds {
namespace {

namespace fs = std::filesystem;

struct Unsupported {};
struct FeedRef {};
struct EntriesRef {};
struct EntryRef {
  long index;
};
struct None {};
using Tuple = std::vector<long>;
using Value = std::variant<Unsupported, None, bool, long, std::string, Tuple, FeedRef, EntriesRef, EntryRef>;

// ---- tokens ----
struct Tok {
  enum Kind { kName, kString, kNumber, kOp, kEnd } kind = kEnd;
  std::string text;
  long number = 0;
};

bool tokenize_expr(const std::string& s, std::vector<Tok>& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      std::string w = s.substr(i, j - i);
      // u'...' and b'...' prefixes
      if ((w == "u" || w == "b" || w == "r") && j < s.size() && (s[j] == '\'' || s[j] == '"')) {
        i = j;
        continue;
      }
      out.push_back({Tok::kName, w, 0});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t j = i + 1;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      if (j < s.size() && s[j] == '.') return false;  // floats: unsupported
      out.push_back({Tok::kNumber, s.substr(i, j - i), std::stol(s.substr(i, j - i))});
      i = j;
    } else if (c == '\'' || c == '"') {
      std::string v;
      std::size_t j = i + 1;
      for (; j < s.size() && s[j] != c; ++j) {
        if (s[j] != '\\') {
          v += s[j];
          continue;
        }
        if (++j >= s.size()) return false;
        const char e = s[j];
        auto hex = [&](int n) {
          if (j + n >= s.size() + 0 && j + n > s.size() - 1 + 1) return -1L;
          const long cp = std::strtol(s.substr(j + 1, n).c_str(), nullptr, 16);
          j += n;
          return cp;
        };
        if (e == 'n') v += '\n';
        else if (e == 't') v += '\t';
        else if (e == 'r') v += '\r';
        else if (e == 'u') text::append_utf8(v, static_cast<char32_t>(hex(4)));
        else if (e == 'U') text::append_utf8(v, static_cast<char32_t>(hex(8)));
        else if (e == 'x') text::append_utf8(v, static_cast<char32_t>(hex(2)));
        else v += e;
      }
      if (j >= s.size()) return false;
      out.push_back({Tok::kString, v, 0});
      i = j + 1;
    } else if (s.compare(i, 2, "==") == 0 || s.compare(i, 2, "!=") == 0) {
      out.push_back({Tok::kOp, s.substr(i, 2), 0});
      i += 2;
    } else if (std::string_view("[]().,").find(c) != std::string_view::npos) {
      out.push_back({Tok::kOp, std::string(1, c), 0});
      ++i;
    } else {
      return false;
    }
  }
  out.push_back({Tok::kEnd, "", 0});
  return true;
}

// ---- the feed as feedparser names it ----
std::string iso_or_empty(UnixTime t) { return t ? format_iso8601(t) : ""; }

Tuple time_tuple(UnixTime t) {
  int y;
  unsigned m, d;
  const std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  civil_from_days(days, y, m, d);
  const long secs = static_cast<long>(t - days * 86400);
  const long wday = static_cast<long>((weekday(t) + 6) % 7);  // Python: Monday = 0
  const long yday = static_cast<long>(days - days_from_civil(y, 1, 1) + 1);
  return {y, static_cast<long>(m), static_cast<long>(d), secs / 3600, secs / 60 % 60, secs % 60, wday, yday, 0};
}

struct Eval {
  const Feed& feed;
  const std::vector<Tok>& toks;
  std::size_t pos = 0;
  bool unsupported = false;
  bool basic = false;  // named a basic field

  const Tok& peek() const { return toks[pos]; }
  bool op(const char* o) {
    if (peek().kind == Tok::kOp && peek().text == o) {
      ++pos;
      return true;
    }
    return false;
  }
  bool name(const char* n) {
    if (peek().kind == Tok::kName && peek().text == n) {
      ++pos;
      return true;
    }
    return false;
  }
  Value fail() {
    unsupported = true;
    return Unsupported{};
  }

  // feedparser's title_detail['value'] and author_detail['name'] are the title and the
  // author's name; the other detail keys (type, base, email, ...) are not basic fields.
  std::string detail_key(const std::string& key) {
    if (key != "title_detail" && key != "author_detail") return key;
    std::string sub;
    if (op("[") && peek().kind == Tok::kString) {
      sub = toks[pos++].text;
      if (!op("]")) return "";
    } else if (op(".") && peek().kind == Tok::kName) {
      sub = toks[pos++].text;
    }
    if (key == "title_detail" && sub == "value") return "title";
    if (key == "author_detail" && sub == "name") return "author";
    return "";
  }

  Value field(bool is_feed, long index, const std::string& raw_key) {
    std::string k = detail_key(raw_key);
    if (k == "modified" || k == "date") k = "updated";
    if (k == "issued") k = "published";
    if (k == "modified_parsed" || k == "date_parsed") k = "updated_parsed";
    if (k == "issued_parsed") k = "published_parsed";
    if (!is_feed && k == "guid") k = "id";
    std::string title, link, id, author;
    UnixTime published = 0, updated = 0;
    if (is_feed) {
      title = feed.title, link = feed.link, id = feed.id, author = feed.author;
      published = feed.published, updated = feed.updated;
    } else {
      if (index < 0 || static_cast<std::size_t>(index) >= feed.items.size()) return None{};
      const FeedItem& it = feed.items[static_cast<std::size_t>(index)];
      title = it.title, link = it.link, id = it.id, author = it.author;
      published = it.published, updated = it.updated;
    }
    // feedparser answers 'updated' with 'published' when only that is present.
    if (updated == 0) updated = published;
    auto s = [](const std::string& v) -> Value { return v.empty() ? Value(None{}) : Value(v); };
    basic = true;
    if (k == "title") return s(title);
    if (k == "link") return s(link);
    if (k == "id") return s(id);
    if (k == "author") return s(author);
    if (k == "published_parsed") return published ? Value(time_tuple(published)) : Value(None{});
    if (k == "updated_parsed") return updated ? Value(time_tuple(updated)) : Value(None{});
    return fail();  // raw date strings and every other field
  }

  Value postfix(Value v) {
    while (true) {
      if (op("[")) {
        const Value key = expr();
        if (!op("]")) return fail();
        if (std::holds_alternative<EntriesRef>(v) && std::holds_alternative<long>(key)) {
          v = EntryRef{std::get<long>(key)};
        } else if (std::holds_alternative<FeedRef>(v) && std::holds_alternative<std::string>(key)) {
          v = field(true, 0, std::get<std::string>(key));
        } else if (std::holds_alternative<EntryRef>(v) && std::holds_alternative<std::string>(key)) {
          v = field(false, std::get<EntryRef>(v).index, std::get<std::string>(key));
        } else {
          return fail();
        }
      } else if (op(".")) {
        if (peek().kind != Tok::kName) return fail();
        const std::string attr = toks[pos++].text;
        const bool is_feed = std::holds_alternative<FeedRef>(v);
        if (!is_feed && !std::holds_alternative<EntryRef>(v)) return fail();
        const long index = is_feed ? 0 : std::get<EntryRef>(v).index;
        if (attr == "get") {
          if (!op("(") || peek().kind != Tok::kString) return fail();
          const std::string key = toks[pos++].text;
          if (!op(")")) return fail();
          v = field(is_feed, index, key);
        } else {
          v = field(is_feed, index, attr);
        }
      } else if (peek().kind == Tok::kOp && peek().text == "(") {
        return fail();  // calls other than .get()
      } else {
        return v;
      }
      if (unsupported) return Unsupported{};
    }
  }

  Value atom() {
    const Tok t = peek();
    if (t.kind == Tok::kString) {
      ++pos;
      return t.text;
    }
    if (t.kind == Tok::kNumber) {
      ++pos;
      return t.number;
    }
    if (t.kind == Tok::kName) {
      ++pos;
      if (t.text == "bozo") return feed.malformed;
      if (t.text == "feed") return postfix(FeedRef{});
      if (t.text == "entries") return postfix(EntriesRef{});
      if (t.text == "True") return true;
      if (t.text == "False") return false;
      if (t.text == "None") return None{};
      return fail();
    }
    if (op("(")) {
      Tuple tuple;
      if (op(")")) return tuple;
      Value first = expr();
      if (op(")")) return first;
      if (!std::holds_alternative<long>(first)) return fail();
      tuple.push_back(std::get<long>(first));
      while (op(",")) {
        if (peek().kind == Tok::kOp && peek().text == ")") break;
        const Value n = expr();
        if (!std::holds_alternative<long>(n)) return fail();
        tuple.push_back(std::get<long>(n));
      }
      if (!op(")")) return fail();
      return tuple;
    }
    return fail();
  }

  static bool truthy(const Value& v) {
    if (std::holds_alternative<bool>(v)) return std::get<bool>(v);
    if (std::holds_alternative<long>(v)) return std::get<long>(v) != 0;
    if (std::holds_alternative<std::string>(v)) return !std::get<std::string>(v).empty();
    if (std::holds_alternative<Tuple>(v)) return !std::get<Tuple>(v).empty();
    return false;
  }

  static bool equal(const Value& a, const Value& b) {
    // A field parse_feed left empty reads as None; feedparser would hold ''.
    auto empty = [](const Value& v) {
      return std::holds_alternative<None>(v) || (std::holds_alternative<std::string>(v) && std::get<std::string>(v).empty());
    };
    if (empty(a) && empty(b)) return true;
    if (a.index() != b.index()) return false;
    if (std::holds_alternative<std::string>(a)) return std::get<std::string>(a) == std::get<std::string>(b);
    if (std::holds_alternative<Tuple>(a)) return std::get<Tuple>(a) == std::get<Tuple>(b);
    if (std::holds_alternative<long>(a)) return std::get<long>(a) == std::get<long>(b);
    if (std::holds_alternative<bool>(a)) return std::get<bool>(a) == std::get<bool>(b);
    return std::holds_alternative<None>(a);
  }

  Value comparison() {
    Value left = atom();
    bool result = true, compared = false;
    while (peek().kind == Tok::kOp && (peek().text == "==" || peek().text == "!=")) {
      const bool eq = toks[pos++].text == "==";
      Value right = atom();
      if (unsupported) return Unsupported{};
      result = result && (eq == equal(left, right));
      compared = true;
      left = right;
    }
    if (compared) return result;
    return left;
  }
  Value negation() {
    if (name("not")) return !truthy(negation());
    return comparison();
  }
  Value conjunction() {
    Value v = negation();
    while (name("and")) {
      const Value r = negation();
      v = truthy(v) && truthy(r);
    }
    return v;
  }
  Value expr() {
    Value v = conjunction();
    while (name("or")) {
      const Value r = conjunction();
      v = truthy(v) || truthy(r);
    }
    return v;
  }
};

// Plain text of an expected title: tags dropped, the five XML entities and numeric
// references decoded, white space collapsed. Independent of the code under test.
std::string expected_plain(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      const std::size_t e = s.find('>', i);
      if (e == std::string::npos) break;
      out += ' ';
      i = e;
      continue;
    }
    if (s[i] == '&') {
      static const std::pair<const char*, const char*> kNamed[] = {
          {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}};
      bool done = false;
      for (const auto& [n, v] : kNamed)
        if (s.compare(i, std::strlen(n), n) == 0) {
          out += v;
          i += std::strlen(n) - 1;
          done = true;
          break;
        }
      if (done) continue;
      if (s.compare(i, 2, "&#") == 0) {
        const std::size_t semi = s.find(';', i);
        if (semi != std::string::npos && semi - i < 10) {
          const bool hex = s[i + 2] == 'x' || s[i + 2] == 'X';
          const long cp = std::strtol(s.substr(i + (hex ? 3 : 2), semi - i).c_str(), nullptr, hex ? 16 : 10);
          if (cp > 0) {
            text::append_utf8(out, static_cast<char32_t>(cp));
            i = semi;
            continue;
          }
        }
      }
    }
    out += s[i];
  }
  return text::collapse_whitespace(out);
}

struct Case {
  std::string path, expect, base, charset;
  std::string text;
};

bool read_case(const fs::path& file, const fs::path& root, Case& c) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  c.text = ss.str();
  c.path = fs::relative(file, root).string();
  // Comments may be in UTF-16/32: read the Expect line from an ASCII-only view.
  std::string ascii;
  for (char ch : c.text)
    if (ch != '\0') ascii += ch;
  const std::size_t p = ascii.find("Expect:");
  if (p == std::string::npos) return false;
  std::size_t e = ascii.find('\n', p);
  std::string line = ascii.substr(p + 7, e == std::string::npos ? std::string::npos : e - p - 7);
  const std::size_t close = line.find("-->");
  if (close != std::string::npos) line.resize(close);
  c.expect = line;
  c.base = "http://127.0.0.1:8097/tests/" + c.path;
  // Header: lines stand for the HTTP response the test server sends.
  std::size_t h = 0;
  while ((h = ascii.find("Header:", h)) != std::string::npos) {
    const std::size_t le = ascii.find('\n', h);
    const std::string header = text::collapse_whitespace(ascii.substr(h + 7, le - h - 7));
    const std::size_t colon = header.find(':');
    if (colon != std::string::npos) {
      std::string name = header.substr(0, colon);
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const std::string value = text::collapse_whitespace(header.substr(colon + 1));
      if (name == "content-location") {
        // A fetcher takes only an http(s) Content-Location (never javascript: and the like).
        const std::string resolved = resolve_url(c.base, value);
        if (resolved.rfind("http://", 0) == 0 || resolved.rfind("https://", 0) == 0) c.base = resolved;
      }
      if (name == "content-type") {
        const std::size_t cs = value.find("charset=");
        if (cs != std::string::npos) c.charset = value.substr(cs + 8);
      }
    }
    h = le;
  }
  return true;
}

// Rewrites expected title literals to plain text and "Name (email)" authors to the name
// (see the file comment) by editing the token stream.
void map_expectations(std::vector<Tok>& toks) {
  for (std::size_t i = 0; i + 1 < toks.size(); ++i) {
    if (toks[i].kind != Tok::kString) continue;
    // the field this literal is compared with: look back for the nearest key
    std::string key;
    for (std::size_t j = i; j-- > 0;) {
      if (toks[j].kind == Tok::kOp && (toks[j].text == "and" || toks[j].text == "or")) break;
      if (toks[j].kind == Tok::kName && (toks[j].text == "and" || toks[j].text == "or")) break;
      if ((toks[j].kind == Tok::kString || toks[j].kind == Tok::kName) && j > 0 && toks[j - 1].kind == Tok::kOp &&
          (toks[j - 1].text == "[" || toks[j - 1].text == ".") && !(toks[j].text == "get")) {
        key = toks[j].text;
        break;
      }
      if (toks[j].kind == Tok::kString && j > 0 && toks[j - 1].kind == Tok::kOp && toks[j - 1].text == "(") {
        key = toks[j].text;  // .get('key')
        break;
      }
    }
    if (i > 0 && toks[i - 1].kind == Tok::kOp && (toks[i - 1].text == "==" || toks[i - 1].text == "!=")) {
      if (key == "value" || key == "name") {
        // title_detail['value'] / author_detail['name']
        for (std::size_t j = i; j-- > 0;)
          if (toks[j].kind == Tok::kString || toks[j].kind == Tok::kName) {
            if (toks[j].text == "title_detail") key = "title";
            if (toks[j].text == "author_detail") key = "author";
            if (toks[j].text == "title_detail" || toks[j].text == "author_detail") break;
            if (toks[j].text == "and" || toks[j].text == "or") break;
          }
      }
      if (key == "title") toks[i].text = expected_plain(toks[i].text);
      if (key == "author") {
        std::string& a = toks[i].text;
        const std::size_t open = a.rfind(" (");
        if (open != std::string::npos && a.back() == ')' && a.find('@', open) != std::string::npos) a.resize(open);
      }
    }
  }
}

TEST(FeedparserDev, BasicFieldCasesPass) {
  // The shared data sits beside the checkout; STORYLINE_SHARED_DATA in the environment
  // overrides that (a worktree elsewhere).
  const char* env = std::getenv("STORYLINE_SHARED_DATA");
  const fs::path root = fs::path(env && *env ? env : STORYLINE_SHARED_DATA) / "feeds" / "feedparser-dev";
  if (!fs::is_directory(root)) GTEST_SKIP() << "feedparser-dev data not found at " << root;
  std::size_t basic = 0, passed = 0, bozo_only = 0, bozo_passed = 0, skipped = 0;
  std::vector<std::string> failures;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    Case c;
    if (!read_case(f, root, c)) {
      ++skipped;
      continue;
    }
    std::vector<Tok> toks;
    if (!tokenize_expr(c.expect, toks)) {
      ++skipped;
      continue;
    }
    map_expectations(toks);
    const Feed feed = parse_feed(c.text, c.base, c.charset);
    Eval ev{feed, toks};
    const Value v = ev.expr();
    if (ev.unsupported || toks[ev.pos].kind != Tok::kEnd) {
      if (std::getenv("FEEDPARSER_DEV_SHOW_SKIPPED")) std::printf("  SKIP %s: %s\n", c.path.c_str(), c.expect.c_str());
      ++skipped;
      continue;
    }
    const bool ok = Eval::truthy(v);
    if (ev.basic) {
      ++basic;
      if (ok) ++passed;
      else failures.push_back(c.path + ": " + c.expect);
    } else {
      ++bozo_only;
      if (ok) ++bozo_passed;
    }
  }
  const double rate = basic ? static_cast<double>(passed) / static_cast<double>(basic) : 0;
  std::printf("feedparser-dev: %zu of %zu basic-field cases pass (%.4f); bozo-only cases %zu of %zu; %zu skipped\n",
              passed, basic, rate, bozo_passed, bozo_only, skipped);
  for (const auto& fl : failures) std::printf("  FAIL %s\n", fl.c_str());
  // Measured 279 of 284 (0.9824) on 2026-12-02; the floor sits within 0.01 of it.
  ASSERT_GE(basic, 280u);
  EXPECT_GE(rate, 0.975);
}

}  // namespace
}  // namespace storyline::feeds
