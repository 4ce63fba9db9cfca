// StoreCore::SubmitOrder with group commit.
//
// Every audited transaction ends by locking chain_head (the audit chain and the outbox ids
// must follow commit order), and holds it through COMMIT and its WAL flush. One order per
// transaction therefore caps submissions at one flush each, whatever the number of
// connections. Concurrent submissions are instead combined: a caller becomes the leader and
// runs everything queued in ONE transaction; a refused order is taken out and the rest run
// again (no partial rows). Every order keeps its whole effect — row, locked commitment,
// audit entry, outbox event — in the transaction that commits it; a caller returns only
// after that commit. Two batches may be in flight at once (one committing, one building).
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
  std::vector<PendingSubmit*> pending(batch);
  std::stable_sort(pending.begin(), pending.end(),
                   [](const PendingSubmit* a, const PendingSubmit* b) {
                     return std::tie(a->order->user_id, a->order->trading_pair_id, a->order->side) <
                            std::tie(b->order->user_id, b->order->trading_pair_id, b->order->side);
                   });
  // The whole batch runs as one transaction. An order that is refused aborts it; that order
  // gets its Status and the rest run again in a fresh transaction, so a refused order never
  // leaves anything behind and costs the others one retry. (Savepoints would avoid the
  // retry but cost two round trips per order on the common path, where nothing is refused.)
  while (!pending.empty()) {
    PendingSubmit* culprit = nullptr;
    Status culprit_status;
    Status s = Write(p, [&](SqlTx& tx, Journal& journal) {
      culprit = nullptr;
      for (PendingSubmit* item : pending) {
        item->id = 0;
        try {
          SubmitOne(tx, journal, *item->order, item->id);
        } catch (const StoreError& e) {
          culprit = item;
          culprit_status = e.status();
          throw;
        }
      }
    });
    if (s.ok()) {
      for (PendingSubmit* item : pending) item->status = Status::Ok();
      return;
    }
    if (culprit == nullptr) {  // failed at the journal or COMMIT: nothing committed
      for (PendingSubmit* item : pending) {
        item->status = s;
        item->id = 0;
      }
      return;
    }
    culprit->status = culprit_status;
    culprit->id = 0;
    pending.erase(std::find(pending.begin(), pending.end(), culprit));
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
  // Two batches overlap (each on its own connection): one builds while the other holds
  // chain_head through its COMMIT. More leaders would only make the batches smaller.
  const int max_leaders = std::min(2, std::max(1, options_.pool_size / 2));
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
