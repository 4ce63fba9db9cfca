#include "phantompool/order/kem_check.h"

#include <map>
#include <string>

#include "order_statement.h"
#include "phantompool/crypto/verification_batch.h"

namespace phantompool::order {
namespace {

std::string OrderField(size_t i) {
  return "orders[" + std::to_string(i) + "]";
}

Status AddKemProof(const KemStatement& o, const crypto::Point& pk, uint32_t epoch,
                   crypto::VerificationBatch& batch) {
  batch.Mix(o.StatementBytes());
  crypto::Transcript t = internal::KemTranscript(o.StatementBytes(), pk, epoch);
  return o.proof().VerifyBatched(t, o.R(), batch.sigma()).WithField("kem.proof");
}

void Bisect(std::span<const KemStatement* const> orders, const crypto::Point& pk, uint32_t epoch,
            std::span<const size_t> indices, std::vector<Status>& out) {
  if (indices.empty()) return;
  crypto::VerificationBatch batch;
  for (size_t i : indices) {
    const Status s = AddKemProof(*orders[i], pk, epoch, batch);
    if (!s.ok()) out[i] = s.WithFieldPrefix(OrderField(i));
  }
  if (batch.Holds()) return;
  if (indices.size() == 1) {
    const size_t i = indices[0];
    if (out[i].ok()) {
      out[i] = Status::VerificationFailed(OrderField(i) + ".kem.proof",
                                          "proof of knowledge of r does not verify");
    }
    return;
  }
  const size_t half = indices.size() / 2;
  Bisect(orders, pk, epoch, indices.first(half), out);
  Bisect(orders, pk, epoch, indices.subspan(half), out);
}

}  // namespace

std::vector<Status> VerifyKemProofs(std::span<const KemStatement* const> orders,
                                    const crypto::Point& joint_public_key, uint32_t key_epoch) {
  std::vector<Status> out(orders.size(), Status::Ok());
  std::map<std::array<uint8_t, 32>, size_t> first_with_r;
  std::vector<size_t> candidates;
  for (size_t i = 0; i < orders.size(); ++i) {
    if (orders[i] == nullptr) {
      out[i] = Status::InvalidArgument(OrderField(i), "missing");
      continue;
    }
    if (orders[i]->key_epoch() != key_epoch) {
      out[i] = Status::VerificationFailed(OrderField(i) + ".key_epoch",
                                          "encrypted to another key epoch");
      continue;
    }
    auto [it, fresh] = first_with_r.emplace(orders[i]->REncoding(), i);
    if (!fresh) {
      out[i] = Status::VerificationFailed(
          OrderField(i) + ".kem.R", "the same R as orders[" + std::to_string(it->second) + "]");
      continue;
    }
    candidates.push_back(i);
  }
  Bisect(orders, joint_public_key, key_epoch, candidates, out);
  return out;
}

}  // namespace phantompool::order
