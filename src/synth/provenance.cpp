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

// A text as the story's typography would print it in the straight style, white space
// runs as one space: what a quotation is compared on.
std::string typographic_key(std::string_view text) {
  std::string spaced(text);
  for (char& c : spaced)
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  return apply_quote_style(repair_typography(spaced), QuoteStyle::straight);
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
    // As written, with its tokenizer artefacts repaired, and each with relative dates resolved.
    const std::string repaired = repair_typography(span);
    for (std::string_view form : {span, std::string_view(repaired)}) {
      for (const text::Token& t : text::tokenize(form)) supported.insert(t.lower);
      if (a.published > 0)
        for (const text::Token& t : text::tokenize(resolve_relative_dates(form, local_published(a))))
          supported.insert(t.lower);
    }
  }
  // Quotations are word for word: each one is, character for character, in one of the
  // spans, up to the two typographic normalisations a story makes (repair_typography()
  // and its quote style) and white space. So no rewrite (a resolved date, a dropped
  // parenthesis) sits inside a quote.
  for (const auto& [open, close] : detail::quoted_ranges(s.text)) {
    const std::string_view mark = std::string_view(s.text).substr(open);
    const std::size_t mark_size = mark.starts_with('"') ? 1 : 3;
    const std::string quote = typographic_key(
        std::string_view(s.text).substr(open + mark_size, close - open - mark_size));
    bool found = quote.empty();
    for (const SentenceSource& src : s.sources) {
      if (found) break;
      const Article& a = *by_id.at(src.article);
      found = typographic_key(std::string_view(a.text).substr(src.begin, src.end - src.begin))
                  .find(quote) != std::string::npos;
    }
    if (!found)
      return fail(why, label + ": quotation \"" + quote + "\" is not word for word in its sources");
  }
  const std::vector<text::Token> tokens = text::tokenize(s.text);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const text::Token& t = tokens[i];
    if (!supported.contains(t.lower))
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
