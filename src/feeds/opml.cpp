// opml.cpp: OPML feed lists in (parse_opml) and out (write_opml); categories are the
// titles of the outlines a feed's outline sits in.
#include <pugixml.hpp>

#include <fmt/format.h>

#include <sstream>
#include <string>
#include <vector>

#include "feeds/feeds.h"
#include "feeds/internal.h"
#include "text/text.h"

namespace storyline::feeds {
namespace {

std::string attr_ci(pugi::xml_node n, const char* name) {
  // OPML in the wild spells xmlUrl as xmlurl or XMLURL too.
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    const char* an = a.name();
    const char* bn = name;
    while (*an && *bn && (*an | 0x20) == (*bn | 0x20)) ++an, ++bn;
    if (!*an && !*bn) return text::collapse_whitespace(a.value());
  }
  return {};
}

std::string outline_title(pugi::xml_node n) {
  std::string t = attr_ci(n, "text");
  if (t.empty()) t = attr_ci(n, "title");
  return t;
}

}  // namespace

Opml parse_opml(std::string_view bytes, const Options& options) {
  Opml out;
  detail::Prepared prepared;
  std::string error;
  if (!detail::prepare_xml(bytes, {}, options, prepared, error)) {
    out.error = error;
    return out;
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result res = doc.load_buffer(prepared.xml.data(), prepared.xml.size(), pugi::parse_default,
                                                      pugi::encoding_utf8);
  std::string problems;
  for (const auto& p : prepared.problems) problems += (problems.empty() ? "" : "; ") + p;
  if (!res) problems += (problems.empty() ? "" : "; ") + fmt::format("XML error at byte {}: {}", res.offset, res.description());
  const pugi::xml_node root = doc.document_element();
  if (!root || std::string_view(root.name()) != "opml") {
    out.error = problems.empty() ? "not an OPML document" : problems;
    return out;
  }
  out.malformed = !problems.empty();
  out.error = problems;
  out.title = text::collapse_whitespace(root.child("head").child_value("title"));
  // Walk the outlines without recursion, carrying each one's category path.
  struct Frame {
    pugi::xml_node node;
    std::vector<std::string> path;
  };
  std::vector<Frame> stack;
  const pugi::xml_node body = root.child("body");
  std::vector<pugi::xml_node> kids;
  for (pugi::xml_node c = body.last_child(); c; c = c.previous_sibling())
    if (c.type() == pugi::node_element) stack.push_back({c, {}});
  while (!stack.empty()) {
    Frame f = std::move(stack.back());
    stack.pop_back();
    if (std::string_view(f.node.name()) != "outline") continue;
    const std::string url = attr_ci(f.node, "xmlUrl");
    if (!url.empty()) {
      if (out.feeds.size() >= options.max_items) continue;
      Subscription s;
      s.url = url;
      s.title = outline_title(f.node);
      s.html_url = attr_ci(f.node, "htmlUrl");
      s.category = f.path;
      // Flat lists name the category in an attribute: category="/News/World".
      if (s.category.empty()) {
        std::string cat = attr_ci(f.node, "category");
        cat = cat.substr(0, cat.find(','));
        std::stringstream ss(cat);
        std::string part;
        while (std::getline(ss, part, '/'))
          if (!text::collapse_whitespace(part).empty()) s.category.push_back(text::collapse_whitespace(part));
      }
      out.feeds.push_back(std::move(s));
      continue;
    }
    std::vector<std::string> path = f.path;
    const std::string title = outline_title(f.node);
    if (!title.empty()) path.push_back(title);
    for (pugi::xml_node c = f.node.last_child(); c; c = c.previous_sibling())
      if (c.type() == pugi::node_element) stack.push_back({c, path});
  }
  return out;
}

std::string write_opml(const std::vector<Subscription>& feeds, std::string_view title) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node opml = doc.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_child("head").append_child("title").text().set(std::string(title).c_str());
  pugi::xml_node body = opml.append_child("body");
  for (const auto& s : feeds) {
    // Find or make the outline for each category level, in first-seen order.
    pugi::xml_node parent = body;
    for (const auto& level : s.category) {
      pugi::xml_node found;
      for (pugi::xml_node c = parent.child("outline"); c; c = c.next_sibling("outline"))
        if (!c.attribute("xmlUrl") && level == c.attribute("text").value()) {
          found = c;
          break;
        }
      if (!found) {
        found = parent.append_child("outline");
        found.append_attribute("text") = level.c_str();
        found.append_attribute("title") = level.c_str();
      }
      parent = found;
    }
    pugi::xml_node o = parent.append_child("outline");
    o.append_attribute("type") = "rss";
    o.append_attribute("text") = s.title.c_str();
    o.append_attribute("title") = s.title.c_str();
    o.append_attribute("xmlUrl") = s.url.c_str();
    if (!s.html_url.empty()) o.append_attribute("htmlUrl") = s.html_url.c_str();
  }
  std::ostringstream os;
  doc.save(os, "  ", pugi::format_default, pugi::encoding_utf8);
  return os.str();
}

}  // namespace storyline::feeds
