// phantompool executor --config FILE      run one executor of the quorum
// phantompool executor init ...           create an executor's identity and configuration,
//                                         and enter it in the roster
// phantompool coordinator init ...        create the coordinator's identity, enter it in the
//                                         roster
// docs/executor.md shows a whole setup.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli_output.h"
#include "commands.h"
#include "phantompool/common/allocator.h"
#include "phantompool/common/file_io.h"
#include "phantompool/common/hex.h"
#include "phantompool/executor/executor_config.h"
#include "phantompool/executor/executor_server.h"
#include "phantompool/executor/sealed_file.h"
#include "process_signals.h"

namespace phantompool::cli {
namespace {

using executor::Roster;

constexpr const char* kExecutorPassphraseEnv = "PP_EXECUTOR_PASSPHRASE";
// Reads, changes and writes the roster under an exclusive lock (executors of one machine may
// be initialised at once).
Status UpdateRoster(const std::string& path, uint32_t threshold,
                    const std::function<void(Roster&)>& change) {
  const std::string lock_path = path + ".lock";
  const int fd = ::open(lock_path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError("--roster", "cannot lock " + lock_path);
  ::flock(fd, LOCK_EX);
  Roster roster = Roster::Empty(threshold);
  if (std::filesystem::exists(path)) {
    auto loaded = ReadTextFile(path, "--roster");
    auto parsed = loaded.ok() ? Roster::ParseDraft(*loaded) : Result<Roster>(loaded.status());
    if (!parsed.ok()) {
      ::close(fd);
      return parsed.status();
    }
    roster = std::move(parsed).value();
  }
  change(roster);
  const Status s = roster.Save(path);
  ::close(fd);
  return s;
}

struct InitArgs {
  std::string dir, roster, listen = "127.0.0.1:7101", passphrase_file;
  uint32_t index = 0, threshold = 3, warm_heap_mib = 0;
};

Status InitExecutor(const InitArgs& a) {
  PP_ASSIGN_OR_RETURN(net::Url listen, net::ParseUrl("http://" + a.listen, "--listen"));
  PP_ASSIGN_OR_RETURN(auto passphrase,
                      executor::LoadPassphrase(a.passphrase_file, kExecutorPassphraseEnv));
  std::filesystem::create_directories(a.dir);
  const executor::ExecutorPaths paths{std::filesystem::absolute(a.dir).string()};
  if (std::filesystem::exists(paths.identity())) {
    return Status::AlreadyExists("--dir",
                                 paths.identity() + " exists: this executor is initialised");
  }
  crypto::SystemRng rng;
  const auto key = crypto::threshold::ParticipantKey::Generate(rng);
  PP_RETURN_IF_ERROR(executor::WriteSealedFile(paths.identity(), executor::kIdentityPurpose,
                                               key.ExposeSeed(), passphrase, rng));
  executor::ExecutorConfig config;
  config.index = a.index;
  config.listen_address = listen.host;
  config.listen_port = listen.port;
  config.roster_path = std::filesystem::absolute(a.roster).string();
  config.state_dir = paths.dir;
  config.warm_heap_mib = a.warm_heap_mib;
  PP_RETURN_IF_ERROR(config.Save(paths.dir + "/executor.json"));
  PP_RETURN_IF_ERROR(UpdateRoster(config.roster_path, a.threshold, [&](Roster& r) {
    r.Put(executor::RosterEntry{a.index, key.public_key(), listen});
  }));
  std::cout << "executor " << a.index << " initialised in " << paths.dir << "\n"
            << "public_key " << ToHex(key.public_key().Serialize()) << "\n"
            << "config " << paths.dir << "/executor.json\n";
  return Status::Ok();
}

Status InitCoordinator(const std::string& dir, const std::string& roster_path,
                       const std::string& passphrase_file, uint32_t threshold,
                       int64_t fee_user_id) {
  if (fee_user_id < 0) return Status::InvalidArgument("--fee-user-id", "must be a users.id");
  PP_ASSIGN_OR_RETURN(auto passphrase,
                      executor::LoadPassphrase(passphrase_file, kCoordinatorPassphraseEnv));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/coordinator.sealed";
  if (std::filesystem::exists(path)) {
    return Status::AlreadyExists("--dir", path + " exists: the coordinator is initialised");
  }
  crypto::SystemRng rng;
  const auto key = crypto::threshold::ParticipantKey::Generate(rng);
  PP_RETURN_IF_ERROR(
      executor::WriteSealedFile(path, "coordinator-identity", key.ExposeSeed(), passphrase, rng));
  PP_RETURN_IF_ERROR(
      UpdateRoster(roster_path, threshold, [&](Roster& r) { r.SetCoordinator(key.public_key()); }));
  if (fee_user_id > 0) {
    // What LoadCoordinatorConfig reads beside the key (executor/coordinator.h).
    PP_RETURN_IF_ERROR(
        WriteFileAtomically(dir + "/coordinator.json",
                            "{\"fee_user_id\": " + std::to_string(fee_user_id) + "}\n", 0644));
  }
  std::cout << "coordinator initialised in " << dir << "\npublic_key "
            << ToHex(key.public_key().Serialize()) << "\n";
  return Status::Ok();
}

Status RunExecutor(const std::string& config_path, const std::string& passphrase_file) {
  PP_ASSIGN_OR_RETURN(auto config, executor::ExecutorConfig::Load(config_path));
  RetainBatchMemory(Arenas::kOne, size_t{config.warm_heap_mib} << 20);
  PP_ASSIGN_OR_RETURN(Roster roster, Roster::Load(config.roster_path));
  PP_ASSIGN_OR_RETURN(auto passphrase,
                      executor::LoadPassphrase(passphrase_file, kExecutorPassphraseEnv));
  executor::ExecutorNodeOptions options;
  options.index = config.index;
  options.roster = std::move(roster);
  options.paths = executor::ExecutorPaths{config.state_dir};
  PP_ASSIGN_OR_RETURN(auto node,
                      executor::ExecutorNode::Open(std::move(options), std::move(passphrase)));
  std::shared_ptr<executor::ExecutorNode> shared(std::move(node));
  BlockStopSignals();
  net::HttpServerOptions http;
  http.address = config.listen_address;
  http.port = config.listen_port;
  PP_ASSIGN_OR_RETURN(auto server, executor::ExecutorServer::Start(shared, http));
  const auto health = shared->Health();
  std::cerr << "executor " << config.index << " listening on " << config.listen_address << ":"
            << server->port()
            << (health.has_key ? " (key epoch " + std::to_string(health.key_epoch) + ")"
                               : " (no key yet: waiting for the DKG)")
            << std::endl;
  const int sig = WaitForStopSignal();
  std::cerr << "executor " << config.index << ": signal " << sig << ", stopping" << std::endl;
  server->Stop();
  return Status::Ok();
}

}  // namespace

void AddExecutorCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("executor", "Run or set up one executor of the quorum");
  static std::string config, passphrase_file;
  cmd->add_option("--config", config, "The executor's configuration (executor init writes it)");
  cmd->add_option("--passphrase-file", passphrase_file,
                  "File whose first line is the passphrase (default: $PP_EXECUTOR_PASSPHRASE)");
  static InitArgs init;
  auto* init_cmd = cmd->add_subcommand("init", "Create an executor's identity and configuration");
  init_cmd->add_option("--dir", init.dir, "The executor's state directory")->required();
  init_cmd->add_option("--index", init.index, "Its index in the roster (1..n)")->required();
  init_cmd->add_option("--listen", init.listen, "HOST:PORT it serves on")->capture_default_str();
  init_cmd->add_option("--roster", init.roster, "The roster file to enter it in")->required();
  init_cmd->add_option("--threshold", init.threshold, "t, for a new roster")->capture_default_str();
  init_cmd
      ->add_option("--warm-heap-mib", init.warm_heap_mib,
                   "Heap to fault in at start and keep for batches (about 70 per 10,000 orders)")
      ->check(CLI::Range(0u, executor::ExecutorConfig::kMaxWarmHeapMib))
      ->capture_default_str();
  init_cmd->add_option("--passphrase-file", init.passphrase_file,
                       "Passphrase file (default: $PP_EXECUTOR_PASSPHRASE)");
  init_cmd->callback([&exit_code] { exit_code = ReportStatus(InitExecutor(init)); });
  cmd->callback([&exit_code, cmd] {
    if (!cmd->get_subcommands().empty()) return;
    if (config.empty()) {
      exit_code = ReportStatus(Status::InvalidArgument("--config", "required to run an executor"));
      return;
    }
    exit_code = ReportStatus(RunExecutor(config, passphrase_file));
  });

  auto* coord = app.add_subcommand("coordinator", "Set up the coordinator's identity");
  coord->require_subcommand(1);
  static std::string c_dir, c_roster, c_pass;
  static uint32_t c_threshold = 3;
  static int64_t c_fee = 0;
  auto* c_init =
      coord->add_subcommand("init", "Create the coordinator key, enter it in the roster");
  c_init->add_option("--dir", c_dir, "Where to keep the sealed key")->required();
  c_init->add_option("--roster", c_roster, "The roster file")->required();
  c_init->add_option("--threshold", c_threshold, "t, for a new roster")->capture_default_str();
  c_init->add_option("--passphrase-file", c_pass,
                     "Passphrase file (default: $PP_COORDINATOR_PASSPHRASE)");
  c_init->add_option("--fee-user-id", c_fee,
                     "users.id of the fee account (writes coordinator.json)");
  c_init->callback([&exit_code] {
    exit_code = ReportStatus(InitCoordinator(c_dir, c_roster, c_pass, c_threshold, c_fee));
  });
}

}  // namespace phantompool::cli
