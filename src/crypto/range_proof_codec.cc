// The wire form of a range proof: exactly 2·k + 4 points and 5 scalars, nothing else.
// The round count k is inferred from the length; the enclosing object carries a version.
#include <algorithm>
#include <string>

#include "phantompool/common/byte_io.h"
#include "phantompool/crypto/range_proof.h"

namespace phantompool::crypto {
namespace {

std::string Indexed(std::string_view field, std::string_view name, size_t i) {
  return std::string(field) + "." + std::string(name) + "[" + std::to_string(i) + "]";
}

}  // namespace

std::vector<uint8_t> RangeProof::Serialize() const {
  ByteWriter w;
  for (const Encoding& p : bytes_) w.Bytes(p);
  for (const Scalar* s : {&taux_, &mu_, &t_hat_}) w.Bytes(s->ToBytes());
  for (const Encoding& p : ipa_.LBytes()) w.Bytes(p);
  for (const Encoding& p : ipa_.RBytes()) w.Bytes(p);
  w.Bytes(ipa_.a().ToBytes());
  w.Bytes(ipa_.b().ToBytes());
  return std::move(w).Take();
}

Result<RangeProof> RangeProof::Parse(std::span<const uint8_t> bytes, std::string_view field) {
  const size_t len = bytes.size();
  size_t rounds = 0;
  bool length_ok = false;
  for (size_t k = kRangeProofMinRounds; k <= kRangeProofMaxRounds; ++k) {
    if (len == RangeProofBytes(k)) {
      rounds = k;
      length_ok = true;
    }
  }
  if (!length_ok) {
    return Status::InvalidArgument(
        std::string(field), "length " + std::to_string(len) + " is not 32·(2k+9) bytes for k in [" +
                                std::to_string(kRangeProofMinRounds) + ", " +
                                std::to_string(kRangeProofMaxRounds) + "]");
  }
  ByteReader r(bytes);
  const std::string f(field);
  auto point = [&](const std::string& name, Encoding& enc) -> Result<Point> {
    PP_ASSIGN_OR_RETURN(auto b, r.Bytes(kPointBytes, name));
    std::copy(b.begin(), b.end(), enc.begin());  // canonical once Decode accepts it
    return Point::Decode(b, name, IdentityPolicy::kForbid);
  };
  auto scalar = [&](const std::string& name) -> Result<Scalar> {
    PP_ASSIGN_OR_RETURN(auto b, r.Bytes(kScalarBytes, name));
    return Scalar::FromCanonicalBytes(b, name);
  };
  std::array<Point, 4> points;
  std::array<Encoding, 4> point_bytes;
  const char* names[] = {".A", ".S", ".T1", ".T2"};
  for (size_t i = 0; i < 4; ++i) {
    PP_ASSIGN_OR_RETURN(points[i], point(f + names[i], point_bytes[i]));
  }
  PP_ASSIGN_OR_RETURN(Scalar taux, scalar(f + ".taux"));
  PP_ASSIGN_OR_RETURN(Scalar mu, scalar(f + ".mu"));
  PP_ASSIGN_OR_RETURN(Scalar t_hat, scalar(f + ".t_hat"));
  std::vector<Point> l(rounds), rr(rounds);
  std::vector<Encoding> l_bytes(rounds), r_bytes(rounds);
  for (size_t i = 0; i < rounds; ++i) {
    PP_ASSIGN_OR_RETURN(l[i], point(Indexed(field, "L", i), l_bytes[i]));
  }
  for (size_t i = 0; i < rounds; ++i) {
    PP_ASSIGN_OR_RETURN(rr[i], point(Indexed(field, "R", i), r_bytes[i]));
  }
  PP_ASSIGN_OR_RETURN(Scalar ipa_a, scalar(f + ".a"));
  PP_ASSIGN_OR_RETURN(Scalar ipa_b, scalar(f + ".b"));
  PP_RETURN_IF_ERROR(r.ExpectEnd(f));
  return RangeProof(points, point_bytes, taux, mu, t_hat,
                    InnerProductProof::FromDecoded(std::move(l), std::move(rr), std::move(l_bytes),
                                                   std::move(r_bytes), ipa_a, ipa_b));
}

}  // namespace phantompool::crypto
