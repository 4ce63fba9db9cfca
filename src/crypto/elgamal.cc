#include "phantompool/crypto/elgamal.h"

#include <algorithm>
#include <string>
#include <vector>

#include "phantompool/common/check.h"
#include "phantompool/crypto/msm.h"

namespace phantompool::crypto {

std::array<uint16_t, kLimbsPerU64> SplitLimbs(uint64_t v) {
  std::array<uint16_t, kLimbsPerU64> limbs;
  for (size_t i = 0; i < kLimbsPerU64; ++i) {
    limbs[i] = static_cast<uint16_t>(v >> (kLimbBits * i));
  }
  return limbs;
}

uint64_t JoinLimbs(std::span<const uint16_t, kLimbsPerU64> limbs) {
  uint64_t v = 0;
  for (size_t i = 0; i < kLimbsPerU64; ++i) v |= static_cast<uint64_t>(limbs[i]) << (kLimbBits * i);
  return v;
}

std::array<uint8_t, kCiphertextBytes> ElGamalCiphertext::Encode() const {
  std::array<uint8_t, kCiphertextBytes> out;
  const auto r = R.Encode();
  const auto m = M.Encode();
  std::copy(r.begin(), r.end(), out.begin());
  std::copy(m.begin(), m.end(), out.begin() + kPointBytes);
  return out;
}

Result<ElGamalCiphertext> ElGamalCiphertext::Decode(std::span<const uint8_t> bytes,
                                                    std::string_view field) {
  if (bytes.size() != kCiphertextBytes) {
    return Status::InvalidArgument(
        std::string(field), "ciphertext must be 64 bytes, got " + std::to_string(bytes.size()));
  }
  const std::string name(field);
  PP_ASSIGN_OR_RETURN(
      Point r, Point::Decode(bytes.first(kPointBytes), name + ".R", IdentityPolicy::kForbid));
  // M = v·G + r·PK is the identity only for one value of v: allowed, it carries no secret.
  PP_ASSIGN_OR_RETURN(
      Point m, Point::Decode(bytes.subspan(kPointBytes), name + ".M", IdentityPolicy::kAllow));
  return ElGamalCiphertext{r, m};
}

ElGamalCiphertext ElGamalCiphertext::operator+(const ElGamalCiphertext& o) const {
  return {R + o.R, M + o.M};
}

ElGamalCiphertext ElGamalCiphertext::operator-(const ElGamalCiphertext& o) const {
  return {R - o.R, M - o.M};
}

ElGamalCiphertext ElGamalCiphertext::operator*(const Scalar& k) const {
  return {R * k, M * k};
}

ElGamalCiphertext ElGamalEncrypt(const Point& pk, const Scalar& value, const Scalar& r) {
  return {Point::MulBase(r), Point::MulBase(value) + pk * r};
}

Point ElGamalDecryptToPoint(const ElGamalCiphertext& ct, const SecretScalar& sk) {
  return ct.M - ct.R * sk.ExposeSecret();
}

Point CombineDecryption(const ElGamalCiphertext& ct, const Point& sk_R) {
  return ct.M - sk_R;
}

ElGamalCiphertext CombineLimbCiphertextsVartime(std::span<const ElGamalCiphertext> limbs) {
  PP_CHECK(limbs.size() <= kLimbsPerU64);
  std::vector<Scalar> weights;
  std::vector<Point> rs;
  std::vector<Point> ms;
  for (size_t i = 0; i < limbs.size(); ++i) {
    weights.push_back(Scalar::FromU64(uint64_t{1} << (kLimbBits * i)));
    rs.push_back(limbs[i].R);
    ms.push_back(limbs[i].M);
  }
  return {MultiScalarMulVartime(weights, rs), MultiScalarMulVartime(weights, ms)};
}

}  // namespace phantompool::crypto
