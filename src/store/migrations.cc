#include "migrations.h"

#include <sodium.h>

#include "phantompool/common/hex.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::store::internal {
namespace {

std::string Checksum(std::string_view sql) {
  crypto::EnsureSodium();
  uint8_t out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const uint8_t*>(sql.data()), sql.size());
  return ToHex(out);
}

void EnsureTable(SqlTx& tx) {
  tx.Script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
}

}  // namespace

int RecordedSchemaVersion(SqlTx& tx) {
  // Read-only (backups run in a read-only snapshot): an unmigrated database has no table.
  const char* probe = tx.backend() == Backend::kPostgres
                          ? "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                            "AND tablename = 'schema_migrations'"
                          : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                            "'schema_migrations'";
  if (tx.Query(probe, {}, "schema_migrations").Row(0).Int(0) == 0) return 0;
  SqlResult r =
      tx.Query("SELECT coalesce(max(version), 0) FROM schema_migrations", {}, "schema_migrations");
  return static_cast<int>(r.Row(0).Int(0));
}

void ApplyMigrations(SqlTx& tx, std::span<const Migration> all, int64_t now) {
  EnsureTable(tx);
  SqlResult done = tx.Query("SELECT version, checksum FROM schema_migrations ORDER BY version", {},
                            "schema_migrations");
  size_t applied = 0;
  for (size_t i = 0; i < done.size(); ++i) {
    const int v = static_cast<int>(done.Row(i).Int(0));
    if (i >= all.size() || all[i].version != v) {
      Fail(Status::Corruption(
          "schema_migrations.version",
          "database has migration " + std::to_string(v) + " this build does not know"));
    }
    if (done.Row(i).Text(1) != Checksum(all[i].sql)) {
      Fail(Status::Corruption("schema_migrations.checksum",
                              "migration " + std::to_string(v) + " differs from the one applied"));
    }
    ++applied;
  }
  for (size_t i = applied; i < all.size(); ++i) {
    tx.Script(all[i].sql);
    tx.Query(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, "
        "$4)",
        {SqlValue::Int(all[i].version), SqlValue::Text(all[i].name),
         SqlValue::Text(Checksum(all[i].sql)), SqlValue::Int(now)},
        "schema_migrations");
  }
}

}  // namespace phantompool::store::internal
