// Hooks for the constant-time check (tests/crypto/ctime_test.cc, run under valgrind).
//
// The check marks secret bytes "undefined" to memcheck (Classify); memcheck then reports
// any branch or memory index that depends on them. Values that a protocol reveals anyway
// (a proof's public outputs, the blinded vectors of the inner-product argument, which the
// unoptimised protocol sends in the clear) are declassified before they reach
// variable-time code. Outside valgrind these are a few no-op instructions.
#pragma once

#include <cstddef>

namespace phantompool::crypto {

void Classify(const void* data, size_t len);
void Declassify(const void* data, size_t len);

template <typename T>
void ClassifyValue(const T& v) {
  Classify(&v, sizeof v);
}
template <typename T>
void DeclassifyValue(const T& v) {
  Declassify(&v, sizeof v);
}

// True when running under valgrind (the check skips itself otherwise).
bool RunningUnderValgrind();

}  // namespace phantompool::crypto
