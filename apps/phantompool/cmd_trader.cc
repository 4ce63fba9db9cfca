// The trader's account commands, each through client::Client (docs/cli.md, "Trading"):
//
//   register [--username NAME] [--wallet ADDR]   records the user id next to the key
//   balances
//   deposit  --token T --amount N [--reference R]
//   withdraw --token T --amount N [--reference R]
//   cancel   --order ID
//   orders   [--status S] [--pair P]
//   trades
//   watch    [--after-id N] [--count N] [--timeout S]
//
// All take --server URL, --key FILE, --user-id N and --json (trader_common.h).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli_output.h"
#include "commands.h"
#include "display.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/rng.h"
#include "trader_common.h"
#include "trader_orders.h"

namespace phantompool::cli {
namespace {

using api::json;

// The base58 (Bitcoin alphabet) form of the public key: a Solana-style wallet address, the
// default when --wallet is not given.
std::string Base58(std::span<const uint8_t> bytes) {
  static const char* kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::vector<uint8_t> digits;  // base 58, least significant first
  for (uint8_t byte : bytes) {
    uint32_t carry = byte;
    for (uint8_t& d : digits) {
      carry += static_cast<uint32_t>(d) << 8;
      d = static_cast<uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out;
  for (uint8_t byte : bytes) {
    if (byte != 0) break;
    out.push_back('1');
  }
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kAlphabet[*it]);
  return out;
}

Result<uint64_t> PositiveAmount(const std::string& text) {
  if (text.empty()) return Status::InvalidArgument("--amount", "required");
  PP_ASSIGN_OR_RETURN(uint64_t v, ParseAmountArg(text, "--amount"));
  if (v == 0) return Status::InvalidArgument("--amount", "must be positive");
  return v;
}

Result<TokenBook> Tokens(client::Client& c) {
  PP_ASSIGN_OR_RETURN(auto pairs, c.Pairs());
  std::vector<order::PairFields> fields;
  for (const auto& p : pairs) fields.push_back(p.fields);
  return TokenBook(fields);
}

std::string RandomReference() {
  crypto::SystemRng rng;
  std::array<uint8_t, 12> bytes{};
  rng.Fill(bytes);
  return "ref-" + ToHex(bytes);
}

// ---- register ----------------------------------------------------------------------------

struct RegisterArgs {
  TraderOptions o;
  std::string username, wallet;
};

Status Register(const RegisterArgs& a) {
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, /*need_key=*/true, /*need_user=*/false));
  const std::string wallet = a.wallet.empty() ? Base58(c.key->public_key()) : a.wallet;
  std::optional<std::string> username;
  if (!a.username.empty()) username = a.username;
  PP_ASSIGN_OR_RETURN(api::UserInfo u, c.client->Register(wallet, username));
  const std::string path = ProfilePath(c.key_file);
  PP_RETURN_IF_ERROR(WriteProfile(path, {c.server, u.id}));
  if (a.o.json) {
    json j = api::ToJson(u);
    j["profile"] = path;
    std::cout << j.dump() << "\n";
  } else {
    std::cout << "user_id     " << u.id << "\n"
              << "wallet      " << u.wallet_address << "\n"
              << "kyc_status  " << u.kyc_status << " (an operator approves it)\n"
              << "profile     " << path << "\n";
  }
  return Status::Ok();
}

// ---- balances ----------------------------------------------------------------------------

Status Balances(const TraderOptions& o) {
  PP_ASSIGN_OR_RETURN(Connection c, Connect(o, true, true));
  PP_ASSIGN_OR_RETURN(auto balances, c.client->Balances());
  if (o.json) {
    json j = json::array();
    for (const auto& b : balances) j.push_back(api::ToJson(b));
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  PP_ASSIGN_OR_RETURN(TokenBook tokens, Tokens(*c.client));
  // What is still free to trade is known to this key alone (the server holds a commitment).
  Table t({"token", "balance", "available", "open_orders"});
  for (const auto& b : balances) {
    auto opening = c.client->OpenAvailable(b.token);
    if (!opening.ok()) return opening.status().WithFieldPrefix("balances." + tokens.Name(b.token));
    t.Add({tokens.Name(b.token), tokens.Amount(b.token, b.balance),
           tokens.Amount(b.token, opening->available), std::to_string(b.open_obligations)});
  }
  t.Print(std::cout);
  return Status::Ok();
}

// ---- deposit / withdraw ------------------------------------------------------------------

struct TransferArgs {
  TraderOptions o;
  std::string token, reference, amount;
};

Status Transfer(const TransferArgs& a, bool deposit) {
  if (a.token.empty()) return Status::InvalidArgument("--token", "required");
  PP_ASSIGN_OR_RETURN(const uint64_t amount, PositiveAmount(a.amount));
  if (a.reference.size() > 128) {
    return Status::InvalidArgument("--reference", "at most 128 characters");
  }
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, true, true));
  PP_ASSIGN_OR_RETURN(TokenBook tokens, Tokens(*c.client));
  PP_ASSIGN_OR_RETURN(std::string mint, tokens.Resolve(a.token, "--token"));
  const std::string reference = a.reference.empty() ? RandomReference() : a.reference;
  if (a.reference.empty() && !a.o.json) {
    // Printed first, so that a retry after a failure can reuse it (applied at most once).
    std::cout << "reference   " << reference << "\n" << std::flush;
  }
  auto t = deposit ? c.client->Deposit(mint, amount, reference)
                   : c.client->Withdraw(mint, amount, reference);
  if (!t.ok() && a.reference.empty()) {
    const Status& s = t.status();
    return Status::FromCode(s.code(), s.field(),
                            s.message() + " (to retry: --reference " + reference + ")");
  }
  if (!t.ok()) return t.status();
  if (a.o.json) {
    std::cout << api::ToJson(*t).dump() << "\n";
  } else {
    std::cout << t->kind << "     #" << t->id << " " << tokens.Amount(t->token, t->amount) << "\n"
              << "reference   " << t->reference << "\n"
              << "balance     " << tokens.Amount(t->token, t->balance_after) << "\n";
  }
  return Status::Ok();
}

// ---- cancel ------------------------------------------------------------------------------

struct CancelArgs {
  TraderOptions o;
  int64_t order_id = 0;
};

Status Cancel(const CancelArgs& a) {
  if (a.order_id <= 0) return Status::InvalidArgument("--order", "must be a positive order id");
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, true, true));
  PP_RETURN_IF_ERROR(c.client->Cancel(a.order_id));
  PP_ASSIGN_OR_RETURN(api::OrderInfo info, c.client->Order(a.order_id));
  if (a.o.json) {
    std::cout << api::ToJson(info).dump() << "\n";
  } else {
    std::cout << "order " << info.id << " " << info.status << "\n";
  }
  return Status::Ok();
}

// ---- orders ------------------------------------------------------------------------------

struct OrdersArgs {
  TraderOptions o;
  std::string status, pair;
};

Status Orders(const OrdersArgs& a) {
  static const char* kStatuses[] = {"active", "matching",  "partially_filled",
                                    "filled", "cancelled", "expired"};
  if (!a.status.empty() &&
      std::find(std::begin(kStatuses), std::end(kStatuses), a.status) == std::end(kStatuses)) {
    return Status::InvalidArgument("--status",
                                   "one of active, matching, partially_filled, filled, "
                                   "cancelled, expired");
  }
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, true, true));
  std::vector<api::OrderInfo> all;
  client::OrderFilter f;
  if (!a.status.empty()) f.status = a.status;
  if (!a.pair.empty()) f.pair = a.pair;
  f.limit = 1000;
  for (;;) {
    PP_ASSIGN_OR_RETURN(auto page, c.client->Orders(f));
    for (auto& o : page) {
      f.after_id = o.id;
      all.push_back(std::move(o));
    }
    if (page.size() < static_cast<size_t>(f.limit)) break;
  }
  if (a.o.json) {
    json j = json::array();
    for (const auto& o : all) j.push_back(api::ToJson(o));
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  PP_ASSIGN_OR_RETURN(auto pairs, c.client->Pairs());
  Table t({"id", "pair", "side", "type", "tif", "size", "price", "status", "filled", "session",
           "created"});
  for (const auto& o : all) {
    PP_ASSIGN_OR_RETURN(OwnOrderView v, ViewOwnOrder(o, pairs, *c.key));
    t.Add({std::to_string(o.id), o.pair, o.side, o.order_type, o.validity, v.size, v.price,
           o.status, v.filled, o.matching_session_id ? std::to_string(*o.matching_session_id) : "-",
           FormatMicros(o.created_at)});
  }
  t.Print(std::cout);
  return Status::Ok();
}

// ---- trades ------------------------------------------------------------------------------

Status Trades(const TraderOptions& o) {
  PP_ASSIGN_OR_RETURN(Connection c, Connect(o, true, true));
  PP_ASSIGN_OR_RETURN(auto trades, c.client->Trades());
  if (o.json) {
    json j = json::array();
    for (const auto& t : trades) j.push_back(api::ToJson(t));
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  PP_ASSIGN_OR_RETURN(auto pairs, c.client->Pairs());
  Table t({"id", "session", "pair", "side", "size", "price", "value", "fee", "time"});
  for (const auto& tr : trades) {
    const order::PairFields* p = nullptr;
    for (const auto& info : pairs) {
      if (info.fields.symbol == tr.pair) p = &info.fields;
    }
    std::string size = std::to_string(tr.amount) + " lots", price = std::to_string(tr.price),
                value = std::to_string(tr.total_value), fee;
    if (p != nullptr) {
      size = FormatLots(*p, tr.amount);
      price = FormatPrice(*p, tr.price);
      value = FormatUnits(tr.total_value, p->quote_decimals) + " " + p->quote_token_name;
      // The buyer pays its fee in base, the seller in quote (docs/store.md, "Fees").
      fee = tr.side == "buy"
                ? FormatUnits(tr.buyer_fee, p->base_decimals) + " " + p->base_token_name
                : FormatUnits(tr.seller_fee, p->quote_decimals) + " " + p->quote_token_name;
    } else {
      fee = std::to_string(tr.side == "buy" ? tr.buyer_fee : tr.seller_fee);
    }
    t.Add({std::to_string(tr.id), std::to_string(tr.matching_session_id), tr.pair, tr.side, size,
           price, value, fee, FormatMicros(tr.created_at)});
  }
  t.Print(std::cout);
  return Status::Ok();
}

// ---- watch -------------------------------------------------------------------------------

struct WatchArgs {
  TraderOptions o;
  int64_t after_id = 0;
  int64_t count = 0;    // 0: no limit
  int64_t timeout = 0;  // seconds; 0: no limit
};

Status Watch(const WatchArgs& a) {
  if (a.after_id < 0) return Status::InvalidArgument("--after-id", "must not be negative");
  if (a.count < 0) return Status::InvalidArgument("--count", "must not be negative");
  if (a.timeout < 0) return Status::InvalidArgument("--timeout", "must not be negative");
  // With a key the stream also carries this trader's own order and fill events.
  const bool keyed = !a.o.key.empty() || std::getenv(kKeyEnv) != nullptr;
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, keyed, keyed));
  PP_ASSIGN_OR_RETURN(auto stream, c.client->Watch(a.after_id));
  using Clock = std::chrono::steady_clock;
  const auto deadline =
      a.timeout > 0 ? Clock::now() + std::chrono::seconds(a.timeout) : Clock::time_point::max();
  int64_t seen = 0;
  while (a.count == 0 || seen < a.count) {
    const auto now = Clock::now();
    if (now >= deadline) break;
    const auto step = std::min<Clock::duration>(deadline - now, std::chrono::seconds(1));
    auto next = stream->Next(std::chrono::duration_cast<std::chrono::milliseconds>(step));
    if (!next.ok()) {
      const StatusCode code = next.status().code();
      if (code != StatusCode::kUnavailable && code != StatusCode::kIoError) return next.status();
      // The server is away: keep trying from the last id delivered until the deadline.
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    if (!next->has_value()) continue;
    std::cout << api::ToJson(**next).dump() << "\n" << std::flush;
    ++seen;
  }
  return Status::Ok();
}

}  // namespace

void AddTraderCommands(CLI::App& app, int& exit_code) {
  static RegisterArgs reg;
  auto* r = app.add_subcommand("register", "Register the key with the server (trader)");
  AddTraderOptions(r, reg.o, true);
  r->add_option("--username", reg.username, "A display name");
  r->add_option("--wallet", reg.wallet, "Wallet address (default: the public key in base58)");
  r->callback([&exit_code] { exit_code = ReportStatus(Register(reg)); });

  static TraderOptions bal;
  auto* b = app.add_subcommand("balances", "Show the balances (trader)");
  AddTraderOptions(b, bal, true);
  b->callback([&exit_code] { exit_code = ReportStatus(Balances(bal)); });

  static TransferArgs dep;
  auto* d = app.add_subcommand("deposit", "Deposit into the pool (trader); `credit`: operator");
  AddTraderOptions(d, dep.o, true);
  d->add_option("--token", dep.token, "Token name (USDC) or mint");
  d->add_option("--amount", dep.amount, "Amount in the token's ledger units");
  d->add_option("--reference", dep.reference, "Idempotency key (default: a random one)");
  d->require_subcommand(0, 1);
  AddDepositCreditCommand(d, exit_code);
  d->callback([&exit_code, d] {
    if (d->get_subcommands().empty()) exit_code = ReportStatus(Transfer(dep, true));
  });

  static TransferArgs wd;
  auto* w = app.add_subcommand("withdraw", "Withdraw from the pool, proven locally (trader)");
  AddTraderOptions(w, wd.o, true);
  w->add_option("--token", wd.token, "Token name (USDC) or mint")->required();
  w->add_option("--amount", wd.amount, "Amount in the token's ledger units")->required();
  w->add_option("--reference", wd.reference, "Idempotency key (default: a random one)");
  w->callback([&exit_code] { exit_code = ReportStatus(Transfer(wd, false)); });

  static CancelArgs can;
  auto* c = app.add_subcommand("cancel", "Cancel an open order (trader)");
  AddTraderOptions(c, can.o, true);
  c->add_option("--order", can.order_id, "The order id")->required();
  c->callback([&exit_code] { exit_code = ReportStatus(Cancel(can)); });

  static OrdersArgs ord;
  auto* o = app.add_subcommand("orders", "List the trader's orders");
  AddTraderOptions(o, ord.o, true);
  o->add_option("--status", ord.status,
                "active|matching|partially_filled|filled|cancelled|expired");
  o->add_option("--pair", ord.pair, "Pair symbol, e.g. SOL/USDC");
  o->callback([&exit_code] { exit_code = ReportStatus(Orders(ord)); });

  static TraderOptions tr;
  auto* t = app.add_subcommand("trades", "List the trader's trades");
  AddTraderOptions(t, tr, true);
  t->callback([&exit_code] { exit_code = ReportStatus(Trades(tr)); });

  static WatchArgs wa;
  auto* wt = app.add_subcommand("watch", "Print the event stream, one JSON event per line");
  AddTraderOptions(wt, wa.o, true);
  wt->add_option("--after-id", wa.after_id, "Start after this event id (default 0: all)");
  wt->add_option("--count", wa.count, "Stop after N events (default: never)");
  wt->add_option("--timeout", wa.timeout, "Stop after S seconds (default: never)");
  wt->callback([&exit_code] { exit_code = ReportStatus(Watch(wa)); });
}

}  // namespace phantompool::cli
