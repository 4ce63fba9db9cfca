// The coordinator's records (migration 005): quorum responses with their verdicts, openings
// and excluded orders, key sets and the executor list. Sessions' draw is in sessions.h.
#pragma once

#include "store_context.h"

namespace phantompool::store::internal {

// Executor nodes — all of them by node index, or the one with `node_id` — with their answer
// record and the reputation derived from it (ExecutorReputation): the one place the store
// builds an ExecutorNode, for ListExecutors and GetExecutor alike. Without `with_record` the
// counts are not read (an executor principal: the coordinator's verdicts in
// quorum_responses are not its to read) and are 0, the reputation then the prior.
Result<std::vector<ExecutorNode>> ReadExecutorNodes(SqlTx& tx, std::optional<int64_t> node_id,
                                                    bool with_record);

class Coordination {
 public:
  explicit Coordination(StoreContext& ctx) : ctx_(ctx) {}

  Result<int32_t> RecordAttempt(const Principal& p, int64_t session_id,
                                const std::vector<QuorumResponseRecord>& records);
  Result<std::vector<StoredQuorumResponse>> Responses(const Principal& p, int64_t session_id);
  Status RecordOpenings(const Principal& p, int64_t session_id,
                        const std::vector<OrderOpening>& opened,
                        const std::vector<ExcludedOrder>& excluded);
  Result<std::vector<OrderOpening>> Openings(const Principal& p, int64_t session_id);
  Result<std::vector<StoredQuorumResponse>> RecentInvalid(const Principal& p, int64_t limit);
  Result<std::vector<ExcludedOrder>> Excluded(const Principal& p, int64_t session_id);
  Result<std::vector<ExecutorNode>> ListExecutors(const Principal& p);
  Status RecordKeySet(const Principal& p, const KeySetRecord& keys,
                      const std::vector<NewExecutorNode>& executors);
  Result<std::optional<KeySetRecord>> CurrentKeySet(const Principal& p);

 private:
  StoreContext& ctx_;
};

}  // namespace phantompool::store::internal
