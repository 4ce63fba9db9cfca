// phantompool migrate --db URL: applies every migration the database has not recorded.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "phantompool/store/store.h"

namespace phantompool::cli {

// Prints a Status as the JSON error every subcommand uses and returns its exit code.
int ReportStoreError(const Status& s) {
  nlohmann::json j{{"error",
                    {{"code", std::string(StatusCodeName(s.code()))},
                     {"field", s.field()},
                     {"message", s.message()}}}};
  std::cerr << j.dump() << "\n";
  return s.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

void AddMigrateCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("migrate",
                                 "Create or upgrade the schema (sqlite:PATH or postgresql://...)");
  static std::string db_value = "sqlite:phantompool.db";
  auto* db = &db_value;
  cmd->add_option("--db", *db, "Database URL")->capture_default_str();
  cmd->callback([&exit_code, db] {
    auto store = store::OpenStore(*db);
    if (!store.ok()) {
      exit_code = ReportStoreError(store.status());
      return;
    }
    Status s = (*store)->Migrate();
    if (!s.ok()) {
      exit_code = ReportStoreError(s);
      return;
    }
    auto v = (*store)->SchemaVersion();
    if (!v.ok()) {
      exit_code = ReportStoreError(v.status());
      return;
    }
    std::cout << nlohmann::json{{"schema_version", *v}}.dump() << "\n";
    exit_code = 0;
  });
}

}  // namespace phantompool::cli
