#include "db/sql.h"

#include <charconv>
#include <cstdlib>

#include "phantompool/common/check.h"
#include "phantompool/common/hex.h"

namespace phantompool::store::internal {

SqlValue SqlValue::Amount(uint64_t v) {
  PP_CHECK(v <= kMaxAmount);  // every amount is bounded where it enters the store
  return Int(static_cast<int64_t>(v));
}

int SqlResult::ColumnIndex(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return static_cast<int>(i);
  }
  return -1;
}

void RowReader::Corrupt(std::string_view column, std::string_view why) {
  if (!status_.ok()) return;
  status_ = Status::Corruption(
      (result_.table.empty() ? std::string("row") : result_.table) + "." + std::string(column),
      std::string(why));
}

const SqlValue* RowReader::Cell(std::string_view column, bool null_ok) {
  const int i = result_.ColumnIndex(column);
  if (row_ >= result_.rows.size()) {
    Corrupt(column, "missing row");
    return nullptr;
  }
  if (i < 0) {
    Corrupt(column, "missing column");
    return nullptr;
  }
  const SqlValue& v = result_.rows[row_][static_cast<size_t>(i)];
  if (v.kind == SqlValue::Kind::kNull && !null_ok) {
    Corrupt(column, "unexpected NULL");
    return nullptr;
  }
  return &v;
}

bool RowReader::IsNull(std::string_view column) {
  const SqlValue* v = Cell(column, true);
  return v == nullptr || v->kind == SqlValue::Kind::kNull;
}

int64_t RowReader::Int(std::string_view column) {
  const SqlValue* v = Cell(column, false);
  if (v == nullptr) return 0;
  if (v->kind == SqlValue::Kind::kInt) return v->i;
  if (v->kind == SqlValue::Kind::kText) {
    int64_t out = 0;
    const char* end = v->s.data() + v->s.size();
    auto [ptr, ec] = std::from_chars(v->s.data(), end, out);
    if (ec == std::errc() && ptr == end && !v->s.empty()) return out;
    // PostgreSQL booleans arrive as text.
    if (v->s == "t") return 1;
    if (v->s == "f") return 0;
  }
  Corrupt(column, "expected an integer");
  return 0;
}

uint64_t RowReader::Amount(std::string_view column) {
  const int64_t v = Int(column);
  if (v < 0) {
    Corrupt(column, "negative amount");
    return 0;
  }
  return static_cast<uint64_t>(v);
}

double RowReader::Real(std::string_view column) {
  const SqlValue* v = Cell(column, false);
  if (v == nullptr) return 0;
  if (v->kind == SqlValue::Kind::kReal) return v->d;
  if (v->kind == SqlValue::Kind::kInt) return static_cast<double>(v->i);
  if (v->kind == SqlValue::Kind::kText && !v->s.empty()) {
    char* end = nullptr;
    const double d = std::strtod(v->s.c_str(), &end);
    if (end == v->s.c_str() + v->s.size()) return d;
  }
  Corrupt(column, "expected a number");
  return 0;
}

bool RowReader::Bool(std::string_view column) {
  const int64_t v = Int(column);
  if (v != 0 && v != 1) Corrupt(column, "expected a boolean");
  return v == 1;
}

std::string RowReader::Text(std::string_view column) {
  const SqlValue* v = Cell(column, false);
  if (v == nullptr) return {};
  if (v->kind == SqlValue::Kind::kText) return v->s;
  Corrupt(column, "expected text");
  return {};
}

Bytes RowReader::Blob(std::string_view column) {
  const SqlValue* v = Cell(column, false);
  if (v == nullptr) return {};
  if (v->kind == SqlValue::Kind::kBlob) return Bytes(v->s.begin(), v->s.end());
  // PostgreSQL's text form of bytea: "\x" then lower-case hex.
  if (v->kind == SqlValue::Kind::kText && v->s.size() >= 2 && v->s[0] == '\\' && v->s[1] == 'x') {
    auto parsed = ParseHex(std::string_view(v->s).substr(2), column);
    if (parsed.ok()) return std::move(parsed).value();
  }
  Corrupt(column, "expected bytes");
  return {};
}

Commitment RowReader::Commit(std::string_view column) {
  const Bytes b = Blob(column);
  Commitment c{};
  if (!status_.ok()) return c;
  if (b.size() != c.size()) {
    Corrupt(column, "commitment is not 32 bytes");
    return c;
  }
  std::copy(b.begin(), b.end(), c.begin());
  return c;
}

std::optional<int64_t> RowReader::OptInt(std::string_view column) {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<uint64_t> RowReader::OptAmount(std::string_view column) {
  if (IsNull(column)) return std::nullopt;
  return Amount(column);
}

std::optional<std::string> RowReader::OptText(std::string_view column) {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::string ConstraintField(std::string_view constraint) {
  const size_t a = constraint.find("__");
  if (a == std::string_view::npos) return std::string(constraint);
  const size_t b = constraint.find("__", a + 2);
  const std::string_view table = constraint.substr(0, a);
  const std::string_view field =
      constraint.substr(a + 2, b == std::string_view::npos ? std::string_view::npos : b - a - 2);
  return std::string(table) + "." + std::string(field);
}

}  // namespace phantompool::store::internal
