// phantompool order build | verify: an order built and checked offline, for auditors and
// tests (docs/cli.md shows a session).
//
//   order build  --key FILE --pair SYMBOL --user-id ID --joint-key HEX --key-epoch N
//                --available N --blinding HEX --side buy|sell --type limit|market
//                --size LOTS [--price TICKS] [--min-fill LOTS] [--validity gtc|gtt|ioc]
//                [--expiry UNIX] [--nonce HEX] [--max-order-size LOTS]
//     prints the encrypted order as JSON (docs/order.md) on stdout.
//   order verify --order FILE|- --pair SYMBOL --joint-key HEX --key-epoch N
//                --trader-public-key HEX --available-commitment HEX [--max-order-size LOTS]
//     exit 0 "valid"; 1 invalid, with the reason naming the field; 2 malformed input.
//   order commitment --value N --blinding HEX
//     prints v·G + t·H (hex): the available-balance commitment A a balance opening gives.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_output.h"
#include "commands.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/order/order_json.h"
#include "phantompool/order/pair_spec.h"
#include "phantompool/order/trader_key_file.h"

namespace phantompool::cli {
namespace {

struct BuildArgs {
  std::string key_file, pair, user_id, joint_key, blinding, side = "buy", type = "limit";
  std::string validity = "gtc", nonce;
  uint32_t key_epoch = 0;
  uint64_t available = 0, size = 0, price = 0, min_fill = 0, expiry = 0, max_order_size = 0;
};

struct VerifyArgs {
  std::string order, pair, joint_key, trader_public_key, available_commitment;
  uint32_t key_epoch = 0;
  uint64_t max_order_size = 0;
};

Result<crypto::Point> PointArg(const std::string& hex, std::string_view field) {
  PP_ASSIGN_OR_RETURN(auto bytes, ParseHexExact(hex, crypto::kPointBytes, field));
  return crypto::Point::Decode(bytes, field);
}

// The pair, narrowed to a per-user limit when one is given.
Result<order::PairSpec> PairArg(const std::string& symbol, uint64_t max_order_size) {
  PP_ASSIGN_OR_RETURN(order::PairSpec pair, order::FindBuiltinPair(symbol, "--pair"));
  if (max_order_size == 0) return pair;
  return pair.WithUserLimit(max_order_size);
}

Result<std::string> ReadAll(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::IoError("--order", "cannot open " + path);
  text << file.rdbuf();
  if (file.bad()) return Status::IoError("--order", "cannot read " + path);
  return text.str();
}

Status Build(const BuildArgs& a) {
  PP_ASSIGN_OR_RETURN(order::TraderKey key, order::ReadTraderKeyFile(a.key_file));
  PP_ASSIGN_OR_RETURN(order::PairSpec pair, PairArg(a.pair, a.max_order_size));
  PP_ASSIGN_OR_RETURN(crypto::Point pk, PointArg(a.joint_key, "--joint-key"));
  PP_ASSIGN_OR_RETURN(auto blinding_bytes, ParseHexExact(a.blinding, 32, "--blinding"));
  PP_ASSIGN_OR_RETURN(crypto::Scalar blinding,
                      crypto::Scalar::FromCanonicalBytes(blinding_bytes, "--blinding"));
  order::Order o;
  o.pair = a.pair;
  o.user_id = a.user_id;
  PP_ASSIGN_OR_RETURN(o.side, order::ParseSide(a.side, "--side"));
  PP_ASSIGN_OR_RETURN(o.type, order::ParseOrderType(a.type, "--type"));
  PP_ASSIGN_OR_RETURN(o.validity, order::ParseValidity(a.validity, "--validity"));
  o.size = a.size;
  if (o.type == order::OrderType::kLimit) o.limit_price = a.price;
  if (o.type == order::OrderType::kMarket && a.price != 0) {
    return Status::InvalidArgument("--price", "a market order has no price");
  }
  o.min_fill = a.min_fill;
  o.expiry = a.expiry;
  crypto::SystemRng rng;
  if (a.nonce.empty()) {
    rng.Fill(o.nonce);
  } else {
    PP_ASSIGN_OR_RETURN(auto n, ParseHexExact(a.nonce, order::kNonceBytes, "--nonce"));
    std::copy(n.begin(), n.end(), o.nonce.begin());
  }
  const order::BalanceOpening balance{a.available, blinding};
  PP_ASSIGN_OR_RETURN(order::EncryptedOrder enc,
                      order::EncryptOrder(o, pair, pk, a.key_epoch, balance, key, rng));
  std::cout << order::EncryptedOrderToJson(enc).dump(2) << "\n";
  return Status::Ok();
}

int Verify(const VerifyArgs& a) {
  auto text = ReadAll(a.order);
  if (!text.ok()) return ReportError(text.status());
  auto enc = order::EncryptedOrderFromJsonText(*text);
  if (!enc.ok()) return ReportError(enc.status().WithFieldPrefix("order"));
  auto pair = PairArg(a.pair, a.max_order_size);
  if (!pair.ok()) return ReportError(pair.status());
  auto pk = PointArg(a.joint_key, "--joint-key");
  if (!pk.ok()) return ReportError(pk.status());
  auto available = PointArg(a.available_commitment, "--available-commitment");
  if (!available.ok()) return ReportError(available.status());
  auto trader = ParseHexExact(a.trader_public_key, order::kPublicKeyBytes, "--trader-public-key");
  if (!trader.ok()) return ReportError(trader.status());
  order::OrderStatement st{&*pair, *pk, a.key_epoch, *available, {}};
  std::copy(trader->begin(), trader->end(), st.trader_public_key.begin());
  const Status s = order::VerifyEncryptedOrder(*enc, st);
  if (!s.ok()) {
    // Well formed, but false: the order is invalid (exit 1), the reason names the field.
    PrintError(s);
    return 1;
  }
  std::cout << "valid\n";
  return 0;
}

Status Commitment(uint64_t value, const std::string& blinding_hex) {
  PP_ASSIGN_OR_RETURN(auto bytes, ParseHexExact(blinding_hex, 32, "--blinding"));
  PP_ASSIGN_OR_RETURN(crypto::Scalar t, crypto::Scalar::FromCanonicalBytes(bytes, "--blinding"));
  std::cout << ToHex(crypto::PedersenCommit(crypto::Scalar::FromU64(value), t).Encode()) << "\n";
  return Status::Ok();
}

}  // namespace

void AddOrderCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("order", "Build or verify an encrypted order offline");
  cmd->require_subcommand(1);

  static BuildArgs b;
  auto* build = cmd->add_subcommand("build", "Encrypt, prove and sign an order (JSON out)");
  build->add_option("--key", b.key_file, "Trader key file (phantompool keygen)")->required();
  build->add_option("--pair", b.pair, "Pair symbol, e.g. SOL/USDC")->required();
  build->add_option("--user-id", b.user_id, "The trader's user id")->required();
  build->add_option("--joint-key", b.joint_key, "Executors' joint public key (hex)")->required();
  build->add_option("--key-epoch", b.key_epoch, "Epoch of the joint key")->required();
  build->add_option("--available", b.available, "Available balance (ledger units)")->required();
  build->add_option("--blinding", b.blinding, "Blinding of the available commitment (hex)")
      ->required();
  build->add_option("--side", b.side, "buy or sell")->capture_default_str();
  build->add_option("--type", b.type, "limit or market")->capture_default_str();
  build->add_option("--size", b.size, "Size in lots")->required();
  build->add_option("--price", b.price, "Limit price in ticks (limit orders)");
  build->add_option("--min-fill", b.min_fill, "Minimum fill in lots")->capture_default_str();
  build->add_option("--validity", b.validity, "gtc, gtt or ioc")->capture_default_str();
  build->add_option("--expiry", b.expiry, "Unix seconds (gtt only)");
  build->add_option("--nonce", b.nonce, "32-byte nonce in hex (default: random)");
  build->add_option("--max-order-size", b.max_order_size, "The user's own size limit, in lots");
  build->callback([&exit_code] { exit_code = ReportStatus(Build(b)); });

  static VerifyArgs v;
  auto* verify = cmd->add_subcommand("verify", "Verify an order's signature and proofs");
  verify->add_option("--order", v.order, "Order JSON file, or - for stdin")->required();
  verify->add_option("--pair", v.pair, "Pair symbol")->required();
  verify->add_option("--joint-key", v.joint_key, "Executors' joint public key (hex)")->required();
  verify->add_option("--key-epoch", v.key_epoch, "Epoch of the joint key")->required();
  verify->add_option("--trader-public-key", v.trader_public_key, "Trader's Ed25519 key (hex)")
      ->required();
  verify
      ->add_option("--available-commitment", v.available_commitment,
                   "The available-balance commitment A the order proves against (hex)")
      ->required();
  verify->add_option("--max-order-size", v.max_order_size, "The user's own size limit, in lots");
  verify->callback([&exit_code] { exit_code = Verify(v); });

  static uint64_t c_value = 0;
  static std::string c_blinding;
  auto* commitment =
      cmd->add_subcommand("commitment", "Print the Pedersen commitment v·G + t·H (hex)");
  commitment->add_option("--value", c_value, "The committed value")->required();
  commitment->add_option("--blinding", c_blinding, "The blinding (32-byte hex scalar)")->required();
  commitment->callback([&exit_code] { exit_code = ReportStatus(Commitment(c_value, c_blinding)); });
}

}  // namespace phantompool::cli
