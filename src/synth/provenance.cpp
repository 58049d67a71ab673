// Provenance checker: every story sentence must be supported by its source spans.
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "synth/internal.h"
#include "synth/synth.h"
#include "text/text.h"

namespace storyline::synth {
namespace {

bool fail(std::string* why, std::string message) {
  if (why != nullptr) *why = std::move(message);
  return false;
}

bool check_sentence(const StorySentence& s, const std::string& label,
                    const std::unordered_map<ArticleId, const Article*>& by_id, std::string* why) {
  if (s.text.empty()) return fail(why, label + ": empty text");
  if (s.sources.empty()) return fail(why, label + ": no sources");
  // Words the spans support: as written, and with relative dates resolved.
  std::unordered_set<std::string> supported;
  for (const SentenceSource& src : s.sources) {
    auto it = by_id.find(src.article);
    if (it == by_id.end())
      return fail(why, label + ": source article " + std::to_string(src.article) + " not in story");
    const Article& a = *it->second;
    if (src.begin >= src.end || src.end > a.text.size())
      return fail(why, label + ": span [" + std::to_string(src.begin) + "," +
                           std::to_string(src.end) + ") out of range of article " +
                           std::to_string(a.id));
    const std::string_view span = std::string_view(a.text).substr(src.begin, src.end - src.begin);
    for (const text::Token& t : text::tokenize(span)) supported.insert(t.lower);
    if (a.published > 0)
      for (const text::Token& t : text::tokenize(resolve_relative_dates(span, local_published(a))))
        supported.insert(t.lower);
  }
  // Quotations are word for word: each one is in one of the spans as written (so no
  // rewrite, such as a resolved date, sits inside a quote).
  for (const auto& [open, close] : detail::quoted_ranges(s.text)) {
    // (Compared word by word: the candidate filter may collapse spaces and punctuation.)
    const std::string quote = std::string(std::string_view(s.text).substr(open, close - open));
    std::vector<std::string> words;
    for (const text::Token& t : text::tokenize(quote)) words.push_back(t.lower);
    bool found = words.empty();
    for (const SentenceSource& src : s.sources) {
      if (found) break;
      const Article& a = *by_id.at(src.article);
      const auto span_tokens =
          text::tokenize(std::string_view(a.text).substr(src.begin, src.end - src.begin));
      for (std::size_t k = 0; !found && k + words.size() <= span_tokens.size(); ++k) {
        std::size_t m = 0;
        while (m < words.size() && span_tokens[k + m].lower == words[m]) ++m;
        found = m == words.size();
      }
    }
    if (!found)
      return fail(why, label + ": quotation " + quote + " is not word for word in its sources");
  }
  const std::vector<text::Token> tokens = text::tokenize(s.text);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const text::Token& t = tokens[i];
    const bool checked = t.numeric || (t.capitalized && i > 0);
    if (checked && !supported.contains(t.lower))
      return fail(why, label + ": \"" + s.text.substr(t.begin, t.end - t.begin) +
                           "\" is in none of its sources");
  }
  return true;
}

}  // namespace

bool check_provenance(const Story& story, const std::vector<const Article*>& articles,
                      std::string* why) {
  std::unordered_map<ArticleId, const Article*> by_id;
  for (const Article* a : articles)
    if (a != nullptr) by_id.emplace(a->id, a);
  if (!check_sentence(story.standfirst, "standfirst", by_id, why)) return false;
  for (std::size_t i = 0; i < story.body.size(); ++i)
    if (!check_sentence(story.body[i], "body sentence " + std::to_string(i + 1), by_id, why))
      return false;
  return true;
}

}  // namespace storyline::synth
