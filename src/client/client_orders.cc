// Orders, the available balance and withdrawals: the parts of the client that hold the
// trader's secrets. Every opening is recomputed from the key and the orders the server
// returns (order/order_secrets.h), and checked against the server's commitment before use.
#include <thread>

#include "client_impl.h"
#include "phantompool/api/request_signature.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/order/order_json.h"
#include "phantompool/order/order_open.h"
#include "phantompool/order/order_secrets.h"
#include "phantompool/order/withdrawal_proof.h"

namespace phantompool::client {
namespace {

bool IsOpen(const std::string& status) {
  return status == "active" || status == "matching" || status == "partially_filled";
}

constexpr int kStaleRetries = 5;

}  // namespace

Result<order::BalanceOpening> Client::OpenAvailable(std::string_view token) {
  Impl& m = *impl_;
  if (m.key == nullptr) return Status::InvalidArgument("key", "needs the trader's key");
  PP_ASSIGN_OR_RETURN(auto balances, Balances());
  const api::BalanceInfo* row = nullptr;
  for (const auto& b : balances) {
    if (b.token == token) row = &b;
  }
  if (row == nullptr) {
    return Status::NotFound("token", "no balance in " + std::string(token) + " (deposit first)");
  }
  PP_ASSIGN_OR_RETURN(auto pairs, Pairs());
  uint64_t locked = 0;
  crypto::Scalar blinding;
  int64_t after = 0;
  for (;;) {
    OrderFilter f;
    f.after_id = after;
    f.limit = 1000;
    PP_ASSIGN_OR_RETURN(auto page, Orders(f));
    for (const auto& info : page) {
      after = info.id;
      if (!IsOpen(info.status) || info.obligation_token != token) continue;
      PP_ASSIGN_OR_RETURN(auto bytes, ParseHex(info.encrypted_order, "orders.encrypted_order"));
      PP_ASSIGN_OR_RETURN(auto enc, order::EncryptedOrder::Parse(bytes));
      const api::PairInfo* pair = nullptr;
      for (const auto& p : pairs) {
        if (p.fields.symbol == enc.pair()) pair = &p;
      }
      if (pair == nullptr) return Status::NotFound("pair", enc.pair());
      PP_ASSIGN_OR_RETURN(auto spec, order::PairSpec::Create(pair->fields));
      PP_ASSIGN_OR_RETURN(auto own, order::RecoverOwnOrder(enc, spec, *m.key));
      order::Order plain;
      plain.pair = enc.pair();
      plain.side = enc.side();
      plain.type = enc.type();
      plain.size = own.size - info.filled_amount.value_or(0);
      plain.limit_price = own.price;
      // What the order still locks: the obligation of its remaining size (the store
      // releases filled × per-lot amount at each settlement, docs/store.md).
      if (plain.size > 0) {
        auto obligation = order::Obligation(plain, spec);
        if (!obligation)
          return Status::Corruption("orders", "an open order's obligation overflows");
        locked += *obligation;
      }
      blinding -= order::ObligationBlinding(enc.side(), enc.type(), spec,
                                            order::DeriveOrderBlindings(*m.key, enc.kem().R));
    }
    if (page.size() < 1000) break;
  }
  if (locked > row->balance) {
    return Status::Corruption("available_commitment",
                              "open orders lock more than the balance: the server's book does "
                              "not match this key's orders");
  }
  order::BalanceOpening opening{row->balance - locked, blinding};
  const auto mine =
      crypto::PedersenCommit(crypto::Scalar::FromU64(opening.available), opening.blinding);
  if (ToHex(mine.Encode()) != row->available_commitment) {
    return Status::Corruption("available_commitment",
                              "the server's A does not open to this key's balance and orders");
  }
  return opening;
}

Result<api::OrderInfo> Client::PlaceOrder(order::Order o) {
  Impl& m = *impl_;
  if (m.key == nullptr) return Status::InvalidArgument("key", "placing an order needs a key");
  if (m.user_id == 0) return Status::FailedPrecondition("user_id", "register first");
  if (o.user_id.empty()) o.user_id = std::to_string(m.user_id);
  if (o.nonce == order::Nonce{}) m.rng.Fill(o.nonce);
  PP_ASSIGN_OR_RETURN(const api::KeysInfo* keys, m.CachedKeys());
  PP_ASSIGN_OR_RETURN(auto pk_bytes, ParseHexExact(keys->joint_public_key, 32, "joint_public_key"));
  PP_ASSIGN_OR_RETURN(crypto::Point pk, crypto::Point::Decode(pk_bytes, "joint_public_key"));
  PP_ASSIGN_OR_RETURN(order::PairSpec pair, m.Pair(o.pair));
  PP_ASSIGN_OR_RETURN(api::UserInfo me, Me());
  PP_ASSIGN_OR_RETURN(order::PairSpec bound, pair.WithUserLimit(me.max_order_size));
  const std::string token = o.side == order::Side::kSell ? pair.base_token() : pair.quote_token();
  Status last = Status::Ok();
  for (int attempt = 0; attempt < kStaleRetries; ++attempt) {
    PP_ASSIGN_OR_RETURN(order::BalanceOpening opening, OpenAvailable(token));
    PP_ASSIGN_OR_RETURN(order::EncryptedOrder enc,
                        order::EncryptOrder(o, bound, pk, keys->key_epoch, opening, *m.key, m.rng));
    const auto a =
        crypto::PedersenCommit(crypto::Scalar::FromU64(opening.available), opening.blinding);
    const api::json body = {{"order", order::EncryptedOrderToJson(enc)},
                            {"available_commitment", ToHex(a.Encode())}};
    // The same order bytes may be sent again after a transport failure: its nonce makes it
    // one order (the server answers a repeat with the order it already holds).
    Result<api::json> j = Status::Internal("order", "not sent");
    for (int i = 0; i < kAttempts; ++i) {
      j = m.Post("/v1/orders", body);
      if (j.ok() || j.status().code() != StatusCode::kUnavailable) break;
    }
    if (j.ok()) return api::OrderFromJson(*j);
    last = j.status();
    // A was taken by another order of ours in between: open the new A and prove again.
    if (last.code() != StatusCode::kConflict) return last;
    m.rng.Fill(o.nonce);
  }
  return last;
}

Result<api::TransferInfo> Client::Withdraw(std::string_view token, uint64_t amount,
                                           std::string_view reference) {
  Impl& m = *impl_;
  Status last = Status::Ok();
  for (int attempt = 0; attempt < kStaleRetries; ++attempt) {
    PP_ASSIGN_OR_RETURN(order::BalanceOpening opening, OpenAvailable(token));
    const auto a =
        crypto::PedersenCommit(crypto::Scalar::FromU64(opening.available), opening.blinding);
    const std::string user = std::to_string(m.user_id);
    const order::WithdrawalStatement st{user, token, amount, reference, a};
    PP_ASSIGN_OR_RETURN(auto proof, order::WithdrawalProof::Prove(st, opening, m.rng));
    const api::json body = {{"token", token},
                            {"amount", amount},
                            {"reference", reference},
                            {"available_commitment", ToHex(a.Encode())},
                            {"proof", ToHex(proof.Serialize())}};
    Result<api::json> j = Status::Internal("withdrawal", "not sent");
    for (int i = 0; i < kAttempts; ++i) {
      j = m.Post("/v1/withdrawals", body);
      if (j.ok() || j.status().code() != StatusCode::kUnavailable) break;
    }
    if (j.ok()) return api::TransferFromJson(*j);
    last = j.status();
    if (last.code() != StatusCode::kConflict) return last;
  }
  return last;
}

}  // namespace phantompool::client
