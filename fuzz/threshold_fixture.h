// A fixed 3-of-5 setting for the threshold fuzz targets: a DKG roster and, from a dealer's
// polynomial (simpler than a DKG run, and the same public shape), a key set and key shares.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "phantompool/crypto/threshold/dkg_config.h"
#include "phantompool/crypto/threshold/key_share.h"
#include "phantompool/crypto/threshold/participant_key.h"
#include "phantompool/crypto/threshold/polynomial.h"
#include "phantompool/crypto/threshold/public_key_set.h"

namespace phantompool::crypto::threshold::fuzzing {

struct Fixture {
  std::vector<ParticipantKey> keys;
  std::vector<DkgConfig> config;  // one element (DkgConfig has no default constructor)
  std::vector<PublicKeySet> public_keys;
  std::vector<KeyShare> shares;
  std::vector<Point> points;  // R_j for decryption statements
  std::array<uint8_t, 32> seed{};
};

inline const Fixture& FixedSetting() {
  static const Fixture* f = [] {
    auto* out = new Fixture;
    DeterministicRng rng(1);
    std::vector<ParticipantPublicKey> roster;
    for (int i = 0; i < 5; ++i) {
      out->keys.push_back(ParticipantKey::Generate(rng));
      roster.push_back(out->keys.back().public_key());
    }
    constexpr std::string_view session = "fuzz";
    const std::vector<uint8_t> id(session.begin(), session.end());
    out->config.push_back(DkgConfig::Create(id, 3, roster).value());
    const auto params = ThresholdParams::Create(3, 5).value();
    const SecretPolynomial poly = SecretPolynomial::Random(3, rng);
    std::vector<Point> vks;
    for (uint32_t j = 1; j <= 5; ++j)
      vks.push_back(Point::MulBase(poly.Evaluate(j).ExposeSecret()));
    const TranscriptHash hash{};
    out->public_keys.push_back(
        PublicKeySet::Create(params, 0b11111, hash,
                             Point::MulBase(poly.ExposeCoefficient(0).ExposeSecret()), vks)
            .value());
    for (uint32_t j = 1; j <= 5; ++j) {
      out->shares.push_back(KeyShare::Create(params, j, hash, poly.Evaluate(j)).value());
    }
    for (int j = 0; j < 64; ++j) out->points.push_back(Point::MulBase(Scalar::Random(rng)));
    rng.Fill(out->seed);
    return out;
  }();
  return *f;
}

}  // namespace phantompool::crypto::threshold::fuzzing
