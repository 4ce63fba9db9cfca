#include "phantompool/crypto/ctime.h"

#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>

namespace phantompool::crypto {

void Classify(const void* data, size_t len) {
  VALGRIND_MAKE_MEM_UNDEFINED(data, len);
}

void Declassify(const void* data, size_t len) {
  VALGRIND_MAKE_MEM_DEFINED(data, len);
}

bool RunningUnderValgrind() {
  return RUNNING_ON_VALGRIND != 0;
}

}  // namespace phantompool::crypto
