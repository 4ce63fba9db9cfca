// phantompool auction --input FILE (or - for stdin): verifies one session's draw, clears its
// batch and prints the result.
//
// This is the auditor's replay: the same input gives the same bytes on every machine
// (docs/auction.md, "Replay"). Exit 0 with the result JSON on stdout. Exit 2 with a JSON
// error on stderr naming the field when the input is invalid. Exit 1 when the input cannot
// be read (a directory, a read error), when the draw does not verify, or when the batch is
// valid but its notional exceeds what a session can settle.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "commands.h"
#include "phantompool/auction/clear.h"
#include "phantompool/auction/replay_json.h"

namespace phantompool::cli {
namespace {

// The whole input, read with plain system calls so that every failure (a directory, a
// device that fails to read) is an I/O error and never reaches the parser as "not JSON". A
// regular file is mapped rather than copied: a million-order session is 200 MB.
class Input {
 public:
  ~Input() {
    if (mapped_ != nullptr) ::munmap(mapped_, size_);
  }
  std::string_view text() const {
    return mapped_ != nullptr ? std::string_view(static_cast<const char*>(mapped_), size_)
                              : std::string_view(copy_);
  }
  void Release() {
    if (mapped_ != nullptr) ::munmap(mapped_, size_);
    mapped_ = nullptr;
    copy_.clear();
    copy_.shrink_to_fit();
  }

  Status Read(const std::string& path) {
    const bool from_stdin = path == "-";
    const std::string name = from_stdin ? "standard input" : path;
    const int fd = from_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return Status::IoError("input", "cannot open " + name + ": " + std::strerror(errno));
    Status s = ReadFd(fd, name);
    if (!from_stdin) ::close(fd);
    return s;
  }

 private:
  Status ReadFd(int fd, const std::string& name) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      return Status::IoError("input", "cannot stat " + name + ": " + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return Status::IoError("input", name + " is a directory");
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        mapped_ = p;
        size_ = static_cast<size_t>(st.st_size);
        return Status::Ok();
      }
    }
    char buf[1 << 16];
    while (true) {
      const ssize_t got = ::read(fd, buf, sizeof buf);
      if (got == 0) return Status::Ok();
      if (got < 0) {
        if (errno == EINTR) continue;
        return Status::IoError("input", "cannot read " + name + ": " + std::strerror(errno));
      }
      copy_.append(buf, static_cast<size_t>(got));
    }
  }

  void* mapped_ = nullptr;
  size_t size_ = 0;
  std::string copy_;
};

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
  Input file;
  if (Status s = file.Read(path); !s.ok()) return Fail(s);
  auto input = auction::ParseReplayInput(file.text());
  if (!input.ok()) return Fail(input.status());
  file.Release();
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
