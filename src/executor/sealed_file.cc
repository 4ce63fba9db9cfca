#include "phantompool/executor/sealed_file.h"

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "phantompool/common/file_io.h"
#include "phantompool/common/hex.h"

namespace phantompool::executor {
namespace {

constexpr std::string_view kFormat = "phantompool-sealed";

Status DeriveKey(const crypto::SecretBytes& passphrase, std::span<const uint8_t> salt,
                 std::string_view purpose, KdfCost cost, crypto::SecretBytes& key) {
  // The purpose is mixed into the salt, so each purpose has its own key.
  std::array<uint8_t, crypto_pwhash_SALTBYTES> mixed;
  crypto_generichash(mixed.data(), mixed.size(), salt.data(), salt.size(),
                     reinterpret_cast<const uint8_t*>(purpose.data()), purpose.size());
  key = crypto::SecretBytes(crypto_secretbox_KEYBYTES);
  const auto pass = passphrase.ExposeSecret();
  if (crypto_pwhash(key.ExposeSecretMutable().data(), key.size(),
                    reinterpret_cast<const char*>(pass.data()), pass.size(), mixed.data(),
                    cost.opslimit, cost.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::ResourceExhausted("sealed_file.memlimit",
                                     "not enough memory for the key derivation");
  }
  return Status::Ok();
}

}  // namespace

KdfCost KdfCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

Status WriteSealedFile(const std::string& path, std::string_view purpose,
                       std::span<const uint8_t> secret, const crypto::SecretBytes& passphrase,
                       crypto::Rng& rng, KdfCost cost) {
  crypto::EnsureSodium();
  std::array<uint8_t, crypto_pwhash_SALTBYTES> salt;
  std::array<uint8_t, crypto_secretbox_NONCEBYTES> nonce;
  rng.Fill(salt);
  rng.Fill(nonce);
  crypto::SecretBytes key;
  PP_RETURN_IF_ERROR(DeriveKey(passphrase, salt, purpose, cost, key));
  std::vector<uint8_t> box(secret.size() + crypto_secretbox_MACBYTES);
  crypto_secretbox_easy(box.data(), secret.data(), secret.size(), nonce.data(),
                        key.ExposeSecret().data());
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["version"] = 1;
  j["purpose"] = purpose;
  j["kdf"] = "argon2id13";
  j["opslimit"] = cost.opslimit;
  j["memlimit"] = cost.memlimit;
  j["salt"] = ToHex(salt);
  j["nonce"] = ToHex(nonce);
  j["ciphertext"] = ToHex(box);
  return WriteFileAtomically(path, j.dump(2) + "\n", 0600);
}

Result<crypto::SecretBytes> ReadSealedFile(const std::string& path, std::string_view purpose,
                                           const crypto::SecretBytes& passphrase) {
  crypto::EnsureSodium();
  PP_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, "path", 1024 * 1024));
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  auto bad = [](std::string field, std::string why) {
    return Status::InvalidArgument("sealed_file." + field, std::move(why));
  };
  if (!j.is_object()) return bad("", "not a JSON object");
  for (const char* k : {"format", "version", "purpose", "kdf", "opslimit", "memlimit", "salt",
                        "nonce", "ciphertext"}) {
    if (!j.contains(k)) return bad(k, "missing");
  }
  if (j.size() != 9) return bad("", "unknown fields");
  if (j["format"] != kFormat || j["version"] != 1 || j["kdf"] != "argon2id13") {
    return bad("format", "not a PhantomPool sealed file of version 1 with argon2id13");
  }
  if (!j["purpose"].is_string() || j["purpose"].get<std::string>() != purpose) {
    return bad("purpose", "holds another secret (expected " + std::string(purpose) + ")");
  }
  if (!j["opslimit"].is_number_unsigned() || !j["memlimit"].is_number_unsigned()) {
    return bad("opslimit", "must be unsigned integers");
  }
  const KdfCost cost{j["opslimit"].get<uint64_t>(), j["memlimit"].get<uint64_t>()};
  if (cost.opslimit < crypto_pwhash_OPSLIMIT_MIN || cost.opslimit > 64 ||
      cost.memlimit < crypto_pwhash_MEMLIMIT_MIN || cost.memlimit > (size_t{4} << 30)) {
    return bad("opslimit", "outside the accepted range");
  }
  auto hex = [&](const char* k, size_t len) -> Result<std::vector<uint8_t>> {
    if (!j[k].is_string()) return bad(k, "must be hex");
    if (len == 0) return ParseHex(j[k].get<std::string>(), std::string("sealed_file.") + k);
    return ParseHexExact(j[k].get<std::string>(), len, std::string("sealed_file.") + k);
  };
  PP_ASSIGN_OR_RETURN(auto salt, hex("salt", crypto_pwhash_SALTBYTES));
  PP_ASSIGN_OR_RETURN(auto nonce, hex("nonce", crypto_secretbox_NONCEBYTES));
  PP_ASSIGN_OR_RETURN(auto box, hex("ciphertext", 0));
  if (box.size() < crypto_secretbox_MACBYTES) return bad("ciphertext", "too short");
  crypto::SecretBytes key;
  PP_RETURN_IF_ERROR(DeriveKey(passphrase, salt, purpose, cost, key));
  crypto::SecretBytes out(box.size() - crypto_secretbox_MACBYTES);
  if (crypto_secretbox_open_easy(out.ExposeSecretMutable().data(), box.data(), box.size(),
                                 nonce.data(), key.ExposeSecret().data()) != 0) {
    return Status::VerificationFailed("passphrase", "wrong passphrase, or the file was altered");
  }
  return out;
}

Result<crypto::SecretBytes> LoadPassphrase(const std::string& file, const char* env_name) {
  std::string text;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::IoError("passphrase_file", "cannot open " + file);
    std::getline(in, text);
  } else if (const char* env = std::getenv(env_name)) {
    text = env;
  }
  if (text.empty()) {
    return Status::InvalidArgument("passphrase",
                                   std::string("give --passphrase-file or set ") + env_name);
  }
  crypto::SecretBytes out({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  sodium_memzero(text.data(), text.size());
  return out;
}

}  // namespace phantompool::executor
