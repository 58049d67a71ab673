// The OpenAPI 3 document of the server (/api/v1/openapi.json): the data file
// src/serve/openapi.json, compiled in, with the public address as its server.
#include "serve/internal.h"
#include "serve/openapi_json.h"

namespace storyline::serve::detail {

std::string openapi_document(const std::string& base_url) {
  static const nlohmann::json doc = nlohmann::json::parse(kOpenApiJson);
  nlohmann::json out = doc;
  out["servers"] = nlohmann::json::array({{{"url", base_url}, {"description", "This server"}}});
  return dump(out);
}

}  // namespace storyline::serve::detail
