// The coordinator's directory (coordinator.h, CoordinatorPaths): loading it whole, and the
// key set that `phantompool dkg` writes into it.
#include <nlohmann/json.hpp>

#include "phantompool/common/file_io.h"
#include "phantompool/common/hex.h"
#include "phantompool/executor/coordinator.h"
#include "phantompool/executor/sealed_file.h"

namespace phantompool::executor {
namespace {

using nlohmann::json;

constexpr std::string_view kCoordinatorPurpose = "coordinator-identity";

Result<json> ReadJsonObject(const std::string& path, const std::string& field) {
  PP_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, field));
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return Status::InvalidArgument(field, path + " is not a JSON object");
  return j;
}

}  // namespace

Status SaveCoordinatorKeySet(const std::string& dir, uint32_t epoch,
                             const crypto::threshold::PublicKeySet& keys) {
  if (epoch == 0) return Status::InvalidArgument("key_set.epoch", "epochs count from 1");
  json j;
  j["epoch"] = epoch;
  j["public_key_set"] = ToHex(keys.Serialize());
  return WriteFileAtomically(CoordinatorPaths{dir}.key_set(), j.dump(2) + "\n", 0644);
}

Result<std::pair<uint32_t, crypto::threshold::PublicKeySet>> LoadCoordinatorKeySet(
    const std::string& path) {
  PP_ASSIGN_OR_RETURN(json j, ReadJsonObject(path, "key_set"));
  for (const auto& [key, _] : j.items()) {
    if (key != "epoch" && key != "public_key_set") {
      return Status::InvalidArgument("key_set." + key, "unknown field");
    }
  }
  if (!j.contains("epoch") || !j["epoch"].is_number_unsigned() || j["epoch"].get<uint64_t>() == 0 ||
      j["epoch"].get<uint64_t>() > UINT32_MAX) {
    return Status::InvalidArgument("key_set.epoch", "must be 1..2^32-1");
  }
  if (!j.contains("public_key_set") || !j["public_key_set"].is_string()) {
    return Status::InvalidArgument("key_set.public_key_set", "must be hex");
  }
  PP_ASSIGN_OR_RETURN(auto bytes,
                      ParseHex(j["public_key_set"].get<std::string>(), "key_set.public_key_set"));
  PP_ASSIGN_OR_RETURN(auto keys, crypto::threshold::PublicKeySet::Parse(bytes));
  return std::make_pair(static_cast<uint32_t>(j["epoch"].get<uint64_t>()), std::move(keys));
}

Result<CoordinatorConfig> LoadCoordinatorConfig(const std::string& dir,
                                                const crypto::SecretBytes& passphrase) {
  const CoordinatorPaths paths{dir};
  PP_ASSIGN_OR_RETURN(Roster roster, Roster::Load(paths.roster()));
  PP_ASSIGN_OR_RETURN(auto key_set, LoadCoordinatorKeySet(paths.key_set()));
  auto& [epoch, keys] = key_set;
  if (keys.threshold() != roster.threshold() || keys.participants() != roster.participants()) {
    return Status::FailedPrecondition("key_set", "the key set is not for this roster's quorum");
  }
  PP_ASSIGN_OR_RETURN(json config, ReadJsonObject(paths.config(), "coordinator_config"));
  int64_t fee_user_id = 0;
  std::chrono::milliseconds deadline{30'000};
  for (const auto& [key, value] : config.items()) {
    if (key == "fee_user_id") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1) {
        return Status::InvalidArgument("coordinator_config.fee_user_id", "must be a users.id");
      }
      fee_user_id = value.get<int64_t>();
    } else if (key == "deadline_ms") {
      if (!value.is_number_unsigned() || value.get<uint64_t>() < 100 ||
          value.get<uint64_t>() > 600'000) {
        return Status::InvalidArgument("coordinator_config.deadline_ms", "must be 100..600000");
      }
      deadline = std::chrono::milliseconds(value.get<uint64_t>());
    } else {
      return Status::InvalidArgument("coordinator_config." + key, "unknown field");
    }
  }
  if (fee_user_id == 0) {
    return Status::InvalidArgument("coordinator_config.fee_user_id",
                                   "required (" + paths.config() + ")");
  }
  PP_ASSIGN_OR_RETURN(crypto::SecretBytes seed,
                      ReadSealedFile(paths.identity(), kCoordinatorPurpose, passphrase));
  PP_ASSIGN_OR_RETURN(auto key,
                      crypto::threshold::ParticipantKey::FromSeed(seed.ExposeSecret(), "identity"));
  if (!roster.coordinator() || !(*roster.coordinator() == key.public_key())) {
    return Status::FailedPrecondition("identity", "this key is not the roster's coordinator");
  }
  CoordinatorConfig out(std::move(roster), epoch, std::move(keys), std::move(key), fee_user_id);
  out.round.deadline = deadline;
  return out;
}

Status RecordKeySetInStore(store::Store& store, uint32_t epoch,
                           const crypto::threshold::PublicKeySet& keys, const Roster& roster) {
  store::KeySetRecord ks;
  ks.key_epoch = epoch;
  ks.threshold = static_cast<int32_t>(keys.threshold());
  ks.participants = static_cast<int32_t>(keys.participants());
  const auto joint = keys.public_key().Encode();
  ks.joint_public_key.assign(joint.begin(), joint.end());
  ks.public_key_set = keys.Serialize();
  std::vector<store::NewExecutorNode> nodes;
  for (const RosterEntry& e : roster.executors()) {
    store::NewExecutorNode n;
    n.node_index = static_cast<int32_t>(e.index);
    const auto vk = keys.verification_key(e.index).Encode();
    n.share_public_key.assign(vk.begin(), vk.end());
    n.signing_key.assign(e.public_key.signing.begin(), e.public_key.signing.end());
    n.endpoint_url = e.endpoint.ToString();
    nodes.push_back(std::move(n));
  }
  return store.RecordKeySet(store::Principal::Service(), ks, nodes);
}

}  // namespace phantompool::executor
