#include "trader_common.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "phantompool/api/json.h"
#include "phantompool/common/file_io.h"
#include "phantompool/net/http.h"
#include "phantompool/order/trader_key_file.h"

namespace phantompool::cli {
namespace {

constexpr std::string_view kProfileFormat = "phantompool-trader-profile";

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

}  // namespace

void AddTraderOptions(CLI::App* cmd, TraderOptions& o, bool with_key) {
  cmd->add_option(
      "--server", o.server,
      std::string("Server URL (default: $") + kServerEnv + ", else " + kDefaultServer + ")");
  if (with_key) {
    cmd->add_option("--key", o.key, std::string("Trader key file (default: $") + kKeyEnv + ")");
    cmd->add_option("--user-id", o.user_id,
                    "The user id (default: the one `register` recorded next to the key)");
  }
  cmd->add_flag("--json", o.json, "One JSON document on stdout instead of a table");
}

std::string ProfilePath(const std::string& key_file) {
  return key_file + ".profile.json";
}

Result<Profile> ParseProfile(std::string_view text) {
  PP_ASSIGN_OR_RETURN(api::json j, api::ParseJsonStrict(text, "profile", 4));
  if (!j.is_object()) return Status::InvalidArgument("profile", "must be a JSON object");
  api::ObjectReader r(j, "profile");
  PP_RETURN_IF_ERROR(r.Keys({"format", "version", "server", "user_id"}));
  PP_ASSIGN_OR_RETURN(std::string format, r.String("format"));
  if (format != kProfileFormat) {
    return Status::InvalidArgument("profile.format", "not a PhantomPool trader profile");
  }
  PP_ASSIGN_OR_RETURN(uint64_t version, r.Unsigned("version"));
  if (version != 1) return Status::InvalidArgument("profile.version", "unsupported version");
  Profile p;
  PP_ASSIGN_OR_RETURN(std::string server, r.String("server"));
  PP_ASSIGN_OR_RETURN(net::Url url, net::ParseUrl(server, "profile.server"));
  p.server = url.ToString();
  PP_ASSIGN_OR_RETURN(p.user_id, r.Int("user_id"));
  if (p.user_id <= 0) return Status::InvalidArgument("profile.user_id", "must be positive");
  return p;
}

std::string FormatProfile(const Profile& p) {
  nlohmann::ordered_json j;
  j["format"] = kProfileFormat;
  j["version"] = 1;
  j["server"] = p.server;
  j["user_id"] = p.user_id;
  return j.dump(2) + "\n";
}

Result<std::optional<Profile>> ReadProfile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (ec) return Status::IoError("profile", "cannot check " + path + ": " + ec.message());
    return std::optional<Profile>();
  }
  PP_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, "profile", 64 * 1024));
  PP_ASSIGN_OR_RETURN(Profile p, ParseProfile(text));
  return std::optional<Profile>(std::move(p));
}

Status WriteProfile(const std::string& path, const Profile& p) {
  return WriteFileAtomically(path, FormatProfile(p), 0600);
}

Result<uint64_t> ParseAmountArg(const std::string& text, std::string_view field) {
  uint64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || v > order::kMaxLedgerAmount) {
    return Status::InvalidArgument(std::string(field), "must be an integer in 0..2^63-1");
  }
  return v;
}

Result<std::string> ResolveServer(const TraderOptions& o) {
  std::string text = o.server;
  std::string field = "--server";
  if (text.empty()) {
    text = Env(kServerEnv);
    field = kServerEnv;
  }
  if (text.empty()) text = kDefaultServer;
  PP_ASSIGN_OR_RETURN(net::Url url, net::ParseUrl(text, field));
  return url.ToString();
}

Result<std::string> ResolveKeyFile(const TraderOptions& o) {
  if (!o.key.empty()) return o.key;
  std::string env = Env(kKeyEnv);
  if (!env.empty()) return env;
  return Status::InvalidArgument("--key", std::string("a trader key file is needed (--key or $") +
                                              kKeyEnv + "; phantompool keygen makes one)");
}

Result<Connection> Connect(const TraderOptions& o, bool need_key, bool need_user) {
  Connection c;
  PP_ASSIGN_OR_RETURN(c.server, ResolveServer(o));
  if (o.user_id < 0) return Status::InvalidArgument("--user-id", "must be positive");
  int64_t user_id = o.user_id;
  if (need_key) {
    PP_ASSIGN_OR_RETURN(c.key_file, ResolveKeyFile(o));
    PP_ASSIGN_OR_RETURN(order::TraderKey key, order::ReadTraderKeyFile(c.key_file));
    c.key = std::make_unique<order::TraderKey>(std::move(key));
    if (need_user && user_id == 0) {
      const std::string path = ProfilePath(c.key_file);
      PP_ASSIGN_OR_RETURN(std::optional<Profile> profile, ReadProfile(path));
      if (!profile) {
        return Status::FailedPrecondition(
            "--user-id", "this key has no profile (" + path +
                             "): run `phantompool register` first, or pass --user-id");
      }
      if (profile->server != c.server) {
        return Status::FailedPrecondition(
            "profile.server", "the key registered with " + profile->server + ", not " + c.server +
                                  ": pass --server or --user-id");
      }
      user_id = profile->user_id;
    }
  }
  PP_ASSIGN_OR_RETURN(c.client, client::Client::Create(c.server, c.key.get(), user_id));
  return c;
}

}  // namespace phantompool::cli
