#include "auction/replay_builder.h"

#include <array>
#include <limits>

#include "phantompool/common/check.h"

namespace phantompool::auction::internal {
namespace {

// Hex fields of arbitrary length are bounded so that a hostile file cannot make the parser
// hold more than it needs: a key set for 255 executors is 8,232 bytes, a share 132.
constexpr size_t kMaxHexBytes = 16384;
constexpr size_t kMaxShares = 255;

// Hex digit values, -1 for anything else: a table, since a million-order replay decodes
// a hash per order.
constexpr std::array<int8_t, 256> kHexValue = [] {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<int8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<int8_t>(c - 'A' + 10);
  return t;
}();

Status Hex32(const std::string& s, Digest32& out) {
  if (!DecodeHex(s, out))
    return Status::InvalidArgument("", "must be 64 hex characters (32 bytes)");
  return Status::Ok();
}

Status HexBytes(const std::string& s, std::vector<uint8_t>& out) {
  if (s.empty() || s.size() % 2 != 0 || s.size() / 2 > kMaxHexBytes) {
    return Status::InvalidArgument(
        "", "must be a non-empty hex string of at most " + std::to_string(kMaxHexBytes) + " bytes");
  }
  out.resize(s.size() / 2);
  if (!DecodeHex(s, out)) return Status::InvalidArgument("", "malformed hex");
  return Status::Ok();
}

Status Uint32(uint64_t v, uint32_t& out) {
  if (v > std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument("", "must be an integer in [0, 2^32-1]");
  }
  out = static_cast<uint32_t>(v);
  return Status::Ok();
}

Status WrongType(Ctx ctx, int field) {
  const FieldSpec& f = field < 0 ? ElementOf(ctx) : FieldsOf(ctx)[field];
  return TypeErrorFor("", f);
}

}  // namespace

bool DecodeHex(std::string_view hex, std::span<uint8_t> out) {
  if (hex.size() != 2 * out.size()) return false;
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = kHexValue[static_cast<uint8_t>(hex[2 * i])];
    const int lo = kHexValue[static_cast<uint8_t>(hex[2 * i + 1])];
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

Status ReplayBuilder::Unsigned(Ctx ctx, int field, uint64_t v) {
  const FieldSpec& f = field < 0 ? ElementOf(ctx) : FieldsOf(ctx)[field];
  if (f.kind != Kind::kUint && f.kind != Kind::kUint32 && f.kind != Kind::kUintOrNull) {
    return WrongType(ctx, field);
  }
  switch (ctx) {
    case Ctx::kTop:  // version
      if (v != kReplayFormatVersion) {
        return Status::InvalidArgument("", "unsupported version " + std::to_string(v) +
                                               " (this build reads version " +
                                               std::to_string(kReplayFormatVersion) + ")");
      }
      version_ = v;
      return Status::Ok();
    case Ctx::kPair: {
      order::PairFields& p = pair_fields_;
      uint64_t* const u64[] = {nullptr,
                               nullptr,
                               nullptr,
                               nullptr,
                               nullptr,
                               nullptr,
                               nullptr,
                               &p.base_lot,
                               &p.quote_per_tick,
                               &p.tick_size,
                               &p.min_price,
                               &p.max_price,
                               &p.market_sell_collar,
                               &p.market_buy_collar,
                               &p.min_order_size,
                               &p.max_order_size};
      uint32_t* const u32[] = {&p.base_decimals, &p.quote_decimals, &p.fee_bps, &p.batch_period_ms,
                               &p.batch_max_orders};
      if (f.kind == Kind::kUint32) {
        const int k = field == 5 ? 0 : field == 6 ? 1 : field - 16 + 2;
        return Uint32(v, *u32[k]);
      }
      *u64[field] = v;
      return Status::Ok();
    }
    case Ctx::kSession:
      if (field == 0) session_number_ = v;
      if (field == 1) now_ = v;
      if (field == 2) reference_price_ = v;
      if (field == 3) reference_from_session_ = v;
      return Status::Ok();
    case Ctx::kOrder:
      if (field == 5) orders_.back().price = v;
      if (field == 6) orders_.back().size = v;
      if (field == 7) orders_.back().min_fill = v;
      if (field == 9) orders_.back().expiry = v;
      return Status::Ok();
    default:
      return WrongType(ctx, field);
  }
}

Status ReplayBuilder::Text(Ctx ctx, int field, const std::string& s) {
  const FieldSpec& f = field < 0 ? ElementOf(ctx) : FieldsOf(ctx)[field];
  switch (f.kind) {
    case Kind::kHex32:
      if (ctx == Ctx::kOrder) return Hex32(s, hashes_.back());
      if (field == 0) return Hex32(s, vrf_.previous_output);
      if (field == 1) return Hex32(s, vrf_.batch_digest);
      if (field == 2) return Hex32(s, vrf_.seed);
      return Hex32(s, vrf_.output);
    case Kind::kHexBytes:
      if (ctx == Ctx::kVrf) return HexBytes(s, vrf_.public_key_set);
      if (vrf_.shares.size() == kMaxShares) {
        return Status::InvalidArgument("", "more than " + std::to_string(kMaxShares) + " shares");
      }
      return HexBytes(s, vrf_.shares.emplace_back());
    case Kind::kPair: {  // a built-in pair by symbol
      auto pair = order::FindBuiltinPair(s, "");
      if (!pair.ok()) return pair.status();
      pair_ = std::move(pair).value();
      return Status::Ok();
    }
    case Kind::kText:
      break;
    default:
      return WrongType(ctx, field);
  }
  if (ctx == Ctx::kPair) {
    order::PairFields& p = pair_fields_;
    std::string* const text[] = {&p.symbol, &p.base_token, &p.quote_token, &p.base_token_name,
                                 &p.quote_token_name};
    *text[field] = s;
    return Status::Ok();
  }
  switch (field) {  // Ctx::kOrder
    case 0:
      orders_.back().id = s;
      return Status::Ok();
    case 1:
      orders_.back().owner = s;
      return Status::Ok();
    case 3: {
      auto side = ParseSide(s, "");
      if (!side.ok()) return side.status();
      orders_.back().side = *side;
      return Status::Ok();
    }
    case 4: {
      auto type = ParseOrderType(s, "");
      if (!type.ok()) return type.status();
      orders_.back().type = *type;
      return Status::Ok();
    }
    case 8: {
      auto validity = ParseValidity(s, "");
      if (!validity.ok()) return validity.status();
      orders_.back().validity = *validity;
      return Status::Ok();
    }
    default:  // 10: pair
      orders_.back().pair = s;
      return Status::Ok();
  }
}

Status ReplayBuilder::Null(Ctx ctx, int field) {
  const FieldSpec& f = field < 0 ? ElementOf(ctx) : FieldsOf(ctx)[field];
  if (f.kind != Kind::kUintOrNull) return WrongType(ctx, field);
  reference_from_session_.reset();  // the only nullable field
  return Status::Ok();
}

void ReplayBuilder::ExpectOrders(size_t count) {
  orders_.reserve(count);
  hashes_.reserve(count);
}

void ReplayBuilder::StartObject(Ctx ctx) {
  if (ctx == Ctx::kOrder) {
    // Built in place: a million orders moved into the vector would cost more than parsing.
    orders_.emplace_back();
    hashes_.emplace_back();
  }
}

Status ReplayBuilder::EndObject(Ctx ctx) {
  if (ctx == Ctx::kPair) {
    auto pair = order::PairSpec::Create(pair_fields_);  // errors name "pair.<field>"
    if (!pair.ok()) return pair.status();
    pair_ = std::move(pair).value();
  }
  return Status::Ok();
}

Result<ReplayInput> ReplayBuilder::Build() {
  PP_CHECK(version_ == kReplayFormatVersion && pair_.has_value());
  ReplayInput in{*pair_};
  in.session_number = session_number_;
  in.reference_from_session = reference_from_session_;
  in.session.reference_price = reference_price_;
  in.session.vrf_output = vrf_.output;
  in.session.now = now_;
  in.vrf = std::move(vrf_);
  in.orders = std::move(orders_);
  in.ciphertext_hashes = std::move(hashes_);
  return in;
}

}  // namespace phantompool::auction::internal
