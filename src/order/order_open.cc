#include "phantompool/order/order_open.h"

#include "order_statement.h"
#include "phantompool/common/byte_io.h"
#include "phantompool/crypto/verification_batch.h"

namespace phantompool::order {
namespace {

using crypto::Point;
using crypto::Scalar;

// A parsed opening: the values and the blinding of each commitment.
struct ParsedOpening {
  OpenedOrder order;
  Scalar t_size, t_price, t_min_fill;
  uint64_t price_units = 0;
};

Status Bad(std::string_view field, std::string why) {
  return Status::VerificationFailed("opening." + std::string(field), std::move(why));
}

Result<ParsedOpening> ParseOpening(const EncryptedOrder& o, const PairSpec& pair,
                                   std::span<const uint8_t> bytes) {
  if (bytes.size() != kOpeningBytes) {
    return Bad("length", "must be " + std::to_string(kOpeningBytes) + " bytes");
  }
  ByteReader r(bytes);
  ParsedOpening p;
  PP_ASSIGN_OR_RETURN(uint8_t version, r.U8("opening.version"));
  if (version != kOpeningVersion) return Bad("version", "unknown version");
  PP_ASSIGN_OR_RETURN(uint32_t size, r.U32("opening.size"));
  PP_ASSIGN_OR_RETURN(uint32_t price_units, r.U32("opening.price"));
  PP_ASSIGN_OR_RETURN(uint32_t min_fill, r.U32("opening.min_fill"));
  auto scalar = [&r](std::string_view field) -> Result<Scalar> {
    PP_ASSIGN_OR_RETURN(auto b, r.Bytes(32, field));
    return Scalar::FromCanonicalBytes(b, field);
  };
  PP_ASSIGN_OR_RETURN(p.t_size, scalar("opening.size_blinding"));
  PP_ASSIGN_OR_RETURN(p.t_price, scalar("opening.price_blinding"));
  PP_ASSIGN_OR_RETURN(p.t_min_fill, scalar("opening.min_fill_blinding"));
  // The range proof has shown all of this for the committed values; an opening that
  // disagrees cannot match the commitments, but say what is wrong with it plainly.
  if (size < pair.min_order_size() || size > pair.max_order_size()) {
    return Bad("size", "outside the pair's order sizes");
  }
  if (min_fill > size) return Bad("min_fill", "exceeds size");
  const bool limit = o.type() == OrderType::kLimit;
  if (limit) {
    const uint64_t price = uint64_t{price_units} * pair.tick_size();
    if (!pair.IsValidPrice(price)) return Bad("price", "not a valid price of the pair");
    p.order.price = price;
  } else if (price_units != 0 || !p.t_price.IsZero()) {
    return Bad("price", "a market order's opening carries no price");
  }
  p.order.size = size;
  p.order.min_fill = min_fill;
  p.price_units = price_units;
  p.order.opening.assign(bytes.begin(), bytes.end());
  return p;
}

// C − v·G − t·H = 0 for each commitment, with the batch's weights.
void AddOpeningEquations(const EncryptedOrder& o, const ParsedOpening& p,
                         crypto::VerificationBatch& batch) {
  auto add = [&batch](const Point& c, uint64_t v, const Scalar& t) {
    batch.BeginEquation();
    batch.AddTerm(Scalar::One(), c);
    batch.AddG(-Scalar::FromU64(v));
    batch.AddH(-t);
  };
  add(o.size_commitment(), p.order.size, p.t_size);
  add(o.min_fill_commitment(), p.order.min_fill, p.t_min_fill);
  if (o.price_commitment()) add(*o.price_commitment(), p.price_units, p.t_price);
}

Result<OpenedOrder> CheckOne(const EncryptedOrder& o, const ParsedOpening& p) {
  crypto::VerificationBatch batch;
  batch.Mix(o.Serialize());
  AddOpeningEquations(o, p, batch);
  if (!batch.Holds()) return Bad("commitments", "the opening is not what the commitments hold");
  return p.order;
}

Result<ParsedOpening> Decrypt(const EncryptedOrder& o, const PairSpec& pair,
                              const crypto::SecretBytes& key) {
  PP_ASSIGN_OR_RETURN(crypto::SecretBytes plain,
                      crypto::AeadOpen(key, o.kem().nonce, o.AssociatedData(), o.kem().ciphertext,
                                       "kem.ciphertext"));
  return ParseOpening(o, pair, plain.ExposeSecret());
}

Result<ParsedOpening> DecryptWithSharedPoint(const EncryptedOrder& o, const PairSpec& pair,
                                             const Point& shared, const Point& pk) {
  if (o.pair() != pair.symbol())
    return Status::InvalidArgument("pair", "order is for another pair");
  const auto shared_bytes = shared.Encode();  // K is public once the batch has closed
  const crypto::SecretBytes key = internal::KemKey(shared_bytes, o.kem().R, pk, o.key_epoch(),
                                                   o.pair(), o.user_id(), o.nonce());
  return Decrypt(o, pair, key);
}

}  // namespace

Result<OpenedOrder> OpenEncryptedOrder(const EncryptedOrder& order, const PairSpec& pair,
                                       const Point& shared_point, const Point& joint_public_key) {
  PP_ASSIGN_OR_RETURN(ParsedOpening p,
                      DecryptWithSharedPoint(order, pair, shared_point, joint_public_key));
  return CheckOne(order, p);
}

std::vector<Result<OpenedOrder>> OpenEncryptedOrders(std::span<const EncryptedOrder* const> orders,
                                                     const PairSpec& pair,
                                                     std::span<const Point> shared_points,
                                                     const Point& joint_public_key) {
  std::vector<Result<OpenedOrder>> out;
  out.reserve(orders.size());
  if (shared_points.size() != orders.size()) {
    for (size_t i = 0; i < orders.size(); ++i) {
      out.emplace_back(Status::InvalidArgument("shared_points", "one per order"));
    }
    return out;
  }
  std::vector<std::optional<ParsedOpening>> parsed(orders.size());
  crypto::VerificationBatch batch;
  for (size_t i = 0; i < orders.size(); ++i) {
    auto p = DecryptWithSharedPoint(*orders[i], pair, shared_points[i], joint_public_key);
    if (!p.ok()) {
      out.emplace_back(p.status());
      continue;
    }
    batch.Mix(orders[i]->Serialize());
    AddOpeningEquations(*orders[i], *p, batch);
    out.emplace_back(p->order);
    parsed[i] = std::move(p).value();
  }
  if (batch.Holds()) return out;
  for (size_t i = 0; i < orders.size(); ++i) {
    if (parsed[i]) out[i] = CheckOne(*orders[i], *parsed[i]);
  }
  return out;
}

Result<OpenedOrder> CheckOrderOpening(const EncryptedOrder& order, const PairSpec& pair,
                                      std::span<const uint8_t> opening) {
  if (order.pair() != pair.symbol()) {
    return Status::InvalidArgument("pair", "order is for another pair");
  }
  PP_ASSIGN_OR_RETURN(ParsedOpening p, ParseOpening(order, pair, opening));
  return CheckOne(order, p);
}

Result<OpenedOrder> RecoverOwnOrder(const EncryptedOrder& order, const PairSpec& pair,
                                    const TraderKey& key) {
  if (order.pair() != pair.symbol()) {
    return Status::InvalidArgument("pair", "order is for another pair");
  }
  const crypto::SecretBytes pad =
      internal::TraderWrapPad(key, order.kem().R, order.pair(), order.user_id(), order.nonce());
  crypto::SecretBytes aead_key(crypto::kAeadKeyBytes);
  for (size_t i = 0; i < kTraderWrapBytes; ++i) {
    aead_key.ExposeSecretMutable()[i] = order.kem().trader_wrap[i] ^ pad.ExposeSecret()[i];
  }
  PP_ASSIGN_OR_RETURN(ParsedOpening p, Decrypt(order, pair, aead_key));
  return CheckOne(order, p);
}

}  // namespace phantompool::order
