// phantompool auction --input FILE (or - for stdin): verifies one session's draw, clears its
// batch and prints the result.
//
// This is the auditor's replay: the same input gives the same bytes on every machine
// (docs/auction.md, "Replay"). Exit 0 with the result JSON on stdout. Exit 2 with a JSON
// error on stderr naming the field when the input is invalid. Exit 1 when the input cannot
// be read (a directory, a read error), when the draw does not verify, or when the batch is
// valid but its notional exceeds what a session can settle.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "commands.h"
#include "phantompool/auction/clear.h"
#include "phantompool/auction/replay_json.h"

namespace phantompool::cli {
namespace {

// The whole input, read with plain system calls so that every failure (a directory, a
// device that fails to read) is an I/O error and never reaches the parser as "not JSON".
Result<std::string> ReadInput(const std::string& path) {
  const bool from_stdin = path == "-";
  const std::string name = from_stdin ? "standard input" : path;
  const int fd = from_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("input", "cannot open " + name + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    if (!from_stdin) ::close(fd);
    return Status::IoError("input", name + " is a directory");
  }
  std::string text;
  if (st.st_size > 0) text.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, buf, sizeof buf);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      if (!from_stdin) ::close(fd);
      return Status::IoError("input", "cannot read " + name + ": " + std::strerror(err));
    }
    text.append(buf, static_cast<size_t>(got));
  }
  if (!from_stdin) ::close(fd);
  return text;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "%s\n", auction::FormatErrorJson(status).c_str());
  switch (status.code()) {
    case StatusCode::kIoError:
    case StatusCode::kInternal:
    case StatusCode::kVerificationFailed:  // the draw does not verify
    case StatusCode::kResourceExhausted:   // the session's notional does not fit
      return 1;
    default:
      return 2;
  }
}

int RunAuction(const std::string& path) {
  auto text = ReadInput(path);
  if (!text.ok()) return Fail(text.status());
  auto input = auction::ParseReplayInput(*text);
  if (!input.ok()) return Fail(input.status());
  text->clear();
  text->shrink_to_fit();
  auto checks = auction::VerifyReplayInputs(*input);
  if (!checks.ok()) return Fail(checks.status());
  auto result = auction::Clear(input->orders, input->pair, input->session);
  if (!result.ok()) return Fail(result.status());
  if (!auction::WriteReplayOutput(*input, *checks, *result, stdout)) {
    return Fail(Status::IoError("output", "cannot write standard output"));
  }
  return 0;
}

}  // namespace

void AddAuctionCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "auction", "Verify and clear one session's batch (JSON in, JSON out): the replay");
  static std::string input_path;
  cmd->add_option("--input", input_path, "The session as JSON (docs/auction.md); - for stdin")
      ->required();
  cmd->callback([&exit_code] { exit_code = RunAuction(input_path); });
}

}  // namespace phantompool::cli
