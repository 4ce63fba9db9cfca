#include "authenticator.h"

#include <algorithm>

namespace phantompool::server {

bool NonceStore::Insert(int64_t user_id, const std::array<uint8_t, api::kRequestNonceBytes>& nonce,
                        int64_t now_ms) {
  std::lock_guard lock(mu_);
  while (!by_time_.empty() && by_time_.front().first < now_ms - 2 * api::kRequestWindowMs) {
    seen_.erase(by_time_.front().second);
    by_time_.pop_front();
  }
  Key key{user_id, nonce};
  if (!seen_.insert(key).second) return false;
  by_time_.emplace_back(now_ms, key);
  return true;
}

size_t NonceStore::size() const {
  std::lock_guard lock(mu_);
  return seen_.size();
}

Authenticator::Authenticator(store::Store& store, ClockMs clock)
    : store_(store), clock_(std::move(clock)) {}

Result<std::optional<api::RequestAuth>> Authenticator::Parse(const net::HttpRequest& request,
                                                             std::string* target) {
  return api::ParseRequestAuth([&](std::string_view name) { return request.Header(name); },
                               request.path, request.query, target);
}

Status Authenticator::CheckFresh(const api::RequestAuth& auth) {
  const int64_t now = clock_();
  if (auth.timestamp_ms < now - api::kRequestWindowMs ||
      auth.timestamp_ms > now + api::kRequestWindowMs) {
    return Status::Unauthenticated("x-pp-timestamp",
                                   "outside the ±30 s window of the server's clock");
  }
  if (!nonces_.Insert(auth.user_id, auth.nonce, now)) {
    return Status::Unauthenticated("x-pp-nonce", "already used: a request is accepted once");
  }
  return Status::Ok();
}

Result<store::User> Authenticator::Read(int64_t user_id) {
  const int64_t now = clock_();
  PP_ASSIGN_OR_RETURN(store::User user, store_.GetUser(store::Principal::Service(), user_id));
  if (user.public_key.size() != order::PublicKey{}.size()) {
    return Status::Corruption("users.public_key", "stored key has the wrong length");
  }
  std::lock_guard lock(users_mu_);
  users_[user_id] = KnownUser{user, now};
  return user;
}

Result<order::PublicKey> Authenticator::KeyOf(int64_t user_id) {
  std::optional<store::User> user;
  {
    std::lock_guard lock(users_mu_);
    if (auto it = users_.find(user_id); it != users_.end()) user = it->second.row;
  }
  if (!user) {
    auto read = Read(user_id);
    if (!read.ok()) {
      if (read.status().code() == StatusCode::kNotFound) {
        return Status::Unauthenticated("x-pp-user", "no such user");
      }
      return read.status();
    }
    user = std::move(read).value();
  }
  order::PublicKey key{};
  std::copy(user->public_key.begin(), user->public_key.end(), key.begin());
  return key;
}

Result<store::User> Authenticator::UserForOrder(int64_t user_id) {
  {
    std::lock_guard lock(users_mu_);
    if (auto it = users_.find(user_id); it != users_.end()) {
      const store::User& u = it->second.row;
      if (u.is_active && u.kyc_status == store::KycStatus::kVerified &&
          clock_() - it->second.read_at_ms < kTrustedUserMs) {
        return u;
      }
    }
  }
  return Read(user_id);
}

Result<Authenticated> Authenticator::Check(const net::HttpRequest& request) {
  std::string target;
  PP_ASSIGN_OR_RETURN(auto auth, Parse(request, &target));
  if (!auth) return Authenticated{};
  if (auth->user_id <= 0)
    return Status::Unauthenticated("x-pp-user", "must name a registered user");
  PP_ASSIGN_OR_RETURN(order::PublicKey key, KeyOf(auth->user_id));
  // The signature before the nonce: a forged request must not burn a real nonce.
  PP_RETURN_IF_ERROR(api::VerifyRequestSignature(key, request.method, target, request.body, *auth));
  PP_RETURN_IF_ERROR(CheckFresh(*auth));
  return Authenticated{auth->user_id};
}

Status Authenticator::CheckRegistration(const net::HttpRequest& request,
                                        const order::PublicKey& key) {
  std::string target;
  PP_ASSIGN_OR_RETURN(auto auth, Parse(request, &target));
  if (!auth) return Status::Unauthenticated("x-pp-signature", "registration must be signed");
  if (auth->user_id != 0) return Status::InvalidArgument("x-pp-user", "must be 0 when registering");
  PP_RETURN_IF_ERROR(api::VerifyRequestSignature(key, request.method, target, request.body, *auth));
  return CheckFresh(*auth);
}

}  // namespace phantompool::server
