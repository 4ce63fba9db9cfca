// The audit anchor's one-line JSON form (include/phantompool/store/audit.h).
#include <ctime>
#include <nlohmann/json.hpp>

#include "phantompool/common/hex.h"
#include "phantompool/store/audit.h"

namespace phantompool::store {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "phantompool-audit-anchor";

std::string IsoTime(int64_t micros) {
  const std::time_t secs = static_cast<std::time_t>(micros / 1'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status Bad(std::string_view key, std::string why) {
  return Status::InvalidArgument("anchor." + std::string(key), std::move(why));
}

// A non-negative integer that fits int64_t.
Result<int64_t> Count(const json& j, std::string_view key) {
  const json& v = j.at(std::string(key));
  if (!v.is_number_unsigned() || v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    return Bad(key, "must be a non-negative integer");
  }
  return static_cast<int64_t>(v.get<uint64_t>());
}

}  // namespace

std::string FormatAuditAnchor(const AuditAnchor& a) {
  json j;
  j["format"] = kFormat;
  j["version"] = 1;
  j["entries"] = a.entries;
  j["head_hash"] = ToHex(a.head_hash);
  j["anchored_at_us"] = a.anchored_at;
  j["anchored_at"] = IsoTime(a.anchored_at);
  return j.dump();
}

Result<AuditAnchor> ParseAuditAnchor(std::string_view text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("anchor", "not a JSON object");
  }
  static const char* kKeys[] = {"format",    "version",        "entries",
                                "head_hash", "anchored_at_us", "anchored_at"};
  for (const char* k : kKeys) {
    if (!j.contains(k)) return Bad(k, "missing");
  }
  if (j.size() != std::size(kKeys)) return Status::InvalidArgument("anchor", "unknown keys");
  if (!j["format"].is_string() || j["format"].get<std::string>() != kFormat) {
    return Bad("format", "must be \"phantompool-audit-anchor\"");
  }
  if (!j["version"].is_number_unsigned() || j["version"].get<uint64_t>() != 1) {
    return Bad("version", "unsupported (this build reads version 1)");
  }
  AuditAnchor a;
  PP_ASSIGN_OR_RETURN(a.entries, Count(j, "entries"));
  PP_ASSIGN_OR_RETURN(a.anchored_at, Count(j, "anchored_at_us"));
  if (!j["head_hash"].is_string()) return Bad("head_hash", "must be a hex string");
  const std::string hex = j["head_hash"].get<std::string>();
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return Bad("head_hash", "must be lower-case hex");
    }
  }
  PP_ASSIGN_OR_RETURN(a.head_hash, ParseHexExact(hex, 32, "anchor.head_hash"));
  if (!j["anchored_at"].is_string() ||
      j["anchored_at"].get<std::string>() != IsoTime(a.anchored_at)) {
    return Bad("anchored_at", "must be anchored_at_us as YYYY-MM-DDTHH:MM:SSZ");
  }
  return a;
}

}  // namespace phantompool::store
