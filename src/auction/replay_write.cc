// The replay's result document, written as it is produced (json_writer.h).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <numeric>

#include "auction/json_writer.h"
#include "phantompool/auction/replay_json.h"
#include "phantompool/common/hex.h"

namespace phantompool::auction {
namespace {

using internal::JsonWriter;

void OptionalUint(JsonWriter& w, const std::optional<uint64_t>& v) {
  if (v) {
    w.Uint(*v);
  } else {
    w.Null();
  }
}

// The pair's parameters as used: every field, so the output says what was cleared against.
void WritePair(JsonWriter& w, const order::PairSpec& pair) {
  const order::PairFields& f = pair.fields();
  w.BeginObject();
  w.Key("symbol"), w.String(f.symbol);
  w.Key("base_token"), w.String(f.base_token);
  w.Key("quote_token"), w.String(f.quote_token);
  w.Key("base_token_name"), w.String(f.base_token_name);
  w.Key("quote_token_name"), w.String(f.quote_token_name);
  w.Key("base_decimals"), w.Uint(f.base_decimals);
  w.Key("quote_decimals"), w.Uint(f.quote_decimals);
  w.Key("base_lot"), w.Uint(f.base_lot);
  w.Key("quote_per_tick"), w.Uint(f.quote_per_tick);
  w.Key("tick_size"), w.Uint(f.tick_size);
  w.Key("min_price"), w.Uint(f.min_price);
  w.Key("max_price"), w.Uint(f.max_price);
  w.Key("market_sell_collar"), w.Uint(f.market_sell_collar);
  w.Key("market_buy_collar"), w.Uint(f.market_buy_collar);
  w.Key("min_order_size"), w.Uint(f.min_order_size);
  w.Key("max_order_size"), w.Uint(f.max_order_size);
  w.Key("fee_bps"), w.Uint(f.fee_bps);
  w.Key("batch_period_ms"), w.Uint(f.batch_period_ms);
  w.Key("batch_max_orders"), w.Uint(f.batch_max_orders);
  w.EndObject();
}

// Order indices sorted by id bytes. The first eight bytes of each id, big-endian, decide
// most comparisons without touching the strings (a million ids sort several times faster).
std::vector<uint32_t> ById(const std::vector<Order>& orders) {
  struct Key {
    uint64_t prefix;
    uint32_t index;
  };
  std::vector<Key> keys(orders.size());
  for (size_t i = 0; i < orders.size(); ++i) {
    uint64_t prefix = 0;
    const std::string& id = orders[i].id;
    for (size_t k = 0; k < 8; ++k) {
      prefix = prefix << 8 | (k < id.size() ? static_cast<uint8_t>(id[k]) : 0);
    }
    keys[i] = {prefix, static_cast<uint32_t>(i)};
  }
  std::sort(keys.begin(), keys.end(), [&orders](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return orders[a.index].id < orders[b.index].id;
  });
  std::vector<uint32_t> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) out[i] = keys[i].index;
  return out;
}

void WriteDocument(JsonWriter& w, const ReplayInput& in, const ReplayChecks& checks,
                   const AuctionResult& r) {
  w.BeginObject();
  w.Key("version"), w.Uint(kReplayFormatVersion);
  w.Key("pair"), WritePair(w, in.pair);
  w.Key("session"), w.BeginObject();
  w.Key("number"), w.Uint(in.session_number);
  w.Key("now"), OptionalUint(w, in.session.now);
  w.Key("reference_price"), w.Uint(in.session.reference_price);
  w.Key("reference_from_session"), OptionalUint(w, in.reference_from_session);
  w.EndObject();
  w.Key("draw"), w.BeginObject();
  w.Key("batch_digest"), w.String(ToHex(in.vrf.batch_digest));
  w.Key("seed"), w.String(ToHex(in.vrf.seed));
  w.Key("vrf_output"), w.String(ToHex(in.vrf.output));
  w.Key("verified"), w.BeginObject();
  w.Key("batch_digest"), w.Bool(checks.batch_digest);
  w.Key("seed"), w.Bool(checks.seed);
  w.Key("vrf_output"), w.Bool(checks.vrf_output);
  w.EndObject();
  w.EndObject();
  w.Key("clearing_price"), OptionalUint(w, r.clearing_price);
  w.Key("price_rule"), w.String(PriceRuleName(r.rule));
  w.Key("volume"), w.Uint(r.volume);
  w.Key("notional"), w.Uint(r.notional);
  w.Key("trades"), w.BeginArray();
  for (const Trade& t : r.trades) {
    w.BeginObject();
    w.Key("buy_order_id"), w.String(in.orders[t.buy].id);
    w.Key("sell_order_id"), w.String(in.orders[t.sell].id);
    w.Key("size"), w.Uint(t.size);
    w.Key("price"), w.Uint(t.price);
    w.Key("notional"), w.Uint(t.notional);
    w.EndObject();
  }
  w.EndArray();
  // Sorted by id so that the document does not depend on the order of the input.
  const std::vector<uint32_t> by_id = ById(in.orders);
  w.Key("orders"), w.BeginArray();
  for (uint32_t i : by_id) {
    const OrderOutcome& o = r.orders[i];
    const std::string_view reason = UnfilledReasonName(o.reason);
    w.BeginObject();
    w.Key("id"), w.String(in.orders[i].id);
    w.Key("filled"), w.Uint(o.filled);
    w.Key("remaining"), w.Uint(o.remaining);
    w.Key("status"), w.String(OrderStatusName(o.status));
    w.Key("reason");
    if (reason.empty()) {
      w.Null();
    } else {
      w.String(reason);
    }
    w.Key("withheld"), w.Uint(o.withheld);
    w.Key("notional"), w.Uint(o.notional);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

bool WriteReplayOutput(const ReplayInput& input, const ReplayChecks& checks,
                       const AuctionResult& result, std::FILE* out) {
  JsonWriter w([out](std::string_view text) {
    return std::fwrite(text.data(), 1, text.size(), out) == text.size();
  });
  WriteDocument(w, input, checks, result);
  return w.Finish() && std::fflush(out) == 0;
}

std::string FormatReplayOutput(const ReplayInput& input, const ReplayChecks& checks,
                               const AuctionResult& result) {
  std::string text;
  JsonWriter w([&text](std::string_view part) {
    text += part;
    return true;
  });
  WriteDocument(w, input, checks, result);
  w.Finish();
  return text;
}

std::string FormatErrorJson(const Status& status) {
  nlohmann::ordered_json error;
  error["code"] = StatusCodeName(status.code());
  error["field"] = status.field();
  error["message"] = status.message();
  nlohmann::ordered_json out;
  out["error"] = std::move(error);
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace phantompool::auction
