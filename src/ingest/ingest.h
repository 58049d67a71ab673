// ingest: reads input files into Articles. Formats: plain text (.txt, one article
// a file), JSON Lines (.jsonl, one article object a line: url, source, title,
// text, published[, author, language]), HTML (.html, .htm, optionally .gz).
// Bad input never stops a run: each problem is reported with its file and line,
// and every readable article still comes out.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "model/model.h"
#include "text/text.h"

namespace storyline::ingest {

enum class Format { kText, kJsonLines, kHtml, kUnknown };

// Format from the file name (and, when the name says nothing, its first bytes).
Format detect_format(const std::string& path, std::string_view head = {});

// The largest article the model can hold: sentence and token offsets are 32-bit
// (text::kMaxTextBytes).
inline constexpr std::size_t kMaxArticleBytesLimit = text::kMaxTextBytes;

struct Options {
  UnixTime default_published = 0;  // for articles with no date; 0 = they stay undated
  UnixTime now = 0;                // ingest time (Article::fetched); 0 = clock
  std::size_t max_file_bytes = 256u << 20;
  // An article whose title + text is longer is refused ("max_article_bytes"): a news
  // article is tens of KB; past this it is a dump, not an article. At most
  // kMaxArticleBytesLimit, whatever the setting says.
  std::size_t max_article_bytes = 4u << 20;
  extract::HtmlLimits html;  // page size, nesting depth, attributes per element
};

struct Problem {
  std::string origin;   // "path" or "path:line"
  std::string message;
};

using Sink = std::function<void(Article&&)>;

// Reads one file and calls `sink` once per article, in file order. Returns the
// number of articles produced; problems are appended to `problems`.
std::size_t read_file(const std::string& path, const Options& options, const Sink& sink,
                      std::vector<Problem>& problems);

// Parses one JSON Lines record. Returns false (with `error`) when it is not an article.
bool parse_json_article(std::string_view line, Article& out, std::string& error);

// Fills the fields every article needs: valid UTF-8, trimmed text, published/fetched
// defaults, source from the URL host when missing.
void finish_article(Article& a, const Options& options);

// Why `a` cannot be stored under `options`' limits ("article of N bytes is over
// max_article_bytes (M)"); empty when it can. read_file refuses such articles as problems;
// every other way in (POST, feeds) calls it too.
std::string check_limits(const Article& a, const Options& options);

}  // namespace storyline::ingest
