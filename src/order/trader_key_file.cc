#include "phantompool/order/trader_key_file.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "phantompool/common/file_io.h"
#include "phantompool/common/hex.h"

namespace phantompool::order {
namespace {

constexpr std::string_view kFormat = "phantompool-trader-key";

// The hex of the seed, wiped when it goes out of scope.
struct WipedString {
  std::string s;
  ~WipedString() {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
  }
};

}  // namespace

Status WriteTraderKeyFile(const std::string& path, const TraderKey& key) {
  WipedString body;
  body.s = "{\"format\": \"" + std::string(kFormat) + "\", \"version\": 1, \"seed\": \"" +
           ToHex(key.ExposeSeed()) + "\", \"public_key\": \"" + ToHex(key.public_key()) + "\"}\n";
  const Status s = WriteNewFile(path, body.s, 0600);
  if (!s.ok()) return Status::IoError("key_file", s.message());
  return Status::Ok();
}

Result<TraderKey> ReadTraderKeyFile(const std::string& path) {
  WipedString text;
  { PP_ASSIGN_OR_RETURN(text.s, ReadTextFile(path, "key_file", 4096)); }
  nlohmann::json j = nlohmann::json::parse(text.s, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("key_file", "not a JSON object");
  }
  for (const auto& [k, _] : j.items()) {
    if (k != "format" && k != "version" && k != "seed" && k != "public_key") {
      return Status::InvalidArgument("key_file." + k, "unknown field");
    }
  }
  for (const char* k : {"format", "version", "seed", "public_key"}) {
    if (!j.contains(k)) return Status::InvalidArgument(std::string("key_file.") + k, "missing");
  }
  if (!j["format"].is_string() || j["format"].get<std::string>() != kFormat) {
    return Status::InvalidArgument("key_file.format", "not a PhantomPool trader key");
  }
  if (!j["version"].is_number_unsigned() || j["version"].get<uint64_t>() != 1) {
    return Status::InvalidArgument("key_file.version", "unsupported version");
  }
  if (!j["seed"].is_string() || !j["public_key"].is_string()) {
    return Status::InvalidArgument("key_file", "seed and public_key must be hex strings");
  }
  WipedString seed_hex;
  seed_hex.s = j["seed"].get<std::string>();
  auto seed = ParseHexExact(seed_hex.s, kSeedBytes, "key_file.seed");
  if (!seed.ok()) return Status::InvalidArgument("key_file.seed", "must be 64 hex digits");
  auto key = TraderKey::FromSeed(*seed, "key_file.seed");
  sodium_memzero(seed->data(), seed->size());
  if (!key.ok()) return key.status();
  PP_ASSIGN_OR_RETURN(auto pk, ParseHexExact(j["public_key"].get<std::string>(), kPublicKeyBytes,
                                             "key_file.public_key"));
  if (!std::equal(pk.begin(), pk.end(), key->public_key().begin())) {
    return Status::InvalidArgument("key_file.public_key", "does not match the seed");
  }
  return key;
}

}  // namespace phantompool::order
