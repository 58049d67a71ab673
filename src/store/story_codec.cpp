#include "store/story_codec.h"

#include <limits>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace storyline::store {
namespace {

using nlohmann::json;

// An integer field that fits T, or a StoreError (never a float or out-of-range cast).
template <typename T>
T integer(const json& j) {
  if (!j.is_number_integer()) throw StoreError("corrupt story data: expected an integer, got " + j.dump());
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
      throw StoreError("corrupt story data: integer out of range: " + j.dump());
    return static_cast<T>(v);
  }
  const auto v = j.get<std::int64_t>();
  if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
      (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<T>::max())))
    throw StoreError("corrupt story data: integer out of range: " + j.dump());
  return static_cast<T>(v);
}

template <typename T>
std::vector<T> integers(const json& j) {
  std::vector<T> out;
  if (j.is_null()) return out;
  if (!j.is_array()) throw StoreError("corrupt story data: expected an array, got " + j.dump());
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

}  // namespace

std::string encode_story_data(const Story& story) {
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
    throw StoreError(std::string("corrupt story data: ") + e.what());
  }
}

}  // namespace storyline::store

namespace storyline::store {

std::string encode_rank_data(const Story& story) {
  nlohmann::json j = {{"articles", story.articles},
                      {"outlets", story.outlet_names},
                      {"distinct", story.distinct},
                      {"times", story.times}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <typename StoryLike>
void decode_rank_data(const std::string& data, StoryLike& s) {
  try {
    const auto j = nlohmann::json::parse(data);
    s.articles = integers<ArticleId>(j.value("articles", json::array()));
    s.outlet_names = j.value("outlets", std::vector<std::string>{});
    s.distinct = j.contains("distinct") ? integer<int>(j["distinct"]) : 0;
    s.times = integers<UnixTime>(j.value("times", json::array()));
  } catch (const nlohmann::json::exception& e) {
    throw StoreError(std::string("corrupt story ranking data: ") + e.what());
  }
}

template void decode_rank_data<Story>(const std::string&, Story&);
template void decode_rank_data<StorySummary>(const std::string&, StorySummary&);

}  // namespace storyline::store
