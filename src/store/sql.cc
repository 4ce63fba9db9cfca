#include "sql.h"

#include <charconv>

#include "phantompool/common/hex.h"

namespace phantompool::store::internal {
namespace {

Status Corrupt(std::string_view table, size_t i, std::string_view why) {
  return Status::Corruption(
      std::string(table.empty() ? "row" : table) + "[" + std::to_string(i) + "]", std::string(why));
}

}  // namespace

SqlValue SqlValue::Amount(uint64_t v, std::string_view field) {
  if (v > kMaxAmount) {
    Fail(Status::InvalidArgument(std::string(field), "exceeds the 63-bit amount bound"));
  }
  return Int(static_cast<int64_t>(v));
}

const SqlValue& SqlRow::At(size_t i) const {
  if (i >= cells_->size()) Fail(Corrupt(table_, i, "missing column"));
  return (*cells_)[i];
}

bool SqlRow::IsNull(size_t i) const {
  return At(i).kind == SqlValue::Kind::kNull;
}

int64_t SqlRow::Int(size_t i) const {
  const SqlValue& v = At(i);
  if (v.kind == SqlValue::Kind::kInt) return v.i;
  if (v.kind == SqlValue::Kind::kText) {
    int64_t out = 0;
    const char* end = v.s.data() + v.s.size();
    auto [ptr, ec] = std::from_chars(v.s.data(), end, out);
    if (ec == std::errc() && ptr == end && !v.s.empty()) return out;
    // PostgreSQL booleans as text.
    if (v.s == "t") return 1;
    if (v.s == "f") return 0;
  }
  Fail(Corrupt(table_, i, "expected an integer"));
}

uint64_t SqlRow::Amount(size_t i) const {
  const int64_t v = Int(i);
  if (v < 0) Fail(Corrupt(table_, i, "negative amount"));
  return static_cast<uint64_t>(v);
}

double SqlRow::Real(size_t i) const {
  const SqlValue& v = At(i);
  if (v.kind == SqlValue::Kind::kReal) return v.d;
  if (v.kind == SqlValue::Kind::kInt) return static_cast<double>(v.i);
  if (v.kind == SqlValue::Kind::kText) {
    try {
      size_t used = 0;
      const double d = std::stod(v.s, &used);
      if (used == v.s.size()) return d;
    } catch (const std::exception&) {
    }
  }
  Fail(Corrupt(table_, i, "expected a number"));
}

bool SqlRow::Bool(size_t i) const {
  return Int(i) != 0;
}

std::string SqlRow::Text(size_t i) const {
  const SqlValue& v = At(i);
  if (v.kind == SqlValue::Kind::kText) return v.s;
  if (v.kind == SqlValue::Kind::kInt) return std::to_string(v.i);
  Fail(Corrupt(table_, i, "expected text"));
}

Bytes SqlRow::Blob(size_t i) const {
  const SqlValue& v = At(i);
  if (v.kind == SqlValue::Kind::kBlob) return Bytes(v.s.begin(), v.s.end());
  // PostgreSQL's text form of bytea: "\x" then lower-case hex.
  if (v.kind == SqlValue::Kind::kText && v.s.size() >= 2 && v.s[0] == '\\' && v.s[1] == 'x') {
    auto parsed = ParseHex(std::string_view(v.s).substr(2), "bytea");
    if (parsed.ok()) return std::move(parsed).value();
  }
  Fail(Corrupt(table_, i, "expected bytes"));
}

Commitment SqlRow::Commit(size_t i) const {
  const Bytes b = Blob(i);
  if (b.size() != 32) Fail(Corrupt(table_, i, "commitment is not 32 bytes"));
  Commitment c;
  std::copy(b.begin(), b.end(), c.begin());
  return c;
}

std::optional<int64_t> SqlRow::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}
std::optional<uint64_t> SqlRow::OptAmount(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Amount(i);
}
std::optional<std::string> SqlRow::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
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
