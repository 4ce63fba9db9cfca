// phantompool backup --db URL --out FILE: a consistent snapshot of every table.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "phantompool/store/store.h"

namespace phantompool::cli {

int ReportStoreError(const Status& s);

void AddBackupCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("backup", "Write a consistent snapshot of the database to a file");
  static std::string db_value = "sqlite:phantompool.db";
  auto* db = &db_value;
  static std::string out_value;
  auto* out = &out_value;
  cmd->add_option("--db", *db, "Database URL")->capture_default_str();
  cmd->add_option("--out", *out, "Backup file to write")->required();
  cmd->callback([&exit_code, db, out] {
    auto store = store::OpenStore(*db);
    if (!store.ok()) {
      exit_code = ReportStoreError(store.status());
      return;
    }
    // Written to a temporary name first, so a failed backup never leaves a plausible file.
    const std::string tmp = *out + ".partial";
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) {
      exit_code = ReportStoreError(Status::IoError("out", "cannot open " + tmp));
      return;
    }
    Status s = (*store)->Backup(f);
    f.close();
    if (s.ok() && (!f || std::rename(tmp.c_str(), out->c_str()) != 0)) {
      s = Status::IoError("out", "cannot write " + *out);
    }
    if (!s.ok()) {
      std::remove(tmp.c_str());
      exit_code = ReportStoreError(s);
      return;
    }
    std::cout << nlohmann::json{{"backup", *out}}.dump() << "\n";
    exit_code = 0;
  });
}

}  // namespace phantompool::cli
