// extraction_eval.cpp: evaluate_extraction() over the two public extraction
// benchmarks (read in place from ../shared/data; never copied into the repo).
//
//  scrapinghub/  ground-truth.json {id: {articleBody, url}} + html/<id>.html.gz.
//                Scored as the benchmark's evaluate.py does: 4-token shingles (\w+
//                tokens, case kept), per-page tp/fp/fn normalized to sum 1, then
//                micro-averaged precision/recall/F1 over pages.
//  wcxb-dev/     ground-truth/<id>.json {url, ground_truth: {title, author,
//                publish_date, main_content}} + html/<id>.html.gz. Body: word-level
//                (lower-cased \w+ bag of words) precision/recall/F1 per page, averaged;
//                title exact (white space collapsed, typographic quotes/dashes/ellipsis folded
//                to ASCII), date same day (the publisher's local day: published +
//                published_offset), author match
//                (case-insensitive, either name containing the other).
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/eval.h"
#include "extract/extract.h"
#include "text/text.h"

namespace storyline::eval {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Python's re \w+ over Unicode text: runs of letters, digits, marks and '_'.
std::vector<std::string> word_tokens(std::string_view s, bool lower_case) {
  std::vector<std::string> out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  std::string cur;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    const bool word = c >= 0 && (u_isalnum(c) || c == '_' || u_hasBinaryProperty(c, UCHAR_ALPHABETIC) ||
                                 u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_COMBINING_SPACING_MARK);
    if (!word) {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
      continue;
    }
    if (lower_case) c = u_tolower(c);
    char buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, err);
    if (!err) cur.append(buf, static_cast<std::size_t>(len));
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

struct Counts {
  double tp = 0, fp = 0, fn = 0;
};

// Multiset overlap of two bags of keys.
Counts bag_overlap(const std::vector<std::string>& gold, const std::vector<std::string>& pred) {
  std::unordered_map<std::string, std::pair<int, int>> bag;
  for (const auto& g : gold) ++bag[g].first;
  for (const auto& p : pred) ++bag[p].second;
  Counts c;
  for (const auto& [k, v] : bag) {
    c.tp += std::min(v.first, v.second);
    c.fp += std::max(0, v.second - v.first);
    c.fn += std::max(0, v.first - v.second);
  }
  return c;
}

std::vector<std::string> shingles(std::string_view s, std::size_t n = 4) {
  const auto toks = word_tokens(s, false);
  std::vector<std::string> out;
  const std::size_t count = toks.size() >= n ? toks.size() - n + 1 : (toks.empty() ? 0 : 1);
  for (std::size_t i = 0; i < count; ++i) {
    std::string sh;
    for (std::size_t k = i; k < std::min(i + n, toks.size()); ++k) {
      sh += toks[k];
      sh += '\x1f';
    }
    out.push_back(std::move(sh));
  }
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Typographic quotes, dashes and the ellipsis folded to ASCII, white space collapsed:
// titles compare "exactly" modulo these (annotators type ' where pages print ’, and
// ... where they print …).
std::string fold_typography(std::string_view s) {
  std::string r;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::string_view rest = s.substr(i);
    if (rest.rfind("\xE2\x80\x98", 0) == 0 || rest.rfind("\xE2\x80\x99", 0) == 0) {
      r += '\'';
      i += 2;
    } else if (rest.rfind("\xE2\x80\x9C", 0) == 0 || rest.rfind("\xE2\x80\x9D", 0) == 0) {
      r += '"';
      i += 2;
    } else if (rest.rfind("\xE2\x80\x93", 0) == 0 || rest.rfind("\xE2\x80\x94", 0) == 0) {
      r += '-';
      i += 2;
    } else if (rest.rfind("\xE2\x80\xA6", 0) == 0) {  // horizontal ellipsis
      r += "...";
      i += 2;
    } else {
      r += s[i];
    }
  }
  return text::collapse_whitespace(r);
}

std::string lower_collapsed(std::string_view s) {
  std::string r = text::collapse_whitespace(s);
  for (auto& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

// Extracts one page; returns false (and counts an error) when it can't be read.
bool extract_page(const fs::path& html_path, const std::string& url, extract::Extracted& out,
                  ExtractionReport& report) {
  std::string bytes, err;
  if (!extract::read_document(html_path.string(), bytes, err)) {
    ++report.errors;
    return false;
  }
  const auto t0 = std::chrono::steady_clock::now();
  out = extract::extract_html(bytes, url);
  report.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return true;
}

void finish(Scores& s, const Counts& c) {
  s.precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0.0;
  s.recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0.0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
}

ExtractionReport eval_scrapinghub(const fs::path& dir) {
  ExtractionReport r;
  r.dataset = "scrapinghub";
  const json gt = json::parse(slurp(dir / "ground-truth.json"));
  Counts total;
  for (const auto& [id, item] : gt.items()) {
    ++r.pages;
    const std::string gold = item.value("articleBody", "");
    const std::string url = item.value("url", "");
    fs::path html = dir / "html" / (id + ".html.gz");
    if (!fs::exists(html)) html = dir / "html" / (id + ".html");
    extract::Extracted e;
    const bool ok = extract_page(html, url, e, r);
    Counts c = bag_overlap(shingles(gold), shingles(ok ? e.text : std::string()));
    const double sum = c.tp + c.fp + c.fn;
    if (sum > 0) c = {c.tp / sum, c.fp / sum, c.fn / sum};  // every page weighs the same
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
    ++r.body.n;
  }
  finish(r.body, total);
  return r;
}

ExtractionReport eval_wcxb(const fs::path& dir) {
  ExtractionReport r;
  r.dataset = "wcxb-dev";
  std::vector<fs::path> files;
  for (const auto& de : fs::directory_iterator(dir / "ground-truth"))
    if (de.path().extension() == ".json") files.push_back(de.path());
  std::sort(files.begin(), files.end());
  double p_sum = 0, r_sum = 0, f_sum = 0;
  std::size_t titles = 0, titles_ok = 0, dates = 0, dates_ok = 0, authors = 0, authors_ok = 0;
  for (const auto& gf : files) {
    const json doc = json::parse(slurp(gf), nullptr, false);
    if (doc.is_discarded() || !doc.contains("ground_truth")) {
      ++r.errors;
      continue;
    }
    ++r.pages;
    const json& g = doc["ground_truth"];
    const std::string id = doc.value("file_id", gf.stem().string());
    fs::path html = dir / "html" / (id + ".html.gz");
    if (!fs::exists(html)) html = dir / "html" / (id + ".html");
    extract::Extracted e;
    const bool ok = extract_page(html, doc.value("url", ""), e, r);
    auto str = [&](const char* k) {
      const auto it = g.find(k);
      return it != g.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (const std::string gold = str("main_content"); !gold.empty()) {
      const Counts c = bag_overlap(word_tokens(gold, true), word_tokens(ok ? e.text : "", true));
      const double p = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0.0;
      const double rc = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0.0;
      p_sum += p;
      r_sum += rc;
      f_sum += p + rc > 0 ? 2 * p * rc / (p + rc) : 0.0;
      ++r.body.n;
    }
    if (const std::string t = str("title"); !t.empty()) {
      ++titles;
      titles_ok += fold_typography(t) == fold_typography(e.title);
    }
    if (const std::string d = str("publish_date"); !d.empty()) {
      ++dates;
      // The gold is the day the publisher printed: the local day of the page's own clock.
      dates_ok += e.published != 0 && format_date(e.published + e.published_offset) == d.substr(0, 10);
    }
    if (const std::string a = lower_collapsed(str("author")); !a.empty()) {
      ++authors;
      const std::string mine = lower_collapsed(e.author);
      authors_ok += !mine.empty() && (mine == a || a.find(mine) != std::string::npos ||
                                      mine.find(a) != std::string::npos);
    }
  }
  if (r.body.n > 0) {
    r.body.precision = p_sum / r.body.n;
    r.body.recall = r_sum / r.body.n;
    r.body.f1 = f_sum / r.body.n;
  }
  if (titles) r.title_accuracy = static_cast<double>(titles_ok) / titles;
  if (dates) r.date_accuracy = static_cast<double>(dates_ok) / dates;
  if (authors) r.author_accuracy = static_cast<double>(authors_ok) / authors;
  return r;
}

}  // namespace

ExtractionReport evaluate_extraction(const std::string& dir) {
  const fs::path d(dir);
  if (fs::is_regular_file(d / "ground-truth.json") && fs::is_directory(d / "html"))
    return eval_scrapinghub(d);
  if (fs::is_directory(d / "ground-truth") && fs::is_directory(d / "html")) return eval_wcxb(d);
  throw std::runtime_error("evaluate_extraction: " + dir +
                           " has neither ground-truth.json + html/ nor ground-truth/ + html/");
}

}  // namespace storyline::eval
