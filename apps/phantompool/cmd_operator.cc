// The operator's commands, straight on the database (store/store.h), acting as the service
// principal (on PostgreSQL: the service login of `db grant-login --role service`):
//
//   users list       --db URL [--after-id N] [--limit N]
//   users kyc        --db URL --user N --status pending|verified|rejected
//   users activate   --db URL --user N
//   users deactivate --db URL --user N
//   pairs list       --db URL
//   deposit credit   --db URL --user N --token T --amount N --reference R
//     the operator's confirmation of a deposit that arrived; idempotent on the reference
//     (a repeat returns the first credit and moves nothing).
#include <filesystem>
#include <iostream>

#include "cli_output.h"
#include "commands.h"
#include "display.h"
#include "phantompool/api/resources.h"
#include "phantompool/common/hex.h"
#include "phantompool/store/store.h"
#include "trader_common.h"

namespace phantompool::cli {
namespace {

using nlohmann::json;

struct DbOptions {
  std::string db;
  bool json = false;
};

void AddDbOptions(CLI::App* cmd, DbOptions& o) {
  cmd->add_option("--db", o.db, "Database URL (sqlite:PATH or postgresql://...)")->required();
  cmd->add_flag("--json", o.json, "One JSON document on stdout instead of a table");
}

Result<std::unique_ptr<store::Store>> Open(const DbOptions& o) {
  // An operator command never creates a database: a mistyped path is an error, not a new file.
  if (o.db.rfind("sqlite:", 0) == 0) {
    const std::string path = o.db.substr(7);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      return Status::IoError("--db", "no database at " + path + " (phantompool migrate makes one)");
    }
  }
  return store::OpenStore(o.db);
}

Result<TokenBook> Tokens(store::Store& s) {
  PP_ASSIGN_OR_RETURN(auto pairs, s.ListPairs(store::Principal::Service()));
  std::vector<order::PairFields> fields;
  for (const auto& p : pairs) fields.push_back(p.spec.fields());
  return TokenBook(fields);
}

json UserJson(const store::User& u) {
  return {{"id", u.id},
          {"wallet_address", u.wallet_address},
          {"public_key", ToHex(u.public_key)},
          {"username", u.username ? json(*u.username) : json(nullptr)},
          {"kyc_status", store::Name(u.kyc_status)},
          {"trading_tier", u.trading_tier},
          {"max_order_size", u.max_order_size},
          {"daily_volume_limit", u.daily_volume_limit},
          {"is_active", u.is_active},
          {"created_at", u.created_at}};
}

struct ListArgs {
  DbOptions o;
  int64_t after_id = 0;
  int32_t limit = 1000;
};

Status ListUsers(const ListArgs& a) {
  if (a.after_id < 0) return Status::InvalidArgument("--after-id", "must not be negative");
  if (a.limit < 1 || a.limit > 1000) return Status::InvalidArgument("--limit", "1..1000");
  PP_ASSIGN_OR_RETURN(auto s, Open(a.o));
  PP_ASSIGN_OR_RETURN(auto users, s->ListUsers(store::Principal::Service(), a.after_id, a.limit));
  if (a.o.json) {
    json j = json::array();
    for (const auto& u : users) j.push_back(UserJson(u));
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  Table t({"id", "username", "wallet", "kyc", "tier", "active", "created"});
  for (const auto& u : users) {
    t.Add({std::to_string(u.id), u.username.value_or("-"), u.wallet_address,
           std::string(store::Name(u.kyc_status)), u.trading_tier, u.is_active ? "yes" : "no",
           FormatMicros(u.created_at)});
  }
  t.Print(std::cout);
  return Status::Ok();
}

struct UserArgs {
  DbOptions o;
  int64_t user = 0;
  std::string status;
};

// The user after a change, as one line or one JSON document.
Status PrintUser(store::Store& s, const DbOptions& o, int64_t id) {
  PP_ASSIGN_OR_RETURN(store::User u, s.GetUser(store::Principal::Service(), id));
  if (o.json) {
    std::cout << UserJson(u).dump() << "\n";
  } else {
    std::cout << "user " << u.id << ": kyc " << store::Name(u.kyc_status) << ", "
              << (u.is_active ? "active" : "inactive") << "\n";
  }
  return Status::Ok();
}

Status SetKyc(const UserArgs& a) {
  if (a.user <= 0) return Status::InvalidArgument("--user", "must be a positive user id");
  PP_ASSIGN_OR_RETURN(store::KycStatus status, store::ParseKycStatus(a.status, "--status"));
  PP_ASSIGN_OR_RETURN(auto s, Open(a.o));
  PP_RETURN_IF_ERROR(s->SetKycStatus(store::Principal::Service(), a.user, status));
  return PrintUser(*s, a.o, a.user);
}

Status SetActive(const UserArgs& a, bool active) {
  if (a.user <= 0) return Status::InvalidArgument("--user", "must be a positive user id");
  PP_ASSIGN_OR_RETURN(auto s, Open(a.o));
  PP_RETURN_IF_ERROR(s->SetUserActive(store::Principal::Service(), a.user, active));
  return PrintUser(*s, a.o, a.user);
}

Status ListPairs(const DbOptions& o) {
  PP_ASSIGN_OR_RETURN(auto s, Open(o));
  PP_ASSIGN_OR_RETURN(auto pairs, s->ListPairs(store::Principal::Service()));
  if (o.json) {
    json j = json::array();
    for (const auto& p : pairs) {
      j.push_back(api::ToJson(api::PairInfo{p.id, p.spec.fields(), p.is_active}));
    }
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  Table t({"id", "symbol", "base", "quote", "lot", "tick", "fee_bps", "batch", "active"});
  for (const auto& p : pairs) {
    const auto& f = p.spec.fields();
    t.Add({std::to_string(p.id), f.symbol, f.base_token_name + " " + f.base_token,
           f.quote_token_name + " " + f.quote_token, FormatLots(f, 1), FormatPrice(f, f.tick_size),
           std::to_string(f.fee_bps),
           std::to_string(f.batch_period_ms) + " ms / " + std::to_string(f.batch_max_orders),
           p.is_active ? "yes" : "no"});
  }
  t.Print(std::cout);
  return Status::Ok();
}

struct CreditArgs {
  DbOptions o;
  int64_t user = 0;
  std::string token, reference, amount;
};

Status Credit(const CreditArgs& a) {
  if (a.user <= 0) return Status::InvalidArgument("--user", "must be a positive user id");
  PP_ASSIGN_OR_RETURN(const uint64_t amount, ParseAmountArg(a.amount, "--amount"));
  if (amount == 0) return Status::InvalidArgument("--amount", "must be positive");
  if (a.reference.empty() || a.reference.size() > 128) {
    return Status::InvalidArgument("--reference", "1..128 characters");
  }
  PP_ASSIGN_OR_RETURN(auto s, Open(a.o));
  PP_ASSIGN_OR_RETURN(TokenBook tokens, Tokens(*s));
  PP_ASSIGN_OR_RETURN(std::string mint, tokens.Resolve(a.token, "--token"));
  PP_ASSIGN_OR_RETURN(store::Transfer t,
                      s->Deposit(store::Principal::Service(), a.user, mint, amount, a.reference));
  if (a.o.json) {
    std::cout << api::ToJson(api::TransferInfo{t.id, t.token, std::string(store::Name(t.kind)),
                                               t.reference, t.amount, t.balance_after,
                                               t.created_at})
                     .dump()
              << "\n";
    return Status::Ok();
  }
  std::cout << "deposit     #" << t.id << " user " << t.user_id << " "
            << tokens.Amount(t.token, t.amount) << "\n"
            << "reference   " << t.reference << "\n"
            << "balance     " << tokens.Amount(t.token, t.balance_after) << "\n";
  return Status::Ok();
}

}  // namespace

void AddDepositCreditCommand(CLI::App* deposit, int& exit_code) {
  static CreditArgs c;
  auto* cmd = deposit->add_subcommand(
      "credit", "Credit a deposit that arrived (operator, on the database; idempotent)");
  AddDbOptions(cmd, c.o);
  cmd->add_option("--user", c.user, "The user id")->required();
  cmd->add_option("--token", c.token, "Token name (USDC) or mint")->required();
  cmd->add_option("--amount", c.amount, "Amount in the token's ledger units")->required();
  cmd->add_option("--reference", c.reference, "The deposit's reference (idempotency key)")
      ->required();
  cmd->callback([&exit_code] { exit_code = ReportStatus(Credit(c)); });
}

void AddPairsListCommand(CLI::App* pairs, int& exit_code) {
  static DbOptions o;
  auto* cmd = pairs->add_subcommand("list", "The pairs in the database (operator)");
  AddDbOptions(cmd, o);
  cmd->callback([&exit_code] { exit_code = ReportStatus(ListPairs(o)); });
}

void AddOperatorCommands(CLI::App& app, int& exit_code) {
  auto* users = app.add_subcommand("users", "Manage users on the database (operator)");
  users->require_subcommand(1);

  static ListArgs l;
  auto* list = users->add_subcommand("list", "List the users");
  AddDbOptions(list, l.o);
  list->add_option("--after-id", l.after_id, "Users with a larger id (paging)");
  list->add_option("--limit", l.limit, "At most N (1..1000)")->capture_default_str();
  list->callback([&exit_code] { exit_code = ReportStatus(ListUsers(l)); });

  static UserArgs k;
  auto* kyc = users->add_subcommand("kyc", "Set a user's KYC status");
  AddDbOptions(kyc, k.o);
  kyc->add_option("--user", k.user, "The user id")->required();
  kyc->add_option("--status", k.status, "pending, verified or rejected")->required();
  kyc->callback([&exit_code] { exit_code = ReportStatus(SetKyc(k)); });

  static UserArgs act;
  auto* activate = users->add_subcommand("activate", "Let a user trade again");
  AddDbOptions(activate, act.o);
  activate->add_option("--user", act.user, "The user id")->required();
  activate->callback([&exit_code] { exit_code = ReportStatus(SetActive(act, true)); });

  static UserArgs deact;
  auto* deactivate = users->add_subcommand("deactivate", "Suspend a user");
  AddDbOptions(deactivate, deact.o);
  deactivate->add_option("--user", deact.user, "The user id")->required();
  deactivate->callback([&exit_code] { exit_code = ReportStatus(SetActive(deact, false)); });
}

}  // namespace phantompool::cli
