// The e2e benchmark's orders.
//
// Intake orders: real orders (EncryptOrder, every proof), built ahead of time exactly as the
// client would. A trader's order i proves against the available-balance commitment A the
// store will hold once its first i orders are locked: the client's opening (OpenAvailable)
// minus each earlier order's obligation and its blinding (order_secrets.h). That holds only
// while none of them fills, so the intake orders never cross (buys below, sells above the
// reference price). They are cached in build/bench-cache/ keyed by everything they depend on
// (joint key, seed, trader ids and their starting A); a run with other flags rebuilds.
//
// Session orders: 10,000 crossing orders for one batch, in seconds: each user's template is
// a real order (proven once); every copy has the template's commitments (so the same
// obligation) under a fresh KEM (fresh R, a valid proof of knowledge of r, the template's
// openings encrypted to the joint key). Nothing on the session path verifies the range and
// product proofs they borrow: intake did (bench/executor does the same).
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_quorum.h"
#include "kem_reseal.h"
#include "order_assembler.h"
#include "order_statement.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/aead.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/order_json.h"
#include "phantompool/order/order_secrets.h"

namespace phantompool::bench::e2e {

using crypto::Point;
using crypto::Scalar;

constexpr uint64_t kPrice = 15'000;  // the reference price, as the server tests use it
constexpr uint64_t kLots = 10;

// What one trader's intake orders depend on (besides the joint key).
struct IntakeTrader {
  int64_t user_id = 0;
  uint64_t seed = 0;
  order::Side side = order::Side::kBuy;
  order::BalanceOpening opening;  // as OpenAvailable returned it before any order
  std::string a0;                 // the server's A then (hex)
  const order::TraderKey* key = nullptr;
};

// The request bodies of `count` orders of `t`, in submission order.
inline std::vector<std::string> BuildIntakeOrders(const IntakeTrader& t, size_t count,
                                                  const order::PairSpec& spec,
                                                  const order::PairSpec& bound, const Point& joint,
                                                  uint32_t epoch) {
  crypto::DeterministicRng rng(t.seed);
  order::BalanceOpening opening = t.opening;
  std::vector<std::string> bodies;
  for (size_t i = 0; i < count; ++i) {
    order::Order o;
    o.pair = spec.symbol();
    o.user_id = std::to_string(t.user_id);
    o.side = t.side;
    o.type = order::OrderType::kLimit;
    o.size = kLots;
    o.limit_price = t.side == order::Side::kBuy ? kPrice * 9 / 10 : kPrice * 11 / 10;
    rng.Fill(o.nonce);
    auto enc = order::EncryptOrder(o, bound, joint, epoch, opening, *t.key, rng);
    if (!enc.ok()) Fail("EncryptOrder: " + enc.status().ToString());
    const Point a = crypto::PedersenCommit(Scalar::FromU64(opening.available), opening.blinding);
    const nlohmann::json body = {{"order", order::EncryptedOrderToJson(*enc)},
                                 {"available_commitment", ToHex(a.Encode())}};
    bodies.push_back(body.dump());
    const auto obligation = order::Obligation(o, spec);
    PP_CHECK(obligation && *obligation <= opening.available);
    opening.available -= *obligation;
    opening.blinding -= order::ObligationBlinding(
        o.side, o.type, spec, order::DeriveOrderBlindings(*t.key, enc->kem().R));
  }
  return bodies;
}

// The cache: a header line naming what the orders depend on, then one body per line.
inline std::string IntakeCacheHeader(const Point& joint, const std::vector<IntakeTrader>& traders,
                                     size_t per_trader) {
  std::ostringstream h;
  h << "pp-bench-e2e-orders v1 " << ToHex(joint.Encode()) << " " << per_trader;
  for (const auto& t : traders) h << " " << t.user_id << ":" << t.seed << ":" << t.a0;
  return h.str();
}

inline bool LoadIntakeCache(const fs::path& file, const std::string& header, size_t total,
                            std::vector<std::string>& bodies) {
  std::ifstream in(file);
  std::string line;
  if (!std::getline(in, line) || line != header) return false;
  bodies.clear();
  while (bodies.size() < total && std::getline(in, line)) bodies.push_back(line);
  return bodies.size() == total;
}

inline void SaveIntakeCache(const fs::path& file, const std::string& header,
                            const std::vector<std::string>& bodies) {
  fs::create_directories(file.parent_path());
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp);
    out << header << "\n";
    for (const auto& b : bodies) out << b << "\n";
  }
  fs::rename(tmp, file);
}

// A copy of `tmpl` (made by EncryptOrder with `key` for `order`) under a fresh KEM.
inline order::EncryptedOrder CopyUnderFreshKem(const order::EncryptedOrder& tmpl,
                                               const order::Order& o, const order::PairSpec& pair,
                                               const Point& joint, uint32_t epoch,
                                               const order::TraderKey& key, uint64_t n,
                                               crypto::Rng& rng) {
  const order::OrderBlindings b = order::DeriveOrderBlindings(key, tmpl.kem().R);
  order::OrderHeader h;
  h.pair = tmpl.pair();
  h.user_id = tmpl.user_id();
  h.nonce.fill(0);
  for (int i = 0; i < 8; ++i) h.nonce[i] = static_cast<uint8_t>(n >> (8 * i));
  h.nonce[31] = 0xe2;
  h.side = tmpl.side();
  h.type = tmpl.type();
  h.validity = tmpl.validity();
  h.size = tmpl.size_commitment();
  h.price = tmpl.price_commitment();
  h.min_fill = tmpl.min_fill_commitment();
  h.product = tmpl.product_commitment();
  h.remainder_high = tmpl.remainder_high_commitment();
  return SealUnderFreshKem(
      h, o.size, o.limit_price.value_or(0) / pair.tick_size(),
      {b.size.ExposeSecret(), b.price.ExposeSecret(), b.min_fill.ExposeSecret()}, joint, epoch,
      tmpl, key, rng);
}

}  // namespace phantompool::bench::e2e
