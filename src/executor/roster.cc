#include "phantompool/executor/roster.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "phantompool/api/json.h"
#include "phantompool/common/check.h"
#include "phantompool/common/file_io.h"
#include "phantompool/common/hex.h"

namespace phantompool::executor {
namespace {

Result<ParticipantPublicKey> KeyFrom(const std::string& hex, const std::string& field) {
  PP_ASSIGN_OR_RETURN(auto bytes, ParseHexExact(hex, ParticipantPublicKey::kSize, field));
  return ParticipantPublicKey::Parse(bytes, field);
}

}  // namespace

Roster Roster::Empty(uint32_t threshold) {
  Roster r;
  r.threshold_ = threshold;
  return r;
}

void Roster::Put(RosterEntry entry) {
  auto it = std::find_if(executors_.begin(), executors_.end(),
                         [&](const RosterEntry& e) { return e.index == entry.index; });
  if (it != executors_.end()) {
    *it = std::move(entry);
  } else {
    executors_.push_back(std::move(entry));
  }
  std::sort(executors_.begin(), executors_.end(),
            [](const RosterEntry& a, const RosterEntry& b) { return a.index < b.index; });
}

Status Roster::Validate() const {
  const uint32_t n = participants();
  if (n == 0 || n > 32) return Status::InvalidArgument("roster.executors", "1 to 32 executors");
  if (threshold_ == 0 || threshold_ > n) {
    return Status::InvalidArgument("roster.threshold", "must be 1..n");
  }
  std::set<std::array<uint8_t, ParticipantPublicKey::kSize>> keys;
  for (uint32_t i = 0; i < n; ++i) {
    const std::string field = "roster.executors[" + std::to_string(i) + "]";
    if (executors_[i].index != i + 1) {
      return Status::InvalidArgument(field + ".index", "indices must run 1..n without gaps");
    }
    if (!keys.insert(executors_[i].public_key.Serialize()).second) {
      return Status::InvalidArgument(field + ".public_key", "appears twice");
    }
  }
  if (coordinator_ && keys.count(coordinator_->Serialize())) {
    return Status::InvalidArgument("roster.coordinator", "must differ from every executor's key");
  }
  return Status::Ok();
}

const RosterEntry& Roster::executor(uint32_t index) const {
  PP_CHECK(index >= 1 && index <= executors_.size());
  return executors_[index - 1];
}

std::vector<ParticipantPublicKey> Roster::Keys() const {
  std::vector<ParticipantPublicKey> out;
  for (const auto& e : executors_) out.push_back(e.public_key);
  return out;
}

Result<Roster> Roster::Parse(std::string_view text) {
  PP_ASSIGN_OR_RETURN(Roster roster, ParseDraft(text));
  PP_RETURN_IF_ERROR(roster.Validate());
  return roster;
}

Result<Roster> Roster::ParseDraft(std::string_view text) {
  PP_ASSIGN_OR_RETURN(api::json j, api::ParseJsonStrict(text, "roster"));
  api::ObjectReader r(j, "roster");
  PP_RETURN_IF_ERROR(r.Keys({"format", "version", "threshold", "executors"}, {"coordinator"}));
  PP_ASSIGN_OR_RETURN(std::string format, r.String("format"));
  PP_ASSIGN_OR_RETURN(uint64_t version, r.Unsigned("version"));
  if (format != "phantompool-roster" || version != 1) {
    return Status::InvalidArgument("roster.format", "not a PhantomPool roster of version 1");
  }
  Roster roster;
  PP_ASSIGN_OR_RETURN(uint64_t t, r.Unsigned("threshold"));
  if (t > 32) return Status::InvalidArgument("roster.threshold", "must be 1..n");
  roster.threshold_ = static_cast<uint32_t>(t);
  if (r.Has("coordinator")) {
    PP_ASSIGN_OR_RETURN(std::string hex, r.String("coordinator"));
    PP_ASSIGN_OR_RETURN(roster.coordinator_, KeyFrom(hex, "roster.coordinator"));
  }
  const api::json& list = j["executors"];
  if (!list.is_array()) return Status::InvalidArgument("roster.executors", "must be an array");
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string path = "roster.executors[" + std::to_string(i) + "]";
    api::ObjectReader e(list[i], path);
    PP_RETURN_IF_ERROR(e.Keys({"index", "public_key", "endpoint"}));
    RosterEntry entry;
    PP_ASSIGN_OR_RETURN(uint64_t index, e.Unsigned("index"));
    if (index == 0 || index > 32) return Status::InvalidArgument(path + ".index", "must be 1..32");
    entry.index = static_cast<uint32_t>(index);
    PP_ASSIGN_OR_RETURN(std::string key, e.String("public_key"));
    PP_ASSIGN_OR_RETURN(entry.public_key, KeyFrom(key, path + ".public_key"));
    PP_ASSIGN_OR_RETURN(std::string url, e.String("endpoint"));
    PP_ASSIGN_OR_RETURN(entry.endpoint, net::ParseUrl(url, path + ".endpoint"));
    roster.Put(std::move(entry));
  }
  return roster;
}

Result<Roster> Roster::Load(const std::string& path) {
  PP_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, "roster"));
  return Parse(text);
}

std::string Roster::ToJson() const {
  nlohmann::ordered_json j;
  j["format"] = "phantompool-roster";
  j["version"] = 1;
  j["threshold"] = threshold_;
  if (coordinator_) j["coordinator"] = ToHex(coordinator_->Serialize());
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& e : executors_) {
    nlohmann::ordered_json entry;
    entry["index"] = e.index;
    entry["public_key"] = ToHex(e.public_key.Serialize());
    entry["endpoint"] = e.endpoint.ToString();
    list.push_back(entry);
  }
  j["executors"] = list;
  return j.dump(2) + "\n";
}

Status Roster::Save(const std::string& path) const {
  return WriteFileAtomically(path, ToJson(), 0644);
}

}  // namespace phantompool::executor
