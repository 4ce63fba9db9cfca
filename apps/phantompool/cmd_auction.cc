// phantompool auction --input FILE (or - for stdin): clears one batch and prints the result.
//
// This is the auditor's replay: the same input gives the same bytes on every machine
// (docs/auction.md, "Replay"). Exit 0 with the result JSON on stdout; 2 with a JSON error on
// stderr naming the field when the input is invalid; 1 when the file cannot be read.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "commands.h"
#include "phantompool/auction/clear.h"
#include "phantompool/auction/replay_json.h"

namespace phantompool::cli {
namespace {

Result<std::string> ReadInput(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    if (std::cin.bad()) return Status::IoError("input", "cannot read standard input");
    return text.str();
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::IoError("input", "cannot open " + path);
  text << file.rdbuf();
  if (file.bad()) return Status::IoError("input", "cannot read " + path);
  return text.str();
}

int Fail(const Status& status) {
  std::cerr << auction::FormatErrorJson(status) << "\n";
  const bool operational =
      status.code() == StatusCode::kIoError || status.code() == StatusCode::kInternal;
  return operational ? 1 : 2;
}

int RunAuction(const std::string& path) {
  auto text = ReadInput(path);
  if (!text.ok()) return Fail(text.status());
  auto input = auction::ParseReplayInput(*text);
  if (!input.ok()) return Fail(input.status());
  auto result = auction::Clear(input->orders, input->pair, input->session);
  if (!result.ok()) return Fail(result.status());
  std::cout << auction::FormatReplayOutput(*input, *result);
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace

void AddAuctionCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "auction", "Clear one batch through the call auction (JSON in, JSON out): the replay");
  static std::string input_path;
  cmd->add_option("--input", input_path, "The batch as JSON (docs/auction.md); - for stdin")
      ->required();
  cmd->callback([&exit_code] { exit_code = RunAuction(input_path); });
}

}  // namespace phantompool::cli
