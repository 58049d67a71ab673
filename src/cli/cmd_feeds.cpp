// storyline feeds parse FILE: one feed document read and printed as one JSON line.
#include <cstdio>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "extract/extract.h"
#include "feeds/feeds.h"

namespace storyline::cli {
namespace {

using nlohmann::json;

json date_or_null(UnixTime t) { return t ? json(format_iso8601(t)) : json(nullptr); }

json feed_json(const feeds::Feed& f) {
  json items = json::array();
  for (const auto& it : f.items)
    items.push_back({{"id", it.id},
                     {"title", it.title},
                     {"link", it.link},
                     {"author", it.author},
                     {"published", date_or_null(it.published)},
                     {"updated", date_or_null(it.updated)},
                     {"summary", it.summary},
                     {"content", it.content}});
  return {{"title", f.title},
          {"link", f.link},
          {"id", f.id},
          {"author", f.author},
          {"language", f.language},
          {"published", date_or_null(f.published)},
          {"updated", date_or_null(f.updated)},
          {"malformed", f.malformed},
          {"error", f.error.empty() ? json(nullptr) : json(f.error)},
          {"items", std::move(items)}};
}

}  // namespace

void add_feeds(CLI::App& app, Globals& g) {
  auto* feeds_cmd = app.add_subcommand("feeds", "Read syndication feeds (RSS, Atom, JSON Feed)");
  feeds_cmd->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto base = std::make_shared<std::string>();
  auto* parse = feeds_cmd->add_subcommand(
      "parse",
      "Parse one feed file (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1; .gz read too) and print it as one "
      "JSON object on one line: title, link, id, author, language, published, updated, malformed, error, items. "
      "Dates are ISO 8601 UTC or null; links are absolute when a base is known. Exit 0 when read cleanly, 3 when "
      "the feed was malformed (or items were dropped) but something was read, 4 when nothing could be read. "
      "Only local files for now: fetching URLs comes with the crawler.");
  parse->add_option("file", *file, "Feed file (a local path; URLs are not fetched yet)")->required();
  parse->add_option("--base", *base, "The URL the feed was served from, to resolve relative links against");
  parse->callback([file, base, &g] {
    std::string bytes, error;
    if (file->rfind("http://", 0) == 0 || file->rfind("https://", 0) == 0) {
      spdlog::error("{}: fetching URLs is not supported yet; save the feed to a file and pass its path", *file);
      g.exit_code = kUsage;
      return;
    }
    if (!extract::read_document(*file, bytes, error)) {
      spdlog::error("{}: {}", *file, error);
      g.exit_code = kNothing;
      return;
    }
    const feeds::Feed f = feeds::parse_feed(bytes, *base);
    std::puts(feed_json(f).dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    if (!f.readable()) {
      spdlog::warn("{}: nothing could be read: {}", *file, f.error);
      g.exit_code = kNothing;
    } else if (f.malformed || f.items_dropped) {
      spdlog::warn("{}: {} item{} read from a malformed feed: {}", *file, f.items.size(),
                   f.items.size() == 1 ? "" : "s", f.error);
      g.exit_code = kPartial;
    } else {
      spdlog::debug("{}: {} item{}", *file, f.items.size(), f.items.size() == 1 ? "" : "s");
    }
  });
}

}  // namespace storyline::cli
