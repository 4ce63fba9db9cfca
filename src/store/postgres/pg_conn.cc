#include "postgres/pg_conn.h"

#include <cstdio>

namespace phantompool::store::internal {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string Field(const PGresult* r, int code) {
  const char* v = r == nullptr ? nullptr : PQresultErrorField(r, code);
  return v == nullptr ? std::string() : std::string(v);
}

void Be32(Bytes& out, uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

Bytes ArrayHeader(uint32_t element_oid, size_t n, bool has_nulls) {
  Bytes out;
  Be32(out, n == 0 ? 0 : 1);  // dimensions
  Be32(out, has_nulls ? 1 : 0);
  Be32(out, element_oid);
  if (n != 0) {
    Be32(out, static_cast<uint32_t>(n));  // size of the dimension
    Be32(out, 1);                         // its lower bound
  }
  return out;
}

}  // namespace

Status PpCodeStatus(std::string_view code, std::string field, std::string why) {
  if (code == "PP400") return Status::InvalidArgument(std::move(field), std::move(why));
  if (code == "PP402") return Status::InsufficientFunds(std::move(field), std::move(why));
  if (code == "PP403") return Status::PermissionDenied(std::move(field), std::move(why));
  if (code == "PP404") return Status::NotFound(std::move(field), std::move(why));
  if (code == "PP409") return Status::Conflict(std::move(field), std::move(why));
  if (code == "PP410") return Status::AlreadyExists(std::move(field), std::move(why));
  if (code == "PP412") return Status::FailedPrecondition(std::move(field), std::move(why));
  return Status::Internal(std::move(field), std::move(why));
}

Result<std::unique_ptr<PgConn>> PgConn::Open(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return Status::Unavailable("db", "cannot connect to PostgreSQL");
  }
  return std::unique_ptr<PgConn>(new PgConn(conn));
}

PgConn::~PgConn() {
  PQfinish(conn_);
}

Status PgConn::Error(const PGresult* r, std::string_view table) const {
  if (PQstatus(conn_) != CONNECTION_OK)
    return Status::Unavailable("db", "PostgreSQL connection lost");
  const std::string state = Field(r, PG_DIAG_SQLSTATE);
  const std::string message = Field(r, PG_DIAG_MESSAGE_PRIMARY);
  if (state.size() == 5 && state.rfind("PP", 0) == 0) {  // our functions: "field: reason"
    const size_t sep = message.find(": ");
    if (sep == std::string::npos) return PpCodeStatus(state, std::string(table), message);
    return PpCodeStatus(state, message.substr(0, sep), message.substr(sep + 2));
  }
  const std::string constraint = ConstraintField(Field(r, PG_DIAG_CONSTRAINT_NAME));
  if (state == "23505") return Status::AlreadyExists(constraint, "already exists");
  if (state == "23514") return Status::InvalidArgument(constraint, "violates a check constraint");
  if (state == "23503") return Status::NotFound(constraint, "refers to a missing row");
  if (state == "23502")
    return Status::InvalidArgument(std::string(table), "a required column is null");
  if (state == "42710") return Status::AlreadyExists("login", "a role of that name exists");
  if (state == "42501") {
    const std::string t = Field(r, PG_DIAG_TABLE_NAME);
    return Status::PermissionDenied(t.empty() ? std::string(table) : t,
                                    "refused by the database's access rules: " + message);
  }
  if (state == "40001" || state == "40P01" || state == "55P03") {
    return Status::Conflict(std::string(table), "concurrent modification; retry");
  }
  if (state.rfind("22", 0) == 0) {
    return Status::InvalidArgument(std::string(table), "value out of range: " + message);
  }
  if (state.rfind("08", 0) == 0 || state.rfind("57", 0) == 0) {
    return Status::Unavailable("db", "PostgreSQL connection lost");
  }
  return Status::Internal(std::string(table), "PostgreSQL " + state + ": " + message);
}

Status PgConn::Exec(std::string_view sql, std::string_view table) {
  // PQexec runs every statement of the string; its result is the last one's, or the first
  // failure's (the rest are then skipped).
  PgResult r(PQexec(conn_, std::string(sql).c_str()));
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
  return Error(r.get(), table);
}

bool PgConn::Send(const PgStatement& statement) {
  const Params& params = statement.params;
  const size_t n = params.size();
  std::vector<std::string> text(n);
  std::vector<const char*> values(n, nullptr);
  std::vector<int> lengths(n, 0), formats(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const SqlValue& v = params[i];
    switch (v.kind) {
      case SqlValue::Kind::kNull:
        continue;
      case SqlValue::Kind::kInt:
        text[i] = std::to_string(v.i);
        break;
      case SqlValue::Kind::kReal: {
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%.17g", v.d);
        text[i] = buf;
        break;
      }
      case SqlValue::Kind::kText:
        text[i] = v.s;
        break;
      case SqlValue::Kind::kBlob:
        values[i] = v.s.data();
        lengths[i] = static_cast<int>(v.s.size());
        formats[i] = 1;  // binary: the bytes as they are
        continue;
    }
    values[i] = text[i].c_str();
    lengths[i] = static_cast<int>(text[i].size());
  }
  return PQsendQueryParams(conn_, statement.sql.c_str(), static_cast<int>(n), nullptr,
                           values.data(), lengths.data(), formats.data(), 0) == 1;
}

Result<SqlResult> PgConn::ToResult(const PGresult* r, std::string_view table) const {
  const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(r, table);
  SqlResult out;
  out.table = std::string(table);
  const char* affected = PQcmdTuples(const_cast<PGresult*>(r));
  out.affected = affected != nullptr && *affected != 0 ? std::atoll(affected) : 0;
  const int columns = PQnfields(r), rows = PQntuples(r);
  for (int c = 0; c < columns; ++c) out.columns.emplace_back(PQfname(r, c));
  out.rows.resize(static_cast<size_t>(rows));
  for (int row = 0; row < rows; ++row) {
    std::vector<SqlValue>& cells = out.rows[static_cast<size_t>(row)];
    cells.resize(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(r, row, c)) continue;
      cells[static_cast<size_t>(c)] = SqlValue::Text(
          std::string_view(PQgetvalue(r, row, c), static_cast<size_t>(PQgetlength(r, row, c))));
    }
  }
  return out;
}

Result<SqlResult> PgConn::Pipeline(const std::vector<PgStatement>& statements, size_t keep,
                                   std::string_view table) {
  if (PQenterPipelineMode(conn_) != 1) return Error(nullptr, table);
  bool sent = true;
  for (const PgStatement& s : statements) sent = sent && Send(s);
  sent = sent && PQpipelineSync(conn_) == 1;
  // Each statement's results end with a NULL; the pipeline ends with its sync result. After
  // a failure the server skips the rest (PGRES_PIPELINE_ABORTED) and an explicit
  // transaction stays open, aborted: the caller rolls it back.
  std::optional<Status> failure;
  PgResult kept;
  if (sent) {
    for (size_t i = 0; i < statements.size(); ++i) {
      PgResult r(PQgetResult(conn_));
      while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
      const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
      if (!failure && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        failure = Error(r.get(), i == keep ? table : std::string_view("transaction"));
      }
      if (i == keep) kept = std::move(r);
    }
    PgResult sync(PQgetResult(conn_));
    if (!failure && (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC)) {
      failure = Error(sync.get(), "transaction");
    }
  }
  PQexitPipelineMode(conn_);
  if (!sent) return Error(nullptr, table);
  if (failure) return *failure;
  return ToResult(kept.get(), table);
}

Bytes PgArray::Bytea(const std::vector<Bytes>& items) {
  Bytes out = ArrayHeader(17, items.size(), false);
  for (const Bytes& b : items) {
    Be32(out, static_cast<uint32_t>(b.size()));
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

Bytes PgArray::Int8(const std::vector<std::optional<int64_t>>& items) {
  bool nulls = false;
  for (const auto& v : items) nulls = nulls || !v;
  Bytes out = ArrayHeader(20, items.size(), nulls);
  for (const auto& v : items) {
    if (!v) {
      Be32(out, 0xffffffffu);  // -1: NULL
      continue;
    }
    Be32(out, 8);
    const uint64_t u = static_cast<uint64_t>(*v);
    Be32(out, static_cast<uint32_t>(u >> 32));
    Be32(out, static_cast<uint32_t>(u));
  }
  return out;
}

Bytes PgArray::Text(const std::vector<std::string>& items) {
  Bytes out = ArrayHeader(25, items.size(), false);
  for (const std::string& s : items) {
    Be32(out, static_cast<uint32_t>(s.size()));
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

}  // namespace phantompool::store::internal

namespace phantompool::store::internal {

Result<SqlResult> PgTx::Run(std::string_view sql, const Params& params, std::string_view table,
                            bool commit) {
  if (committed_) return Status::Internal("transaction", "a statement after QueryAndCommit");
  std::vector<PgStatement> statements;
  for (std::string& o : opening_) statements.push_back({std::move(o), {}});
  opening_.clear();
  statements.push_back({std::string(sql), params});
  const size_t keep = statements.size() - 1;
  if (commit) statements.push_back({"COMMIT", {}});
  PP_ASSIGN_OR_RETURN(SqlResult r, conn_.Pipeline(statements, keep, table));
  committed_ = commit;
  return r;
}

Result<SqlResult> PgTx::Query(std::string_view sql, const Params& params, std::string_view table) {
  return Run(sql, params, table, false);
}

Result<SqlResult> PgTx::QueryAndCommit(std::string_view sql, const Params& params,
                                       std::string_view table) {
  return Run(sql, params, table, true);
}

Status PgTx::Script(std::string_view sql) {
  if (committed_) return Status::Internal("transaction", "a statement after QueryAndCommit");
  // A script (a migration) has several statements: the simple protocol, after the opening.
  for (const std::string& o : opening_) PP_RETURN_IF_ERROR(conn_.Exec(o, "transaction"));
  opening_.clear();
  return conn_.Exec(sql, "migration");
}

}  // namespace phantompool::store::internal
