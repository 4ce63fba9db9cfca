// The JSON form of an EncryptedOrder, for the HTTP API: metadata as JSON values, every
// cryptographic object as lower-case hex of its binary encoding (docs/order.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order {

nlohmann::json EncryptedOrderToJson(const EncryptedOrder& order);
// Strict: unknown keys, missing keys, wrong types and bad hex are errors naming the field;
// the cryptographic objects then go through the binary parser's checks.
Result<EncryptedOrder> EncryptedOrderFromJson(const nlohmann::json& json);
Result<EncryptedOrder> EncryptedOrderFromJsonText(std::string_view text);

}  // namespace phantompool::order
