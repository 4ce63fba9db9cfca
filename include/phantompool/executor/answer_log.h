// AnswerLog: what an executor remembers of every decryption it took part in, in its own
// file — never the shared database, which the coordinator writes and an attacker who owns
// the coordinator could rewrite. It holds
//   - every KEM point R the executor has released a share for: releasing s_i·R again, for
//     any session, is refused (a good-till-cancelled order that carries into a later
//     session was opened at its first close, and the coordinator keeps that opening);
//   - per pair, the last session number answered, its VRF seed, when, and the R it
//     released: sessions only move forward, the pair's batch period is measured from the
//     executor's own clock, and the last session alone may be asked again (a coordinator
//     that crashed before recording the answers re-asks the very same draw);
//   - when the executor's current key share was installed (the first session's clock).
// Each answer is appended and fsynced before the response leaves the executor. A torn last
// line (a crash mid-append) was never answered and is dropped on open.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "phantompool/common/result.h"

namespace phantompool::executor {

using Bytes32 = std::array<uint8_t, 32>;

struct PairRecord {
  uint64_t last_session = 0;
  Bytes32 last_seed{};
  int64_t last_answer_ms = 0;
  std::vector<Bytes32> last_released;  // sorted
};

class AnswerLog {
 public:
  static Result<std::unique_ptr<AnswerLog>> Open(const std::string& path);
  ~AnswerLog();

  // True if a share for R was ever released.
  bool Answered(const Bytes32& r) const;
  std::optional<PairRecord> Pair(const std::string& symbol) const;
  // When the current key share was installed (0 if never).
  int64_t key_installed_ms() const;
  size_t answered() const;

  // Records one answer durably: the session and every R it released. Fails (IoError)
  // without changing the in-memory state if the write does not reach the disk.
  Status Record(const std::string& pair, uint64_t session_number, const Bytes32& seed,
                int64_t now_ms, std::span<const Bytes32> released);
  Status RecordKeyInstalled(uint32_t key_epoch, int64_t now_ms);

 private:
  struct Hash {
    size_t operator()(const Bytes32& b) const;
  };
  AnswerLog() = default;
  Status Append(const std::string& line);

  mutable std::mutex mu_;
  int fd_ = -1;
  std::unordered_set<Bytes32, Hash> released_;
  std::map<std::string, PairRecord> pairs_;
  int64_t key_installed_ms_ = 0;
};

}  // namespace phantompool::executor
