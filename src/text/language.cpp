// language.cpp: detect_language(), a thin wrapper over CLD2 (Compact Language Detector 2,
// Debian's libcld2): it scores quadgrams and words of the text against per-language
// tables and says whether the answer is reliable.
#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>

#include <string>

#include "text/text.h"

namespace storyline::text {

std::string detect_language(std::string_view text) {
  constexpr std::size_t kMaxBytes = 64 * 1024;
  // Don't cut a UTF-8 sequence in two: CLD2 rejects the whole buffer then.
  const std::string_view head = utf8_prefix(text, kMaxBytes);
  bool reliable = false;
  int valid_prefix = 0;
  const CLD2::Language lang = CLD2::DetectLanguageCheckUTF8(
      head.data(), static_cast<int>(head.size()), /*is_plain_text=*/true, &reliable, &valid_prefix);
  if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return {};
  const char* code = CLD2::LanguageCode(lang);
  return code != nullptr ? std::string(code) : std::string();
}

}  // namespace storyline::text
