// Backup and restore: every table, in one consistent snapshot, as versioned JSON lines.
//
//   {"format":"phantompool-backup","version":1,"schema_version":4,"source":"postgresql"}
//   {"t":"users","r":[1,"9xQe...","<hex>",null,...]}          one line per row
//   {"end":true,"rows":123,"sha256":"<hex of every line before this one>"}
//
// Blobs are lower-case hex, booleans JSON booleans, JSON columns their text. The catalog
// below fixes the tables (in foreign-key order) and their columns, so the same file
// restores into either back end. Restore runs in one transaction, refuses a target that
// already holds data unless forced, checks the trailing digest before it commits, and
// leaves identity sequences past the restored ids.
#include <sodium.h>

#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>

#include "migrations.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/rng.h"
#include "store_core.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

struct TableSpec {
  const char* name;
  const char* columns;  // comma separated
  const char* types;    // one letter per column: i int, t text, b blob, r real, o bool
  bool identity;        // has an identity id to advance after restore (PostgreSQL)
};

constexpr TableSpec kTables[] = {
    {"users",
     "id,wallet_address,public_key,username,email,kyc_status,risk_score,trading_tier,max_order_"
     "size,"
     "daily_volume_limit,is_active,created_at,updated_at,last_login,metadata",
     "itbtttitiioiiit", true},
    {"trading_pairs",
     "id,symbol,base_token,quote_token,base_token_name,quote_token_name,base_decimals,"
     "quote_decimals,base_lot,quote_per_tick,base_scale,tick_size,min_price,max_price,collar_low,"
     "collar_price,min_order_size,max_order_size,is_active,created_at",
     "itttttiiiiiiiiiiiioi", true},
    {"market_stats",
     "id,trading_pair_id,last_price,volume_24h,high_24h,low_24h,price_change_bp,total_orders,"
     "active_buy_orders,active_sell_orders,total_sessions,updated_at",
     "iiiiiiiiiiii", true},
    {"executor_nodes",
     "id,node_index,share_public_key,signing_key,endpoint_url,status,last_heartbeat,"
     "total_requests,successful_requests,error_count,reputation,created_at,updated_at",
     "iibbttiiiiiii", true},
    {"matching_sessions",
     "id,trading_pair_id,session_number,status,buy_orders_count,sell_orders_count,"
     "clearing_price,total_volume,total_quote_volume,vrf_seed,vrf_output,vrf_proof,"
     "executor_assignments,created_at,settled_at",
     "iiitiiiiibbbtii", true},
    {"encrypted_orders",
     "id,user_id,trading_pair_id,order_type,side,validity,expires_at,format_version,ciphertexts,"
     "commitments,proof_bundle,signature,nonce,obligation_token,obligation_commitment,status,"
     "min_fill_amount,filled_amount,remaining_amount,matching_session_id,created_at,updated_at",
     "iiitttiibbbbbtbtiiiiii", true},
    {"user_balances",
     "id,user_id,token,balance,balance_commitment,locked_commitment,available_commitment,"
     "open_obligations,last_solvency_proof,created_at,updated_at",
     "iitibbbiiii", true},
    {"order_pools",
     "id,trading_pair_id,side,open_orders,waiting_orders,last_session_number,updated_at", "iitiiii",
     true},
    {"trades",
     "id,matching_session_id,trading_pair_id,buy_order_id,sell_order_id,buyer_id,seller_id,amount,"
     "price,"
     "total_value,buyer_fee,seller_fee,protocol_fee,settlement_status,created_at,settled_at",
     "iiiiiiiiiiiiitii", true},
    {"threshold_operations",
     "id,matching_session_id,operation_type,required_shares,total_shares,shares_received,"
     "valid_shares,status,created_at,completed_at",
     "iitiiiitii", true},
    {"executor_responses",
     "id,threshold_operation_id,executor_node_id,share,proof,signature,is_valid,reason,created_at",
     "iiibbboti", true},
    {"cryptographic_proofs",
     "id,proof_type,order_id,matching_session_id,user_id,proof_data,public_inputs,is_verified,"
     "created_at",
     "itiiibtoi", true},
    {"audit_log",
     "id,event_type,event_category,user_id,order_id,matching_session_id,event_data,risk_level,"
     "created_at,prev_hash,entry_hash",
     "ittiiittibb", false},
    {"event_outbox", "id,topic,event_type,user_id,trading_pair_id,payload,created_at", "ittiiti",
     false},
    {"chain_head", "id,audit_seq,audit_hash,outbox_seq", "iibi", false},
    {"system_metrics",
     "id,metric_name,metric_value,metric_unit,component,trading_pair_id,period_start,period_end,"
     "created_at",
     "itrttiiii", true},
    {"system_health",
     "id,component,status,health_score,response_time_ms,throughput,error_rate,details,last_check,"
     "updated_at",
     "ittiirrtii", true},
};
// Tables whose rows mean the database is in use (the rest hold migration seed data).
constexpr const char* kDataTables[] = {"users",        "encrypted_orders",  "audit_log",
                                       "event_outbox", "matching_sessions", "executor_nodes"};

size_t ColumnCount(const TableSpec& t) {
  return std::string_view(t.types).size();
}

class Digest {
 public:
  Digest() {
    crypto::EnsureSodium();
    crypto_hash_sha256_init(&st_);
  }
  void Line(const std::string& line) {
    crypto_hash_sha256_update(&st_, reinterpret_cast<const uint8_t*>(line.data()), line.size());
    crypto_hash_sha256_update(&st_, reinterpret_cast<const uint8_t*>("\n"), 1);
  }
  std::string Hex() {
    uint8_t out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st_, out);
    return ToHex(out);
  }

 private:
  crypto_hash_sha256_state st_;
};

json CellToJson(const SqlRow& row, size_t i, char type) {
  if (row.IsNull(i)) return nullptr;
  switch (type) {
    case 'i':
      return row.Int(i);
    case 'r':
      return row.Real(i);
    case 'o':
      return row.Bool(i);
    case 'b':
      return ToHex(row.Blob(i));
    default:
      return row.Text(i);
  }
}

SqlValue JsonToCell(const json& v, char type, const std::string& field) {
  if (v.is_null()) return SqlValue::Null();
  switch (type) {
    case 'i':
      if (!v.is_number_integer()) break;
      return SqlValue::Int(v.get<int64_t>());
    case 'r':
      if (!v.is_number()) break;
      return SqlValue::Real(v.get<double>());
    case 'o':
      if (!v.is_boolean()) break;
      return SqlValue::Bool(v.get<bool>());
    case 'b': {
      if (!v.is_string()) break;
      auto bytes = ParseHex(v.get<std::string>(), field);
      if (!bytes.ok()) Fail(bytes.status());
      return SqlValue::Blob(*bytes);
    }
    default:
      if (!v.is_string()) break;
      return SqlValue::Text(v.get<std::string>());
  }
  Fail(Status::InvalidArgument(field, "wrong type in backup"));
}

}  // namespace

Status StoreCore::Backup(std::ostream& out) {
  return RunTx(nullptr, Access::kSnapshot, [&](SqlTx& tx) {
    Digest digest;
    auto emit = [&](const json& j) {
      const std::string line = j.dump();
      out << line << '\n';
      digest.Line(line);
    };
    emit({{"format", "phantompool-backup"},
          {"version", 1},
          {"schema_version", RecordedSchemaVersion(tx)},
          {"source", backend() == Backend::kPostgres ? "postgresql" : "sqlite"}});
    int64_t rows = 0;
    for (const TableSpec& t : kTables) {
      SqlResult r = tx.Query(
          std::string("SELECT ") + t.columns + " FROM " + t.name + " ORDER BY id", {}, t.name);
      for (size_t i = 0; i < r.size(); ++i) {
        json cells = json::array();
        const SqlRow row = r.Row(i);
        for (size_t c = 0; c < ColumnCount(t); ++c) cells.push_back(CellToJson(row, c, t.types[c]));
        emit({{"t", t.name}, {"r", std::move(cells)}});
        ++rows;
      }
    }
    const std::string end = json{{"end", true}, {"rows", rows}, {"sha256", digest.Hex()}}.dump();
    out << end << '\n';
    out.flush();
    if (!out) Fail(Status::IoError("out", "cannot write the backup"));
  });
}

Status StoreCore::Restore(std::istream& in, const RestoreOptions& options) {
  return RunTx(nullptr, Access::kWrite, [&](SqlTx& tx) {
    Digest digest;
    std::string line;
    if (!std::getline(in, line)) Fail(Status::InvalidArgument("in", "empty backup"));
    const json header = json::parse(line, nullptr, false);
    if (!header.is_object() || header.value("format", "") != "phantompool-backup") {
      Fail(Status::InvalidArgument("in.format", "not a PhantomPool backup"));
    }
    if (header.value("version", 0) != 1)
      Fail(Status::InvalidArgument("in.version", "unsupported backup version"));
    const int target_version = RecordedSchemaVersion(tx);
    if (header.value("schema_version", -1) != target_version) {
      Fail(Status::FailedPrecondition(
          "in.schema_version",
          "backup schema differs from the target's (migrate the target first)"));
    }
    digest.Line(line);
    if (!options.force) {
      for (const char* t : kDataTables) {
        if (!tx.Query(std::string("SELECT 1 FROM ") + t + " LIMIT 1", {}, t).empty()) {
          Fail(Status::FailedPrecondition(std::string(t),
                                          "target database is not empty (use --force)"));
        }
      }
    }
    for (size_t i = std::size(kTables); i-- > 0;) {
      tx.Query(std::string("DELETE FROM ") + kTables[i].name, {}, kTables[i].name);
    }
    std::map<std::string, const TableSpec*> by_name;
    for (const TableSpec& t : kTables) by_name[t.name] = &t;
    int64_t rows = 0, line_no = 1;
    bool ended = false;
    while (std::getline(in, line)) {
      ++line_no;
      const std::string where = "in:" + std::to_string(line_no);
      const json j = json::parse(line, nullptr, false);
      if (!j.is_object()) Fail(Status::InvalidArgument(where, "not a JSON object"));
      if (j.contains("end")) {
        if (j.value("rows", int64_t{-1}) != rows || j.value("sha256", "") != digest.Hex()) {
          Fail(Status::Corruption(where, "backup digest or row count does not match its contents"));
        }
        ended = true;
        break;
      }
      digest.Line(line);
      auto it = by_name.find(j.value("t", ""));
      if (it == by_name.end() || !j.contains("r") || !j["r"].is_array() ||
          j["r"].size() != ColumnCount(*it->second)) {
        Fail(Status::InvalidArgument(where, "unknown table or wrong column count"));
      }
      const TableSpec& t = *it->second;
      Params params;
      std::string param_refs;
      for (size_t c = 0; c < ColumnCount(t); ++c) {
        params.push_back(JsonToCell(j["r"][c], t.types[c], where));
        if (c) param_refs += ", ";
        param_refs += '$';
        param_refs += std::to_string(c + 1);
      }
      tx.Query(
          std::string("INSERT INTO ") + t.name + " (" + t.columns + ") VALUES (" + param_refs + ")",
          params, t.name);
      ++rows;
    }
    if (!ended) Fail(Status::InvalidArgument("in", "backup is truncated (no end line)"));
    if (tx.backend() == Backend::kPostgres) {
      for (const TableSpec& t : kTables) {
        if (!t.identity) continue;
        tx.Query(std::string("SELECT setval(pg_get_serial_sequence('") + t.name + "', 'id'), " +
                     "coalesce((SELECT max(id) FROM " + t.name + "), 0) + 1, false)",
                 {}, t.name);
      }
    }
  });
}

}  // namespace phantompool::store::internal
