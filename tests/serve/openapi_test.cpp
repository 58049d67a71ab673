// The OpenAPI document (/api/v1/openapi.json) against what the server really answers: every
// documented operation is called on a live server and its answer checked against the
// documented status, content type, headers and schema. The validator below covers the
// subset of JSON Schema the document uses (type, nullable, properties, required, items,
// $ref, oneOf, enum, minimum, maximum, maxLength, format date-time) and is strict about
// objects: a property the document does not declare is an error, so the document stays
// complete as the API grows.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "serve/serve_fixture.h"

using namespace storyline;
using namespace storyline::testing;
using nlohmann::json;

namespace {

class Validator {
 public:
  explicit Validator(const json& doc) : doc_(doc) {}

  // Problems of `value` against `schema` ("" = valid), each prefixed with its JSON path.
  std::vector<std::string> check(const json& value, const json& schema) const {
    std::vector<std::string> out;
    walk(value, schema, "$", out);
    return out;
  }

 private:
  const json& resolve(const json& schema) const {
    if (!schema.contains("$ref")) return schema;
    const std::string ref = schema["$ref"];
    if (ref.rfind("#/", 0) != 0) throw std::runtime_error("only local $ref: " + ref);
    return resolve(doc_.at(json::json_pointer(ref.substr(1))));
  }

  static bool is_type(const json& v, const std::string& t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_number_integer();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_boolean();
    throw std::runtime_error("unknown type " + t);
  }

  void walk(const json& v, const json& raw, const std::string& at, std::vector<std::string>& out) const {
    const json& s = resolve(raw);
    if (v.is_null()) {
      if (!s.value("nullable", false)) out.push_back(at + ": null where the schema does not allow it");
      return;
    }
    if (s.contains("oneOf")) {
      int matches = 0;
      for (const auto& alt : s["oneOf"]) matches += check(v, alt).empty();
      if (matches != 1) out.push_back(at + ": matches " + std::to_string(matches) + " of oneOf");
      return;
    }
    if (s.contains("type") && !is_type(v, s["type"])) {
      out.push_back(at + ": not a " + s["type"].get<std::string>() + ": " + v.dump().substr(0, 80));
      return;
    }
    if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
      out.push_back(at + ": " + v.dump() + " is not in the enum");
    if (v.is_number()) {
      if (s.contains("minimum") && v.get<double>() < s["minimum"].get<double>()) out.push_back(at + ": below minimum");
      if (s.contains("maximum") && v.get<double>() > s["maximum"].get<double>()) out.push_back(at + ": above maximum");
    }
    if (v.is_string()) {
      if (s.contains("maxLength") && v.get<std::string>().size() > s["maxLength"].get<std::size_t>())
        out.push_back(at + ": longer than maxLength");
      static const std::regex date_time(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
      if (s.value("format", "") == "date-time" && !std::regex_match(v.get<std::string>(), date_time))
        out.push_back(at + ": not a date-time: " + v.get<std::string>());
    }
    if (v.is_array() && s.contains("items"))
      for (std::size_t i = 0; i < v.size(); ++i) walk(v[i], s["items"], at + "[" + std::to_string(i) + "]", out);
    if (v.is_object()) {
      const json props = s.value("properties", json::object());
      for (const auto& r : s.value("required", json::array()))
        if (!v.contains(r.get<std::string>())) out.push_back(at + ": required property '" + r.get<std::string>() + "' missing");
      for (const auto& [k, x] : v.items()) {
        if (!props.contains(k)) {
          if (s.contains("properties")) out.push_back(at + ": property '" + k + "' is not in the document");
          continue;
        }
        walk(x, props[k], at + "." + k, out);
      }
    }
  }

  const json& doc_;
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

// A concrete address for a documented path: {id} of a story (42) or an article (1),
// {name} a section, and the required query parameters.
std::string concrete(const std::string& path, const json& op) {
  std::string p = path;
  const bool article = path.find("/articles/") != std::string::npos;
  p = std::regex_replace(p, std::regex(R"(\{id\})"), article ? "1" : "42");
  p = std::regex_replace(p, std::regex(R"(\{name\})"), "world");
  std::string query;
  for (const auto& prm : op.value("parameters", json::array()))
    if (prm["in"] == "query" && prm.value("required", false)) query += (query.empty() ? "?" : "&") + prm["name"].get<std::string>() + "=brussels";
  return p + query;
}

json load_document() {
  std::ifstream in(STORYLINE_OPENAPI);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

}  // namespace

TEST(OpenApiValidator, CatchesWhatItClaimsTo) {
  const json doc = json::parse(R"({"components":{"schemas":{
    "T":{"type":"object","required":["a"],"properties":{"a":{"type":"integer","minimum":1},
         "b":{"type":"string","nullable":true,"format":"date-time"},"c":{"type":"array","items":{"$ref":"#/components/schemas/U"}}}},
    "U":{"type":"string","enum":["x","y"]}}}})");
  Validator v(doc);
  const json t = {{"$ref", "#/components/schemas/T"}};
  EXPECT_TRUE(v.check(json::parse(R"({"a":1,"b":null,"c":["x"]})"), t).empty());
  EXPECT_TRUE(v.check(json::parse(R"({"a":2,"b":"2025-02-11T10:00:00Z"})"), t).empty());
  EXPECT_EQ(v.check(json::parse(R"({"b":null})"), t).size(), 1u);          // required
  EXPECT_EQ(v.check(json::parse(R"({"a":0})"), t).size(), 1u);             // minimum
  EXPECT_EQ(v.check(json::parse(R"({"a":1.5})"), t).size(), 1u);           // integer
  EXPECT_EQ(v.check(json::parse(R"({"a":1,"b":"Tuesday"})"), t).size(), 1u);  // date-time
  EXPECT_EQ(v.check(json::parse(R"({"a":1,"c":["z"]})"), t).size(), 1u);   // enum through $ref
  EXPECT_EQ(v.check(json::parse(R"({"a":1,"d":true})"), t).size(), 1u);    // undeclared
  EXPECT_EQ(v.check(json::parse(R"({"a":null})"), t).size(), 1u);          // not nullable
}

// The served document is the data file with this server as its server.
TEST(Server, OpenApiDocumentIsServedWithItsServer) {
  Running r(temp_file("openapi_doc"));
  httplib::Client c("127.0.0.1", r.server->port());
  auto res = c.Get("/api/v1/openapi.json");
  ASSERT_TRUE(res);
  json served = json::parse(res->body);
  EXPECT_EQ(served["openapi"].get<std::string>().substr(0, 2), "3.");
  EXPECT_EQ(served["servers"][0]["url"], "http://127.0.0.1:" + std::to_string(r.server->port()));
  json file = load_document();
  served.erase("servers");
  file.erase("servers");
  EXPECT_EQ(served, file);
}

// Every documented GET answers as documented: status 200, the documented content type,
// the documented headers, and a JSON body valid against its schema.
TEST(Server, EveryDocumentedReadAnswersAsDocumented) {
  Running r(temp_file("openapi_reads"));
  store::FeedState f;
  f.url = "https://example.com/feed.xml";
  f.category = "World";
  r.db->add_feed(f);
  const json doc = load_document();
  Validator v(doc);
  httplib::Client c("127.0.0.1", r.server->port());
  int checked = 0;
  for (const auto& [path, ops] : doc["paths"].items()) {
    if (!ops.contains("get")) continue;
    const json& op = ops["get"];
    const std::string url = concrete(path, op);
    auto res = c.Get(url);
    ASSERT_TRUE(res) << url;
    ASSERT_EQ(res->status, 200) << url << ": " << res->body.substr(0, 200);
    const json& ok = op["responses"]["200"];
    ASSERT_TRUE(ok.contains("content")) << path;
    const std::string type = ok["content"].begin().key();
    EXPECT_EQ(res->get_header_value("Content-Type").rfind(type, 0), 0u) << url << " is " << res->get_header_value("Content-Type");
    const json headers = ok.value("headers", json::object());
    for (const auto& h : headers.items()) EXPECT_TRUE(res->has_header(h.key())) << url << " lacks " << h.key();
    if (type == "application/json") {
      const auto problems = v.check(json::parse(res->body), ok["content"][type]["schema"]);
      EXPECT_TRUE(problems.empty()) << url << ":\n" << join(problems);
    }
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

// Documented errors and writes have the documented shape too.
TEST(Server, DocumentedErrorsAndWritesMatchTheirSchemas) {
  std::atomic<int> rebuilds{0};
  Running r(temp_file("openapi_writes"), "sekret", [&](serve::Options& o) {
    o.on_rebuild = [&] { ++rebuilds; };
    o.admin_feeds = true;
  });
  const json doc = load_document();
  Validator v(doc);
  httplib::Client c("127.0.0.1", r.server->port());
  auto schema_of = [&](const std::string& path, const std::string& method, int status) {
    return doc["paths"][path][method]["responses"][std::to_string(status)]["content"]["application/json"]["schema"];
  };
  auto expect = [&](const httplib::Result& res, const std::string& path, const std::string& method, int status) {
    ASSERT_TRUE(res) << path;
    ASSERT_EQ(res->status, status) << path << ": " << res->body;
    const json schema = schema_of(path, method, status);
    ASSERT_FALSE(schema.is_null()) << path << " " << method << " " << status << " is not documented";
    const auto problems = v.check(json::parse(res->body), schema);
    EXPECT_TRUE(problems.empty()) << path << " " << status << ":\n" << join(problems);
  };
  const httplib::Headers auth{{"Authorization", "Bearer sekret"}};
  expect(c.Get("/api/v1/stories/999"), "/api/v1/stories/{id}", "get", 404);
  expect(c.Get("/api/v1/articles/999"), "/api/v1/articles/{id}", "get", 404);
  expect(c.Get("/api/v1/search?q=a&kind=x"), "/api/v1/search", "get", 400);
  expect(c.Get("/api/v1/stories?cursor=x"), "/api/v1/stories", "get", 400);
  expect(c.Post("/api/v1/articles", auth, R"([{"url":"https://n/1","title":"T","text":"Body."},{"text":1}])", "application/json"),
         "/api/v1/articles", "post", 202);
  expect(c.Post("/api/v1/articles", R"({})", "application/json"), "/api/v1/articles", "post", 401);
  expect(c.Post("/api/v1/articles", auth, "x", "text/csv"), "/api/v1/articles", "post", 415);
  expect(c.Post("/api/v1/admin/feeds", auth, R"({"url":"https://b.org/f"})", "application/json"), "/api/v1/admin/feeds", "post", 201);
  expect(c.Post("/api/v1/admin/feeds", auth, R"({"url":"https://b.org/f"})", "application/json"), "/api/v1/admin/feeds", "post", 200);
  expect(c.Post("/api/v1/admin/feeds", auth, R"({"url":"mailto:x"})", "application/json"), "/api/v1/admin/feeds", "post", 400);
  expect(c.Post("/api/v1/admin/rebuild", auth, "", "application/json"), "/api/v1/admin/rebuild", "post", 202);
  expect(c.Post("/api/v1/admin/rebuild", "", "application/json"), "/api/v1/admin/rebuild", "post", 401);
  // A merged story's error names the survivor.
  merge_story(*r.db, 43, 42);
  expect(c.Get("/api/v1/stories/43"), "/api/v1/stories/{id}", "get", 404);
}
