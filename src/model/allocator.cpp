// tune_allocator: glibc malloc's thresholds for a long-running process (see model.h).
#include "model/model.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace storyline {

void tune_allocator() {
#if defined(__GLIBC__)
  // Setting either threshold turns off glibc's dynamic adjustment of both, so both are set.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

}  // namespace storyline
