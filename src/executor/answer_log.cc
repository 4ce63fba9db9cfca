#include "phantompool/executor/answer_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "phantompool/common/file_io.h"
#include "phantompool/common/hex.h"

namespace phantompool::executor {
namespace {

Result<Bytes32> Hex32(const nlohmann::json& v, const std::string& field) {
  if (!v.is_string()) return Status::Corruption(field, "not hex");
  auto bytes = ParseHexExact(v.get<std::string>(), 32, field);
  if (!bytes.ok()) return Status::Corruption(field, "not 32 bytes of hex");
  Bytes32 out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

}  // namespace

size_t AnswerLog::Hash::operator()(const Bytes32& b) const {
  size_t h;
  std::memcpy(&h, b.data(), sizeof h);  // R encodings are uniformly distributed
  return h;
}

Result<std::unique_ptr<AnswerLog>> AnswerLog::Open(const std::string& path) {
  std::unique_ptr<AnswerLog> log(new AnswerLog());
  const int probe = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (probe >= 0) {
    ::close(probe);
    PP_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, "answer_log", size_t{1} << 34));
    size_t line_no = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) break;  // torn last line: never answered
      const std::string line = text.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      const std::string field = "answer_log:" + std::to_string(line_no);
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) return Status::Corruption(field, "not a JSON object");
      if (j.contains("key_installed_ms")) {
        log->key_installed_ms_ = j["key_installed_ms"].get<int64_t>();
        continue;
      }
      if (!j.contains("pair") || !j.contains("session") || !j.contains("seed") ||
          !j.contains("at_ms") || !j.contains("released") || !j["released"].is_array()) {
        return Status::Corruption(field, "missing fields");
      }
      PairRecord& rec = log->pairs_[j["pair"].get<std::string>()];
      rec.last_session = j["session"].get<uint64_t>();
      PP_ASSIGN_OR_RETURN(rec.last_seed, Hex32(j["seed"], field + ".seed"));
      rec.last_answer_ms = j["at_ms"].get<int64_t>();
      rec.last_released.clear();
      for (const auto& r : j["released"]) {
        PP_ASSIGN_OR_RETURN(Bytes32 point, Hex32(r, field + ".released"));
        log->released_.insert(point);
        rec.last_released.push_back(point);
      }
      std::sort(rec.last_released.begin(), rec.last_released.end());
    }
  }
  log->fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log->fd_ < 0) {
    return Status::IoError("answer_log", "cannot open " + path + ": " + std::strerror(errno));
  }
  return log;
}

AnswerLog::~AnswerLog() {
  if (fd_ >= 0) ::close(fd_);
}

bool AnswerLog::Answered(const Bytes32& r) const {
  std::lock_guard<std::mutex> lock(mu_);
  return released_.count(r) != 0;
}

std::optional<PairRecord> AnswerLog::Pair(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pairs_.find(symbol);
  if (it == pairs_.end()) return std::nullopt;
  return it->second;
}

int64_t AnswerLog::key_installed_ms() const {
  std::lock_guard<std::mutex> lock(mu_);
  return key_installed_ms_;
}

size_t AnswerLog::answered() const {
  std::lock_guard<std::mutex> lock(mu_);
  return released_.size();
}

Status AnswerLog::Append(const std::string& line) {
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("answer_log", std::string("append: ") + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  if (::fdatasync(fd_) != 0) {
    return Status::IoError("answer_log", std::string("sync: ") + std::strerror(errno));
  }
  return Status::Ok();
}

Status AnswerLog::Record(const std::string& pair, uint64_t session_number, const Bytes32& seed,
                         int64_t now_ms, std::span<const Bytes32> released) {
  std::string line = "{\"pair\":" + nlohmann::json(pair).dump() +
                     ",\"session\":" + std::to_string(session_number) + ",\"seed\":\"" +
                     ToHex(seed) + "\",\"at_ms\":" + std::to_string(now_ms) + ",\"released\":[";
  line.reserve(line.size() + released.size() * 67 + 4);
  for (size_t i = 0; i < released.size(); ++i) {
    if (i) line.push_back(',');
    line.push_back('"');
    line += ToHex(released[i]);
    line.push_back('"');
  }
  line += "]}\n";
  std::lock_guard<std::mutex> lock(mu_);
  PP_RETURN_IF_ERROR(Append(line));
  PairRecord& rec = pairs_[pair];
  rec.last_session = session_number;
  rec.last_seed = seed;
  rec.last_answer_ms = now_ms;
  rec.last_released.assign(released.begin(), released.end());
  std::sort(rec.last_released.begin(), rec.last_released.end());
  released_.insert(released.begin(), released.end());
  return Status::Ok();
}

Status AnswerLog::RecordKeyInstalled(uint32_t key_epoch, int64_t now_ms) {
  const std::string line = "{\"key_installed_ms\":" + std::to_string(now_ms) +
                           ",\"key_epoch\":" + std::to_string(key_epoch) + "}\n";
  std::lock_guard<std::mutex> lock(mu_);
  PP_RETURN_IF_ERROR(Append(line));
  key_installed_ms_ = now_ms;
  return Status::Ok();
}

}  // namespace phantompool::executor
