// JSON encoding of a Story's sentences, provenance and disagreements, as kept in
// the store's `stories.data` column (private to the store stage).
#pragma once

#include <string>

#include "model/model.h"

namespace storyline::store {

std::string encode_story_data(const Story& story);
// Fills standfirst, body, disagreements and articles of `story` from encoded data. The
// article list is the one the text was written with: a refresh of the story's sources
// (StoryWrite::sources) updates only `stories.rank`, whose list the store reads last.
// Throws StoreCorrupt on malformed data.
void decode_story_data(const std::string& data, Story& story);

}  // namespace storyline::store

namespace storyline::store {

// JSON of a story's list and ranking fields, as kept in `stories.rank`: its articles,
// outlet names, distinct count and coverage times.
template <typename StoryLike>
std::string encode_rank_data(const StoryLike& story);
// Fills articles, outlet_names, distinct and times of `summary`. Throws StoreCorrupt on
// malformed data.
template <typename StoryLike>
void decode_rank_data(const std::string& data, StoryLike& summary);

}  // namespace storyline::store
