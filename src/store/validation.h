// Strict checks of everything a caller hands the store, before any SQL runs. Each throws
// StoreError(InvalidArgument) naming the table and field; the schema's CHECK constraints
// repeat the essential ones so that a direct write cannot bypass them.
#pragma once

#include <string_view>

#include "phantompool/store/store.h"

namespace phantompool::store::internal {

void ValidateNewUser(const NewUser& u);
void ValidateNewOrder(const NewOrder& o, int64_t now);
void ValidateToken(std::string_view token, std::string_view field);
void ValidateJson(std::string_view text, std::string_view field, bool must_be_object);
void ValidateBytes(const Bytes& b, size_t min, size_t max, std::string_view field);
void ValidateMetric(const MetricSample& m);
void ValidateHealth(const HealthUpdate& h);

}  // namespace phantompool::store::internal
