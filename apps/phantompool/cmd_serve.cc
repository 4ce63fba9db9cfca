// phantompool serve: the API server, its stream and (holding the coordinator's keys) the
// batch sessions of every pair whose lease it wins.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli_output.h"
#include "commands.h"
#include "phantompool/common/allocator.h"
#include "phantompool/executor/coordinator.h"
#include "phantompool/executor/sealed_file.h"
#include "phantompool/server/server.h"
#include "process_signals.h"

namespace phantompool::cli {
namespace {

Status Serve(const std::string& db_url, const std::string& config_path) {
  RetainBatchMemory();
  PP_ASSIGN_OR_RETURN(server::ServerConfig config, server::LoadServerConfig(config_path));
  PP_ASSIGN_OR_RETURN(auto passphrase,
                      executor::LoadPassphrase(config.coordinator_passphrase_file.value_or(""),
                                               kCoordinatorPassphraseEnv));
  PP_ASSIGN_OR_RETURN(executor::CoordinatorConfig coordinator_config,
                      executor::LoadCoordinatorConfig(config.coordinator_dir, passphrase));
  PP_ASSIGN_OR_RETURN(auto store, store::OpenStore(db_url));
  BlockStopSignals();
  auto transport = executor::MakeHttpTransport(coordinator_config.roster);
  auto coordinator =
      std::make_unique<executor::Coordinator>(*store, *transport, std::move(coordinator_config));
  PP_ASSIGN_OR_RETURN(auto server, server::Server::Start(config, *store, std::move(coordinator)));
  std::cerr << "phantompool serving on http://" << config.address << ":" << server->port()
            << "/ (API under /v1, stream at /v1/stream)" << std::endl;
  const int sig = WaitForStopSignal();
  std::cerr << "phantompool: signal " << sig << ", stopping" << std::endl;
  server->Stop();
  return Status::Ok();
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "Run the API server (and the pairs' batch sessions)");
  static std::string db, config;
  cmd->add_option("--db", db, "Database URL (sqlite:PATH or postgresql://...)")->required();
  cmd->add_option("--config", config, "The server's configuration file (docs/api.md)")->required();
  cmd->callback([&exit_code] { exit_code = ReportStatus(Serve(db, config)); });
}

}  // namespace phantompool::cli
