#include "validation.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace phantompool::store::internal {
namespace {

Status Invalid(std::string_view field, std::string why) {
  return Status::InvalidArgument(std::string(field), std::move(why));
}

bool IsBase58(std::string_view s) {
  for (char c : s) {
    const bool ok = (c >= '1' && c <= '9') || (c >= 'A' && c <= 'H') || (c >= 'J' && c <= 'N') ||
                    (c >= 'P' && c <= 'Z') || (c >= 'a' && c <= 'k') || (c >= 'm' && c <= 'z');
    if (!ok) return false;
  }
  return true;
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
bool IsUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    const uint32_t min = n == 1 ? 0x80 : n == 2 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

Status ValidateText(std::string_view text, size_t min, size_t max, std::string_view field) {
  if (text.size() < min || text.size() > max) {
    return Invalid(field, "must be " + std::to_string(min) + ".." + std::to_string(max) + " bytes");
  }
  if (!IsUtf8(text)) return Invalid(field, "must be valid UTF-8");
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Invalid(field, "must not contain control characters");
    }
  }
  return Status::Ok();
}

Status ValidateBytes(const Bytes& b, size_t min, size_t max, std::string_view field) {
  if (b.size() < min || b.size() > max) {
    return Invalid(field, min == max
                              ? "must be " + std::to_string(min) + " bytes"
                              : "must be " + std::to_string(min) + ".." + std::to_string(max) +
                                    " bytes, got " + std::to_string(b.size()));
  }
  return Status::Ok();
}

Status ValidateToken(std::string_view token, std::string_view field) {
  if (token.size() < 32 || token.size() > 44 || !IsBase58(token)) {
    return Invalid(field, "must be a base58 mint address of 32..44 characters");
  }
  return Status::Ok();
}

Status ValidateAmount(uint64_t amount, std::string_view field) {
  if (amount == 0 || amount > kMaxAmount) return Invalid(field, "must be between 1 and 2^63-1");
  return Status::Ok();
}

Status ValidateReference(std::string_view reference, std::string_view field) {
  if (reference.empty() || reference.size() > 128) return Invalid(field, "must be 1..128 bytes");
  for (char c : reference) {
    if (c < '!' || c > '~') return Invalid(field, "must be printable ASCII without spaces");
  }
  return Status::Ok();
}

Status ValidateJson(std::string_view text, std::string_view field, bool must_be_object) {
  if (text.size() > 65536) return Invalid(field, "JSON larger than 64 KiB");
  const auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Invalid(field, "is not valid JSON");
  if (must_be_object && !parsed.is_object()) return Invalid(field, "must be a JSON object");
  return Status::Ok();
}

Status ValidateLimit(int32_t limit, int32_t max, std::string_view field) {
  if (limit < 1 || limit > max) return Invalid(field, "must be 1.." + std::to_string(max));
  return Status::Ok();
}

Status ValidateNewUser(const NewUser& u) {
  if (u.wallet_address.size() < 32 || u.wallet_address.size() > 44 || !IsBase58(u.wallet_address)) {
    return Invalid("users.wallet_address", "must be a base58 address of 32..44 characters");
  }
  PP_RETURN_IF_ERROR(ValidateBytes(u.public_key, 32, 32, "users.public_key"));
  if (u.username) PP_RETURN_IF_ERROR(ValidateText(*u.username, 1, 64, "users.username"));
  if (u.trading_tier != "basic" && u.trading_tier != "premium" &&
      u.trading_tier != "institutional") {
    return Invalid("users.trading_tier", "must be one of: basic, premium, institutional");
  }
  PP_RETURN_IF_ERROR(ValidateAmount(u.max_order_size, "users.max_order_size"));
  PP_RETURN_IF_ERROR(ValidateAmount(u.daily_volume_limit, "users.daily_volume_limit"));
  return ValidateJson(u.metadata_json, "users.metadata", true);
}

Status ValidateMetric(const MetricSample& m) {
  PP_RETURN_IF_ERROR(ValidateText(m.name, 1, 128, "system_metrics.metric_name"));
  if (!std::isfinite(m.value)) return Invalid("system_metrics.metric_value", "must be finite");
  PP_RETURN_IF_ERROR(ValidateText(m.unit, 0, 64, "system_metrics.metric_unit"));
  PP_RETURN_IF_ERROR(ValidateText(m.component, 0, 64, "system_metrics.component"));
  if (m.period_end < m.period_start) {
    return Invalid("system_metrics.period_end", "before period_start");
  }
  return Status::Ok();
}

Status ValidateHealth(const HealthUpdate& h) {
  PP_RETURN_IF_ERROR(ValidateText(h.component, 1, 64, "system_health.component"));
  if (h.health_score < 0 || h.health_score > 10000) {
    return Invalid("system_health.health_score", "must be 0..10000");
  }
  if (h.response_time_ms && *h.response_time_ms < 0) {
    return Invalid("system_health.response_time_ms", "negative");
  }
  if (h.throughput && !std::isfinite(*h.throughput)) {
    return Invalid("system_health.throughput", "not finite");
  }
  if (h.error_rate && (!std::isfinite(*h.error_rate) || *h.error_rate < 0 || *h.error_rate > 1)) {
    return Invalid("system_health.error_rate", "must be between 0 and 1");
  }
  return ValidateJson(h.details_json, "system_health.details", true);
}

Status ValidateLoginGrant(const LoginGrant& g) {
  const std::string& n = g.login;
  bool ok = !n.empty() && n.size() <= 63 && ((n[0] >= 'a' && n[0] <= 'z') || n[0] == '_');
  for (char c : n) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!ok) return Invalid("login", "must match [a-z_][a-z0-9_]{0,62}");
  if (n.rfind("pp_", 0) == 0 || n.rfind("pg_", 0) == 0) {
    return Invalid("login", "the pp_ and pg_ prefixes are reserved");
  }
  if (g.password.size() < 12 || g.password.size() > 1024) {
    return Invalid("password", "must be 12..1024 bytes");
  }
  for (char c : g.password) {
    if (c == '\0' || c == '\n' || c == '\r') return Invalid("password", "no NUL or line breaks");
  }
  const bool needs_id = g.role == Role::kTrader || g.role == Role::kExecutor;
  if (needs_id && g.id <= 0) return Invalid("id", "a trader or executor login names its id");
  if (!needs_id && g.id != 0) return Invalid("id", "an auditor or service login names no id");
  return Status::Ok();
}

}  // namespace phantompool::store::internal
