// ReplayBuilder: the replay input as the parser's values arrive (replay_parse.cc).
//
// Every method gets the value's place (context and field index in replay_fields.h, -1 for
// an array element) and returns a Status whose field is empty when the error is about
// that value: the parser names it then, so no path is ever built for a valid value.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "auction/replay_fields.h"
#include "phantompool/auction/replay_json.h"

namespace phantompool::auction::internal {

class ReplayBuilder {
 public:
  Status Unsigned(Ctx ctx, int field, uint64_t v);
  Status Text(Ctx ctx, int field, const std::string& s);
  Status Null(Ctx ctx, int field);
  // A guess at the number of orders, to reserve for them (a million orders moved at every
  // doubling of a vector would cost more than parsing them).
  void ExpectOrders(size_t count);
  void StartObject(Ctx ctx);
  Status EndObject(Ctx ctx);
  Result<ReplayInput> Build();

 private:
  uint64_t version_ = 0;
  std::optional<order::PairSpec> pair_;
  order::PairFields pair_fields_;
  uint64_t session_number_ = 0;
  std::optional<uint64_t> now_;
  uint64_t reference_price_ = 0;
  std::optional<uint64_t> reference_from_session_;
  VrfMaterial vrf_;
  std::vector<Order> orders_;  // the last one is being read while inside an order
  std::vector<Digest32> hashes_;
};

// Strict hex (even length, [0-9a-fA-F]) into exactly out.size() bytes.
bool DecodeHex(std::string_view hex, std::span<uint8_t> out);

}  // namespace phantompool::auction::internal
