#include "backup.h"

#include <sodium.h>

#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "migrations.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

struct TableSpec {
  const char* name;
  const char* columns;  // comma separated
  const char* types;    // one letter per column: i int, t text, b blob, r real, o bool
  bool identity;        // has an identity id to advance after restore (PostgreSQL)
};

// Foreign-key order; rows in the order of the first column (the key). Column lists must
// match migrations/*/001_schema.sql, 005 and 008.
constexpr TableSpec kTables[] = {
    {"users",
     "id,wallet_address,public_key,username,kyc_status,trading_tier,max_order_size,"
     "daily_volume_limit,is_active,metadata,created_at,updated_at",
     "itbtttiiotii", true},
    {"trading_pairs",
     "id,symbol,base_token,quote_token,base_token_name,quote_token_name,base_decimals,"
     "quote_decimals,base_lot,quote_per_tick,tick_size,min_price,max_price,market_sell_collar,"
     "market_buy_collar,min_order_size,max_order_size,fee_bps,batch_period_ms,batch_max_orders,"
     "is_active,created_at",
     "itttttiiiiiiiiiiiiiioi", true},
    {"executor_nodes",
     "id,node_index,share_public_key,signing_key,endpoint_url,status,last_heartbeat,created_at,"
     "updated_at,key_epoch",
     "iibbttiiii", true},
    {"key_sets", "key_epoch,threshold,participants,joint_public_key,public_key_set,created_at",
     "iiibbi", false},
    {"matching_sessions",
     "id,trading_pair_id,session_number,status,buy_orders_count,sell_orders_count,"
     "clearing_price,total_volume,total_quote_volume,vrf_seed,vrf_output,vrf_proof,"
     "executor_assignments,failure_reason,created_at,settled_at,failed_at,batch_digest,"
     "previous_vrf_output,key_epoch,price_rule",
     "iiitiiiiibbbttiiibbit", true},
    {"encrypted_orders",
     "id,user_id,trading_pair_id,order_type,side,validity,expires_at,nonce,encrypted_order,"
     "obligation_token,obligation_commitment,status,min_fill_amount,filled_amount,"
     "remaining_amount,matching_session_id,created_at,updated_at",
     "iiitttibbtbtiiiiii", true},
    {"user_balances",
     "id,user_id,token,balance,balance_commitment,available_commitment,open_obligations,"
     "created_at,updated_at",
     "iitibbiii", true},
    {"balance_transfers", "id,user_id,token,kind,amount,reference,balance_after,created_at",
     "iittitii", true},
    {"trades",
     "id,matching_session_id,trading_pair_id,buy_order_id,sell_order_id,buyer_id,seller_id,"
     "amount,price,total_value,buyer_fee,seller_fee,created_at",
     "iiiiiiiiiiiii", true},
    {"threshold_operations",
     "id,matching_session_id,operation_type,required_shares,total_shares,shares_received,"
     "valid_shares,status,created_at,completed_at",
     "iitiiiitii", true},
    {"executor_responses",
     "id,threshold_operation_id,executor_node_id,share,proof,signature,is_valid,reason,created_at",
     "iiibbboti", true},
    {"quorum_responses",
     "id,matching_session_id,attempt,node_index,executor_node_id,asked,is_valid,combined,reason,"
     "latency_ms,response,created_at",
     "iiiiioootibi", true},
    {"order_openings", "order_id,matching_session_id,size,limit_price,min_fill,opening,created_at",
     "iiiiibi", false},
    {"session_orders", "matching_session_id,order_id", "ii", false},
    {"excluded_orders", "order_id,matching_session_id,reason,shared_point,created_at", "iitbi",
     false},
    {"cryptographic_proofs",
     "id,proof_type,order_id,matching_session_id,user_id,proof_data,public_inputs,created_at",
     "itiiibti", true},
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
constexpr int kBackupVersion = 2;

size_t ColumnCount(const TableSpec& t) {
  return std::string_view(t.types).size();
}

std::vector<std::string> ColumnNames(const TableSpec& t) {
  std::vector<std::string> out;
  std::string_view cols(t.columns);
  while (!cols.empty()) {
    const size_t comma = cols.find(',');
    out.emplace_back(cols.substr(0, comma));
    cols = comma == std::string_view::npos ? std::string_view() : cols.substr(comma + 1);
  }
  return out;
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

json CellToJson(RowReader& row, const std::string& column, char type) {
  if (row.IsNull(column)) return nullptr;
  switch (type) {
    case 'i':
      return row.Int(column);
    case 'r':
      return row.Real(column);
    case 'o':
      return row.Bool(column);
    case 'b':
      return ToHex(row.Blob(column));
    default:
      return row.Text(column);
  }
}

Result<SqlValue> JsonToCell(const json& v, char type, const std::string& field) {
  if (v.is_null()) return SqlValue::Null();
  switch (type) {
    case 'i':
      if (v.is_number_integer()) return SqlValue::Int(v.get<int64_t>());
      break;
    case 'r':
      if (v.is_number()) return SqlValue::Real(v.get<double>());
      break;
    case 'o':
      if (v.is_boolean()) return SqlValue::Bool(v.get<bool>());
      break;
    case 'b':
      if (v.is_string()) {
        PP_ASSIGN_OR_RETURN(Bytes bytes, ParseHex(v.get<std::string>(), field));
        return SqlValue::Blob(bytes);
      }
      break;
    default:
      if (v.is_string()) return SqlValue::Text(v.get<std::string>());
  }
  return Status::InvalidArgument(field, "wrong type in backup");
}

}  // namespace

Status WriteBackup(Db& db, std::ostream& out) {
  return db.Run(nullptr, Access::kSnapshot, [&](SqlTx& tx) -> Status {
    Digest digest;
    // A text cell that is not UTF-8 (SQLite stores whatever it is given) cannot go into a
    // JSON line unchanged; the backup refuses rather than alter it. nlohmann reports it by
    // exception, caught here where it is thrown.
    auto emit = [&](const json& j) -> Status {
      std::string line;
      try {
        line = j.dump();
      } catch (const json::exception&) {
        return Status::Corruption("backup", "a text cell is not valid UTF-8");
      }
      out << line << '\n';
      digest.Line(line);
      return Status::Ok();
    };
    PP_ASSIGN_OR_RETURN(int version, RecordedSchemaVersion(tx));
    PP_RETURN_IF_ERROR(
        emit({{"format", "phantompool-backup"},
              {"version", kBackupVersion},
              {"schema_version", version},
              {"source", tx.backend() == Backend::kPostgres ? "postgresql" : "sqlite"}}));
    int64_t rows = 0;
    for (const TableSpec& t : kTables) {
      const std::vector<std::string> names = ColumnNames(t);
      PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(std::string("SELECT ") + t.columns + " FROM " +
                                                    t.name + " ORDER BY " + names[0],
                                                {}, t.name));
      for (size_t i = 0; i < r.size(); ++i) {
        RowReader row(r, i);
        json cells = json::array();
        for (size_t c = 0; c < names.size(); ++c) {
          cells.push_back(CellToJson(row, names[c], t.types[c]));
        }
        PP_RETURN_IF_ERROR(row.status());
        PP_RETURN_IF_ERROR(emit({{"t", t.name}, {"r", std::move(cells)}}));
        ++rows;
      }
    }
    out << json{{"end", true}, {"rows", rows}, {"sha256", digest.Hex()}}.dump() << '\n';
    out.flush();
    if (!out) return Status::IoError("out", "cannot write the backup");
    return Status::Ok();
  });
}

Status RestoreBackup(Db& db, std::istream& in, const RestoreOptions& options) {
  return db.Run(nullptr, Access::kWrite, [&](SqlTx& tx) -> Status {
    in.clear();
    in.seekg(0);
    Digest digest;
    std::string line;
    if (!std::getline(in, line)) return Status::InvalidArgument("in", "empty backup");
    const json header = json::parse(line, nullptr, false);
    if (!header.is_object() || !header.contains("format") || !header["format"].is_string() ||
        header["format"].get<std::string>() != "phantompool-backup") {
      return Status::InvalidArgument("in.format", "not a PhantomPool backup");
    }
    if (!header.contains("version") || !header["version"].is_number_integer() ||
        header["version"].get<int64_t>() != kBackupVersion) {
      return Status::InvalidArgument("in.version", "unsupported backup version");
    }
    PP_ASSIGN_OR_RETURN(int target_version, RecordedSchemaVersion(tx));
    if (!header.contains("schema_version") || !header["schema_version"].is_number_integer() ||
        header["schema_version"].get<int64_t>() != target_version) {
      return Status::FailedPrecondition(
          "in.schema_version",
          "backup schema differs from the target's (migrate the target first)");
    }
    digest.Line(line);
    if (!options.force) {
      for (const char* t : kDataTables) {
        PP_ASSIGN_OR_RETURN(SqlResult r,
                            tx.Query(std::string("SELECT 1 FROM ") + t + " LIMIT 1", {}, t));
        if (!r.empty()) {
          return Status::FailedPrecondition(t, "target database is not empty (use --force)");
        }
      }
    }
    // Logins that name a user or an executor would name someone else in the restored data.
    PP_RETURN_IF_ERROR(
        tx.Query("DELETE FROM db_logins WHERE principal_id IS NOT NULL", {}, "db_logins").status());
    for (size_t i = std::size(kTables); i-- > 0;) {
      PP_RETURN_IF_ERROR(
          tx.Query(std::string("DELETE FROM ") + kTables[i].name, {}, kTables[i].name).status());
    }
    std::map<std::string, const TableSpec*, std::less<>> by_name;
    for (const TableSpec& t : kTables) by_name[t.name] = &t;
    int64_t rows = 0, line_no = 1;
    bool ended = false;
    while (std::getline(in, line)) {
      ++line_no;
      const std::string where = "in:" + std::to_string(line_no);
      const json j = json::parse(line, nullptr, false);
      if (!j.is_object()) return Status::InvalidArgument(where, "not a JSON object");
      if (j.contains("end")) {
        const bool counts =
            j.contains("rows") && j["rows"].is_number_integer() && j["rows"].get<int64_t>() == rows;
        const bool digest_ok = j.contains("sha256") && j["sha256"].is_string() &&
                               j["sha256"].get<std::string>() == digest.Hex();
        if (!counts || !digest_ok) {
          return Status::Corruption(where,
                                    "backup digest or row count does not match its contents");
        }
        ended = true;
        break;
      }
      digest.Line(line);
      const auto it = j.contains("t") && j["t"].is_string()
                          ? by_name.find(j["t"].get<std::string>())
                          : by_name.end();
      if (it == by_name.end() || !j.contains("r") || !j["r"].is_array() ||
          j["r"].size() != ColumnCount(*it->second)) {
        return Status::InvalidArgument(where, "unknown table or wrong column count");
      }
      const TableSpec& t = *it->second;
      Params params;
      std::string refs;
      for (size_t c = 0; c < ColumnCount(t); ++c) {
        PP_ASSIGN_OR_RETURN(SqlValue v, JsonToCell(j["r"][c], t.types[c], where));
        params.push_back(std::move(v));
        refs += (c ? ", $" : "$") + std::to_string(c + 1);
      }
      PP_RETURN_IF_ERROR(tx.Query(std::string("INSERT INTO ") + t.name + " (" + t.columns +
                                      ") VALUES (" + refs + ")",
                                  params, t.name)
                             .status());
      ++rows;
    }
    if (!ended) return Status::InvalidArgument("in", "backup is truncated (no end line)");
    if (tx.backend() == Backend::kPostgres) {
      for (const TableSpec& t : kTables) {
        if (!t.identity) continue;
        PP_RETURN_IF_ERROR(tx.Query(std::string("SELECT setval(pg_get_serial_sequence('") + t.name +
                                        "', 'id'), coalesce((SELECT max(id) FROM " + t.name +
                                        "), 0) + 1, false)",
                                    {}, t.name)
                               .status());
      }
    }
    return Status::Ok();
  });
}

}  // namespace phantompool::store::internal
