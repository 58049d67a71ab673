// crawler.cpp: a batch of fetch jobs on a few worker threads, through the per-host gate.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <limits>
#include <thread>

#include "fetch/fetch.h"

namespace storyline::fetch {
namespace {

TimeMs steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string origin_of(const std::string& url) {
  UrlParts p;
  std::string error;
  if (!parse_url(url, p, error)) return {};
  const bool v6 = p.host.find(':') != std::string::npos;
  const bool default_port = (p.scheme == "http" && p.port == 80) || (p.scheme == "https" && p.port == 443);
  return p.scheme + "://" + (v6 ? "[" + p.host + "]" : p.host) + (default_port ? "" : ":" + std::to_string(p.port));
}

}  // namespace

Crawler::Crawler(CrawlSettings settings) : settings_(std::move(settings)), gate_(settings_.min_host_delay_ms) {}

bool Crawler::CachedRobots::fresh(TimeMs now, TimeMs max_age) const {
  // An unreachable robots.txt (nothing allowed) is asked again within the hour.
  return now - fetched < (robots.disallow_all ? std::min<TimeMs>(max_age, 3600 * 1000) : max_age);
}

bool Crawler::has_robots(const std::string& key) {
  std::lock_guard lock(robots_mutex_);
  const auto it = robots_.find(key);
  return it != robots_.end() && it->second.fresh(steady_ms(), settings_.robots_max_age_ms);
}

const Robots& Crawler::robots_for(const std::string& url) {
  const std::string key = host_key(url);
  {
    std::lock_guard lock(robots_mutex_);
    if (auto it = robots_.find(key); it != robots_.end() && it->second.fresh(steady_ms(), settings_.robots_max_age_ms))
      return it->second.robots;
  }
  Robots robots;
  robots.allow_all = true;
  if (const std::string origin = origin_of(url); !origin.empty()) {
    Request req;
    req.url = origin + "/robots.txt";
    Options o = settings_.fetch;
    o.max_body_bytes = std::min<std::size_t>(o.max_body_bytes, 512 * 1024);  // what parse_robots reads
    const Response r = fetch(req, o);
    if (r.ok()) robots = robots_from_response(r.status, r.body, settings_.fetch.user_agent);
    else if (r.error == ErrorKind::too_large) robots = parse_robots("", settings_.fetch.user_agent);
    else if (r.error == ErrorKind::refused_address || r.error == ErrorKind::bad_url || r.error == ErrorKind::dns ||
             r.error == ErrorKind::connect || r.error == ErrorKind::tls)
      robots.allow_all = true;  // the job fails the same way, and says why itself
    else robots = robots_from_response(0, "", settings_.fetch.user_agent);  // unreachable: RFC 9309 says wait
    if (robots.crawl_delay)
      gate_.set_delay(key, static_cast<TimeMs>(std::min(*robots.crawl_delay, 86400.0) * 1000));
  }
  // Replacing an expired entry is safe: only the thread holding the host's gate reads it.
  std::lock_guard lock(robots_mutex_);
  CachedRobots& slot = robots_[key];
  slot.robots = std::move(robots);
  slot.fetched = steady_ms();
  return slot.robots;
}

void Crawler::run(const std::vector<CrawlJob>& jobs,
                  const std::function<void(const CrawlJob&, const Response&)>& on_done, TimeMs budget_ms) {
  const TimeMs deadline = budget_ms > 0 ? steady_ms() + budget_ms : std::numeric_limits<TimeMs>::max();
  std::mutex m;                 // guards pending, done_mutex below serialises on_done
  std::condition_variable cv;   // a host was released, or a job was answered
  std::deque<std::size_t> pending;
  std::mutex done_mutex;

  auto answer = [&](std::size_t i, const Response& r) {
    {
      std::lock_guard lock(done_mutex);
      on_done(jobs[i], r);
    }
    std::lock_guard lock(m);
    cv.notify_all();
  };
  auto fail = [](const std::string& url, ErrorKind k, std::string msg) {
    Response r;
    r.final_url = url;
    r.error = k;
    r.error_message = std::move(msg);
    return r;
  };

  std::vector<std::string> keys(jobs.size());  // host keys, computed once
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    UrlParts parts;
    std::string error;
    keys[i] = host_key(jobs[i].request.url);
    if (parse_url(jobs[i].request.url, parts, error) && !keys[i].empty()) pending.push_back(i);
    else answer(i, fail(jobs[i].request.url, ErrorKind::bad_url, error));
  }

  auto worker = [&] {
    while (true) {
      std::size_t job = 0;
      std::string host;
      std::vector<std::size_t> deferred;
      {
        std::unique_lock lock(m);
        while (true) {
          if (pending.empty()) return;
          const TimeMs now = steady_ms();
          if ((settings_.fetch.cancel && settings_.fetch.cancel->load()) || now > deadline) {
            deferred.assign(pending.begin(), pending.end());
            pending.clear();
            break;
          }
          TimeMs soonest = std::numeric_limits<TimeMs>::max();
          bool taken = false;
          for (auto it = pending.begin(); it != pending.end();) {
            const std::string& key = keys[*it];
            const TimeMs ready = gate_.ready_at(key, now);
            if (ready != std::numeric_limits<TimeMs>::max() && ready - now > settings_.max_wait_ms) {
              deferred.push_back(*it);  // this host asked for longer than a pass may wait
              it = pending.erase(it);
              continue;
            }
            if (!taken && gate_.try_acquire(key, now)) {
              job = *it;
              host = key;
              it = pending.erase(it);
              taken = true;
              continue;
            }
            soonest = std::min(soonest, ready);
            ++it;
          }
          if (taken || !deferred.empty()) break;
          if (soonest == std::numeric_limits<TimeMs>::max()) cv.wait(lock);  // every host busy
          else cv.wait_for(lock, std::chrono::milliseconds(std::clamp<TimeMs>(
                                     soonest - now, 1, settings_.fetch.cancel || budget_ms > 0 ? 200 : soonest - now)));
        }
      }
      const bool cancelled = settings_.fetch.cancel && settings_.fetch.cancel->load();
      const bool late = steady_ms() > deadline;
      for (std::size_t i : deferred)
        answer(i, fail(jobs[i].request.url, ErrorKind::deferred,
                       cancelled ? "GET " + jobs[i].request.url + ": not fetched: the crawl was cancelled (shutting down)"
                       : late    ? "GET " + jobs[i].request.url + ": not fetched: this pass's time budget (" +
                                    std::to_string(budget_ms) + " ms) ran out"
                                 : "deferred: " + keys[i] + " asked to wait longer than " +
                                       std::to_string(settings_.max_wait_ms) +
                                       " ms (Retry-After or Crawl-delay); not fetched in this pass"));
      if (host.empty()) continue;
      const CrawlJob& j = jobs[job];
      if (settings_.robots && !has_robots(host)) {
        // robots.txt is a request to the host like any other: fetch it, release the host,
        // and put the job back so that it waits the host's delay (maybe its Crawl-delay).
        robots_for(j.request.url);
        gate_.release(host, steady_ms());
        std::lock_guard lock(m);
        pending.push_front(job);
        cv.notify_all();
        continue;
      }
      Response r;
      UrlParts parts;
      std::string error;
      parse_url(j.request.url, parts, error);  // checked before the job was queued
      if (settings_.robots && !robots_allowed(robots_for(j.request.url), parts.path)) {
        r = fail(j.request.url, ErrorKind::disallowed,
                 robots_for(j.request.url).disallow_all
                     ? "GET " + j.request.url + ": not fetched: " + host +
                           "'s robots.txt could not be read (a server error or a dropped connection), and "
                           "RFC 9309 then allows nothing; asked again within the hour"
                     : "GET " + j.request.url + ": disallowed by robots.txt for " + settings_.fetch.user_agent);
      } else if (j.max_body_bytes > 0 && j.max_body_bytes < settings_.fetch.max_body_bytes) {
        Options o = settings_.fetch;
        o.max_body_bytes = j.max_body_bytes;
        r = fetch(j.request, o);
      } else {
        r = fetch(j.request, settings_.fetch);
      }
      const TimeMs end = steady_ms();
      if (r.ok() && (r.status == 429 || r.status == 503)) {
        if (const auto wait = parse_retry_after(r.retry_after, storyline::now(), 86400))
          gate_.block_until(host, end + *wait * 1000);
      }
      gate_.release(host, end);
      {
        std::lock_guard lock(m);
        cv.notify_all();
      }
      answer(job, r);
    }
  };
  const int n = std::clamp<int>(settings_.workers, 1, 64);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
}

}  // namespace storyline::fetch
