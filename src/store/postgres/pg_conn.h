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

// One statement of a pipeline: its text and parameters.
struct PgStatement {
  std::string sql;
  Params params;
};

class PgConn {
 public:
  // Connects; the error never repeats the URL (it may hold a password).
  static Result<std::unique_ptr<PgConn>> Open(const std::string& url);
  ~PgConn();
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  PGconn* raw() { return conn_; }
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  bool in_transaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }
  // Statements without parameters, several at once (one round trip); results discarded.
  Status Exec(std::string_view sql, std::string_view table = "");
  // `statements` in one round trip (libpq's pipeline mode: the server runs them back to back)
  // and the result of statements[keep]. Blobs travel in binary. The first failure is the
  // outcome; the server skips the statements after it.
  Result<SqlResult> Pipeline(const std::vector<PgStatement>& statements, size_t keep,
                             std::string_view table);

 private:
  explicit PgConn(PGconn* conn) : conn_(conn) {}
  // The Status of a failed result (or of the connection, when there is no result).
  Status Error(const PGresult* r, std::string_view table) const;
  bool Send(const PgStatement& statement);
  Result<SqlResult> ToResult(const PGresult* r, std::string_view table) const;
  PGconn* conn_;
};

// A transaction on one connection. Its opening statements (BEGIN, the role, the principal)
// are not sent on their own: they go in the same round trip as its first statement, and its
// last statement can take the COMMIT along (QueryAndCommit). A batch of orders is therefore
// one round trip, begin to commit.
class PgTx final : public SqlTx {
 public:
  PgTx(PgConn& conn, std::vector<std::string> opening)
      : conn_(conn), opening_(std::move(opening)) {}
  Backend backend() const override { return Backend::kPostgres; }
  Result<SqlResult> Query(std::string_view sql, const Params& params,
                          std::string_view table) override;
  Status Script(std::string_view sql) override;
  Result<SqlResult> QueryAndCommit(std::string_view sql, const Params& params,
                                   std::string_view table) override;
  // Whether the opening statements went out (else there is nothing to commit or roll back).
  bool begun() const { return opening_.empty(); }
  // Whether QueryAndCommit committed the transaction (then the caller must not).
  bool committed() const { return committed_; }

 private:
  Result<SqlResult> Run(std::string_view sql, const Params& params, std::string_view table,
                        bool commit);
  PgConn& conn_;
  std::vector<std::string> opening_;  // emptied once sent
  bool committed_ = false;
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
