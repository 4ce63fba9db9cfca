// MarketData: pairs, market statistics, metrics and component health.
#pragma once

#include "store_context.h"

namespace phantompool::store::internal {

class MarketData {
 public:
  explicit MarketData(StoreContext& ctx) : ctx_(ctx) {}

  Result<std::vector<TradingPair>> Pairs(const Principal& p);
  Result<std::vector<MarketOverviewRow>> Overview(const Principal& p);
  Status RecordMetric(const Principal& p, const MetricSample& m);
  Result<std::vector<MetricRow>> Metrics(const Principal& p, std::string_view name, int64_t since,
                                         int32_t limit);
  Status UpdateHealth(const Principal& p, const HealthUpdate& h);
  Result<std::vector<SystemHealthRow>> Health(const Principal& p);

 private:
  StoreContext& ctx_;
};

}  // namespace phantompool::store::internal
