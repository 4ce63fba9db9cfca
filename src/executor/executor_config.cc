#include "phantompool/executor/executor_config.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "phantompool/api/json.h"
#include "phantompool/common/file_io.h"
#include "phantompool/net/http.h"

namespace phantompool::executor {
namespace {

std::string Resolve(const std::string& base_file, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return (std::filesystem::path(base_file).parent_path() / path).lexically_normal().string();
}

}  // namespace

Result<ExecutorConfig> ExecutorConfig::Load(const std::string& path) {
  PP_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, "config"));
  PP_ASSIGN_OR_RETURN(api::json j, api::ParseJsonStrict(text, "config"));
  api::ObjectReader r(j, "config");
  PP_RETURN_IF_ERROR(
      r.Keys({"format", "version", "index", "listen", "roster", "state_dir"}, {"warm_heap_mib"}));
  PP_ASSIGN_OR_RETURN(std::string format, r.String("format"));
  PP_ASSIGN_OR_RETURN(uint64_t version, r.Unsigned("version"));
  if (format != "phantompool-executor" || version != 1) {
    return Status::InvalidArgument("config.format", "not a PhantomPool executor config, version 1");
  }
  ExecutorConfig c;
  PP_ASSIGN_OR_RETURN(uint64_t index, r.Unsigned("index"));
  if (index == 0 || index > 32) return Status::InvalidArgument("config.index", "must be 1..32");
  c.index = static_cast<uint32_t>(index);
  PP_ASSIGN_OR_RETURN(std::string listen, r.String("listen"));
  PP_ASSIGN_OR_RETURN(net::Url url, net::ParseUrl("http://" + listen, "config.listen"));
  c.listen_address = url.host;
  c.listen_port = url.port;
  PP_ASSIGN_OR_RETURN(std::string roster, r.String("roster"));
  PP_ASSIGN_OR_RETURN(std::string state, r.String("state_dir"));
  c.roster_path = Resolve(path, roster);
  c.state_dir = Resolve(path, state);
  if (r.Has("warm_heap_mib")) {
    PP_ASSIGN_OR_RETURN(uint64_t mib, r.Unsigned("warm_heap_mib"));
    if (mib > kMaxWarmHeapMib) {
      return Status::InvalidArgument("config.warm_heap_mib",
                                     "must be 0.." + std::to_string(kMaxWarmHeapMib));
    }
    c.warm_heap_mib = static_cast<uint32_t>(mib);
  }
  return c;
}

Status ExecutorConfig::Save(const std::string& path) const {
  nlohmann::ordered_json j;
  j["format"] = "phantompool-executor";
  j["version"] = 1;
  j["index"] = index;
  j["listen"] = listen_address + ":" + std::to_string(listen_port);
  j["roster"] = roster_path;
  j["state_dir"] = state_dir;
  if (warm_heap_mib != 0) j["warm_heap_mib"] = warm_heap_mib;
  return WriteFileAtomically(path, j.dump(2) + "\n", 0644);
}

}  // namespace phantompool::executor
