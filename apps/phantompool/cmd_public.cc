// The public commands: anyone may ask (no key needed).
//
//   health                      liveness and readiness
//   pairs                       the pairs and their parameters (`pairs list --db`: operator)
//   market                      24 h statistics per pair
//   sessions --pair P [--limit N]
//   session  --id N [--verify]  with --verify: the session's draw re-checked from what the
//                               server publishes (session_verify.h)
#include <cstdlib>
#include <iostream>

#include "cli_output.h"
#include "commands.h"
#include "display.h"
#include "session_verify.h"
#include "trader_common.h"

namespace phantompool::cli {
namespace {

using api::json;

std::string Opt(const std::optional<uint64_t>& v, const order::PairFields* p) {
  if (!v) return "-";
  return p != nullptr ? FormatPrice(*p, *v) : std::to_string(*v);
}

// A scalar JSON value for a table cell.
std::string Cell(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return "-";
  const json& v = j[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

Status Health(const TraderOptions& o) {
  PP_ASSIGN_OR_RETURN(Connection c, Connect(o, false, false));
  PP_ASSIGN_OR_RETURN(json h, c.client->Health());
  if (o.json) {
    std::cout << h.dump() << "\n";
    return Status::Ok();
  }
  if (!h.is_object()) {
    std::cout << h.dump() << "\n";
    return Status::Ok();
  }
  Table t({"check", "value"});
  for (const auto& [k, v] : h.items()) t.Add({k, v.is_string() ? v.get<std::string>() : v.dump()});
  t.Print(std::cout);
  return Status::Ok();
}

Status Pairs(const TraderOptions& o) {
  PP_ASSIGN_OR_RETURN(Connection c, Connect(o, false, false));
  PP_ASSIGN_OR_RETURN(auto pairs, c.client->Pairs());
  if (o.json) {
    json j = json::array();
    for (const auto& p : pairs) j.push_back(api::ToJson(p));
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  Table t({"id", "symbol", "lot", "tick", "prices", "sizes (lots)", "fee_bps", "batch", "active"});
  for (const auto& p : pairs) {
    const auto& f = p.fields;
    t.Add({std::to_string(p.id), f.symbol, FormatLots(f, 1), FormatPrice(f, f.tick_size),
           FormatPrice(f, f.min_price) + " .. " + FormatPrice(f, f.max_price),
           std::to_string(f.min_order_size) + " .. " + std::to_string(f.max_order_size),
           std::to_string(f.fee_bps),
           std::to_string(f.batch_period_ms) + " ms / " + std::to_string(f.batch_max_orders),
           p.is_active ? "yes" : "no"});
  }
  t.Print(std::cout);
  return Status::Ok();
}

Status Market(const TraderOptions& o) {
  PP_ASSIGN_OR_RETURN(Connection c, Connect(o, false, false));
  PP_ASSIGN_OR_RETURN(auto market, c.client->Market());
  if (o.json) {
    json j = json::array();
    for (const auto& m : market) j.push_back(api::ToJson(m));
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  PP_ASSIGN_OR_RETURN(auto pairs, c.client->Pairs());
  Table t({"pair", "last", "high_24h", "low_24h", "volume_24h", "quote_volume_24h", "sessions",
           "open buys", "open sells"});
  for (const auto& m : market) {
    const order::PairFields* p = nullptr;
    for (const auto& info : pairs) {
      if (info.id == m.trading_pair_id) p = &info.fields;
    }
    t.Add({m.symbol, Opt(m.last_price, p), Opt(m.high_24h, p), Opt(m.low_24h, p),
           p ? FormatLots(*p, m.volume_24h) : std::to_string(m.volume_24h),
           p ? FormatUnits(m.quote_volume_24h, p->quote_decimals) + " " + p->quote_token_name
             : std::to_string(m.quote_volume_24h),
           std::to_string(m.sessions_24h), std::to_string(m.active_buy_orders),
           std::to_string(m.active_sell_orders)});
  }
  t.Print(std::cout);
  return Status::Ok();
}

struct SessionsArgs {
  TraderOptions o;
  std::string pair;
  int32_t limit = 20;
};

Status Sessions(const SessionsArgs& a) {
  if (a.limit < 1 || a.limit > 500) return Status::InvalidArgument("--limit", "1..500");
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, false, false));
  PP_ASSIGN_OR_RETURN(json j, c.client->Sessions(a.pair, a.limit));
  if (a.o.json) {
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  if (!j.is_array()) return Status::InvalidArgument("sessions", "expected a JSON array");
  PP_ASSIGN_OR_RETURN(auto pairs, c.client->Pairs());
  const order::PairFields* p = nullptr;
  for (const auto& info : pairs) {
    if (info.fields.symbol == a.pair) p = &info.fields;
  }
  Table t({"id", "number", "status", "buys", "sells", "clearing_price", "rule", "volume", "settled",
           "failure"});
  for (const auto& s : j) {
    std::optional<uint64_t> price, volume;
    if (s.contains("clearing_price") && s["clearing_price"].is_number_unsigned()) {
      price = s["clearing_price"].get<uint64_t>();
    }
    if (s.contains("total_volume") && s["total_volume"].is_number_unsigned()) {
      volume = s["total_volume"].get<uint64_t>();
    }
    t.Add({Cell(s, "id"), Cell(s, "session_number"), Cell(s, "status"), Cell(s, "buy_orders_count"),
           Cell(s, "sell_orders_count"), Opt(price, p), Cell(s, "price_rule"),
           !volume ? "-"
           : p     ? FormatLots(*p, *volume)
                   : std::to_string(*volume),
           s.contains("settled_at") && s["settled_at"].is_number_integer()
               ? FormatMicros(s["settled_at"].get<int64_t>())
               : "-",
           Cell(s, "failure_reason")});
  }
  t.Print(std::cout);
  return Status::Ok();
}

struct SessionArgs {
  TraderOptions o;
  int64_t id = 0;
  bool verify = false;
};

Status Session(const SessionArgs& a) {
  if (a.id <= 0) return Status::InvalidArgument("--id", "must be a positive session id");
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, false, false));
  PP_ASSIGN_OR_RETURN(json s, c.client->Session(a.id));
  json draw;
  if (a.verify) {
    PP_ASSIGN_OR_RETURN(draw, VerifySessionDraw(*c.client, a.id));
  }
  if (a.o.json) {
    std::cout << (a.verify ? json{{"session", s}, {"verified", draw}} : s).dump() << "\n";
    return Status::Ok();
  }
  Table t({"field", "value"});
  if (s.is_object()) {
    for (const auto& [k, v] : s.items()) {
      t.Add({k, v.is_string() ? v.get<std::string>() : v.dump()});
    }
  }
  t.Print(std::cout);
  if (a.verify) {
    std::cout << "\nverified: batch digest " << draw["batch_digest"].get<std::string>()
              << "; chain: " << draw["chain"].get<std::string>() << "; seed "
              << draw["seed"].get<std::string>() << "; VRF "
              << draw["vrf_output"].get<std::string>() << ", combined from executors "
              << draw["executors_combined"].dump() << "\n";
    const json& c = draw["clearing"];
    std::cout << "clearing re-run on the " << c["orders"].dump() << " opened orders: price "
              << c["clearing_price"].dump() << " (" << c["price_rule"].get<std::string>() << "), "
              << c["volume"].dump() << " lots in " << c["trades"].dump()
              << " trades, as published\n";
  }
  return Status::Ok();
}

}  // namespace

void AddPublicCommands(CLI::App& app, int& exit_code) {
  static TraderOptions health;
  auto* h = app.add_subcommand("health", "The server's liveness and readiness");
  AddTraderOptions(h, health, false);
  h->callback([&exit_code] { exit_code = ReportStatus(Health(health)); });

  static TraderOptions pairs;
  auto* p = app.add_subcommand("pairs", "The trading pairs (`pairs list --db`: operator)");
  AddTraderOptions(p, pairs, false);
  p->require_subcommand(0, 1);
  AddPairsListCommand(p, exit_code);
  p->callback([&exit_code, p] {
    if (p->get_subcommands().empty()) exit_code = ReportStatus(Pairs(pairs));
  });

  static TraderOptions market;
  auto* m = app.add_subcommand("market", "24 h market statistics per pair");
  AddTraderOptions(m, market, false);
  m->callback([&exit_code] { exit_code = ReportStatus(Market(market)); });

  static SessionsArgs sessions;
  auto* ss = app.add_subcommand("sessions", "A pair's recent matching sessions");
  AddTraderOptions(ss, sessions.o, false);
  ss->add_option("--pair", sessions.pair, "Pair symbol, e.g. SOL/USDC")->required();
  ss->add_option("--limit", sessions.limit, "How many, newest first (1..500)")
      ->capture_default_str();
  ss->callback([&exit_code] { exit_code = ReportStatus(Sessions(sessions)); });

  static SessionArgs session;
  auto* s = app.add_subcommand("session", "One matching session");
  AddTraderOptions(s, session.o, false);
  s->add_option("--id", session.id, "The session id")->required();
  s->add_flag("--verify", session.verify,
              "Re-check the batch digest, the seed's chain and the VRF draw");
  s->callback([&exit_code] { exit_code = ReportStatus(Session(session)); });
}

}  // namespace phantompool::cli
