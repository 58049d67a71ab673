// gumbo_arena.cpp: GumboArena, a bump allocator for one gumbo parse. gumbo allocates
// every node, attribute, vector and string separately (and grows string buffers by
// allocate-copy-free); with malloc that bookkeeping is a tenth of the extractor's
// time. Here an allocation is a pointer bump, freeing the newest allocation rolls the
// pointer back (which is how a growing buffer is freed), other frees are dropped, and
// everything goes at once when the arena does.
#include <gumbo.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "extract/internal.h"

namespace storyline::extract::detail {
namespace {

constexpr std::size_t kAlign = alignof(std::max_align_t);
constexpr std::size_t kHeader = kAlign;  // each allocation is preceded by its size

std::size_t round_up(std::size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

}  // namespace

GumboArena::GumboArena(std::size_t first_block) : next_block_(std::max<std::size_t>(first_block, 64 * 1024)) {}

GumboArena::~GumboArena() {
  for (char* b : blocks_) std::free(b);
}

void GumboArena::install(GumboOptions& options) {
  options.allocator = &GumboArena::allocate;
  options.deallocator = &GumboArena::deallocate;
  options.userdata = this;
}

void* GumboArena::allocate(void* self, std::size_t size) {
  auto* a = static_cast<GumboArena*>(self);
  const std::size_t need = kHeader + round_up(size);
  if (static_cast<std::size_t>(a->end_ - a->cur_) < need) {
    const std::size_t block = std::max(a->next_block_, need);
    char* b = static_cast<char*>(std::malloc(block));
    if (b == nullptr) throw std::bad_alloc();
    a->blocks_.push_back(b);
    a->cur_ = b;
    a->end_ = b + block;
    a->next_block_ = std::min<std::size_t>(a->next_block_ * 2, 8u << 20);
  }
  char* p = a->cur_;
  std::memcpy(p, &size, sizeof size);
  a->cur_ += need;
  return p + kHeader;
}

void GumboArena::deallocate(void* self, void* ptr) {
  if (ptr == nullptr) return;
  auto* a = static_cast<GumboArena*>(self);
  char* p = static_cast<char*>(ptr) - kHeader;
  std::size_t size;
  std::memcpy(&size, p, sizeof size);
  if (p + kHeader + round_up(size) == a->cur_) a->cur_ = p;  // the newest allocation: reuse its space
}

}  // namespace storyline::extract::detail
