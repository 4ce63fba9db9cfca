// Checked integer arithmetic for money. Sizes are base units and prices are ticks, both
// uint64_t; nothing here ever wraps silently and nothing here uses floating point.
#pragma once

#include <cstdint>
#include <optional>

namespace phantompool {

inline std::optional<uint64_t> CheckedAdd(uint64_t a, uint64_t b) {
  uint64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

inline std::optional<uint64_t> CheckedSub(uint64_t a, uint64_t b) {
  if (b > a) return std::nullopt;
  return a - b;
}

inline std::optional<uint64_t> CheckedMul(uint64_t a, uint64_t b) {
  uint64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

enum class Rounding { kDown, kUp };

// a * b / d computed exactly in 128 bits, rounded as asked; nullopt if d == 0 or the
// result does not fit in 64 bits.
inline std::optional<uint64_t> MulDiv(uint64_t a, uint64_t b, uint64_t d, Rounding rounding) {
  if (d == 0) return std::nullopt;
  const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  unsigned __int128 q = product / d;
  if (rounding == Rounding::kUp && product % d != 0) ++q;
  if (q > UINT64_MAX) return std::nullopt;
  return static_cast<uint64_t>(q);
}

}  // namespace phantompool
