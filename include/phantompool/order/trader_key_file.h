// The trader's key file: the Ed25519 seed (from which every order's blindings and the
// trader's own opening of each order are derived) and the public key, as JSON:
//   {"format": "phantompool-trader-key", "version": 1, "seed": "<64 hex>",
//    "public_key": "<64 hex>"}
// Written with mode 0600 (created exclusively: an existing file is never overwritten) and
// read strictly: unknown or missing keys, bad hex, or a public key that does not match the
// seed are errors naming the field. The seed never appears in an error message.
#pragma once

#include <string>

#include "phantompool/common/result.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::order {

Status WriteTraderKeyFile(const std::string& path, const TraderKey& key);
Result<TraderKey> ReadTraderKeyFile(const std::string& path);

}  // namespace phantompool::order
