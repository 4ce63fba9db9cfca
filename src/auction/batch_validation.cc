#include "auction/batch_validation.h"

#include <algorithm>
#include <limits>
#include <string>

#include "auction/radix_sort.h"

namespace phantompool::auction::internal {
namespace {

constexpr size_t kMaxNameLength = 64;

std::string OrderField(size_t i, std::string_view field) {
  return "orders[" + std::to_string(i) + "]." + std::string(field);
}

// Ids and owners are public order metadata used as keys in the store and in JSON: 1 to 64
// printable ASCII characters, no spaces.
Status CheckName(size_t i, std::string_view field, std::string_view value) {
  if (value.empty() || value.size() > kMaxNameLength) {
    return Status::InvalidArgument(OrderField(i, field), "must be 1 to 64 characters");
  }
  for (char c : value) {
    if (c <= 0x20 || c > 0x7e) {
      return Status::InvalidArgument(OrderField(i, field),
                                     "must be printable ASCII without spaces");
    }
  }
  return Status::Ok();
}

Status CheckOrder(size_t i, const Order& o, const order::PairSpec& pair,
                  const SessionInputs& session) {
  PP_RETURN_IF_ERROR(CheckName(i, "id", o.id));
  PP_RETURN_IF_ERROR(CheckName(i, "owner", o.owner));
  if (!o.pair.empty() && o.pair != pair.symbol()) {
    return Status::InvalidArgument(OrderField(i, "pair"), "unknown pair '" + o.pair.substr(0, 32) +
                                                              "': this batch is " + pair.symbol());
  }
  if (o.size == 0) return Status::InvalidArgument(OrderField(i, "size"), "must be positive");
  if (o.size < pair.min_order_size()) {
    return Status::InvalidArgument(
        OrderField(i, "size"),
        "below the pair's min_order_size " + std::to_string(pair.min_order_size()));
  }
  if (o.size > pair.max_order_size()) {
    return Status::InvalidArgument(
        OrderField(i, "size"),
        "above the pair's max_order_size " + std::to_string(pair.max_order_size()));
  }
  if (o.type == OrderType::kLimit) {
    if (!o.price.has_value()) {
      return Status::InvalidArgument(OrderField(i, "price"), "a limit order needs a price");
    }
    if (*o.price % pair.tick_size() != 0) {
      return Status::InvalidArgument(
          OrderField(i, "price"),
          "off the tick grid (tick_size " + std::to_string(pair.tick_size()) + ")");
    }
    if (!pair.IsValidPrice(*o.price)) {
      return Status::InvalidArgument(OrderField(i, "price"),
                                     "outside [" + std::to_string(pair.min_price()) + ", " +
                                         std::to_string(pair.max_price()) + "]");
    }
  } else if (o.price.has_value()) {
    return Status::InvalidArgument(OrderField(i, "price"),
                                   "a market order has no price (the pair's collar bounds it)");
  }
  if (o.min_fill > o.size) {
    return Status::InvalidArgument(OrderField(i, "min_fill"), "greater than size");
  }
  if (o.validity == Validity::kGtt) {
    if (!o.expiry.has_value()) {
      return Status::InvalidArgument(OrderField(i, "expiry"), "a gtt order needs an expiry");
    }
    if (!session.now.has_value()) {
      return Status::InvalidArgument("now", "required: " + OrderField(i, "validity") + " is gtt");
    }
  } else if (o.expiry.has_value()) {
    return Status::InvalidArgument(OrderField(i, "expiry"), "only a gtt order has an expiry");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateBatch(std::span<const Order> orders, const order::PairSpec& pair,
                     const SessionInputs& session) {
  if (!pair.IsValidPrice(session.reference_price)) {
    return Status::InvalidArgument("reference_price",
                                   "must be a grid price within [min_price, max_price]");
  }
  if (orders.size() > std::numeric_limits<uint32_t>::max()) {
    return Status::ResourceExhausted("orders", "more than 2^32-1 orders in one batch");
  }
  static_assert(order::kMaxPairValue * order::kMaxPairValue <= UINT64_MAX);
  for (size_t i = 0; i < orders.size(); ++i) {
    PP_RETURN_IF_ERROR(CheckOrder(i, orders[i], pair, session));
  }
  return Status::Ok();
}

Status CheckDuplicateIds(std::span<const Order> orders, std::span<const uint64_t> rank) {
  std::vector<KeyIndex> items(orders.size());
  for (size_t i = 0; i < orders.size(); ++i) {
    items[i] = {rank[i] >> 32, static_cast<uint32_t>(i)};
  }
  RadixSortByKey(items);  // four passes: the low 32 bits of every key are zero
  size_t first = 0, duplicate = orders.size();
  std::vector<uint32_t> run;
  for (size_t begin = 0; begin < items.size();) {
    size_t end = begin + 1;
    while (end < items.size() && items[end].key == items[begin].key) ++end;
    if (end - begin > 1) {
      run.clear();
      for (size_t k = begin; k < end; ++k) run.push_back(items[k].index);
      std::sort(run.begin(), run.end(), [&](uint32_t a, uint32_t b) {
        return orders[a].id != orders[b].id ? orders[a].id < orders[b].id : a < b;
      });
      for (size_t k = 1; k < run.size(); ++k) {
        // Same id as its predecessor: the first of the group is the earliest occurrence.
        if (orders[run[k]].id == orders[run[k - 1]].id && run[k] < duplicate) {
          size_t g = k - 1;
          while (g > 0 && orders[run[g - 1]].id == orders[run[k]].id) --g;
          duplicate = run[k];
          first = run[g];
        }
      }
    }
    begin = end;
  }
  if (duplicate == orders.size()) return Status::Ok();
  return Status::AlreadyExists(OrderField(duplicate, "id"),
                               "duplicate of orders[" + std::to_string(first) + "].id");
}

}  // namespace phantompool::auction::internal
