// PP_CHECK: an invariant that only a programmer error can break. It aborts loudly, in
// every build type. Bad input never reaches a PP_CHECK; it gets a Status.
#pragma once

namespace phantompool::internal {
[[noreturn]] void CheckFailed(const char* expr, const char* file, int line);
}  // namespace phantompool::internal

#define PP_CHECK(cond)                                                            \
  do {                                                                            \
    if (!(cond)) ::phantompool::internal::CheckFailed(#cond, __FILE__, __LINE__); \
  } while (false)
