// phantompool order place | show: the trader's orders through the server, siblings of the
// offline `order build | verify | commitment` (cmd_order.cc).
//
//   order place --pair P --side buy|sell --type limit|market --size LOTS [--price TICKS]
//               [--min-fill LOTS] [--tif gtc|ioc|gtt] [--expires-at UNIX|+SECONDS]
//     encrypts and proves the order on this machine against the available balance
//     (client::Client::PlaceOrder) and submits it.
//   order show --id ID
//     the order as the server holds it, with the size and price this key recovers from it.
#include <charconv>
#include <ctime>
#include <iostream>

#include "cli_output.h"
#include "commands.h"
#include "display.h"
#include "phantompool/common/hex.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/order_open.h"
#include "trader_common.h"
#include "trader_orders.h"

namespace phantompool::cli {

Result<OwnOrderView> ViewOwnOrder(const api::OrderInfo& info,
                                  const std::vector<api::PairInfo>& pairs,
                                  const order::TraderKey& key) {
  const order::PairFields* fields = nullptr;
  for (const auto& p : pairs) {
    if (p.fields.symbol == info.pair) fields = &p.fields;
  }
  if (fields == nullptr) return Status::NotFound("pair", "the server lists no pair " + info.pair);
  PP_ASSIGN_OR_RETURN(order::PairSpec spec, order::PairSpec::Create(*fields));
  PP_ASSIGN_OR_RETURN(auto bytes, ParseHex(info.encrypted_order, "encrypted_order"));
  PP_ASSIGN_OR_RETURN(order::EncryptedOrder enc, order::EncryptedOrder::Parse(bytes));
  auto own = order::RecoverOwnOrder(enc, spec, key);
  if (!own.ok()) {
    return Status::Corruption("orders[" + std::to_string(info.id) + "]",
                              "does not open with this key: " + own.status().message());
  }
  OwnOrderView v;
  v.size_lots = own->size;
  v.price_ticks = own->price;
  v.min_fill_lots = own->min_fill;
  v.size = FormatLots(*fields, own->size);
  v.price = own->price ? FormatPrice(*fields, *own->price) : "market";
  v.min_fill = own->min_fill == 0 ? "-" : FormatLots(*fields, own->min_fill);
  v.filled = info.filled_amount ? FormatLots(*fields, *info.filled_amount) : "-";
  return v;
}

namespace {

using api::json;

struct PlaceArgs {
  TraderOptions o;
  std::string pair, side, type = "limit", tif = "gtc", expires_at, size, price, min_fill;
};

// "1767225600" (unix seconds) or "+600" (seconds from now).
Result<uint64_t> ParseExpiry(const std::string& text) {
  const bool relative = !text.empty() && text[0] == '+';
  const char* begin = text.data() + (relative ? 1 : 0);
  const char* end = text.data() + text.size();
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (begin == end || ec != std::errc() || ptr != end) {
    return Status::InvalidArgument("--expires-at", "unix seconds, or +SECONDS from now");
  }
  const uint64_t now = static_cast<uint64_t>(std::time(nullptr));
  if (relative) {
    if (v == 0 || v > 10ULL * 365 * 24 * 3600) {
      return Status::InvalidArgument("--expires-at", "+SECONDS must be 1..10 years");
    }
    return now + v;
  }
  if (v <= now) return Status::InvalidArgument("--expires-at", "is in the past");
  return v;
}

Status Place(const PlaceArgs& a) {
  order::Order o;
  if (a.pair.empty()) return Status::InvalidArgument("--pair", "required");
  o.pair = a.pair;
  PP_ASSIGN_OR_RETURN(o.side, order::ParseSide(a.side, "--side"));
  PP_ASSIGN_OR_RETURN(o.type, order::ParseOrderType(a.type, "--type"));
  PP_ASSIGN_OR_RETURN(o.validity, order::ParseValidity(a.tif, "--tif"));
  PP_ASSIGN_OR_RETURN(o.size, ParseAmountArg(a.size, "--size"));
  if (o.size == 0) return Status::InvalidArgument("--size", "must be at least one lot");
  if (o.type == order::OrderType::kLimit) {
    if (a.price.empty()) return Status::InvalidArgument("--price", "a limit order needs a price");
    PP_ASSIGN_OR_RETURN(o.limit_price, ParseAmountArg(a.price, "--price"));
  } else if (!a.price.empty()) {
    return Status::InvalidArgument("--price", "a market order has no price");
  }
  if (!a.min_fill.empty()) {
    PP_ASSIGN_OR_RETURN(o.min_fill, ParseAmountArg(a.min_fill, "--min-fill"));
  }
  if (o.min_fill > o.size) return Status::InvalidArgument("--min-fill", "exceeds --size");
  if (o.validity == order::Validity::kGtt) {
    if (a.expires_at.empty()) return Status::InvalidArgument("--expires-at", "gtt needs it");
    PP_ASSIGN_OR_RETURN(o.expiry, ParseExpiry(a.expires_at));
  } else if (!a.expires_at.empty()) {
    return Status::InvalidArgument("--expires-at", "only a gtt order expires");
  }
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, true, true));
  PP_ASSIGN_OR_RETURN(api::OrderInfo info, c.client->PlaceOrder(o));
  if (a.o.json) {
    std::cout << api::ToJson(info).dump() << "\n";
    return Status::Ok();
  }
  PP_ASSIGN_OR_RETURN(auto pairs, c.client->Pairs());
  std::string size = std::to_string(o.size) + " lots", price = "market";
  for (const auto& p : pairs) {
    if (p.fields.symbol != o.pair) continue;
    size = FormatLots(p.fields, o.size);
    if (o.limit_price) price = FormatPrice(p.fields, *o.limit_price);
  }
  std::cout << "order       " << info.id << " " << info.status << "\n"
            << "pair        " << info.pair << " " << info.side << " " << info.order_type << " "
            << info.validity << "\n"
            << "size        " << size << " (" << o.size << " lots)\n"
            << "price       " << price
            << (o.limit_price ? " (" + std::to_string(*o.limit_price) + " ticks)" : "") << "\n"
            << "encrypted   to the executors' joint key; the server sees neither size nor price\n";
  return Status::Ok();
}

struct ShowArgs {
  TraderOptions o;
  int64_t id = 0;
};

Status Show(const ShowArgs& a) {
  if (a.id <= 0) return Status::InvalidArgument("--id", "must be a positive order id");
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, true, true));
  PP_ASSIGN_OR_RETURN(api::OrderInfo info, c.client->Order(a.id));
  PP_ASSIGN_OR_RETURN(auto pairs, c.client->Pairs());
  PP_ASSIGN_OR_RETURN(OwnOrderView v, ViewOwnOrder(info, pairs, *c.key));
  if (a.o.json) {
    json j = api::ToJson(info);
    j["opened"] = {{"size", v.size_lots},
                   {"price", v.price_ticks ? json(*v.price_ticks) : json(nullptr)},
                   {"min_fill", v.min_fill_lots}};
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  auto opt = [](const std::optional<int64_t>& x) { return x ? std::to_string(*x) : "-"; };
  std::cout << "order       " << info.id << "\n"
            << "pair        " << info.pair << "\n"
            << "side        " << info.side << "\n"
            << "type        " << info.order_type << "\n"
            << "tif         " << info.validity << "\n"
            << "status      " << info.status << "\n"
            << "size        " << v.size << " (" << v.size_lots << " lots)\n"
            << "price       " << v.price << "\n"
            << "min_fill    " << v.min_fill << "\n"
            << "filled      " << v.filled << "\n"
            << "session     " << opt(info.matching_session_id) << "\n"
            << "expires_at  " << (info.expires_at ? FormatMicros(*info.expires_at) : "-") << "\n"
            << "created     " << FormatMicros(info.created_at) << "\n"
            << "updated     " << FormatMicros(info.updated_at) << "\n";
  return Status::Ok();
}

}  // namespace

void AddOrderPlaceShowCommands(CLI::App& order_cmd, int& exit_code) {
  static PlaceArgs p;
  auto* place = order_cmd.add_subcommand("place", "Encrypt, prove and submit an order (trader)");
  AddTraderOptions(place, p.o, true);
  place->add_option("--pair", p.pair, "Pair symbol, e.g. SOL/USDC")->required();
  place->add_option("--side", p.side, "buy or sell")->required();
  place->add_option("--type", p.type, "limit or market")->capture_default_str();
  place->add_option("--size", p.size, "Size in lots")->required();
  place->add_option("--price", p.price, "Limit price in ticks (limit orders)");
  place->add_option("--min-fill", p.min_fill, "Minimum fill in lots (default: none)");
  place->add_option("--tif", p.tif, "gtc, ioc or gtt")->capture_default_str();
  place->add_option("--expires-at", p.expires_at, "gtt only: unix seconds, or +SECONDS");
  place->callback([&exit_code] { exit_code = ReportStatus(Place(p)); });

  static ShowArgs s;
  auto* show = order_cmd.add_subcommand("show", "Show one of the trader's orders");
  AddTraderOptions(show, s.o, true);
  show->add_option("--id", s.id, "The order id")->required();
  show->callback([&exit_code] { exit_code = ReportStatus(Show(s)); });
}

}  // namespace phantompool::cli
