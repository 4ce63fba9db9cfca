#include "market_data.h"

#include <nlohmann/json.hpp>

#include "access.h"
#include "json_text.h"
#include "validation.h"

namespace phantompool::store::internal {

using nlohmann::json;

Result<std::vector<TradingPair>> MarketData::Pairs(const Principal& p) {
  std::vector<TradingPair> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(std::string("SELECT") + kPairColumns +
                                                  " FROM trading_pairs ORDER BY id",
                                              {}, "trading_pairs"));
    for (size_t i = 0; i < r.size(); ++i) {
      PP_ASSIGN_OR_RETURN(TradingPair pair, ReadPairRow(r, i));
      out.push_back(std::move(pair));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<MarketOverviewRow>> MarketData::Overview(const Principal& p) {
  std::vector<MarketOverviewRow> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT trading_pair_id, symbol, last_price, high_24h, low_24h, volume_24h,
               quote_volume_24h, sessions_24h, active_buy_orders, active_sell_orders
          FROM market_overview ORDER BY trading_pair_id)sql",
                                              {}, "market_overview"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      MarketOverviewRow m;
      m.trading_pair_id = row.Int("trading_pair_id");
      m.symbol = row.Text("symbol");
      m.last_price = row.OptAmount("last_price");
      m.high_24h = row.OptAmount("high_24h");
      m.low_24h = row.OptAmount("low_24h");
      m.volume_24h = row.Amount("volume_24h");
      m.quote_volume_24h = row.Amount("quote_volume_24h");
      m.sessions_24h = row.Int("sessions_24h");
      m.active_buy_orders = row.Int("active_buy_orders");
      m.active_sell_orders = row.Int("active_sell_orders");
      PP_RETURN_IF_ERROR(row.status());
      out.push_back(std::move(m));
    }
    return Status::Ok();
  }));
  return out;
}

Status MarketData::RecordMetric(const Principal& p, const MetricSample& m) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "system_metrics"));
  PP_RETURN_IF_ERROR(ValidateMetric(m));
  return ctx_.Write(p, [&](SqlTx& tx, Journal&, int64_t now) -> Status {
    return ctx_.procs().RecordMetric(tx, m, now);
  });
}

Result<std::vector<MetricRow>> MarketData::Metrics(const Principal& p, std::string_view name,
                                                   int64_t since, int32_t limit) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kAuditor, Role::kService}, "system_metrics"));
  PP_RETURN_IF_ERROR(ValidateLimit(limit, 10000, "limit"));
  std::vector<MetricRow> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(SqlResult r,
                        tx.Query(R"sql(
        SELECT id, metric_name, metric_value, metric_unit, component, trading_pair_id,
               period_start, period_end, created_at
          FROM system_metrics WHERE metric_name = $1 AND period_start >= $2
         ORDER BY period_start, id LIMIT $3)sql",
                                 {SqlValue::Text(name), SqlValue::Int(since), SqlValue::Int(limit)},
                                 "system_metrics"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      MetricRow m;
      m.id = row.Int("id");
      m.sample.name = row.Text("metric_name");
      m.sample.value = row.Real("metric_value");
      m.sample.unit = row.Text("metric_unit");
      m.sample.component = row.Text("component");
      m.sample.trading_pair_id = row.OptInt("trading_pair_id");
      m.sample.period_start = row.Int("period_start");
      m.sample.period_end = row.Int("period_end");
      m.created_at = row.Int("created_at");
      PP_RETURN_IF_ERROR(row.status());
      out.push_back(std::move(m));
    }
    return Status::Ok();
  }));
  return out;
}

Status MarketData::UpdateHealth(const Principal& p, const HealthUpdate& h) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "system_health"));
  PP_RETURN_IF_ERROR(ValidateHealth(h));
  return ctx_.Write(p, [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_RETURN_IF_ERROR(ctx_.procs().UpdateSystemHealth(tx, h, now));
    j.Add(Journal::Event{"system", "health", std::nullopt, std::nullopt,
                         JsonText(json{{"component", h.component}, {"status", Name(h.status)}})});
    return Status::Ok();
  });
}

Result<std::vector<SystemHealthRow>> MarketData::Health(const Principal& p) {
  std::vector<SystemHealthRow> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT component, status, health_score, response_time_ms, last_check, data_freshness
          FROM system_health_overview)sql",
                                              {}, "system_health_overview"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      SystemHealthRow h;
      h.component = row.Text("component");
      h.status = row.Enum<HealthStatus>("status", ParseHealthStatus);
      h.health_score = static_cast<int32_t>(row.Int("health_score"));
      if (auto v = row.OptInt("response_time_ms")) h.response_time_ms = static_cast<int32_t>(*v);
      h.last_check = row.Int("last_check");
      h.data_freshness = row.Text("data_freshness");
      PP_RETURN_IF_ERROR(row.status());
      out.push_back(std::move(h));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace phantompool::store::internal
