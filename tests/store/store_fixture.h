// A migrated store of either back end with a movable clock and helpers that build users,
// balances and orders the way the server will.
#pragma once

#include <atomic>

#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "store_test_env.h"

namespace phantompool::store::testing {

inline Commitment RandomCommitment(crypto::Rng& rng) {
  const auto e = crypto::Point::MulBase(crypto::Scalar::Random(rng)).Encode();
  Commitment c;
  std::copy(e.begin(), e.end(), c.begin());
  return c;
}

inline Commitment Encode(const crypto::Point& p) {
  const auto e = p.Encode();
  Commitment c;
  std::copy(e.begin(), e.end(), c.begin());
  return c;
}

inline crypto::Point Decode(const Commitment& c) {
  return crypto::Point::Decode(c, "c", crypto::IdentityPolicy::kAllow).value();
}

inline constexpr const char* kSol = "So11111111111111111111111111111111111111112";
inline constexpr const char* kUsdc = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";

class StoreFixture : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = FreshDatabaseUrl(GetParam());
    ASSERT_FALSE(url_.empty());
    StoreOptions o;
    o.clock = [this] { return now_.load(); };
    store_ = OpenMigrated(url_, o);
    ASSERT_NE(store_, nullptr);
  }

  void TearDown() override {
    store_.reset();
    for (const std::string& url : extra_urls_) DropDatabase(url);
    if (!url_.empty()) DropDatabase(url_);
  }

  // Another fresh database, dropped with this test's.
  std::string ExtraDatabase(Backend backend) {
    extra_urls_.push_back(FreshDatabaseUrl(backend));
    return extra_urls_.back();
  }

  // A verified user with a wallet derived from `n`.
  int64_t MakeUser(int n, bool verify = true) {
    store::NewUser u;
    static constexpr char kB58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    std::string w = "User";
    for (int i = 0, m = n; i < 6; ++i, m /= 58) w += kB58[m % 58];
    w.append(40 - w.size(), 'x');
    u.wallet_address = w;
    u.public_key.assign(32, static_cast<uint8_t>(n));
    auto id = store_->CreateUser(Principal::Service(), u);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    if (verify) {
      EXPECT_TRUE(store_->SetKycStatus(Principal::Service(), *id, KycStatus::kVerified).ok());
    }
    return *id;
  }

  NewOrder Order(int64_t user, Side side, Commitment obligation,
                 Validity v = Validity::kGoodTillCancelled) {
    NewOrder o;
    o.user_id = user;
    o.trading_pair_id = 1;  // SOL/USDC
    o.side = side;
    o.validity = v;
    if (v == Validity::kGoodTillTime) o.expires_at = now_.load() + 60'000'000;
    o.ciphertexts = {1, 2, 3};
    o.commitments = {4, 5, 6};
    o.proof_bundle = {7, 8, 9, 10};
    o.signature.assign(64, 0x55);
    o.nonce.assign(16, 0);
    const uint64_t k = nonce_counter_++;
    for (int i = 0; i < 8; ++i) o.nonce[i] = static_cast<uint8_t>(k >> (8 * i));
    o.obligation_commitment = obligation;
    return o;
  }

  Balance BalanceOf(int64_t user, const std::string& token) {
    auto all = store_->GetBalances(Principal::Service(), user);
    EXPECT_TRUE(all.ok());
    for (const Balance& b : *all) {
      if (b.token == token) return b;
    }
    return Balance{};
  }

  std::string url_;
  std::vector<std::string> extra_urls_;
  std::unique_ptr<Store> store_;
  std::atomic<int64_t> now_{1'700'000'000'000'000};
  std::atomic<uint64_t> nonce_counter_{1};
  crypto::DeterministicRng rng_{7};
};

}  // namespace phantompool::store::testing
