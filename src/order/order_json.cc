#include "phantompool/order/order_json.h"

#include <set>

#include "order_statement.h"
#include "phantompool/common/byte_io.h"
#include "phantompool/common/hex.h"

namespace phantompool::order {
namespace {

using nlohmann::json;

json ValueToJson(const EncryptedValue& v) {
  json limbs = json::array();
  for (const auto& limb : v.limbs) {
    limbs.push_back({{"ciphertext", ToHex(limb.ciphertext.Encode())},
                     {"commitment", ToHex(limb.commitment.Encode())},
                     {"equality_proof", ToHex(limb.equality_proof->Serialize())}});
  }
  return limbs;
}

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

  // A variable-size proof: written length-prefixed, as the binary form has it.
  Status Proof(const json& v, const std::string& field) {
    if (!v.is_string()) return Status::InvalidArgument(field, "must be a hex string");
    PP_ASSIGN_OR_RETURN(auto bytes, ParseHex(v.get<std::string>(), field));
    w.LengthPrefixed(bytes);
    return Status::Ok();
  }

  Status Value(const json& obj, const std::string& key) {
    const json& limbs = obj.at(key);
    if (!limbs.is_array() || limbs.size() != kLimbsPerValue) {
      return Status::InvalidArgument(key, "must be an array of 4 limbs");
    }
    for (size_t j = 0; j < kLimbsPerValue; ++j) {
      const std::string field = key + "[" + std::to_string(j) + "]";
      PP_RETURN_IF_ERROR(Keys(limbs[j], field, {"ciphertext", "commitment", "equality_proof"}));
      PP_RETURN_IF_ERROR(Fixed(limbs[j]["ciphertext"], field + ".ciphertext", 64));
      PP_RETURN_IF_ERROR(Fixed(limbs[j]["commitment"], field + ".commitment", 32));
      PP_RETURN_IF_ERROR(Proof(limbs[j]["equality_proof"], field + ".equality_proof"));
    }
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
             {"version", "pair", "user_id", "nonce", "side", "type", "validity", "expiry", "size",
              "min_fill", "aux_chunks", "range_proofs", "signature"},
             {"price", "product"}));
  PP_ASSIGN_OR_RETURN(uint64_t version, r.U64(j, "version"));
  if (version != kEncryptedOrderVersion) {
    return Status::InvalidArgument("version", "unsupported version");
  }
  r.w.U8(static_cast<uint8_t>(version));
  PP_ASSIGN_OR_RETURN(std::string pair, r.String(j, "pair"));
  r.w.String(pair);
  PP_ASSIGN_OR_RETURN(std::string user_id, r.String(j, "user_id"));
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

  const bool limit = type == OrderType::kLimit;
  const bool limit_buy = limit && side == Side::kBuy;
  if (j.contains("price") != limit) {
    return Status::InvalidArgument("price", limit ? "missing" : "a market order has no price");
  }
  if (j.contains("product") != limit_buy) {
    return Status::InvalidArgument("product", limit_buy ? "missing" : "only limit buys carry one");
  }
  PP_RETURN_IF_ERROR(r.Value(j, "size"));
  if (limit) PP_RETURN_IF_ERROR(r.Value(j, "price"));
  PP_RETURN_IF_ERROR(r.Value(j, "min_fill"));
  if (limit_buy) {
    PP_RETURN_IF_ERROR(r.Keys(j["product"], "product", {"commitment", "proof"}));
    PP_RETURN_IF_ERROR(r.Fixed(j["product"]["commitment"], "product.commitment", 32));
    PP_RETURN_IF_ERROR(r.Proof(j["product"]["proof"], "product.proof"));
  }
  const json& aux = j["aux_chunks"];
  const size_t aux_count = internal::AuxSlotsFor(type).size();
  if (!aux.is_array() || aux.size() != aux_count) {
    return Status::InvalidArgument("aux_chunks",
                                   "must be an array of " + std::to_string(aux_count));
  }
  for (size_t i = 0; i < aux_count; ++i) {
    const std::string field = "aux_chunks[" + std::to_string(i) + "]";
    if (!aux[i].is_array() || aux[i].size() != kChunksPerAux) {
      return Status::InvalidArgument(field, "must be an array of 4 points");
    }
    for (size_t c = 0; c < kChunksPerAux; ++c) {
      PP_RETURN_IF_ERROR(r.Fixed(aux[i][c], field + "[" + std::to_string(c) + "]", 32));
    }
  }
  const json& range = j["range_proofs"];
  if (!range.is_array() || range.size() != kRangeProofs) {
    return Status::InvalidArgument("range_proofs", "must be an array of 2 proofs");
  }
  for (size_t i = 0; i < kRangeProofs; ++i) {
    PP_RETURN_IF_ERROR(r.Proof(range[i], "range_proofs[" + std::to_string(i) + "]"));
  }
  PP_RETURN_IF_ERROR(r.Fixed(j["signature"], "signature", kSignatureBytes));
  return EncryptedOrder::Parse(std::move(r.w).Take());
}

}  // namespace

nlohmann::json EncryptedOrderToJson(const EncryptedOrder& o) {
  json j = {{"version", o.version},
            {"pair", o.pair},
            {"user_id", o.user_id},
            {"nonce", ToHex(o.nonce)},
            {"side", SideName(o.side)},
            {"type", OrderTypeName(o.type)},
            {"validity", ValidityName(o.validity)},
            {"expiry", o.expiry},
            {"size", ValueToJson(o.size)},
            {"min_fill", ValueToJson(o.min_fill)}};
  if (o.price) j["price"] = ValueToJson(*o.price);
  if (o.product) {
    j["product"] = {{"commitment", ToHex(o.product->commitment.Encode())},
                    {"proof", ToHex(o.product->proof->Serialize())}};
  }
  json aux = json::array();
  for (const auto& chunks : o.aux_chunks) {
    json a = json::array();
    for (const auto& c : chunks) a.push_back(ToHex(c.Encode()));
    aux.push_back(a);
  }
  j["aux_chunks"] = aux;
  json range = json::array();
  for (const auto& proof : o.range_proofs) range.push_back(ToHex(proof.Serialize()));
  j["range_proofs"] = range;
  j["signature"] = ToHex(o.signature);
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
