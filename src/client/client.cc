#include "phantompool/client/client.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "client_impl.h"
#include "phantompool/api/request_signature.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/net/http_client.h"
#include "phantompool/order/order_json.h"
#include "phantompool/order/withdrawal_proof.h"

namespace phantompool::client {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string QueryEscape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

Result<api::json> Client::Impl::Call(std::string_view method, const std::string& target,
                                     const std::string& body, bool sign) {
  const int attempts = method == "GET" ? kAttempts : 1;
  Status last = Status::Ok();
  for (int i = 0; i < attempts; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100 << i));
    net::Headers headers;
    if (sign) {
      if (key == nullptr) return Status::InvalidArgument("key", "this call needs a trader key");
      headers = api::SignRequest(*key, user_id, method, target, body, NowMs(), rng);
    }
    std::lock_guard<std::mutex> lock(mu);
    auto res = http.Send(method, target, body, headers);
    if (!res.ok()) {
      last = res.status();
      continue;
    }
    if (res->status >= 400) return api::StatusFromErrorJson(res->status, res->body);
    if (res->content_type.rfind("application/json", 0) != 0) return api::json(res->body);
    return api::ParseJsonStrict(res->body, "response");
  }
  return last;
}

Result<const api::KeysInfo*> Client::Impl::CachedKeys() {
  if (!keys) {
    PP_ASSIGN_OR_RETURN(api::json j, Get("/v1/keys", false));
    PP_ASSIGN_OR_RETURN(api::KeysInfo k, api::KeysFromJson(j));
    keys = std::move(k);
  }
  return &*keys;
}

Result<order::PairSpec> Client::Impl::Pair(const std::string& symbol) {
  PP_ASSIGN_OR_RETURN(api::json j, Get("/v1/pairs", false));
  PP_ASSIGN_OR_RETURN(auto pairs, api::ListFromJson<api::PairInfo>(j, "pairs", api::PairFromJson));
  for (const auto& p : pairs) {
    if (p.fields.symbol == symbol) return order::PairSpec::Create(p.fields);
  }
  return Status::NotFound("pair", "the server has no pair " + symbol);
}

Result<std::unique_ptr<Client>> Client::Create(std::string_view server_url,
                                               const order::TraderKey* key, int64_t user_id) {
  PP_ASSIGN_OR_RETURN(net::Url url, net::ParseUrl(server_url, "--server"));
  return std::unique_ptr<Client>(new Client(std::make_unique<Impl>(url, key, user_id)));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

int64_t Client::user_id() const {
  return impl_->user_id;
}
void Client::set_user_id(int64_t user_id) {
  impl_->user_id = user_id;
}
const std::string& Client::server() const {
  static thread_local std::string s;
  s = impl_->url.ToString();
  return s;
}

Result<api::KeysInfo> Client::Keys() {
  impl_->keys.reset();
  PP_ASSIGN_OR_RETURN(const api::KeysInfo* k, impl_->CachedKeys());
  return *k;
}

Result<std::vector<api::PairInfo>> Client::Pairs() {
  PP_ASSIGN_OR_RETURN(api::json j, impl_->Get("/v1/pairs", false));
  return api::ListFromJson<api::PairInfo>(j, "pairs", api::PairFromJson);
}

Result<std::vector<api::MarketInfo>> Client::Market() {
  PP_ASSIGN_OR_RETURN(api::json j, impl_->Get("/v1/market", false));
  return api::ListFromJson<api::MarketInfo>(j, "market", api::MarketFromJson);
}

Result<api::json> Client::Sessions(std::string_view pair, int32_t limit) {
  return impl_->Get("/v1/sessions?pair=" + QueryEscape(pair) + "&limit=" + std::to_string(limit),
                    false);
}

Result<api::json> Client::Session(int64_t session_id) {
  return impl_->Get("/v1/sessions/" + std::to_string(session_id), false);
}

Result<api::json> Client::Health() {
  return impl_->Get("/health", false);
}

Result<api::UserInfo> Client::Register(std::string_view wallet_address,
                                       std::optional<std::string> username) {
  if (impl_->key == nullptr) return Status::InvalidArgument("key", "registering needs a key");
  api::json body = {{"wallet_address", wallet_address},
                    {"public_key", ToHex(impl_->key->public_key())},
                    {"username", username ? api::json(*username) : api::json(nullptr)}};
  const int64_t saved = impl_->user_id;
  impl_->user_id = 0;  // not registered yet: the signature proves possession of the key
  auto j = impl_->Post("/v1/users", body);
  impl_->user_id = saved;
  if (!j.ok()) return j.status();
  PP_ASSIGN_OR_RETURN(api::UserInfo u, api::UserFromJson(*j));
  impl_->user_id = u.id;
  return u;
}

Result<api::UserInfo> Client::Me() {
  PP_ASSIGN_OR_RETURN(api::json j, impl_->Get("/v1/me", true));
  return api::UserFromJson(j);
}

Result<std::vector<api::BalanceInfo>> Client::Balances() {
  PP_ASSIGN_OR_RETURN(api::json j, impl_->Get("/v1/balances", true));
  return api::ListFromJson<api::BalanceInfo>(j, "balances", api::BalanceFromJson);
}

Result<api::TransferInfo> Client::Deposit(std::string_view token, uint64_t amount,
                                          std::string_view reference) {
  const api::json body = {{"token", token}, {"amount", amount}, {"reference", reference}};
  // Retried with the same reference: the store applies it once.
  Result<api::json> j = Status::Internal("deposit", "not sent");
  for (int i = 0; i < kAttempts; ++i) {
    j = impl_->Post("/v1/deposits", body);
    if (j.ok() || j.status().code() != StatusCode::kUnavailable) break;
  }
  if (!j.ok()) return j.status();
  return api::TransferFromJson(*j);
}

Result<api::OrderInfo> Client::Order(int64_t order_id) {
  PP_ASSIGN_OR_RETURN(api::json j, impl_->Get("/v1/orders/" + std::to_string(order_id), true));
  return api::OrderFromJson(j);
}

Result<std::vector<api::OrderInfo>> Client::Orders(const OrderFilter& f) {
  std::string target =
      "/v1/orders?after_id=" + std::to_string(f.after_id) + "&limit=" + std::to_string(f.limit);
  if (f.status) target += "&status=" + QueryEscape(*f.status);
  if (f.pair) target += "&pair=" + QueryEscape(*f.pair);
  PP_ASSIGN_OR_RETURN(api::json j, impl_->Get(target, true));
  return api::ListFromJson<api::OrderInfo>(j, "orders", api::OrderFromJson);
}

Result<std::vector<api::TradeInfo>> Client::Trades() {
  PP_ASSIGN_OR_RETURN(api::json j, impl_->Get("/v1/trades", true));
  return api::ListFromJson<api::TradeInfo>(j, "trades", api::TradeFromJson);
}

Result<api::json> Client::SessionBatch(int64_t session_id) {
  return impl_->Get("/v1/sessions/" + std::to_string(session_id) + "/batch", false);
}

Result<api::json> Client::SessionAudit(int64_t session_id) {
  return impl_->Get("/v1/sessions/" + std::to_string(session_id) + "/audit", false);
}

Status Client::Cancel(int64_t order_id) {
  auto j = impl_->Post("/v1/orders/" + std::to_string(order_id) + "/cancel", api::json::object());
  return j.ok() ? Status::Ok() : j.status();
}

}  // namespace phantompool::client
