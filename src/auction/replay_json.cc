#include "phantompool/auction/replay_json.h"

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>

#include "phantompool/common/hex.h"

namespace phantompool::auction {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Records the path of the first key that repeats within one object: nlohmann keeps the
// last value silently, and a replay document must mean exactly one thing.
class DuplicateKeyFinder {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        frames_.push_back({event == json::parse_event_t::array_start, 0, "", {}, ChildPath()});
        break;
      case json::parse_event_t::key: {
        Frame& top = frames_.back();
        top.key = parsed.get<std::string>();
        if (std::find(top.keys.begin(), top.keys.end(), top.key) != top.keys.end()) {
          if (!duplicate_) duplicate_ = ChildPath();
        }
        top.keys.push_back(top.key);
        break;
      }
      case json::parse_event_t::value:
        if (!frames_.empty() && frames_.back().array) ++frames_.back().next_index;
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames_.pop_back();
        if (!frames_.empty() && frames_.back().array) ++frames_.back().next_index;
        break;
    }
    return true;
  }
  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool array;
    size_t next_index;
    std::string key;
    std::vector<std::string> keys;
    std::string path;
  };
  std::string ChildPath() const {
    if (frames_.empty()) return "";
    const Frame& top = frames_.back();
    if (top.array) return top.path + "[" + std::to_string(top.next_index) + "]";
    return top.path.empty() ? top.key : top.path + "." + top.key;
  }
  std::vector<Frame> frames_;
  std::optional<std::string> duplicate_;
};

std::string Join(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}

Status CheckKeys(const json& object, std::string_view path,
                 std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Status::InvalidArgument(Join(path, key.substr(0, 64)), "unknown field");
    }
  }
  return Status::Ok();
}

Result<uint64_t> GetUnsigned(const json& value, const std::string& field) {
  // nlohmann stores integers without a sign as number_unsigned; negative numbers,
  // fractions, exponents and integers beyond 2^64-1 arrive as other types.
  if (!value.is_number_unsigned()) {
    return Status::InvalidArgument(field, "must be an integer in [0, 2^64-1]");
  }
  return value.get<uint64_t>();
}

Result<std::string> GetString(const json& value, const std::string& field) {
  if (!value.is_string()) return Status::InvalidArgument(field, "must be a string");
  return value.get<std::string>();
}

Result<PairParams> ParsePair(const json& value) {
  if (value.is_string()) return FindKnownPair(value.get<std::string>(), "pair");
  if (!value.is_object()) return Status::InvalidArgument("pair", "must be a name or an object");
  PP_RETURN_IF_ERROR(
      CheckKeys(value, "pair",
                {"name", "tick_size", "min_price", "max_price", "quote_per_tick", "base_scale",
                 "min_order_size", "max_order_size", "collar_low", "collar_price"}));
  std::string name = "SOL/USDC";
  if (value.contains("name")) {
    PP_ASSIGN_OR_RETURN(name, GetString(value["name"], "pair.name"));
  }
  // A built-in pair's parameters are the defaults; a new pair must give every field.
  std::optional<PairParams> base;
  for (const PairParams& known : KnownPairs()) {
    if (known.name == name) base = known;
  }
  PairParams pair = base.value_or(PairParams{});
  pair.name = name;
  const std::pair<const char*, uint64_t PairParams::*> fields[] = {
      {"tick_size", &PairParams::tick_size},
      {"min_price", &PairParams::min_price},
      {"max_price", &PairParams::max_price},
      {"quote_per_tick", &PairParams::quote_per_tick},
      {"base_scale", &PairParams::base_scale},
      {"min_order_size", &PairParams::min_order_size},
      {"max_order_size", &PairParams::max_order_size},
      {"collar_low", &PairParams::collar_low},
      {"collar_price", &PairParams::collar_price},
  };
  for (const auto& [key, member] : fields) {
    const std::string field = std::string("pair.") + key;
    if (value.contains(key)) {
      PP_ASSIGN_OR_RETURN(pair.*member, GetUnsigned(value[key], field));
    } else if (!base) {
      return Status::InvalidArgument(
          field, "required: '" + name.substr(0, 32) + "' is not a built-in pair");
    }
  }
  return pair;
}

Result<Order> ParseOrder(const json& value, const std::string& path) {
  if (!value.is_object()) return Status::InvalidArgument(path, "must be an object");
  PP_RETURN_IF_ERROR(CheckKeys(
      value, path,
      {"id", "owner", "pair", "side", "type", "price", "size", "min_fill", "validity", "expiry"}));
  auto required = [&](const char* key) -> Result<const json*> {
    if (!value.contains(key)) return Status::InvalidArgument(Join(path, key), "required");
    return &value[key];
  };
  Order o;
  const json* v = nullptr;
  PP_ASSIGN_OR_RETURN(v, required("id"));
  PP_ASSIGN_OR_RETURN(o.id, GetString(*v, Join(path, "id")));
  PP_ASSIGN_OR_RETURN(v, required("owner"));
  PP_ASSIGN_OR_RETURN(o.owner, GetString(*v, Join(path, "owner")));
  if (value.contains("pair")) {
    PP_ASSIGN_OR_RETURN(o.pair, GetString(value["pair"], Join(path, "pair")));
  }
  std::string text;
  PP_ASSIGN_OR_RETURN(v, required("side"));
  PP_ASSIGN_OR_RETURN(text, GetString(*v, Join(path, "side")));
  PP_ASSIGN_OR_RETURN(o.side, ParseSide(text, Join(path, "side")));
  PP_ASSIGN_OR_RETURN(v, required("type"));
  PP_ASSIGN_OR_RETURN(text, GetString(*v, Join(path, "type")));
  PP_ASSIGN_OR_RETURN(o.type, ParseOrderType(text, Join(path, "type")));
  if (value.contains("price")) {
    PP_ASSIGN_OR_RETURN(o.price, GetUnsigned(value["price"], Join(path, "price")));
  }
  PP_ASSIGN_OR_RETURN(v, required("size"));
  PP_ASSIGN_OR_RETURN(o.size, GetUnsigned(*v, Join(path, "size")));
  if (value.contains("min_fill")) {
    PP_ASSIGN_OR_RETURN(o.min_fill, GetUnsigned(value["min_fill"], Join(path, "min_fill")));
  }
  if (value.contains("validity")) {
    PP_ASSIGN_OR_RETURN(text, GetString(value["validity"], Join(path, "validity")));
    PP_ASSIGN_OR_RETURN(o.validity, ParseValidity(text, Join(path, "validity")));
  }
  if (value.contains("expiry")) {
    PP_ASSIGN_OR_RETURN(o.expiry, GetUnsigned(value["expiry"], Join(path, "expiry")));
  }
  return o;
}

Result<ReplayInput> ParseDocument(const json& doc) {
  if (!doc.is_object()) return Status::InvalidArgument("input", "must be a JSON object");
  PP_RETURN_IF_ERROR(
      CheckKeys(doc, "", {"reference_price", "vrf_output", "now", "pair", "orders"}));
  ReplayInput in;
  if (doc.contains("pair")) {
    PP_ASSIGN_OR_RETURN(in.pair, ParsePair(doc["pair"]));
  } else {
    PP_ASSIGN_OR_RETURN(in.pair, FindKnownPair("SOL/USDC", "pair"));
  }
  if (!doc.contains("reference_price")) {
    return Status::InvalidArgument("reference_price", "required");
  }
  PP_ASSIGN_OR_RETURN(in.session.reference_price,
                      GetUnsigned(doc["reference_price"], "reference_price"));
  if (!doc.contains("vrf_output")) return Status::InvalidArgument("vrf_output", "required");
  std::string hex;
  PP_ASSIGN_OR_RETURN(hex, GetString(doc["vrf_output"], "vrf_output"));
  std::vector<uint8_t> vrf;
  PP_ASSIGN_OR_RETURN(vrf, ParseHexExact(hex, 32, "vrf_output"));
  std::copy(vrf.begin(), vrf.end(), in.session.vrf_output.begin());
  if (doc.contains("now")) {
    PP_ASSIGN_OR_RETURN(in.session.now, GetUnsigned(doc["now"], "now"));
  }
  if (!doc.contains("orders")) return Status::InvalidArgument("orders", "required");
  const json& orders = doc["orders"];
  if (!orders.is_array()) return Status::InvalidArgument("orders", "must be an array");
  in.orders.reserve(orders.size());
  for (size_t i = 0; i < orders.size(); ++i) {
    Order o;
    PP_ASSIGN_OR_RETURN(o, ParseOrder(orders[i], "orders[" + std::to_string(i) + "]"));
    in.orders.push_back(std::move(o));
  }
  return in;
}

ordered_json OptionalNumber(const std::optional<uint64_t>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

}  // namespace

Result<ReplayInput> ParseReplayInput(std::string_view text) {
  DuplicateKeyFinder finder;
  json doc;
  try {
    doc = json::parse(text.begin(), text.end(), std::ref(finder));
  } catch (const json::exception& e) {
    return Status::InvalidArgument("input", std::string("not valid JSON: ") + e.what());
  }
  if (finder.duplicate()) return Status::InvalidArgument(*finder.duplicate(), "duplicate key");
  return ParseDocument(doc);
}

std::string FormatReplayOutput(const ReplayInput& input, const AuctionResult& result) {
  ordered_json out;
  out["pair"] = input.pair.name;
  out["clearing_price"] = OptionalNumber(result.clearing_price);
  out["price_rule"] = PriceRuleName(result.rule);
  out["volume"] = result.volume;
  out["notional"] = result.notional;
  ordered_json trades = ordered_json::array();
  for (const Trade& t : result.trades) {
    trades.push_back({{"buy_order_id", input.orders[t.buy].id},
                      {"sell_order_id", input.orders[t.sell].id},
                      {"size", t.size},
                      {"price", t.price},
                      {"notional", t.notional}});
  }
  out["trades"] = std::move(trades);
  // Sorted by id so that the document does not depend on the order of the input.
  std::vector<size_t> by_id(input.orders.size());
  std::iota(by_id.begin(), by_id.end(), size_t{0});
  std::sort(by_id.begin(), by_id.end(),
            [&](size_t a, size_t b) { return input.orders[a].id < input.orders[b].id; });
  ordered_json orders = ordered_json::array();
  for (size_t i : by_id) {
    const OrderOutcome& o = result.orders[i];
    const std::string_view reason = UnfilledReasonName(o.reason);
    orders.push_back({{"id", input.orders[i].id},
                      {"filled", o.filled},
                      {"remaining", o.remaining},
                      {"status", OrderStatusName(o.status)},
                      {"reason", reason.empty() ? ordered_json(nullptr) : ordered_json(reason)},
                      {"withheld", o.withheld},
                      {"notional", o.notional}});
  }
  out["orders"] = std::move(orders);
  return out.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string FormatErrorJson(const Status& status) {
  ordered_json error;
  error["code"] = StatusCodeName(status.code());
  error["field"] = status.field();
  error["message"] = status.message();
  ordered_json out;
  out["error"] = std::move(error);
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace phantompool::auction
