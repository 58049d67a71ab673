#include <libstemmer.h>

#include <stdexcept>
#include <string>

#include "text/text.h"

namespace storyline::text {

struct Stemmer::Impl {
  sb_stemmer* s = nullptr;
};

Stemmer::Stemmer(const char* algorithm) : impl_(std::make_unique<Impl>()) {
  impl_->s = sb_stemmer_new(algorithm, "UTF_8");
  if (impl_->s == nullptr)
    throw std::invalid_argument(std::string("unknown stemming algorithm: ") + algorithm);
}

Stemmer::~Stemmer() { sb_stemmer_delete(impl_->s); }

std::string Stemmer::stem(std::string_view word) {
  const sb_symbol* out = sb_stemmer_stem(
      impl_->s, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  if (out == nullptr) return std::string(word);  // out of memory: leave the word as it is
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<size_t>(sb_stemmer_length(impl_->s)));
}

std::vector<std::string> content_terms(std::string_view s, Stemmer& stemmer) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(s)) {
    if (t.lower.size() < 2 || is_stopword(t.lower)) continue;
    out.push_back(t.numeric ? t.lower : stemmer.stem(t.lower));
  }
  return out;
}

}  // namespace storyline::text
