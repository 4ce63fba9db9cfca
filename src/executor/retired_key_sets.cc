// The public key sets of earlier epochs, kept by each executor in its own directory (never
// taken from the coordinator): after a forced DKG, the first session of the new epoch names
// the previous session, whose VRF shares were made under the retired key.
//
//   {"format": "phantompool-retired-key-sets", "version": 1,
//    "key_sets": [{"epoch": 1, "public_key_set": "<hex>"}, ...]}   (oldest first)
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "executor_state.h"
#include "phantompool/api/json.h"
#include "phantompool/common/file_io.h"
#include "phantompool/common/hex.h"

namespace phantompool::executor {
namespace {

constexpr std::string_view kFormat = "phantompool-retired-key-sets";
// Far more epochs than a pool will see; bounds what a corrupted file can make us parse.
constexpr size_t kMaxRetired = 1024;

}  // namespace

Result<std::vector<RetiredKeySet>> LoadRetiredKeySets(const ExecutorPaths& paths) {
  std::vector<RetiredKeySet> out;
  if (::access(paths.retired_key_sets().c_str(), F_OK) != 0) return out;
  PP_ASSIGN_OR_RETURN(std::string text, ReadTextFile(paths.retired_key_sets(), "retired_key_sets"));
  PP_ASSIGN_OR_RETURN(api::json j, api::ParseJsonStrict(text, "retired_key_sets"));
  if (!j.is_object()) return Status::Corruption("retired_key_sets", "not a JSON object");
  api::ObjectReader r(j, "retired_key_sets");
  PP_RETURN_IF_ERROR(r.Keys({"format", "version", "key_sets"}));
  PP_ASSIGN_OR_RETURN(std::string format, r.String("format"));
  PP_ASSIGN_OR_RETURN(uint64_t version, r.Unsigned("version"));
  if (format != kFormat || version != 1) {
    return Status::Corruption("retired_key_sets.format", "not " + std::string(kFormat) + " v1");
  }
  const api::json& sets = j["key_sets"];
  if (!sets.is_array() || sets.size() > kMaxRetired) {
    return Status::Corruption("retired_key_sets.key_sets", "must be an array of key sets");
  }
  for (size_t i = 0; i < sets.size(); ++i) {
    const std::string field = "retired_key_sets.key_sets[" + std::to_string(i) + "]";
    if (!sets[i].is_object()) return Status::Corruption(field, "not a JSON object");
    api::ObjectReader e(sets[i], field);
    PP_RETURN_IF_ERROR(e.Keys({"epoch", "public_key_set"}));
    PP_ASSIGN_OR_RETURN(uint64_t epoch, e.Unsigned("epoch"));
    PP_ASSIGN_OR_RETURN(std::string hex, e.String("public_key_set", 1 << 16));
    PP_ASSIGN_OR_RETURN(auto bytes, ParseHex(hex, field + ".public_key_set"));
    PP_ASSIGN_OR_RETURN(PublicKeySet keys, PublicKeySet::Parse(bytes));
    if (epoch == 0 || epoch > UINT32_MAX || (!out.empty() && epoch <= out.back().epoch)) {
      return Status::Corruption(field + ".epoch", "epochs must rise from 1");
    }
    out.push_back(RetiredKeySet{static_cast<uint32_t>(epoch), std::move(keys)});
  }
  return out;
}

Status SaveRetiredKeySets(const ExecutorPaths& paths, const std::vector<RetiredKeySet>& sets) {
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["version"] = 1;
  j["key_sets"] = nlohmann::ordered_json::array();
  for (const RetiredKeySet& s : sets) {
    j["key_sets"].push_back({{"epoch", s.epoch}, {"public_key_set", ToHex(s.keys.Serialize())}});
  }
  return WriteFileAtomically(paths.retired_key_sets(), j.dump(2) + "\n", 0644);
}

}  // namespace phantompool::executor
