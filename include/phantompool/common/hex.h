// Lower-case hexadecimal, the JSON form of every binary object.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"

namespace phantompool {

std::string ToHex(std::span<const uint8_t> bytes);
// Strict: even length, [0-9a-fA-F] only. `field` names the input in the error.
Result<std::vector<uint8_t>> ParseHex(std::string_view hex, std::string_view field);
// As ParseHex, and the decoded length must be exactly `expected_len`.
Result<std::vector<uint8_t>> ParseHexExact(std::string_view hex, size_t expected_len,
                                           std::string_view field);

}  // namespace phantompool
