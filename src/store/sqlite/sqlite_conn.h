// A SQLite connection with a statement cache, and SqlTx over it.
#pragma once

#include <sqlite3.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "db/sql.h"

namespace phantompool::store::internal {

class SqliteConn {
 public:
  // Opens (creating) the file in WAL mode with foreign keys on, synchronous = FULL and a
  // busy timeout.
  static Result<std::unique_ptr<SqliteConn>> Open(const std::string& path);
  ~SqliteConn();
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  sqlite3* db() { return db_; }
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    // For parameter $n (n from 1), the statement's bind index, or 0 if it does not use it.
    std::vector<int> index_of;
  };
  Result<const Prepared*> Prepare(std::string_view sql);  // cached
  Status Exec(std::string_view sql);                      // no parameters, no rows
  // The Status for the connection's last error; `table` names the statement's table.
  Status Error(int rc, std::string_view table) const;

 private:
  explicit SqliteConn(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, Prepared, std::less<>> cache_;
};

class SqliteTx final : public SqlTx {
 public:
  explicit SqliteTx(SqliteConn& conn) : conn_(conn) {}
  Backend backend() const override { return Backend::kSqlite; }
  Result<SqlResult> Query(std::string_view sql, const Params& params,
                          std::string_view table) override;
  Status Script(std::string_view sql) override { return conn_.Exec(sql); }

 private:
  SqliteConn& conn_;
};

}  // namespace phantompool::store::internal
