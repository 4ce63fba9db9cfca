// phantompool restore --in FILE --db URL [--force]: loads a backup into a migrated database.
// Refuses a target that already holds data unless --force is given.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "phantompool/store/store.h"

namespace phantompool::cli {

int ReportStoreError(const Status& s);

void AddRestoreCommand(CLI::App& app, int& exit_code) {
  auto* cmd =
      app.add_subcommand("restore", "Restore a backup file into a database (migrating it first)");
  static std::string db_value = "sqlite:phantompool.db";
  auto* db = &db_value;
  static std::string in_value;
  auto* in = &in_value;
  static bool force_value = false;
  auto* force = &force_value;
  cmd->add_option("--db", *db, "Database URL")->capture_default_str();
  cmd->add_option("--in", *in, "Backup file to read")->required();
  cmd->add_flag("--force", *force, "Replace the contents of a non-empty database");
  cmd->callback([&exit_code, db, in, force] {
    std::ifstream f(*in, std::ios::binary);
    if (!f) {
      exit_code = ReportStoreError(Status::InvalidArgument("in", "cannot open " + *in));
      return;
    }
    auto store = store::OpenStore(*db);
    if (!store.ok()) {
      exit_code = ReportStoreError(store.status());
      return;
    }
    Status s = (*store)->Migrate();
    if (s.ok()) s = (*store)->Restore(f, store::RestoreOptions{*force});
    if (!s.ok()) {
      exit_code = ReportStoreError(s);
      return;
    }
    std::cout << nlohmann::json{{"restored", *in}}.dump() << "\n";
    exit_code = 0;
  });
}

}  // namespace phantompool::cli
