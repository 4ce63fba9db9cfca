#include "phantompool/common/allocator.h"

#include <malloc.h>

namespace phantompool {

void RetainBatchMemory(Arenas arenas) {
  if (arenas == Arenas::kOne) mallopt(M_ARENA_MAX, 1);
  // Fixed values switch off glibc's adaptive threshold, which would otherwise lower the
  // limit again.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
}

}  // namespace phantompool
