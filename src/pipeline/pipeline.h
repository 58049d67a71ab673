// pipeline: composes the stages for the batch jobs (CLI) and, later, the live
// workers: files -> ingest -> store, and store -> cluster -> synth -> store.
// No stage logic lives here, only the wiring.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cluster/cluster.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "synth/synth.h"

namespace storyline::pipeline {

struct IngestStats {
  std::size_t files = 0;       // files read
  std::size_t articles = 0;    // articles read from them
  std::size_t inserted = 0;    // new articles committed
  std::size_t duplicates = 0;  // already stored, skipped
  std::size_t updated = 0;     // same item with new content, updated in place
  std::size_t refused = 0;     // removed earlier (tombstoned), not added again
  std::size_t problems = 0;
  std::string last_origin;     // origin of the last committed article
};

// Lists the input files of `paths`: files as given, directories walked (sorted,
// hidden files skipped). Missing paths become problems.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<ingest::Problem>& problems);

// Reads `files` into the store, committing every `batch` articles; after each commit
// `on_commit` is told the running totals (everything counted there is durable).
IngestStats ingest_files(store::Store& store, const std::vector<std::string>& files,
                         const ingest::Options& options, std::size_t batch,
                         std::vector<ingest::Problem>& problems,
                         const std::function<void(const IngestStats&)>& on_commit = {},
                         const std::function<void(std::size_t files_done)>& on_file = {});

struct DigestOptions {
  cluster::Config cluster;
  synth::Options synth;
  UnixTime now = 0;  // for ranking; 0 = newest article time
  // What the store held before (its assignments and highest story id ever stored):
  // stories keep their ids across digests (see keep_story_ids).
  std::vector<Assignment> previous;
  StoryId last_story_id = 0;
};

struct DigestResult {
  std::vector<Story> stories;           // best first
  std::vector<Assignment> assignments;  // one per article
  std::vector<std::string> skipped;     // "story N: reason" for clusters with no story
};

// Clusters `articles`, writes and ranks one story per cluster, with ids kept from
// `options.previous` (keep_story_ids).
DigestResult digest(const std::vector<Article>& articles, const DigestOptions& options);

// Story ids that outlive re-clustering. An earlier story's id can go only to the new
// cluster sharing most of its articles (ties: the cluster opened first); a cluster
// that is that for several earlier stories takes the id of the one it shares most
// with (ties: the older id), and the other ids retire. Clusters left over get new ids
// above `last_story_id` and every earlier id, in order of their first article in
// `assignments`. So a story keeps its id, and its URL, when late articles join it, when
// it merges with another (the larger part's id survives) or splits (the larger part
// keeps it), and an id never passes to a leftover piece or to a different story.
void keep_story_ids(std::vector<Assignment>& assignments, const std::vector<Assignment>& previous,
                    StoryId last_story_id);

}  // namespace storyline::pipeline
