#include "store/story_codec.h"

#include <charconv>
#include <limits>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace storyline::store {
namespace {

using nlohmann::json;

// An integer field that fits T, or a StoreCorrupt (never a float or out-of-range cast).
template <typename T>
T integer(const json& j) {
  if (!j.is_number_integer()) throw StoreCorrupt("corrupt story data: expected an integer, got " + j.dump());
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
      throw StoreCorrupt("corrupt story data: integer out of range: " + j.dump());
    return static_cast<T>(v);
  }
  const auto v = j.get<std::int64_t>();
  if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
      (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<T>::max())))
    throw StoreCorrupt("corrupt story data: integer out of range: " + j.dump());
  return static_cast<T>(v);
}

template <typename T>
std::vector<T> integers(const json& j) {
  std::vector<T> out;
  if (j.is_null()) return out;
  if (!j.is_array()) throw StoreCorrupt("corrupt story data: expected an array, got " + j.dump());
  for (const auto& x : j) out.push_back(integer<T>(x));
  return out;
}

json encode_sentence(const StorySentence& s) {
  json sources = json::array();
  for (const auto& src : s.sources) sources.push_back({src.article, src.begin, src.end});
  return {{"text", s.text}, {"paragraph", s.paragraph}, {"sources", sources}};
}

StorySentence decode_sentence(const json& j) {
  StorySentence s;
  s.text = j.at("text").get<std::string>();
  s.paragraph = j.contains("paragraph") ? integer<int>(j["paragraph"]) : 0;
  for (const auto& src : j.at("sources"))
    s.sources.push_back({integer<ArticleId>(src.at(0)), integer<std::uint32_t>(src.at(1)),
                         integer<std::uint32_t>(src.at(2))});
  return s;
}

// ---- a direct writer of the same JSON (nlohmann's dump builds a tree first: 9% of the live
// path's instructions went into encoding stories). Same bytes: keys in sorted order, no
// spaces, the escapes nlohmann writes; a text that is not valid UTF-8 goes through nlohmann
// (its replacement of bad bytes is the stored format's). ----

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return false;
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += len;
  }
  return true;
}

class Writer {
 public:
  bool ok = true;  // every text was valid UTF-8
  std::string out;
  void raw(std::string_view s) { out += s; }
  void num(std::int64_t v) { out += std::to_string(v); }
  void str(std::string_view s) {
    if (!valid_utf8(s)) ok = false;
    out.push_back('"');
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) {
            static const char* kHex = "0123456789abcdef";
            out += "\\u00";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
          } else {
            out.push_back(ch);
          }
      }
    }
    out.push_back('"');
  }
  template <typename T>
  void nums(const std::vector<T>& v) {
    out.push_back('[');
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out.push_back(',');
      num(static_cast<std::int64_t>(v[i]));
    }
    out.push_back(']');
  }
  void strs(const std::vector<std::string>& v) {
    out.push_back('[');
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out.push_back(',');
      str(v[i]);
    }
    out.push_back(']');
  }
  void sentence(const StorySentence& s) {
    raw("{\"paragraph\":");
    num(s.paragraph);
    raw(",\"sources\":[");
    for (std::size_t i = 0; i < s.sources.size(); ++i) {
      if (i) out.push_back(',');
      out.push_back('[');
      num(s.sources[i].article);
      out.push_back(',');
      num(s.sources[i].begin);
      out.push_back(',');
      num(s.sources[i].end);
      out.push_back(']');
    }
    raw("],\"text\":");
    str(s.text);
    out.push_back('}');
  }
};

std::string encode_story_data_json(const Story& story);

}  // namespace

std::string encode_story_data(const Story& story) {
  Writer w;
  w.out.reserve(1024 + 16 * story.articles.size());
  w.raw("{\"articles\":");
  w.nums(story.articles);
  w.raw(",\"body\":[");
  for (std::size_t i = 0; i < story.body.size(); ++i) {
    if (i) w.out.push_back(',');
    w.sentence(story.body[i]);
  }
  w.raw("],\"disagreements\":[");
  for (std::size_t i = 0; i < story.disagreements.size(); ++i) {
    const auto& d = story.disagreements[i];
    if (i) w.out.push_back(',');
    w.raw("{\"articles\":[");
    for (std::size_t k = 0; k < d.articles.size(); ++k) {
      if (k) w.out.push_back(',');
      w.nums(d.articles[k]);
    }
    w.raw("],\"values\":");
    w.strs(d.values);
    w.raw(",\"what\":");
    w.str(d.what);
    w.out.push_back('}');
  }
  w.raw("],\"headline\":");
  w.str(story.headline);
  w.raw(",\"standfirst\":");
  w.sentence(story.standfirst);
  w.out.push_back('}');
  return w.ok ? std::move(w.out) : encode_story_data_json(story);
}

namespace {

std::string encode_story_data_json(const Story& story) {
  json body = json::array();
  for (const auto& s : story.body) body.push_back(encode_sentence(s));
  json dis = json::array();
  for (const auto& d : story.disagreements)
    dis.push_back({{"what", d.what}, {"values", d.values}, {"articles", d.articles}});
  json j = {{"headline", story.headline},
            {"standfirst", encode_sentence(story.standfirst)},
            {"body", body},
            {"articles", story.articles},
            {"disagreements", dis}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

void decode_story_data(const std::string& data, Story& story) {
  try {
    const json j = json::parse(data);
    story.headline = j.value("headline", std::string());  // "" for stories stored before
    story.standfirst = decode_sentence(j.at("standfirst"));
    story.body.clear();
    for (const auto& s : j.at("body")) story.body.push_back(decode_sentence(s));
    story.articles = integers<ArticleId>(j.at("articles"));
    story.disagreements.clear();
    for (const auto& d : j.value("disagreements", json::array())) {
      Disagreement x;
      x.what = d.at("what").get<std::string>();
      x.values = d.at("values").get<std::vector<std::string>>();
      for (const auto& side : d.at("articles")) x.articles.push_back(integers<ArticleId>(side));
      story.disagreements.push_back(std::move(x));
    }
  } catch (const json::exception& e) {
    throw StoreCorrupt(std::string("corrupt story data: ") + e.what());
  }
}

}  // namespace storyline::store

namespace storyline::store {

template <typename StoryLike>
std::string encode_rank_data(const StoryLike& story) {
  Writer w;
  w.out.reserve(64 + 24 * story.articles.size());
  w.raw("{\"articles\":");
  w.nums(story.articles);
  w.raw(",\"distinct\":");
  w.num(story.distinct);
  w.raw(",\"outlets\":");
  w.strs(story.outlet_names);
  w.raw(",\"times\":");
  w.nums(story.times);
  w.out.push_back('}');
  if (w.ok) return std::move(w.out);
  nlohmann::json j = {{"articles", story.articles},
                      {"outlets", story.outlet_names},
                      {"distinct", story.distinct},
                      {"times", story.times}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// A direct reader of the ranking data as encode_rank_data writes it (keys in that order, no
// spaces, outlet names without escapes): a reader lists stories by reading this for each,
// and nlohmann's parser took most of that time. False (and nothing kept) for anything else,
// which goes through nlohmann.
class RankReader {
 public:
  explicit RankReader(std::string_view d) : d_(d) {}
  template <typename StoryLike>
  bool read(StoryLike& s) {
    std::vector<ArticleId> articles;
    std::vector<std::string> outlets;
    std::vector<UnixTime> times;
    std::int64_t distinct = 0;
    if (!lit("{\"articles\":") || !ints(articles) || !lit(",\"distinct\":") || !integer(distinct) ||
        !lit(",\"outlets\":") || !strings(outlets) || !lit(",\"times\":") || !ints(times) || !lit("}") ||
        p_ != d_.size() || distinct < 0 || distinct > std::numeric_limits<int>::max())
      return false;
    s.articles = std::move(articles);
    s.outlet_names = std::move(outlets);
    s.distinct = static_cast<int>(distinct);
    s.times = std::move(times);
    return true;
  }

 private:
  bool lit(std::string_view t) {
    if (d_.substr(p_, t.size()) != t) return false;
    p_ += t.size();
    return true;
  }
  bool integer(std::int64_t& v) {
    const char* b = d_.data() + p_;
    const auto [end, ec] = std::from_chars(b, d_.data() + d_.size(), v);
    if (ec != std::errc() || end == b) return false;
    p_ += static_cast<std::size_t>(end - b);
    return true;
  }
  template <typename T>
  bool ints(std::vector<T>& out) {
    if (!lit("[")) return false;
    if (lit("]")) return true;
    for (;;) {
      std::int64_t v;
      if (!integer(v)) return false;
      out.push_back(static_cast<T>(v));
      if (lit("]")) return true;
      if (!lit(",")) return false;
    }
  }
  bool strings(std::vector<std::string>& out) {
    if (!lit("[")) return false;
    if (lit("]")) return true;
    for (;;) {
      if (!lit("\"")) return false;
      const std::size_t e = d_.find('"', p_);
      if (e == std::string_view::npos) return false;
      const std::string_view str = d_.substr(p_, e - p_);
      if (str.find('\\') != std::string_view::npos) return false;  // escapes: nlohmann reads them
      out.emplace_back(str);
      p_ = e + 1;
      if (lit("]")) return true;
      if (!lit(",")) return false;
    }
  }
  std::string_view d_;
  std::size_t p_ = 0;
};

}  // namespace

template <typename StoryLike>
void decode_rank_data(const std::string& data, StoryLike& s) {
  if (RankReader(data).read(s)) return;
  try {
    const auto j = nlohmann::json::parse(data);
    s.articles = integers<ArticleId>(j.value("articles", json::array()));
    s.outlet_names = j.value("outlets", std::vector<std::string>{});
    s.distinct = j.contains("distinct") ? integer<int>(j["distinct"]) : 0;
    s.times = integers<UnixTime>(j.value("times", json::array()));
  } catch (const nlohmann::json::exception& e) {
    throw StoreCorrupt(std::string("corrupt story ranking data: ") + e.what());
  }
}

template std::string encode_rank_data<Story>(const Story&);
template std::string encode_rank_data<StorySummary>(const StorySummary&);
template void decode_rank_data<Story>(const std::string&, Story&);
template void decode_rank_data<StorySummary>(const std::string&, StorySummary&);

}  // namespace storyline::store
