#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstring>

#include "text/text.h"

namespace storyline::text {

static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  while (max_bytes > 0 && (static_cast<unsigned char>(s[max_bytes]) & 0xC0) == 0x80) --max_bytes;
  return s.substr(0, max_bytes);
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    // Runs of ASCII (most of any page's markup) eight bytes at a time.
    if (p[i] < 0x80) {
      for (uint64_t w; i + 8 <= n && (std::memcpy(&w, p + i, 8), (w & 0x8080808080808080ull) == 0);) i += 8;
      while (i < n && p[i] < 0x80) ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  char buf[U8_MAX_LENGTH];
  int32_t len = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, U8_MAX_LENGTH, static_cast<UChar32>(cp), err);
  out.append(buf, static_cast<size_t>(len));
}

std::string to_valid_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0)
      out.append(kReplacement);
    else
      out.append(s.data() + start, static_cast<size_t>(i - start));
  }
  return out;
}

std::string drop_invisible(std::string_view s) {
  // In valid UTF-8 each of these byte sequences can only start at a character. One pass.
  auto invisible_at = [&](std::size_t i) -> std::size_t {  // its length, or 0
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    switch (b(i)) {
      case 0xC2: return i + 1 < s.size() && b(i + 1) == 0xAD ? 2 : 0;  // U+00AD
      case 0xE2:
        if (i + 2 >= s.size()) return 0;
        return (b(i + 1) == 0x80 && b(i + 2) == 0x8B) || (b(i + 1) == 0x81 && b(i + 2) == 0xA0) ? 3 : 0;
      case 0xEF: return i + 2 < s.size() && b(i + 1) == 0xBB && b(i + 2) == 0xBF ? 3 : 0;  // U+FEFF
      default: return 0;
    }
  };
  std::string out;
  std::size_t from = 0;  // start of the run not copied yet
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (const std::size_t len = invisible_at(i); len > 0) {
      if (out.empty()) out.reserve(s.size());
      out.append(s.substr(from, i - from));
      from = i + len;
      i += len - 1;
    }
  }
  if (from == 0) return std::string(s);
  out.append(s.substr(from));
  return out;
}

void warm_up() {
  normalize_nfc("e\xCC\x81");  // not in NFC: the normalizer's data is read
  split_sentences("One sentence. Another one.");
}

std::string normalize_nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc->isNormalized(u, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  icu::UnicodeString norm = nfc->normalize(u, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string out;
  norm.toUTF8String(out);
  return out;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  bool pending_space = false;
  while (i < n) {
    if (p[i] < 0x80) {  // ASCII: no decoding, no property lookup
      const char a = static_cast<char>(p[i++]);
      if (a == ' ' || (a >= '\t' && a <= '\r')) {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(a);
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && (u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    if (c < 0)
      out.append(kReplacement);
    else
      out.append(s.data() + start, static_cast<size_t>(i - start));
  }
  return out;
}

bool convert_to_utf8(std::string_view bytes, const char* charset, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset, &status);
  if (U_FAILURE(status) || conv == nullptr) return false;
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), conv, status);
  ucnv_close(conv);
  if (U_FAILURE(status)) return false;
  out.clear();
  u.toUTF8String(out);
  return true;
}

}  // namespace storyline::text
