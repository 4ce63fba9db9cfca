// Backup and restore: every table, in one consistent snapshot, as versioned JSON lines.
//
//   {"format":"phantompool-backup","version":2,"schema_version":4,"source":"postgresql"}
//   {"t":"users","r":[1,"9xQe...","<hex>",null,...]}          one line per row
//   {"end":true,"rows":123,"sha256":"<hex of every line before this one>"}
//
// Blobs are lower-case hex, booleans JSON booleans, JSON columns their text. A fixed catalog
// (backup.cc) names the tables (in foreign-key order) and their columns, so the same file
// restores into either back end. db_logins is neither written nor restored: logins belong to
// a deployment. A restore drops the mappings of trader and executor logins (their ids would
// name other rows in the restored data); the service's and auditors' stay.
#pragma once

#include <iosfwd>

#include "db/db.h"

namespace phantompool::store::internal {

// Both run as the owner (the maintenance path).
Status WriteBackup(Db& db, std::ostream& out);
// One transaction: refuses a target that holds data unless forced, checks the trailing
// digest before it commits, and leaves identity sequences past the restored ids.
Status RestoreBackup(Db& db, std::istream& in, const RestoreOptions& options);

}  // namespace phantompool::store::internal
