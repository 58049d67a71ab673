// storyline extract FILE...: one JSON object per input file on stdout.
#include <cstdio>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "extract/extract.h"
#include "ingest/ingest.h"
#include "text/text.h"

namespace storyline::cli {

void add_extract(CLI::App& app, Globals& g) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand(
      "extract",
      "Extract the article (title, text, published, author, language, url) from HTML pages "
      "(.html, .html.gz) or text scrapes; prints one JSON object per file");
  cmd->add_option("files", *files, "Input files")->required();
  cmd->callback([files, &g] {
    using nlohmann::json;
    std::size_t failed = 0;
    for (const auto& f : *files) {
      json out = {{"file", f}};
      std::string bytes, error;
      if (!extract::read_document(f, bytes, error)) {
        out["error"] = error;
        ++failed;
      } else {
        const auto format = ingest::detect_format(f, std::string_view(bytes).substr(0, 512));
        extract::Extracted x;
        if (format == ingest::Format::kHtml) {
          x = extract::extract_html(bytes);
        } else if (format == ingest::Format::kText) {
          x = extract::extract_text(text::to_valid_utf8(bytes));
        } else {
          out["error"] = "not an HTML page or a text file";
          ++failed;
        }
        if (!out.contains("error")) {
          out["title"] = x.title;
          out["text"] = x.text;
          out["published"] = x.published ? json(format_iso8601(x.published)) : json(nullptr);
          out["author"] = x.author.empty() ? json(nullptr) : json(x.author);
          out["language"] = x.language.empty() ? json(nullptr) : json(x.language);
          out["url"] = x.url.empty() ? json(nullptr) : json(x.url);
          if (x.text.empty()) out["error"] = "no article text found";
        }
      }
      std::puts(out.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    }
    if (failed) {
      spdlog::warn("{} of {} files could not be extracted", failed, files->size());
      g.exit_code = failed == files->size() ? kNothing : kPartial;
    }
  });
}

}  // namespace storyline::cli
