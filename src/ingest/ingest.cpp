#include "ingest/ingest.h"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "extract/extract.h"
#include "text/text.h"

namespace storyline::ingest {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(), [](char want, char have) {
           return std::tolower(static_cast<unsigned char>(have)) == want;
         });
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Host of an http(s) URL without "www.", or "".
std::string url_host(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (const size_t colon = rest.rfind(':'); colon != std::string_view::npos &&
                                             rest.find(']') == std::string_view::npos)
    rest = rest.substr(0, colon);
  std::string host(rest);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

std::string string_field(const nlohmann::json& j, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto it = j.find(n);
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

std::string file_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Article from_extracted(extract::Extracted&& x) {
  Article a;
  a.url = std::move(x.url);
  a.title = std::move(x.title);
  a.text = std::move(x.text);
  a.author = std::move(x.author);
  a.language = std::move(x.language);
  a.published = x.published;
  a.utc_offset = x.published_offset;
  a.source = std::move(x.site_name);
  return a;
}

}  // namespace

Format detect_format(const std::string& path, std::string_view head) {
  if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson") || ends_with(path, ".json"))
    return Format::kJsonLines;
  if (ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".html.gz") ||
      ends_with(path, ".htm.gz") || ends_with(path, ".xhtml"))
    return Format::kHtml;
  if (ends_with(path, ".txt") || ends_with(path, ".text")) return Format::kText;
  // No telling extension: sniff.
  std::string h = trim(head.substr(0, 512));
  std::transform(h.begin(), h.end(), h.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (h.rfind("<!doctype html", 0) == 0 || h.rfind("<html", 0) == 0) return Format::kHtml;
  if (!h.empty() && h[0] == '{') return Format::kJsonLines;
  if (h.find('\0') != std::string::npos) return Format::kUnknown;
  return head.empty() ? Format::kUnknown : Format::kText;
}

bool parse_json_article(std::string_view line, Article& out, std::string& error) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) {
    error = "not valid JSON";
    return false;
  }
  if (!j.is_object()) {
    error = "expected a JSON object with url, source, title, text, published";
    return false;
  }
  out = Article{};
  out.url = string_field(j, {"url", "link"});
  out.source = string_field(j, {"source", "outlet", "site"});
  out.title = string_field(j, {"title", "headline"});
  out.text = string_field(j, {"text", "body", "content"});
  out.author = string_field(j, {"author", "byline"});
  out.language = string_field(j, {"language", "lang"});
  auto pub = j.find("published");
  if (pub == j.end()) pub = j.find("date");
  if (pub != j.end()) {
    if (pub->is_number()) {
      // Epoch seconds, or milliseconds (what JavaScript's Date gives): the two ranges of
      // plausible times do not overlap, so the unit is never a guess.
      const double t = pub->get<double>();  // 0: no date, as null is
      const auto first = static_cast<double>(kFirstPlausibleTime), end = static_cast<double>(kEndPlausibleTime);
      if (t == 0) {
        out.published = 0;
      } else if (t >= first && t < end) {
        out.published = static_cast<UnixTime>(t);
      } else if (t >= first * 1000 && t < end * 1000) {
        out.published = static_cast<UnixTime>(t / 1000);
      } else {
        error = "\"" + pub.key() + "\" " + pub->dump() + " is not a time between 1990 and 2100 in epoch seconds or milliseconds";
        return false;
      }
    } else if (pub->is_string()) {
      const std::string s = pub->get<std::string>();
      out.published = extract::parse_date(s, out.utc_offset);
      if (out.published == 0 && !trim(s).empty()) {
        error = "unreadable date \"" + s + "\"";
        return false;
      }
    } else if (!pub->is_null()) {
      error = "\"" + pub.key() + "\" must be a date string or epoch seconds";
      return false;
    }
  }
  if (trim(out.text).empty() && trim(out.title).empty()) {
    error = "article has neither text nor title";
    return false;
  }
  // Texts that carry scraping junk get the same cleaning as plain-text files.
  out.text = extract::clean_text(out.text);
  return true;
}

void finish_article(Article& a, const Options& options) {
  auto fix = [](std::string& s) { s = text::normalize_nfc(text::drop_invisible(text::to_valid_utf8(s))); };
  fix(a.text);
  fix(a.title);
  a.title = text::collapse_whitespace(a.title);
  a.url = trim(text::to_valid_utf8(a.url));
  a.source = text::collapse_whitespace(text::to_valid_utf8(a.source));
  a.author = text::collapse_whitespace(text::to_valid_utf8(a.author));
  a.language = trim(text::to_valid_utf8(a.language));
  a.text = trim(a.text);
  if (a.language.empty()) a.language = text::detect_language(a.title + "\n" + a.text);
  const UnixTime now = options.now != 0 ? options.now : storyline::now();
  if (a.fetched == 0) a.fetched = now;
  // An article with no date of its own stays undated (0) unless the user gave one: it ranks
  // by its arrival (`fetched`) and never dates anything else.
  if (a.published == 0) a.published = options.default_published;
  if (a.source.empty()) a.source = url_host(a.url);
}

std::string check_limits(const Article& a, const Options& options) {
  const std::size_t limit = std::min(options.max_article_bytes, kMaxArticleBytesLimit);
  const std::size_t size = a.title.size() + a.text.size();
  if (size <= limit) return {};
  return "article of " + std::to_string(size) + " bytes is over max_article_bytes (" +
         std::to_string(limit) + ")";
}

std::size_t read_file(const std::string& path, const Options& options, const Sink& sink,
                      std::vector<Problem>& problems) {
  std::string bytes, error;
  if (!extract::read_document(path, bytes, error, options.max_file_bytes)) {
    // The problem's origin names the file already.
    if (error.rfind(path + ": ", 0) == 0) error.erase(0, path.size() + 2);
    problems.push_back({path, error});
    return 0;
  }
  const Format format = detect_format(path, std::string_view(bytes).substr(0, 512));
  std::size_t produced = 0;
  auto emit = [&](Article&& a, std::string origin) {
    a.origin = std::move(origin);
    finish_article(a, options);
    if (a.source.empty()) a.source = file_name(path);
    if (std::string why = check_limits(a, options); !why.empty()) {
      problems.push_back({a.origin, why});
      return;
    }
    sink(std::move(a));
    ++produced;
  };

  switch (format) {
    case Format::kJsonLines: {
      // A .json file may hold one array of article objects instead of lines.
      const std::string_view head = std::string_view(bytes).substr(
          bytes.find_first_not_of(" \t\r\n") == std::string::npos
              ? bytes.size()
              : bytes.find_first_not_of(" \t\r\n"));
      if (!head.empty() && head[0] == '[') {
        nlohmann::json arr = nlohmann::json::parse(bytes, nullptr, false);
        if (arr.is_discarded() || !arr.is_array()) {
          problems.push_back({path, "not a valid JSON array of articles"});
          return 0;
        }
        for (size_t i = 0; i < arr.size(); ++i) {
          Article a;
          if (!parse_json_article(arr[i].dump(), a, error))
            problems.push_back({path + "[" + std::to_string(i) + "]", error});
          else
            emit(std::move(a), path + "[" + std::to_string(i) + "]");
        }
        break;
      }
      size_t line_no = 0, pos = 0;
      while (pos < bytes.size()) {
        size_t nl = bytes.find('\n', pos);
        if (nl == std::string::npos) nl = bytes.size();
        ++line_no;
        const std::string_view line = std::string_view(bytes).substr(pos, nl - pos);
        pos = nl + 1;
        if (trim(line).empty()) continue;
        const std::string origin = path + ":" + std::to_string(line_no);
        Article a;
        if (!parse_json_article(line, a, error))
          problems.push_back({origin, error});
        else
          emit(std::move(a), origin);
      }
      break;
    }
    case Format::kHtml: {
      extract::Extracted x = extract::extract_html(bytes, {}, options.html);
      if (!x.error.empty())
        problems.push_back({path, x.error});
      else if (trim(x.text).empty())
        problems.push_back({path, "no article text found in the HTML"});
      else
        emit(from_extracted(std::move(x)), path);
      break;
    }
    case Format::kText: {
      if (bytes.find('\0') != std::string::npos) {
        problems.push_back({path, "binary data, not a text file"});
        break;
      }
      extract::Extracted x = extract::extract_text(text::to_valid_utf8(bytes));
      if (trim(x.text).empty())
        problems.push_back({path, "empty text"});
      else
        emit(from_extracted(std::move(x)), path);
      break;
    }
    case Format::kUnknown:
      problems.push_back({path, "unknown format (expected .txt, .jsonl, .json or .html)"});
      break;
  }
  return produced;
}

}  // namespace storyline::ingest
