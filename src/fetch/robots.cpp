// robots.cpp: robots.txt (RFC 9309) as pure functions: parse, pick the group, match paths.
#include <algorithm>
#include <cstdlib>

#include "fetch/fetch.h"

namespace storyline::fetch {
namespace {

constexpr std::size_t kMaxRobotsBytes = 512 * 1024;  // RFC 9309 2.5: parse at least 500 KiB

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}
char hex_upper(char c) { return c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c; }
bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// One spelling for pattern and path: percent escapes in upper case, raw non-ASCII bytes
// (UTF-8 in a robots.txt) percent-encoded, as a URL path carries them.
std::string canonical(std::string_view s) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && hex(s[i + 1]) && hex(s[i + 2])) {
      out += '%';
      out += hex_upper(s[i + 1]);
      out += hex_upper(s[i + 2]);
      i += 2;
    } else if (c >= 0x80 || c <= 0x20) {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The pattern (with * for any run and a final $ for the end) matches a prefix of path.
bool matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
      if (star == std::string_view::npos) return false;  // pattern used up, path left over
      p = star + 1;
      s = ++mark;
      continue;
    }
    if (pattern[p] == '*') {
      star = p++;
      mark = s;
      continue;
    }
    if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || mark >= path.size()) return false;
    p = star + 1;
    s = ++mark;
  }
}

// The product token a User-agent line names: up to white space or '/', lower case.
std::string agent_token(std::string_view value) {
  const std::size_t end = value.find_first_of(" \t/");
  return lower(value.substr(0, end));
}

}  // namespace

Robots parse_robots(std::string_view txt, std::string_view agent) {
  if (txt.substr(0, 3) == "\xEF\xBB\xBF") txt.remove_prefix(3);
  txt = txt.substr(0, kMaxRobotsBytes);
  const std::string me = agent_token(agent);
  struct Group {
    bool ours = false, star = false;
    std::vector<RobotsRule> rules;
    std::optional<double> delay;
  };
  std::vector<Group> groups;
  bool in_agents = false;  // the previous meaningful line was a User-agent line
  std::size_t pos = 0;
  while (pos <= txt.size()) {
    std::size_t end = txt.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = txt.size();
    std::string_view line = txt.substr(pos, end - pos);
    pos = end + 1;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (end == txt.size()) break;
      continue;
    }
    const std::string key = lower(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (key == "user-agent" || key == "useragent" || key == "user agent") {
      if (!in_agents) groups.emplace_back();
      in_agents = true;
      const std::string token = agent_token(value);
      if (token == "*") groups.back().star = true;
      else if (!token.empty() && token == me) groups.back().ours = true;
    } else if (key == "allow" || key == "disallow") {
      in_agents = false;
      if (groups.empty() || value.empty()) continue;  // rules before any group; "Disallow:" allows all
      groups.back().rules.push_back({key == "allow", canonical(value)});
    } else if (key == "crawl-delay" || key == "crawl_delay") {
      in_agents = false;
      if (groups.empty()) continue;
      char* stop = nullptr;
      const std::string v(value);
      const double d = std::strtod(v.c_str(), &stop);
      if (stop != v.c_str() && d >= 0 && d < 1e7 && !groups.back().delay) groups.back().delay = d;
    }  // Sitemap and unknown keys: ignored, and they do not end a list of agents
    if (end == txt.size()) break;
  }
  Robots r;
  const bool any_ours = std::any_of(groups.begin(), groups.end(), [](const Group& g) { return g.ours; });
  for (const Group& g : groups) {
    if (any_ours ? !g.ours : !g.star) continue;
    r.rules.insert(r.rules.end(), g.rules.begin(), g.rules.end());
    if (g.delay && !r.crawl_delay) r.crawl_delay = g.delay;
  }
  return r;
}

Robots robots_from_response(int status, std::string_view body, std::string_view agent) {
  if (status >= 200 && status < 300) return parse_robots(body, agent);
  Robots r;
  if (status >= 400 && status < 500 && status != 429) r.allow_all = true;
  else r.disallow_all = true;  // 5xx, 429, network error: assume the site wants no crawling now
  return r;
}

bool robots_allowed(const Robots& robots, std::string_view path) {
  const std::string p = canonical(path.empty() ? std::string_view("/") : path);
  if (p == "/robots.txt") return true;
  if (robots.allow_all) return true;
  if (robots.disallow_all) return false;
  std::size_t best = 0;
  bool allow = true, found = false;
  for (const RobotsRule& rule : robots.rules) {
    if (!matches(rule.pattern, p)) continue;
    const std::size_t len = rule.pattern.size();
    if (!found || len > best || (len == best && rule.allow && !allow)) {
      best = len;
      allow = rule.allow;
      found = true;
    }
  }
  return allow;
}

}  // namespace storyline::fetch
