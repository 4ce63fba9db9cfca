#include "session_verify.h"

#include <algorithm>

#include "phantompool/auction/session_draw.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/threshold/public_key_set.h"
#include "phantompool/crypto/threshold/vrf.h"

namespace phantompool::cli {
namespace {

namespace th = crypto::threshold;
using api::json;

Result<std::string> Str(const json& j, const char* key, std::string_view where) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) {
    return Status::InvalidArgument(std::string(where) + "." + key, "missing or not a string");
  }
  return j[key].get<std::string>();
}

Result<int64_t> Int(const json& j, const char* key, std::string_view where) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) {
    return Status::InvalidArgument(std::string(where) + "." + key, "missing or not an integer");
  }
  return j[key].get<int64_t>();
}

Result<auction::Digest32> Hex32(const std::string& hex, std::string field) {
  PP_ASSIGN_OR_RETURN(auto bytes, ParseHexExact(hex, 32, field));
  auction::Digest32 d{};
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

// The previous session of the pair's VRF chain: number n − 1, which the coordinator only
// builds on once it settled (zeros before the first).
Result<auction::Digest32> PreviousOutput(client::Client& c, const std::string& pair,
                                         int64_t number) {
  if (number == 1) return auction::Digest32{};
  PP_ASSIGN_OR_RETURN(json list, c.Sessions(pair, 500));
  if (!list.is_array()) return Status::InvalidArgument("sessions", "expected an array");
  for (const auto& s : list) {
    auto n = Int(s, "session_number", "sessions[]");
    if (!n.ok() || *n != number - 1) continue;
    PP_ASSIGN_OR_RETURN(std::string status, Str(s, "status", "sessions[]"));
    if (status != "settled") {
      return Status::VerificationFailed(
          "session_number", "the previous session (" + std::to_string(number - 1) + ") is " +
                                status + ": the chain needs it settled");
    }
    PP_ASSIGN_OR_RETURN(std::string out, Str(s, "vrf_output", "sessions[]"));
    return Hex32(out, "previous.vrf_output");
  }
  return Status::NotFound("session_number", "session " + std::to_string(number - 1) + " of " +
                                                pair + " is not among the last 500");
}

// The digest of a list of (order id, ciphertext hash), in the list's order.
Result<auction::Digest32> DigestOf(const json& orders, const char* id_key, std::string where) {
  if (!orders.is_array()) return Status::InvalidArgument(where, "missing or not an array");
  auction::BatchDigest digest;
  for (size_t i = 0; i < orders.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    PP_ASSIGN_OR_RETURN(int64_t id, Int(orders[i], id_key, at));
    PP_ASSIGN_OR_RETURN(std::string hash, Str(orders[i], "ciphertext_hash", at));
    PP_ASSIGN_OR_RETURN(auction::Digest32 h, Hex32(hash, at + ".ciphertext_hash"));
    digest.Add(std::to_string(id), h);
  }
  return digest.Finish();
}

}  // namespace

Result<json> VerifySessionDraw(client::Client& c, int64_t session_id) {
  PP_ASSIGN_OR_RETURN(json audit, c.SessionAudit(session_id));
  PP_ASSIGN_OR_RETURN(std::string status, Str(audit, "status", "session"));
  if (status != "settled") {
    return Status::FailedPrecondition("session.status",
                                      "is " + status + ": only a settled session has a draw");
  }
  PP_ASSIGN_OR_RETURN(std::string pair, Str(audit, "pair", "session"));
  PP_ASSIGN_OR_RETURN(int64_t number, Int(audit, "session_number", "session"));
  if (number < 1) return Status::InvalidArgument("session.session_number", "must be >= 1");
  if (!audit.contains("draw") || !audit["draw"].is_object()) {
    return Status::InvalidArgument("session.draw", "missing");
  }
  const json& draw = audit["draw"];
  PP_ASSIGN_OR_RETURN(std::string digest_hex, Str(draw, "batch_digest", "draw"));
  PP_ASSIGN_OR_RETURN(auction::Digest32 recorded_digest, Hex32(digest_hex, "draw.batch_digest"));

  // 1. The chain: the previous output the draw used is the previous session's output.
  PP_ASSIGN_OR_RETURN(std::string prev_hex, Str(draw, "previous_vrf_output", "draw"));
  PP_ASSIGN_OR_RETURN(auction::Digest32 prev, Hex32(prev_hex, "draw.previous_vrf_output"));
  PP_ASSIGN_OR_RETURN(auction::Digest32 chained, PreviousOutput(c, pair, number));
  if (prev != chained) {
    return Status::VerificationFailed("draw.previous_vrf_output",
                                      "is not the previous session's published output");
  }

  // 2. The batch digest, recomputed from what is published of the batch: the frozen
  // listing, else the opened orders by id (the batch order: ascending id).
  std::string digest_from;
  PP_ASSIGN_OR_RETURN(json batch, c.SessionBatch(session_id));
  auto listed = DigestOf(batch.is_object() && batch.contains("orders") ? batch["orders"] : json(),
                         "order_id", "batch.orders");
  if (listed.ok() && *listed == recorded_digest) digest_from = "the batch listing";
  if (digest_from.empty() && audit.contains("opened_orders") && audit["opened_orders"].is_array()) {
    json opened = audit["opened_orders"];
    std::sort(opened.begin(), opened.end(), [](const json& a, const json& b) {
      return a.value("order_id", int64_t{0}) < b.value("order_id", int64_t{0});
    });
    auto from_opened = DigestOf(opened, "order_id", "opened_orders");
    if (from_opened.ok() && *from_opened == recorded_digest) digest_from = "the opened orders";
  }
  if (digest_from.empty()) {
    return Status::VerificationFailed(
        "draw.batch_digest",
        "neither the batch listing nor the opened orders give the recorded digest");
  }

  // 3. The seed: pair, number, the previous output and the digest.
  const auction::Digest32 seed =
      auction::VrfSeed(pair, static_cast<uint64_t>(number), prev, recorded_digest);
  PP_ASSIGN_OR_RETURN(std::string published_seed, Str(audit, "vrf_seed", "session"));
  if (ToHex(seed) != published_seed) {
    return Status::VerificationFailed("vrf_seed", "is not the seed of this batch and chain");
  }

  // 4. The draw: every share against the executors' public key set, t of them combined.
  PP_ASSIGN_OR_RETURN(std::string set_hex, Str(draw, "public_key_set", "draw"));
  PP_ASSIGN_OR_RETURN(auto set_bytes, ParseHex(set_hex, "draw.public_key_set"));
  PP_ASSIGN_OR_RETURN(th::PublicKeySet set, th::PublicKeySet::Parse(set_bytes));
  PP_ASSIGN_OR_RETURN(std::string proof_hex, Str(audit, "vrf_proof", "session"));
  PP_ASSIGN_OR_RETURN(auto proof, ParseHex(proof_hex, "session.vrf_proof"));
  if (proof.empty() || proof.size() % th::VrfShare::kSize != 0) {
    return Status::InvalidArgument("session.vrf_proof", "not a list of VRF shares");
  }
  std::vector<th::VrfShare> shares;
  for (size_t at = 0; at < proof.size(); at += th::VrfShare::kSize) {
    auto share = th::VrfShare::Parse(std::span(proof).subspan(at, th::VrfShare::kSize));
    if (!share.ok()) return share.status().WithFieldPrefix("session.vrf_proof");
    shares.push_back(*share);
  }
  auto output = th::VerifyVrf(set, seed, shares);
  if (!output.ok()) {
    return Status::VerificationFailed("vrf_proof", output.status().message());
  }
  PP_ASSIGN_OR_RETURN(std::string published_output, Str(audit, "vrf_output", "session"));
  if (ToHex(output->value) != published_output) {
    return Status::VerificationFailed("vrf_output", "the shares combine to another output");
  }
  json used = json::array();
  for (uint32_t idx : output->used_indices) used.push_back(idx);
  return json{
      {"batch_digest", "recomputed from " + digest_from},
      {"chain", number == 1 ? "first session of the pair"
                            : "previous output is session " + std::to_string(number - 1) + "'s"},
      {"seed", "recomputed, matches"},
      {"vrf_output", "verified: " + std::to_string(shares.size()) + " shares, " +
                         std::to_string(output->rejected.size()) + " rejected"},
      {"executors_combined", used}};
}

}  // namespace phantompool::cli
