// Names, parsers and small helpers for the store's records.
#include <chrono>

#include "phantompool/store/store.h"

namespace phantompool::store {
namespace {

template <typename E, size_t N>
Result<E> ParseEnum(std::string_view s, std::string_view field,
                    const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<E>(i);
  }
  std::string allowed;
  for (size_t i = 0; i < N; ++i) {
    if (i) allowed += ", ";
    allowed += names[i];
  }
  return Status::InvalidArgument(std::string(field), "must be one of: " + allowed);
}

constexpr std::string_view kRoles[] = {"trader", "auditor", "executor", "service"};
constexpr std::string_view kSides[] = {"buy", "sell"};
constexpr std::string_view kTypes[] = {"market", "limit"};
constexpr std::string_view kValidity[] = {"gtc", "gtt", "ioc"};
constexpr std::string_view kStatus[] = {"active", "matching",  "partially_filled",
                                        "filled", "cancelled", "expired"};
constexpr std::string_view kKyc[] = {"pending", "verified", "rejected"};

}  // namespace

std::string_view RoleName(Role r) {
  return kRoles[static_cast<size_t>(r)];
}
Result<Role> ParseRole(std::string_view s, std::string_view f) {
  return ParseEnum<Role>(s, f, kRoles);
}
std::string Principal::ToString() const {
  return std::string(RoleName(role)) + ":" + std::to_string(user_id);
}

std::string_view Name(Side v) {
  return kSides[static_cast<size_t>(v)];
}
std::string_view Name(OrderType v) {
  return kTypes[static_cast<size_t>(v)];
}
std::string_view Name(Validity v) {
  return kValidity[static_cast<size_t>(v)];
}
std::string_view Name(OrderStatus v) {
  return kStatus[static_cast<size_t>(v)];
}
std::string_view Name(KycStatus v) {
  return kKyc[static_cast<size_t>(v)];
}
Result<Side> ParseSide(std::string_view s, std::string_view f) {
  return ParseEnum<Side>(s, f, kSides);
}
Result<OrderType> ParseOrderType(std::string_view s, std::string_view f) {
  return ParseEnum<OrderType>(s, f, kTypes);
}
Result<Validity> ParseValidity(std::string_view s, std::string_view f) {
  return ParseEnum<Validity>(s, f, kValidity);
}
Result<OrderStatus> ParseOrderStatus(std::string_view s, std::string_view f) {
  return ParseEnum<OrderStatus>(s, f, kStatus);
}
Result<KycStatus> ParseKycStatus(std::string_view s, std::string_view f) {
  return ParseEnum<KycStatus>(s, f, kKyc);
}

bool IsOpen(OrderStatus s) {
  return s == OrderStatus::kActive || s == OrderStatus::kMatching ||
         s == OrderStatus::kPartiallyFilled;
}

std::optional<uint64_t> QuoteValue(const TradingPair& pair, uint64_t size, uint64_t price) {
  if (pair.base_scale == 0) return std::nullopt;
  // Exact in 128 bits: size and price are below 2^63, so their product fits; the third
  // factor is checked before it multiplies.
  using u128 = unsigned __int128;
  const u128 num = static_cast<u128>(size) * price;
  if (pair.quote_per_tick != 0 && num > ~static_cast<u128>(0) / pair.quote_per_tick) {
    return std::nullopt;
  }
  const u128 q = num * pair.quote_per_tick / pair.base_scale;
  if (q > kMaxAmount) return std::nullopt;
  return static_cast<uint64_t>(q);
}

int64_t SystemClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace phantompool::store
