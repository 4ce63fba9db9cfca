// The wire form of a range proof: exactly 2·k + 4 points and 5 scalars, nothing else.
// The round count k is inferred from the length; the enclosing object carries a version.
#include <algorithm>
#include <functional>
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
  // The points are read as bytes and decoded a group at a time (Point::DecodeBatch: eight
  // per vector where the CPU allows): A..T2, then every L and R. A refusal still names the
  // first bad element in wire order, the scalars between the groups included.
  auto read = [&](std::span<Encoding> out,
                  const std::function<std::string(size_t)>& name) -> Status {
    for (size_t i = 0; i < out.size(); ++i) {
      PP_ASSIGN_OR_RETURN(auto b, r.Bytes(kPointBytes, name(i)));
      std::copy(b.begin(), b.end(), out[i].begin());  // canonical once decoding accepts it
    }
    return Status::Ok();
  };
  auto scalar = [&](const std::string& name) -> Result<Scalar> {
    PP_ASSIGN_OR_RETURN(auto b, r.Bytes(kScalarBytes, name));
    return Scalar::FromCanonicalBytes(b, name);
  };
  std::array<Encoding, 4> point_bytes;
  const char* names[] = {".A", ".S", ".T1", ".T2"};
  auto head_name = [&](size_t i) { return f + names[i]; };
  PP_RETURN_IF_ERROR(read(point_bytes, head_name));
  PP_ASSIGN_OR_RETURN(std::vector<Point> head,
                      Point::DecodeBatch(point_bytes, head_name, IdentityPolicy::kForbid));
  PP_ASSIGN_OR_RETURN(Scalar taux, scalar(f + ".taux"));
  PP_ASSIGN_OR_RETURN(Scalar mu, scalar(f + ".mu"));
  PP_ASSIGN_OR_RETURN(Scalar t_hat, scalar(f + ".t_hat"));
  std::vector<Encoding> lr_bytes(2 * rounds);
  auto lr_name = [&](size_t i) {
    return i < rounds ? Indexed(field, "L", i) : Indexed(field, "R", i - rounds);
  };
  PP_RETURN_IF_ERROR(read(lr_bytes, lr_name));
  PP_ASSIGN_OR_RETURN(std::vector<Point> lr,
                      Point::DecodeBatch(lr_bytes, lr_name, IdentityPolicy::kForbid));
  PP_ASSIGN_OR_RETURN(Scalar ipa_a, scalar(f + ".a"));
  PP_ASSIGN_OR_RETURN(Scalar ipa_b, scalar(f + ".b"));
  PP_RETURN_IF_ERROR(r.ExpectEnd(f));
  const std::array<Point, 4> points = {head[0], head[1], head[2], head[3]};
  const auto mid = static_cast<std::ptrdiff_t>(rounds);
  return RangeProof(
      points, point_bytes, taux, mu, t_hat,
      InnerProductProof::FromDecoded(
          std::vector<Point>(lr.begin(), lr.begin() + mid),
          std::vector<Point>(lr.begin() + mid, lr.end()),
          std::vector<Encoding>(lr_bytes.begin(), lr_bytes.begin() + mid),
          std::vector<Encoding>(lr_bytes.begin() + mid, lr_bytes.end()), ipa_a, ipa_b));
}

}  // namespace phantompool::crypto
