// The public commands: anyone may ask (no key needed).
//
//   health                      liveness and readiness
//   pairs                       the pairs and their parameters (`pairs list --db`: operator)
//   market                      24 h statistics per pair
//   sessions --pair P [--limit N]
//   session  --id N [--verify]  with --verify: the auditor's replay (cmd_auction.cc) of the
//                               session's published inputs, compared with what it settled
#include <cstdlib>
#include <iostream>

#include "cli_output.h"
#include "commands.h"
#include "display.h"
#include "phantompool/auction/clear.h"
#include "phantompool/auction/replay_json.h"
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
  if (a.limit < 1 || a.limit > 1000) return Status::InvalidArgument("--limit", "1..1000");
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, false, false));
  PP_ASSIGN_OR_RETURN(json j, c.client->Sessions(a.pair, a.limit));
  if (a.o.json) {
    std::cout << j.dump() << "\n";
    return Status::Ok();
  }
  // The server's session summaries; the columns it does not send show as "-".
  const json& list = j.is_object() && j.contains("sessions") ? j["sessions"] : j;
  if (!list.is_array()) return Status::InvalidArgument("sessions", "expected a JSON array");
  Table t({"id", "number", "status", "orders", "clearing_price", "volume", "trades", "settled"});
  for (const auto& s : list) {
    t.Add({Cell(s, "id"), Cell(s, "session_number"), Cell(s, "status"), Cell(s, "order_count"),
           Cell(s, "clearing_price"), Cell(s, "total_volume"), Cell(s, "trade_count"),
           s.contains("settled_at") && s["settled_at"].is_number_integer()
               ? FormatMicros(s["settled_at"].get<int64_t>())
               : "-"});
  }
  t.Print(std::cout);
  return Status::Ok();
}

struct SessionArgs {
  TraderOptions o;
  int64_t id = 0;
  bool verify = false;
};

// The replay input of a session, where the server publishes one: inline under "replay", or
// as the session's batch document (GET /v1/sessions/{id}/batch, which needs a key).
std::optional<json> FindReplayInput(const json& session, client::Client& c, bool keyed,
                                    int64_t id) {
  auto is_replay = [](const json& j) {
    return j.is_object() && j.contains("version") && j.contains("vrf") && j.contains("orders");
  };
  if (session.is_object() && session.contains("replay") && is_replay(session["replay"])) {
    return session["replay"];
  }
  if (keyed) {
    auto batch = c.SessionBatch(id);
    if (batch.ok() && is_replay(*batch)) return *batch;
    if (batch.ok() && batch->is_object() && batch->contains("replay") &&
        is_replay((*batch)["replay"])) {
      return (*batch)["replay"];
    }
  }
  return std::nullopt;
}

Result<json> Replay(const json& input, const json& session) {
  PP_ASSIGN_OR_RETURN(auction::ReplayInput in, auction::ParseReplayInput(input.dump()));
  PP_ASSIGN_OR_RETURN(auction::ReplayChecks checks, auction::VerifyReplayInputs(in));
  PP_ASSIGN_OR_RETURN(auction::AuctionResult r, auction::Clear(in.orders, in.pair, in.session));
  json out = {{"batch_digest", checks.batch_digest},
              {"seed", checks.seed},
              {"vrf_output", checks.vrf_output},
              {"clearing_price", r.clearing_price ? json(*r.clearing_price) : json(nullptr)},
              {"volume", r.volume},
              {"trades", r.trades.size()}};
  // What the server says the session settled at must be what the replay computes.
  if (session.is_object() && session.contains("clearing_price")) {
    const json& published = session["clearing_price"];
    const bool same = r.clearing_price ? published == json(*r.clearing_price) : published.is_null();
    if (!same) {
      return Status::VerificationFailed(
          "clearing_price", "published " + published.dump() + ", replay gives " +
                                (r.clearing_price ? std::to_string(*r.clearing_price) : "none"));
    }
  }
  if (session.is_object() && session.contains("total_volume") &&
      session["total_volume"].is_number_unsigned() &&
      session["total_volume"].get<uint64_t>() != r.volume) {
    return Status::VerificationFailed(
        "total_volume", "published " + session["total_volume"].dump() + ", replay gives " +
                            std::to_string(r.volume));
  }
  out["matches_published"] = true;
  return out;
}

Status Session(const SessionArgs& a) {
  if (a.id <= 0) return Status::InvalidArgument("--id", "must be a positive session id");
  const bool keyed = !a.o.key.empty() || std::getenv(kKeyEnv) != nullptr;
  PP_ASSIGN_OR_RETURN(Connection c, Connect(a.o, keyed && a.verify, keyed && a.verify));
  PP_ASSIGN_OR_RETURN(json s, c.client->Session(a.id));
  json out = {{"session", s}};
  if (a.verify) {
    auto input = FindReplayInput(s, *c.client, keyed, a.id);
    if (input) {
      PP_ASSIGN_OR_RETURN(json replay, Replay(*input, s));
      out["replay"] = replay;
    } else {
      out["replay"] = nullptr;
      std::cerr << "note: the server publishes no replay inputs for session " << a.id
                << ": shown, not verified\n";
    }
  }
  if (a.o.json) {
    std::cout << (a.verify ? out : s).dump() << "\n";
    return Status::Ok();
  }
  Table t({"field", "value"});
  if (s.is_object()) {
    for (const auto& [k, v] : s.items()) {
      if (v.is_array() || v.is_object()) {
        t.Add({k, "(" + std::to_string(v.size()) + " entries; --json shows them)"});
      } else {
        t.Add({k, v.is_string() ? v.get<std::string>() : v.dump()});
      }
    }
  }
  if (a.verify && out["replay"].is_object()) {
    t.Add({"replay", "verified: draw checked, batch re-cleared, " + out["replay"]["trades"].dump() +
                         " trades, the published figures match"});
  }
  t.Print(std::cout);
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
  ss->add_option("--limit", sessions.limit, "How many (1..1000)")->capture_default_str();
  ss->callback([&exit_code] { exit_code = ReportStatus(Sessions(sessions)); });

  static SessionArgs session;
  auto* s = app.add_subcommand("session", "One matching session");
  AddTraderOptions(s, session.o, true);
  s->add_option("--id", session.id, "The session id")->required();
  s->add_flag("--verify", session.verify,
              "Re-run the auditor's replay over the session's published inputs");
  s->callback([&exit_code] { exit_code = ReportStatus(Session(session)); });
}

}  // namespace phantompool::cli
