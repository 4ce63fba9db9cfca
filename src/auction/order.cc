#include "phantompool/auction/order.h"

#include <string>

namespace phantompool::auction {
namespace {

Status UnknownName(std::string_view field, std::string_view text, std::string_view allowed) {
  // The offending text is echoed back (bounded): it is public order metadata, never a secret.
  std::string shown(text.substr(0, 32));
  return Status::InvalidArgument(
      std::string(field), "unknown value '" + shown + "' (expected " + std::string(allowed) + ")");
}

}  // namespace

std::string_view SideName(Side side) {
  return side == Side::kBuy ? "buy" : "sell";
}

std::string_view OrderTypeName(OrderType type) {
  return type == OrderType::kLimit ? "limit" : "market";
}

std::string_view ValidityName(Validity validity) {
  switch (validity) {
    case Validity::kGtc:
      return "gtc";
    case Validity::kGtt:
      return "gtt";
    case Validity::kIoc:
      return "ioc";
  }
  return "gtc";
}

Result<Side> ParseSide(std::string_view text, std::string_view field) {
  if (text == "buy") return Side::kBuy;
  if (text == "sell") return Side::kSell;
  return UnknownName(field, text, "buy or sell");
}

Result<OrderType> ParseOrderType(std::string_view text, std::string_view field) {
  if (text == "limit") return OrderType::kLimit;
  if (text == "market") return OrderType::kMarket;
  return UnknownName(field, text, "limit or market");
}

Result<Validity> ParseValidity(std::string_view text, std::string_view field) {
  if (text == "gtc") return Validity::kGtc;
  if (text == "gtt") return Validity::kGtt;
  if (text == "ioc") return Validity::kIoc;
  return UnknownName(field, text, "gtc, gtt or ioc");
}

}  // namespace phantompool::auction
