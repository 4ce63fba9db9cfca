#include "session_verify.h"

#include <algorithm>
#include <optional>

#include "phantompool/auction/clear.h"
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

Result<uint64_t> Uint(const json& j, const char* key, std::string_view where) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_unsigned()) {
    return Status::InvalidArgument(std::string(where) + "." + key,
                                   "missing or not a non-negative integer");
  }
  return j[key].get<uint64_t>();
}

Result<std::optional<uint64_t>> OptUint(const json& j, const char* key, std::string_view where) {
  if (j.is_object() && j.contains(key) && j[key].is_null()) return std::optional<uint64_t>();
  PP_ASSIGN_OR_RETURN(uint64_t v, Uint(j, key, where));
  return std::optional<uint64_t>(v);
}

Result<auction::Digest32> Hex32(const std::string& hex, std::string field) {
  PP_ASSIGN_OR_RETURN(auto bytes, ParseHexExact(hex, 32, field));
  auction::Digest32 d{};
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

// The previous session of the pair's VRF chain: number n − 1, which the coordinator only
// builds on once it settled (zeros and no price before the first). Its clearing price is
// this session's reference price.
struct Previous {
  auction::Digest32 output{};
  std::optional<uint64_t> clearing_price;
};

Result<Previous> PreviousSession(client::Client& c, const std::string& pair, int64_t number) {
  if (number == 1) return Previous{};
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
    Previous prev;
    PP_ASSIGN_OR_RETURN(std::string out, Str(s, "vrf_output", "sessions[]"));
    PP_ASSIGN_OR_RETURN(prev.output, Hex32(out, "previous.vrf_output"));
    PP_ASSIGN_OR_RETURN(prev.clearing_price, OptUint(s, "clearing_price", "previous"));
    return prev;
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

// Step 5: every opened order as the coordinator cleared it (what was left of it for this
// session, its owner's per-session label, auction/session_owners.h), the reference price
// from the previous session, the session's close for GTT expiry and the VRF output just
// verified; the published clearing price, volume and every trade must be what
// auction::Clear gives, trade by trade in the order they were written.
Result<json> ReplayClearing(client::Client& c, const json& audit, const std::string& pair,
                            const std::optional<uint64_t>& last_price,
                            const auction::Digest32& vrf_output) {
  PP_ASSIGN_OR_RETURN(auto pairs, c.Pairs());
  auto info = std::find_if(pairs.begin(), pairs.end(),
                           [&](const api::PairInfo& p) { return p.fields.symbol == pair; });
  if (info == pairs.end()) return Status::NotFound("session.pair", pair + " is not listed");
  PP_ASSIGN_OR_RETURN(order::PairSpec spec, order::PairSpec::Create(info->fields));
  if (!audit.contains("opened_orders") || !audit["opened_orders"].is_array()) {
    return Status::InvalidArgument("opened_orders", "missing or not an array");
  }
  std::vector<auction::Order> orders;
  for (size_t i = 0; i < audit["opened_orders"].size(); ++i) {
    const json& o = audit["opened_orders"][i];
    const std::string at = "opened_orders[" + std::to_string(i) + "]";
    auction::Order a;
    PP_ASSIGN_OR_RETURN(int64_t id, Int(o, "order_id", at));
    a.id = std::to_string(id);
    PP_ASSIGN_OR_RETURN(a.owner, Str(o, "owner", at));
    PP_ASSIGN_OR_RETURN(std::string side, Str(o, "side", at));
    PP_ASSIGN_OR_RETURN(a.side, order::ParseSide(side, at + ".side"));
    PP_ASSIGN_OR_RETURN(std::string type, Str(o, "order_type", at));
    PP_ASSIGN_OR_RETURN(a.type, order::ParseOrderType(type, at + ".order_type"));
    PP_ASSIGN_OR_RETURN(std::string validity, Str(o, "validity", at));
    PP_ASSIGN_OR_RETURN(a.validity, order::ParseValidity(validity, at + ".validity"));
    PP_ASSIGN_OR_RETURN(a.size, Uint(o, "size_in_session", at));
    PP_ASSIGN_OR_RETURN(a.price, OptUint(o, "limit_price", at));
    PP_ASSIGN_OR_RETURN(uint64_t min_fill, Uint(o, "min_fill", at));
    a.min_fill = std::min(min_fill, a.size);
    PP_ASSIGN_OR_RETURN(a.expiry, OptUint(o, "expiry", at));
    orders.push_back(std::move(a));
  }
  auction::SessionInputs si;
  si.reference_price = auction::ReferencePrice(spec, last_price);
  si.vrf_output = vrf_output;
  PP_ASSIGN_OR_RETURN(int64_t created_at, Int(audit, "created_at", "session"));
  si.now = static_cast<uint64_t>(created_at / 1'000'000);
  auto cleared = auction::Clear(orders, spec, si);
  if (!cleared.ok()) return cleared.status().WithFieldPrefix("opened_orders");
  const auction::AuctionResult& r = *cleared;

  const uint64_t price = r.clearing_price.value_or(si.reference_price);
  PP_ASSIGN_OR_RETURN(std::optional<uint64_t> published,
                      OptUint(audit, "clearing_price", "session"));
  if (published != price) {
    return Status::VerificationFailed(
        "clearing_price", "the clearing gives " + std::to_string(price) + ", the session says " +
                              (published ? std::to_string(*published) : "none"));
  }
  // The rule that set the price (null only for sessions settled before it was recorded).
  if (audit.contains("price_rule") && !audit["price_rule"].is_null()) {
    PP_ASSIGN_OR_RETURN(std::string rule, Str(audit, "price_rule", "session"));
    if (rule != auction::PriceRuleName(r.rule)) {
      return Status::VerificationFailed(
          "price_rule", "the clearing's rule is " + std::string(auction::PriceRuleName(r.rule)) +
                            ", the session says " + rule);
    }
  }
  PP_ASSIGN_OR_RETURN(std::optional<uint64_t> volume, OptUint(audit, "total_volume", "session"));
  if (volume.value_or(0) != r.volume) {
    return Status::VerificationFailed("total_volume",
                                      "the clearing gives " + std::to_string(r.volume) + " lots");
  }
  if (!audit.contains("trades") || !audit["trades"].is_array()) {
    return Status::InvalidArgument("trades", "missing or not an array");
  }
  const json& trades = audit["trades"];
  if (trades.size() != r.trades.size()) {
    return Status::VerificationFailed(
        "trades", "the clearing gives " + std::to_string(r.trades.size()) +
                      " trades, the session lists " + std::to_string(trades.size()));
  }
  for (size_t i = 0; i < trades.size(); ++i) {
    const std::string at = "trades[" + std::to_string(i) + "]";
    PP_ASSIGN_OR_RETURN(int64_t buy, Int(trades[i], "buy_order_id", at));
    PP_ASSIGN_OR_RETURN(int64_t sell, Int(trades[i], "sell_order_id", at));
    PP_ASSIGN_OR_RETURN(uint64_t amount, Uint(trades[i], "amount", at));
    PP_ASSIGN_OR_RETURN(uint64_t at_price, Uint(trades[i], "price", at));
    const auction::Trade& t = r.trades[i];
    if (std::to_string(buy) != orders[t.buy].id || std::to_string(sell) != orders[t.sell].id ||
        amount != t.size || at_price != price) {
      return Status::VerificationFailed(at, "the clearing gives " + std::to_string(t.size) +
                                                " lots from order " + orders[t.sell].id +
                                                " to order " + orders[t.buy].id + " at " +
                                                std::to_string(price));
    }
  }
  return json{{"result", "re-run: the published price, volume and every trade match"},
              {"orders", orders.size()},
              {"clearing_price", price},
              {"price_rule", std::string(auction::PriceRuleName(r.rule))},
              {"volume", r.volume},
              {"trades", r.trades.size()}};
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
  PP_ASSIGN_OR_RETURN(Previous previous, PreviousSession(c, pair, number));
  if (prev != previous.output) {
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

  // 5. The clearing, re-run on the opened batch under the verified draw.
  PP_ASSIGN_OR_RETURN(json clearing,
                      ReplayClearing(c, audit, pair, previous.clearing_price, output->value));
  return json{
      {"batch_digest", "recomputed from " + digest_from},
      {"chain", number == 1 ? "first session of the pair"
                            : "previous output is session " + std::to_string(number - 1) + "'s"},
      {"seed", "recomputed, matches"},
      {"vrf_output", "verified: " + std::to_string(shares.size()) + " shares, " +
                         std::to_string(output->rejected.size()) + " rejected"},
      {"executors_combined", used},
      {"clearing", clearing}};
}

}  // namespace phantompool::cli
