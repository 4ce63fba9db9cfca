// `phantompool session --id N --verify`: what anyone can check of a settled session from what
// the server publishes (GET /v1/sessions/{id}/audit, /batch, /v1/sessions):
//   1. the chain: the previous output the draw used is the previous session's output;
//   2. the batch digest the draw recorded, recomputed from the frozen batch's listing (or,
//      where orders have moved on to later sessions, from the opened orders by id);
//   3. the VRF seed, recomputed from the pair, the session number, the previous output and
//      that digest, and compared with the published seed;
//   4. the draw: every published VRF share verified against the executors' public key set,
//      t of them combined, and the result compared with the published output;
//   5. the clearing: auction::Clear re-run on the opened batch (each order's size left for
//      this session, owners by their per-session labels) under that output, the reference
//      price of the previous session and the session's close time, and its price, the rule
//      that set it, its volume and every trade compared with the published ones.
#pragma once

#include "phantompool/api/json.h"
#include "phantompool/client/client.h"
#include "phantompool/common/result.h"

namespace phantompool::cli {

// VerificationFailed naming what does not match; the figures checked otherwise.
Result<api::json> VerifySessionDraw(client::Client& c, int64_t session_id);

}  // namespace phantompool::cli
