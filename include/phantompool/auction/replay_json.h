// The replay format: one batch in, its result out, both JSON (docs/auction.md, "Replay").
//
// This is what `phantompool auction --input FILE` reads and prints, and what an auditor
// feeds back to re-run a session: the output is a deterministic function of the input
// (orders sorted by id, trades in priority order, fixed key order), so two runs anywhere
// produce the same bytes. Parsing is strict: unknown or duplicate keys, wrong types,
// negative or fractional numbers and malformed hex are rejected with the field's path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "phantompool/auction/auction_result.h"
#include "phantompool/auction/clear.h"
#include "phantompool/auction/order.h"
#include "phantompool/auction/pair_params.h"
#include "phantompool/common/result.h"

namespace phantompool::auction {

struct ReplayInput {
  PairParams pair;  // "pair": absent = the built-in SOL/USDC
  SessionInputs session;
  std::vector<Order> orders;
};

// Parses the input document. Field errors are reported as paths: "orders[2].price",
// "pair.tick_size", "vrf_output"; a document that is not JSON at all as "input".
Result<ReplayInput> ParseReplayInput(std::string_view text);

// The result document (two-space indented, trailing newline).
std::string FormatReplayOutput(const ReplayInput& input, const AuctionResult& result);

// {"error":{"code":"invalid_argument","field":"orders[2].price","message":"..."}}
std::string FormatErrorJson(const Status& status);

}  // namespace phantompool::auction
