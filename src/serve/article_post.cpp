// Reading POSTed articles: one object, an array, or JSON Lines; bad items are rejected one
// by one (with their index and the problem), the rest go in.
#include <nlohmann/json.hpp>

#include "ingest/ingest.h"
#include "serve/serve.h"
#include "text/text.h"

namespace storyline::serve {

bool parse_article_post(std::string_view body, std::string_view content_type,
                        std::vector<Article>& articles, std::vector<std::size_t>& indexes,
                        std::vector<Rejected>& rejected, std::string& error) {
  const std::string type(content_type.substr(0, content_type.find(';')));
  const bool lines = type == "application/x-ndjson" || type == "application/jsonl" ||
                     type == "application/x-jsonlines";
  if (!lines && type != "application/json" && !type.empty()) {
    error = "unsupported content type '" + type +
            "' (send application/json: an object or an array, or application/x-ndjson)";
    return false;
  }
  auto take = [&](std::string_view item, std::size_t index) {
    Article a;
    std::string why;
    if (!text::is_valid_utf8(item)) {
      rejected.push_back({index, "invalid UTF-8"});
    } else if (!ingest::parse_json_article(item, a, why)) {
      rejected.push_back({index, why});
    } else {
      articles.push_back(std::move(a));
      indexes.push_back(index);
    }
  };
  if (lines) {
    std::size_t pos = 0, index = 0;
    while (pos < body.size()) {
      std::size_t nl = body.find('\n', pos);
      if (nl == std::string_view::npos) nl = body.size();
      std::string_view line = body.substr(pos, nl - pos);
      pos = nl + 1;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      if (line.empty()) continue;
      take(line, index++);
    }
    if (index == 0) {
      error = "empty body: send one article per line";
      return false;
    }
    return true;
  }
  if (!text::is_valid_utf8(body)) {
    error = "the body is not valid UTF-8";
    return false;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    error = "the body is not JSON (send an object, an array of objects, or application/x-ndjson)";
    return false;
  }
  if (j.is_object()) {
    take(j.dump(), 0);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (!j[i].is_object())
        rejected.push_back({i, "not a JSON object"});
      else
        take(j[i].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), i);
    }
  } else {
    error = "the body must be a JSON object or an array of objects";
    return false;
  }
  return true;
}

}  // namespace storyline::serve
