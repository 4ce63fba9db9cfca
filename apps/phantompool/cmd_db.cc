// phantompool db grant-login --db OWNER_URL --role trader|auditor|executor|service [--id N]
//     --login NAME (--password-file FILE | --password-env VAR)
// Creates a PostgreSQL login and maps it to the principal it acts as (docs/store.md,
// "Logins"). The password comes from a file or an environment variable, never from the
// command line (which other users can read in the process list), and never in any output.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "phantompool/store/store.h"

namespace phantompool::cli {

int ReportStoreError(const Status& s);

namespace {

Result<std::string> ReadPassword(const std::string& file, const std::string& env) {
  if (file.empty() == env.empty()) {
    return Status::InvalidArgument("password",
                                   "give exactly one of --password-file, --password-env");
  }
  std::string password;
  if (!file.empty()) {
    std::ifstream f(file, std::ios::binary);
    if (!f) return Status::InvalidArgument("password-file", "cannot open " + file);
    std::stringstream text;
    text << f.rdbuf();
    password = text.str();
    if (!password.empty() && password.back() == '\n') password.pop_back();
  } else {
    const char* v = std::getenv(env.c_str());
    if (v == nullptr) return Status::InvalidArgument("password-env", env + " is not set");
    password = v;
  }
  return password;
}

}  // namespace

void AddDbCommand(CLI::App& app, int& exit_code) {
  auto* db_cmd = app.add_subcommand("db", "Database administration");
  db_cmd->require_subcommand(1);
  auto* grant = db_cmd->add_subcommand(
      "grant-login", "Create a PostgreSQL login for a trader, auditor, executor or the server");
  static std::string db, role, login, password_file, password_env;
  static int64_t id = 0;
  grant->add_option("--db", db, "The schema owner's database URL")->required();
  grant->add_option("--role", role, "trader | auditor | executor | service")->required();
  grant->add_option("--id", id, "users.id (trader) or executor_nodes.id (executor)");
  grant->add_option("--login", login, "The new login's name")->required();
  grant->add_option("--password-file", password_file, "File holding the password");
  grant->add_option("--password-env", password_env, "Environment variable holding the password");
  grant->callback([&exit_code] {
    auto parsed_role = store::ParseRole(role, "role");
    if (!parsed_role.ok()) {
      exit_code = ReportStoreError(parsed_role.status());
      return;
    }
    auto password = ReadPassword(password_file, password_env);
    if (!password.ok()) {
      exit_code = ReportStoreError(password.status());
      return;
    }
    auto store = store::OpenStore(db);
    if (!store.ok()) {
      exit_code = ReportStoreError(store.status());
      return;
    }
    Status s = (*store)->GrantLogin({*parsed_role, id, login, *password});
    if (!s.ok()) {
      exit_code = ReportStoreError(s);
      return;
    }
    nlohmann::json j{{"login", login}, {"role", role}};
    if (id != 0) j["id"] = id;
    std::cout << j.dump() << "\n";
    exit_code = 0;
  });
}

}  // namespace phantompool::cli
