// The constant-time check of the order prover, run under valgrind (as crypto_ctime is):
// the trader's key seed, the order's size, price and min fill, and the balance opening
// are marked undefined; memcheck reports any branch or memory index that depends on
// them. Only the provability checks run on a declassified copy (order_prover.cc says why).
#include <cstdio>

#include "phantompool/crypto/ctime.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::order {
namespace {

using crypto::Point;
using crypto::Scalar;

class ClassifyingRng final : public crypto::Rng {
 public:
  explicit ClassifyingRng(uint64_t seed) : inner_(seed) {}
  void Fill(std::span<uint8_t> out) override {
    inner_.Fill(out);
    crypto::Classify(out.data(), out.size());
  }

 private:
  crypto::DeterministicRng inner_;
};

int Run() {
  const PairSpec pair = FindBuiltinPair("SOL/USDC", "pair").value();

  crypto::DeterministicRng public_rng(1);
  const Point joint_key = Point::MulBase(Scalar::Random(public_rng));
  std::array<uint8_t, kSeedBytes> seed;
  public_rng.Fill(seed);
  crypto::ClassifyValue(seed);
  const TraderKey key = std::move(TraderKey::FromSeed(seed, "seed")).value();

  int failures = 0;
  for (Side side : {Side::kBuy, Side::kSell}) {
    for (OrderType type : {OrderType::kLimit, OrderType::kMarket}) {
      Order o;
      o.pair = pair.symbol();
      o.user_id = "trader-ct";
      o.side = side;
      o.type = type;
      o.size = 4321;
      if (type == OrderType::kLimit) o.limit_price = 10'075;
      o.min_fill = 100;
      o.nonce.fill(static_cast<uint8_t>(static_cast<int>(side) * 8 + static_cast<int>(type)));
      BalanceOpening balance{4'000'000'000'000, Scalar::FromU64(777)};
      const Point available =
          crypto::PedersenCommit(Scalar::FromU64(balance.available), balance.blinding);
      crypto::ClassifyValue(o.size);
      crypto::ClassifyValue(o.limit_price);
      crypto::ClassifyValue(o.min_fill);
      crypto::ClassifyValue(balance.available);
      crypto::ClassifyValue(balance.blinding);

      ClassifyingRng rng(static_cast<uint64_t>(side) * 10 + static_cast<uint64_t>(type));
      auto enc = EncryptOrder(o, pair, joint_key, /*key_epoch=*/1, balance, key, rng);
      bool ok = enc.ok();
      crypto::DeclassifyValue(ok);
      if (ok) {
        // The serialised order is what gets published; the verifier works on those bytes.
        std::vector<uint8_t> bytes = enc->Serialize();
        crypto::Declassify(bytes.data(), bytes.size());
        auto parsed = EncryptedOrder::Parse(bytes);
        const OrderStatement st{&pair, joint_key, 1, available, key.public_key()};
        ok = parsed.ok() && VerifyEncryptedOrder(*parsed, st).ok();
      }
      std::printf("order ctime: %s %s %s\n", std::string(SideName(side)).c_str(),
                  std::string(OrderTypeName(type)).c_str(), ok ? "ok" : "FAILED");
      if (!ok) ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace phantompool::order

int main() {
  return phantompool::order::Run();
}
