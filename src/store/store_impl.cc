#include "store_impl.h"

#include "backup.h"
#include "postgres/pg_db.h"
#include "sqlite/sqlite_db.h"
#include "validation.h"

namespace phantompool::store {
namespace internal {

StoreImpl::StoreImpl(std::unique_ptr<Db> db, StoreOptions options)
    : backend_(db->kind()), ctx_(std::move(db), std::move(options.clock)) {}

Status StoreImpl::Migrate() {
  return ctx_.db().Migrate(ctx_.Now());
}

Result<int> StoreImpl::SchemaVersion() {
  return ctx_.db().SchemaVersion();
}

Status StoreImpl::GrantLogin(const LoginGrant& grant) {
  PP_RETURN_IF_ERROR(ValidateLoginGrant(grant));
  return ctx_.db().GrantLogin(grant, ctx_.Now());
}

Status StoreImpl::Backup(std::ostream& out) {
  return WriteBackup(ctx_.db(), out);
}

Status StoreImpl::Restore(std::istream& in, const RestoreOptions& options) {
  Status s = RestoreBackup(ctx_.db(), in, options);
  ctx_.pairs().Clear();  // pair ids may mean other pairs now
  return s;
}

}  // namespace internal

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, StoreOptions options) {
  Result<std::unique_ptr<internal::Db>> db = Status::InvalidArgument("db", "unset");
  if (url.rfind("sqlite:", 0) == 0) {
    db = internal::SqliteDb::Open(std::string(url.substr(7)), options.pool_size);
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    db = internal::PgDb::Open(std::string(url), options.pool_size);
  } else {
    return Status::InvalidArgument("db", "must be sqlite:PATH or postgresql://...");
  }
  if (!db.ok()) return db.status();
  return std::unique_ptr<Store>(
      std::make_unique<internal::StoreImpl>(std::move(db).value(), std::move(options)));
}

}  // namespace phantompool::store
