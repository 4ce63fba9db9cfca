// phantompool: the one binary. See docs/cli.md for every subcommand.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"PhantomPool: a sealed-bid dark pool with threshold-encrypted orders"};
  app.require_subcommand(1);
  int exit_code = 0;
  phantompool::cli::AddVersionCommand(app, exit_code);
  phantompool::cli::AddAuctionCommand(app, exit_code);
  phantompool::cli::AddMigrateCommand(app, exit_code);
  phantompool::cli::AddAuditCommand(app, exit_code);
  phantompool::cli::AddBackupCommand(app, exit_code);
  phantompool::cli::AddRestoreCommand(app, exit_code);
  phantompool::cli::AddOrderCommand(app, exit_code);
  phantompool::cli::AddKeygenCommand(app, exit_code);
  phantompool::cli::AddDbCommand(app, exit_code);
  phantompool::cli::AddExecutorCommand(app, exit_code);
  phantompool::cli::AddServeCommand(app, exit_code);
  phantompool::cli::AddDkgCommand(app, exit_code);
  phantompool::cli::AddOrderPlaceShowCommands(*app.get_subcommand("order"), exit_code);
  phantompool::cli::AddTraderCommands(app, exit_code);
  phantompool::cli::AddPublicCommands(app, exit_code);
  phantompool::cli::AddOperatorCommands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    // CLI11 returns 0 for --help; any real usage error is invalid input (2).
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}
