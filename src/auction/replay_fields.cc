#include "auction/replay_fields.h"

#include "phantompool/common/check.h"

namespace phantompool::auction::internal {
namespace {

constexpr FieldSpec kTopFields[] = {
    {"version", Kind::kUint, true},
    {"pair", Kind::kPair, true, Ctx::kPair},
    {"session", Kind::kObject, true, Ctx::kSession},
    {"vrf", Kind::kObject, true, Ctx::kVrf},
    {"orders", Kind::kArray, true, Ctx::kOrders},
};
// Every field of order::PairFields, in its order (replay_builder.cc relies on it).
constexpr FieldSpec kPairFields[] = {
    {"symbol", Kind::kText, true},
    {"base_token", Kind::kText, true},
    {"quote_token", Kind::kText, true},
    {"base_token_name", Kind::kText, true},
    {"quote_token_name", Kind::kText, true},
    {"base_decimals", Kind::kUint32, true},
    {"quote_decimals", Kind::kUint32, true},
    {"base_lot", Kind::kUint, true},
    {"quote_per_tick", Kind::kUint, true},
    {"tick_size", Kind::kUint, true},
    {"min_price", Kind::kUint, true},
    {"max_price", Kind::kUint, true},
    {"market_sell_collar", Kind::kUint, true},
    {"market_buy_collar", Kind::kUint, true},
    {"min_order_size", Kind::kUint, true},
    {"max_order_size", Kind::kUint, true},
    {"fee_bps", Kind::kUint32, true},
    {"batch_period_ms", Kind::kUint32, true},
    {"batch_max_orders", Kind::kUint32, true},
};
constexpr FieldSpec kSessionFields[] = {
    {"number", Kind::kUint, true},
    {"now", Kind::kUint, false},
    {"reference_price", Kind::kUint, true},
    {"reference_from_session", Kind::kUintOrNull, true},
};
constexpr FieldSpec kVrfFields[] = {
    {"previous_output", Kind::kHex32, true},
    {"batch_digest", Kind::kHex32, true},
    {"seed", Kind::kHex32, true},
    {"public_key_set", Kind::kHexBytes, true},
    {"shares", Kind::kArray, true, Ctx::kShares},
    {"output", Kind::kHex32, true},
};
constexpr FieldSpec kOrderFields[] = {
    {"id", Kind::kText, true},
    {"owner", Kind::kText, true},
    {"ciphertext_hash", Kind::kHex32, true},
    {"side", Kind::kText, true},
    {"type", Kind::kText, true},
    {"price", Kind::kUint, false},
    {"size", Kind::kUint, true},
    {"min_fill", Kind::kUint, false},
    {"validity", Kind::kText, false},
    {"expiry", Kind::kUint, false},
    {"pair", Kind::kText, false},
};
constexpr FieldSpec kShareElement = {"", Kind::kHexBytes, true};
constexpr FieldSpec kOrderElement = {"", Kind::kObject, true, Ctx::kOrder};

static_assert(std::size(kPairFields) <= 32 && std::size(kOrderFields) <= 32);

}  // namespace

std::span<const FieldSpec> FieldsOf(Ctx ctx) {
  switch (ctx) {
    case Ctx::kTop:
      return kTopFields;
    case Ctx::kPair:
      return kPairFields;
    case Ctx::kSession:
      return kSessionFields;
    case Ctx::kVrf:
      return kVrfFields;
    case Ctx::kOrder:
      return kOrderFields;
    case Ctx::kShares:
    case Ctx::kOrders:
      break;
  }
  return {};
}

bool IsArray(Ctx ctx) {
  return ctx == Ctx::kShares || ctx == Ctx::kOrders;
}

const FieldSpec& ElementOf(Ctx array) {
  PP_CHECK(IsArray(array));
  return array == Ctx::kShares ? kShareElement : kOrderElement;
}

int FindField(Ctx ctx, std::string_view name) {
  const auto fields = FieldsOf(ctx);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string ValuePath(std::span<const Frame> stack, size_t depth) {
  std::string path;
  for (size_t i = 0; i < depth; ++i) {
    const Frame& f = stack[i];
    if (IsArray(f.ctx)) {
      // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "[" + to_string(i).
      path += '[';
      path += std::to_string(f.index);
      path += ']';
    } else if (f.field >= 0) {
      if (!path.empty()) path += '.';
      path += FieldsOf(f.ctx)[f.field].name;
    }
  }
  return path;
}

std::string KeyPath(std::span<const Frame> stack, std::string_view key) {
  std::string path = ValuePath(stack, stack.size() - 1);
  if (!path.empty()) path += '.';
  path += key;
  return path;
}

Status TypeErrorFor(const std::string& path, const FieldSpec& f) {
  const char* why = "";
  switch (f.kind) {
    case Kind::kUint:
      why = "must be an integer in [0, 2^64-1]";
      break;
    case Kind::kUint32:
      why = "must be an integer in [0, 2^32-1]";
      break;
    case Kind::kText:
      why = "must be a string";
      break;
    case Kind::kHex32:
      why = "must be 64 hex characters (32 bytes)";
      break;
    case Kind::kHexBytes:
      why = "must be a non-empty hex string";
      break;
    case Kind::kUintOrNull:
      why = "must be an integer in [0, 2^64-1] or null";
      break;
    case Kind::kObject:
      why = "must be an object";
      break;
    case Kind::kArray:
      why = "must be an array";
      break;
    case Kind::kPair:
      why = "must be a built-in pair's symbol or an object with every pair field";
      break;
  }
  return Status::InvalidArgument(path, why);
}

}  // namespace phantompool::auction::internal
