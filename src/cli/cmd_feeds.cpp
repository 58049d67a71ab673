// storyline feeds: parse one feed (a file or a URL), and manage the store's subscriptions:
// add (a feed or a page that advertises one; --defaults), import / export OPML, list, remove.
#include <cstdio>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "crawl/crawl.h"
#include "extract/extract.h"
#include "feeds/feeds.h"
#include "fetch/fetch.h"
#include "store/store.h"

namespace storyline::cli {
namespace {

using nlohmann::json;

json date_or_null(UnixTime t) { return t ? json(format_iso8601(t)) : json(nullptr); }

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool is_url(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

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

fetch::Options fetch_options(bool allow_private) {
  fetch::Options o;
  o.allow_private = allow_private;
  return o;
}

// "in 12 min", "3 h ago", ...
std::string relative(UnixTime t, UnixTime now) {
  const std::int64_t d = t - now;
  const std::int64_t a = d < 0 ? -d : d;
  if (a < 5) return "just now";
  std::string amount = a < 60 ? std::to_string(a) + " s"
                       : a < 3600 ? std::to_string(a / 60) + " min"
                       : a < 172800 ? std::to_string(a / 3600) + " h"
                                    : std::to_string(a / 86400) + " days";
  return d < 0 ? amount + " ago" : "in " + amount;
}

json state_json(const store::FeedState& f) {
  return {{"url", f.url},
          {"title", f.title},
          {"category", f.category},
          {"site_link", f.site_link},
          {"added", date_or_null(f.added)},
          {"last_fetch", date_or_null(f.last_fetch)},
          {"status", f.last_fetch ? json(f.http_status) : json(nullptr)},
          {"error", f.error.empty() ? json(nullptr) : json(f.error)},
          {"error_count", f.error_count},
          {"next_fetch", date_or_null(f.next_fetch)},
          {"items", f.item_count}};
}

void print_state(const store::FeedState& f, UnixTime now) {
  std::string head = f.url;
  if (!f.title.empty()) head += "  " + f.title;
  if (!f.category.empty()) head += "  [" + f.category + "]";
  std::printf("%s\n", head.c_str());
  std::string line = "  last fetch: ";
  if (f.last_fetch == 0) {
    line += "never";
  } else {
    line += format_iso8601(f.last_fetch) + " (" + relative(f.last_fetch, now) + "), ";
    line += f.http_status ? "HTTP " + std::to_string(f.http_status) : std::string("no response");
  }
  line += "; " + plural(static_cast<std::size_t>(f.item_count), "item", "items") + " seen; next fetch: ";
  line += f.next_fetch <= now ? std::string("at the next crawl") : format_iso8601(f.next_fetch) + " (" + relative(f.next_fetch, now) + ")";
  std::printf("%s\n", line.c_str());
  if (!f.error.empty()) {
    std::string e = "  error: " + f.error;
    if (f.error_count > 0) e += " (" + plural(static_cast<std::size_t>(f.error_count), "failure", "failures") + " in a row)";
    std::printf("%s\n", e.c_str());
  }
}

// Subscribes to one feed; logs what happened. Returns false when it could not be added.
bool subscribe(store::Store& db, store::FeedState f, bool check, bool allow_private) {
  if (!is_url(f.url)) {
    spdlog::error("{}: not an http(s) URL", f.url);
    return false;
  }
  fetch::UrlParts parts;
  std::string error;
  if (!fetch::parse_url(f.url, parts, error)) {
    spdlog::error("{}: {}", f.url, error);
    return false;
  }
  std::string what;
  if (check) {
    const crawl::Discovery d = crawl::discover(f.url, fetch_options(allow_private));
    if (d.feed_url.empty()) {
      spdlog::error("{}: {}", f.url, d.error);
      return false;
    }
    if (d.feed_url != f.url) spdlog::info("{} advertises the feed {}", f.url, d.feed_url);
    f.url = d.feed_url;
    if (f.title.empty()) f.title = d.title;
    if (f.site_link.empty()) f.site_link = d.site_link;
    what = " (" + plural(d.items, "item", "items") + " now)";
  }
  if (db.add_feed(f)) {
    spdlog::info("subscribed to {}{}{}", f.url, f.title.empty() ? "" : " \"" + f.title + "\"", what);
  } else {
    spdlog::info("{} is already subscribed", f.url);
  }
  return true;
}

int import_subscriptions(store::Store& db, const std::vector<feeds::Subscription>& subs, const std::string& prefix,
                         const std::string& from) {
  std::size_t added = 0, known = 0, bad = 0;
  for (const auto& s : subs) {
    store::FeedState f;
    f.url = s.url;
    f.title = s.title;
    f.site_link = s.html_url;
    std::vector<std::string> path = crawl::split_category(prefix);
    path.insert(path.end(), s.category.begin(), s.category.end());
    f.category = crawl::join_category(path);
    fetch::UrlParts parts;
    std::string error;
    if (!fetch::parse_url(f.url, parts, error)) {
      spdlog::warn("{}: {}: skipped", from, error);
      ++bad;
      continue;
    }
    if (db.add_feed(f)) ++added;
    else ++known;
  }
  spdlog::info("{}: {} subscribed, {} already subscribed{}", from, plural(added, "feed", "feeds"), known,
               bad ? ", " + plural(bad, "entry", "entries") + " skipped" : std::string());
  if (subs.empty()) return kNothing;
  return bad ? kPartial : kOk;
}

}  // namespace

void add_feeds(CLI::App& app, Globals& g) {
  auto* feeds_cmd = app.add_subcommand("feeds", "Feeds: parse one, and manage the subscriptions `crawl` and `run` read");
  feeds_cmd->require_subcommand(1);

  // ---- parse ----
  struct ParseOpts {
    std::string file, base;
    bool allow_private = false;
  };
  auto po = std::make_shared<ParseOpts>();
  auto* parse = feeds_cmd->add_subcommand(
      "parse",
      "Parse one feed (a file, .gz too, or an http(s) URL; RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) and "
      "print it as one JSON object on one line: title, link, id, author, language, published, updated, malformed, "
      "error, items. Dates are ISO 8601 UTC or null; links are absolute when a base is known. Exit 0 when read "
      "cleanly, 3 when the feed was malformed (or items were dropped) but something was read, 4 when nothing could "
      "be read (also when the URL could not be fetched).");
  parse->add_option("file", po->file, "Feed file or http(s) URL")->required();
  parse->add_option("--base", po->base, "The URL the feed was served from, to resolve relative links against");
  parse->add_flag("--allow-private", po->allow_private,
                  "Fetch a URL whose host is on a loopback, private or link-local address")
      ->envname("STORYLINE_ALLOW_PRIVATE");
  parse->callback([po, &g] {
    std::string bytes, error, base = po->base, charset;
    if (is_url(po->file)) {
      const fetch::Response r = fetch::fetch({po->file, "", ""}, fetch_options(po->allow_private));
      if (!r.ok() || r.status != 200) {
        spdlog::error("{}", r.ok() ? "GET " + r.final_url + ": HTTP " + std::to_string(r.status) : r.error_message);
        g.exit_code = kNothing;
        return;
      }
      bytes = r.body;
      charset = "utf-8";  // fetch() converted the body
      if (base.empty()) base = r.final_url;
    } else if (!extract::read_document(po->file, bytes, error)) {
      spdlog::error("{}: {}", po->file, error);
      g.exit_code = kNothing;
      return;
    }
    const feeds::Feed f = feeds::parse_feed(bytes, base, charset);
    std::puts(feed_json(f).dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    if (!f.readable()) {
      spdlog::warn("{}: nothing could be read: {}", po->file, f.error);
      g.exit_code = kNothing;
    } else if (f.malformed || f.items_dropped) {
      spdlog::warn("{}: {} read from a malformed feed: {}", po->file, plural(f.items.size(), "item", "items"), f.error);
      g.exit_code = kPartial;
    } else {
      spdlog::debug("{}: {}", po->file, plural(f.items.size(), "item", "items"));
    }
  });

  // ---- add ----
  struct AddOpts {
    std::vector<std::string> urls;
    std::string category;
    bool defaults = false, allow_private = false, no_check = false;
  };
  auto ao = std::make_shared<AddOpts>();
  auto* add = feeds_cmd->add_subcommand(
      "add",
      "Subscribe to feeds. Each URL is fetched once: a feed is added as it is; a web page is followed to the feed "
      "it advertises (<link rel=\"alternate\" type=\"application/rss+xml\">). --defaults subscribes to the list "
      "of well-known public news feeds storyline ships (share/default-feeds.opml). Exit 3 when some could not "
      "be added.");
  add->add_option("urls", ao->urls, "Feed or page URLs (http or https)");
  add->add_option("--category", ao->category, "Category for the feeds, levels separated by '/' (\"News/World\")");
  add->add_flag("--defaults", ao->defaults, "Subscribe to the shipped list of public news feeds (not fetched now)");
  add->add_flag("--no-check", ao->no_check, "Add the URLs as given, without fetching them");
  add->add_flag("--allow-private", ao->allow_private,
                "Allow hosts on loopback, private or link-local addresses (a feed server on the LAN)")
      ->envname("STORYLINE_ALLOW_PRIVATE");
  add->callback([ao, &g] {
    if (ao->urls.empty() && !ao->defaults) throw CLI::ValidationError("feeds add", "give a feed URL, or --defaults");
    auto db = store::open(g.db);
    int code = kOk;
    if (ao->defaults) {
      const feeds::Opml opml = feeds::parse_opml(crawl::default_feeds_opml());
      code = import_subscriptions(*db, opml.feeds, ao->category, "the default feeds");
    }
    std::size_t failed = 0;
    for (const std::string& url : ao->urls) {
      store::FeedState f;
      f.url = url;
      f.category = crawl::join_category(crawl::split_category(ao->category));
      if (!subscribe(*db, f, !ao->no_check, ao->allow_private)) ++failed;
    }
    if (failed) code = kPartial;
    g.exit_code = code;
  });

  // ---- import / export ----
  struct ImportOpts {
    std::string file, category;
  };
  auto io = std::make_shared<ImportOpts>();
  auto* import = feeds_cmd->add_subcommand(
      "import", "Subscribe to every feed of an OPML file (categories from its outline nesting); not fetched now");
  import->add_option("file", io->file, "OPML file")->required();
  import->add_option("--category", io->category, "Put the feeds under this category");
  import->callback([io, &g] {
    std::string bytes, error;
    if (!extract::read_document(io->file, bytes, error)) {
      spdlog::error("{}: {}", io->file, error);
      g.exit_code = kNothing;
      return;
    }
    const feeds::Opml opml = feeds::parse_opml(bytes);
    if (opml.feeds.empty()) {
      spdlog::error("{}: no feeds in it{}", io->file, opml.error.empty() ? "" : " (" + opml.error + ")");
      g.exit_code = kNothing;
      return;
    }
    auto db = store::open(g.db);
    g.exit_code = import_subscriptions(*db, opml.feeds, io->category, io->file);
    if (opml.malformed) {
      spdlog::warn("{}: malformed OPML, read as far as possible: {}", io->file, opml.error);
      g.exit_code = kPartial;
    }
  });
  auto* exp = feeds_cmd->add_subcommand("export", "Print the subscriptions as OPML 2.0 (categories as nested outlines)");
  exp->callback([&g] {
    auto db = store::open(g.db);
    std::vector<feeds::Subscription> subs;
    for (const auto& f : db->feeds()) {
      feeds::Subscription s;
      s.url = f.url;
      s.title = f.title;
      s.html_url = f.site_link;
      s.category = crawl::split_category(f.category);
      subs.push_back(std::move(s));
    }
    std::fputs(feeds::write_opml(subs).c_str(), stdout);
    spdlog::debug("{} exported", plural(subs.size(), "feed", "feeds"));
  });

  // ---- list / remove ----
  auto format = std::make_shared<std::string>("text");
  auto* list = feeds_cmd->add_subcommand(
      "list", "Each subscribed feed and its state: last fetch, HTTP status, error, items seen, next fetch");
  list->add_option("--format", *format, "text, or json (one object a line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  list->callback([format, &g] {
    auto db = store::open(g.db);
    const auto all = db->feeds();
    const UnixTime now = storyline::now();
    std::size_t failing = 0;
    for (const auto& f : all) {
      if (*format == "json") std::puts(state_json(f).dump(-1, ' ', false, json::error_handler_t::replace).c_str());
      else print_state(f, now);
      failing += f.error_count > 0;
    }
    if (all.empty()) {
      spdlog::info("no feeds in {}: add some with `storyline feeds add URL` or `storyline feeds add --defaults`", g.db);
      g.exit_code = kNothing;
      return;
    }
    spdlog::info("{}, {} failing", plural(all.size(), "feed", "feeds"), failing);
  });
  auto urls = std::make_shared<std::vector<std::string>>();
  auto* rm = feeds_cmd->add_subcommand("remove", "Unsubscribe (the feed's articles stay in the store)");
  rm->add_option("urls", *urls, "Feed URLs, as `feeds list` shows them")->required();
  rm->callback([urls, &g] {
    auto db = store::open(g.db);
    std::size_t removed = 0, missing = 0;
    for (const std::string& u : *urls) {
      if (db->remove_feed(u)) {
        ++removed;
        spdlog::info("unsubscribed from {}", u);
      } else {
        ++missing;
        spdlog::warn("{} is not subscribed", u);
      }
    }
    g.exit_code = missing == 0 ? kOk : removed ? kPartial : kNothing;
  });
}

}  // namespace storyline::cli
