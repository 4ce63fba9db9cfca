// PgDb::GrantLogin: a direct database login for a trader, an auditor or an executor, or the
// server's request login (docs/store.md, "Logins"). The password never travels in the clear:
// libpq turns it into a SCRAM-SHA-256 verifier here (what pg_authid stores anyway), and the
// verifier is what CREATE ROLE receives, so no server log can hold the password.
#include <libpq-fe.h>

#include <memory>

#include "postgres/pg_db.h"

namespace phantompool::store::internal {
namespace {

Result<std::string> ScramVerifier(const std::string& url, const std::string& login,
                                  const std::string& password) {
  PP_ASSIGN_OR_RETURN(std::unique_ptr<PgConn> conn, PgConn::Open(url));
  char* v = PQencryptPasswordConn(conn->raw(), password.c_str(), login.c_str(), "scram-sha-256");
  if (v == nullptr) return Status::Internal("password", "libpq could not compute the verifier");
  std::string verifier(v);
  PQfreemem(v);
  // "SCRAM-SHA-256$<iterations>:<salt>$<stored key>:<server key>", base64 parts: nothing
  // that could end a literal; checked anyway, since it is written into the statement.
  for (char c : verifier) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/' || c == '=' || c == '$' || c == ':' || c == '-';
    if (!ok) return Status::Internal("password", "unexpected character in the verifier");
  }
  return verifier;
}

}  // namespace

Status PgDb::GrantLogin(const LoginGrant& g, int64_t now) {
  PP_ASSIGN_OR_RETURN(std::string verifier, ScramVerifier(url_, g.login, g.password));
  return Run(nullptr, Access::kWrite, [&](SqlTx& tx) -> Status {
    if (g.role == Role::kTrader || g.role == Role::kExecutor) {
      const char* table = g.role == Role::kTrader ? "users" : "executor_nodes";
      PP_ASSIGN_OR_RETURN(
          SqlResult r, tx.Query(std::string("SELECT 1 AS present FROM ") + table + " WHERE id = $1",
                                {SqlValue::Int(g.id)}, table));
      if (r.empty()) return Status::NotFound("id", std::string("no such row in ") + table);
    }
    // The request login inherits nothing (RESET ROLE leaves it powerless) and may become any
    // of the four roles; a direct login is one role, inherited, read-only by its grants.
    const bool service = g.role == Role::kService;
    const std::string name = "\"" + g.login + "\"";  // validated: [a-z_][a-z0-9_]*
    PP_RETURN_IF_ERROR(tx.Script("CREATE ROLE " + name + " LOGIN " +
                                 (service ? "NOINHERIT" : "INHERIT") + " PASSWORD '" + verifier +
                                 "'"));
    PP_RETURN_IF_ERROR(
        tx.Script("GRANT " +
                  (service ? std::string("pp_trader, pp_auditor, pp_executor, pp_service")
                           : "pp_" + std::string(RoleName(g.role))) +
                  " TO " + name));
    // CONNECT was revoked from PUBLIC where this owner could (migration 002).
    PP_ASSIGN_OR_RETURN(SqlResult db, tx.Query("SELECT format('GRANT CONNECT ON DATABASE %I TO "
                                               "%I', current_database(), $1::text) AS sql, "
                                               "(SELECT datdba = (SELECT oid FROM pg_roles WHERE "
                                               "rolname = current_user) FROM pg_database "
                                               "WHERE datname = current_database()) AS owns",
                                               {SqlValue::Text(g.login)}, "pg_database"));
    RowReader row(db, 0);
    const std::string grant = row.Text("sql");
    const bool owns = row.Bool("owns");
    PP_RETURN_IF_ERROR(row.status());
    if (owns) PP_RETURN_IF_ERROR(tx.Script(grant));
    return tx
        .Query(R"sql(
        INSERT INTO db_logins (login, role, principal_id, created_at) VALUES ($1, $2, $3, $4))sql",
               {SqlValue::Text(g.login), SqlValue::Text(RoleName(g.role)),
                service || g.role == Role::kAuditor ? SqlValue::Null() : SqlValue::Int(g.id),
                SqlValue::Int(now)},
               "db_logins")
        .status();
  });
}

}  // namespace phantompool::store::internal
