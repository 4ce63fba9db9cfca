#include "sqlite/sqlite_conn.h"

#include <cstdlib>

namespace phantompool::store::internal {
namespace {

// "UNIQUE constraint failed: encrypted_orders.user_id, encrypted_orders.nonce" -> the last
// column named; "CHECK constraint failed: users__risk_score__ck" -> "users.risk_score".
std::string FieldFromMessage(std::string_view msg, std::string_view table) {
  const size_t colon = msg.find(": ");
  if (colon == std::string_view::npos) return std::string(table);
  std::string_view rest = msg.substr(colon + 2);
  const size_t comma = rest.rfind(", ");
  if (comma != std::string_view::npos) rest = rest.substr(comma + 2);
  return ConstraintField(rest);
}

}  // namespace

Result<std::unique_ptr<SqliteConn>> SqliteConn::Open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Unavailable("db", "cannot open SQLite database: " + why);
  }
  std::unique_ptr<SqliteConn> conn(new SqliteConn(db));
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  PP_RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode = WAL"));
  PP_RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys = ON"));
  PP_RETURN_IF_ERROR(conn->Exec("PRAGMA synchronous = FULL"));
  return conn;
}

SqliteConn::~SqliteConn() {
  for (auto& [sql, p] : cache_) sqlite3_finalize(p.stmt);
  sqlite3_close(db_);
}

Status SqliteConn::Error(int rc, std::string_view table) const {
  const std::string msg = sqlite3_errmsg(db_);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status::AlreadyExists(FieldFromMessage(msg, table), "already exists");
    case SQLITE_CONSTRAINT_CHECK:
      return Status::InvalidArgument(FieldFromMessage(msg, table), "violates a check constraint");
    case SQLITE_CONSTRAINT_NOTNULL:
      return Status::InvalidArgument(FieldFromMessage(msg, table), "must not be null");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Status::NotFound(std::string(table), "refers to a row that does not exist");
    case SQLITE_BUSY:
    case SQLITE_BUSY_SNAPSHOT:
    case SQLITE_LOCKED:
      return Status::Conflict(std::string(table), "database is busy");
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return Status::IoError(std::string(table), msg);
    case SQLITE_CORRUPT:
      return Status::Corruption(std::string(table), msg);
    default:
      if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        return Status::InvalidArgument(FieldFromMessage(msg, table), "violates a constraint");
      }
      return Status::Internal(std::string(table), "SQLite: " + msg);
  }
}

Result<const SqliteConn::Prepared*> SqliteConn::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return &it->second;
  Prepared p;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &p.stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "sql");
  // Parameters are written $1, $2, ... (PostgreSQL's syntax); SQLite treats them as names.
  const int n = sqlite3_bind_parameter_count(p.stmt);
  for (int i = 1; i <= n; ++i) {
    const char* name = sqlite3_bind_parameter_name(p.stmt, i);
    if (name == nullptr || name[0] != '$') continue;
    const long k = std::strtol(name + 1, nullptr, 10);
    if (k <= 0) continue;
    if (p.index_of.size() < static_cast<size_t>(k)) p.index_of.resize(static_cast<size_t>(k), 0);
    p.index_of[static_cast<size_t>(k - 1)] = i;
  }
  return &cache_.emplace(std::string(sql), p).first->second;
}

Status SqliteConn::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return Error(sqlite3_extended_errcode(db_), "sql");
  return Status::Ok();
}

Result<SqlResult> SqliteTx::Query(std::string_view sql, const Params& params,
                                  std::string_view table) {
  PP_ASSIGN_OR_RETURN(const SqliteConn::Prepared* prepared, conn_.Prepare(sql));
  sqlite3_stmt* stmt = prepared->stmt;
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{stmt};
  for (size_t i = 0; i < params.size(); ++i) {
    const int idx = i < prepared->index_of.size() ? prepared->index_of[i] : 0;
    if (idx == 0) continue;  // a parameter this statement does not use
    const SqlValue& v = params[i];
    int rc = SQLITE_OK;
    switch (v.kind) {
      case SqlValue::Kind::kNull:
        rc = sqlite3_bind_null(stmt, idx);
        break;
      case SqlValue::Kind::kInt:
        rc = sqlite3_bind_int64(stmt, idx, v.i);
        break;
      case SqlValue::Kind::kReal:
        rc = sqlite3_bind_double(stmt, idx, v.d);
        break;
      case SqlValue::Kind::kText:
        rc = sqlite3_bind_text(stmt, idx, v.s.data(), static_cast<int>(v.s.size()), SQLITE_STATIC);
        break;
      case SqlValue::Kind::kBlob:
        rc = sqlite3_bind_blob(stmt, idx, v.s.data(), static_cast<int>(v.s.size()), SQLITE_STATIC);
        break;
    }
    if (rc != SQLITE_OK) return conn_.Error(rc, table);
  }
  SqlResult out;
  out.table = std::string(table);
  const int n = sqlite3_column_count(stmt);
  for (int c = 0; c < n; ++c) out.columns.emplace_back(sqlite3_column_name(stmt, c));
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return conn_.Error(sqlite3_extended_errcode(conn_.db()), table);
    std::vector<SqlValue> row(static_cast<size_t>(n));
    for (int c = 0; c < n; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER:
          row[c] = SqlValue::Int(sqlite3_column_int64(stmt, c));
          break;
        case SQLITE_FLOAT:
          row[c] = SqlValue::Real(sqlite3_column_double(stmt, c));
          break;
        case SQLITE_TEXT:
          row[c] = SqlValue::Text(
              std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                               static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
          break;
        case SQLITE_BLOB: {
          const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, c));
          row[c] = SqlValue::Blob({p, static_cast<size_t>(sqlite3_column_bytes(stmt, c))});
          break;
        }
        default:
          break;  // NULL
      }
    }
    out.rows.push_back(std::move(row));
  }
  out.affected = sqlite3_changes(conn_.db());
  return out;
}

}  // namespace phantompool::store::internal
