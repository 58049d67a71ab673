// storyline eval extraction|clustering|summarization: scores against ../shared/data.
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "eval/eval.h"

namespace storyline::cli {
namespace {

std::string shared_data(const std::string& rel) {
  namespace fs = std::filesystem;
  for (const fs::path& base : {fs::path("../shared/data"), fs::path(STORYLINE_SOURCE_DIR) / "../shared/data"}) {
    std::error_code ec;
    if (fs::exists(base / rel, ec)) return (base / rel).string();
  }
  return (fs::path("../shared/data") / rel).string();
}

void require(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw std::runtime_error(path + " not found (the evaluation data lives in ../shared/data)");
}

void print_scores(const char* name, const eval::Scores& s) {
  std::printf("  %-18s P %.4f  R %.4f  F1 %.4f  (n=%zu)\n", name, s.precision, s.recall, s.f1, s.n);
}

void print_ceiling(const eval::ClusteringCeiling& c) {
  std::printf("  ceiling: an oracle joining exactly the same-story pairs at cosine >= link\n");
  for (const auto& row : c.rows) {
    char name[32];
    std::snprintf(name, sizeof name, "link >= %.2f", row.link);
    print_scores(name, row.bcubed);
  }
  std::printf("  %-18s %12s %18s\n", "pairs by cosine", "same story", "different stories");
  for (const auto& b : c.bands) {
    char name[32];
    std::snprintf(name, sizeof name, "[%.2f, %.2f%c", b.from, b.to, &b == &c.bands.back() ? ']' : ')');
    std::printf("  %-18s %12zu %18zu\n", name, b.same_story, b.different_stories);
  }
  std::printf("  nearest article in another story: %zu of the %zu articles with a same-story mate\n",
              c.nearest_elsewhere, c.with_mate);
}

}  // namespace

void add_eval(CLI::App& app, Globals& g) {
  auto* ev = app.add_subcommand("eval", "Measure extraction, clustering or summarization on the evaluation data");
  ev->require_subcommand(1);

  auto dirs = std::make_shared<std::vector<std::string>>();
  auto* ex = ev->add_subcommand("extraction", "Body P/R/F1 (each dataset's own scorer), title/date/author accuracy");
  ex->add_option("dirs", *dirs, "Dataset directories (default: scrapinghub and wcxb-dev in ../shared/data/extraction)");
  ex->callback([dirs] {
    std::vector<std::string> list = *dirs;
    if (list.empty()) list = {shared_data("extraction/scrapinghub"), shared_data("extraction/wcxb-dev")};
    for (const auto& d : list) {
      require(d);
      const auto r = eval::evaluate_extraction(d);
      std::printf("%s: %zu pages, %zu errors, %.1f pages/s\n", r.dataset.c_str(), r.pages, r.errors,
                  r.seconds > 0 ? static_cast<double>(r.pages) / r.seconds : 0.0);
      print_scores("body", r.body);
      if (r.title_accuracy >= 0) std::printf("  %-18s %.4f\n", "title exact", r.title_accuracy);
      if (r.date_accuracy >= 0) std::printf("  %-18s %.4f\n", "date exact day", r.date_accuracy);
      if (r.author_accuracy >= 0) std::printf("  %-18s %.4f\n", "author", r.author_accuracy);
    }
  });

  struct ClOpts {
    std::string multinews, timeline17, miranda, miranda_lang = "eng";
    std::uint64_t seed = 17;
    bool ceiling = false;
    cluster::Config config;
  };
  auto co = std::make_shared<ClOpts>();
  auto* cl = ev->add_subcommand(
      "clustering",
      "BCubed and pairwise P/R/F1 on pooled Multi-News clusters and on Timeline17 topics (from "
      "../shared/data unless paths are given; only the datasets named when any is), or on "
      "Miranda et al. 2018's set");
  cl->add_option("--multinews", co->multinews, "Multi-News validation.csv");
  cl->add_option("--timeline17", co->timeline17, "Timeline17 directory");
  cl->add_option("--miranda", co->miranda,
                 "Miranda et al.'s dataset.dev.json or dataset.test.json (Priberam's public "
                 "news-clustering set; pick the threshold on dev, run test once)");
  cl->add_option("--miranda-lang", co->miranda_lang, "Language of the Miranda documents streamed")
      ->capture_default_str();
  cl->add_option("--seed", co->seed, "Shuffle seed (Multi-News)")->capture_default_str();
  cl->add_option("--threshold", co->config.threshold, "Similarity to join a story")->capture_default_str();
  cl->add_option("--expire-days", co->config.expire_days,
                 "Days a quiet story stays joinable (< 0: from the decay and threshold; 0: never "
                 "expire)")
      ->capture_default_str();
  cl->add_flag("--ceiling", co->ceiling,
               "Also print each dataset's ceiling: the BCubed scores of an oracle that joins "
               "exactly the same-story pairs whose cosine reaches a link threshold, and the "
               "same-story and different-story pairs per similarity band (O(n^2) pairs)");
  cl->callback([co] {
    const bool named = !co->multinews.empty() || !co->timeline17.empty() || !co->miranda.empty();
    std::vector<eval::LabelledStream> streams;
    if (!named || !co->multinews.empty()) {
      const std::string mn = co->multinews.empty() ? shared_data("multinews/validation.csv") : co->multinews;
      require(mn);
      streams.push_back(eval::multinews_stream(mn, co->seed));
    }
    if (!named || !co->timeline17.empty()) {
      const std::string tl = co->timeline17.empty() ? shared_data("timeline17") : co->timeline17;
      require(tl);
      streams.push_back(eval::timeline17_stream(tl));
    }
    if (!co->miranda.empty()) {  // (a missing file is the loader's clear error)
      streams.push_back(eval::miranda_stream(co->miranda, co->miranda_lang));
    }
    for (const auto& stream : streams) {
      const auto r = eval::evaluate_clustering(stream, co->config);
      std::printf("%s: %zu articles, %zu gold clusters, %zu stories, %.0f articles/s\n",
                  r.dataset.c_str(), r.articles, r.gold_clusters, r.stories,
                  r.seconds > 0 ? static_cast<double>(r.articles) / r.seconds : 0.0);
      print_scores("BCubed", r.bcubed);
      print_scores("pairwise", r.pairwise);
      const auto live = eval::evaluate_live_clustering(stream, co->config);
      std::printf("  live path (store + engine, batches of 1000 in arrival order): %zu stories, %.0f articles/s\n",
                  live.live_stories, live.seconds > 0 ? static_cast<double>(r.articles) / live.seconds : 0.0);
      print_scores("BCubed live", live.live);
      std::printf("  batch path (digest --rebuild: publication order): %zu stories\n", live.rebuild_stories);
      print_scores("BCubed rebuild", live.rebuild);
      std::printf("  live - rebuild BCubed F1: %+.4f\n", live.live.f1 - live.rebuild.f1);
      if (co->ceiling) print_ceiling(eval::clustering_ceiling(stream, co->config));
    }
  });

  struct SumOpts {
    std::string csv;
    std::size_t limit = 0;
    std::string split = "all";
    bool truncate = false;
    std::string dump;
  };
  auto so = std::make_shared<SumOpts>();
  auto* su = ev->add_subcommand("summarization", "ROUGE-1/2/L F1 of storyline, lead and LexRank on Multi-News");
  su->add_option("--csv", so->csv, "Multi-News validation.csv");
  su->add_option("--limit", so->limit, "Use only the first N clusters (0 = all)");
  su->add_option("--split", so->split,
                 "Clusters scored: all, or the held-out half even|odd (by index parity; tune on "
                 "one half, confirm on the other)")
      ->check(CLI::IsMember({"all", "even", "odd"}));
  su->add_flag("--truncate", so->truncate,
               "ROUGE-1.5.5 -l convention: every system may run one sentence past the budget "
               "and every text is cut to the budget's words (default: whole sentences within "
               "the budget)");
  su->add_option("--dump", so->dump,
                 "Write one JSON line per scored cluster to FILE: the reference, storyline's "
                 "story (headline, standfirst, body), the texts scored for every system and "
                 "their ROUGE, the story's readability")
      ->type_name("FILE");
  su->callback([so, &g] {
    const std::string csv = so->csv.empty() ? shared_data("multinews/validation.csv") : so->csv;
    require(csv);
    const auto r =
        eval::evaluate_summarization(csv, so->limit, eval::parse_split(so->split), so->truncate,
                                     so->dump);
    std::printf("multinews: %zu clusters (split %s), word budget = reference length%s, %.1fs\n",
                r.clusters, eval::split_name(r.split),
                so->truncate ? " (texts cut to it)" : "", r.seconds);
    auto table = [](const char* title, const eval::SummarizationScores& s) {
      std::printf("%s: %zu clusters\n", title, s.clusters);
      std::printf("  %-12s %8s %8s %8s\n", "system", "ROUGE-1", "ROUGE-2", "ROUGE-L");
      auto row = [](const char* n, const eval::Rouge& x) {
        std::printf("  %-12s %8.4f %8.4f %8.4f\n", n, x.r1.f1, x.r2.f1, x.rl.f1);
      };
      row("storyline", s.storyline);
      row("lead", s.plain_lead);
      row("lead+filter", s.lead);
      row("lexrank", s.lexrank);
      std::printf("  storyline - lead: ROUGE-1 %+.4f, ROUGE-2 %+.4f\n",
                  s.storyline.r1.f1 - s.plain_lead.r1.f1, s.storyline.r2.f1 - s.plain_lead.r2.f1);
      std::printf("  storyline - lead+filter: ROUGE-1 %+.4f, ROUGE-2 %+.4f\n",
                  s.storyline.r1.f1 - s.lead.r1.f1, s.storyline.r2.f1 - s.lead.r2.f1);
      std::printf("  provenance failures: %zu\n", s.provenance_failures);
      std::printf("  readability: %.1f%% with a headline, %.1f%% of standfirsts <= %zu words, "
                  "%.1f%% with a repeated pair\n",
                  100 * s.with_headline, 100 * s.standfirst_within_limit,
                  storyline::synth::kStandfirstMaxWords, 100 * s.with_repeat);
      std::printf("  readability: %.1f%% with two sentences in a row opening alike, %.1f%% "
                  "mixing quote styles, %.1f%% with a tokenizer artefact\n",
                  100 * s.with_same_opening, 100 * s.with_mixed_quotes, 100 * s.with_artefact);
      std::printf("  length: %.1f words a story on average (budget %.1f)\n", s.story_words,
                  s.budget_words);
    };
    if (!so->dump.empty()) std::printf("wrote %zu clusters to %s\n", r.clusters, so->dump.c_str());
    table(eval::split_name(r.split), r);
    if (r.split == eval::Split::all) {
      table("even half", r.even);
      table("odd half", r.odd);
    }
    if (r.provenance_failures) g.exit_code = kPartial;
  });
}

}  // namespace storyline::cli
