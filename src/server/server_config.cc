#include <cctype>
#include <set>

#include "phantompool/api/json.h"
#include "phantompool/common/file_io.h"
#include "phantompool/server/server.h"

namespace phantompool::server {

Result<ServerConfig> ParseServerConfig(std::string_view text) {
  PP_ASSIGN_OR_RETURN(api::json j, api::ParseJsonStrict(text, "config"));
  if (!j.is_object()) return Status::InvalidArgument("config", "must be a JSON object");
  api::ObjectReader r(j, "config");
  PP_RETURN_IF_ERROR(r.Keys(
      {"listen", "coordinator_dir"},
      {"io_threads", "handler_threads", "verify_threads", "deposits", "rate_per_second",
       "rate_burst", "coordinator_passphrase_file", "web_root", "executor_check_interval_ms"}));
  ServerConfig c;
  PP_ASSIGN_OR_RETURN(std::string listen, r.String("listen", 300));
  // HOST:PORT; port 0 asks for any free port.
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size() ||
      listen.size() - colon - 1 > 5) {
    return Status::InvalidArgument("config.listen", "must be HOST:PORT");
  }
  c.address = listen.substr(0, colon);
  for (char ch : c.address) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '-') {
      return Status::InvalidArgument("config.listen", "host must be a name or an IPv4 address");
    }
  }
  uint32_t port = 0;
  for (char ch : listen.substr(colon + 1)) {
    if (ch < '0' || ch > '9')
      return Status::InvalidArgument("config.listen", "port must be decimal");
    port = port * 10 + static_cast<uint32_t>(ch - '0');
  }
  if (port > 65535) return Status::InvalidArgument("config.listen", "port must be 0..65535");
  c.port = static_cast<uint16_t>(port);
  PP_ASSIGN_OR_RETURN(c.coordinator_dir, r.String("coordinator_dir", 4096));
  auto count = [&](const std::string& key, int lo, int hi, int& out) -> Status {
    if (!r.Has(key)) return Status::Ok();
    PP_ASSIGN_OR_RETURN(uint64_t v, r.Unsigned(key));
    if (v < static_cast<uint64_t>(lo) || v > static_cast<uint64_t>(hi)) {
      return Status::InvalidArgument(
          r.Field(key), "must be in " + std::to_string(lo) + ".." + std::to_string(hi));
    }
    out = static_cast<int>(v);
    return Status::Ok();
  };
  PP_RETURN_IF_ERROR(count("io_threads", 1, 64, c.io_threads));
  PP_RETURN_IF_ERROR(count("handler_threads", 1, 256, c.handler_threads));
  PP_RETURN_IF_ERROR(count("verify_threads", 1, 64, c.verify_threads));
  int rate = static_cast<int>(c.rate_per_second), burst = static_cast<int>(c.rate_burst);
  PP_RETURN_IF_ERROR(count("rate_per_second", 1, 1'000'000, rate));
  PP_RETURN_IF_ERROR(count("rate_burst", 1, 1'000'000, burst));
  c.rate_per_second = rate;
  c.rate_burst = burst;
  int interval = static_cast<int>(c.executor_check_interval.count());
  PP_RETURN_IF_ERROR(count("executor_check_interval_ms", 100, 3'600'000, interval));
  c.executor_check_interval = std::chrono::milliseconds(interval);
  if (r.Has("deposits")) {
    PP_ASSIGN_OR_RETURN(std::string mode, r.String("deposits", 16));
    if (mode == "auto") {
      c.deposits = DepositMode::kAuto;
    } else if (mode != "operator") {
      return Status::InvalidArgument("config.deposits", "must be \"operator\" or \"auto\"");
    }
  }
  if (r.Has("coordinator_passphrase_file")) {
    PP_ASSIGN_OR_RETURN(std::string f, r.String("coordinator_passphrase_file", 4096));
    c.coordinator_passphrase_file = std::move(f);
  }
  if (r.Has("web_root")) {
    PP_ASSIGN_OR_RETURN(std::string w, r.String("web_root", 4096));
    c.web_root = std::move(w);
  }
  return c;
}

Result<ServerConfig> LoadServerConfig(const std::string& path) {
  PP_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, "config", 1024 * 1024));
  return ParseServerConfig(text);
}

}  // namespace phantompool::server
