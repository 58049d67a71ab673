#include "store/story_codec.h"

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace storyline::store {
namespace {

using nlohmann::json;

json encode_sentence(const StorySentence& s) {
  json sources = json::array();
  for (const auto& src : s.sources) sources.push_back({src.article, src.begin, src.end});
  return {{"text", s.text}, {"paragraph", s.paragraph}, {"sources", sources}};
}

StorySentence decode_sentence(const json& j) {
  StorySentence s;
  s.text = j.at("text").get<std::string>();
  s.paragraph = j.value("paragraph", 0);
  for (const auto& src : j.at("sources"))
    s.sources.push_back({src.at(0).get<ArticleId>(), src.at(1).get<std::uint32_t>(),
                         src.at(2).get<std::uint32_t>()});
  return s;
}

}  // namespace

std::string encode_story_data(const Story& story) {
  json body = json::array();
  for (const auto& s : story.body) body.push_back(encode_sentence(s));
  json dis = json::array();
  for (const auto& d : story.disagreements)
    dis.push_back({{"what", d.what}, {"values", d.values}, {"articles", d.articles}});
  json j = {{"standfirst", encode_sentence(story.standfirst)},
            {"body", body},
            {"articles", story.articles},
            {"disagreements", dis}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void decode_story_data(const std::string& data, Story& story) {
  try {
    const json j = json::parse(data);
    story.standfirst = decode_sentence(j.at("standfirst"));
    story.body.clear();
    for (const auto& s : j.at("body")) story.body.push_back(decode_sentence(s));
    story.articles = j.at("articles").get<std::vector<ArticleId>>();
    story.disagreements.clear();
    for (const auto& d : j.value("disagreements", json::array())) {
      Disagreement x;
      x.what = d.at("what").get<std::string>();
      x.values = d.at("values").get<std::vector<std::string>>();
      x.articles = d.at("articles").get<std::vector<std::vector<ArticleId>>>();
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
    s.articles = j.value("articles", std::vector<ArticleId>{});
    s.outlet_names = j.value("outlets", std::vector<std::string>{});
    s.distinct = j.value("distinct", 0);
    s.times = j.value("times", std::vector<UnixTime>{});
  } catch (const nlohmann::json::exception& e) {
    throw StoreError(std::string("corrupt story ranking data: ") + e.what());
  }
}

template void decode_rank_data<Story>(const std::string&, Story&);
template void decode_rank_data<StorySummary>(const std::string&, StorySummary&);

}  // namespace storyline::store
