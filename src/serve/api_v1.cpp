// The JSON API routes beyond stories: articles (a list without bodies, one article with
// its text), search over stories and articles, the subscribed feeds, the OpenAPI document,
// admin (run only, behind the token) and /metrics.
#include <spdlog/spdlog.h>

#include "serve/internal.h"

namespace storyline::serve::detail {

namespace {

using nlohmann::json;

constexpr std::int64_t kArticlePage = 50, kMaxArticlePage = 200;
constexpr std::int64_t kSearchPage = 20, kMaxSearchPage = 50, kMaxSearchOffset = 1000;

json time_or_null(UnixTime t) { return t ? json(format_iso8601(t)) : json(nullptr); }

json ref_json(const store::ArticleRef& a, std::optional<StoryId> story) {
  return {{"id", a.id},
          {"url", a.url},
          {"source", a.source},
          {"title", a.title},
          {"author", a.author},
          {"language", a.language},
          {"published", time_or_null(a.published)},
          {"fetched", time_or_null(a.fetched)},
          {"story", story ? json(*story) : json(nullptr)}};
}

// An optional integer parameter in [lo, hi]; false (and a 400) when present and not one.
bool int_param(const httplib::Request& req, httplib::Response& res, const char* name, std::int64_t lo,
               std::int64_t hi, std::int64_t& out) {
  if (!req.has_param(name)) return true;
  std::int64_t v;
  if (!parse_number(req.get_param_value(name), v) || v < lo || v > hi) {
    send_json_error(res, 400, std::string(name) + " must be a whole number from " + std::to_string(lo) + " to " +
                                  std::to_string(hi));
    return false;
  }
  out = v;
  return true;
}

json feed_json(const store::FeedState& f) {
  return {{"id", f.id},
          {"url", f.url},
          {"title", f.title},
          {"category", f.category},
          {"site_link", f.site_link.empty() ? json(nullptr) : json(f.site_link)},
          {"added", time_or_null(f.added)},
          {"last_fetched", time_or_null(f.last_fetch)},
          {"last_status", f.http_status ? json(f.http_status) : json(nullptr)},
          {"error", f.error.empty() ? json(nullptr) : json(f.error)},
          {"errors_in_a_row", f.error_count},
          {"next_fetch", time_or_null(f.next_fetch)},
          {"items", f.item_count}};
}

bool bearer_ok(const Options& o, const httplib::Request& req, httplib::Response& res) {
  if (req.get_header_value("Authorization") != "Bearer " + o.token) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_json_error(res, 401, "missing or wrong bearer token");
    return false;
  }
  return true;
}

}  // namespace

void register_api_v1(httplib::Server& http, ApiContext& ctx) {
  http.Get("/api/v1/articles", [&ctx](const httplib::Request& req, httplib::Response& res) {
    std::int64_t after = 0, limit = kArticlePage;
    if (req.has_param("cursor") && !parse_number(req.get_param_value("cursor"), after))
      return send_json_error(res, 400, "bad cursor (use the 'next' value of the previous page)");
    if (!int_param(req, res, "limit", 1, kMaxArticlePage, limit)) return;
    json list = json::array();
    json next = nullptr;
    ctx.with_store([&](store::Store& s) {
      // Bodies are read with the batch but never put in a list.
      auto batch = s.articles_after(after, static_cast<std::size_t>(limit) + 1);
      const std::size_t n = std::min<std::size_t>(batch.size(), static_cast<std::size_t>(limit));
      for (std::size_t i = 0; i < n; ++i) {
        const Article& a = batch[i];
        store::ArticleRef r{a.id, a.url, a.source, a.title, a.author, a.language, a.published, a.fetched, a.utc_offset};
        const auto asg = s.assignment(a.id);
        json j = ref_json(r, asg ? std::optional<StoryId>(asg->story) : std::nullopt);
        j["seq"] = a.seq;
        list.push_back(std::move(j));
      }
      if (batch.size() > n && n > 0) next = std::to_string(batch[n - 1].seq);
    });
    send_json(res, dump({{"articles", list}, {"next", next}}));
  });

  http.Get(R"(/api/v1/articles/([^/]+))", [&ctx](const httplib::Request& req, httplib::Response& res) {
    std::int64_t id;
    if (!parse_number(req.matches[1], id)) return send_json_error(res, 404, "no such article");
    std::optional<Article> a;
    std::optional<Assignment> asg;
    ctx.with_store([&](store::Store& s) {
      a = s.article(id);
      if (a) asg = s.assignment(id);
    });
    if (!a) return send_json_error(res, 404, "no such article");
    store::ArticleRef r{a->id, a->url, a->source, a->title, a->author, a->language, a->published, a->fetched, a->utc_offset};
    json j = ref_json(r, asg ? std::optional<StoryId>(asg->story) : std::nullopt);
    j["seq"] = a->seq;
    j["text"] = a->text;
    send_json(res, dump(j));
  });

  http.Get("/api/v1/search", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const std::string q = req.get_param_value("q");
    if (q.empty()) return send_json_error(res, 400, "q is required (the words to search for)");
    if (q.size() > ctx.options->max_query_bytes)
      return send_json_error(res, 400, "q is too long (at most " + std::to_string(ctx.options->max_query_bytes) + " bytes: max_query_bytes)");
    const std::string kind = req.has_param("kind") ? req.get_param_value("kind") : "all";
    if (kind != "all" && kind != "stories" && kind != "articles")
      return send_json_error(res, 400, "kind must be all, stories or articles");
    store::SearchQuery sq;
    sq.text = q;
    std::int64_t limit = kSearchPage, offset = 0;
    if (!int_param(req, res, "limit", 1, kMaxSearchPage, limit)) return;
    if (!int_param(req, res, "offset", 0, kMaxSearchOffset, offset)) return;
    sq.limit = static_cast<std::size_t>(limit);
    sq.offset = static_cast<std::size_t>(offset);
    sq.articles = kind != "stories";  // story hits alone: no article is ranked for nothing
    for (const char* name : {"since", "until"}) {
      if (!req.has_param(name)) continue;
      UnixTime t;
      if (!parse_day_or_time(req.get_param_value(name), t))
        return send_json_error(res, 400, std::string(name) + " must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
      if (std::string_view(name) == "since")
        sq.since = t;
      else
        sq.until = req.get_param_value(name).size() == 10 ? t + 86399 : t;  // a day includes its end
    }
    if (sq.since && sq.until && sq.until < sq.since) return send_json_error(res, 400, "until is before since");
    sq.outlet = req.get_param_value("outlet");
    if (sq.outlet.size() > 256) return send_json_error(res, 400, "outlet is too long");
    const std::string base = ctx.base_url();
    json results = json::array();
    bool more = false;
    ctx.with_store([&](store::Store& s) {
      const auto hits = s.search(sq);
      std::size_t stories = 0, articles = 0;
      std::vector<ArticleId> ids;
      for (const auto& h : hits) {
        (h.kind == store::SearchHit::kStory ? stories : articles)++;
        if (h.kind == store::SearchHit::kArticle) ids.push_back(h.id);
      }
      more = (kind != "articles" && stories >= sq.limit) || (kind != "stories" && articles >= sq.limit);
      std::unordered_map<ArticleId, std::string> urls;
      if (kind != "stories")
        for (const auto& r : s.article_refs(ids)) urls[r.id] = r.url;
      for (const auto& h : hits) {
        const bool is_story = h.kind == store::SearchHit::kStory;
        if ((is_story && kind == "articles") || (!is_story && kind == "stories")) continue;
        const auto snip = plain_snippet(h.snippet);
        json hl = json::array();
        for (const auto& [b, e] : snip.hits) hl.push_back({{"start", b}, {"end", e}});
        results.push_back({{"kind", is_story ? "story" : "article"},
                           {"id", h.id},
                           {"title", h.title},
                           {"source", h.source},
                           {"time", time_or_null(h.time)},
                           {"story", h.story ? json(h.story) : json(nullptr)},
                           {"url", is_story ? base + "/story/" + std::to_string(h.id) : urls[h.id]},
                           {"snippet", snip.text},
                           {"highlights", hl}});
      }
    });
    send_json(res, dump({{"query", q},
                         {"results", results},
                         {"next", more && offset + limit <= kMaxSearchOffset ? json(offset + limit) : json(nullptr)}}));
  });

  http.Get("/api/v1/feeds", [&ctx](const httplib::Request&, httplib::Response& res) {
    json list = json::array();
    ctx.with_store([&](store::Store& s) {
      for (const auto& f : s.feeds()) list.push_back(feed_json(f));
    });
    send_json(res, dump({{"feeds", list}}));
  });

  http.Get("/api/v1/openapi.json", [&ctx](const httplib::Request&, httplib::Response& res) {
    send_json(res, openapi_document(ctx.base_url()));
  });

  http.Post("/api/v1/admin/rebuild", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const Options& o = *ctx.options;
    if (o.token.empty() || !o.on_rebuild)
      return send_json_error(res, 404, "admin actions live on `storyline run` (with --token); this server is read-only");
    if (!bearer_ok(o, req, res)) return;
    spdlog::info("admin: rebuild requested by {}", req.remote_addr);
    o.on_rebuild();
    send_json(res, dump({{"rebuild", "queued"}}), 202);
  });

  http.Post("/api/v1/admin/feeds", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const Options& o = *ctx.options;
    if (o.token.empty() || !o.admin_feeds)
      return send_json_error(res, 404, "admin actions live on `storyline run` (with --token); this server is read-only");
    if (!bearer_ok(o, req, res)) return;
    json body;
    try {
      body = json::parse(req.body);
    } catch (const json::exception&) {
      return send_json_error(res, 400, "the body must be a JSON object: {\"url\": ..., \"category\": ..., \"title\": ...}");
    }
    if (!body.is_object() || !body.contains("url") || !body["url"].is_string())
      return send_json_error(res, 400, "url is required (the feed's http or https address)");
    store::FeedState f;
    f.url = body["url"].get<std::string>();
    for (const char* k : {"category", "title"}) {
      if (!body.contains(k) || body[k].is_null()) continue;
      if (!body[k].is_string()) return send_json_error(res, 400, std::string(k) + " must be a string");
      (std::string_view(k) == "category" ? f.category : f.title) = body[k].get<std::string>();
    }
    if (f.url.size() > 2048 || !is_http_url(f.url) || !valid_utf8(f.url))
      return send_json_error(res, 400, "url must be an http or https address (at most 2048 bytes, no spaces)");
    if (f.category.size() > 256 || f.title.size() > 512 || !valid_utf8(f.category) || !valid_utf8(f.title))
      return send_json_error(res, 400, "category or title too long or not valid UTF-8");
    bool added = false;
    ctx.with_store([&](store::Store& s) {
      added = s.add_feed(f);
      if (auto stored = s.feed(f.url)) f = *stored;
    });
    spdlog::info("admin: {} feed {} ({})", added ? "subscribed to" : "already subscribed to", f.url, req.remote_addr);
    if (added && o.on_feeds_changed) o.on_feeds_changed();
    send_json(res, dump({{"added", added}, {"feed", feed_json(f)}}), added ? 201 : 200);
  });

  http.Get("/metrics", [&ctx](const httplib::Request&, httplib::Response& res) {
    std::vector<Metrics::Series> extra;
    store::Stats st;
    ctx.with_store([&](store::Store& s) { st = s.stats(); });
    extra.push_back({"storyline_articles", "Articles in the store.", "gauge", {{"", double(st.articles)}}});
    extra.push_back({"storyline_stories", "Stories in the store.", "gauge", {{"", double(st.stories)}}});
    extra.push_back({"storyline_queue_depth", "Work waiting: stories to rewrite, articles to cluster.", "gauge",
                     {{"{queue=\"rewrite\"}", double(st.queued)},
                      {"{queue=\"cluster\"}", double(st.last_sequence - st.clustered_through)}}});
    EngineCounters c;
    if (ctx.options->engine_counters) c = ctx.options->engine_counters();
    extra.push_back({"storyline_articles_ingested_total",
                     "Articles the store has taken in, by any process (its arrival sequence).", "counter",
                     {{"", double(st.last_sequence)}}});
    extra.push_back({"storyline_http_articles_accepted_total", "Articles accepted by POST /api/v1/articles since start.",
                     "counter", {{"", double(ctx.metrics->posted_articles.load())}}});
    if (ctx.options->engine_counters) {
      extra.push_back({"storyline_articles_clustered_total", "Articles placed in stories since start.", "counter",
                       {{"", double(c.articles_clustered)}}});
      extra.push_back({"storyline_stories_opened_total", "New stories since start.", "counter",
                       {{"", double(c.stories_opened)}}});
      extra.push_back({"storyline_stories_written_total", "Stories (re)written since start.", "counter",
                       {{"", double(c.stories_written)}}});
      extra.push_back({"storyline_stories_merged_total", "Stories merged into another since start.", "counter",
                       {{"", double(c.stories_merged)}}});
    }
    if (ctx.cache) {
      const auto [hits, misses] = ctx.cache->hits_and_misses();
      extra.push_back({"storyline_http_cache_lookups_total", "Cacheable reads, by whether a rendered answer was reused.",
                       "counter", {{"{result=\"hit\"}", double(hits)}, {"{result=\"miss\"}", double(misses)}}});
    }
    res.status = 200;
    res.set_content(ctx.metrics->render(extra), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace storyline::serve::detail
