// Headlines: a source title cleaned of site names, section labels and clickbait tails,
// or, when no article has a usable title, the opening of the story's best sentence cut
// at a clause boundary.
#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>

#include "synth/internal.h"
#include "synth/synth.h"
#include "text/text.h"

namespace storyline::synth {
namespace {

// Whether `w` is one of `list`.
bool in_list(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// Letters and digits only, lower case: "The Washington Post" = "washingtonpost" after
// a leading "the" is dropped, "bbc.co.uk" = "bbccouk".
std::string squash(std::string_view s) {
  std::string low = lower_ascii(s);
  if (low.starts_with("the ")) low.erase(0, 4);
  std::string out;
  for (char c : low)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  return out;
}

// Words that label a page's kind or section rather than say news: a title segment made
// only of them (and of "the", "&") is furniture ("Live updates", "Opinion", "World news",
// "Video", "Photos").
bool label_word(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "live",     "updates",    "update",   "updated",  "latest",    "breaking", "news",
      "opinion",  "analysis",   "editorial", "comment", "commentary", "review",  "reviews",
      "video",    "videos",     "photos",   "photo",    "pictures",  "gallery",  "watch",
      "listen",   "podcast",    "explainer", "exclusive", "world",   "politics", "business",
      "sport",    "sports",     "tech",     "technology", "health",  "science",  "entertainment",
      "us",       "uk",         "europe",   "asia",     "africa",    "americas", "local",
      "national", "international", "blog", "blogs",   "report",    "interview", "feature",
      "features", "perspective", "letters", "column",   "insight",   "fact",     "check",
      "what",     "we",         "know",     "recap",    "highlights", "as",      "it",
      "happened", "happens",    "wire",     "top",      "stories",   "story",    "home",
      "front",    "page",       "edition",  "daily",    "weekly",    "today",    "online",
      "the",      "&",          "and",      "of",       "in",        "brief",    "briefing",
      "trending", "viral",      "must",     "read",     "see",       "full",     "coverage"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool all_label_words(std::string_view segment) {
  const auto tokens = text::tokenize(segment);
  if (tokens.empty()) return true;
  for (const text::Token& t : tokens)
    if (!label_word(t.lower)) return false;
  return true;
}

// A segment that names a site: the article's outlet, a domain, or a short run of
// capitalized words ending in an outlet word ("The Washington Post", "BBC News",
// "Fox News", "CNN.com", "NPR").
bool site_name(std::string_view segment, std::string_view source) {
  const std::string sq = squash(segment);
  if (sq.empty()) return true;
  if (!source.empty()) {
    std::string src = squash(source);
    for (std::string_view tld : {"com", "couk", "org", "net", "co", "uk"})
      if (src.size() > tld.size() + 2 && src.ends_with(tld)) {
        src.resize(src.size() - tld.size());
        break;
      }
    if (src.size() >= 3 && (sq.starts_with(src) || src.starts_with(sq))) return true;
  }
  const std::string low = lower_ascii(segment);
  for (std::string_view tld : {".com", ".co.uk", ".org", ".net", ".news"})
    if (low.find(tld) != std::string::npos && low.find(' ') == std::string::npos) return true;
  const auto tokens = text::tokenize(segment);
  if (tokens.empty() || tokens.size() > 5) return false;
  for (const text::Token& t : tokens)
    if (!t.capitalized && t.lower != "the" && t.lower != "of" && t.lower != "and") return false;
  static constexpr std::string_view kOutletWords[] = {
      "news",   "post",     "times",    "journal",  "herald",  "tribune",  "guardian",
      "telegraph", "independent", "mail", "mirror", "express", "observer", "gazette",
      "chronicle", "reuters", "press",  "associated", "bbc",   "cnn",      "npr",
      "abc",    "cbs",      "nbc",      "msnbc",    "fox",     "politico", "axios",
      "bloomberg", "today", "standard", "star",     "sun",     "examiner", "inquirer",
      "magazine", "online", "daily",    "weekly",   "wire",    "networks", "network",
      "radio",  "tv",       "television", "media",  "insider", "economist", "atlantic",
      "verge",  "wired",    "hill",     "vox",      "slate",   "salon",    "forbes",
      "reporter", "register", "record", "dispatch", "courier", "sentinel", "bulletin"};
  for (const text::Token& t : tokens)
    if (std::find(std::begin(kOutletWords), std::end(kOutletWords), t.lower) !=
        std::end(kOutletWords))
      return true;
  return false;
}

// Titles that tease instead of telling ("You won't believe...", "Here's why...").
bool clickbait(std::string_view title) {
  const std::string low = lower_ascii(title);
  static constexpr std::string_view kOpenings[] = {
      "you won't believe", "you won\xE2\x80\x99t believe", "here's why", "here\xE2\x80\x99s why",
      "here's what",       "here\xE2\x80\x99s what",       "this is why", "this is what",
      "you need to know",  "what you need to know",        "find out",    "watch:",
      "quiz:",             "can you guess",                "wait until",  "what happened next",
      "things you",        "reasons why",                  "the reason why"};
  for (std::string_view p : kOpenings)
    if (low.starts_with(p)) return true;
  for (std::string_view p : {"you won't believe", "what happened next", "will blow your mind",
                             "will shock you", "you need to see"})
    if (low.find(p) != std::string::npos) return true;
  return false;
}

// The separators of a title's segments (with their spaces).
constexpr std::array<std::string_view, 7> kSeparators = {
    " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " // ", " \xC2\xBB "};

// Cuts one trailing segment of furniture; true when it did.
bool cut_tail(std::string& t, std::string_view source) {
  std::size_t best = std::string::npos, sep_size = 0;
  for (std::string_view sep : kSeparators) {
    const std::size_t at = t.rfind(sep);
    if (at != std::string::npos && (best == std::string::npos || at > best))
      best = at, sep_size = sep.size();
  }
  if (best == std::string::npos || best == 0) return false;
  const std::string_view tail = std::string_view(t).substr(best + sep_size);
  const std::string_view head = std::string_view(t).substr(0, best);
  if (text::count_words(head) < 3) return false;
  // A pipe always sets off furniture; a dash only a site name or a label.
  const bool pipe = t.compare(best, 3, " | ") == 0 || t.compare(best, 4, " :: ") == 0 ||
                    t.compare(best, 4, " // ") == 0;
  if (!pipe && !site_name(tail, source) && !all_label_words(tail)) return false;
  if (pipe && text::count_words(tail) > 6 && !site_name(tail, source)) return false;
  t.resize(best);
  return true;
}

// Cuts one leading label ("Opinion: ", "BREAKING | ", "Live updates - "); true when it did.
bool cut_head(std::string& t, std::string_view source) {
  std::size_t end = std::string::npos, sep_size = 0;
  for (std::string_view sep : {std::string_view(": "), std::string_view(" | "),
                               std::string_view(" - "), std::string_view(" \xE2\x80\x93 "),
                               std::string_view(" \xE2\x80\x94 ")}) {
    const std::size_t at = t.find(sep);
    if (at != std::string::npos && (end == std::string::npos || at < end))
      end = at, sep_size = sep.size();
  }
  if (end == std::string::npos || end == 0) return false;
  const std::string_view label = std::string_view(t).substr(0, end);
  const std::string_view rest = std::string_view(t).substr(end + sep_size);
  if (text::count_words(rest) < 3) return false;
  if (!all_label_words(label) && !(site_name(label, source) && t.compare(end, 2, ": ") != 0))
    return false;
  t.erase(0, end + sep_size);
  return true;
}

// Cuts a trailing bracketed label: "(video)", "[PHOTOS]", "(updated)", "(+video)".
bool cut_bracket(std::string& t) {
  if (t.empty() || (t.back() != ')' && t.back() != ']')) return false;
  const char open = t.back() == ')' ? '(' : '[';
  const std::size_t at = t.rfind(open);
  if (at == std::string::npos || at == 0) return false;
  const std::string inner = t.substr(at + 1, t.size() - at - 2);
  if (text::count_words(inner) > 3 || !all_label_words(inner)) return false;
  t.resize(at);
  t = trim(t);
  return true;
}

// Word boundaries where a headline may end: after a clause's punctuation, before a
// conjunction or a preposition that opens a clause or a phrase.
bool opens_clause(std::string_view lower) {
  return in_list(lower, {"after", "as", "while", "amid", "because", "when", "following", "despite", "before",
                         "since", "although", "though", "which", "who", "whose", "where", "but", "and",
                         "until", "unless", "whereas", "if", "ahead", "over", "in", "on", "at", "for", "with",
                         "from", "to", "by", "into", "during", "against", "than", "that"});
}

bool relative_or_complement(std::string_view lower) {
  return in_list(lower, {"that", "which", "who", "whose", "if"});
}

bool reporting_verb(std::string_view lower);

// The text between token k-1 and token k of `s` (spaces, punctuation, quote marks).
std::string_view gap_before(std::string_view s, const std::vector<text::Token>& tokens, std::size_t k) {
  return s.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end);
}


// Auxiliaries and verbs of saying: words that are a clause's finite verb.
bool auxiliary_or_saying(std::string_view w) {
  return in_list(w, {"is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can",
                     "may", "might", "must", "should", "does", "did", "says", "said", "told", "faces",
                     "remains"});
}

// The token index after each comma among `tokens` (a comma in the gap before token k),
// outside quotations.
std::vector<std::size_t> comma_cuts(std::string_view s, const std::vector<text::Token>& tokens) {
  const auto quotes = detail::quoted_ranges(s);
  std::vector<std::size_t> out;
  for (std::size_t k = 1; k < tokens.size(); ++k) {
    const std::string_view gap = gap_before(s, tokens, k);
    if (gap.find(',') != std::string_view::npos && !detail::in_ranges(quotes, tokens[k - 1].end)) out.push_back(k);
  }
  return out;
}

// The token index after the comma that closes a sentence's introductory clause or phrase
// ("Following the defeat on Wednesday, Rapinoe said", "According to the study, the",
// "As you may have heard, President Obama"), 0 when it has none. A phrase opened by a
// preposition holds no finite verb ("At least 20 people were killed in the attack, ..."
// is a clause of its own), and a comma inside a list closes nothing ("In Paris, London
// and Berlin, ..."). `droppable`: a headline may leave the phrase out without changing
// what the rest says (time, place, cause, concession: not an attribution or a condition).
std::size_t introduction_end(std::string_view s, const std::vector<text::Token>& tokens,
                             const std::vector<std::size_t>& commas, bool& droppable) {
  droppable = false;
  if (commas.empty()) return 0;
  const std::string_view w = tokens[0].lower;
  const bool subordinator = in_list(w, {"after", "following", "when", "while", "despite", "before", "since",
                                        "although", "though", "amid", "during", "because", "as", "once",
                                        "if", "unless", "whether", "until", "however", "meanwhile",
                                        "earlier", "later"});
  const bool preposition = in_list(w, {"on", "in", "at", "with", "without", "according", "for", "from", "by",
                                       "under", "upon", "throughout", "within", "among", "given", "like",
                                       "unlike", "besides", "to"});
  // "This week, ...", "Last year, ...".
  const bool time = in_list(w, {"this", "last"}) && commas[0] == 2 &&
                    in_list(tokens[1].lower, {"week", "year", "month", "weekend", "morning", "afternoon", "evening",
                                              "night", "summer", "winter", "spring", "autumn", "fall", "monday",
                                              "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"});
  if (!subordinator && !preposition && !time) return 0;
  // "At least 20 people...", "As many as 50...": a count opens the main clause.
  if (tokens.size() > 1 && (tokens[1].lower == "least" || tokens[1].lower == "many" || tokens[1].lower == "most"))
    return 0;
  std::size_t i = 0, end = commas[0];
  // A date or a place runs on past its comma ("On Sunday, April 28,", "hit Houston, Texas,",
  // "on Aug. 29, 2005,"): the phrase ends at the comma after it.
  while (i + 1 < commas.size() && commas[i + 1] - commas[i] <= 3 &&
         (tokens[commas[i] - 1].capitalized || tokens[commas[i] - 1].numeric)) {
    bool continues = true, date = false;
    for (std::size_t k = commas[i]; k < commas[i + 1] && continues; ++k) {
      continues = tokens[k].capitalized || tokens[k].numeric;
      date = date || tokens[k].numeric;
    }
    // A place runs on only into a clause in lower case ("hit Houston, Texas, officials
    // ordered"); before a number or a name it is a subject and its apposition ("with
    // Italian TV, Sollecito, 29, said").
    const text::Token& after = tokens[commas[i + 1]];
    if (!continues || (!date && (after.capitalized || after.numeric))) break;
    end = commas[++i];
  }
  if (end > 20) return 0;
  if (i + 1 < commas.size() && commas[i + 1] - end <= 4)
    for (std::size_t k = end; k < commas[i + 1]; ++k)
      if (tokens[k].lower == "and" || tokens[k].lower == "or") return 0;  // a list: "In Paris, London and Berlin,"
  // What comes before an attribution that closes its clause is what was said ("In 2019
  // the company earned five billion dollars, the report found."), not an introduction.
  for (std::size_t k = end; k < tokens.size() && k < end + 5; ++k)
    if (reporting_verb(tokens[k].lower) &&
        (k + 1 == tokens.size() || gap_before(s, tokens, k + 1).find_first_of(",.;") != std::string_view::npos))
      return 0;
  if (preposition)
    for (std::size_t k = 0; k < end; ++k)
      if (auxiliary_or_saying(tokens[k].lower)) return 0;  // a clause of its own
  droppable = !in_list(w, {"according", "without", "if", "unless", "whether", "until", "under", "given",
                           "like", "unlike", "besides", "to"});
  return end;
}

// Verbs that report what someone said, found or asked: a headline never stops within a
// few words after one ("Police said on Tuesday", "Rivlin's office said in a statement"),
// where what was said has not begun.
bool reporting_verb(std::string_view lower) {
  // (Not the forms that are also nouns: "states", "rules", "reports", "claims", "notes"...)
  return in_list(lower, {"said", "says", "say", "saying", "told", "tells", "telling", "suggested", "suggests",
                         "reported", "reporting", "announced", "announces", "revealed", "reveals", "claimed",
                         "argued", "argues", "warned", "warns", "insisted", "insists", "confirmed",
                         "confirms", "denied", "denies", "admitted", "admits", "stated", "noted", "added",
                         "adds", "explained", "explains", "wrote", "writes", "alleged", "alleges",
                         "acknowledged", "indicated", "indicates", "predicted", "predicts", "concluded",
                         "concludes", "asked", "asks", "believe", "believes", "believed", "think", "thinks",
                         "hoped", "feared", "expects", "discovered", "found", "finds", "showed", "ruled"});
}

// Whether a cut before token k falls inside an appositive that follows a name at the
// start of the sentence ("Barbara Morgan, an officer with the Humane Society, says..."):
// after "Name, the/a/an" and before the appositive's closing comma.
bool appositive_open(std::string_view s, const std::vector<text::Token>& tokens, std::size_t k) {
  std::size_t comma = 0;
  for (std::size_t j = 1; j < k && j <= 4; ++j)
    if (gap_before(s, tokens, j).find(',') != std::string_view::npos) {
      comma = j;
      break;
    }
  if (comma < 2) return false;
  for (std::size_t j = 0; j < comma; ++j)
    if (!tokens[j].capitalized) return false;
  const std::string_view det = tokens[comma].lower;
  if (det != "the" && det != "a" && det != "an") return false;
  for (std::size_t j = comma + 1; j < k; ++j)
    if (gap_before(s, tokens, j).find(',') != std::string_view::npos)
      return false;  // closed: what follows is the predicate
  return k > comma;
}

// The opening of `s` (tokens `tokens`) at most `max_words` words long that ends at a
// boundary, "" when none has at least `min_words` words.
std::string cut_at_boundary(std::string_view s, const std::vector<text::Token>& tokens,
                            std::size_t min_words, std::size_t max_words) {
  const auto quotes = detail::quoted_ranges(s);
  // Never within or at the end of an introductory phrase: "According to the study" and
  // "In a match made in hippie heaven" say nothing yet.
  bool droppable = false;
  const std::size_t intro = introduction_end(s, tokens, comma_cuts(s, tokens), droppable);
  std::size_t best_end = 0;
  int best_rank = -1;  // punctuation (2) over a clause word (1) over a phrase word (0)
  for (std::size_t k = min_words; k <= max_words && k < tokens.size(); ++k) {
    // A cut between token k-1 and token k.
    const std::size_t end = tokens[k - 1].end;
    if (detail::in_ranges(quotes, end) || detail::in_ranges(quotes, tokens[k].begin) || k <= intro) continue;
    const std::string_view gap = gap_before(s, tokens, k);
    int rank = -1;
    if (gap.find_first_of(",;:") != std::string_view::npos ||
        gap.find("\xE2\x80\x94") != std::string_view::npos ||
        gap.find("\xE2\x80\x93") != std::string_view::npos || gap.find(" - ") != std::string_view::npos)
      rank = 2;
    else if (opens_clause(tokens[k].lower))
      rank = tokens[k].lower.size() > 3 || tokens[k].lower == "as" || tokens[k].lower == "but" ||
                     tokens[k].lower == "who" || tokens[k].lower == "and"
                 ? 1
                 : 0;
    // Never end on a word that needs what follows ("the", "of", "a").
    if (rank >= 0 && text::is_stopword(tokens[k - 1].lower) && tokens[k - 1].lower.size() <= 3 &&
        !tokens[k - 1].numeric)
      rank = -1;
    // Nor a few words after a verb of saying, before what was said ("Police said on
    // Tuesday"), nor within the first words of what was said ("...said in a statement that
    // the request"). Nor before a relative clause or "that" once a verb of saying came: the
    // clause is what was said, or belongs to its subject ("discovered that a gene mutation
    // which raises the risk evolved...").
    // A verb of saying after what was said ("The storm killed three people, officials
    // said": a clause of five words or more, a comma, a short subject) ends an attribution,
    // not an opening.
    for (std::size_t back = 1; rank >= 0 && back <= k; ++back) {
      const std::size_t verb = k - back;
      if (!reporting_verb(tokens[verb].lower)) continue;
      bool said_after = false;
      for (std::size_t j = verb >= 4 ? verb - 3 : 1; j <= verb && !said_after; ++j)
        said_after = j >= 5 && intro == 0 &&
                     gap_before(s, tokens, j).find(',') != std::string_view::npos;
      if ((back <= 5 && !said_after) || (rank < 2 && relative_or_complement(tokens[k].lower))) rank = -1;
    }
    // Nor before the clause that says what a report or a claim is ("There have been
    // widespread reports that Libyan soldiers...").
    if (rank >= 0 && tokens[k].lower == "that" &&
        in_list(tokens[k - 1].lower, {"reports", "report", "claims", "claim", "fears", "hopes", "allegations",
                                      "shows", "states", "notes", "rules", "thought", "suggests", "finds",
                                      "rumors", "rumours", "evidence", "news", "concerns", "speculation",
                                      "signs", "suggestions", "indications", "word", "belief", "warnings"}))
      rank = -1;
    // Nor within the first words of a clause opened by "that" ("Rumors are swirling that
    // Kim Kardashian", "said in a statement that the request").
    for (std::size_t back = 1; rank >= 0 && back <= 3 && back <= k; ++back)
      if (tokens[k - back].lower == "that") rank = -1;
    // Nor inside a list of names ("Paris, London and Berlin", "Kardashian and Humphries").
    if (rank >= 0 && (tokens[k].lower == "and" || tokens[k].lower == "or") && k >= 2 && tokens[k - 1].capitalized)
      rank = -1;
    // Nor inside an appositive after a name, before the verb ("Barbara Morgan, an officer").
    if (rank >= 0 && appositive_open(s, tokens, k)) rank = -1;
    if (rank >= best_rank && rank >= 0) best_rank = rank, best_end = end;
  }
  if (best_rank < 0) return {};
  return std::string(s.substr(0, best_end));
}

std::string strip_final_punctuation(std::string s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ' || s.back() == ',' || s.back() == ';' ||
                        s.back() == ':'))
    s.pop_back();
  return s;
}

// Quote marks balanced (straight pairs, curly opens = closes).
bool balanced(std::string_view s) {
  std::size_t straight = 0, open = 0, close = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') ++straight;
    if (s.compare(i, 3, "\xE2\x80\x9C") == 0) ++open;
    if (s.compare(i, 3, "\xE2\x80\x9D") == 0) ++close;
  }
  return straight % 2 == 0 && open == close;
}

}  // namespace

std::string clean_title(std::string_view title, std::string_view source) {
  std::string t = text::collapse_whitespace(title);
  t = trim(t);
  for (bool again = true; again;) again = cut_tail(t, source) || cut_bracket(t) || cut_head(t, source);
  t = trim(t);
  if (t.empty() || clickbait(t)) return {};
  const auto tokens = text::tokenize(t);
  if (tokens.size() < 3) return {};
  // All capitals ("STORM HITS COAST") reads as shouting; such a title is left out.
  std::size_t upper = 0, lower = 0;
  for (char c : t) upper += c >= 'A' && c <= 'Z', lower += c >= 'a' && c <= 'z';
  if (upper + lower > 10 && upper * 10 > (upper + lower) * 7) return {};
  if (tokens.size() > kHeadlineMaxWords) {
    t = strip_final_punctuation(cut_at_boundary(t, tokens, 4, kHeadlineMaxWords));
    if (t.empty()) return {};
  }
  if (!balanced(t)) return {};
  return t;
}

std::string shorten_to_clause(std::string_view sentence, std::size_t max_words) {
  const auto tokens = text::tokenize(sentence);
  if (tokens.size() <= max_words) return std::string(sentence);
  std::string cut = strip_final_punctuation(
      cut_at_boundary(sentence, tokens, std::min<std::size_t>(4, max_words), max_words));
  if (cut.empty() && max_words > 0)  // no boundary: the first words, marked as cut
    cut = strip_final_punctuation(std::string(sentence.substr(0, tokens[max_words - 1].end)));
  if (cut.empty()) return {};
  return cut + " \xE2\x80\xA6";  // …
}

namespace {

bool pronoun(std::string_view lower) {
  return in_list(lower, {"he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those", "his",
                         "her", "their", "its", "our"});
}


// Whether the gap before token k is a plain comma (", "): no quote mark, bracket or dash
// that leaving text out would orphan (", “The deal is dead,” ..." keeps its quote).
bool plain_comma(std::string_view s, const std::vector<text::Token>& tokens, std::size_t k) {
  const std::string_view gap = gap_before(s, tokens, k);
  return !gap.empty() && gap[0] == ',' && gap.find_first_not_of(' ', 1) == std::string_view::npos;
}


// A word that is likely the finite verb of a clause, as the word right after an
// appositive's closing comma is: an auxiliary, a verb of saying, or a past form ("is
// facing", "was awarded", "said", "announced").
bool finite_verb(const text::Token& t) {
  if (t.capitalized || t.numeric) return false;
  return auxiliary_or_saying(t.lower) || (t.lower.size() > 4 && t.lower.ends_with("ed"));
}

// Whether a finite verb comes within the six words from token k, before any comma: what
// follows an introduction is a clause ("officials ordered the evacuation"), not the rest
// of a list that ran through its comma ("diapers, baby wipes and shoes for her children").
bool verb_follows(std::string_view s, const std::vector<text::Token>& tokens, std::size_t k) {
  for (std::size_t j = k; j < tokens.size() && j < k + 6; ++j) {
    if (j > k && gap_before(s, tokens, j).find(',') != std::string_view::npos)
      return false;
    if (finite_verb(tokens[j])) return true;
  }
  return false;
}

std::string upper_first(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

bool names_only(const std::vector<text::Token>& tokens, std::size_t from, std::size_t to) {
  for (std::size_t k = from; k < to; ++k)
    if (!tokens[k].capitalized) return false;
  return from < to;
}

// `s` without a name or an age set off by commas ("asked the F.B.I. director, James B.
// Comey, to shut down" -> "asked the F.B.I. director to shut down"; "a gunman in Austin,
// Texas, killed"; "Alcorn, 29, was charged"), when the sentence goes on after it with a
// word in lower case; `s` itself when it has none.
std::string drop_name_apposition(const std::string& s, const std::vector<text::Token>& tokens,
                                 const std::vector<std::size_t>& commas) {
  for (std::size_t i = 0; i + 1 < commas.size(); ++i) {
    const std::size_t a = commas[i], b = commas[i + 1];
    if (a < 1 || b - a > 4 || !plain_comma(s, tokens, a) || !plain_comma(s, tokens, b)) continue;
    const text::Token& next = tokens[b];
    if (next.capitalized || next.numeric || next.lower == "and" || next.lower == "or") continue;
    if (a < 2 && !in_list(tokens[a].lower, {"however", "though", "meanwhile"})) continue;
    const bool age = b - a == 1 && tokens[a].numeric && tokens[a].lower.size() <= 3 && tokens[a - 1].capitalized;
    // A discourse word set off by commas ("The timing, however, indicates").
    const bool aside = b - a == 1 && in_list(tokens[a].lower, {"however", "though", "meanwhile", "too", "also",
                                                                "instead", "therefore", "nonetheless",
                                                                "nevertheless", "meantime"});
    if (!age && !aside && !names_only(tokens, a, b)) continue;
    return s.substr(0, tokens[a - 1].end) + " " + s.substr(next.begin);
  }
  return s;
}

// A long sentence shortened for a headline by leaving out what a headline leaves out,
// never by changing what it says: an introductory phrase of time or cause ("Following the
// Reign's defeat on Wednesday, Megan Rapinoe responded..." -> "Megan Rapinoe
// responded..."); an appositive between the subject and its verb ("The teacher, identified
// as Geraldine Alcorn, is facing charges" -> "The teacher is facing charges"; a name after
// a description is the subject: "Ms. Clifford's lawyer, Michael Avenatti, said" ->
// "Michael Avenatti said"); a name or an age set off by commas. Only at plain commas
// (never orphaning a quote mark), and only when what remains opens with a subject that is
// no pronoun.
std::string compress(std::string s) {
  for (int round = 0; round < 4; ++round) {
    const auto tokens = text::tokenize(s);
    if (tokens.size() <= kHeadlineMaxWords) break;
    const auto commas = comma_cuts(s, tokens);
    if (commas.empty()) break;
    bool droppable = false;
    if (const std::size_t c = introduction_end(s, tokens, commas, droppable);
        c > 0 && droppable && plain_comma(s, tokens, c) && !pronoun(tokens[c].lower) && !tokens[c].numeric &&
        (tokens[c].capitalized || in_list(tokens[c].lower, {"the", "a", "an"}) || verb_follows(s, tokens, c))) {
      s = upper_first(s.substr(tokens[c].begin));
      continue;
    }
    const std::size_t c1 = commas[0];
    // (A one-word subject is a name: "Apple, the world's most valuable company, announced".)
    const bool one_word_name = c1 == 1 && !in_list(tokens[0].lower, {"yesterday", "today", "tonight", "now", "still",
                                                                     "instead", "overall", "separately", "elsewhere",
                                                                     "here", "there", "so", "yet", "also", "indeed"});
    if (commas.size() >= 2 && tokens[0].capitalized && (c1 >= 2 || one_word_name) && c1 <= 8 && commas[1] - c1 <= 20 &&
        finite_verb(tokens[commas[1]]) && plain_comma(s, tokens, c1) && plain_comma(s, tokens, commas[1])) {
      const std::size_t c2 = commas[1];
      // The first part is a noun phrase (no auxiliary, no adverb); the second reads as an
      // appositive: a determiner, an age, a participle ("identified as"), or a name.
      bool noun_phrase = true;
      for (std::size_t k = 0; k < c1 && noun_phrase; ++k)
        noun_phrase = !(auxiliary_or_saying(tokens[k].lower) ||
                        (!tokens[k].capitalized && tokens[k].lower.size() > 4 && tokens[k].lower.ends_with("ly")));
      const std::string_view open = tokens[c1].lower;
      const bool name = c2 - c1 <= 4 && names_only(tokens, c1, c2);
      // A relative clause ("The plane, which was 20 years old, had been overhauled") holds
      // its own verb; a short phrase ("Amy Pinto, in tears, told") none.
      const bool relative = open == "who" || open == "which";
      const bool appositive = open == "the" || open == "a" || open == "an" || name || relative ||
                              (tokens[c1].numeric && open.size() <= 3) ||
                              (!tokens[c1].capitalized && open.size() > 4 && open.ends_with("ed")) ||
                              (c2 - c1 <= 4 && in_list(open, {"in", "at", "on", "with", "by", "from", "of"}));
      bool verbless = true;
      for (std::size_t k = c1; k < c2 && verbless && !relative; ++k) verbless = !auxiliary_or_saying(tokens[k].lower);
      if (noun_phrase && appositive && verbless) {
        // A name after a description ("The runner-up, Brittany Lewis, was") is the subject;
        // after a name or a place ("a gunman in Austin, Texas, killed", "the summit in the
        // Belgian capital, Brussels, ended") it is left out.
        const bool name_subject = name && !tokens[c1 - 1].capitalized &&
                                  !in_list(tokens[c1 - 1].lower, {"capital", "city", "town", "country", "state", "province",
                                                                  "region", "village", "county", "island", "port",
                                                                  "district", "neighborhood", "neighbourhood", "area"});
        const std::string_view subject =
            name_subject ? std::string_view(s).substr(tokens[c1].begin, tokens[c2 - 1].end - tokens[c1].begin)
                         : std::string_view(s).substr(0, tokens[c1 - 1].end);
        s = std::string(subject) + " " + s.substr(tokens[c2].begin);
        continue;
      }
    }
    std::string shorter = drop_name_apposition(s, tokens, commas);
    if (shorter == s) break;
    s = std::move(shorter);
  }
  return s;
}

}  // namespace

std::string headline_from_sentence(std::string_view sentence) {
  std::string s = text::collapse_whitespace(sentence);
  // A wire dateline ("WASHINGTON (AP) — ") is no part of a headline.
  for (std::string_view dash : {" \xE2\x80\x94 ", " \xE2\x80\x93 ", " - "}) {
    const std::size_t at = s.find(dash);
    if (at != std::string::npos && at < 60) {
      const std::string_view before = std::string_view(s).substr(0, at);
      std::size_t upper = 0, letters = 0;
      for (char c : before) upper += c >= 'A' && c <= 'Z', letters += std::isalpha(static_cast<unsigned char>(c)) != 0;
      if (letters > 0 && upper * 10 >= letters * 6) {
        s.erase(0, at + dash.size());
        break;
      }
    }
  }
  {
    // "After the vote, he said...": the clause's subject needs its antecedent.
    const auto tokens = text::tokenize(s);
    bool droppable = false;
    if (const std::size_t c = introduction_end(s, tokens, comma_cuts(s, tokens), droppable);
        c > 0 && in_list(tokens[c].lower, {"he", "she", "they", "it", "we", "i", "you"}))
      return {};
  }
  s = compress(std::move(s));
  const auto tokens = text::tokenize(s);
  if (tokens.size() < 3) return {};
  std::string out;
  if (tokens.size() <= kHeadlineMaxWords)
    out = strip_final_punctuation(s);
  else
    out = strip_final_punctuation(cut_at_boundary(s, tokens, 4, kHeadlineMaxWords));
  if (out.empty() || !balanced(out)) return {};
  return out;
}

}  // namespace storyline::synth
