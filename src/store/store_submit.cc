// StoreCore::SubmitOrder with group commit.
//
// Every audited transaction ends by locking chain_head (the audit chain and the outbox ids
// must follow commit order), and holds it through COMMIT and its WAL flush. One order per
// transaction therefore caps submissions at one flush each, whatever the number of
// connections. Concurrent submissions are instead combined: the first caller becomes the
// leader and runs everything queued in ONE transaction, each order inside its own savepoint,
// so a refused order rolls back alone (no partial rows) and the others still commit. Every
// order keeps its whole effect — row, locked commitment, audit entry, outbox event — in the
// transaction that commits it; a caller returns only after that commit. Up to half the
// connection pool runs batches at the same time.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "commitments.h"
#include "store_core.h"
#include "validation.h"

namespace phantompool::store::internal {

using nlohmann::json;

namespace {

constexpr size_t kMaxBatch = 256;

// A missing balance row means no funds, unless the user itself is missing.
[[noreturn]] void NoBalance(SqlTx& tx, int64_t user, const std::string& token) {
  SqlResult u = tx.Query("SELECT 1 FROM users WHERE id = $1", {SqlValue::Int(user)}, "users");
  if (u.empty()) Fail(Status::NotFound("users.id", "no user " + std::to_string(user)));
  Fail(Status::InsufficientFunds("user_balances.balance", "no balance in " + token));
}

}  // namespace

void StoreCore::SubmitOne(SqlTx& tx, Journal& j, const NewOrder& o, int64_t& id) {
  const int64_t now = Now();
  ValidateNewOrder(o, now);
  const TradingPair pair = LoadPair(tx, o.trading_pair_id);
  const std::string& token = o.side == Side::kBuy ? pair.quote_token : pair.base_token;
  const BalanceRow bal = LockBalance(tx, o.user_id, token);
  if (!bal.exists) NoBalance(tx, o.user_id, token);
  LockedUpdate u{o.user_id, token, bal.locked, {}, {}, 1};
  u.new_locked =
      AddCommitments(bal.locked, o.obligation_commitment, "encrypted_orders.obligation_commitment");
  u.new_available = SubCommitments(bal.balance_commitment, u.new_locked, "locked", true);
  id = ProcSubmitOrder(tx, o, u);
  const json data{{"order_id", id},
                  {"trading_pair_id", o.trading_pair_id},
                  {"side", Name(o.side)},
                  {"order_type", Name(o.order_type)},
                  {"validity", Name(o.validity)}};
  j.Add(
      Journal::Audit{"order_submitted", "order", "low", o.user_id, id, std::nullopt, data.dump()});
  j.Add(Journal::Event{"order", "order_accepted", o.user_id, o.trading_pair_id, data.dump()});
}

void StoreCore::SubmitBatch(const Principal& p, const std::vector<PendingSubmit*>& batch) {
  // Balance rows are locked in (user, pair, side) order, so two batches (or a batch and a
  // settlement, which locks in (user, token) order) cannot wait on each other in a cycle.
  std::vector<PendingSubmit*> order(batch);
  std::stable_sort(order.begin(), order.end(), [](const PendingSubmit* a, const PendingSubmit* b) {
    return std::tie(a->order->user_id, a->order->trading_pair_id, a->order->side) <
           std::tie(b->order->user_id, b->order->trading_pair_id, b->order->side);
  });
  Status s = Write(p, [&](SqlTx& tx, Journal& journal) {
    for (PendingSubmit* item : order) {
      item->status = Status::Ok();
      item->id = 0;
      if (order.size() == 1) {  // alone: no savepoint needed, a failure fails the transaction
        SubmitOne(tx, journal, *item->order, item->id);
        continue;
      }
      tx.Query("SAVEPOINT pp_submit", {});
      Journal mine;
      try {
        SubmitOne(tx, mine, *item->order, item->id);
        tx.Query("RELEASE SAVEPOINT pp_submit", {});
        journal.Append(std::move(mine));
      } catch (const StoreError& e) {
        tx.Query("ROLLBACK TO SAVEPOINT pp_submit", {});
        tx.Query("RELEASE SAVEPOINT pp_submit", {});
        item->status = e.status();
        item->id = 0;
      }
    }
  });
  if (!s.ok()) {
    for (PendingSubmit* item : batch) {
      if (item->status.ok()) item->status = s;
      item->id = 0;
    }
  }
}

Result<int64_t> StoreCore::SubmitOrder(const Principal& p, const NewOrder& o) {
  if (p.role != Role::kService) {
    return Status::PermissionDenied("encrypted_orders",
                                    std::string(RoleName(p.role)) + " may not do this");
  }
  PendingSubmit me;
  me.order = &o;
  std::unique_lock<std::mutex> lock(submit_mu_);
  submit_queue_.push_back(&me);
  // Several batches may run at once (each on its own connection): their statements overlap
  // and only the chain_head section at the end is serial.
  const int max_leaders = std::max(1, options_.pool_size / 2);
  while (!me.done) {
    if (submit_leaders_ >= max_leaders || submit_queue_.empty()) {
      submit_cv_.wait(lock);
      continue;
    }
    ++submit_leaders_;
    std::vector<PendingSubmit*> batch;
    while (!submit_queue_.empty() && batch.size() < kMaxBatch) {
      batch.push_back(submit_queue_.front());
      submit_queue_.pop_front();
    }
    lock.unlock();
    SubmitBatch(p, batch);
    lock.lock();
    for (PendingSubmit* item : batch) item->done = true;
    --submit_leaders_;
    submit_cv_.notify_all();
  }
  if (!me.status.ok()) return me.status;
  return me.id;
}

}  // namespace phantompool::store::internal
