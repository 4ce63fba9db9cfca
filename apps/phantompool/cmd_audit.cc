// phantompool audit verify --db URL [--anchor FILE]: walks the hash-chained audit log end to
// end and prints the head; with an anchor, also checks the chain still extends it.
// phantompool audit anchor --db URL [--out FILE]: verifies the chain, then writes its head
// with a timestamp (stdout, or FILE) to be kept outside the database.
// Exit 0 when intact; 1 with the first broken link when not (or when the database fails);
// 2 for invalid input (a malformed anchor file).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "phantompool/common/hex.h"
#include "phantompool/store/store.h"

namespace phantompool::cli {

int ReportStoreError(const Status& s);

namespace {

Result<store::AuditAnchor> ReadAnchor(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::InvalidArgument("anchor", "cannot open " + path);
  std::stringstream text;
  text << f.rdbuf();
  if (text.str().size() > 4096) return Status::InvalidArgument("anchor", "larger than 4 KiB");
  return store::ParseAuditAnchor(text.str());
}

// Verifies as the auditor; the report, or the Status that stopped it.
Result<store::AuditVerifyReport> Verify(const std::string& db,
                                        const std::optional<store::AuditAnchor>& anchor) {
  PP_ASSIGN_OR_RETURN(auto store, store::OpenStore(db));
  return store->VerifyAudit(store::Principal::Auditor(), anchor);
}

nlohmann::json ReportJson(const store::AuditVerifyReport& r) {
  nlohmann::json j{{"ok", r.ok}, {"entries", r.entries}, {"head_hash", ToHex(r.head_hash)}};
  if (!r.ok) {
    j["first_broken_id"] = r.first_broken_id;
    j["problem"] = r.problem;
  }
  return j;
}

}  // namespace

void AddAuditCommand(CLI::App& app, int& exit_code) {
  auto* audit = app.add_subcommand("audit", "Audit log tools");
  audit->require_subcommand(1);

  auto* verify = audit->add_subcommand(
      "verify", "Verify the audit hash chain, print its head and report the first broken link");
  static std::string verify_db = "sqlite:phantompool.db";
  static std::string anchor_path;
  verify->add_option("--db", verify_db, "Database URL (the owner's or an auditor's login)")
      ->capture_default_str();
  verify->add_option("--anchor", anchor_path, "An anchor file the chain must still extend");
  verify->callback([&exit_code] {
    std::optional<store::AuditAnchor> anchor;
    if (!anchor_path.empty()) {
      auto a = ReadAnchor(anchor_path);
      if (!a.ok()) {
        exit_code = ReportStoreError(a.status());
        return;
      }
      anchor = *a;
    }
    auto report = Verify(verify_db, anchor);
    if (!report.ok()) {
      exit_code = ReportStoreError(report.status());
      return;
    }
    nlohmann::json j = ReportJson(*report);
    if (anchor)
      j["anchor"] = {{"entries", anchor->entries}, {"head_hash", ToHex(anchor->head_hash)}};
    std::cout << j.dump() << "\n";
    exit_code = report->ok ? 0 : 1;
  });

  auto* anchor = audit->add_subcommand(
      "anchor", "Verify the chain and write its head with a timestamp, to keep elsewhere");
  static std::string anchor_db = "sqlite:phantompool.db";
  static std::string out_path;
  anchor->add_option("--db", anchor_db, "Database URL (the owner's or an auditor's login)")
      ->capture_default_str();
  anchor->add_option("--out", out_path, "File to write (default: stdout)");
  anchor->callback([&exit_code] {
    auto report = Verify(anchor_db, std::nullopt);
    if (!report.ok()) {
      exit_code = ReportStoreError(report.status());
      return;
    }
    if (!report->ok) {  // an anchor of a broken chain would vouch for the tampering
      std::cerr << ReportJson(*report).dump() << "\n";
      exit_code = 1;
      return;
    }
    const std::string line =
        store::FormatAuditAnchor({report->entries, report->head_hash, store::SystemClockMicros()});
    if (out_path.empty() || out_path == "-") {
      std::cout << line << "\n";
      exit_code = 0;
      return;
    }
    // Written to a temporary name first, so a failed write never leaves a plausible anchor.
    const std::string tmp = out_path + ".partial";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << line << "\n";
      f.close();
      if (!f || std::rename(tmp.c_str(), out_path.c_str()) != 0) {
        std::remove(tmp.c_str());
        exit_code = ReportStoreError(Status::IoError("out", "cannot write " + out_path));
        return;
      }
    }
    std::cout << nlohmann::json{{"anchor", out_path}, {"entries", report->entries}}.dump() << "\n";
    exit_code = 0;
  });
}

}  // namespace phantompool::cli
