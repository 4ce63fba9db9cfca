// The order proof bundle: prove, verify, batch verify, size.
#include <vector>

#include "harness.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/order_open.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::bench {
namespace {

using namespace phantompool::order;
using crypto::Point;
using crypto::Scalar;

PairSpec BenchPair() {
  return FindBuiltinPair("SOL/USDC", "pair").value();
}

Order LimitBuy(uint64_t size, uint64_t price, uint8_t tag) {
  Order o;
  o.pair = "SOL/USDC";
  o.user_id = "bench-trader";
  o.side = Side::kBuy;
  o.type = OrderType::kLimit;
  o.size = size;
  o.limit_price = price;
  o.min_fill = size / 4;
  o.nonce.fill(tag);
  o.nonce[0] = static_cast<uint8_t>(tag >> 8);
  return o;
}

PP_BENCH_PART("crypto", "30_order", [](Figures& f) {
  crypto::DeterministicRng rng(7);
  const PairSpec pair = BenchPair();
  const TraderKey key = TraderKey::Generate(rng);
  const Scalar sk = Scalar::Random(rng);
  const Point pk = Point::MulBase(sk);
  const BalanceOpening balance{4'000'000'000'000'000'000ULL, Scalar::Random(rng)};
  const OrderStatement statement{
      &pair, pk, 1, crypto::PedersenCommit(Scalar::FromU64(balance.available), balance.blinding),
      key.public_key()};

  // A limit buy is the most expensive order: price limbs, product proof, 32 range slots.
  const Order order = LimitBuy(123'456, 10'075, 1);
  EncryptedOrder enc = EncryptOrder(order, pair, pk, 1, balance, key, rng).value();
  f.AddNs(
      "order_prove_ns",
      MeasureNs([&] { DoNotOptimize(EncryptOrder(order, pair, pk, 1, balance, key, rng).ok()); },
                2.0));
  f.AddNs("order_verify_ns",
          MeasureNs([&] { DoNotOptimize(VerifyEncryptedOrder(enc, statement).ok()); }, 2.0));
  f.Add("order_bytes", static_cast<double>(enc.Serialize().size()), "bytes");
  // What intake pays before verifying: every length, enum and point of the wire form.
  const std::vector<uint8_t> wire = enc.Serialize();
  f.AddNs("order_parse_ns", MeasureNs([&] { DoNotOptimize(EncryptedOrder::Parse(wire).ok()); }));
  // Opening, given the combined K the quorum produces: AEAD open and commitment check.
  const Point shared = enc.kem().R * sk;
  f.AddNs("order_open_ns",
          MeasureNs([&] { DoNotOptimize(OpenEncryptedOrder(enc, pair, shared, pk).ok()); }));

  constexpr size_t kBatch = 64;
  std::vector<EncryptedOrder> batch;
  std::vector<OrderStatement> statements(kBatch, statement);
  for (size_t i = 0; i < kBatch; ++i) {
    batch.push_back(EncryptOrder(LimitBuy(1000 + i, 10'000 + i, static_cast<uint8_t>(i + 2)), pair,
                                 pk, 1, balance, key, rng)
                        .value());
  }
  std::vector<const EncryptedOrder*> pointers;
  for (const auto& o : batch) pointers.push_back(&o);
  const double batch_ns = MeasureNs(
      [&] { DoNotOptimize(VerifyEncryptedOrders(pointers, statements)[0].ok()); }, 3.0, 1);
  f.AddNs("order_batch64_verify_ns_per_order", batch_ns / kBatch);
});

}  // namespace
}  // namespace phantompool::bench
