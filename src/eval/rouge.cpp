// ROUGE-N and ROUGE-L (Lin 2004) with the conventions of ROUGE-1.5.5 as run for
// summarization papers (-m, no stopword removal), matching Google's rouge_score:
//   - text lower-cased, every run of characters outside [a-z0-9] becomes a space;
//   - tokens longer than 3 characters are Porter-stemmed (original Porter algorithm);
//   - ROUGE-N: clipped n-gram overlap, P = overlap / candidate n-grams,
//     R = overlap / reference n-grams, F1 = 2PR / (P + R);
//   - ROUGE-L: longest common subsequence over the whole token sequences (sentence-level
//     LCS of the texts taken as one sequence; not the summary-level union-LCS "ROUGE-Lsum"),
//     P = LCS / candidate tokens, R = LCS / reference tokens, F1 as above.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "eval/eval.h"
#include "text/text.h"

namespace storyline::eval {
namespace {

std::vector<std::string> rouge_tokens(const std::string& s) {
  thread_local text::Stemmer porter("porter");
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) return;
    out.push_back(cur.size() > 3 ? porter.stem(cur) : cur);
    cur.clear();
  };
  for (char ch : s) {
    char c = ch;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      cur.push_back(c);
    else
      flush();
  }
  flush();
  return out;
}

Scores f_scores(std::size_t overlap, std::size_t candidate, std::size_t reference) {
  Scores s;
  s.n = 1;
  if (candidate == 0 || reference == 0 || overlap == 0) return s;
  s.precision = static_cast<double>(overlap) / static_cast<double>(candidate);
  s.recall = static_cast<double>(overlap) / static_cast<double>(reference);
  s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
  return s;
}

Scores rouge_n(const std::vector<std::string>& cand, const std::vector<std::string>& ref,
               std::size_t n) {
  auto grams = [n](const std::vector<std::string>& toks) {
    std::map<std::string, std::size_t> counts;
    for (std::size_t i = 0; i + n <= toks.size(); ++i) {
      std::string g = toks[i];
      for (std::size_t k = 1; k < n; ++k) g += ' ' + toks[i + k];
      ++counts[g];
    }
    return counts;
  };
  const auto c = grams(cand), r = grams(ref);
  std::size_t overlap = 0, total_c = 0, total_r = 0;
  for (const auto& [g, k] : c) {
    total_c += k;
    auto it = r.find(g);
    if (it != r.end()) overlap += std::min(k, it->second);  // clipped counts
  }
  for (const auto& [g, k] : r) total_r += k;
  return f_scores(overlap, total_c, total_r);
}

std::size_t lcs_length(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

Rouge rouge(const std::string& candidate, const std::string& reference) {
  const auto c = rouge_tokens(candidate);
  const auto r = rouge_tokens(reference);
  Rouge out;
  out.r1 = rouge_n(c, r, 1);
  out.r2 = rouge_n(c, r, 2);
  out.rl = f_scores(lcs_length(c, r), c.size(), r.size());
  return out;
}

}  // namespace storyline::eval
