// RetainBatchMemory's warm heap: pages faulted in at start serve later allocations without
// faulting again. Its own binary: mallopt settings last for the whole process.
#include "phantompool/common/allocator.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <cstdlib>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define PP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PP_ASAN 1
#endif
#endif

namespace phantompool {
namespace {

long MinorFaults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

// Allocates `bytes` in 1 MiB blocks, writes every page, frees them; returns the minor page
// faults that took.
long FaultsToTouch(size_t bytes) {
  const long before = MinorFaults();
  std::vector<void*> blocks;
  for (size_t n = 0; n < bytes; n += 1 << 20) {
    auto* p = static_cast<volatile unsigned char*>(std::malloc(1 << 20));
    for (size_t i = 0; i < (1 << 20); i += 4096) p[i] = 1;
    blocks.push_back(const_cast<unsigned char*>(p));
  }
  const long faults = MinorFaults() - before;
  for (void* p : blocks) std::free(p);
  return faults;
}

TEST(AllocatorTest, AWarmHeapServesABatchWithoutFaultingAgain) {
#ifdef PP_ASAN
  GTEST_SKIP() << "AddressSanitizer's allocator ignores mallopt";
#endif
  constexpr size_t kMiB = 1 << 20;
  // The counter works here: fresh anonymous memory (no huge pages) faults page by page.
  void* fresh = mmap(nullptr, 8 * kMiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(fresh, MAP_FAILED);
  madvise(fresh, 8 * kMiB, MADV_NOHUGEPAGE);
  const long before = MinorFaults();
  for (size_t i = 0; i < 8 * kMiB; i += 4096) static_cast<volatile unsigned char*>(fresh)[i] = 1;
  EXPECT_GT(MinorFaults() - before, 1'000) << "minor faults touching 8 MiB of fresh memory";
  munmap(fresh, 8 * kMiB);

  RetainBatchMemory(Arenas::kOne, 48 * kMiB);
  // 32 MiB is 8,192 pages; warm, next to none of them fault (a few for bookkeeping). Without
  // the warm-up they all would (unless the kernel backs the heap with huge pages: then this
  // passes either way).
  const long warm = FaultsToTouch(32 * kMiB);
  EXPECT_LT(warm, 400) << "minor faults touching 32 MiB of a warm heap";
}

}  // namespace
}  // namespace phantompool
