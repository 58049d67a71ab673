// Told once: whether two sentences of a story say the same thing (see synth.h for the
// rule). Meaning-bearing words are compared after folding what does not change meaning:
// case, apostrophe, quote and dash styles (the tokenizer drops them), British and
// American spellings, number formats and possessives.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "synth/synth.h"
#include "text/text.h"

namespace storyline::synth {
namespace {

// British spellings that no suffix rule below folds, to their American form.
const std::unordered_map<std::string_view, std::string_view>& spelling_table() {
  static const std::unordered_map<std::string_view, std::string_view> kTable = {
      {"defence", "defense"},     {"offence", "offense"},       {"licence", "license"},
      {"pretence", "pretense"},   {"centre", "center"},         {"centres", "centers"},
      {"theatre", "theater"},     {"theatres", "theaters"},     {"metre", "meter"},
      {"metres", "meters"},       {"kilometre", "kilometer"},   {"kilometres", "kilometers"},
      {"litre", "liter"},         {"litres", "liters"},         {"fibre", "fiber"},
      {"calibre", "caliber"},     {"sombre", "somber"},         {"spectre", "specter"},
      {"manoeuvre", "maneuver"},  {"manoeuvres", "maneuvers"},  {"programme", "program"},
      {"programmes", "programs"}, {"grey", "gray"},             {"tyre", "tire"},
      {"tyres", "tires"},         {"cheque", "check"},          {"aluminium", "aluminum"},
      {"catalogue", "catalog"},   {"dialogue", "dialog"},       {"ageing", "aging"},
      {"whilst", "while"},        {"amongst", "among"},         {"sceptic", "skeptic"},
      {"sceptical", "skeptical"}, {"paediatric", "pediatric"},  {"anaemia", "anemia"},
      {"foetus", "fetus"},        {"moustache", "mustache"},    {"pyjamas", "pajamas"},
      {"kerb", "curb"},           {"draught", "draft"},         {"storey", "story"},
      {"plough", "plow"},         {"mum", "mom"},               {"analyse", "analyze"},
      {"analysed", "analyzed"},   {"paralyse", "paralyze"},     {"paralysed", "paralyzed"},
      {"travelled", "traveled"},  {"travelling", "traveling"},  {"traveller", "traveler"},
      {"travellers", "travelers"}, {"cancelled", "canceled"},   {"cancelling", "canceling"},
      {"labelled", "labeled"},    {"modelling", "modeling"},    {"fuelled", "fueled"},
      {"signalled", "signaled"},  {"counselling", "counseling"}, {"jewellery", "jewelry"},
      {"marvellous", "marvelous"}, {"levelled", "leveled"},     {"channelled", "channeled"},
      {"enrolment", "enrollment"}, {"fulfil", "fulfill"},       {"skilful", "skillful"},
      {"instalment", "installment"}, {"practise", "practice"},  {"practised", "practiced"},
      {"per", ""},                {"percent", ""},              {"pct", ""},
      {"cent", ""},  // "3.5%" / "3.5 percent" / "3.5 per cent": the number carries it
  };
  return kTable;
}

// -ize / -ise, -ization / -isation: both to "-ise" (folding the American form onto the
// British one is as good as the reverse, since both sides are folded).
void fold_ize(std::string& w) {
  for (std::string_view suffix : {"ization", "izations", "ize", "ized", "izes", "izing", "izer"}) {
    if (w.size() >= suffix.size() + 3 && w.ends_with(suffix)) {
      w[w.size() - suffix.size() + 1] = 's';
      return;
    }
  }
}

// -our -> -or ("colour", "labour", "behaviour", "favourite"): the stem before "our" has
// at least two letters ("hour", "four", "tour", "your" stay).
void fold_our(std::string& w) {
  for (std::string_view suffix : {"our", "ours", "oured", "ouring", "ourite", "ourites", "ourable",
                                  "ourer", "ourers", "ourful", "ourless"}) {
    if (w.size() >= suffix.size() + 2 && w.ends_with(suffix)) {
      w.erase(w.size() - suffix.size() + 1, 1);  // drop the 'u'
      return;
    }
  }
}

struct Folder {
  text::Stemmer stemmer{"porter"};
  std::unordered_map<std::string, std::string> cache;
  // The folded stem of a lower-case token, or "" when it is no content word.
  const std::string& fold(const text::Token& t) {
    auto it = cache.find(t.lower);
    if (it != cache.end()) return it->second;
    if (cache.size() > 100000) cache.clear();
    std::string w = t.lower;
    if (t.numeric) {
      w.erase(std::remove(w.begin(), w.end(), ','), w.end());  // "1,000" = "1000"
    } else {
      if (w.ends_with("'")) w.pop_back();  // plural possessive "states'"
      auto found = spelling_table().find(w);
      if (found != spelling_table().end()) {
        w = found->second;
      } else {
        fold_ize(w);
        fold_our(w);
      }
      if (w.size() < 2 || text::is_stopword(w))
        w.clear();
      else
        w = stemmer.stem(w);
    }
    return cache.emplace(t.lower, std::move(w)).first->second;
  }
};

Folder& folder() {
  thread_local Folder f;
  return f;
}

}  // namespace

std::vector<std::string> repeat_terms(std::string_view sentence) {
  return repeat_terms(text::tokenize(sentence));
}

std::vector<std::string> repeat_terms(const std::vector<text::Token>& tokens) {
  std::vector<std::string> out;
  Folder& f = folder();
  for (const text::Token& t : tokens) {
    const std::string& stem = f.fold(t);
    if (!stem.empty()) out.push_back(stem);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool is_repeat(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::vector<std::string>& small = a.size() <= b.size() ? a : b;
  const std::vector<std::string>& large = a.size() <= b.size() ? b : a;
  if (small.size() < kRepeatMinTerms) return false;
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < small.size() && j < large.size();) {
    if (small[i] < large[j])
      ++i;
    else if (large[j] < small[i])
      ++j;
    else
      ++shared, ++i, ++j;
  }
  return shared * 100 >= small.size() * kRepeatSharePercent;
}

bool is_repeat(std::string_view a, std::string_view b) {
  return is_repeat(repeat_terms(a), repeat_terms(b));
}

std::vector<std::pair<std::size_t, std::size_t>> find_repeats(const Story& story) {
  std::vector<std::vector<std::string>> terms;
  terms.push_back(repeat_terms(story.standfirst.text));
  for (const StorySentence& s : story.body) terms.push_back(repeat_terms(s.text));
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < terms.size(); ++i)
    for (std::size_t j = i + 1; j < terms.size(); ++j)
      if (is_repeat(terms[i], terms[j])) out.emplace_back(i, j);
  return out;
}

}  // namespace storyline::synth
