// Clustering evaluation: BCubed and pair-counting scores; Multi-News pooled clusters,
// Timeline17 topics, Miranda et al. 2018's streaming-news set.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "eval/eval.h"

namespace storyline::eval {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// The contingency table of a clustering against the gold: items per (predicted, gold)
// cell, per predicted cluster and per gold class. Both scores below read it.
struct Contingency {
  std::map<std::pair<std::int64_t, std::int64_t>, double> both;  // (predicted, gold) -> items
  std::unordered_map<std::int64_t, double> pred_size, gold_size;
};

Contingency contingency(const char* score, const std::vector<std::int64_t>& gold,
                        const std::vector<std::int64_t>& predicted) {
  if (gold.size() != predicted.size())
    throw std::invalid_argument(std::string(score) + ": gold and predicted differ in size");
  Contingency c;
  for (std::size_t i = 0; i < gold.size(); ++i) {
    ++c.both[{predicted[i], gold[i]}];
    ++c.pred_size[predicted[i]];
    ++c.gold_size[gold[i]];
  }
  return c;
}

double harmonic_mean(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

std::size_t count_labels(std::vector<std::int64_t> labels) {
  std::sort(labels.begin(), labels.end());
  return static_cast<std::size_t>(std::unique(labels.begin(), labels.end()) - labels.begin());
}

}  // namespace

// Item-averaged BCubed (Bagga & Baldwin 1998; Amigó et al. 2009): for item i with
// predicted cluster C(i) and gold class G(i),
//   P(i) = |C(i) ∩ G(i)| / |C(i)|,   R(i) = |C(i) ∩ G(i)| / |G(i)|,
// precision and recall are the means over items, F1 their harmonic mean.
Scores bcubed(const std::vector<std::int64_t>& gold, const std::vector<std::int64_t>& predicted) {
  Contingency c = contingency("bcubed", gold, predicted);
  Scores s;
  s.n = gold.size();
  if (gold.empty()) return s;
  // Every item of a (predicted, gold) cell has the same P(i) and R(i).
  double p = 0, r = 0;
  for (const auto& [key, n] : c.both) {
    p += n * n / c.pred_size[key.first];
    r += n * n / c.gold_size[key.second];
  }
  s.precision = p / static_cast<double>(s.n);
  s.recall = r / static_cast<double>(s.n);
  s.f1 = harmonic_mean(s.precision, s.recall);
  return s;
}

Scores pairwise(const std::vector<std::int64_t>& gold, const std::vector<std::int64_t>& predicted) {
  const Contingency c = contingency("pairwise", gold, predicted);
  Scores s;
  s.n = gold.size();
  auto pairs = [](double n) { return n * (n - 1) / 2; };
  double together = 0, pred_pairs = 0, gold_pairs = 0;
  for (const auto& [key, n] : c.both) together += pairs(n);
  for (const auto& [key, n] : c.pred_size) pred_pairs += pairs(n);
  for (const auto& [key, n] : c.gold_size) gold_pairs += pairs(n);
  s.precision = pred_pairs > 0 ? together / pred_pairs : 0;
  s.recall = gold_pairs > 0 ? together / gold_pairs : 0;
  s.f1 = harmonic_mean(s.precision, s.recall);
  return s;
}

// Streams the articles in the stream's order into one Clusterer and scores the final
// stories (after merges) against the gold labels.
ClusteringReport evaluate_clustering(const LabelledStream& stream, const cluster::Config& config) {
  const auto& articles = stream.articles;
  if (stream.gold.size() != articles.size() || stream.order.size() != articles.size())
    throw std::invalid_argument("evaluate_clustering: articles, order and gold differ in size");
  ClusteringReport rep;
  rep.dataset = stream.dataset;
  rep.articles = articles.size();
  rep.gold_clusters = count_labels(stream.gold);

  const auto t0 = std::chrono::steady_clock::now();
  std::unordered_map<ArticleId, std::size_t> index;
  for (std::size_t i = 0; i < articles.size(); ++i)
    if (!index.emplace(articles[i].id, i).second)
      throw std::invalid_argument("evaluate_clustering: article id " + std::to_string(articles[i].id) + " repeats");
  cluster::Clusterer c(config);
  cluster::MergeMap merged;
  std::vector<std::int64_t> predicted(articles.size(), 0);
  for (const std::size_t i : stream.order) {
    predicted[i] = c.add(articles[i]).story;
    merged.add(c.take_merges());
  }
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Stories may have merged after an article was placed: final story ids.
  for (auto& p : predicted) p = merged.final_id(p);
  rep.stories = c.story_count();
  rep.bcubed = bcubed(stream.gold, predicted);
  rep.pairwise = pairwise(stream.gold, predicted);
  return rep;
}

// Multi-News: every cluster's source documents are pooled, shuffled and streamed into
// one Clusterer; each document's gold label is its cluster. The documents have no
// dates, so published = 0 (no time decay). title = first line of the document when it is
// short (<= 200 bytes), source = unique per document.
LabelledStream multinews_stream(const std::string& csv_path, std::uint64_t seed) {
  const auto clusters = read_multinews(csv_path);
  LabelledStream out;
  out.dataset = "multinews";
  auto& articles = out.articles;
  auto& gold = out.gold;
  for (std::size_t k = 0; k < clusters.size(); ++k) {
    for (const auto& doc : clusters[k].documents) {
      Article a;
      a.id = static_cast<ArticleId>(articles.size() + 1);
      a.text = doc;
      const std::size_t nl = doc.find('\n');
      std::string first = doc.substr(0, nl);
      while (!first.empty() && (first.back() == ' ' || first.back() == '\r')) first.pop_back();
      if (first.size() <= 200 && nl != std::string::npos) a.title = first;
      a.source = "multinews-" + std::to_string(a.id);
      a.language = "en";
      a.origin = csv_path;
      articles.push_back(std::move(a));
      gold.push_back(static_cast<std::int64_t>(k));
    }
  }
  out.order.resize(articles.size());
  std::iota(out.order.begin(), out.order.end(), std::size_t{0});
  std::mt19937_64 rng(seed);
  std::shuffle(out.order.begin(), out.order.end(), rng);
  return out;
}

ClusteringReport evaluate_multinews_clustering(const std::string& csv_path,
                                               const cluster::Config& config, std::uint64_t seed) {
  return evaluate_clustering(multinews_stream(csv_path, seed), config);
}

// Timeline17: <dir>/<topic>_<outlet>/InputDocs/<YYYY-MM-DD>/<n>.htm.txt. The gold label is
// the topic (the directory name before '_': "bpoil_bbc" and "bpoil_reuters" are both
// "bpoil"), since the same topic from two outlets is legitimately one story. Articles are
// streamed in date order (published = noon UTC of the date directory; ties by path).
// Stories may split a topic (low recall is expected: topics span months), but must not
// mix topics: precision is the number that matters.
LabelledStream timeline17_stream(const std::string& dir) {
  struct Doc {
    UnixTime published;
    std::string path;
    std::string topic, outlet;
  };
  std::vector<Doc> docs;
  if (!fs::is_directory(dir)) throw std::runtime_error("timeline17: not a directory: " + dir);
  for (const auto& topic_dir : fs::directory_iterator(dir)) {
    const fs::path input = topic_dir.path() / "InputDocs";
    if (!topic_dir.is_directory() || !fs::is_directory(input)) continue;
    const std::string name = topic_dir.path().filename().string();
    const std::size_t us = name.find('_');
    const std::string topic = name.substr(0, us);
    const std::string outlet = us == std::string::npos ? name : name.substr(us + 1);
    for (const auto& date_dir : fs::directory_iterator(input)) {
      if (!date_dir.is_directory()) continue;
      const std::string d = date_dir.path().filename().string();
      int y = 0;
      unsigned m = 0, day = 0;
      UnixTime t = 0;
      if (std::sscanf(d.c_str(), "%d-%u-%u", &y, &m, &day) == 3 && m >= 1 && m <= 12 && day >= 1 &&
          day <= 31)
        t = days_from_civil(y, m, day) * 86400 + 12 * 3600;
      for (const auto& f : fs::directory_iterator(date_dir.path())) {
        if (!f.is_regular_file() || f.path().extension() != ".txt") continue;
        docs.push_back({t, f.path().string(), topic, outlet});
      }
    }
  }
  if (docs.empty()) throw std::runtime_error("timeline17: no <topic>/InputDocs/<date>/*.txt under " + dir);
  std::sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) {
    return a.published != b.published ? a.published < b.published : a.path < b.path;
  });

  LabelledStream out;
  out.dataset = "timeline17";
  auto& articles = out.articles;
  auto& gold = out.gold;
  std::map<std::string, std::int64_t> topic_ids;
  for (const auto& d : docs) {
    std::ifstream in(d.path, std::ios::binary);
    if (!in) throw std::runtime_error("timeline17: cannot read " + d.path);
    std::ostringstream buf;
    buf << in.rdbuf();
    Article a;
    a.id = static_cast<ArticleId>(articles.size() + 1);
    a.text = buf.str();
    a.published = d.published;
    a.source = d.outlet;
    a.language = "en";
    a.origin = d.path;
    articles.push_back(std::move(a));
    gold.push_back(topic_ids.emplace(d.topic, static_cast<std::int64_t>(topic_ids.size())).first->second);
  }
  out.order.resize(articles.size());
  std::iota(out.order.begin(), out.order.end(), std::size_t{0});
  return out;
}

ClusteringReport evaluate_timeline17(const std::string& dir, const cluster::Config& config) {
  return evaluate_clustering(timeline17_stream(dir), config);
}

// Miranda et al.'s documents: only the fields used are kept while parsing (a full
// dataset file carries three languages and is hundreds of megabytes).
LabelledStream miranda_stream(const std::string& json_path, const std::string& lang) {
  std::ifstream in(json_path, std::ios::binary);
  if (!in) throw std::runtime_error("miranda: cannot read " + json_path);
  static const std::set<std::string> kKept = {"id", "date", "lang", "title", "text", "body", "cluster", "source"};
  const json::parser_callback_t keep = [](int depth, json::parse_event_t event, json& parsed) {
    return !(event == json::parse_event_t::key && depth == 2 && !kKept.count(parsed.get<std::string>()));
  };
  json docs;
  try {
    docs = json::parse(in, keep);
  } catch (const json::exception& e) {
    throw std::runtime_error("miranda: " + json_path + ": not JSON (" + e.what() + ")");
  }
  if (!docs.is_array()) throw std::runtime_error("miranda: " + json_path + ": expected an array of documents");

  struct Doc {
    UnixTime published;
    std::size_t index;  // position in the file
  };
  std::vector<Doc> order_by_date;
  LabelledStream out;
  out.dataset = "miranda-" + lang;
  auto& articles = out.articles;
  auto& gold = out.gold;
  std::map<std::string, std::int64_t> cluster_ids;
  auto text_of = [](const json& d, const char* key) {
    const auto it = d.find(key);
    return it != d.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const json& d = docs[i];
    const std::string where = "miranda: document " + std::to_string(i) + ": ";
    if (!d.is_object()) throw std::runtime_error(where + "not an object");
    if (text_of(d, "lang") != lang) continue;
    int y = 0;
    unsigned mo = 0, day = 0, h = 0, mi = 0, sec = 0;
    const std::string date = text_of(d, "date");
    if (std::sscanf(date.c_str(), "%d-%u-%u %u:%u:%u", &y, &mo, &day, &h, &mi, &sec) != 6 || mo < 1 ||
        mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || sec > 60)
      throw std::runtime_error(where + "no date \"YYYY-MM-DD HH:MM:SS\" (got \"" + date + "\")");
    const auto c = d.find("cluster");
    if (c == d.end() || !(c->is_string() || c->is_number_integer()))
      throw std::runtime_error(where + "no cluster");
    const std::string cluster = c->is_string() ? c->get<std::string>() : std::to_string(c->get<std::int64_t>());
    Article a;
    a.id = static_cast<ArticleId>(articles.size() + 1);
    a.title = text_of(d, "title");
    a.text = d.contains("text") ? text_of(d, "text") : text_of(d, "body");
    a.published = days_from_civil(y, mo, day) * 86400 + h * 3600 + mi * 60 + sec;
    a.source = text_of(d, "source");
    a.language = lang == "eng" ? "en" : lang == "deu" ? "de" : lang == "spa" ? "es" : lang;
    a.origin = json_path;
    order_by_date.push_back({a.published, articles.size()});
    articles.push_back(std::move(a));
    gold.push_back(cluster_ids.emplace(cluster, static_cast<std::int64_t>(cluster_ids.size())).first->second);
  }
  if (articles.empty()) throw std::runtime_error("miranda: no documents in language \"" + lang + "\" in " + json_path);
  std::stable_sort(order_by_date.begin(), order_by_date.end(),
                   [](const Doc& a, const Doc& b) { return a.published < b.published; });
  for (const auto& d : order_by_date) out.order.push_back(d.index);
  return out;
}

ClusteringReport evaluate_miranda_clustering(const std::string& json_path, const std::string& lang,
                                             const cluster::Config& config) {
  return evaluate_clustering(miranda_stream(json_path, lang), config);
}

}  // namespace storyline::eval
