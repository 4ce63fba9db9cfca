#include "pg_store.h"

#include <thread>

#include "../migrations.h"
#include "phantompool/common/hex.h"

namespace phantompool::store::internal {
namespace {

// The quoted name after `marker` in a server message, e.g. constraint "users__id__pk".
std::string QuotedAfter(std::string_view msg, std::string_view marker) {
  const size_t at = msg.find(marker);
  if (at == std::string_view::npos) return {};
  const size_t open = msg.find('"', at + marker.size());
  if (open == std::string_view::npos) return {};
  const size_t close = msg.find('"', open + 1);
  if (close == std::string_view::npos) return {};
  return std::string(msg.substr(open + 1, close - open - 1));
}

// First line of a server message, without the "ERROR:  " prefix.
std::string FirstLine(std::string_view msg) {
  if (msg.rfind("ERROR:", 0) == 0) msg.remove_prefix(6);
  while (!msg.empty() && msg.front() == ' ') msg.remove_prefix(1);
  return std::string(msg.substr(0, msg.find('\n')));
}

std::string ToPgText(const SqlValue& v) {
  switch (v.kind) {
    case SqlValue::Kind::kInt:
      return std::to_string(v.i);
    case SqlValue::Kind::kReal: {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.17g", v.d);
      return buf;
    }
    case SqlValue::Kind::kText:
      return v.s;
    case SqlValue::Kind::kBlob:
      return "\\x" + ToHex({reinterpret_cast<const uint8_t*>(v.s.data()), v.s.size()});
    case SqlValue::Kind::kNull:
      break;
  }
  return {};
}

// libpqxx 6.4 does not fill in sqlstate() for every exception class it throws; the class
// itself says which condition it was.
std::string StateOf(const pqxx::sql_error& e) {
  if (!e.sqlstate().empty()) return e.sqlstate();
  if (dynamic_cast<const pqxx::unique_violation*>(&e)) return "23505";
  if (dynamic_cast<const pqxx::check_violation*>(&e)) return "23514";
  if (dynamic_cast<const pqxx::foreign_key_violation*>(&e)) return "23503";
  if (dynamic_cast<const pqxx::not_null_violation*>(&e)) return "23502";
  if (dynamic_cast<const pqxx::insufficient_privilege*>(&e)) return "42501";
  if (dynamic_cast<const pqxx::deadlock_detected*>(&e)) return "40P01";
  if (dynamic_cast<const pqxx::serialization_failure*>(&e)) return "40001";
  if (dynamic_cast<const pqxx::data_exception*>(&e)) return "22000";
  return {};
}

}  // namespace

Status PgErrorStatus(const std::exception& e, std::string_view table) {
  if (const auto* se = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string state = StateOf(*se);
    const std::string line = FirstLine(se->what());
    if (state.size() == 5 && state.rfind("PP", 0) == 0) {  // our functions: "field: reason"
      const size_t sep = line.find(": ");
      const std::string field = sep == std::string::npos ? std::string(table) : line.substr(0, sep);
      const std::string why = sep == std::string::npos ? line : line.substr(sep + 2);
      if (state == "PP400") return Status::InvalidArgument(field, why);
      if (state == "PP402") return Status::InsufficientFunds(field, why);
      if (state == "PP404") return Status::NotFound(field, why);
      if (state == "PP409") return Status::Conflict(field, why);
      if (state == "PP410") return Status::AlreadyExists(field, why);
      if (state == "PP412") return Status::FailedPrecondition(field, why);
      return Status::Internal(field, why);
    }
    if (state == "23505")
      return Status::AlreadyExists(ConstraintField(QuotedAfter(line, "constraint")),
                                   "already exists");
    if (state == "23514") {
      return Status::InvalidArgument(ConstraintField(QuotedAfter(line, "constraint")),
                                     "violates a check constraint");
    }
    if (state == "23503")
      return Status::NotFound(ConstraintField(QuotedAfter(line, "constraint")),
                              "refers to a missing row");
    if (state == "23502")
      return Status::InvalidArgument(std::string(table), "a required column is null");
    if (state == "42501") {
      std::string what = QuotedAfter(line, "table");
      if (what.empty()) {
        const size_t f = line.find(" for ");
        what = f == std::string::npos ? std::string(table) : line.substr(f + 5);
      }
      return Status::PermissionDenied(what, "refused by the database's access rules");
    }
    if (state == "40001" || state == "40P01" || state == "55P03") {
      return Status::Conflict(std::string(table), "concurrent modification; retry");
    }
    if (state.rfind("22", 0) == 0)
      return Status::InvalidArgument(std::string(table), "value out of range: " + line);
    if (state.rfind("08", 0) == 0 || state.rfind("57", 0) == 0) {
      return Status::Unavailable("db", "PostgreSQL connection lost");
    }
    return Status::Internal(std::string(table), "PostgreSQL " + state);
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return Status::Unavailable("db", "cannot reach PostgreSQL");
  }
  return Status::Internal(std::string(table), std::string("unexpected: ") + e.what());
}

SqlResult PgTx::Query(std::string_view sql, const Params& params, std::string_view table) {
  std::vector<std::string> text(params.size());
  std::vector<const char*> ptrs(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].kind == SqlValue::Kind::kNull) continue;
    text[i] = ToPgText(params[i]);
    ptrs[i] = text[i].c_str();
  }
  pqxx::result r;
  try {
    r = tx_.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(ptrs));
  } catch (const std::exception& e) {
    Fail(PgErrorStatus(e, table));
  }
  SqlResult out;
  out.table = std::string(table);
  out.affected = static_cast<int64_t>(r.affected_rows());
  out.rows.reserve(r.size());
  for (const auto& row : r) {
    std::vector<SqlValue> cells(row.size());
    for (pqxx::row::size_type c = 0; c < row.size(); ++c) {
      if (!row[c].is_null())
        cells[c] = SqlValue::Text(std::string_view(row[c].c_str(), row[c].size()));
    }
    out.rows.push_back(std::move(cells));
  }
  return out;
}

void PgTx::Script(std::string_view sql) {
  try {
    tx_.exec(std::string(sql));
  } catch (const std::exception& e) {
    Fail(PgErrorStatus(e, "migration"));
  }
}

PgStore::PgStore(std::string url, StoreOptions options)
    : StoreCore(options), url_(std::move(url)), pool_(options.pool_size, [this] {
        try {
          return std::make_unique<pqxx::connection>(url_);
        } catch (const std::exception& e) {
          Fail(Status::Unavailable("db", "cannot connect to PostgreSQL"));
        }
      }) {}

Result<std::unique_ptr<Store>> PgStore::Open(const std::string& url, StoreOptions options) {
  std::unique_ptr<PgStore> store(new PgStore(url, std::move(options)));
  Status s = store->RunTx(nullptr, Access::kRead, [](SqlTx& tx) { tx.Query("SELECT 1", {}); });
  if (!s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

Status PgStore::RunTx(const Principal* p, Access access, const std::function<void(SqlTx&)>& fn) {
  // BEGIN, the role and the user go to the server in one round trip; libpqxx's own
  // transaction classes would spend one more on BEGIN alone.
  std::string begin =
      access == Access::kSnapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN";
  if (p) {
    begin += "; SET LOCAL ROLE pp_" + std::string(RoleName(p->role)) +
             "; SELECT set_config('phantompool.user_id', '" + std::to_string(p->user_id) +
             "', true)";
  }
  for (int attempt = 0;; ++attempt) {
    Status status;
    try {
      auto conn = pool_.Acquire();
      pqxx::nontransaction tx(*conn);
      bool open = false;
      try {
        tx.exec(begin);
        open = true;
        PgTx sql(tx);
        fn(sql);
        open = false;  // whatever COMMIT does, the transaction is over
        tx.exec("COMMIT");
        return Status::Ok();
      } catch (const StoreError& e) {
        status = e.status();
      } catch (const std::exception& e) {
        status = PgErrorStatus(e, "transaction");
      }
      if (open) {
        try {
          tx.exec("ROLLBACK");
        } catch (const std::exception&) {
          conn.MarkBroken();
        }
      }
      if (status.code() == StatusCode::kUnavailable) conn.MarkBroken();
    } catch (const StoreError& e) {
      status = e.status();
    } catch (const std::exception& e) {
      status = PgErrorStatus(e, "db");
    }
    // Deadlocks and serialization failures are retried; the transaction had no effect.
    if (status.code() != StatusCode::kConflict || attempt >= 4 ||
        status.field().find('.') != std::string::npos) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2 << attempt));
  }
}

Status PgStore::Migrate() {
  return RunTx(nullptr, Access::kWrite, [&](SqlTx& tx) {
    tx.Query("SELECT pg_advisory_xact_lock(7355608)", {});  // one migrator at a time
    ApplyMigrations(tx, PostgresMigrations(), Now());
  });
}

Result<int> PgStore::SchemaVersion() {
  int v = 0;
  PP_RETURN_IF_ERROR(
      RunTx(nullptr, Access::kWrite, [&](SqlTx& tx) { v = RecordedSchemaVersion(tx); }));
  return v;
}

Result<bool> PgStore::WaitForEvents(int64_t after_id, std::chrono::milliseconds timeout) {
  try {
    pqxx::connection listen(url_);
    struct Receiver : pqxx::notification_receiver {
      explicit Receiver(pqxx::connection_base& c) : pqxx::notification_receiver(c, "pp_outbox") {}
      void operator()(const std::string&, int) override { fired = true; }
      bool fired = false;
    } receiver(listen);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      // LISTEN is in place before this check, so no commit can slip between the two.
      int64_t newest = 0;
      {
        pqxx::read_transaction tx(listen);
        newest = tx.exec("SELECT outbox_seq FROM chain_head WHERE id = 1")[0][0].as<int64_t>();
      }
      if (newest > after_id) return true;
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::milliseconds(0)) return false;
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(left).count();
      listen.await_notification(static_cast<long>(us / 1000000), static_cast<long>(us % 1000000));
    }
  } catch (const std::exception& e) {
    return PgErrorStatus(e, "event_outbox");
  }
}

Result<int64_t> PgStore::RawCountAs(const Principal& p, const std::string& sql) {
  int64_t n = 0;
  PP_RETURN_IF_ERROR(RunTx(&p, Access::kWrite, [&](SqlTx& tx) {
    SqlResult r = tx.Query(sql, {}, "raw");
    n = r.empty() ? r.affected : r.Row(0).Int(0);
  }));
  return n;
}

}  // namespace phantompool::store::internal
