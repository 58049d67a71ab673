// crawler.cpp: one pass over feeds: fetch, parse, skip what was seen, read teasers' pages,
// store new and changed items with each feed's state, a batch of feeds per transaction.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "crawl/crawl.h"
#include "text/text.h"

namespace storyline::crawl {
namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return " Bad Request";
    case 401: return " Unauthorized";
    case 403: return " Forbidden";
    case 404: return " Not Found";
    case 405: return " Method Not Allowed";
    case 406: return " Not Acceptable";
    case 408: return " Request Timeout";
    case 410: return " Gone";
    case 429: return " Too Many Requests";
    case 500: return " Internal Server Error";
    case 501: return " Not Implemented";
    case 502: return " Bad Gateway";
    case 503: return " Service Unavailable";
    case 504: return " Gateway Timeout";
    default: return "";
  }
}

// An unchanged item still in its feed is recorded as seen again when its last sighting is
// older than this: items gone from a feed can be told from items still in it (see
// Store::forget_seen_items) at the cost of one write per item and day.
constexpr std::int64_t kSeenRefresh = 86400;

std::uint64_t seed_of(const std::string& url) { return text::hash64(url, 0x5eed); }

int entries_within_week(const feeds::Feed& f, UnixTime now) {
  int n = 0;
  for (const auto& it : f.items) {
    const UnixTime t = it.published ? it.published : it.updated;
    if (t > 0 && t >= now - 7 * 86400 && t <= now + 86400) ++n;
  }
  return n;
}

}  // namespace

PassStats& PassStats::operator+=(const FeedResult& r) {
  ++feeds;
  fetched += r.fetched;
  not_modified += r.not_modified;
  failed += r.failed;
  malformed += !r.failed && !r.state.error.empty();
  items += r.items;
  added += r.added;
  updated += r.updated;
  refused += r.refused;
  later += r.later;
  pages += r.pages;
  page_errors += r.page_errors;
  pages_too_long += r.pages_too_long;
  return *this;
}

// The state of one pass. Feed jobs have ids < feeds.size(); page jobs come after.
struct Crawler::Pass {
  Crawler& self;
  UnixTime now;
  const std::function<void(const FeedResult&)>& on_feed;
  PassStats stats;

  struct Work {
    store::Store::FeedFetch fetch;
    FeedResult result;
    std::string old_etag, old_last_modified;  // put back when items are left for later
    std::vector<bool> keep;                   // per article: false = left for later
    std::size_t pages_pending = 0;
  };
  std::vector<Work> ready;                     // to commit
  std::vector<Work> waiting;                   // their teasers' pages are being fetched
  struct Page {
    std::size_t work = 0;                      // index in `waiting`
    std::size_t article = 0;                   // index in its fetch.articles
  };
  std::vector<Page> pages;
  std::vector<fetch::CrawlJob> page_jobs;

  void flush() {
    if (ready.empty()) return;
    std::vector<store::Store::FeedFetch> batch;
    batch.reserve(ready.size());
    for (Work& w : ready) batch.push_back(std::move(w.fetch));
    self.store_.record_fetches(batch, now);
    for (std::size_t i = 0; i < ready.size(); ++i) {
      FeedResult& r = ready[i].result;
      for (const auto& a : batch[i].results) {
        switch (a.status) {
          case store::AddResult::kInserted: ++r.added; break;
          case store::AddResult::kUpdated: ++r.updated; break;
          case store::AddResult::kRefused: ++r.refused; break;
          case store::AddResult::kDuplicate: ++r.unchanged; break;
        }
      }
      r.state = batch[i].state;
      stats += r;
      if (on_feed) on_feed(r);
    }
    ready.clear();
  }

  void push_ready(Work&& w) {
    ready.push_back(std::move(w));
    if (ready.size() >= std::max<std::size_t>(self.settings_.batch_feeds, 1)) flush();
  }

  // The schedule after a fetch that read something (200 or 304).
  UnixTime next_ok(const store::FeedState& st, const fetch::Response& r, int entries, std::int64_t ttl) {
    fetch::FetchOutcome o;
    o.status = r.status;
    o.cache_control = r.cache_control;
    o.expires = r.expires;
    o.entries_last_week = entries;
    o.ttl_seconds = ttl;
    return fetch::next_fetch_time(o, now, seed_of(st.url), self.settings_.schedule);
  }

  void failed(Work& w, const fetch::Response& r, std::string error) {
    store::FeedState& st = w.fetch.state;
    st.error = std::move(error);
    st.error_count = std::min(st.error_count + 1, 1000);
    fetch::FetchOutcome o;
    o.status = r.ok() ? r.status : 0;
    o.network_error = !r.ok();
    o.retry_after = r.retry_after;
    o.consecutive_errors = st.error_count;
    st.next_fetch = fetch::next_fetch_time(o, now, seed_of(st.url), self.settings_.schedule);
    w.result.failed = true;
  }

  // A permanent redirect (every hop 301/308) to a feed that reads: the feed's URL becomes the
  // final one. Returns what the feed's state should say when it cannot ("" = moved, or no move).
  std::string follow_move(Work& w, const fetch::Response& r) {
    store::FeedState& st = w.fetch.state;
    if (!r.moved_permanently || r.final_url.empty() || r.final_url == st.url) return {};
    if (self.store_.move_feed(st.id, r.final_url)) {
      w.result.moved_from = st.url;
      st.url = r.final_url;
      return {};
    }
    if (!self.store_.feed(r.final_url)) return {};  // the feed was removed meanwhile
    return "moved permanently to " + r.final_url +
           ", which is subscribed as another feed: both kept (remove one with `storyline feeds remove`)";
  }

  static void add_note(std::string& error, const std::string& note) {
    if (note.empty()) return;
    error = error.empty() ? note : error + "; " + note;
  }

  void on_feed_response(const store::FeedState& feed, const fetch::Response& r) {
    Work w;
    w.fetch.state = feed;
    store::FeedState& st = w.fetch.state;
    const std::atomic<bool>* cancel = self.settings_.fetch.fetch.cancel;
    if (!r.ok() && r.error == fetch::ErrorKind::deferred && cancel && cancel->load()) return;  // shutting down: untouched
    if (!r.ok() && r.error == fetch::ErrorKind::deferred) {
      // Not fetched: the host asked for a longer wait than a pass gives it. No error counted.
      st.error = r.error_message;
      st.next_fetch = now + fetch::with_jitter(self.settings_.schedule.min_interval, seed_of(st.url),
                                               self.settings_.schedule);
      w.result.state = st;
      push_ready(std::move(w));
      return;
    }
    st.last_fetch = now;
    st.http_status = r.ok() ? r.status : 0;
    w.result.fetched = r.ok() && (r.status == 304 || (r.status >= 200 && r.status < 300));
    if (!r.ok()) {
      failed(w, r, r.error_message);
    } else if (r.status == 304) {
      w.result.not_modified = true;
      st.error = follow_move(w, r);
      st.error_count = 0;
      if (!r.etag.empty()) st.etag = r.etag;
      if (!r.last_modified.empty()) st.last_modified = r.last_modified;
      const auto known = self.entries_last_week_.find(st.id);
      // Without the document, the count from its last 200 (if this process saw one); else
      // the interval it had (a feed that stays unchanged drifts towards the ceiling).
      if (known != self.entries_last_week_.end()) {
        st.next_fetch = next_ok(st, r, known->second, 0);
      } else {
        const std::int64_t before = feed.next_fetch > feed.last_fetch && feed.last_fetch > 0 && feed.error_count == 0
                                        ? feed.next_fetch - feed.last_fetch
                                        : self.settings_.schedule.min_interval;
        const std::int64_t hint = fetch::cache_lifetime(r.cache_control, r.expires, now);
        st.next_fetch = now + fetch::with_jitter(
                                  std::clamp(std::max(before, hint), self.settings_.schedule.min_interval,
                                             std::max(self.settings_.schedule.min_interval,
                                                      self.settings_.schedule.max_interval)),
                                  seed_of(st.url), self.settings_.schedule);
      }
    } else if (r.status < 200 || r.status >= 300) {
      std::string e = "GET " + r.final_url + ": HTTP " + std::to_string(r.status) + reason_phrase(r.status);
      if ((r.status == 429 || r.status == 503) && !r.retry_after.empty()) e += " (Retry-After: " + r.retry_after + ")";
      if (r.status >= 300 && r.status < 400) e += " (a redirect without a usable Location)";
      failed(w, r, std::move(e));
    } else {
      process_document(w, feed, r);
      if (w.pages_pending > 0) {
        waiting.push_back(std::move(w));
        return;
      }
    }
    finish(w);
    push_ready(std::move(w));
  }

  void process_document(Work& w, const store::FeedState& feed, const fetch::Response& r) {
    store::FeedState& st = w.fetch.state;
    feeds::Feed f;
    try {
      // fetch() converted the body to UTF-8 (from the header, BOM, XML declaration or <meta>).
      f = feeds::parse_feed(r.body, r.final_url, "utf-8", self.settings_.parse);
    } catch (const std::exception& e) {  // parse_feed does not throw; memory may run out
      f = feeds::Feed{};
      f.error = e.what();
    }
    if (!f.readable()) {
      std::string type = r.content_type.empty() ? std::string() : " (" + r.content_type + ")";
      failed(w, r, "GET " + r.final_url + ": not a feed" + type + ": " + (f.error.empty() ? "nothing readable" : f.error));
      return;
    }
    w.result.items = f.items.size();
    st.error_count = 0;
    st.error = f.malformed ? "malformed feed (read as far as possible): " + f.error : f.error;
    add_note(st.error, follow_move(w, r));  // before the items take the feed's URL as their origin
    w.old_etag = st.etag;
    w.old_last_modified = st.last_modified;
    st.etag = r.etag;
    st.last_modified = r.last_modified;
    if (st.title.empty()) st.title = text::utf8_prefix(text::collapse_whitespace(f.title), 300);
    if (st.site_link.empty() && f.link.size() < 2000) st.site_link = f.link;
    const int entries = entries_within_week(f, now);
    self.entries_last_week_[st.id] = entries;
    st.next_fetch = next_ok(st, r, entries, f.ttl_seconds);

    // Which items are new or changed.
    std::vector<std::string> keys;
    keys.reserve(f.items.size());
    std::unordered_set<std::string> unique;
    std::vector<std::size_t> order;  // items to consider, first occurrence of each key
    for (std::size_t i = 0; i < f.items.size(); ++i) {
      std::string k = item_key(f.items[i]);
      if (!unique.insert(k).second) continue;
      keys.push_back(std::move(k));
      order.push_back(i);
    }
    std::unordered_map<std::string, store::SeenItem> seen;
    for (auto& s : self.store_.seen_items(st.id, keys)) {
      std::string k = s.key;
      seen.emplace(std::move(k), std::move(s));
    }
    std::vector<store::SeenItem> as_is;  // recorded as they are: no article (skipped), or unchanged and seen again
    std::size_t budget = self.settings_.teasers ? self.settings_.max_pages_per_feed : 0;
    for (std::size_t n = 0; n < order.size(); ++n) {
      const feeds::FeedItem& item = f.items[order[n]];
      const std::int64_t h = item_hash(item);
      const auto it = seen.find(keys[n]);
      if (it != seen.end() && it->second.content_hash == h) {
        ++w.result.unchanged;
        if (it->second.last_seen < now - kSeenRefresh) as_is.push_back(it->second);  // still here
        continue;
      }
      Article a;
      if (!item_article(f, item, st.url, now, a, self.settings_.max_article_bytes)) {
        ++w.result.skipped;
        as_is.push_back({keys[n], h, 0});
        continue;
      }
      if (self.settings_.teasers && is_teaser(item, self.settings_.teaser_words)) {
        if (budget == 0) {
          ++w.result.later;
          continue;
        }
        --budget;
        fetch::CrawlJob job;
        job.request.url = a.url;
        job.max_body_bytes = self.settings_.page_max_bytes;
        pages.push_back({waiting.size(), w.fetch.articles.size()});
        job.id = page_jobs.size();
        page_jobs.push_back(std::move(job));
        ++w.pages_pending;
      }
      w.fetch.articles.push_back(std::move(a));
      w.fetch.seen.push_back({keys[n], h, 0});
    }
    w.keep.assign(w.fetch.articles.size(), true);
    for (auto& s : as_is) w.fetch.seen.push_back(std::move(s));
  }

  void on_page_response(const Page& p, const fetch::Response& r) {
    Work& w = waiting[p.work];
    Article& a = w.fetch.articles[p.article];
    if (!r.ok() && r.error == fetch::ErrorKind::deferred) {
      w.keep[p.article] = false;  // next pass
      return;
    }
    if (!r.ok() && r.error == fetch::ErrorKind::too_large) {  // over page_max_bytes: not a failure
      ++w.result.pages_too_long;                               // of the host; the feed's text stays
      return;
    }
    if (r.ok() && r.status >= 200 && r.status < 300 && !r.body.empty()) {
      try {
        Article merged = a;
        merge_page(merged, extract::extract_html(r.body, r.final_url));
        ingest::Options limits;
        limits.max_article_bytes = self.settings_.max_article_bytes;
        if (!ingest::check_limits(merged, limits).empty()) {  // read, but too long to store
          ++w.result.pages_too_long;                          // the feed's own text stays
          return;
        }
        a = std::move(merged);
        ++w.result.pages;
        return;
      } catch (const std::exception&) {
      }
    }
    ++w.result.page_errors;  // the feed's own text stays
  }

  // A feed whose processing failed for a reason of its own: its state says so, the pass goes on.
  void internal_error(const store::FeedState& feed, const std::string& what) {
    Work w;
    w.fetch.state = feed;
    w.fetch.state.last_fetch = now;
    fetch::Response r;
    r.error = fetch::ErrorKind::other;
    failed(w, r, "could not process " + feed.url + ": " + what);
    finish(w);
    push_ready(std::move(w));
  }

  // Leaves out what waits for the next pass; then the feed is ready to commit.
  void finish(Work& w) {
    std::size_t kept = 0;
    std::vector<Article> articles;
    std::vector<store::SeenItem> seen;
    for (std::size_t i = 0; i < w.fetch.articles.size(); ++i) {
      if (!w.keep[i]) {
        ++w.result.later;
        continue;
      }
      articles.push_back(std::move(w.fetch.articles[i]));
      seen.push_back(std::move(w.fetch.seen[i]));
      ++kept;
    }
    for (std::size_t i = w.fetch.articles.size(); i < w.fetch.seen.size(); ++i) seen.push_back(std::move(w.fetch.seen[i]));
    w.fetch.articles = std::move(articles);
    w.fetch.seen = std::move(seen);
    if (w.result.later > 0) {
      // Read the whole feed again next time (a 304 would hide the items left over), soon.
      store::FeedState& st = w.fetch.state;
      st.etag = w.old_etag;
      st.last_modified = w.old_last_modified;
      st.next_fetch = std::min(st.next_fetch, now + fetch::with_jitter(self.settings_.schedule.min_interval,
                                                                        seed_of(st.url), self.settings_.schedule));
    }
    w.result.state = w.fetch.state;
  }
};

Crawler::Crawler(store::Store& store, Settings settings)
    : store_(store), settings_(std::move(settings)), http_(settings_.fetch) {
  text::warm_up();  // before the fetch workers start
}

Crawler::~Crawler() = default;

PassStats Crawler::crawl(const std::vector<store::FeedState>& feeds, UnixTime now,
                         const std::function<void(const FeedResult&)>& on_feed) {
  Pass pass{*this, now, on_feed, {}, {}, {}, {}, {}};
  std::vector<fetch::CrawlJob> jobs(feeds.size());
  for (std::size_t i = 0; i < feeds.size(); ++i) {
    jobs[i].id = i;
    jobs[i].request.url = feeds[i].url;
    jobs[i].request.etag = feeds[i].etag;
    jobs[i].request.last_modified = feeds[i].last_modified;
  }
  std::exception_ptr store_error;
  http_.run(jobs, [&](const fetch::CrawlJob& j, const fetch::Response& r) {
    if (store_error) return;
    try {
      pass.on_feed_response(feeds[j.id], r);
    } catch (const store::StoreError&) {
      store_error = std::current_exception();
    } catch (const std::exception& e) {  // out of memory on a hostile document, say
      try {
        pass.internal_error(feeds[j.id], e.what());
      } catch (const store::StoreError&) {
        store_error = std::current_exception();
      } catch (const std::exception&) {
      }
    }
  });
  if (store_error) std::rethrow_exception(store_error);
  if (!pass.page_jobs.empty()) {
    // Pages go through the same per-host gate and robots.txt as the feeds (the same Crawler).
    http_.run(pass.page_jobs, [&](const fetch::CrawlJob& j, const fetch::Response& r) {
      try {
        pass.on_page_response(pass.pages[j.id], r);
      } catch (const std::exception&) {
        ++pass.waiting[pass.pages[j.id].work].result.page_errors;
      }
    }, settings_.page_budget_ms);
  }
  for (auto& w : pass.waiting) {
    pass.finish(w);
    pass.push_ready(std::move(w));
  }
  pass.waiting.clear();
  pass.flush();
  if (settings_.forget_items_after > 0 && now - last_forget_ >= 3600) {
    last_forget_ = now;
    try {  // housekeeping: a busy store must not lose the pass it follows
      pass.stats.forgotten = store_.forget_seen_items(settings_.forget_items_after);
    } catch (const store::StoreError&) {
      last_forget_ = 0;  // tried again after the next pass
    }
  }
  return pass.stats;
}

PassStats Crawler::crawl_due(UnixTime now, std::size_t limit, const std::function<void(const FeedResult&)>& on_feed) {
  const auto due = store_.feeds_due(now, limit);
  if (due.empty()) return {};
  return crawl(due, now, on_feed);
}

}  // namespace storyline::crawl
