#include "phantompool/order/order.h"

namespace phantompool::order {
namespace {

Status Bad(std::string_view field, std::string why) {
  return Status::InvalidArgument(std::string(field), std::move(why));
}

Status UnknownName(std::string_view field, std::string_view text, std::string_view allowed) {
  // The offending text is echoed back (bounded): it is public order metadata, never a secret.
  return Bad(field, "unknown value '" + std::string(text.substr(0, 32)) + "' (expected " +
                        std::string(allowed) + ")");
}

}  // namespace

std::string_view SideName(Side side) {
  return side == Side::kBuy ? "buy" : "sell";
}
std::string_view OrderTypeName(OrderType type) {
  return type == OrderType::kLimit ? "limit" : "market";
}
std::string_view ValidityName(Validity v) {
  switch (v) {
    case Validity::kGtc:
      return "gtc";
    case Validity::kGtt:
      return "gtt";
    case Validity::kIoc:
      return "ioc";
  }
  return "gtc";
}

Result<Side> ParseSide(std::string_view s, std::string_view field) {
  if (s == "buy") return Side::kBuy;
  if (s == "sell") return Side::kSell;
  return UnknownName(field, s, "buy or sell");
}
Result<OrderType> ParseOrderType(std::string_view s, std::string_view field) {
  if (s == "limit") return OrderType::kLimit;
  if (s == "market") return OrderType::kMarket;
  return UnknownName(field, s, "limit or market");
}
Result<Validity> ParseValidity(std::string_view s, std::string_view field) {
  if (s == "gtc") return Validity::kGtc;
  if (s == "gtt") return Validity::kGtt;
  if (s == "ioc") return Validity::kIoc;
  return UnknownName(field, s, "gtc, gtt or ioc");
}
Result<Side> SideFromByte(uint8_t b, std::string_view field) {
  if (b == 1 || b == 2) return static_cast<Side>(b);
  return Bad(field, "unknown side " + std::to_string(b));
}
Result<OrderType> OrderTypeFromByte(uint8_t b, std::string_view field) {
  if (b == 1 || b == 2) return static_cast<OrderType>(b);
  return Bad(field, "unknown order type " + std::to_string(b));
}
Result<Validity> ValidityFromByte(uint8_t b, std::string_view field) {
  if (b >= 1 && b <= 3) return static_cast<Validity>(b);
  return Bad(field, "unknown validity " + std::to_string(b));
}

Status ValidateOrder(const Order& order, const PairSpec& pair) {
  if (order.pair != pair.symbol()) return Bad("pair", "order is for another pair");
  if (order.user_id.empty() || order.user_id.size() > kMaxUserIdBytes) {
    return Bad("user_id", "must be 1 to 64 bytes");
  }
  if (order.size < pair.min_order_size()) return Bad("size", "below the pair's min_order_size");
  if (order.size > pair.max_order_size()) return Bad("size", "above the pair's max_order_size");
  if (order.min_fill > order.size) return Bad("min_fill", "exceeds size");
  if (order.type == OrderType::kLimit) {
    if (!order.limit_price) return Bad("limit_price", "a limit order needs a price");
    if (!pair.IsValidPrice(*order.limit_price)) {
      return Bad("limit_price", "must be a multiple of " + std::to_string(pair.tick_size()) +
                                    " ticks within [" + std::to_string(pair.min_price()) + ", " +
                                    std::to_string(pair.max_price()) + "]");
    }
  } else if (order.limit_price) {
    return Bad("limit_price", "a market order has no price");
  }
  if (order.validity == Validity::kGtt) {
    if (order.expiry == 0) return Bad("expiry", "a gtt order needs an expiry");
  } else if (order.expiry != 0) {
    return Bad("expiry", "only gtt orders carry an expiry");
  }
  return Status::Ok();
}

std::optional<uint64_t> Obligation(const Order& order, const PairSpec& pair) {
  if (order.size > pair.max_order_size()) return std::nullopt;
  if (order.side == Side::kSell) return pair.BaseAmount(order.size);
  if (order.type == OrderType::kMarket) return pair.Notional(order.size, pair.market_buy_collar());
  if (!order.limit_price || *order.limit_price > pair.max_price()) return std::nullopt;
  return pair.Notional(order.size, *order.limit_price);
}

}  // namespace phantompool::order
