// Constant-time multi-scalar multiplication for secret scalars (the prover's blinding
// vectors s_L, s_R in a range proof).
//
// Each scalar k is made odd without a branch (k or k + ℓ, picked by mask: both name the
// same group element) and recoded into 51 signed ODD radix-32 digits in {±1, ±3, ..., ±31}
// (Joye–Tunstall): no digit is zero, so a term costs exactly 51 lookups and additions
// whatever its value, and the table is the 16 odd multiples P, 3P, ..., 31P — the first
// entries of a WnafTable, so the fixed generators need no table building at all. Entries are
// in affine Niels form and added with the 7-multiplication mixed addition (edwards.h). A
// lookup reads all sixteen entries with masked word copies and negates through a mask, so
// neither a branch nor a memory address depends on a digit. The 250 doublings are shared.
// (Radix 32: 51 additions per term instead of radix 16's 64; additions dominate, and the
// cheaper 8-entry lookups of radix 16 do not make up for 13 more of them.)
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "edwards.h"
#include "edwards_ifma.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/msm.h"

namespace phantompool::crypto {
namespace {

constexpr int kRadixBits = 5;
constexpr int kDigits = edwards::kLadderDigits;    // 51·5 = 255 ≥ 254 bits
constexpr int kTableSize = edwards::kLadderTable;  // odd multiples 1P..31P

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

// All-ones if a == b, else zero (a, b < 2^31), by arithmetic only.
uint64_t EqualMask(uint32_t a, uint32_t b) {
  const uint64_t diff = static_cast<uint64_t>(a ^ b);
  return uint64_t{0} - ((diff - 1) >> 63);
}

constexpr size_t kNielsWords = sizeof(edwards::Niels) / sizeof(uint64_t);
static_assert(sizeof(edwards::Niels) == 15 * sizeof(uint64_t));

// digit·P for an odd digit in [-31, 31], from table = P, 3P, ..., 31P in Niels form: every
// entry is read and masked (exactly one mask is set, so OR-ing the masked entries selects
// it); then both the entry and its negation are formed and one is kept through a mask.
edwards::Niels ConstTimeLookup(const edwards::Niels* table, int8_t digit) {
  const uint32_t negative = static_cast<uint8_t>(digit) >> 7;
  const uint32_t magnitude =
      static_cast<uint8_t>((digit ^ -static_cast<int8_t>(negative)) + negative);
  const uint32_t index = magnitude >> 1;  // (|d| - 1) / 2 for odd |d|
  std::array<uint64_t, kNielsWords> acc{};
  for (uint32_t j = 0; j < kTableSize; ++j) {
    const uint64_t mask = EqualMask(index, j);
    const auto* words = reinterpret_cast<const uint64_t*>(&table[j]);
    for (size_t w = 0; w < kNielsWords; ++w) acc[w] |= words[w] & mask;
  }
  edwards::Niels r;
  std::memcpy(&r, acc.data(), sizeof r);
  const edwards::Niels neg = edwards::Negate(r);
  const uint64_t neg_mask = EqualMask(negative, 1);
  auto* out = reinterpret_cast<uint64_t*>(&r);
  const auto* in = reinterpret_cast<const uint64_t*>(&neg);
  for (size_t w = 0; w < kNielsWords; ++w) out[w] ^= neg_mask & (out[w] ^ in[w]);
  return r;
}

// tables[i] points at the odd multiples P_i, 3P_i, ..., 31P_i in Niels form.
Point RunConstTime(std::span<const Scalar> scalars, std::span<const edwards::Niels* const> tables) {
  const size_t n = scalars.size();
  std::vector<OddDigits> digits(n);
  for (size_t i = 0; i < n; ++i) digits[i] = RecodeOdd(scalars[i]);
  edwards::Extended acc = edwards::Identity();
  for (int k = kDigits; k-- > 0;) {
    if (k != kDigits - 1) acc = edwards::DoubleTimes(acc, kRadixBits);
    for (size_t i = 0; i < n; ++i)
      acc = edwards::Add(acc, ConstTimeLookup(tables[i], digits[i][k]));
  }
  for (OddDigits& d : digits) d.fill(0);
  return edwards::ToPoint(acc);
}

}  // namespace

Point MultiScalarMulConstTime(std::span<const Scalar> scalars, std::span<const Point> points) {
  PP_CHECK(scalars.size() == points.size());
  const size_t n = scalars.size();
  // The points are public: building their tables may take any time.
  std::vector<edwards::Niels> niels(n * kTableSize);
  edwards::OddMultiplesToNiels(points, kTableSize, niels);
  std::vector<const edwards::Niels*> table_ptrs(n);
  for (size_t i = 0; i < n; ++i) table_ptrs[i] = &niels[i * kTableSize];
  return RunConstTime(scalars, table_ptrs);
}

std::vector<Point> MulEachConstTime(const Scalar& k, std::span<const Point> points) {
  constexpr size_t kChunk = 64;  // points whose tables share one inversion
  OddDigits digits = RecodeOdd(k);
  const bool ifma = edwards::UseIfma();
  std::vector<Point> out(points.size());
  std::vector<edwards::Niels> niels(kChunk * kTableSize);
  for (size_t begin = 0; begin < points.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, points.size() - begin);
    edwards::OddMultiplesToNiels(points.subspan(begin, n), kTableSize, niels);
    size_t i = 0;
    if (ifma) {
      // Eight lanes at a time; a short last group repeats its first table in the spare
      // lanes and drops their results.
      for (; i < n; i += 8) {
        const edwards::Niels* tables[8];
        for (size_t l = 0; l < 8; ++l) tables[l] = &niels[std::min(i + l, n - 1) * kTableSize];
        edwards::Extended lanes[8];
        edwards::OddDigitLadder8(digits, tables, lanes);
        for (size_t l = 0; l < 8 && i + l < n; ++l) out[begin + i + l] = edwards::ToPoint(lanes[l]);
      }
    }
    for (; i < n; ++i) {
      const edwards::Niels* table = &niels[i * kTableSize];
      edwards::Extended acc = edwards::FromNiels(ConstTimeLookup(table, digits[kDigits - 1]));
      for (int d = kDigits - 1; d-- > 0;) {
        acc = edwards::DoubleTimes(acc, kRadixBits);
        acc = edwards::Add(acc, ConstTimeLookup(table, digits[d]));
      }
      out[begin + i] = edwards::ToPoint(acc);
    }
  }
  digits.fill(0);
  return out;
}

Point MultiScalarMulFixedConstTime(std::span<const FixedBaseSpan> fixed) {
  static_assert(WnafTable::kSize >= kTableSize);
  std::vector<Scalar> scalars;
  std::vector<const edwards::Niels*> table_ptrs;
  for (const FixedBaseSpan& span : fixed) {
    PP_CHECK(span.scalars.size() == span.tables.size());
    scalars.insert(scalars.end(), span.scalars.begin(), span.scalars.end());
    // The first 16 entries of a wNAF table are exactly P, 3P, ..., 31P.
    for (const WnafTable& t : span.tables) table_ptrs.push_back(t.niels());
  }
  Point r = RunConstTime(scalars, table_ptrs);
  for (Scalar& s : scalars) decaf_255_scalar_destroy(s.raw());
  return r;
}

}  // namespace phantompool::crypto
