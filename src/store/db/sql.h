// The store's SQL seam: one statement API over SQLite and libpq.
//
// Both back ends take the same parameter syntax ($1, $2, ...: PostgreSQL natively, SQLite as
// named parameters) and hand back cells as SqlValue, with the result's column names, so rows
// are read by name. Every call returns a Status or Result: a failure inside the store is a
// value, never an exception (neither library throws: both report by return value).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/store/records.h"
#include "phantompool/store/store.h"

namespace phantompool::store::internal {

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
  // Money the caller has already bounded (ValidateAmount): at most kMaxAmount.
  static SqlValue Amount(uint64_t v);
  template <typename T>
  static SqlValue Opt(const std::optional<T>& v) {
    return v ? Int(static_cast<int64_t>(*v)) : Null();
  }
};
using Params = std::vector<SqlValue>;

struct SqlResult {
  std::vector<std::string> columns;
  std::vector<std::vector<SqlValue>> rows;
  int64_t affected = 0;
  std::string table;  // names the source in Corruption errors
  size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  // The index of `column`, or -1.
  int ColumnIndex(std::string_view column) const;
};

// Reads one row by column name. A missing column, a NULL where a value belongs or a value of
// the wrong kind is recorded as the reader's first error (Corruption naming table.column)
// and a zero value is returned, so a record is read field by field and checked once:
//   RowReader r(result, i); user.id = r.Int("id"); ...; PP_RETURN_IF_ERROR(r.status());
class RowReader {
 public:
  RowReader(const SqlResult& result, size_t row) : result_(result), row_(row) {}

  bool IsNull(std::string_view column);
  int64_t Int(std::string_view column);
  uint64_t Amount(std::string_view column);  // a non-negative integer
  double Real(std::string_view column);
  bool Bool(std::string_view column);
  std::string Text(std::string_view column);
  Bytes Blob(std::string_view column);
  Commitment Commit(std::string_view column);  // exactly 32 bytes
  std::optional<int64_t> OptInt(std::string_view column);
  std::optional<uint64_t> OptAmount(std::string_view column);
  std::optional<std::string> OptText(std::string_view column);
  // A text column parsed by `parse` (one of the Parse* functions of the records headers).
  template <typename E, typename Parser>
  E Enum(std::string_view column, Parser parse) {
    const std::string text = Text(column);
    if (!status_.ok()) return E{};
    Result<E> v = parse(text, column);
    if (!v.ok()) {
      Corrupt(column, "unknown value");
      return E{};
    }
    return *v;
  }
  // Records a problem the caller found with this row (a value that does not validate).
  void Corrupt(std::string_view column, std::string_view why);
  const Status& status() const { return status_; }

 private:
  const SqlValue* Cell(std::string_view column, bool null_ok);
  const SqlResult& result_;
  size_t row_;
  Status status_;
};

class SqlTx {
 public:
  virtual ~SqlTx() = default;
  virtual Backend backend() const = 0;
  // Runs one statement. `table` names the main table, for errors and Corruption reports.
  virtual Result<SqlResult> Query(std::string_view sql, const Params& params,
                                  std::string_view table) = 0;
  // Runs a script of statements without parameters (migrations).
  virtual Status Script(std::string_view sql) = 0;
  // The transaction's last statement. PostgreSQL sends it together with COMMIT (libpq's
  // pipeline mode), so the locks it takes — the chain_head row the journal locks — are held
  // through no client round trip, only through the commit itself; nothing may follow it.
  // SQLite runs it as any other (its transaction commits right after anyway).
  virtual Result<SqlResult> QueryAndCommit(std::string_view sql, const Params& params,
                                           std::string_view table) {
    return Query(sql, params, table);
  }
};

// Maps a constraint name of the form <table>__<field>__<kind> (how every constraint in the
// migrations is named) to "table.field"; returns the input unchanged otherwise.
std::string ConstraintField(std::string_view constraint);

}  // namespace phantompool::store::internal
