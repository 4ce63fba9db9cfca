#include "phantompool/order/order_json.h"

#include <set>

#include "phantompool/common/byte_io.h"
#include "phantompool/common/hex.h"

namespace phantompool::order {
namespace {

using nlohmann::json;

// Reads JSON into the binary wire layout; EncryptedOrder::Parse then checks the crypto.
class JsonReader {
 public:
  Status Keys(const json& obj, const std::string& field, const std::set<std::string>& required,
              const std::set<std::string>& optional = {}) {
    if (!obj.is_object()) return Status::InvalidArgument(field, "must be an object");
    for (const auto& [key, _] : obj.items()) {
      if (!required.count(key) && !optional.count(key)) {
        return Status::InvalidArgument(Join(field, key), "unknown field");
      }
    }
    for (const auto& key : required) {
      if (!obj.contains(key)) return Status::InvalidArgument(Join(field, key), "missing");
    }
    return Status::Ok();
  }

  Result<std::string> String(const json& obj, const std::string& key) {
    const json& v = obj.at(key);
    if (!v.is_string()) return Status::InvalidArgument(key, "must be a string");
    return v.get<std::string>();
  }

  Result<uint64_t> U64(const json& obj, const std::string& key) {
    const json& v = obj.at(key);
    if (!v.is_number_unsigned()) {
      return Status::InvalidArgument(key, "must be a non-negative integer");
    }
    return v.get<uint64_t>();
  }

  // A fixed-size object: exactly `len` bytes.
  Status Fixed(const json& v, const std::string& field, size_t len) {
    if (!v.is_string()) return Status::InvalidArgument(field, "must be a hex string");
    PP_ASSIGN_OR_RETURN(auto bytes, ParseHexExact(v.get<std::string>(), len, field));
    w.Bytes(bytes);
    return Status::Ok();
  }

  static std::string Join(const std::string& a, const std::string& b) {
    return a.empty() ? b : a + "." + b;
  }

  ByteWriter w;
};

Result<EncryptedOrder> FromJson(const json& j) {
  JsonReader r;
  PP_RETURN_IF_ERROR(
      r.Keys(j, "",
             {"version", "pair", "user_id", "nonce", "side", "type", "validity", "expiry",
              "key_epoch", "commitments", "kem", "range_proof", "signature"},
             {"product_proof"}));
  PP_ASSIGN_OR_RETURN(uint64_t version, r.U64(j, "version"));
  if (version != kEncryptedOrderVersion) {
    return Status::InvalidArgument("version", "unsupported version " + std::to_string(version) +
                                                  " (this server reads version 2)");
  }
  r.w.U8(static_cast<uint8_t>(version));
  PP_ASSIGN_OR_RETURN(std::string pair, r.String(j, "pair"));
  if (pair.size() > kMaxPairNameBytes) return Status::InvalidArgument("pair", "too long");
  r.w.String(pair);
  PP_ASSIGN_OR_RETURN(std::string user_id, r.String(j, "user_id"));
  if (user_id.size() > kMaxUserIdBytes) return Status::InvalidArgument("user_id", "too long");
  r.w.String(user_id);
  PP_RETURN_IF_ERROR(r.Fixed(j["nonce"], "nonce", kNonceBytes));
  PP_ASSIGN_OR_RETURN(std::string side_name, r.String(j, "side"));
  PP_ASSIGN_OR_RETURN(Side side, ParseSide(side_name, "side"));
  PP_ASSIGN_OR_RETURN(std::string type_name, r.String(j, "type"));
  PP_ASSIGN_OR_RETURN(OrderType type, ParseOrderType(type_name, "type"));
  PP_ASSIGN_OR_RETURN(std::string validity_name, r.String(j, "validity"));
  PP_ASSIGN_OR_RETURN(Validity validity, ParseValidity(validity_name, "validity"));
  r.w.U8(static_cast<uint8_t>(side));
  r.w.U8(static_cast<uint8_t>(type));
  r.w.U8(static_cast<uint8_t>(validity));
  PP_ASSIGN_OR_RETURN(uint64_t expiry, r.U64(j, "expiry"));
  r.w.U64(expiry);
  PP_ASSIGN_OR_RETURN(uint64_t epoch, r.U64(j, "key_epoch"));
  if (epoch > UINT32_MAX) return Status::InvalidArgument("key_epoch", "must fit 32 bits");
  r.w.U32(static_cast<uint32_t>(epoch));

  const bool limit = type == OrderType::kLimit;
  const bool limit_buy = limit && side == Side::kBuy;
  const json& c = j["commitments"];
  std::set<std::string> commitment_keys = {"size", "min_fill", "remainder_high"};
  if (limit) commitment_keys.insert("price");
  if (limit_buy) commitment_keys.insert("product");
  PP_RETURN_IF_ERROR(r.Keys(c, "commitments", commitment_keys));
  PP_RETURN_IF_ERROR(r.Fixed(c["size"], "commitments.size", 32));
  if (limit) PP_RETURN_IF_ERROR(r.Fixed(c["price"], "commitments.price", 32));
  PP_RETURN_IF_ERROR(r.Fixed(c["min_fill"], "commitments.min_fill", 32));
  if (limit_buy) PP_RETURN_IF_ERROR(r.Fixed(c["product"], "commitments.product", 32));
  PP_RETURN_IF_ERROR(r.Fixed(c["remainder_high"], "commitments.remainder_high", 32));
  const json& kem = j["kem"];
  PP_RETURN_IF_ERROR(r.Keys(kem, "kem", {"R", "nonce", "ciphertext", "trader_wrap", "proof"}));
  PP_RETURN_IF_ERROR(r.Fixed(kem["R"], "kem.R", 32));
  PP_RETURN_IF_ERROR(r.Fixed(kem["nonce"], "kem.nonce", crypto::kAeadNonceBytes));
  PP_RETURN_IF_ERROR(r.Fixed(kem["ciphertext"], "kem.ciphertext", kKemCiphertextBytes));
  PP_RETURN_IF_ERROR(r.Fixed(kem["trader_wrap"], "kem.trader_wrap", kTraderWrapBytes));
  PP_RETURN_IF_ERROR(r.Fixed(kem["proof"], "kem.proof", crypto::SchnorrProof::kSize));
  if (j.contains("product_proof") != limit_buy) {
    return Status::InvalidArgument("product_proof",
                                   limit_buy ? "missing" : "only limit buys carry one");
  }
  if (limit_buy) {
    PP_RETURN_IF_ERROR(r.Fixed(j["product_proof"], "product_proof", crypto::ProductProof::kSize));
  }
  PP_RETURN_IF_ERROR(r.Fixed(j["range_proof"], "range_proof", crypto::RangeProofBytes(8)));
  PP_RETURN_IF_ERROR(r.Fixed(j["signature"], "signature", kSignatureBytes));
  return EncryptedOrder::Parse(std::move(r.w).Take());
}

}  // namespace

nlohmann::json EncryptedOrderToJson(const EncryptedOrder& o) {
  json commitments = {{"size", ToHex(o.size_commitment().Encode())},
                      {"min_fill", ToHex(o.min_fill_commitment().Encode())},
                      {"remainder_high", ToHex(o.remainder_high_commitment().Encode())}};
  if (o.price_commitment()) commitments["price"] = ToHex(o.price_commitment()->Encode());
  if (o.product_commitment()) commitments["product"] = ToHex(o.product_commitment()->Encode());
  json j = {{"version", o.version()},
            {"pair", o.pair()},
            {"user_id", o.user_id()},
            {"nonce", ToHex(o.nonce())},
            {"side", SideName(o.side())},
            {"type", OrderTypeName(o.type())},
            {"validity", ValidityName(o.validity())},
            {"expiry", o.expiry()},
            {"key_epoch", o.key_epoch()},
            {"commitments", commitments},
            {"kem",
             {{"R", ToHex(o.kem().R.Encode())},
              {"nonce", ToHex(o.kem().nonce)},
              {"ciphertext", ToHex(o.kem().ciphertext)},
              {"trader_wrap", ToHex(o.kem().trader_wrap)},
              {"proof", ToHex(o.kem_proof().Serialize())}}},
            {"range_proof", ToHex(o.RangeProofBytes())},
            {"signature", ToHex(o.signature())}};
  if (o.product_commitment()) j["product_proof"] = ToHex(o.ProductProofBytes());
  return j;
}

Result<EncryptedOrder> EncryptedOrderFromJson(const nlohmann::json& json) {
  try {
    return FromJson(json);
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument("order", std::string("malformed JSON structure: ") + e.what());
  }
}

Result<EncryptedOrder> EncryptedOrderFromJsonText(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("order", "not valid JSON");
  return EncryptedOrderFromJson(j);
}

}  // namespace phantompool::order
