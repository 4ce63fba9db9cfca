// The pair lease on SQLite: the embedded default runs one server, so a lock in this process,
// keyed by the database file, is the whole story (docs/executor.md, "One coordinator per
// pair").
#include <filesystem>
#include <mutex>
#include <set>

#include "sqlite/sqlite_db.h"

namespace phantompool::store::internal {
namespace {

using LeaseKey = std::pair<std::string, int64_t>;

std::mutex& LeaseMutex() {
  static std::mutex mu;
  return mu;
}

std::set<LeaseKey>& Leases() {
  static std::set<LeaseKey> held;
  return held;
}

class SqliteLease final : public PairLease {
 public:
  explicit SqliteLease(LeaseKey key) : key_(std::move(key)) {}
  ~SqliteLease() override {
    std::lock_guard<std::mutex> lock(LeaseMutex());
    Leases().erase(key_);
  }
  int64_t pair_id() const override { return key_.second; }
  Status Check() override { return Status::Ok(); }

 private:
  LeaseKey key_;
};

}  // namespace

Result<std::unique_ptr<PairLease>> SqliteDb::TryLeasePair(int64_t pair_id) {
  std::error_code ec;
  std::filesystem::path file = std::filesystem::weakly_canonical(path_, ec);
  LeaseKey key{ec ? path_ : file.string(), pair_id};
  std::lock_guard<std::mutex> lock(LeaseMutex());
  if (!Leases().insert(key).second) {
    return Status::Conflict("trading_pairs.id", "pair " + std::to_string(pair_id) +
                                                    " is leased by another coordinator");
  }
  return std::unique_ptr<PairLease>(new SqliteLease(std::move(key)));
}

}  // namespace phantompool::store::internal
