// phantompool audit verify --db URL: walks the hash-chained audit log end to end.
// Exit 0 when intact; 1 with the first broken link when not (or when the database fails).
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "phantompool/store/store.h"

namespace phantompool::cli {

int ReportStoreError(const Status& s);

void AddAuditCommand(CLI::App& app, int& exit_code) {
  auto* audit = app.add_subcommand("audit", "Audit log tools");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Verify the audit hash chain and report the first broken link");
  static std::string db_value = "sqlite:phantompool.db";
  auto* db = &db_value;
  verify->add_option("--db", *db, "Database URL")->capture_default_str();
  verify->callback([&exit_code, db] {
    auto store = store::OpenStore(*db);
    if (!store.ok()) {
      exit_code = ReportStoreError(store.status());
      return;
    }
    auto report = (*store)->VerifyAudit(store::Principal::Auditor());
    if (!report.ok()) {
      exit_code = ReportStoreError(report.status());
      return;
    }
    nlohmann::json j{{"ok", report->ok}, {"entries", report->entries}};
    if (!report->ok) {
      j["first_broken_id"] = report->first_broken_id;
      j["problem"] = report->problem;
    }
    std::cout << j.dump() << "\n";
    exit_code = report->ok ? 0 : 1;
  });
}

}  // namespace phantompool::cli
