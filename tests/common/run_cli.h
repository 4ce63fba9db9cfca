// Runs the `phantompool` binary as a process (the path comes from PP_PHANTOMPOOL_BIN, set by
// the test's CMake target) and captures its exit code, stdout and stderr.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace phantompool::testing {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

inline std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `args` is appended to the binary's path in a shell command line (quote as needed).
inline CliRun RunPhantompool(const std::string& args) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  static int counter = 0;
  const std::string stem = "pp_cli_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  const auto out_path = dir / (stem + ".out");
  const auto err_path = dir / (stem + ".err");
  const std::string command = std::string(PP_PHANTOMPOOL_BIN) + " " + args + " >" +
                              out_path.string() + " 2>" + err_path.string();
  const int status = std::system(command.c_str());
  CliRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadWholeFile(out_path);
  r.err = ReadWholeFile(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

}  // namespace phantompool::testing
