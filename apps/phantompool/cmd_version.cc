#include <iostream>

#include "commands.h"

namespace phantompool::cli {

void AddVersionCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the version of this build");
  cmd->callback([&exit_code] {
    std::cout << "phantompool " << PP_VERSION << "\n";
    exit_code = 0;
  });
}

}  // namespace phantompool::cli
