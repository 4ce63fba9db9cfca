// One PostgreSQL connection over libpq, and SqlTx over it. libpq is a C library: every
// failure is a return value, mapped here to a Status naming the table and field (our
// functions raise SQLSTATE PPxxx with "table.field: reason", migration 003; a violated
// constraint is named <table>__<field>__<kind>). Byte strings travel in binary, never as hex.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>

#include "db/sql.h"

namespace phantompool::store::internal {

// The Status for one of our SQLSTATEs (PP400 ... PP500) with its field and reason.
Status PpCodeStatus(std::string_view code, std::string field, std::string why);

class PgConn {
 public:
  // Connects; the error never repeats the URL (it may hold a password).
  static Result<std::unique_ptr<PgConn>> Open(const std::string& url);
  ~PgConn();
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  PGconn* raw() { return conn_; }
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  // Statements without parameters, several at once (one round trip); results discarded.
  Status Exec(std::string_view sql, std::string_view table = "");
  // One statement with parameters; blobs are sent in binary.
  Result<SqlResult> Query(std::string_view sql, const Params& params, std::string_view table);

 private:
  explicit PgConn(PGconn* conn) : conn_(conn) {}
  // The Status of a failed result (or of the connection, when there is no result).
  Status Error(const PGresult* r, std::string_view table) const;
  PGconn* conn_;
};

class PgTx final : public SqlTx {
 public:
  explicit PgTx(PgConn& conn) : conn_(conn) {}
  Backend backend() const override { return Backend::kPostgres; }
  Result<SqlResult> Query(std::string_view sql, const Params& params,
                          std::string_view table) override {
    return conn_.Query(sql, params, table);
  }
  Status Script(std::string_view sql) override { return conn_.Exec(sql, "migration"); }

 private:
  PgConn& conn_;
};

// PostgreSQL's binary form of a one-dimensional array (what array_send writes), sent as a
// blob parameter cast to bytea[], bigint[] or text[]: many rows in one parameter, no hex.
class PgArray {
 public:
  static Bytes Bytea(const std::vector<Bytes>& items);
  static Bytes Int8(const std::vector<std::optional<int64_t>>& items);
  static Bytes Text(const std::vector<std::string>& items);
};

}  // namespace phantompool::store::internal
