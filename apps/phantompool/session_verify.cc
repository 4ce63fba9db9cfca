#include "session_verify.h"

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

}  // namespace

Result<json> VerifySessionDraw(client::Client& c, int64_t session_id) {
  PP_ASSIGN_OR_RETURN(json batch, c.SessionBatch(session_id));
  PP_ASSIGN_OR_RETURN(std::string status, Str(batch, "status", "session"));
  if (status != "settled") {
    return Status::FailedPrecondition("session.status",
                                      "is " + status + ": only a settled session has a draw");
  }
  PP_ASSIGN_OR_RETURN(std::string pair, Str(batch, "pair", "session"));
  PP_ASSIGN_OR_RETURN(int64_t number, Int(batch, "session_number", "session"));
  if (number < 1) return Status::InvalidArgument("session.session_number", "must be >= 1");
  if (!batch.contains("orders") || !batch["orders"].is_array()) {
    return Status::InvalidArgument("session.orders", "missing or not an array");
  }

  // The batch must be the whole frozen batch: as many orders as the session counted.
  PP_ASSIGN_OR_RETURN(int64_t buys, Int(batch, "buy_orders_count", "session"));
  PP_ASSIGN_OR_RETURN(int64_t sells, Int(batch, "sell_orders_count", "session"));
  if (static_cast<int64_t>(batch["orders"].size()) != buys + sells) {
    return Status::VerificationFailed(
        "session.orders", "the published batch lists " + std::to_string(batch["orders"].size()) +
                              " orders, the session froze " + std::to_string(buys + sells));
  }

  // 1. The batch digest over the frozen orders, in batch order.
  auction::BatchDigest digest;
  size_t i = 0;
  for (const auto& o : batch["orders"]) {
    const std::string where = "session.orders[" + std::to_string(i++) + "]";
    PP_ASSIGN_OR_RETURN(int64_t id, Int(o, "order_id", where));
    PP_ASSIGN_OR_RETURN(std::string hash, Str(o, "ciphertext_hash", where));
    PP_ASSIGN_OR_RETURN(auction::Digest32 h, Hex32(hash, where + ".ciphertext_hash"));
    digest.Add(std::to_string(id), h);
  }
  const auction::Digest32 batch_digest = digest.Finish();

  // 2. The seed: pair, number, the previous output and the digest.
  PP_ASSIGN_OR_RETURN(auction::Digest32 previous, PreviousOutput(c, pair, number));
  const auction::Digest32 seed =
      auction::VrfSeed(pair, static_cast<uint64_t>(number), previous, batch_digest);
  PP_ASSIGN_OR_RETURN(std::string published_seed, Str(batch, "vrf_seed", "session"));
  if (ToHex(seed) != published_seed) {
    return Status::VerificationFailed(
        "vrf_seed", "the published seed is not the one of this batch and the previous draw");
  }

  // 3. The draw: every share against the executors' public key set, t of them combined.
  PP_ASSIGN_OR_RETURN(api::KeysInfo keys, c.Keys());
  PP_ASSIGN_OR_RETURN(auto set_bytes, ParseHex(keys.public_key_set, "keys.public_key_set"));
  PP_ASSIGN_OR_RETURN(th::PublicKeySet set, th::PublicKeySet::Parse(set_bytes));
  PP_ASSIGN_OR_RETURN(std::string proof_hex, Str(batch, "vrf_proof", "session"));
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
    return Status::VerificationFailed("vrf_proof", output.status().message() +
                                                       " (against the key set of epoch " +
                                                       std::to_string(keys.key_epoch) + ")");
  }
  PP_ASSIGN_OR_RETURN(std::string published_output, Str(batch, "vrf_output", "session"));
  if (ToHex(output->value) != published_output) {
    return Status::VerificationFailed("vrf_output", "the shares combine to another output");
  }
  json used = json::array();
  for (uint32_t idx : output->used_indices) used.push_back(idx);
  return json{{"batch_digest", ToHex(batch_digest)},
              {"orders", batch["orders"].size()},
              {"seed", "recomputed, matches"},
              {"vrf_output", "verified: " + std::to_string(shares.size()) + " shares, " +
                                 std::to_string(output->rejected.size()) + " rejected"},
              {"executors_combined", used},
              {"key_epoch", keys.key_epoch}};
}

}  // namespace phantompool::cli
