// The fixed public generators. G is the ristretto255 base point; H is derived by
// hash-to-group from a fixed label, so nobody knows log_G(H). tests/crypto pin their
// encodings: changing a label breaks every stored proof.
#pragma once

#include <string_view>

#include "phantompool/crypto/point.h"

namespace phantompool::crypto {

inline constexpr std::string_view kPedersenHLabel = "phantompool/generators/v1/pedersen-H";

// G and H for Pedersen commitments v·G + t·H and for ElGamal.
struct PedersenGens {
  Point G;
  Point H;
  static const PedersenGens& Default();
};

}  // namespace phantompool::crypto
