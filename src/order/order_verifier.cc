// The server's side: everything an order claims is checked here before it is accepted.
// Every equation of every order goes into one VerificationBatch (one multi-scalar
// multiplication whose weights the verifier draws itself).
#include <string>

#include "order_statement.h"
#include "phantompool/crypto/bulletproof_gens.h"
#include "phantompool/crypto/verification_batch.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order {
namespace {

Status CheckStatement(const EncryptedOrder& o, const OrderStatement& st) {
  if (st.pair == nullptr) return Status::InvalidArgument("statement.pair", "missing");
  if (o.pair() != st.pair->symbol()) {
    return Status::InvalidArgument(
        "pair", "order is for '" + o.pair() + "', the statement for '" + st.pair->symbol() + "'");
  }
  if (o.key_epoch() != st.key_epoch) {
    return Status::VerificationFailed(
        "key_epoch", "encrypted to key epoch " + std::to_string(o.key_epoch()) +
                         ", the executors' key is epoch " + std::to_string(st.key_epoch));
  }
  return Status::Ok();
}

// What needs no group arithmetic: the statement fits the order, and the signature.
Status Precheck(const EncryptedOrder& o, const OrderStatement& st) {
  if (!o.has_order_proofs()) {
    return Status::FailedPrecondition("order",
                                      "parsed without its product and range proofs: it cannot "
                                      "be verified (EncryptedOrder::Parse reads them)");
  }
  PP_RETURN_IF_ERROR(CheckStatement(o, st));
  return VerifySignature(st.trader_public_key, kOrderSignatureDomain, o.SignedBytes(),
                         o.signature())
      .WithField("signature");
}

// Adds every proof equation of a prechecked order to `batch`.
Status AddProofs(const EncryptedOrder& o, const OrderStatement& st,
                 crypto::VerificationBatch& batch) {
  batch.Mix(o.Serialize());
  batch.Mix(st.available_commitment);
  batch.Mix(st.joint_public_key);
  crypto::Transcript kem_t =
      internal::KemTranscript(o.StatementBytes(), st.joint_public_key, st.key_epoch);
  PP_RETURN_IF_ERROR(
      o.kem_proof().VerifyBatched(kem_t, o.kem().R, batch.sigma()).WithField("kem.proof"));
  crypto::Transcript t = internal::OrderTranscript(o.StatementBytes(), *st.pair,
                                                   st.joint_public_key, st.available_commitment);
  if (o.product_proof()) {
    PP_RETURN_IF_ERROR(o.product_proof()
                           ->VerifyBatched(t, o.size_commitment(), *o.price_commitment(),
                                           *o.product_commitment(), batch.sigma())
                           .WithField("product_proof"));
  }
  PP_ASSIGN_OR_RETURN(auto weights, batch.AddRangeProof(o.range_proof(), t, kRangeValues,
                                                        kRangeBits, "range_proof"));
  internal::AddRangeCommitments(o, *st.pair, st.available_commitment, weights, batch);
  return Status::Ok();
}

// A single order that failed its batch: which proof is false. The proof of knowledge and
// the product proof are checked alone; what remains is the range proof together with the
// commitments it is derived from (a wrong A, a size out of bounds, an insolvent order).
Status NameFailure(const EncryptedOrder& o, const OrderStatement& st) {
  crypto::Transcript kem_t =
      internal::KemTranscript(o.StatementBytes(), st.joint_public_key, st.key_epoch);
  PP_RETURN_IF_ERROR(o.kem_proof().Verify(kem_t, o.kem().R).WithField("kem.proof"));
  if (o.product_proof()) {
    crypto::Transcript t = internal::OrderTranscript(o.StatementBytes(), *st.pair,
                                                     st.joint_public_key, st.available_commitment);
    PP_RETURN_IF_ERROR(
        o.product_proof()
            ->Verify(t, o.size_commitment(), *o.price_commitment(), *o.product_commitment())
            .WithField("product_proof"));
  }
  return Status::VerificationFailed(
      "range_proof",
      "does not verify: the order is out of its pair's bounds, insolvent against A, or forged");
}

std::string OrderField(size_t i) {
  return "orders[" + std::to_string(i) + "]";
}

// Verifies the prechecked orders `indices`; splits a failing batch in halves so that k bad
// orders among n cost O(k log n) batches, not n single checks. An order whose proofs cannot
// even be replayed is named and left out, and the rest batched again.
void Bisect(std::span<const EncryptedOrder* const> orders,
            std::span<const OrderStatement> statements, std::span<const size_t> indices,
            std::vector<Status>& out) {
  if (indices.empty()) return;
  crypto::VerificationBatch batch;
  for (size_t k = 0; k < indices.size(); ++k) {
    const size_t i = indices[k];
    const Status s = AddProofs(*orders[i], statements[i], batch);
    if (!s.ok()) {
      out[i] = s.WithFieldPrefix(OrderField(i));
      std::vector<size_t> rest(indices.begin(), indices.end());
      rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(k));
      Bisect(orders, statements, rest, out);
      return;
    }
  }
  if (batch.Holds()) return;
  if (indices.size() == 1) {
    const size_t i = indices[0];
    out[i] = NameFailure(*orders[i], statements[i]).WithFieldPrefix(OrderField(i));
    return;
  }
  const size_t half = indices.size() / 2;
  Bisect(orders, statements, indices.first(half), out);
  Bisect(orders, statements, indices.subspan(half), out);
}

}  // namespace

void PrepareOrderVerification() {
  const crypto::BulletproofGens& gens = crypto::BulletproofGens::Default();
  gens.GTables(kRangeValues * kRangeBits);
  gens.HTables(kRangeValues * kRangeBits);
}

Status VerifyEncryptedOrder(const EncryptedOrder& order, const OrderStatement& statement) {
  PP_RETURN_IF_ERROR(Precheck(order, statement));
  crypto::VerificationBatch batch;
  PP_RETURN_IF_ERROR(AddProofs(order, statement, batch));
  if (batch.Holds()) return Status::Ok();
  return NameFailure(order, statement);
}

std::vector<Status> VerifyEncryptedOrders(std::span<const EncryptedOrder* const> orders,
                                          std::span<const OrderStatement> statements) {
  std::vector<Status> out(orders.size(), Status::Ok());
  if (orders.size() != statements.size()) {
    for (Status& s : out) s = Status::InvalidArgument("statements", "one statement per order");
    return out;
  }
  std::vector<size_t> candidates;
  for (size_t i = 0; i < orders.size(); ++i) {
    const Status s = orders[i] == nullptr ? Status::InvalidArgument("order", "missing")
                                          : Precheck(*orders[i], statements[i]);
    if (s.ok()) {
      candidates.push_back(i);
    } else {
      out[i] = s.WithFieldPrefix(OrderField(i));
    }
  }
  Bisect(orders, statements, candidates, out);
  return out;
}

}  // namespace phantompool::order
