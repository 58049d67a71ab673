// xml_feed.cpp: RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 documents into a Feed.
//
// pugixml does not know namespaces, so every element's name is resolved here: its
// prefix is looked up in the xmlns declarations of its ancestors and the namespace
// URI is mapped to one canonical prefix ("atom", "dc", "content", "media", ...), so
// that "<a:title xmlns:a='http://www.w3.org/2005/Atom'>" reads as "atom:title".
#include <pugixml.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "feeds/internal.h"
#include "text/text.h"

namespace storyline::feeds::detail {
namespace {

struct Ns {
  std::string_view uri, prefix;
};
constexpr Ns kNamespaces[] = {
    {"http://www.w3.org/2005/Atom", "atom"},
    {"http://purl.org/atom/ns#", "atom"},
    {"http://purl.org/rss/1.0/", ""},
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://backend.userland.com/rss2", ""},
    {"http://blogs.law.harvard.edu/tech/rss", ""},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://www.w3.org/XML/1998/namespace", "xml"},
    {"http://purl.org/rss/1.0/modules/syndication/", "sy"},
};

std::string_view canonical_prefix(std::string_view uri, std::string_view fallback) {
  for (const auto& n : kNamespaces)
    if (n.uri == uri) return n.prefix;
  return fallback;
}

struct Reader {
  std::string_view doc_url;
  bool atom = false;  // names in the Atom namespace (or none, in an Atom feed) lose "atom:"

  // The namespace URI bound to `prefix` at node n; `found` false when undeclared.
  static std::string_view lookup(pugi::xml_node n, std::string_view prefix, bool& found) {
    const std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
    for (; n && n.type() == pugi::node_element; n = n.parent()) {
      const pugi::xml_attribute a = n.attribute(attr.c_str());
      if (a) {
        found = true;
        return a.value();
      }
    }
    found = false;
    return {};
  }

  // "dc:creator", "atom:link", "title" (see the file comment); in an Atom feed the
  // Atom names have no prefix.
  std::string key(pugi::xml_node n) const {
    const std::string_view name = n.name();
    const std::size_t colon = name.find(':');
    const std::string_view prefix = colon == std::string_view::npos ? std::string_view{} : name.substr(0, colon);
    const std::string_view local = colon == std::string_view::npos ? name : name.substr(colon + 1);
    bool found = false;
    const std::string_view uri = lookup(n, prefix, found);
    std::string_view canon = found ? canonical_prefix(uri, prefix) : prefix;
    if (!found && prefix == "xml") canon = "xml";
    if (atom && (canon == "atom" || canon.empty())) return std::string(local);
    if (canon.empty()) return std::string(local);
    return std::string(canon) + ":" + std::string(local);
  }

  // The base URL in effect at n: xml:base of n and its ancestors over the document URL.
  std::string base(pugi::xml_node n) const {
    std::vector<std::string_view> bases;
    for (pugi::xml_node p = n; p && p.type() == pugi::node_element; p = p.parent()) {
      const pugi::xml_attribute a = p.attribute("xml:base");
      if (a) bases.push_back(a.value());
    }
    std::string b(doc_url);
    for (auto it = bases.rbegin(); it != bases.rend(); ++it) b = b.empty() ? std::string(*it) : resolve_url(b, *it);
    return b;
  }
  std::string link(pugi::xml_node n, std::string_view ref) const {
    const std::string r = text::collapse_whitespace(ref);
    if (r.empty()) return r;
    return resolve_url(base(n), r);
  }
};

// Concatenated character data of n's children; `elements` is set when it has child elements.
std::string char_data(pugi::xml_node n, bool& elements) {
  std::string s;
  elements = false;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) s += c.value();
    else if (c.type() == pugi::node_element) elements = true;
  }
  return s;
}

// The children of n as markup (pugixml's writer; depth is bounded by Options::max_depth).
std::string inner_xml(pugi::xml_node n) {
  struct Sink : pugi::xml_writer {
    std::string s;
    void write(const void* data, std::size_t size) override { s.append(static_cast<const char*>(data), size); }
  } sink;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    c.print(sink, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return sink.s;
}

std::string escape_html(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (c == '<') r += "&lt;";
    else if (c == '>') r += "&gt;";
    else if (c == '&') r += "&amp;";
    else r += c;
  }
  return r;
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (auto& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return r;
}

bool base64_decode(std::string_view in, std::string& out) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  unsigned buf = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    const int v = val(c);
    if (v < 0) return false;
    buf = (buf << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return true;
}

// The element's content as HTML: an Atom text construct by its type / mode; RSS
// elements are HTML (escaped, or naked markup as child elements).
std::string as_html(pugi::xml_node n) {
  const std::string type = lower(n.attribute("type").value());
  const std::string mode = lower(n.attribute("mode").value());
  bool elements = false;
  std::string data = char_data(n, elements);
  if (mode == "base64" || (type.size() > 0 && type != "text" && type != "html" && type != "xhtml" &&
                           type.find("xml") == std::string::npos && type.rfind("text/", 0) != 0)) {
    std::string decoded;
    if (base64_decode(data, decoded)) return text::to_valid_utf8(decoded);
  }
  if (elements) {
    // xhtml: the content is the children of the wrapping <div>.
    pugi::xml_node only;
    int count = 0;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element) only = c, ++count;
    const std::string_view nm = only ? only.name() : "";
    if (count == 1 && (nm == "div" || nm.ends_with(":div")) && text::collapse_whitespace(data).empty())
      return inner_xml(only);
    return inner_xml(n);
  }
  if (type == "text" || type == "text/plain") return escape_html(data);
  return data;
}

// `atom`: an Atom text construct, whose type defaults to "text" (RFC 4287 3.1).
std::string as_text(pugi::xml_node n, bool atom = false) {
  std::string type = lower(n.attribute("type").value());
  const std::string mode = lower(n.attribute("mode").value());
  // Atom 0.3 base64 without a type is read as HTML: that is what such feeds encode.
  if (type.empty() && atom && mode != "escaped" && mode != "base64") type = "text";
  bool elements = false;
  std::string data = char_data(n, elements);
  if (mode == "base64") {  // Atom 0.3
    std::string decoded;
    if (base64_decode(data, decoded)) data = text::to_valid_utf8(decoded);
    if (type == "text" || type == "text/plain") return text::collapse_whitespace(data);
    return html_to_text(data);
  }
  if (!elements && (type == "text" || type == "text/plain")) return text::collapse_whitespace(data);
  return html_to_text(as_html(n));
}

// Keeps the first non-empty value a field gets.
void set(std::string& field, std::string value) {
  if (field.empty() && !value.empty()) field = std::move(value);
}
// Dates: a later element of the same meaning wins (as in feedparser: feeds that repeat
// a date, or give issued and published, mean the last one).
void set_date(UnixTime& field, pugi::xml_node n) {
  bool elements = false;
  const UnixTime t = parse_feed_date(char_data(n, elements));
  if (t) field = t;
}

// Atom ids are IRIs; a relative reference ("/relative/link") is resolved like a link.
std::string atom_id(const Reader& r, pugi::xml_node n) {
  bool el = false;
  std::string id = text::collapse_whitespace(char_data(n, el));
  if (id.rfind("/", 0) == 0 || id.rfind("./", 0) == 0 || id.rfind("../", 0) == 0) id = r.link(n, id);
  return id;
}

// Atom's person construct: name, else e-mail; RSS authors are strings.
std::string person(const Reader& r, pugi::xml_node n) {
  std::string name, email;
  bool elements = false;
  const std::string data = char_data(n, elements);
  if (!elements) return plain_author(html_to_text(data));
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string k = r.key(c);
    if (k == "name" || k == "atom:name") set(name, as_text(c));
    else if (k == "email" || k == "atom:email") set(email, as_text(c));
  }
  return name.empty() ? plain_author(email) : plain_author(name);
}

bool is_url(std::string_view s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0 || s.rfind("//", 0) == 0;
}

// Atom <link>: the alternate page (rel absent or "alternate"), preferring text/html.
struct AtomLinks {
  std::string alternate, enclosure;
  bool html = false;
  void take(const Reader& r, pugi::xml_node n) {
    const std::string rel = lower(n.attribute("rel").value());
    const std::string type = lower(n.attribute("type").value());
    const char* href = n.attribute("href").value();
    if (!*href) {  // RSS-style <link>URL</link> in an Atom document
      bool el = false;
      const std::string d = text::collapse_whitespace(char_data(n, el));
      if (!d.empty() && (rel.empty() || rel == "alternate") && alternate.empty()) alternate = r.link(n, d);
      return;
    }
    if (rel.empty() || rel == "alternate") {
      const bool is_html = type.empty() || type == "text/html" || type == "application/xhtml+xml";
      if (alternate.empty() || (is_html && !html)) {
        alternate = r.link(n, href);
        html = is_html;
      }
    } else if (rel == "enclosure" && enclosure.empty()) {
      enclosure = r.link(n, href);
    }
  }
};

void read_media(const Reader& r, pugi::xml_node n, const std::string& k, FeedItem& item) {
  if (k == "media:content") {
    if (item.enclosure.empty()) item.enclosure = r.link(n, n.attribute("url").value());
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element && r.key(c) == "media:thumbnail" && item.thumbnail.empty())
        item.thumbnail = r.link(c, c.attribute("url").value());
  } else if (k == "media:thumbnail") {
    if (item.thumbnail.empty()) item.thumbnail = r.link(n, n.attribute("url").value());
  } else if (k == "media:group") {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element) read_media(r, c, r.key(c), item);
  }
}

FeedItem read_rss_item(const Reader& r, pugi::xml_node n) {
  FeedItem it;
  std::string guid_link, guid, about;
  std::string media_title, media_description;
  AtomLinks atom_links;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string k = r.key(c);
    if (k == "title" || k == "dc:title") set(it.title, as_text(c));
    else if (k == "link") {
      bool el = false;
      set(it.link, r.link(c, char_data(c, el)));
    } else if (k == "atom:link") atom_links.take(r, c);
    else if (k == "guid") {
      bool el = false;
      const std::string g = text::collapse_whitespace(char_data(c, el));
      if (guid.empty() && !g.empty()) {
        guid = g;
        const std::string perma = lower(c.attribute("isPermaLink").value());
        if (perma != "false" && is_url(g)) guid_link = r.link(c, g);
      }
    } else if (k == "atom:id") {
      bool el = false;
      set(guid, text::collapse_whitespace(char_data(c, el)));
    } else if (k == "description" || k == "dc:description" || k == "atom:summary") set(it.summary, as_text(c));
    else if (k == "content:encoded" || k == "xhtml:body" || k == "fullitem" || k == "atom:content" ||
             k == "body")
      set(it.content, as_html(c));
    else if (k == "author" || k == "dc:creator" || k == "dc:author" || k == "itunes:author" || k == "atom:author")
      set(it.author, person(r, c));
    else if (k == "pubDate" || k == "dcterms:issued" || k == "atom:published" || k == "dcterms:created")
      set_date(it.published, c);
    else if (k == "dc:date" || k == "dcterms:modified" || k == "atom:updated" || k == "lastBuildDate")
      set_date(it.updated, c);
    else if (k == "category" || k == "dc:subject") {
      const std::string cat = as_text(c);
      if (!cat.empty()) it.categories.push_back(cat);
    } else if (k == "enclosure") {
      if (it.enclosure.empty()) it.enclosure = r.link(c, c.attribute("url").value());
    } else if (k == "media:title") set(media_title, as_text(c));
    else if (k == "media:description") set(media_description, as_text(c));
    else if (k.rfind("media:", 0) == 0) read_media(r, c, k, it);
  }
  set(it.title, media_title);  // fallbacks only
  set(it.summary, media_description);
  if (it.link.empty()) it.link = atom_links.alternate;
  if (it.link.empty()) it.link = guid_link;
  if (it.enclosure.empty()) it.enclosure = atom_links.enclosure;
  about = n.attribute("rdf:about").value();
  it.id = guid.empty() ? text::collapse_whitespace(about) : guid;
  if (it.summary.empty() && !it.content.empty()) it.summary = html_to_text(it.content);
  return it;
}

FeedItem read_atom_entry(const Reader& r, pugi::xml_node n, const std::string& feed_author) {
  FeedItem it;
  AtomLinks links;
  std::string source_author;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string k = r.key(c);
    if (k == "title") set(it.title, as_text(c, true));
    else if (k == "dc:title") set(it.title, as_text(c));
    else if (k == "link") links.take(r, c);
    else if (k == "id") set(it.id, atom_id(r, c));
    else if (k == "author" || k == "dc:creator" || k == "dc:author") set(it.author, person(r, c));
    else if (k == "summary") set(it.summary, as_text(c, true));
    else if (k == "dc:description") set(it.summary, as_text(c));
    else if (k == "content" || k == "content:encoded") set(it.content, as_html(c));
    else if (k == "published" || k == "issued" || k == "created" || k == "dcterms:issued" || k == "dcterms:created")
      set_date(it.published, c);
    else if (k == "updated" || k == "modified" || k == "dc:date" || k == "dcterms:modified")
      set_date(it.updated, c);
    else if (k == "category") {
      std::string cat = text::collapse_whitespace(c.attribute("label").value());
      if (cat.empty()) cat = text::collapse_whitespace(c.attribute("term").value());
      if (!cat.empty()) it.categories.push_back(cat);
    } else if (k == "dc:subject") {
      const std::string cat = as_text(c);
      if (!cat.empty()) it.categories.push_back(cat);
    } else if (k == "source") {
      for (pugi::xml_node s = c.first_child(); s; s = s.next_sibling())
        if (s.type() == pugi::node_element && r.key(s) == "author") set(source_author, person(r, s));
    } else if (k.rfind("media:", 0) == 0) read_media(r, c, k, it);
  }
  it.link = links.alternate;
  if (it.enclosure.empty()) it.enclosure = links.enclosure;
  // RFC 4287 4.2.1: an entry without an author has its source's, else its feed's.
  if (it.author.empty()) it.author = source_author.empty() ? feed_author : source_author;
  if (it.summary.empty() && !it.content.empty()) it.summary = html_to_text(it.content);
  return it;
}

// True when one more item fits under Options::max_items; otherwise counts it as dropped
// (so that items past the limit are never read).
bool room(Feed& feed, const Options& o) {
  if (feed.items.size() < o.max_items) return true;
  ++feed.items_dropped;
  return false;
}

// Seconds the publisher asks readers to wait: RSS <ttl> in minutes, else the syndication
// module's period divided by its frequency ("hourly", 2 -> 1800); 0 when unreadable.
std::int64_t publisher_ttl(std::string_view ttl_minutes, std::string_view period, std::string_view frequency) {
  auto number = [](std::string_view s) -> std::int64_t {
    std::int64_t v = 0;
    bool digits = false;
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
      if (c < '0' || c > '9') return 0;
      digits = true;
      v = std::min<std::int64_t>(v * 10 + (c - '0'), 100'000'000);
    }
    return digits ? v : 0;
  };
  if (const std::int64_t m = number(ttl_minutes); m > 0) return m * 60;
  const std::string p = text::collapse_whitespace(period);
  const std::int64_t unit = p == "hourly" ? 3600 : p == "daily" ? 86400 : p == "weekly" ? 7 * 86400
                          : p == "monthly" ? 30 * 86400 : p == "yearly" ? 365 * 86400 : 0;
  if (unit == 0) return 0;
  const std::int64_t f = frequency.empty() ? 1 : number(frequency);
  return f > 0 ? unit / f : 0;
}

void read_rss(const Reader& r, pugi::xml_node root, const Options& o, Feed& feed) {
  pugi::xml_node channel;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && r.key(c) == "channel") {
      channel = c;
      break;
    }
  AtomLinks atom_links;
  std::string ttl_minutes, sy_period, sy_frequency;
  if (channel) {
    for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string k = r.key(c);
      if (k == "title" || k == "dc:title") set(feed.title, as_text(c));
      else if (k == "link") {
        bool el = false;
        set(feed.link, r.link(c, char_data(c, el)));
      } else if (k == "atom:link") atom_links.take(r, c);
      else if (k == "atom:id") {
        bool el = false;
        set(feed.id, text::collapse_whitespace(char_data(c, el)));
      } else if (k == "language" || k == "dc:language") set(feed.language, as_text(c));
      else if (k == "managingEditor" || k == "dc:creator" || k == "dc:author" || k == "author" ||
               k == "itunes:author" || k == "atom:author")
        set(feed.author, person(r, c));
      else if (k == "pubDate" || k == "dcterms:issued" || k == "dcterms:created") set_date(feed.published, c);
      else if (k == "lastBuildDate" || k == "dc:date" || k == "dcterms:modified" || k == "atom:updated")
        set_date(feed.updated, c);
      else if (k == "item" && room(feed, o)) feed.items.push_back(read_rss_item(r, c));
      else if (k == "ttl") ttl_minutes = as_text(c);
      else if (k == "sy:updatePeriod") sy_period = as_text(c);
      else if (k == "sy:updateFrequency") sy_frequency = as_text(c);
    }
  }
  feed.ttl_seconds = publisher_ttl(ttl_minutes, sy_period, sy_frequency);
  if (feed.link.empty()) feed.link = atom_links.alternate;
  // RSS 1.0 and 0.90 put items beside the channel; broken RSS 2.0 too.
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && r.key(c) == "item" && room(feed, o)) feed.items.push_back(read_rss_item(r, c));
  if (feed.language.empty()) {
    const char* lang = channel ? channel.attribute("xml:lang").value() : "";
    feed.language = *lang ? lang : root.attribute("xml:lang").value();
  }
}

void read_atom(const Reader& r, pugi::xml_node root, const Options& o, Feed& feed) {
  AtomLinks links;
  // The feed's author first: entries without one inherit it.
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) {
      const std::string k = r.key(c);
      if (k == "author" || k == "dc:creator" || k == "dc:author") set(feed.author, person(r, c));
    }
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string k = r.key(c);
    if (k == "title") set(feed.title, as_text(c, true));
    else if (k == "dc:title") set(feed.title, as_text(c));
    else if (k == "link") links.take(r, c);
    else if (k == "id") set(feed.id, atom_id(r, c));
    else if (k == "updated" || k == "modified" || k == "dc:date" || k == "dcterms:modified")
      set_date(feed.updated, c);
    else if (k == "published" || k == "issued" || k == "created" || k == "dcterms:issued")
      set_date(feed.published, c);
    else if (k == "dc:language") set(feed.language, as_text(c));
    else if (k == "entry" && room(feed, o)) feed.items.push_back(read_atom_entry(r, c, feed.author));
  }
  feed.link = links.alternate;
  if (feed.language.empty()) feed.language = text::collapse_whitespace(root.attribute("xml:lang").value());
}

}  // namespace

void read_xml_feed(const std::string& xml, std::string_view base_url, const Options& options, Feed& feed) {
  pugi::xml_document doc;
  // No parse_doctype (prepare_xml dropped it anyway); pugixml never reads external
  // entities. parse_ws_pcdata keeps the spaces between inline elements of xhtml content.
  const unsigned flags = pugi::parse_default | pugi::parse_ws_pcdata;
  const pugi::xml_parse_result res = doc.load_buffer(xml.data(), xml.size(), flags, pugi::encoding_utf8);
  if (!res) {
    feed.malformed = true;
    feed.error = fmt::format("XML error at byte {}: {}", res.offset, res.description());
  }
  pugi::xml_node root = doc.document_element();
  if (!root) {
    if (feed.error.empty()) feed.error = "no root element";
    return;
  }
  Reader r;
  r.doc_url = base_url;
  std::string k = r.key(root);
  if (k == "atom:feed" || k == "feed") {
    bool found = false;
    const std::string_view ns = Reader::lookup(root, "", found);
    feed.format = ns == "http://purl.org/atom/ns#" ? "atom03" : "atom";
    r.atom = true;
    read_atom(r, root, options, feed);
  } else if (k == "rdf:RDF" || k == "RDF") {
    feed.format = "rdf";
    read_rss(r, root, options, feed);
  } else if (k == "rss" || k == "channel") {
    feed.format = "rss";
    if (k == "channel") {  // a bare <channel> root: read it as the channel
      pugi::xml_document wrap;
      read_rss(r, root.parent(), options, feed);
    } else {
      read_rss(r, root, options, feed);
    }
  } else {
    feed.malformed = true;
    if (feed.error.empty()) feed.error = fmt::format("not a feed (root element <{}>)", text::utf8_prefix(root.name(), 40));
  }
}

}  // namespace storyline::feeds::detail
