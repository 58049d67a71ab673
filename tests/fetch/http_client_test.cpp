// The HTTP client against servers the tests start on 127.0.0.1: httplib::Server for
// ordinary responses, a raw socket server for a connection that drops mid-response.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <zlib.h>

#include "fetch/fetch.h"
#include "support/gzip.h"

using namespace storyline;

namespace {

struct TestServer {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<int> hits{0};

  TestServer() {
    server.Get("/ok", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("hello", "text/plain");
    });
    server.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("UA=" + req.get_header_value("User-Agent") +
                          "\nAE=" + req.get_header_value("Accept-Encoding"),
                      "text/plain");
    });
    server.Get("/cond", [this](const httplib::Request& req, httplib::Response& res) {
      ++hits;
      res.set_header("ETag", "\"v1\"");
      res.set_header("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT");
      res.set_header("Cache-Control", "max-age=600");
      if (req.get_header_value("If-None-Match") == "\"v1\"" ||
          req.get_header_value("If-Modified-Since") == "Tue, 01 Dec 2026 10:00:00 GMT") {
        res.status = 304;
        return;
      }
      res.set_content("<rss/>", "application/rss+xml");
    });
    server.Get("/gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(storyline::testing::gzip("compressed news item"), "text/plain");
    });
    server.Get("/deflate", [](const httplib::Request&, httplib::Response& res) {
      const std::string plain = "deflated news item";  // HTTP "deflate" is the zlib format
      uLongf size = compressBound(plain.size());
      std::string z(size, '\0');
      compress(reinterpret_cast<Bytef*>(z.data()), &size, reinterpret_cast<const Bytef*>(plain.data()), plain.size());
      z.resize(size);
      res.set_header("Content-Encoding", "deflate");
      res.set_content(z, "text/plain");
    });
    server.Get("/bad-gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content("this is not gzip at all", "text/plain");
    });
    server.Get("/bomb", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(storyline::testing::gzip(std::string(16u << 20, '\0'), 9), "text/plain");
    });
    server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(2u << 20, 'x'), "text/plain");
    });
    server.Get(R"(/hop/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      const int n = std::stoi(req.matches[1]);
      if (n == 0) {
        res.set_content("arrived", "text/plain");
        return;
      }
      res.set_redirect("/hop/" + std::to_string(n - 1), 302);
    });
    server.Get("/moved", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/hop/0", 301);
    });
    server.Get("/loop/a", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop/b", 302); });
    server.Get("/loop/b", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop/a", 302); });
    server.Get("/to-metadata", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("http://169.254.169.254/latest/meta-data/", 302);
    });
    server.Get("/to-localhost", [this](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("http://localhost:" + std::to_string(port) + "/ok", 302);
    });
    server.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("late", "text/plain");
    });
    server.Get("/latin1", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("caf\xE9", "text/html; charset=ISO-8859-1");
    });
    server.Get("/meta", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><head><meta charset=\"windows-1251\"></head><body>\xCF\xF0\xE8</body></html>",
                      "text/html");
    });
    server.Get("/header-beats-meta", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><head><meta charset=\"iso-8859-1\"></head><body>\xCF\xF0\xE8</body></html>",
                      "text/html; charset=windows-1251");
    });
    server.Get("/xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><p><meta charset=\"koi8-r\"/>\xA4</p>",
                      "application/xml");
    });
    server.Get("/retry", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;
      res.set_header("Retry-After", "120");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TestServer() {
    server.stop();
    thread.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
};

fetch::Options local() {
  fetch::Options o;
  o.allow_private = true;
  o.total_timeout_ms = 10'000;
  return o;
}

fetch::Response get(const std::string& url, const fetch::Options& o = {}) {
  fetch::Request r;
  r.url = url;
  return fetch::fetch(r, o);
}

fetch::Response get_if(const std::string& url, const std::string& etag, const std::string& last_modified) {
  fetch::Request r{url, etag, last_modified};
  return fetch::fetch(r, local());
}

// Accepts one connection, reads the request, sends a header promising 1000 bytes and
// 100 of them, then closes the socket.
struct DroppingServer {
  int fd = -1;
  int port = 0;
  std::thread thread;
  DroppingServer() {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(listen(fd, 4), 0);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    thread = std::thread([this] {
      const int c = accept(fd, nullptr, nullptr);
      if (c < 0) return;
      char buf[4096];
      std::string req;
      while (req.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = read(c, buf, sizeof buf);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
      }
      const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n";
      const std::string part(100, 'y');
      (void)!write(c, head.data(), head.size());
      (void)!write(c, part.data(), part.size());
      close(c);
    });
  }
  ~DroppingServer() {
    thread.join();
    close(fd);
  }
};

}  // namespace

TEST(HttpClient, GetsABodyWithItsHeadersAndAClearUserAgent) {
  TestServer s;
  const fetch::Response r = get(s.url("/ok"), local());
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello");
  EXPECT_EQ(r.content_type, "text/plain");
  EXPECT_EQ(r.final_url, s.url("/ok"));

  const fetch::Response e = get(s.url("/echo"), local());
  ASSERT_TRUE(e.ok()) << e.error_message;
  EXPECT_NE(e.body.find("UA=storyline/0.1 (+https://github.com/storyline-news/storyline)"), std::string::npos);
  EXPECT_NE(e.body.find("gzip"), std::string::npos);
  EXPECT_NE(e.body.find("deflate"), std::string::npos);
  EXPECT_NE(e.body.find("br"), std::string::npos);

  fetch::Options o = local();
  o.user_agent = "custom-agent/2 (+https://example.org/bot)";
  EXPECT_NE(get(s.url("/echo"), o).body.find("UA=custom-agent/2 (+https://example.org/bot)"),
            std::string::npos);
}

TEST(HttpClient, ConditionalRequestsGet304) {
  TestServer s;
  const fetch::Response first = get(s.url("/cond"), local());
  ASSERT_TRUE(first.ok()) << first.error_message;
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "<rss/>");
  EXPECT_EQ(first.etag, "\"v1\"");
  EXPECT_EQ(first.last_modified, "Tue, 01 Dec 2026 10:00:00 GMT");
  EXPECT_EQ(first.cache_control, "max-age=600");

  const fetch::Response by_etag = get_if(s.url("/cond"), first.etag, "");
  ASSERT_TRUE(by_etag.ok()) << by_etag.error_message;
  EXPECT_EQ(by_etag.status, 304);
  EXPECT_TRUE(by_etag.body.empty());

  const fetch::Response by_date = get_if(s.url("/cond"), "", first.last_modified);
  EXPECT_EQ(by_date.status, 304);
  EXPECT_EQ(s.hits.load(), 3);
}

TEST(HttpClient, DecodesGzipAndRefusesAGzipBomb) {
  TestServer s;
  const fetch::Response r = get(s.url("/gzip"), local());
  ASSERT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.body, "compressed news item");
  EXPECT_EQ(get(s.url("/deflate"), local()).body, "deflated news item");
  const fetch::Response bad = get(s.url("/bad-gzip"), local());
  EXPECT_EQ(bad.error, fetch::ErrorKind::protocol);
  EXPECT_NE(bad.error_message.find("malformed response"), std::string::npos) << bad.error_message;

  fetch::Options o = local();
  o.max_body_bytes = 1u << 20;
  const fetch::Response bomb = get(s.url("/bomb"), o);
  EXPECT_EQ(bomb.error, fetch::ErrorKind::too_large);
  EXPECT_NE(bomb.error_message.find("1048576 bytes after decompression (max_body_bytes)"), std::string::npos)
      << bomb.error_message;
  EXPECT_TRUE(bomb.body.empty());

  // An uncompressed body over the limit is refused too.
  const fetch::Response big = get(s.url("/big"), o);
  EXPECT_EQ(big.error, fetch::ErrorKind::too_large);
  // Under a large enough limit the same body is read whole.
  o.max_body_bytes = 4u << 20;
  EXPECT_EQ(get(s.url("/big"), o).body.size(), 2u << 20);
}

TEST(HttpClient, FollowsRedirectsUpToTheLimit) {
  TestServer s;
  const fetch::Response five = get(s.url("/hop/5"), local());
  ASSERT_TRUE(five.ok()) << five.error_message;
  EXPECT_EQ(five.body, "arrived");
  EXPECT_EQ(five.final_url, s.url("/hop/0"));
  EXPECT_FALSE(five.moved_permanently);  // 302s

  const fetch::Response six = get(s.url("/hop/6"), local());
  EXPECT_EQ(six.error, fetch::ErrorKind::too_many_redirects);
  EXPECT_NE(six.error_message.find("more than 5 redirects"), std::string::npos) << six.error_message;

  fetch::Options o = local();
  o.max_redirects = 1;
  EXPECT_EQ(get(s.url("/hop/2"), o).error, fetch::ErrorKind::too_many_redirects);

  const fetch::Response moved = get(s.url("/moved"), local());
  EXPECT_EQ(moved.body, "arrived");
  EXPECT_TRUE(moved.moved_permanently);
}

TEST(HttpClient, ARedirectLoopIsAnError) {
  TestServer s;
  const fetch::Response r = get(s.url("/loop/a"), local());
  EXPECT_EQ(r.error, fetch::ErrorKind::redirect_loop);
  EXPECT_NE(r.error_message.find("redirect loop"), std::string::npos);
  EXPECT_NE(r.error_message.find("/loop/b -> "), std::string::npos) << r.error_message;
}

TEST(HttpClient, ASlowServerHitsTheTotalTimeout) {
  TestServer s;
  fetch::Options o = local();
  o.total_timeout_ms = 200;
  const fetch::Response r = get(s.url("/slow"), o);
  EXPECT_EQ(r.error, fetch::ErrorKind::timeout);
  EXPECT_NE(r.error_message.find("total_timeout_ms 200"), std::string::npos) << r.error_message;
}

TEST(HttpClient, AConnectionDroppedMidResponseIsAClearError) {
  DroppingServer d;
  const fetch::Response r =
      get("http://127.0.0.1:" + std::to_string(d.port) + "/feed.xml", local());
  EXPECT_EQ(r.error, fetch::ErrorKind::truncated);
  EXPECT_NE(r.error_message.find("dropped mid-response after 100 bytes"), std::string::npos) << r.error_message;
  EXPECT_TRUE(r.body.empty());
}

TEST(HttpClient, ConnectionRefusedIsAConnectError) {
  int port = 0;
  {
    TestServer s;  // a port that was just free; nothing listens on it once s is gone
    port = s.port;
  }
  const fetch::Response r = get("http://127.0.0.1:" + std::to_string(port) + "/", local());
  EXPECT_EQ(r.error, fetch::ErrorKind::connect) << r.error_message;
}

TEST(HttpClient, LoopbackIsRefusedUnlessAllowed) {
  TestServer s;
  const fetch::Response refused = get(s.url("/ok"));
  EXPECT_EQ(refused.error, fetch::ErrorKind::refused_address);
  EXPECT_EQ(refused.error_message,
            "refused: 127.0.0.1 is a loopback address; use --allow-private to allow (" + s.url("/ok") + ")");
  EXPECT_EQ(s.hits.load(), 0);

  const fetch::Response by_name = get("http://localhost:" + std::to_string(s.port) + "/ok");
  EXPECT_EQ(by_name.error, fetch::ErrorKind::refused_address);
  EXPECT_NE(by_name.error_message.find("refused: localhost resolves to "), std::string::npos)
      << by_name.error_message;
  EXPECT_NE(by_name.error_message.find("a loopback address; use --allow-private to allow"), std::string::npos);

  const fetch::Response allowed = get(s.url("/ok"), local());
  EXPECT_TRUE(allowed.ok()) << allowed.error_message;
  EXPECT_EQ(allowed.body, "hello");
}

TEST(HttpClient, ARedirectToAPrivateAddressIsRefused) {
  TestServer s;
  fetch::Options o;  // guard on, only the test server's own host let through
  o.private_hosts = {"127.0.0.1"};
  ASSERT_TRUE(get(s.url("/ok"), o).ok());

  const fetch::Response meta = get(s.url("/to-metadata"), o);
  EXPECT_EQ(meta.error, fetch::ErrorKind::refused_address);
  EXPECT_NE(meta.error_message.find("169.254.169.254 is a link-local address (cloud metadata)"),
            std::string::npos)
      << meta.error_message;

  const fetch::Response local_name = get(s.url("/to-localhost"), o);
  EXPECT_EQ(local_name.error, fetch::ErrorKind::refused_address);
  EXPECT_NE(local_name.error_message.find("localhost resolves to"), std::string::npos) << local_name.error_message;
}

TEST(HttpClient, OnlyHttpAndHttps) {
  for (const char* url : {"file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "not a url", ""}) {
    const fetch::Response r = get(url, local());
    EXPECT_EQ(r.error, fetch::ErrorKind::bad_url) << url;
    EXPECT_FALSE(r.error_message.empty());
  }
}

TEST(HttpClient, ReadsTheCharsetFromHeaderThenXmlDeclarationThenMeta) {
  TestServer s;
  const fetch::Response latin = get(s.url("/latin1"), local());
  EXPECT_EQ(latin.body, "caf\xC3\xA9");
  EXPECT_EQ(latin.charset, "windows-1252");

  const fetch::Response meta = get(s.url("/meta"), local());
  EXPECT_NE(meta.body.find("\xD0\x9F\xD1\x80\xD0\xB8"), std::string::npos);  // "При"
  EXPECT_EQ(meta.charset, "windows-1251");

  const fetch::Response header = get(s.url("/header-beats-meta"), local());
  EXPECT_NE(header.body.find("\xD0\x9F\xD1\x80\xD0\xB8"), std::string::npos);
  EXPECT_EQ(header.charset, "windows-1251");

  const fetch::Response xml = get(s.url("/xml"), local());
  EXPECT_NE(xml.body.find("\xE2\x82\xAC"), std::string::npos);  // ISO-8859-15 0xA4 is the euro sign
  EXPECT_EQ(xml.charset, "iso-8859-15");
}

TEST(HttpClient, KeepsRetryAfterOnA429) {
  TestServer s;
  const fetch::Response r = get(s.url("/retry"), local());
  ASSERT_TRUE(r.ok()) << r.error_message;  // a status is not a transport error
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.retry_after, "120");
}
