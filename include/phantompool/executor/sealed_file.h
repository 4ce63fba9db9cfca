// A secret kept on disk under a passphrase: libsodium's secretbox (XSalsa20-Poly1305) with a
// key derived by Argon2id (crypto_pwhash) from the passphrase and a random salt. An executor
// keeps its identity seed and its key share this way, so a copied disk reveals nothing
// without the passphrase, which comes from a file or the environment and never reaches a
// log, an error message or the database.
//
// File format (JSON, written with mode 0600, replaced atomically through a temporary file):
//   {"format": "phantompool-sealed", "version": 1, "purpose": "<what it holds>",
//    "kdf": "argon2id13", "opslimit": N, "memlimit": N, "salt": "<hex 16>",
//    "nonce": "<hex 24>", "ciphertext": "<hex>"}
// The purpose is authenticated (it is the secretbox's associated data, through the key
// derivation's context), so a key share file cannot be opened as an identity file.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/secret_bytes.h"

namespace phantompool::executor {

struct KdfCost {
  uint64_t opslimit;
  uint64_t memlimit;
  // libsodium's INTERACTIVE limits (64 MiB, ~0.1 s): what `executor init` uses; an
  // operator may raise them by re-sealing. Tests use them too.
  static KdfCost Interactive();
};

Status WriteSealedFile(const std::string& path, std::string_view purpose,
                       std::span<const uint8_t> secret, const crypto::SecretBytes& passphrase,
                       crypto::Rng& rng, KdfCost cost = KdfCost::Interactive());

// VerificationFailed ("passphrase") if the passphrase is wrong or the file was altered;
// InvalidArgument naming the field if the file is malformed; IoError if it cannot be read.
Result<crypto::SecretBytes> ReadSealedFile(const std::string& path, std::string_view purpose,
                                           const crypto::SecretBytes& passphrase);

// The passphrase from a file (first line, without the newline) or, when `file` is empty,
// from the environment variable `env_name`. InvalidArgument if neither gives one.
Result<crypto::SecretBytes> LoadPassphrase(const std::string& file, const char* env_name);

}  // namespace phantompool::executor
