// Schema migrations of the SQLite store (private to the store stage).
#pragma once

#include <vector>

namespace storyline::store::sqlite {

// migrations()[i] upgrades the schema from version i to i + 1.
const std::vector<const char*>& migrations();

}  // namespace storyline::store::sqlite
