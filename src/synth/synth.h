// synth: writes one story from the articles of a cluster: the event date, a
// one-sentence standfirst and a body that tells the event once, each sentence
// carrying its provenance (the article spans it comes from). Extractive: every
// sentence is taken from a source (rewritten only by safe, rule-based edits such
// as resolving relative dates), so nothing is invented.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"

namespace storyline::synth {

struct Options {
  std::size_t max_words = 300;         // body word budget (standfirst excluded)
  std::size_t paragraph_sentences = 4; // sentences per body paragraph
};

// Writes the story for `articles` (all of one cluster). Returns false with a reason
// in `why` when no story can be written (e.g. no article has a usable sentence).
// The story's id, score and outlets are left for the caller.
bool write_story(const std::vector<const Article*>& articles, const Options& options, Story& out,
                 std::string& why);

// Story as plain text, in the shape of storyline's published stories:
// "date YYYY-MM-DD <standfirst>", a blank line, then body paragraphs separated by blank lines.
std::string format_text(const Story& story);

// Resolves relative dates in a sentence against the article's publication time:
// "tomorrow" -> "on Wednesday, February 12", "on Thursday" -> "on Thursday, February 13".
std::string resolve_relative_dates(std::string_view sentence, UnixTime published);

// Event date (YYYY-MM-DD) of a cluster: the day most of its early coverage reports.
std::string event_date(const std::vector<const Article*>& articles);

}  // namespace storyline::synth
