// Exponential ElGamal on ristretto255 under a joint public key PK = sk·G:
//   R = r·G,  M = v·G + r·PK.
//
// Decryption M − sk·R = v·G gives the value "in the exponent"; recovering v needs a
// discrete log, so values are split into 16-bit limbs and each limb is looked up in a
// table of v·G (limb_table.h). Decryption is linear in sk, so it is threshold-ready: each
// executor j publishes D_j = sk_j·R with a DLEQ proof, the coordinator combines any three
// shares with Lagrange coefficients into sk·R and calls CombineDecryption.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/secret_scalar.h"

namespace phantompool::crypto {

inline constexpr size_t kLimbBits = 16;
inline constexpr size_t kLimbsPerU64 = 4;
inline constexpr size_t kCiphertextBytes = 2 * kPointBytes;

// v = Σ limbs[i]·2^(16·i): little-endian 16-bit limbs.
std::array<uint16_t, kLimbsPerU64> SplitLimbs(uint64_t v);
uint64_t JoinLimbs(std::span<const uint16_t, kLimbsPerU64> limbs);

struct ElGamalCiphertext {
  Point R;
  Point M;

  // R || M, 64 bytes.
  std::array<uint8_t, kCiphertextBytes> Encode() const;
  // Exactly 64 bytes, both points canonical; R must not be the identity (r = 0 would
  // publish v·G in the clear, so no honest encryption has it). Errors name
  // "<field>.R" / "<field>.M".
  static Result<ElGamalCiphertext> Decode(std::span<const uint8_t> bytes, std::string_view field);

  // Homomorphic: Enc(a; r) + Enc(b; s) = Enc(a + b; r + s).
  ElGamalCiphertext operator+(const ElGamalCiphertext& o) const;
  ElGamalCiphertext operator-(const ElGamalCiphertext& o) const;
  // k·Enc(a; r) = Enc(k·a; k·r). Constant time in k.
  ElGamalCiphertext operator*(const Scalar& k) const;

  // Constant time: both halves are always compared (provers compare secret-derived
  // ciphertexts).
  friend bool operator==(const ElGamalCiphertext& a, const ElGamalCiphertext& b) {
    const unsigned r_equal = a.R == b.R;
    const unsigned m_equal = a.M == b.M;
    return (r_equal & m_equal) != 0;
  }
};

// (r·G, v·G + r·PK). Constant time in value and r. The caller draws r uniformly
// (Scalar::Random) and keeps it as the witness for the equality proof.
ElGamalCiphertext ElGamalEncrypt(const Point& pk, const Scalar& value, const Scalar& r);

// M − sk·R = v·G. Constant time in sk.
Point ElGamalDecryptToPoint(const ElGamalCiphertext& ct, const SecretScalar& sk);

// M − (sk·R), given sk·R (combined from threshold decryption shares).
Point CombineDecryption(const ElGamalCiphertext& ct, const Point& sk_R);

// Σ 2^(16·i)·ct_i: the encryption of the full value from the encryptions of its limbs
// (randomness Σ 2^(16·i)·r_i). Public inputs, variable time. At most 4 limbs.
ElGamalCiphertext CombineLimbCiphertextsVartime(std::span<const ElGamalCiphertext> limbs);

}  // namespace phantompool::crypto
