// Executors: registration, heartbeats, threshold operations and their responses, and the
// proofs the server stores for auditors.
#pragma once

#include "store_context.h"

namespace phantompool::store::internal {

class Executors {
 public:
  explicit Executors(StoreContext& ctx) : ctx_(ctx) {}

  Result<int64_t> Register(const Principal& p, const NewExecutorNode& n);
  Result<ExecutorNode> Get(const Principal& p, int64_t node_id);
  Status Heartbeat(const Principal& p, ExecutorStatus status);
  Status MarkUnreachable(const Principal& p, int64_t node_id);
  Result<int64_t> CreateOperation(const Principal& p, int64_t session_id, OperationType type,
                                  int32_t required, int32_t total);
  Result<ThresholdOperation> GetOperation(const Principal& p, int64_t operation_id);
  Result<int64_t> SubmitResponse(const Principal& p, int64_t operation_id, const Bytes& share,
                                 const Bytes& proof, const Bytes& signature);
  Status RecordValidity(const Principal& p, int64_t response_id, bool valid,
                        std::string_view reason);
  Result<std::vector<ExecutorResponse>> Responses(const Principal& p, int64_t operation_id);
  Result<int64_t> RecordProof(const Principal& p, ProofType type, std::optional<int64_t> order_id,
                              std::optional<int64_t> session_id, const Bytes& proof,
                              std::string_view public_inputs_json);

 private:
  StoreContext& ctx_;
};

}  // namespace phantompool::store::internal
