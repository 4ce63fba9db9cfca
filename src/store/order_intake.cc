#include "order_intake.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "access.h"
#include "commitments.h"

namespace phantompool::store::internal {
namespace {

constexpr size_t kMaxBatch = 256;
// How long a leader waits for callers that are about to queue: a few times what preparing an
// order takes (~0.4 ms of CPU, mostly EncryptedOrder::Serialize), much less than a commit.
constexpr std::chrono::microseconds kGather{2000};

// The order names its owner as the decimal users.id; it must be exactly the acting user.
bool NamesUser(const std::string& text, int64_t user_id) {
  int64_t parsed = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, parsed);
  return ec == std::errc() && ptr == end && parsed == user_id && std::to_string(parsed) == text;
}

}  // namespace

Result<PreparedOrder> OrderIntake::Prepare(const Principal& p, int64_t user_id,
                                           const order::EncryptedOrder& o,
                                           const Commitment& available) {
  if (user_id <= 0 || !NamesUser(o.user_id(), user_id)) {
    return Status::PermissionDenied("order.user_id", "must be the acting user's id");
  }
  PP_ASSIGN_OR_RETURN(crypto::Point a, DecodeInput(available, "available_commitment"));
  std::optional<std::pair<int64_t, order::PairSpec>> pair = ctx_.pairs().Lookup(o.pair());
  if (!pair) {
    PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
      PP_ASSIGN_OR_RETURN(auto found, ctx_.pairs().Find(tx, o.pair()));
      pair = std::move(found);
      return Status::Ok();
    }));
  }
  const order::PairSpec& spec = pair->second;
  PreparedOrder po;
  po.user_id = user_id;
  po.trading_pair_id = pair->first;
  po.side = o.side();
  po.type = o.type();
  po.validity = o.validity();
  if (o.validity() == order::Validity::kGtt) {
    // Unix seconds on the wire, microseconds in the store.
    if (o.expiry() == 0 || o.expiry() > static_cast<uint64_t>(INT64_MAX / 1'000'000)) {
      return Status::InvalidArgument("order.expiry", "out of range");
    }
    po.expires_at = static_cast<int64_t>(o.expiry()) * 1'000'000;
    if (*po.expires_at <= ctx_.Now()) {
      return Status::InvalidArgument("order.expiry", "must lie in the future");
    }
  } else if (o.expiry() != 0) {
    return Status::InvalidArgument("order.expiry", "only gtt orders expire");
  }
  po.nonce = o.nonce();
  po.encrypted_order = o.Serialize();
  if (po.encrypted_order.size() > (1u << 20)) {
    return Status::InvalidArgument("order", "larger than 1 MiB");
  }
  po.obligation_token = o.side() == order::Side::kBuy ? spec.quote_token() : spec.base_token();
  const crypto::Point obligation = order::ObligationCommitment(o, spec);
  if (obligation.IsIdentity()) {
    return Status::InvalidArgument("order.size", "the obligation commitment is the identity");
  }
  po.obligation = EncodePoint(obligation);
  po.expected_available = available;
  po.new_available = EncodePoint(a - obligation);
  return po;
}

Status OrderIntake::WriteOnce(const Principal& p, const std::vector<Pending*>& batch) {
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    std::vector<PreparedOrder> orders;
    orders.reserve(batch.size());
    for (const Pending* item : batch) orders.push_back(item->order);
    PP_ASSIGN_OR_RETURN(std::vector<SubmitOutcome> outcomes,
                        ctx_.procs().SubmitOrders(tx, orders, j, now));
    if (outcomes.size() != batch.size()) {
      return Status::Internal("encrypted_orders", "one outcome per order expected");
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->status = outcomes[i].status;
      batch[i]->id = outcomes[i].order_id;
      batch[i]->created_at = now;
    }
    return Status::Ok();
  });
}

void OrderIntake::WriteBatch(const Principal& p, std::vector<Pending*> batch) {
  // Balance rows are locked in (user, token) order by every writer, so two batches (or a
  // batch and a settlement) cannot wait on each other in a cycle.
  std::stable_sort(batch.begin(), batch.end(), [](const Pending* a, const Pending* b) {
    return std::tie(a->order.user_id, a->order.obligation_token) <
           std::tie(b->order.user_id, b->order.obligation_token);
  });
  Status s = WriteOnce(p, batch);
  if (s.ok()) return;
  if (batch.size() == 1) {
    batch[0]->status = s;
    batch[0]->id = 0;
    return;
  }
  // The transaction failed as a whole (a race only the database saw, such as one nonce in
  // two concurrent batches): nothing committed. Each order alone finds out its own fate.
  for (Pending* item : batch) {
    Status one = WriteOnce(p, {item});
    if (!one.ok()) {
      item->status = one;
      item->id = 0;
    }
  }
}

// The row submit_encrypted_orders inserts: every column from the prepared order, the id, and
// the transaction's time; nothing else is set until the order's batch closes.
OrderRecord OrderIntake::Committed(PreparedOrder&& o, int64_t id, int64_t now) {
  OrderRecord r;
  r.id = id;
  r.user_id = o.user_id;
  r.trading_pair_id = o.trading_pair_id;
  r.side = o.side;
  r.order_type = o.type;
  r.validity = o.validity;
  r.expires_at = o.expires_at;
  r.nonce = o.nonce;
  r.encrypted_order = std::move(o.encrypted_order);
  r.obligation_token = std::move(o.obligation_token);
  r.obligation_commitment = o.obligation;
  r.status = OrderStatus::kActive;
  r.created_at = now;
  r.updated_at = now;
  return r;
}

Result<OrderRecord> OrderIntake::Submit(const Principal& p, int64_t user_id,
                                        const order::EncryptedOrder& order,
                                        const Commitment& available) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "encrypted_orders"));
  {
    std::lock_guard<std::mutex> lock(mu_);
    peak_ = std::max(peak_, ++callers_);
  }
  Pending me;
  Result<PreparedOrder> prepared = Prepare(p, user_id, order, available);
  std::unique_lock<std::mutex> lock(mu_);
  if (!prepared.ok()) {
    --callers_;
    return prepared.status();
  }
  me.order = std::move(prepared).value();
  queue_.push_back(&me);
  // With no leader the queue was empty: this caller leads. Otherwise a gathering leader
  // counts it.
  if (!leader_) {
    leader_ = true;
    me.lead = true;
  } else {
    gather_cv_.notify_one();
  }
  while (!me.done) {
    if (!me.lead) {
      me.cv.wait(lock);
      continue;
    }
    // One batch at a time. Two (one running its checks while the other holds chain_head
    // through its commit) measured slower: each was half as large, and with a commit's WAL
    // flush per batch the size of a batch is what sets the rate.
    me.lead = false;
    // As many callers as were recently active will want this batch; those not queued yet are
    // preparing an order, or returning from the last batch to send their next: wait for them
    // a little, so that each transaction (each hold of chain_head through a commit) carries
    // as many orders as there are callers. A lone caller never waits.
    const auto deadline = std::chrono::steady_clock::now() + kGather;
    gather_cv_.wait_until(lock, deadline, [&] {
      return static_cast<int>(queue_.size()) >= peak_ || queue_.size() >= kMaxBatch;
    });
    // The leader is always the queue's first: it queued into an empty queue or was handed
    // the lead as the first left behind. So its own order is in this batch.
    std::vector<Pending*> batch;
    while (!queue_.empty() && batch.size() < kMaxBatch) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    WriteBatch(p, batch);
    lock.lock();
    // The peak decays, so that a burst does not make every later batch wait.
    peak_ = std::max(callers_, peak_ - 1);
    for (Pending* item : batch) {
      item->done = true;
      if (item != &me) item->cv.notify_one();
    }
    if (queue_.empty()) {
      leader_ = false;
    } else {
      queue_.front()->lead = true;
      queue_.front()->cv.notify_one();
    }
  }
  --callers_;
  if (!me.status.ok()) return me.status;
  return Committed(std::move(me.order), me.id, me.created_at);
}

}  // namespace phantompool::store::internal
