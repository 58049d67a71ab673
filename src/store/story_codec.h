// JSON encoding of a Story's sentences, provenance and disagreements, as kept in
// the store's `stories.data` column (private to the store stage).
#pragma once

#include <string>

#include "model/model.h"

namespace storyline::store {

std::string encode_story_data(const Story& story);
// Fills standfirst, body, disagreements and articles of `story` from encoded data.
// Throws StoreError on malformed data.
void decode_story_data(const std::string& data, Story& story);

}  // namespace storyline::store
