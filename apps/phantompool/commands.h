// Every subcommand registers itself on the root CLI11 app. A subcommand's callback returns
// its exit status through `exit_code`: 0 success, 1 operational failure, 2 invalid input.
#pragma once

#include <CLI/CLI.hpp>

namespace phantompool::cli {

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

}  // namespace phantompool::cli
