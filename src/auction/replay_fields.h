// The schema of the replay input (docs/auction.md, section 11) as tables, and the paths
// that name a field in an error ("orders[3].price"), for the one-pass parser.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/status.h"

namespace phantompool::auction::internal {

// The objects and arrays of the document.
enum class Ctx : uint8_t { kTop, kPair, kSession, kVrf, kShares, kOrders, kOrder };

enum class Kind : uint8_t {
  kUint,        // an integer in [0, 2^64 - 1]
  kUint32,      // an integer in [0, 2^32 - 1]
  kText,        // a string
  kHex32,       // 64 hex characters
  kHexBytes,    // a non-empty hex string
  kUintOrNull,  // an integer, or null
  kObject,      // an object (child: its context)
  kArray,       // an array (child: its context)
  kPair,        // a built-in pair's symbol, or an object of every pair field
};

struct FieldSpec {
  std::string_view name;
  Kind kind;
  bool required;
  Ctx child = Ctx::kTop;  // for kObject, kArray, kPair (and array elements)
};

// One open object or array while parsing.
struct Frame {
  Ctx ctx;
  int field;      // object: the field whose value comes next (-1: none)
  uint32_t seen;  // object: the fields seen so far (bit = index in FieldsOf)
  size_t index;   // array: the index of the next element
};

std::span<const FieldSpec> FieldsOf(Ctx ctx);  // objects
bool IsArray(Ctx ctx);
const FieldSpec& ElementOf(Ctx array);          // what an element of an array must be
int FindField(Ctx ctx, std::string_view name);  // -1 if unknown

// The path of the value being read in frames [0, depth): "orders[3].price".
std::string ValuePath(std::span<const Frame> stack, size_t depth);
// The path of `key` in the innermost object: "orders[3].colour".
std::string KeyPath(std::span<const Frame> stack, std::string_view key);
// "must be a string", "must be an integer in [0, 2^64-1]", ... for a value of the wrong type.
Status TypeErrorFor(const std::string& path, const FieldSpec& f);

}  // namespace phantompool::auction::internal
