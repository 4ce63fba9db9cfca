// Authenticator: who sent a request. Checks the request signature (api/request_signature.h)
// against the user's registered key, the ±30 s window against this server's clock, and that
// the (user, nonce) pair was never seen within the window — so a captured request cannot be
// replayed to this server. Nonces are kept for twice the window, then forgotten: a request
// older than the window is refused by its timestamp anyway.
//
// Several servers on one database each keep their own nonces; a request captured on the
// wire could be replayed once to another server within 30 s. Every state-changing request
// is idempotent in the store (an order's nonce, a transfer's reference, a cancel), so such a
// replay changes nothing; docs/api.md says so.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "phantompool/api/request_signature.h"
#include "phantompool/common/result.h"
#include "phantompool/net/http.h"
#include "phantompool/store/store.h"

namespace phantompool::server {

class NonceStore {
 public:
  // False if (user, nonce) was seen; records it otherwise. `now_ms` drives expiry.
  bool Insert(int64_t user_id, const std::array<uint8_t, api::kRequestNonceBytes>& nonce,
              int64_t now_ms);
  size_t size() const;

 private:
  using Key = std::pair<int64_t, std::array<uint8_t, api::kRequestNonceBytes>>;
  mutable std::mutex mu_;
  std::set<Key> seen_;
  std::deque<std::pair<int64_t, Key>> by_time_;  // (inserted at, key), oldest first
};

struct Authenticated {
  int64_t user_id = 0;  // 0: anonymous
};

class Authenticator {
 public:
  using ClockMs = std::function<int64_t()>;
  Authenticator(store::Store& store, ClockMs clock);

  // Anonymous requests give user 0; a present but bad signature is an error.
  Result<Authenticated> Check(const net::HttpRequest& request);
  // POST /v1/users: signed as user 0 with the key the body registers.
  Status CheckRegistration(const net::HttpRequest& request, const order::PublicKey& key);

  // The user's row for order intake: this server's copy while it says active and verified
  // and is younger than kTrustedUserMs, else read afresh. A copy that is out of date can only
  // cost a wasted proof check: the store's submission checks is_active and kyc_status again
  // inside its transaction. Every other column the intake reads (public_key,
  // max_order_size) is fixed at registration; the store has no way to change it.
  Result<store::User> UserForOrder(int64_t user_id);
  static constexpr int64_t kTrustedUserMs = 5'000;

 private:
  Result<std::optional<api::RequestAuth>> Parse(const net::HttpRequest& request,
                                                std::string* target);
  Status CheckFresh(const api::RequestAuth& auth);
  Result<order::PublicKey> KeyOf(int64_t user_id);
  Result<store::User> Read(int64_t user_id);

  struct KnownUser {
    store::User row;
    int64_t read_at_ms = 0;
  };
  store::Store& store_;
  ClockMs clock_;
  NonceStore nonces_;
  std::mutex users_mu_;
  std::map<int64_t, KnownUser> users_;
};

}  // namespace phantompool::server
