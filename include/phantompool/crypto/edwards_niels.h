// The two value types of the variable-time MSM's own arithmetic (src/crypto/
// edwards.h has the operations and says why it exists): a field element of
// GF(2^255 − 19) in five 51-bit limbs, and a point with z = 1 kept as (y+x, y−x, 2d·x·y),
// the form a mixed addition reads. Public only because WnafTable holds its entries inline.
#pragma once

#include <cstdint>

namespace phantompool::crypto::edwards {

struct Fe {
  uint64_t v[5];
};

struct Niels {
  Fe y_plus_x, y_minus_x, xy2d;
};

}  // namespace phantompool::crypto::edwards
