// Constant-time multi-scalar multiplication for secret scalars (the prover's blinding
// vectors s_L, s_R in a range proof).
//
// Each scalar k is made odd without a branch (k or k + ℓ, picked by mask: both name the
// same group element) and recoded into 51 signed ODD radix-32 digits in {±1, ±3, ..., ±31}
// (Joye–Tunstall): no digit is zero, so a term costs exactly 51 lookups and additions
// whatever its value, and the table is the 16 odd multiples P, 3P, ..., 31P — the first
// entries of a WnafTable, so the fixed generators need no table building at all. A lookup
// reads all sixteen entries with masked word copies and negates through a mask, so neither
// a branch nor a memory address depends on a digit. The 250 doublings are shared.
// (Radix 32: 51 additions per term instead of radix 16's 64; additions dominate, and the
// cheaper 8-entry lookups of radix 16 do not make up for 13 more of them.)
#include <array>
#include <cstdint>
#include <vector>

#include "phantompool/common/check.h"
#include "phantompool/crypto/msm.h"

namespace phantompool::crypto {
namespace {

constexpr int kRadixBits = 5;
constexpr int kDigits = 51;     // 51·5 = 255 ≥ 254 bits
constexpr int kTableSize = 16;  // odd multiples 1P..31P

using OddDigits = std::array<int8_t, kDigits>;
using Limbs = std::array<uint64_t, 5>;

// ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian 64-bit limbs.
constexpr Limbs kOrder = {0x5812631a5cf5d3edULL, 0x14def9dea2f79cd6ULL, 0, 0x1000000000000000ULL,
                          0};

Limbs ToLimbs(const Scalar& s) {
  const auto bytes = s.ToBytes();
  Limbs l{};
  for (int i = 0; i < 32; ++i) l[i / 8] |= static_cast<uint64_t>(bytes[i]) << (8 * (i % 8));
  return l;
}

// Signed odd digits of k (< 2^253): k' = k if k is odd, else k + ℓ (odd, < 2^254, same
// residue); then repeatedly d = (k' mod 64) - 32, k' = (k' - d) / 32, which keeps k' odd.
// The last digit is what remains (odd, at most 31 since k' < 2^254 < 32^50·16 + ...).
OddDigits RecodeOdd(const Scalar& s) {
  Limbs k = ToLimbs(s);
  // even_mask = all ones iff k is even.
  const uint64_t even_mask = (k[0] & 1) - 1;
  unsigned __int128 carry = 0;
  for (int i = 0; i < 5; ++i) {
    carry += static_cast<unsigned __int128>(k[i]) + (kOrder[i] & even_mask);
    k[i] = static_cast<uint64_t>(carry);
    carry >>= 64;
  }
  OddDigits d;
  for (int i = 0; i < kDigits - 1; ++i) {
    const int64_t digit = static_cast<int64_t>(k[0] & 63) - 32;
    d[i] = static_cast<int8_t>(digit);
    // k -= digit (digit is odd and |digit| < 16, so k stays non-negative), then k >>= 4.
    __int128 acc = static_cast<__int128>(k[0]) - digit;
    for (int j = 0; j < 5; ++j) {
      if (j > 0) acc += static_cast<__int128>(k[j]);
      k[j] = static_cast<uint64_t>(acc);
      acc >>= 64;  // arithmetic: propagates the borrow or carry
    }
    for (int j = 0; j < 4; ++j) k[j] = (k[j] >> kRadixBits) | (k[j + 1] << (64 - kRadixBits));
    k[4] >>= kRadixBits;
  }
  d[kDigits - 1] = static_cast<int8_t>(k[0]);
  return d;
}

// A point's four field elements without libdecaf's alignment padding: 4 × 5 words
// instead of the 32 words of decaf_255_point_s, so a lookup scans 37% fewer words.
constexpr size_t kGfWords = sizeof(gf_25519_s::limb) / sizeof(decaf_word_t);
constexpr size_t kGfStride = sizeof(gf_25519_s) / sizeof(decaf_word_t);
constexpr size_t kPackedWords = 4 * kGfWords;
using Packed = std::array<decaf_word_t, kPackedWords>;
using PackedTable = std::array<Packed, kTableSize>;
static_assert(sizeof(decaf_255_point_s) == 4 * sizeof(gf_25519_s));

Packed Pack(const Point& p) {
  Packed out;
  const auto* words = reinterpret_cast<const decaf_word_t*>(p.raw());
  for (size_t c = 0; c < 4; ++c) {
    for (size_t w = 0; w < kGfWords; ++w) out[c * kGfWords + w] = words[c * kGfStride + w];
  }
  return out;
}

// Writes the field elements into `p`; its padding words are never read by libdecaf.
void UnpackInto(const Packed& packed, Point& p) {
  auto* words = reinterpret_cast<decaf_word_t*>(p.raw());
  for (size_t c = 0; c < 4; ++c) {
    for (size_t w = 0; w < kGfWords; ++w) words[c * kGfStride + w] = packed[c * kGfWords + w];
  }
}

// All-ones if a == b, else zero (a, b < 2^31), by arithmetic only.
decaf_word_t EqualMask(uint32_t a, uint32_t b) {
  const uint64_t diff = static_cast<uint64_t>(a ^ b);
  return static_cast<decaf_word_t>(0) - static_cast<decaf_word_t>((diff - 1) >> 63);
}

// r = digit·P for an odd digit in [-31, 31], from table = P, 3P, ..., 31P: every entry is read
// and masked (exactly one mask is set, so OR-ing the masked entries selects it), then the
// negation is applied through a mask.
void ConstTimeLookup(const PackedTable& table, int8_t digit, Point& r) {
  const uint32_t negative = static_cast<uint8_t>(digit) >> 7;
  const uint32_t magnitude =
      static_cast<uint8_t>((digit ^ -static_cast<int8_t>(negative)) + negative);
  const uint32_t index = magnitude >> 1;  // (|d| - 1) / 2 for odd |d|
  Packed acc{};
  for (uint32_t j = 0; j < kTableSize; ++j) {
    const decaf_word_t mask = EqualMask(index, j);
    for (size_t w = 0; w < kPackedWords; ++w) acc[w] |= table[j][w] & mask;
  }
  UnpackInto(acc, r);
  const Point neg = -r;
  const decaf_word_t neg_mask = EqualMask(negative, 1);
  auto* out = reinterpret_cast<decaf_word_t*>(r.raw());
  const auto* in = reinterpret_cast<const decaf_word_t*>(neg.raw());
  for (size_t w = 0; w < sizeof(decaf_255_point_s) / sizeof(decaf_word_t); ++w) {
    out[w] ^= neg_mask & (out[w] ^ in[w]);
  }
}

// tables[i] points at the odd multiples P_i, 3P_i, ..., 31P_i.
Point RunConstTime(std::span<const Scalar> scalars, std::span<const Point* const> tables) {
  const size_t n = scalars.size();
  std::vector<OddDigits> digits(n);
  std::vector<PackedTable> packed(n);
  for (size_t i = 0; i < n; ++i) {
    digits[i] = RecodeOdd(scalars[i]);
    for (int j = 0; j < kTableSize; ++j) packed[i][j] = Pack(tables[i][j]);
  }
  Point scratch;
  Point acc;
  for (int k = kDigits; k-- > 0;) {
    if (k != kDigits - 1) {
      for (int dbl = 0; dbl < kRadixBits; ++dbl) acc = acc.Double();
    }
    for (size_t i = 0; i < n; ++i) {
      ConstTimeLookup(packed[i], digits[i][k], scratch);
      acc += scratch;
    }
  }
  for (OddDigits& d : digits) d.fill(0);
  return acc;
}

}  // namespace

Point MultiScalarMulConstTime(std::span<const Scalar> scalars, std::span<const Point> points) {
  PP_CHECK(scalars.size() == points.size());
  const size_t n = scalars.size();
  // The points are public: building their tables may take any time.
  std::vector<std::array<Point, kTableSize>> tables(n);
  std::vector<const Point*> table_ptrs(n);
  for (size_t i = 0; i < n; ++i) {
    const Point twice = points[i].Double();
    tables[i][0] = points[i];
    for (int j = 1; j < kTableSize; ++j) tables[i][j] = tables[i][j - 1] + twice;
    table_ptrs[i] = tables[i].data();
  }
  return RunConstTime(scalars, table_ptrs);
}

Point MultiScalarMulFixedConstTime(std::span<const FixedBaseSpan> fixed) {
  static_assert(WnafTable::kConstTimeEntries == kTableSize);
  std::vector<Scalar> scalars;
  std::vector<const Point*> table_ptrs;
  for (const FixedBaseSpan& span : fixed) {
    PP_CHECK(span.scalars.size() == span.tables.size());
    scalars.insert(scalars.end(), span.scalars.begin(), span.scalars.end());
    // The first 16 entries of a wNAF table are exactly P, 3P, ..., 31P.
    for (const WnafTable& t : span.tables) table_ptrs.push_back(t.points());
  }
  Point r = RunConstTime(scalars, table_ptrs);
  for (Scalar& s : scalars) decaf_255_scalar_destroy(s.raw());
  return r;
}

}  // namespace phantompool::crypto
