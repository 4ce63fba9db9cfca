// The versioned migrations of both back ends, embedded in the binary at build time from
// src/store/migrations/<backend>/NNN_name.sql (see embed_sql.cmake), and the runner that
// applies the missing ones, records them in schema_migrations and seeds the built-in pairs.
#pragma once

#include <span>
#include <string_view>

#include "db/sql.h"

namespace phantompool::store::internal {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

std::span<const Migration> SqliteMigrations();
std::span<const Migration> PostgresMigrations();

// Applies, inside `tx`, every migration newer than the recorded ones, then inserts the
// built-in pairs trading_pairs lacks; refuses (Corruption) if an applied migration's
// recorded checksum differs from the embedded text.
Status ApplyMigrations(SqlTx& tx, std::span<const Migration> all, int64_t now);
// The highest recorded version, 0 for an empty database.
Result<int> RecordedSchemaVersion(SqlTx& tx);

}  // namespace phantompool::store::internal
