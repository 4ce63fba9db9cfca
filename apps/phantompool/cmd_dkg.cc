// phantompool dkg --db URL --roster FILE --coordinator-dir DIR [--passphrase-file F]
//                 [--force] [--key-epoch N]
//     The operator's DKG: relays the rounds among the roster's executors over HTTP, writes
//     the key set (and the roster it ran with) into the coordinator's directory and records
//     the executors and the key epoch in the store. A pool whose store already holds a key
//     set is live: refused unless --force (a new epoch; the executors refuse too unless
//     forced, and sessions still frozen under the old key cannot be opened any more).
// phantompool executors status --db URL [--json]
//     Each executor's status, heartbeat age and answers (valid / invalid), from the store.
// The URL is the server's request login on PostgreSQL (docs/store.md, "Logins").
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_output.h"
#include "commands.h"
#include "phantompool/common/hex.h"
#include "phantompool/executor/coordinator.h"
#include "phantompool/executor/dkg_runner.h"
#include "phantompool/executor/sealed_file.h"
#include "phantompool/executor/transport.h"
#include "phantompool/store/store.h"

namespace phantompool::cli {
namespace {

using store::Principal;

struct DkgArgs {
  std::string db, roster, coordinator_dir, passphrase_file;
  bool force = false;
  uint32_t key_epoch = 0;  // 0: one after the store's current (1 on a new pool)
};

Status RunDkgCommand(const DkgArgs& a) {
  PP_ASSIGN_OR_RETURN(executor::Roster roster, executor::Roster::Load(a.roster));
  if (!roster.coordinator()) {
    return Status::FailedPrecondition("--roster",
                                      "has no coordinator: run `phantompool coordinator init`");
  }
  const executor::CoordinatorPaths paths{a.coordinator_dir};
  PP_ASSIGN_OR_RETURN(auto passphrase,
                      executor::LoadPassphrase(a.passphrase_file, kCoordinatorPassphraseEnv));
  PP_ASSIGN_OR_RETURN(
      crypto::SecretBytes seed,
      executor::ReadSealedFile(paths.identity(), "coordinator-identity", passphrase));
  PP_ASSIGN_OR_RETURN(auto key, crypto::threshold::ParticipantKey::FromSeed(seed.ExposeSecret(),
                                                                            "--coordinator-dir"));
  if (!(key.public_key() == *roster.coordinator())) {
    return Status::FailedPrecondition("--coordinator-dir",
                                      "its key is not the roster's coordinator");
  }
  PP_ASSIGN_OR_RETURN(auto st, store::OpenStore(a.db));
  const Principal service = Principal::Service();
  PP_ASSIGN_OR_RETURN(auto current, st->CurrentKeySet(service));
  uint32_t epoch = a.key_epoch;
  if (current) {
    if (!a.force) {
      return Status::FailedPrecondition(
          "--force", "the pool is live: key epoch " + std::to_string(current->key_epoch) +
                         " is recorded; a new DKG replaces every executor's key share");
    }
    if (epoch == 0) epoch = current->key_epoch + 1;
    if (epoch <= current->key_epoch) {
      return Status::InvalidArgument(
          "--key-epoch", "must be after the recorded epoch " + std::to_string(current->key_epoch));
    }
  } else if (epoch == 0) {
    epoch = 1;
  }

  auto transport = executor::MakeHttpTransport(roster);
  executor::DkgRunOptions options;
  options.key_epoch = epoch;
  options.session_id = "dkg-" + std::to_string(epoch) + "-" +
                       std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  options.force = a.force;
  options.progress = [](const std::string& line) { std::cerr << line << std::endl; };
  std::cerr << "dkg: key epoch " << epoch << ", " << roster.threshold() << " of "
            << roster.participants() << " executors" << std::endl;
  PP_ASSIGN_OR_RETURN(executor::DkgRunResult result,
                      executor::RunDkg(*transport, roster, key, options));

  std::filesystem::create_directories(a.coordinator_dir);
  PP_RETURN_IF_ERROR(executor::SaveCoordinatorKeySet(a.coordinator_dir, epoch, result.keys));
  PP_RETURN_IF_ERROR(roster.Save(paths.roster()));
  PP_RETURN_IF_ERROR(executor::RecordKeySetInStore(*st, epoch, result.keys, roster));
  const auto joint = result.keys.public_key().Encode();
  nlohmann::json out{{"key_epoch", epoch},
                     {"joint_public_key", ToHex(joint)},
                     {"finished", result.finished},
                     {"dropped", result.dropped},
                     {"disqualified", result.disqualified},
                     {"key_set", paths.key_set()}};
  std::cout << out.dump() << "\n";
  return Status::Ok();
}

std::string Age(const std::optional<int64_t>& heartbeat_us) {
  if (!heartbeat_us) return "never";
  const int64_t now = store::SystemClockMicros();
  const int64_t s = (now - *heartbeat_us) / 1'000'000;
  return std::to_string(s < 0 ? 0 : s) + "s";
}

Status ExecutorsStatus(const std::string& db, bool as_json) {
  PP_ASSIGN_OR_RETURN(auto st, store::OpenStore(db));
  PP_ASSIGN_OR_RETURN(auto nodes, st->ListExecutors(Principal::Auditor()));
  if (as_json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& n : nodes) {
      out.push_back({{"id", n.id},
                     {"node_index", n.node_index},
                     {"status", store::Name(n.status)},
                     {"last_heartbeat", n.last_heartbeat ? nlohmann::json(*n.last_heartbeat)
                                                         : nlohmann::json(nullptr)},
                     {"key_epoch", n.key_epoch},
                     {"valid_responses", n.valid_responses},
                     {"invalid_responses", n.invalid_responses},
                     {"missed_responses", n.missed_responses},
                     {"unchecked_responses", n.unchecked_responses},
                     {"reputation", n.reputation},
                     {"endpoint_url", n.endpoint_url}});
    }
    std::cout << out.dump() << "\n";
    return Status::Ok();
  }
  std::cout << std::left << std::setw(6) << "INDEX" << std::setw(13) << "STATUS" << std::setw(11)
            << "HEARTBEAT" << std::setw(7) << "EPOCH" << std::setw(8) << "VALID" << std::setw(9)
            << "INVALID" << std::setw(8) << "MISSED" << std::setw(12) << "REPUTATION"
            << "ENDPOINT\n";
  for (const auto& n : nodes) {
    std::cout << std::left << std::setw(6) << n.node_index << std::setw(13) << store::Name(n.status)
              << std::setw(11) << Age(n.last_heartbeat) << std::setw(7) << n.key_epoch
              << std::setw(8) << n.valid_responses << std::setw(9) << n.invalid_responses
              << std::setw(8) << n.missed_responses << std::setw(12) << n.reputation
              << n.endpoint_url << "\n";
  }
  return Status::Ok();
}

}  // namespace

void AddDkgCommand(CLI::App& app, int& exit_code) {
  static DkgArgs a;
  auto* dkg = app.add_subcommand("dkg", "Run the executors' distributed key generation");
  dkg->add_option("--db", a.db, "The store (on PostgreSQL: the server's request login)")
      ->required();
  dkg->add_option("--roster", a.roster, "The roster file")->required();
  dkg->add_option("--coordinator-dir", a.coordinator_dir, "The coordinator's directory")
      ->required();
  dkg->add_option("--passphrase-file", a.passphrase_file,
                  "The coordinator's passphrase file (default: $PP_COORDINATOR_PASSPHRASE)");
  dkg->add_flag("--force", a.force, "Replace the key of a live pool (a new key epoch)");
  dkg->add_option("--key-epoch", a.key_epoch, "The new epoch (default: the next one)");
  dkg->callback([&exit_code] { exit_code = ReportStatus(RunDkgCommand(a)); });

  auto* ex = app.add_subcommand("executors", "The executors as the store sees them");
  ex->require_subcommand(1);
  static std::string db;
  static bool as_json = false;
  auto* status = ex->add_subcommand("status", "Status, heartbeat age and answers per executor");
  status->add_option("--db", db, "The store URL")->required();
  status->add_flag("--json", as_json, "One JSON array instead of a table");
  status->callback([&exit_code] { exit_code = ReportStatus(ExecutorsStatus(db, as_json)); });
}

}  // namespace phantompool::cli
