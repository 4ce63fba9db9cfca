// phantompool keygen --out FILE: a new trader key (Ed25519 seed from the OS CSPRNG),
// written with mode 0600; an existing file is never overwritten. Prints the public key.
#include <iostream>

#include "cli_output.h"
#include "commands.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/order/trader_key_file.h"

namespace phantompool::cli {

void AddKeygenCommand(CLI::App& app, int& exit_code) {
  static std::string out;
  auto* cmd = app.add_subcommand("keygen", "Create a trader key file (mode 0600)");
  cmd->add_option("--out", out, "Where to write the key file (must not exist)")->required();
  cmd->callback([&exit_code] {
    crypto::SystemRng rng;
    const order::TraderKey key = order::TraderKey::Generate(rng);
    const Status s = order::WriteTraderKeyFile(out, key);
    if (s.ok()) std::cout << "public_key " << ToHex(key.public_key()) << "\n";
    exit_code = ReportStatus(s);
  });
}

}  // namespace phantompool::cli
