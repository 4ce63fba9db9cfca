// Strict checks of everything a caller hands the store, before any SQL runs. Each returns
// InvalidArgument naming the table and field; the schema's CHECK constraints repeat the
// essential ones so that a direct write cannot bypass them.
#pragma once

#include <string_view>

#include "phantompool/store/store.h"

namespace phantompool::store::internal {

Status ValidateNewUser(const NewUser& u);
Status ValidateToken(std::string_view token, std::string_view field);
Status ValidateAmount(uint64_t amount, std::string_view field);  // 1 .. 2^63 − 1
Status ValidateReference(std::string_view reference, std::string_view field);
// Valid UTF-8 of min..max bytes, without control characters.
Status ValidateText(std::string_view text, size_t min, size_t max, std::string_view field);
Status ValidateJson(std::string_view text, std::string_view field, bool must_be_object);
Status ValidateBytes(const Bytes& b, size_t min, size_t max, std::string_view field);
Status ValidateLimit(int32_t limit, int32_t max, std::string_view field);
Status ValidateMetric(const MetricSample& m);
Status ValidateHealth(const HealthUpdate& h);
Status ValidateLoginGrant(const LoginGrant& g);

}  // namespace phantompool::store::internal
