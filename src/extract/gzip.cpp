// gzip.cpp: reading documents from disk, with bounded gzip decompression.
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>

#include "extract/extract.h"

namespace storyline::extract {

bool gunzip(std::string_view in, std::string& out, std::string& error, std::size_t max_bytes) {
  out.clear();
  z_stream zs{};
  // 15 + 32: accept both gzip and zlib headers (automatic detection).
  if (inflateInit2(&zs, 15 + 32) != Z_OK) {
    error = "gunzip: inflateInit2 failed";
    return false;
  }
  // zlib's avail_in is 32-bit; feed the input in chunks so huge inputs work too.
  std::size_t in_pos = 0;
  char buf[64 * 1024];
  int rc = Z_OK;
  while (true) {
    if (zs.avail_in == 0 && in_pos < in.size()) {
      const std::size_t chunk = std::min<std::size_t>(in.size() - in_pos, 1u << 30);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + in_pos));
      zs.avail_in = static_cast<uInt>(chunk);
      in_pos += chunk;
    }
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    const std::size_t produced = sizeof buf - zs.avail_out;
    if (out.size() + produced > max_bytes) {
      inflateEnd(&zs);
      out.clear();
      error = "gunzip: output exceeds " + std::to_string(max_bytes) + " bytes";
      return false;
    }
    out.append(buf, produced);
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members (allowed by RFC 1952): continue with the next one.
      if (zs.avail_in == 0 && in_pos >= in.size()) break;
      if (inflateReset(&zs) != Z_OK) break;
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && in_pos >= in.size()) {
      inflateEnd(&zs);
      error = "gunzip: truncated input";
      return false;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      inflateEnd(&zs);
      error = std::string("gunzip: ") + (zs.msg ? zs.msg : "corrupt data");
      return false;
    }
  }
  inflateEnd(&zs);
  return true;
}

bool read_document(const std::string& path, std::string& bytes, std::string& error,
                   std::size_t max_bytes) {
  bytes.clear();
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    error = "cannot open " + path;
    return false;
  }
  f.seekg(0, std::ios::end);
  const auto size = f.tellg();
  if (size < 0) {
    error = "cannot size " + path;
    return false;
  }
  const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  // A compressed file can't be smaller than ~1/1032 of its output, but we only bound
  // the raw read for plain files; compressed input is bounded by the output limit.
  if (!gz && static_cast<std::size_t>(size) > max_bytes) {
    error = path + ": larger than " + std::to_string(max_bytes) + " bytes";
    return false;
  }
  std::string raw(static_cast<std::size_t>(size), '\0');
  f.seekg(0);
  if (size > 0 && !f.read(raw.data(), size)) {
    error = "cannot read " + path;
    return false;
  }
  if (!gz) {
    bytes = std::move(raw);
    return true;
  }
  if (!gunzip(raw, bytes, error, max_bytes)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

}  // namespace storyline::extract
