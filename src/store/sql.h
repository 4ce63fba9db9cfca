// The store's internal SQL seam: one statement API over SQLite and libpqxx.
//
// Both back ends take the same parameter syntax ($1, $2, ...: PostgreSQL natively, SQLite
// as named parameters) and hand back cells as SqlValue. PostgreSQL cells arrive as text and
// are converted on access, so callers read every column the same way on both back ends.
// Inside the store a failure is thrown as StoreError (carrying its Status) and caught at the
// transaction boundary, where it becomes the call's Status: nothing escapes the module.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/status.h"
#include "phantompool/store/records.h"
#include "phantompool/store/store.h"

namespace phantompool::store::internal {

// A Status in flight inside the store; never thrown across the Store interface.
class StoreError : public std::exception {
 public:
  explicit StoreError(Status s) : status_(std::move(s)) {}
  const Status& status() const { return status_; }
  const char* what() const noexcept override { return "phantompool store error"; }

 private:
  Status status_;
};
[[noreturn]] inline void Fail(Status s) {
  throw StoreError(std::move(s));
}

struct SqlValue {
  enum class Kind : uint8_t { kNull, kInt, kReal, kText, kBlob };
  Kind kind = Kind::kNull;
  int64_t i = 0;
  double d = 0;
  std::string s;  // text, or the raw bytes of a blob

  static SqlValue Null() { return {}; }
  static SqlValue Int(int64_t v) { return {Kind::kInt, v, 0, {}}; }
  static SqlValue Real(double v) { return {Kind::kReal, 0, v, {}}; }
  static SqlValue Text(std::string_view v) { return {Kind::kText, 0, 0, std::string(v)}; }
  static SqlValue Blob(std::span<const uint8_t> v) {
    return {Kind::kBlob, 0, 0, std::string(v.begin(), v.end())};
  }
  static SqlValue Bool(bool v) { return Int(v ? 1 : 0); }
  // Money: refuses (InvalidArgument on `field`) anything past the 63-bit bound.
  static SqlValue Amount(uint64_t v, std::string_view field);
  template <typename T>
  static SqlValue Opt(const std::optional<T>& v) {
    return v ? Int(static_cast<int64_t>(*v)) : Null();
  }
};
using Params = std::vector<SqlValue>;

// One row; `table` names the source in Corruption errors.
class SqlRow {
 public:
  SqlRow(const std::vector<SqlValue>* cells, std::string_view table)
      : cells_(cells), table_(table) {}
  bool IsNull(size_t i) const;
  int64_t Int(size_t i) const;
  uint64_t Amount(size_t i) const;  // a non-negative integer column
  double Real(size_t i) const;
  bool Bool(size_t i) const;
  std::string Text(size_t i) const;
  Bytes Blob(size_t i) const;
  Commitment Commit(size_t i) const;  // exactly 32 bytes
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<uint64_t> OptAmount(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  size_t size() const { return cells_->size(); }

 private:
  const SqlValue& At(size_t i) const;
  const std::vector<SqlValue>* cells_;
  std::string_view table_;
};

struct SqlResult {
  std::vector<std::vector<SqlValue>> rows;
  int64_t affected = 0;
  std::string table;  // for error messages
  size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  SqlRow Row(size_t i) const { return SqlRow(&rows[i], table); }
};

class SqlTx {
 public:
  virtual ~SqlTx() = default;
  virtual Backend backend() const = 0;
  // Runs one statement. `table` names the main table, for errors and Corruption reports.
  virtual SqlResult Query(std::string_view sql, const Params& params,
                          std::string_view table = "") = 0;
  // Runs a script of statements without parameters (migrations).
  virtual void Script(std::string_view sql) = 0;
  // " FOR UPDATE" on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock.
  std::string_view ForUpdate() const {
    return backend() == Backend::kPostgres ? " FOR UPDATE" : "";
  }
};

// Maps a constraint name of the form <table>__<field>__<kind> (how every constraint in the
// migrations is named) to "table.field"; returns the input unchanged otherwise.
std::string ConstraintField(std::string_view constraint);

}  // namespace phantompool::store::internal
