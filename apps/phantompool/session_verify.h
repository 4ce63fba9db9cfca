// `phantompool session --id N --verify`: what anyone can check of a settled session from what
// the server publishes (GET /v1/sessions/{id}/batch, /v1/sessions, /v1/keys):
//   1. the batch digest, recomputed from the frozen orders' ids and ciphertext hashes;
//   2. the VRF seed, recomputed from the pair, the session number, the previous session's
//      output (the chain) and that digest, and compared with the published seed;
//   3. the draw: every published VRF share verified against the executors' public key set,
//      t of them combined, and the result compared with the published output.
// The clearing itself cannot be re-run from public data: the openings (sizes and prices)
// are not published, so a trader checks its own fill with `order show` and `trades`.
#pragma once

#include "phantompool/api/json.h"
#include "phantompool/client/client.h"
#include "phantompool/common/result.h"

namespace phantompool::cli {

// VerificationFailed naming what does not match; the figures checked otherwise.
Result<api::json> VerifySessionDraw(client::Client& c, int64_t session_id);

}  // namespace phantompool::cli
