// Local HTTP servers for the crawl tests, on 127.0.0.1 (each port is a host of its own):
//   - FixtureServer serves routes the test sets (and changes) while it runs: a body with a
//     content type, a status, extra headers, an ETag honoured with 304, a delay, a redirect;
//   - DroppingServer answers every request with a Content-Length it never delivers and
//     closes the connection mid-body (the network dropping mid-response).
// Fixture documents (feeds, pages) are made by the helpers at the end.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace crawltest {

struct Route {
  Route(int status_ = 200, std::string body_ = "", std::string type_ = "application/rss+xml; charset=utf-8",
        std::string etag_ = "", std::map<std::string, std::string> headers_ = {}, int delay_ms_ = 0,
        std::string redirect_ = "")
      : status(status_), body(std::move(body_)), type(std::move(type_)), etag(std::move(etag_)),
        headers(std::move(headers_)), delay_ms(delay_ms_), redirect(std::move(redirect_)) {}
  int status;
  std::string body;
  std::string type;
  std::string etag;                               // 304 when If-None-Match matches
  std::map<std::string, std::string> headers;
  int delay_ms;
  std::string redirect;                           // Location (with status 301/302)
};

class FixtureServer {
 public:
  FixtureServer() {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FixtureServer() {
    server_.stop();
    thread_.join();
  }
  void set(const std::string& path, Route r) {
    std::lock_guard lock(mu_);
    routes_[path] = std::move(r);
  }
  int hits(const std::string& path) {
    std::lock_guard lock(mu_);
    return hits_[path];
  }
  int not_modified(const std::string& path) {
    std::lock_guard lock(mu_);
    return not_modified_[path];
  }
  int total_hits() {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& [p, h] : hits_) n += h;
    return n;
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int port() const { return port_; }

 private:
  void handle(const httplib::Request& req, httplib::Response& res) {
    Route r;
    bool found = false;
    {
      std::lock_guard lock(mu_);
      ++hits_[req.path];
      const auto it = routes_.find(req.path);
      if (it != routes_.end()) {
        r = it->second;
        found = true;
      }
    }
    if (!found) {
      res.status = 404;
      return;
    }
    if (r.delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(r.delay_ms));
    if (!r.redirect.empty()) {
      res.set_redirect(r.redirect, r.status == 200 ? 302 : r.status);
      return;
    }
    if (!r.etag.empty()) res.set_header("ETag", r.etag);
    for (const auto& [k, v] : r.headers) res.set_header(k, v);
    if (!r.etag.empty() && req.get_header_value("If-None-Match") == r.etag) {
      std::lock_guard lock(mu_);
      ++not_modified_[req.path];
      res.status = 304;
      return;
    }
    res.status = r.status;
    res.set_content(r.body, r.type);
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::map<std::string, Route> routes_;
  std::map<std::string, int> hits_, not_modified_;
};

// Promises `declared` bytes, sends `sent` of them, and hangs up.
class DroppingServer {
 public:
  DroppingServer(std::string partial_body, std::size_t declared) : body_(std::move(partial_body)), declared_(declared) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    listen(fd_, 16);
    thread_ = std::thread([this] { loop(); });
  }
  ~DroppingServer() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int requests() const { return requests_; }

 private:
  void loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      char buf[4096];
      std::string req;
      while (req.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
      }
      const bool robots = req.rfind("GET /robots.txt", 0) == 0;
      if (!robots) ++requests_;
      const std::string head = robots ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                      : "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: " +
                                            std::to_string(declared_) + "\r\nConnection: close\r\n\r\n" + body_;
      (void)!send(c, head.data(), head.size(), MSG_NOSIGNAL);
      shutdown(c, SHUT_RDWR);
      close(c);
    }
  }
  std::string body_;
  std::size_t declared_;
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

// ---- fixture documents ----
struct Item {
  std::string guid, title, link, text, date = "Tue, 11 Feb 2025 10:00:00 GMT";
};

inline std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

inline std::string rss(const std::vector<Item>& items, const std::string& title = "Fixture News",
                       const std::string& extra_channel = "") {
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>" +
                  xml_escape(title) + "</title><link>https://fixture.example/</link><language>en</language>" +
                  extra_channel;
  for (const auto& i : items) {
    x += "<item>";
    if (!i.guid.empty()) x += "<guid isPermaLink=\"false\">" + xml_escape(i.guid) + "</guid>";
    if (!i.title.empty()) x += "<title>" + xml_escape(i.title) + "</title>";
    if (!i.link.empty()) x += "<link>" + xml_escape(i.link) + "</link>";
    if (!i.date.empty()) x += "<pubDate>" + i.date + "</pubDate>";
    if (!i.text.empty()) x += "<description>" + xml_escape(i.text) + "</description>";
    x += "</item>\n";
  }
  return x + "</channel></rss>\n";
}

// A paragraph of `words` words about `topic` (full text, not a teaser). Its words are made
// from the topic, so texts about different topics share no vocabulary.
inline std::string body_text(const std::string& topic, int words = 130) {
  static const char* kSyllables[] = {"ka", "lo", "mi", "nu", "pe", "ri", "so", "ta", "ve", "zu", "da", "fo"};
  std::string s = "The " + topic + " story begins here.";
  for (int i = 0; i < words; ++i) {
    s += ' ';
    s += topic + kSyllables[(i * 7) % 12] + kSyllables[(i * 5 + 3) % 12];
    if (i % 12 == 11) s += '.';
  }
  return s + ".";
}

// An article page with a headline, a date, a byline and `paragraphs` paragraphs.
inline std::string article_page(const std::string& headline, const std::string& topic, int paragraphs = 6) {
  std::string p = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + headline +
                  " | Page Title</title><meta property=\"article:published_time\" content=\"2025-01-01T08:00:00Z\">"
                  "<meta name=\"author\" content=\"Page Author\"></head><body><nav><a href=\"/\">Home</a></nav>"
                  "<article><h1>" + headline + "</h1>";
  for (int i = 0; i < paragraphs; ++i)
    p += "<p>Paragraph " + std::to_string(i + 1) + " of the " + topic + " report: " + body_text(topic, 40) + "</p>";
  return p + "</article><footer>Copyright</footer></body></html>";
}

}  // namespace crawltest
