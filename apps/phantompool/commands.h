// Every subcommand registers itself on the root CLI11 app. A subcommand's callback returns
// its exit status through `exit_code`: 0 success, 1 operational failure, 2 invalid input.
#pragma once

#include <CLI/CLI.hpp>

namespace phantompool::cli {

// Where `serve`, `dkg` and `executor init` read the coordinator's key passphrase when no
// passphrase file is given.
inline constexpr const char* kCoordinatorPassphraseEnv = "PP_COORDINATOR_PASSPHRASE";

void AddVersionCommand(CLI::App& app, int& exit_code);
void AddAuctionCommand(CLI::App& app, int& exit_code);
void AddMigrateCommand(CLI::App& app, int& exit_code);
void AddAuditCommand(CLI::App& app, int& exit_code);
void AddBackupCommand(CLI::App& app, int& exit_code);
void AddRestoreCommand(CLI::App& app, int& exit_code);
void AddOrderCommand(CLI::App& app, int& exit_code);
void AddKeygenCommand(CLI::App& app, int& exit_code);
void AddDbCommand(CLI::App& app, int& exit_code);
void AddExecutorCommand(CLI::App& app, int& exit_code);
void AddServeCommand(CLI::App& app, int& exit_code);
void AddDkgCommand(CLI::App& app, int& exit_code);
// The trader's commands (cmd_trader.cc, cmd_trader_orders.cc, cmd_public.cc) and the
// operator's (cmd_operator.cc). `order place|show` join `order`, so AddOrderCommand first.
void AddTraderCommands(CLI::App& app, int& exit_code);
void AddOrderPlaceShowCommands(CLI::App& order_cmd, int& exit_code);
void AddPublicCommands(CLI::App& app, int& exit_code);
void AddOperatorCommands(CLI::App& app, int& exit_code);
// Operator subcommands of commands shared with the trader: `deposit credit`, `pairs list`.
void AddDepositCreditCommand(CLI::App* deposit, int& exit_code);
void AddPairsListCommand(CLI::App* pairs, int& exit_code);

}  // namespace phantompool::cli
