#include "ledger.h"

#include <nlohmann/json.hpp>

#include "access.h"
#include "commitments.h"
#include "json_text.h"
#include "validation.h"

namespace phantompool::store::internal {
namespace {

using nlohmann::json;

Result<std::optional<Transfer>> FindTransfer(SqlTx& tx, int64_t user_id,
                                             std::string_view reference) {
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
      SELECT id, user_id, token, kind, amount, reference, balance_after, created_at
        FROM balance_transfers WHERE user_id = $1 AND reference = $2)sql",
                                            {SqlValue::Int(user_id), SqlValue::Text(reference)},
                                            "balance_transfers"));
  if (r.empty()) return std::optional<Transfer>();
  RowReader row(r, 0);
  Transfer t;
  t.id = row.Int("id");
  t.user_id = row.Int("user_id");
  t.token = row.Text("token");
  t.kind = row.Enum<TransferKind>("kind", ParseTransferKind);
  t.amount = row.Amount("amount");
  t.reference = row.Text("reference");
  t.balance_after = row.Amount("balance_after");
  t.created_at = row.Int("created_at");
  PP_RETURN_IF_ERROR(row.status());
  return std::optional<Transfer>(std::move(t));
}

Status CheckActiveUser(SqlTx& tx, int64_t user_id) {
  PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query("SELECT is_active FROM users WHERE id = $1",
                                            {SqlValue::Int(user_id)}, "users"));
  if (r.empty()) return Status::NotFound("users.id", "no user " + std::to_string(user_id));
  RowReader row(r, 0);
  const bool active = row.Bool("is_active");
  PP_RETURN_IF_ERROR(row.status());
  if (!active) return Status::FailedPrecondition("users.is_active", "user is not active");
  return Status::Ok();
}

}  // namespace

Result<Transfer> Ledger::Deposit(const Principal& p, int64_t user_id, std::string_view token,
                                 uint64_t amount, std::string_view reference) {
  return Change(p, user_id, token, TransferKind::kDeposit, amount, reference, std::nullopt);
}

Result<Transfer> Ledger::Withdraw(const Principal& p, int64_t user_id, std::string_view token,
                                  uint64_t amount, std::string_view reference,
                                  const Commitment& available) {
  return Change(p, user_id, token, TransferKind::kWithdrawal, amount, reference, available);
}

Result<Transfer> Ledger::Change(const Principal& p, int64_t user_id, std::string_view token,
                                TransferKind kind, uint64_t amount, std::string_view reference,
                                const std::optional<Commitment>& available) {
  PP_RETURN_IF_ERROR(RequireRole(p, {Role::kService}, "user_balances"));
  PP_RETURN_IF_ERROR(ValidateToken(token, "user_balances.token"));
  PP_RETURN_IF_ERROR(ValidateAmount(amount, "balance_transfers.amount"));
  PP_RETURN_IF_ERROR(ValidateReference(reference, "balance_transfers.reference"));
  if (available) {
    PP_RETURN_IF_ERROR(DecodeInput(*available, "available_commitment").status());
  }
  const bool deposit = kind == TransferKind::kDeposit;
  Transfer out;
  auto attempt = [&](SqlTx& tx, Journal& j, int64_t now) -> Status {
    PP_RETURN_IF_ERROR(CheckActiveUser(tx, user_id));
    const std::pair<int64_t, std::string> key{user_id, std::string(token)};
    PP_ASSIGN_OR_RETURN(std::vector<BalanceRow> rows,
                        ctx_.procs().LockBalances(tx, std::span(&key, 1), deposit, now));
    // Under the row lock, so a first attempt with this reference that committed is seen.
    PP_ASSIGN_OR_RETURN(std::optional<Transfer> prior, FindTransfer(tx, user_id, reference));
    if (prior) {
      if (prior->token != token || prior->kind != kind || prior->amount != amount) {
        return Status::AlreadyExists("balance_transfers.reference",
                                     "already used for a different transfer");
      }
      out = *prior;
      return Status::Ok();
    }
    if (rows.empty()) {
      return Status::InsufficientFunds("user_balances.balance", "no balance in this token");
    }
    const BalanceRow& row = rows[0];
    if (available && *available != row.available) {
      return Status::Conflict("user_balances.available_commitment",
                              "changed since the withdrawal proof was made; prove against the "
                              "current one");
    }
    if (!deposit && row.balance < amount) {
      return Status::InsufficientFunds("user_balances.balance", "withdrawal exceeds the balance");
    }
    if (deposit && row.balance > kMaxAmount - amount) {
      return Status::InvalidArgument("user_balances.balance", "would exceed the 63-bit bound");
    }
    const uint64_t after = deposit ? row.balance + amount : row.balance - amount;
    PP_ASSIGN_OR_RETURN(crypto::Point a,
                        DecodeStored(row.available, "user_balances.available_commitment"));
    const crypto::Point moved = crypto::Point::MulBase(crypto::Scalar::FromU64(amount));
    TransferChange c;
    c.user_id = user_id;
    c.token = std::string(token);
    c.kind = kind;
    c.amount = amount;
    c.reference = std::string(reference);
    c.expected_available = row.available;
    c.new_balance_commitment = BalanceCommitment(after);
    c.new_available = EncodePoint(deposit ? a + moved : a - moved);
    PP_ASSIGN_OR_RETURN(TransferOutcome done, ctx_.procs().ChangeBalance(tx, c, now));
    out = Transfer{done.id,        user_id, c.token, kind, amount, c.reference, done.balance_after,
                   done.created_at};
    if (done.replayed) return Status::Ok();
    const json data{{"token", c.token},
                    {"amount", amount},
                    {"balance", after},
                    {"reference", c.reference},
                    {"transfer_id", done.id}};
    j.Add(Journal::Audit{std::string(Name(kind)), "balance", "low", user_id, std::nullopt,
                         std::nullopt, JsonText(data)});
    j.Add(
        Journal::Event{"balance", std::string(Name(kind)), user_id, std::nullopt, JsonText(data)});
    return Status::Ok();
  };
  Status s = ctx_.Write(p, attempt);
  // Two first attempts with one reference in different tokens lock different rows; the
  // second then meets the first's unique key, and one more pass reports it properly.
  if (s.code() == StatusCode::kAlreadyExists && s.field() == "balance_transfers.reference" &&
      s.message() == "already exists") {
    s = ctx_.Write(p, attempt);
  }
  PP_RETURN_IF_ERROR(s);
  return out;
}

Result<std::vector<Balance>> Ledger::Balances(const Principal& p, int64_t user_id) {
  PP_RETURN_IF_ERROR(RequireSelfOr(p, user_id, {Role::kAuditor, Role::kService}, "user_balances"));
  std::vector<Balance> out;
  PP_RETURN_IF_ERROR(ctx_.Read(p, [&](SqlTx& tx) -> Status {
    out.clear();
    PP_ASSIGN_OR_RETURN(SqlResult r, tx.Query(R"sql(
        SELECT user_id, token, balance, balance_commitment, available_commitment,
               open_obligations, updated_at
          FROM user_balances WHERE user_id = $1 ORDER BY token)sql",
                                              {SqlValue::Int(user_id)}, "user_balances"));
    for (size_t i = 0; i < r.size(); ++i) {
      RowReader row(r, i);
      Balance b;
      b.user_id = row.Int("user_id");
      b.token = row.Text("token");
      b.balance = row.Amount("balance");
      b.balance_commitment = row.Commit("balance_commitment");
      b.available_commitment = row.Commit("available_commitment");
      b.open_obligations = row.Int("open_obligations");
      b.updated_at = row.Int("updated_at");
      PP_RETURN_IF_ERROR(row.status());
      PP_ASSIGN_OR_RETURN(b.locked_commitment,
                          LockedCommitment(b.balance_commitment, b.available_commitment));
      out.push_back(std::move(b));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace phantompool::store::internal
