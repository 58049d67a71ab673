// address_guard.cpp: the private-address guard (SSRF). Addresses are judged after DNS
// resolution; http_client.cpp pins the connection to the addresses judged here.
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "fetch/fetch.h"

namespace storyline::fetch {
namespace {

std::string ipv4_reason(std::uint32_t a) {  // host byte order
  auto in = [a](std::uint32_t net, int bits) {
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (a & mask) == (net & mask);
  };
  auto v4 = [](unsigned b0, unsigned b1, unsigned b2, unsigned b3) {
    return (std::uint32_t{b0} << 24) | (b1 << 16) | (b2 << 8) | b3;
  };
  if (in(v4(0, 0, 0, 0), 8)) return "an unspecified address";
  if (in(v4(127, 0, 0, 0), 8)) return "a loopback address";
  if (in(v4(10, 0, 0, 0), 8) || in(v4(172, 16, 0, 0), 12) || in(v4(192, 168, 0, 0), 16))
    return "a private address";
  if (a == v4(169, 254, 169, 254)) return "a link-local address (cloud metadata)";
  if (in(v4(169, 254, 0, 0), 16)) return "a link-local address";
  if (in(v4(100, 64, 0, 0), 10)) return "a carrier-grade NAT address";
  if (in(v4(224, 0, 0, 0), 4)) return "a multicast address";
  if (in(v4(192, 0, 0, 0), 24) || in(v4(198, 18, 0, 0), 15) || in(v4(240, 0, 0, 0), 4))
    return "a reserved address";  // protocol assignments, benchmarking, future use, broadcast
  return {};
}

std::uint32_t v4_at(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

std::string ipv6_reason(const unsigned char* b) {
  const bool first10_zero = std::all_of(b, b + 10, [](unsigned char c) { return c == 0; });
  const bool first12_zero = first10_zero && b[10] == 0 && b[11] == 0;
  if (first12_zero && b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 0) return "an unspecified address";
  if (first12_zero && b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1) return "a loopback address";
  // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::/96),
  // 6to4 (2002:AABB:CCDD::/48): judged as the IPv4 address they reach.
  if (first10_zero && b[10] == 0xff && b[11] == 0xff) return ipv4_reason(v4_at(b + 12));
  if (first12_zero) return ipv4_reason(v4_at(b + 12));
  static constexpr unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, nat64, 12) == 0) return ipv4_reason(v4_at(b + 12));
  if (b[0] == 0x20 && b[1] == 0x02) return ipv4_reason(v4_at(b + 2));
  if ((b[0] & 0xfe) == 0xfc) return "a private address";                  // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "a link-local address"; // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "a private address";   // fec0::/10 site-local
  if (b[0] == 0xff) return "a multicast address";
  return {};
}

}  // namespace

std::string forbidden_address_reason(std::string_view ip) {
  std::string s(ip);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (const auto pct = s.find('%'); pct != std::string::npos) s.resize(pct);  // fe80::1%eth0
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return ipv4_reason(v4_at(buf));
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return ipv6_reason(buf);
  return "not an IP address";
}

Resolution resolve_checked(const std::string& host, int port, bool allow_private) {
  Resolution r;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const std::string service = std::to_string(port);
  const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
  if (rc != 0) {
    r.kind = ErrorKind::dns;
    r.error = "cannot resolve " + host + ": " + gai_strerror(rc);
    return r;
  }
  std::vector<std::string> all;
  for (const addrinfo* ai = list; ai; ai = ai->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* where = ai->ai_family == AF_INET
                            ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr)
                            : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr);
    if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
        !inet_ntop(ai->ai_family, where, text, sizeof text))
      continue;
    if (std::find(all.begin(), all.end(), text) == all.end()) all.emplace_back(text);
  }
  freeaddrinfo(list);
  std::string first_reason, first_address;
  for (const std::string& a : all) {
    const std::string why = forbidden_address_reason(a);
    if (allow_private || why.empty()) {
      r.addresses.push_back(a);
    } else if (first_reason.empty()) {
      first_reason = why;
      first_address = a;
    }
  }
  if (r.addresses.empty()) {
    if (first_reason.empty()) {
      r.kind = ErrorKind::dns;
      r.error = "cannot resolve " + host + ": no IPv4 or IPv6 address";
    } else {
      r.kind = ErrorKind::refused_address;
      r.error = "refused: " + host + (host == first_address ? " is " : " resolves to " + first_address + ", ") +
                first_reason + "; use --allow-private to allow";
    }
  }
  return r;
}

}  // namespace storyline::fetch
