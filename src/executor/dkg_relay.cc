#include "phantompool/executor/dkg_relay.h"

#include "phantompool/common/byte_io.h"

namespace phantompool::executor {
namespace {

constexpr size_t kMaxMessages = 64;
constexpr size_t kMaxMessageBytes = 64 * 1024;

std::string Domain(std::string_view step) {
  return "phantompool/dkg-relay/v1/" + std::string(step);
}

void WriteList(ByteWriter& w, const std::vector<std::vector<uint8_t>>& messages) {
  w.U32(static_cast<uint32_t>(messages.size()));
  for (const auto& m : messages) w.LengthPrefixed(m);
}

Result<std::vector<std::vector<uint8_t>>> ReadList(ByteReader& r, std::string_view field) {
  PP_ASSIGN_OR_RETURN(uint32_t count, r.U32(std::string(field) + ".count"));
  if (count > kMaxMessages) return Status::InvalidArgument(std::string(field), "too many");
  std::vector<std::vector<uint8_t>> out;
  for (uint32_t i = 0; i < count; ++i) {
    PP_ASSIGN_OR_RETURN(auto m, r.LengthPrefixed(kMaxMessageBytes, std::string(field) + "[" +
                                                                       std::to_string(i) + "]"));
    out.emplace_back(m.begin(), m.end());
  }
  return out;
}

}  // namespace

std::vector<uint8_t> SerializeMessageList(const std::vector<std::vector<uint8_t>>& messages) {
  ByteWriter w;
  WriteList(w, messages);
  return std::move(w).Take();
}

Result<std::vector<std::vector<uint8_t>>> ParseMessageList(std::span<const uint8_t> bytes,
                                                           std::string_view field) {
  ByteReader r(bytes);
  PP_ASSIGN_OR_RETURN(auto out, ReadList(r, field));
  PP_RETURN_IF_ERROR(r.ExpectEnd(field));
  return out;
}

std::vector<uint8_t> DkgRelayRequest::Serialize(
    std::string_view step, const crypto::threshold::ParticipantKey& coordinator) const {
  ByteWriter w;
  w.U32(key_epoch);
  w.U8(force ? 1 : 0);
  w.String(session_id);
  WriteList(w, messages);
  std::vector<uint8_t> out = std::move(w).Take();
  const auto sig = coordinator.Sign(Domain(step), out);
  out.insert(out.end(), sig.begin(), sig.end());
  return out;
}

Result<DkgRelayRequest> DkgRelayRequest::Parse(
    std::string_view step, std::span<const uint8_t> bytes,
    const crypto::threshold::ParticipantPublicKey& coordinator) {
  if (bytes.size() < crypto::threshold::kSignatureBytes) {
    return Status::InvalidArgument("dkg_request", "too short");
  }
  const auto body = bytes.first(bytes.size() - crypto::threshold::kSignatureBytes);
  crypto::threshold::Signature sig;
  std::copy(bytes.end() - crypto::threshold::kSignatureBytes, bytes.end(), sig.begin());
  const Status s = crypto::threshold::VerifyParticipantSignature(coordinator, Domain(step), body,
                                                                 sig, "dkg_request.signature");
  if (!s.ok()) return Status::Unauthenticated(s.field(), "not signed by the coordinator");
  ByteReader r(body);
  DkgRelayRequest q;
  PP_ASSIGN_OR_RETURN(q.key_epoch, r.U32("dkg_request.key_epoch"));
  PP_ASSIGN_OR_RETURN(uint8_t force, r.U8("dkg_request.force"));
  if (force > 1) return Status::InvalidArgument("dkg_request.force", "must be 0 or 1");
  q.force = force == 1;
  PP_ASSIGN_OR_RETURN(q.session_id, r.String(255, "dkg_request.session_id"));
  PP_ASSIGN_OR_RETURN(q.messages, ReadList(r, "dkg_request.messages"));
  PP_RETURN_IF_ERROR(r.ExpectEnd("dkg_request"));
  return q;
}

}  // namespace phantompool::executor
