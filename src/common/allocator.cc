#include "phantompool/common/allocator.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace phantompool {

void RetainBatchMemory(Arenas arenas, size_t warm_bytes) {
  if (arenas == Arenas::kOne) mallopt(M_ARENA_MAX, 1);
  // Fixed values switch off glibc's adaptive threshold, which would otherwise lower the
  // limit again.
  constexpr size_t kMiB = size_t{1} << 20;
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(64 * kMiB));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(std::max(256 * kMiB, warm_bytes + 64 * kMiB)));
  mallopt(M_TOP_PAD, static_cast<int>(16 * kMiB));
  if (warm_bytes == 0) return;
  constexpr size_t kBlock = kMiB;  // well below the mmap threshold: from the heap
  constexpr size_t kPage = 4096;
  std::vector<void*> blocks;
  blocks.reserve(warm_bytes / kBlock + 1);
  for (size_t n = 0; n < warm_bytes; n += kBlock) {
    void* p = std::malloc(kBlock);
    if (p == nullptr) break;  // less warmth, nothing worse
    // Volatile writes: a compiler may drop a malloc, memset and free that nothing reads.
    auto* bytes = static_cast<volatile unsigned char*>(p);
    for (size_t i = 0; i < kBlock; i += kPage) bytes[i] = 0;
    blocks.push_back(p);
  }
  for (void* p : blocks) std::free(p);
}

}  // namespace phantompool
