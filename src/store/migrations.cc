#include "migrations.h"

#include <sodium.h>

#include "pair_rows.h"
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

}  // namespace

Result<int> RecordedSchemaVersion(SqlTx& tx) {
  // Read-only (backups run in a read-only snapshot): an unmigrated database has no table.
  const char* probe = tx.backend() == Backend::kPostgres
                          ? "SELECT count(*) AS n FROM pg_tables WHERE schemaname = "
                            "current_schema() AND tablename = 'schema_migrations'"
                          : "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND "
                            "name = 'schema_migrations'";
  PP_ASSIGN_OR_RETURN(SqlResult p, tx.Query(probe, {}, "schema_migrations"));
  RowReader pr(p, 0);
  if (pr.Int("n") == 0) return pr.status().ok() ? Result<int>(0) : Result<int>(pr.status());
  PP_ASSIGN_OR_RETURN(SqlResult r,
                      tx.Query("SELECT coalesce(max(version), 0) AS v FROM schema_migrations", {},
                               "schema_migrations"));
  RowReader rr(r, 0);
  const int v = static_cast<int>(rr.Int("v"));
  PP_RETURN_IF_ERROR(rr.status());
  return v;
}

Status ApplyMigrations(SqlTx& tx, std::span<const Migration> all, int64_t now) {
  PP_RETURN_IF_ERROR(
      tx.Script("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
  PP_ASSIGN_OR_RETURN(SqlResult done,
                      tx.Query("SELECT version, checksum FROM schema_migrations ORDER BY version",
                               {}, "schema_migrations"));
  size_t applied = 0;
  for (size_t i = 0; i < done.size(); ++i) {
    RowReader row(done, i);
    const int v = static_cast<int>(row.Int("version"));
    const std::string checksum = row.Text("checksum");
    PP_RETURN_IF_ERROR(row.status());
    if (i >= all.size() || all[i].version != v) {
      return Status::Corruption(
          "schema_migrations.version",
          "database has migration " + std::to_string(v) + " this build does not know");
    }
    if (checksum != Checksum(all[i].sql)) {
      return Status::Corruption("schema_migrations.checksum",
                                "migration " + std::to_string(v) + " differs from the one applied");
    }
    ++applied;
  }
  for (size_t i = applied; i < all.size(); ++i) {
    PP_RETURN_IF_ERROR(tx.Script(all[i].sql));
    PP_RETURN_IF_ERROR(tx.Query(R"sql(
        INSERT INTO schema_migrations (version, name, checksum, applied_at)
        VALUES ($1, $2, $3, $4))sql",
                                {SqlValue::Int(all[i].version), SqlValue::Text(all[i].name),
                                 SqlValue::Text(Checksum(all[i].sql)), SqlValue::Int(now)},
                                "schema_migrations")
                           .status());
  }
  return SeedBuiltinPairs(tx, now);
}

}  // namespace phantompool::store::internal
