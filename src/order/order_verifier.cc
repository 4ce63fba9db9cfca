// The server's side: everything an order claims is checked here before it is accepted.
#include "order_statement.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order {
namespace {

using crypto::Point;

Status CheckShape(const EncryptedOrder& order, const PairSpec& pair) {
  if (order.version != kEncryptedOrderVersion) {
    return Status::InvalidArgument("version", "unsupported version");
  }
  if (order.pair != pair.symbol()) return Status::InvalidArgument("pair", "order is for another pair");
  const bool limit = order.type == OrderType::kLimit;
  const bool limit_buy = limit && order.side == Side::kBuy;
  if (order.price.has_value() != limit) {
    return Status::InvalidArgument(
        "price", limit ? "a limit order needs an encrypted price" : "a market order has no price");
  }
  if (order.product.has_value() != limit_buy) {
    return Status::InvalidArgument("product", "present exactly for limit buys");
  }
  if ((order.validity == Validity::kGtt) != (order.expiry != 0)) {
    return Status::InvalidArgument("expiry", "set exactly for gtt orders");
  }
  if (order.aux_chunks.size() != internal::AuxSlotsFor(order.type).size()) {
    return Status::InvalidArgument("aux_chunks", "wrong number of derived quantities");
  }
  auto check_value = [](const EncryptedValue& v, std::string_view name) -> Status {
    if (v.limbs.size() != kLimbsPerValue) {
      return Status::InvalidArgument(std::string(name) + ".limbs", "must hold 4 limbs");
    }
    for (const auto& limb : v.limbs) {
      if (!limb.equality_proof) {
        return Status::InvalidArgument(std::string(name) + ".equality_proof", "missing");
      }
    }
    return Status::Ok();
  };
  PP_RETURN_IF_ERROR(check_value(order.size, "size"));
  if (order.price) PP_RETURN_IF_ERROR(check_value(*order.price, "price"));
  PP_RETURN_IF_ERROR(check_value(order.min_fill, "min_fill"));
  if (order.product && !order.product->proof) {
    return Status::InvalidArgument("product.proof", "missing");
  }
  if (order.range_proofs.size() != kRangeProofs) {
    return Status::InvalidArgument("range_proofs", "must hold 2 proofs");
  }
  return Status::Ok();
}

Status VerifyValue(crypto::Transcript& t, const Point& pk, const EncryptedValue& v,
                   std::string_view name, crypto::sigma::CombinedCheck& sigma) {
  for (size_t j = 0; j < v.limbs.size(); ++j) {
    const auto& limb = v.limbs[j];
    const Status s =
        limb.equality_proof->VerifyBatched(t, pk, limb.ciphertext, limb.commitment, sigma);
    if (!s.ok()) {
      return s.WithFieldPrefix(std::string(name) + ".limbs[" + std::to_string(j) + "]");
    }
  }
  return Status::Ok();
}

// Everything except the range proof; leaves `t` where the range proof continues it. The
// sigma proofs' equations go into `sigma`, which the caller checks (once per batch).
Result<crypto::Transcript> VerifyAllButRange(const EncryptedOrder& order, const OrderStatement& st,
                                             crypto::sigma::CombinedCheck& sigma) {
  const PairSpec& pair = *st.pair;
  PP_RETURN_IF_ERROR(CheckShape(order, pair));
  PP_RETURN_IF_ERROR(VerifySignature(st.trader_public_key, kOrderSignatureDomain,
                                     order.SignedBytes(), order.signature));
  const auto slots = internal::AuxSlotsFor(order.type);
  for (size_t i = 0; i < slots.size(); ++i) {
    const Point target = internal::AuxTarget(slots[i], order, pair, st.available_commitment);
    if (!(internal::Recombine(order.aux_chunks[i]) == target)) {
      return Status::VerificationFailed("aux_chunks[" + std::to_string(i) + "]",
                                        "chunks do not recombine to the derived commitment");
    }
  }
  crypto::Transcript t =
      internal::BindOrderStatement(order, pair, st.joint_public_key, st.available_commitment);
  PP_RETURN_IF_ERROR(VerifyValue(t, st.joint_public_key, order.size, "size", sigma));
  if (order.price) {
    PP_RETURN_IF_ERROR(VerifyValue(t, st.joint_public_key, *order.price, "price", sigma));
  }
  PP_RETURN_IF_ERROR(VerifyValue(t, st.joint_public_key, order.min_fill, "min_fill", sigma));
  if (order.product) {
    PP_RETURN_IF_ERROR(order.product->proof
                           ->VerifyBatched(t, order.size.Commitment(), order.price->Commitment(),
                                           order.product->commitment, sigma)
                           .WithFieldPrefix("product"));
  }
  return t;
}

void AddRangeInstances(const EncryptedOrder& order, const crypto::Transcript& t,
                       std::vector<crypto::RangeProofInstance>& out) {
  const std::vector<Point> commitments = internal::RangeCommitments(order);
  for (size_t i = 0; i < kRangeProofs; ++i) {
    auto first = commitments.begin() + static_cast<std::ptrdiff_t>(i * kSlotsPerRangeProof);
    out.push_back(crypto::RangeProofInstance{
        &order.range_proofs[i], internal::RangeTranscript(t, i),
        std::vector<Point>(first, first + kSlotsPerRangeProof), kRangeBits});
  }
}

Status SigmaFailure() {
  return Status::VerificationFailed("sigma_proofs", "an equality or product proof does not verify");
}

}  // namespace

Status VerifyEncryptedOrder(const EncryptedOrder& order, const OrderStatement& statement) {
  // The sigma proofs of one order are checked together, weighted by the verifier's own
  // randomness (sigma_codec.h: no prover can make false equations cancel).
  crypto::SystemRng rng;
  crypto::sigma::CombinedCheck sigma(rng);
  PP_ASSIGN_OR_RETURN(crypto::Transcript t, VerifyAllButRange(order, statement, sigma));
  if (!sigma.Holds()) return SigmaFailure();
  // Both range proofs in one multi-scalar multiplication: they share the generator terms.
  std::vector<crypto::RangeProofInstance> instances;
  AddRangeInstances(order, t, instances);
  return crypto::BatchVerifyRangeProofs(instances, rng);
}

Status BatchVerifyEncryptedOrders(std::span<const EncryptedOrder> orders,
                                  std::span<const OrderStatement> statements, crypto::Rng& rng) {
  if (orders.size() != statements.size()) {
    return Status::InvalidArgument("statements", "one statement per order");
  }
  std::vector<crypto::RangeProofInstance> instances;
  instances.reserve(orders.size());
  crypto::sigma::CombinedCheck sigma(rng);
  for (size_t i = 0; i < orders.size(); ++i) {
    auto t = VerifyAllButRange(orders[i], statements[i], sigma);
    if (!t.ok()) return t.status().WithFieldPrefix("orders[" + std::to_string(i) + "]");
    AddRangeInstances(orders[i], *t, instances);
  }
  Status s = sigma.Holds() ? crypto::BatchVerifyRangeProofs(instances, rng) : SigmaFailure();
  if (s.ok()) return s;
  // Name the culprit: the batch only says that some proof failed.
  for (size_t i = 0; i < orders.size(); ++i) {
    Status one = VerifyEncryptedOrder(orders[i], statements[i]);
    if (!one.ok()) return one.WithFieldPrefix("orders[" + std::to_string(i) + "]");
  }
  return s;
}

}  // namespace phantompool::order
