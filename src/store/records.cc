// Names and strict parsers of the store's enums: the exact text the schema's CHECK
// constraints allow, so a value read back that is not one of them is Corruption.
#include <chrono>

#include "phantompool/store/store.h"

namespace phantompool::store {
namespace {

template <typename E, size_t N>
Result<E> ParseEnum(std::string_view s, std::string_view field,
                    const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<E>(i);
  }
  std::string allowed;
  for (size_t i = 0; i < N; ++i) {
    if (i) allowed += ", ";
    allowed += names[i];
  }
  return Status::InvalidArgument(std::string(field), "must be one of: " + allowed);
}

constexpr std::string_view kRoles[] = {"trader", "auditor", "executor", "service"};
constexpr std::string_view kOrderStatus[] = {"active", "matching",  "partially_filled",
                                             "filled", "cancelled", "expired"};
constexpr std::string_view kKyc[] = {"pending", "verified", "rejected"};
constexpr std::string_view kTransfer[] = {"deposit", "withdrawal"};
constexpr std::string_view kSession[] = {"frozen", "settled", "failed"};
constexpr std::string_view kExecutor[] = {"online", "offline", "degraded", "maintenance"};
constexpr std::string_view kOpType[] = {"partial_decrypt", "vrf"};
constexpr std::string_view kOpStatus[] = {"pending", "ready", "completed", "failed"};
constexpr std::string_view kHealth[] = {"healthy", "degraded", "unhealthy", "offline"};
constexpr std::string_view kProof[] = {"range", "solvency", "equality",  "vrf", "decryption_share",
                                       "dleq",  "matching", "settlement"};

}  // namespace

std::string_view RoleName(Role r) {
  return kRoles[static_cast<size_t>(r)];
}
Result<Role> ParseRole(std::string_view s, std::string_view f) {
  return ParseEnum<Role>(s, f, kRoles);
}
std::string Principal::ToString() const {
  return std::string(RoleName(role)) + ":" + std::to_string(user_id);
}

std::string_view Name(OrderStatus v) {
  return kOrderStatus[static_cast<size_t>(v)];
}
std::string_view Name(KycStatus v) {
  return kKyc[static_cast<size_t>(v)];
}
std::string_view Name(TransferKind v) {
  return kTransfer[static_cast<size_t>(v)];
}
std::string_view Name(SessionStatus v) {
  return kSession[static_cast<size_t>(v)];
}
std::string_view Name(ExecutorStatus v) {
  return kExecutor[static_cast<size_t>(v)];
}
std::string_view Name(OperationType v) {
  return kOpType[static_cast<size_t>(v)];
}
std::string_view Name(OperationStatus v) {
  return kOpStatus[static_cast<size_t>(v)];
}
std::string_view Name(HealthStatus v) {
  return kHealth[static_cast<size_t>(v)];
}
std::string_view Name(ProofType v) {
  return kProof[static_cast<size_t>(v)];
}

Result<OrderStatus> ParseOrderStatus(std::string_view s, std::string_view f) {
  return ParseEnum<OrderStatus>(s, f, kOrderStatus);
}
Result<KycStatus> ParseKycStatus(std::string_view s, std::string_view f) {
  return ParseEnum<KycStatus>(s, f, kKyc);
}
Result<TransferKind> ParseTransferKind(std::string_view s, std::string_view f) {
  return ParseEnum<TransferKind>(s, f, kTransfer);
}
Result<SessionStatus> ParseSessionStatus(std::string_view s, std::string_view f) {
  return ParseEnum<SessionStatus>(s, f, kSession);
}
Result<ExecutorStatus> ParseExecutorStatus(std::string_view s, std::string_view f) {
  return ParseEnum<ExecutorStatus>(s, f, kExecutor);
}
Result<OperationType> ParseOperationType(std::string_view s, std::string_view f) {
  return ParseEnum<OperationType>(s, f, kOpType);
}
Result<OperationStatus> ParseOperationStatus(std::string_view s, std::string_view f) {
  return ParseEnum<OperationStatus>(s, f, kOpStatus);
}
Result<HealthStatus> ParseHealthStatus(std::string_view s, std::string_view f) {
  return ParseEnum<HealthStatus>(s, f, kHealth);
}
Result<ProofType> ParseProofType(std::string_view s, std::string_view f) {
  return ParseEnum<ProofType>(s, f, kProof);
}

bool IsOpen(OrderStatus s) {
  return s == OrderStatus::kActive || s == OrderStatus::kMatching ||
         s == OrderStatus::kPartiallyFilled;
}

int32_t ExecutorReputation(uint64_t valid, uint64_t invalid, uint64_t missed) {
  // In 128 bits: 2·invalid and the sums cannot wrap for any 64-bit counts, and the quotient
  // is at most 1000 because valid + 1 <= the denominator.
  using U = unsigned __int128;
  const U good = U{valid} + 1;
  const U trials = U{valid} + 2 * U{invalid} + U{missed} + 2;
  return static_cast<int32_t>(U{1000} * good / trials);
}

int64_t SystemClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace phantompool::store
