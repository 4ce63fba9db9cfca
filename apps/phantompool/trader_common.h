// What every trader command shares: the options (--server, --key, --user-id, --json) with
// their environment defaults, the profile kept next to the key, and a connected client.
//
// The profile (KEY.profile.json, mode 0600, replaced atomically) records which server the key
// registered with and the user id it was given:
//   {"format": "phantompool-trader-profile", "version": 1, "server": "http://127.0.0.1:8080",
//    "user_id": 42}
// It is read strictly (unknown or missing keys, wrong types: errors naming "profile.<key>").
// It holds nothing secret; the key file is never printed.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "phantompool/client/client.h"
#include "phantompool/common/result.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::cli {

inline constexpr const char* kServerEnv = "PHANTOMPOOL_SERVER";
inline constexpr const char* kKeyEnv = "PHANTOMPOOL_KEY";
inline constexpr const char* kDefaultServer = "http://127.0.0.1:8080";

struct TraderOptions {
  std::string server;   // empty: $PHANTOMPOOL_SERVER, else kDefaultServer
  std::string key;      // empty: $PHANTOMPOOL_KEY
  int64_t user_id = 0;  // 0: from the profile
  bool json = false;
};

// --server and --json on a public command; with `with_key`, also --key and --user-id.
void AddTraderOptions(CLI::App* cmd, TraderOptions& o, bool with_key);

struct Profile {
  std::string server;  // normalised ("http://host:port")
  int64_t user_id = 0;
};

std::string ProfilePath(const std::string& key_file);
Result<Profile> ParseProfile(std::string_view text);
std::string FormatProfile(const Profile& p);
// nullopt when the file does not exist.
Result<std::optional<Profile>> ReadProfile(const std::string& path);
Status WriteProfile(const std::string& path, const Profile& p);

// A decimal integer in 0..2^63-1 with nothing else around it (no sign, no spaces, no
// exponent): CLI11 would wrap "-5" into a uint64_t. InvalidArgument naming `field`.
Result<uint64_t> ParseAmountArg(const std::string& text, std::string_view field);

// The server URL in use (option, then environment, then the default), normalised.
Result<std::string> ResolveServer(const TraderOptions& o);
// The key file in use; InvalidArgument naming --key when there is none.
Result<std::string> ResolveKeyFile(const TraderOptions& o);

// A client with the key (when `need_key`) and the user id (when `need_user`: --user-id, else
// the profile of that key for that server; FailedPrecondition "register first" otherwise).
struct Connection {
  std::unique_ptr<order::TraderKey> key;
  std::string key_file;
  std::string server;
  std::unique_ptr<client::Client> client;
};
Result<Connection> Connect(const TraderOptions& o, bool need_key, bool need_user);

}  // namespace phantompool::cli
