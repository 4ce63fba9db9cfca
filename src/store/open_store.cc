// OpenStore: picks the back end from the URL.
#include "phantompool/store/store.h"
#include "postgres/pg_store.h"
#include "sqlite/sqlite_store.h"

namespace phantompool::store {

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, StoreOptions options) {
  if (url.rfind("sqlite:", 0) == 0) {
    return internal::SqliteStore::Open(std::string(url.substr(7)), std::move(options));
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return internal::PgStore::Open(std::string(url), std::move(options));
  }
  return Status::InvalidArgument("db", "must be sqlite:PATH or postgresql://...");
}

}  // namespace phantompool::store
