#include "phantompool/common/check.h"

#include <cstdio>
#include <cstdlib>

namespace phantompool::internal {

void CheckFailed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, expr);
  std::fflush(stderr);
  std::abort();
}

}  // namespace phantompool::internal
