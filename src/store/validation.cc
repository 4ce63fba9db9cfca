#include "validation.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "sql.h"

namespace phantompool::store::internal {
namespace {

[[noreturn]] void Invalid(std::string_view field, std::string why) {
  Fail(Status::InvalidArgument(std::string(field), std::move(why)));
}

bool IsBase58(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= '1' && c <= '9') || (c >= 'A' && c <= 'H') || (c >= 'J' && c <= 'N') ||
                    (c >= 'P' && c <= 'Z') || (c >= 'a' && c <= 'k') || (c >= 'm' && c <= 'z');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

void ValidateBytes(const Bytes& b, size_t min, size_t max, std::string_view field) {
  if (b.size() < min || b.size() > max) {
    Invalid(field, min == max ? "must be " + std::to_string(min) + " bytes"
                              : "must be " + std::to_string(min) + ".." + std::to_string(max) +
                                    " bytes, got " + std::to_string(b.size()));
  }
}

void ValidateToken(std::string_view token, std::string_view field) {
  if (token.size() < 32 || token.size() > 44 || !IsBase58(token)) {
    Invalid(field, "must be a base58 mint address of 32..44 characters");
  }
}

void ValidateJson(std::string_view text, std::string_view field, bool must_be_object) {
  if (text.size() > 65536) Invalid(field, "JSON larger than 64 KiB");
  const auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) Invalid(field, "is not valid JSON");
  if (must_be_object && !parsed.is_object()) Invalid(field, "must be a JSON object");
}

void ValidateNewUser(const NewUser& u) {
  if (u.wallet_address.size() < 32 || u.wallet_address.size() > 44 || !IsBase58(u.wallet_address)) {
    Invalid("users.wallet_address", "must be a base58 address of 32..44 characters");
  }
  ValidateBytes(u.public_key, 32, 32, "users.public_key");
  if (u.username && (u.username->empty() || u.username->size() > 64)) {
    Invalid("users.username", "must be 1..64 characters");
  }
  if (u.trading_tier != "basic" && u.trading_tier != "premium" &&
      u.trading_tier != "institutional") {
    Invalid("users.trading_tier", "must be one of: basic, premium, institutional");
  }
  if (u.max_order_size == 0 || u.max_order_size > kMaxAmount) {
    Invalid("users.max_order_size", "must be between 1 and 2^63-1");
  }
  if (u.daily_volume_limit == 0 || u.daily_volume_limit > kMaxAmount) {
    Invalid("users.daily_volume_limit", "must be between 1 and 2^63-1");
  }
  ValidateJson(u.metadata_json, "users.metadata", true);
}

void ValidateNewOrder(const NewOrder& o, int64_t now) {
  if (o.user_id <= 0) Invalid("encrypted_orders.user_id", "must be positive");
  if (o.trading_pair_id <= 0) Invalid("encrypted_orders.trading_pair_id", "must be positive");
  if (o.format_version == 0) Invalid("encrypted_orders.format_version", "must be positive");
  ValidateBytes(o.ciphertexts, 1, 1 << 20, "encrypted_orders.ciphertexts");
  ValidateBytes(o.commitments, 1, 1 << 20, "encrypted_orders.commitments");
  ValidateBytes(o.proof_bundle, 1, 1 << 22, "encrypted_orders.proof_bundle");
  ValidateBytes(o.signature, 64, 64, "encrypted_orders.signature");
  ValidateBytes(o.nonce, 16, 64, "encrypted_orders.nonce");
  if (o.validity == Validity::kGoodTillTime) {
    if (!o.expires_at) Invalid("encrypted_orders.expires_at", "required for gtt orders");
    if (*o.expires_at <= now) Invalid("encrypted_orders.expires_at", "must lie in the future");
  } else if (o.expires_at) {
    Invalid("encrypted_orders.expires_at", "only gtt orders expire");
  }
}

void ValidateMetric(const MetricSample& m) {
  if (m.name.empty() || m.name.size() > 128)
    Invalid("system_metrics.metric_name", "must be 1..128 characters");
  if (!std::isfinite(m.value)) Invalid("system_metrics.metric_value", "must be a finite number");
  if (m.period_end < m.period_start) Invalid("system_metrics.period_end", "before period_start");
}

void ValidateHealth(const HealthUpdate& h) {
  if (h.component.empty() || h.component.size() > 64) {
    Invalid("system_health.component", "must be 1..64 characters");
  }
  if (h.status != "healthy" && h.status != "degraded" && h.status != "unhealthy" &&
      h.status != "offline") {
    Invalid("system_health.status", "must be one of: healthy, degraded, unhealthy, offline");
  }
  if (h.health_score < 0 || h.health_score > 10000)
    Invalid("system_health.health_score", "must be 0..10000");
  if (h.response_time_ms && *h.response_time_ms < 0)
    Invalid("system_health.response_time_ms", "negative");
  if (h.throughput && !std::isfinite(*h.throughput))
    Invalid("system_health.throughput", "not finite");
  if (h.error_rate && (!std::isfinite(*h.error_rate) || *h.error_rate < 0 || *h.error_rate > 1)) {
    Invalid("system_health.error_rate", "must be between 0 and 1");
  }
  ValidateJson(h.details_json, "system_health.details", true);
}

}  // namespace phantompool::store::internal
