// Client: the C++ library a trader's tools use to talk to a PhantomPool server (the CLI's
// trader commands and the tests use it). It depends on the order module — orders are
// encrypted and proven here, on the trader's machine — and never on the store.
//
// Every trader call is signed with the trader's key (api/request_signature.h). Calls that
// only read are retried on a transport failure; calls that change something are retried
// only where a retry cannot apply twice: an order resubmitted with the same bytes (its
// nonce makes it one order), a deposit or withdrawal with the same reference.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/api/resources.h"
#include "phantompool/common/result.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::client {

struct OrderFilter {
  std::optional<std::string> status;  // active | matching | partially_filled | filled | ...
  std::optional<std::string> pair;
  int64_t after_id = 0;
  int32_t limit = 100;
};

// The event stream: events after a given id, in order. A dropped connection is reopened
// from the last id delivered, so a caller that keeps reading misses nothing.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // The next event; nullopt when `timeout` passes first.
  virtual Result<std::optional<api::EventInfo>> Next(std::chrono::milliseconds timeout) = 0;
  virtual int64_t last_id() const = 0;
  // Drops the connection (the next Next() reconnects): for tests of resumption.
  virtual void Disconnect() = 0;
};

class Client {
 public:
  // `key` may be null for public calls only; `user_id` is 0 until Register.
  static Result<std::unique_ptr<Client>> Create(std::string_view server_url,
                                                const order::TraderKey* key, int64_t user_id = 0);
  ~Client();

  int64_t user_id() const;
  void set_user_id(int64_t user_id);
  const std::string& server() const;

  // Public.
  Result<api::KeysInfo> Keys();
  Result<std::vector<api::PairInfo>> Pairs();
  Result<std::vector<api::MarketInfo>> Market();
  Result<api::json> Sessions(std::string_view pair, int32_t limit);
  Result<api::json> Session(int64_t session_id);
  Result<api::json> Health();

  // The trader's own.
  Result<api::UserInfo> Register(std::string_view wallet_address,
                                 std::optional<std::string> username);
  Result<api::UserInfo> Me();
  Result<std::vector<api::BalanceInfo>> Balances();
  Result<api::TransferInfo> Deposit(std::string_view token, uint64_t amount,
                                    std::string_view reference);
  // Proves that the available balance covers `amount` (order/withdrawal_proof.h) and
  // withdraws it.
  Result<api::TransferInfo> Withdraw(std::string_view token, uint64_t amount,
                                     std::string_view reference);
  // Encrypts and proves `o` here (pair, user and nonce are filled in when empty) against the
  // available balance, and submits it. A stale available commitment (another order of this
  // trader was locked in between) is retried with a fresh one.
  Result<api::OrderInfo> PlaceOrder(order::Order o);
  Status Cancel(int64_t order_id);
  Result<std::vector<api::OrderInfo>> Orders(const OrderFilter& filter);
  Result<api::OrderInfo> Order(int64_t order_id);
  Result<std::vector<api::TradeInfo>> Trades();
  // The session's frozen batch as its digest covers it (ids, sides, types, ciphertext hashes).
  Result<api::json> SessionBatch(int64_t session_id);
  // The session's audit view: the draw's inputs, the quorum's responses, the excluded orders
  // and, once settled, the opened batch (GET /v1/sessions/{id}/audit, public).
  Result<api::json> SessionAudit(int64_t session_id);
  Result<std::unique_ptr<EventStream>> Watch(int64_t after_id);

  // The opening of A for `token` that this key knows: the balance minus what its open orders
  // still lock, and minus the sum of their obligations' blindings — checked against the
  // server's A (Corruption if they disagree: the server's book does not match this key's).
  Result<order::BalanceOpening> OpenAvailable(std::string_view token);

  class Impl;

 private:
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace phantompool::client
