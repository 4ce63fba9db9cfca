#!/usr/bin/env bash
# The issue's raw psql check: a session connected as a login role in pp_trader sees only its
# own rows of encrypted_orders and cannot UPDATE user_balances, whatever SQL it sends.
# usage: psql_rls_test.sh PHANTOMPOOL_BINARY     (needs PP_TEST_PG_URL; fails without it)
set -euo pipefail
bin="$1"
if [ -z "${PP_TEST_PG_URL:-}" ]; then
  echo "FAIL: PP_TEST_PG_URL is not set (source scripts/lib/pg_cluster.sh; pg_cluster_start)" >&2
  exit 1
fi
db="pp_psql_$$_${RANDOM}"
role="pp_psql_trader_$$_${RANDOM}"
# postgresql://USER@/DB?host=...: swap the database, then the user.
url=$(echo "$PP_TEST_PG_URL" | sed -E "s#^(postgresql://[^/]*/)[^?]*#\1${db}#")
trader_url=$(echo "$url" | sed -E "s#^postgresql://[^@/]*@#postgresql://${role}@#")
cleanup() {
  psql -X -q "$PP_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  psql -X -q "$PP_TEST_PG_URL" -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql -X -q -v ON_ERROR_STOP=1 "$PP_TEST_PG_URL" -c "CREATE DATABASE $db"
"$bin" migrate --db "$url" >/dev/null

# Two traders, three orders (two of trader 1), written directly as the owner.
psql -X -q -v ON_ERROR_STOP=1 "$url" <<'SQL'
INSERT INTO users (id, wallet_address, public_key, kyc_status, created_at, updated_at) VALUES
  (1, 'Trader1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', decode(repeat('01', 32), 'hex'), 'verified', 0, 0),
  (2, 'Trader2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', decode(repeat('02', 32), 'hex'), 'verified', 0, 0);
INSERT INTO user_balances (user_id, token, balance, balance_commitment, locked_commitment, available_commitment, created_at, updated_at)
  SELECT id, 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', 500, decode(repeat('00', 32), 'hex'),
         decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'), 0, 0 FROM users;
INSERT INTO encrypted_orders (user_id, trading_pair_id, order_type, side, validity, format_version, ciphertexts,
    commitments, proof_bundle, signature, nonce, obligation_token, obligation_commitment, created_at, updated_at)
  SELECT u, 1, 'limit', 'buy', 'gtc', 1, '\x01', '\x02', '\x03', decode(repeat('aa', 64), 'hex'),
         decode(repeat(to_hex(n + 16), 16), 'hex'), 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
         decode(repeat('11', 32), 'hex'), 0, 0
    FROM (VALUES (1, 1), (1, 2), (2, 3)) v(u, n);
SQL
psql -X -q -v ON_ERROR_STOP=1 "$url" -c "CREATE ROLE $role LOGIN IN ROLE pp_trader"

as_trader() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$trader_url" -c "SET phantompool.user_id = '1'" -c "$1"; }
fail=0
rows=$(as_trader "SELECT count(*) || ':' || count(DISTINCT user_id) || ':' || min(user_id) FROM encrypted_orders")
if [ "$rows" = "2:1:1" ]; then echo "ok: trader 1 sees exactly its 2 orders"; else echo "FAIL: saw $rows"; fail=1; fi
all=$(psql -X -q -t -A "$url" -c "SELECT count(*) FROM encrypted_orders")
[ "$all" = "3" ] || { echo "FAIL: owner sees $all orders, expected 3"; fail=1; }
unset_rows=$(psql -X -q -t -A "$trader_url" -c "SELECT count(*) FROM encrypted_orders")
[ "$unset_rows" = "0" ] && echo "ok: no user set, no rows" || { echo "FAIL: without a user id saw $unset_rows"; fail=1; }
if out=$(as_trader "UPDATE user_balances SET balance = 1000000 WHERE user_id = 1" 2>&1); then
  echo "FAIL: UPDATE user_balances was allowed: $out"; fail=1
elif echo "$out" | grep -q "permission denied"; then
  echo "ok: UPDATE user_balances refused ($out)"
else
  echo "FAIL: unexpected error: $out"; fail=1
fi
if out=$(as_trader "SET ROLE pp_service" 2>&1); then
  echo "FAIL: a trader login could become pp_service"; fail=1
else
  echo "ok: SET ROLE pp_service refused"
fi
if out=$(as_trader "SELECT change_balance(1, 'x', 1, NULL, '\x00', '\x00', 0)" 2>&1); then
  echo "FAIL: a trader could call change_balance"; fail=1
else
  echo "ok: money function refused to the trader"
fi
bal=$(psql -X -q -t -A "$url" -c "SELECT sum(balance) FROM user_balances")
[ "$bal" = "1000" ] || { echo "FAIL: balances changed to $bal"; fail=1; }
exit $fail
