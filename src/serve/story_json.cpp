// The JSON form of a story (API and `storyline digest --format json`).
#include <nlohmann/json.hpp>

#include "serve/serve.h"

namespace storyline::serve {
namespace {

nlohmann::json sentence_json(const StorySentence& s) {
  nlohmann::json prov = nlohmann::json::array();
  for (const auto& src : s.sources)
    prov.push_back({{"article", src.article}, {"begin", src.begin}, {"end", src.end}});
  return {{"text", s.text}, {"paragraph", s.paragraph}, {"provenance", prov}};
}

}  // namespace

std::string story_json(const Story& story, const std::vector<store::ArticleRef>& sources) {
  using nlohmann::json;
  json body = json::array();
  for (const auto& s : story.body) body.push_back(sentence_json(s));
  json src = json::array();
  for (const auto& a : sources)
    src.push_back({{"id", a.id},
                   {"url", a.url},
                   {"source", a.source},
                   {"title", a.title},
                   {"author", a.author},
                   {"published", a.published ? json(format_iso8601(a.published)) : json(nullptr)}});
  json dis = json::array();
  for (const auto& d : story.disagreements)
    dis.push_back({{"what", d.what}, {"values", d.values}, {"articles", d.articles}});
  json j = {{"id", story.id},
            {"headline", story.headline},
            {"date", story.event_date},
            {"standfirst", sentence_json(story.standfirst)},
            {"body", body},
            {"articles", story.articles},
            {"sources", src},
            {"disagreements", dis},
            {"outlets", story.outlet_names},
            {"outlet_count", story.outlets},
            {"score", story.score},
            {"first_seen", story.first_seen ? json(format_iso8601(story.first_seen)) : json(nullptr)},
            {"last_seen", story.last_seen ? json(format_iso8601(story.last_seen)) : json(nullptr)},
            {"updated", story.updated ? json(format_iso8601(story.updated)) : json(nullptr)}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace storyline::serve
