// How a trader signs an API request, and how the server checks the signature.
//
// Every trader request carries four headers (or, where a browser cannot set headers on a
// WebSocket upgrade, the same four as query parameters pp_user, pp_ts, pp_nonce, pp_sig):
//   X-PP-User       the trader's user id (decimal)
//   X-PP-Timestamp  unix time in milliseconds when the request was signed
//   X-PP-Nonce      16 random bytes, hex (32 characters), never reused
//   X-PP-Signature  Ed25519 (hex, 128 characters) with the trader's key, domain
//                   "phantompool/request-signature/v1", over
//     "PP-REQUEST-V1\n" METHOD "\n" TARGET "\n" hex(SHA-256(body)) "\n" USER "\n" TS "\n" NONCE
// TARGET is the path and query as sent, without the four pp_* parameters. The server
// accepts a timestamp within ±30 s of its clock and each (user, nonce) once, so a captured
// request cannot be replayed, moved to another path or body, or attributed to another user.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::api {

inline constexpr std::string_view kRequestSignatureDomain = "phantompool/request-signature/v1";
inline constexpr int64_t kRequestWindowMs = 30'000;
inline constexpr size_t kRequestNonceBytes = 16;

struct RequestAuth {
  int64_t user_id = 0;
  int64_t timestamp_ms = 0;
  std::array<uint8_t, kRequestNonceBytes> nonce{};
  order::Signature signature{};
};

// The exact bytes that are signed.
std::string RequestSigningString(std::string_view method, std::string_view target,
                                 std::string_view body, const RequestAuth& auth);

// Signs a request: a fresh nonce from `rng`, the given time. Returns the four headers.
std::vector<std::pair<std::string, std::string>> SignRequest(
    const order::TraderKey& key, int64_t user_id, std::string_view method, std::string_view target,
    std::string_view body, int64_t timestamp_ms, crypto::Rng& rng);
// The same four values as query parameters (for a WebSocket upgrade from a browser).
std::string SignedQuery(const order::TraderKey& key, int64_t user_id, std::string_view path,
                        int64_t timestamp_ms, crypto::Rng& rng);

// Reads the four values strictly from headers (lower-case names) or, failing that, from
// the query; nullopt when the request carries none at all (an anonymous request). Errors
// name the header. `target_out` receives the target that was signed.
using HeaderLookup = std::function<std::string(std::string_view lower_case_name)>;
Result<std::optional<RequestAuth>> ParseRequestAuth(const HeaderLookup& header,
                                                    std::string_view path, std::string_view query,
                                                    std::string* signed_target);

// The signature against the user's registered key: Unauthenticated naming
// "x-pp-signature" if it does not verify. (Time window and nonce are the server's.)
Status VerifyRequestSignature(const order::PublicKey& key, std::string_view method,
                              std::string_view signed_target, std::string_view body,
                              const RequestAuth& auth);

}  // namespace phantompool::api
