// Users: registration, KYC and activity flags, profiles and trading statistics.
#pragma once

#include "store_context.h"

namespace phantompool::store::internal {

class Users {
 public:
  explicit Users(StoreContext& ctx) : ctx_(ctx) {}

  Result<int64_t> Create(const Principal& p, const NewUser& user);
  Result<User> Get(const Principal& p, int64_t user_id);
  Result<std::vector<User>> List(const Principal& p, int64_t after_id, int32_t limit);
  Status SetKycStatus(const Principal& p, int64_t user_id, KycStatus status);
  Status SetActive(const Principal& p, int64_t user_id, bool active);
  Result<UserTradingStats> TradingStats(const Principal& p, int64_t user_id);

 private:
  StoreContext& ctx_;
};

}  // namespace phantompool::store::internal
