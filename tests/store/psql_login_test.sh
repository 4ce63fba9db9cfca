#!/usr/bin/env bash
# The headline of docs/store.md ("Logins"), with the operator's own tools: psql and the
# phantompool binary. A trader gets a direct login with `phantompool db grant-login`; in psql
# it sees its own rows, and whatever it SETs — another user's id, another role — it sees
# nothing of anyone else's and can change nothing.
# usage: psql_login_test.sh PHANTOMPOOL_BINARY     (needs PP_TEST_PG_URL; fails without it)
set -euo pipefail
bin="$1"
if [ -z "${PP_TEST_PG_URL:-}" ]; then
  echo "FAIL: PP_TEST_PG_URL is not set (source scripts/lib/pg_cluster.sh; pg_cluster_start)" >&2
  exit 1
fi
db="pp_psql_$$_${RANDOM}"
login="psql_trader_$$_${RANDOM}"
pwfile=$(mktemp)
echo "psql-password-$RANDOM-long" >"$pwfile"
# postgresql://USER@/DB?host=...: swap the database, then the user (with its password).
url=$(echo "$PP_TEST_PG_URL" | sed -E "s#^(postgresql://[^/]*/)[^?]*#\1${db}#")
trader_url=$(echo "$url" | sed -E "s#^postgresql://[^@/]*@#postgresql://${login}:$(cat "$pwfile")@#")
cleanup() {
  psql -X -q "$PP_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  psql -X -q "$PP_TEST_PG_URL" -c "DROP ROLE IF EXISTS $login" >/dev/null 2>&1 || true
  rm -f "$pwfile"
}
trap cleanup EXIT
psql -X -q -v ON_ERROR_STOP=1 "$PP_TEST_PG_URL" -c "CREATE DATABASE $db"
"$bin" migrate --db "$url" >/dev/null

# Two traders with balances and orders, written directly as the owner (the scene only).
psql -X -q -v ON_ERROR_STOP=1 "$url" <<'SQL'
INSERT INTO users (id, wallet_address, public_key, kyc_status, created_at, updated_at) VALUES
  (1, 'Trader1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', decode(repeat('01', 32), 'hex'), 'verified', 0, 0),
  (2, 'Trader2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', decode(repeat('02', 32), 'hex'), 'verified', 0, 0);
INSERT INTO user_balances (user_id, token, balance, balance_commitment, available_commitment, created_at, updated_at)
  SELECT id, 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', 500, decode(repeat('00', 32), 'hex'),
         decode(repeat('00', 32), 'hex'), 0, 0 FROM users;
INSERT INTO encrypted_orders (user_id, trading_pair_id, order_type, side, validity, nonce, encrypted_order,
    obligation_token, obligation_commitment, created_at, updated_at)
  SELECT u, 1, 'limit', 'buy', 'gtc', decode(repeat(to_hex(n + 16), 32), 'hex'), '\x01',
         'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', decode(repeat('11', 32), 'hex'), 0, 0
    FROM (VALUES (1, 1), (1, 2), (2, 3)) v(u, n);
SQL
"$bin" db grant-login --db "$url" --role trader --id 1 --login "$login" --password-file "$pwfile" >/dev/null

as_trader() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$trader_url" "$@"; }
fail=0
rows=$(as_trader -c "SELECT count(*) || ':' || min(user_id) || ':' || max(user_id) FROM encrypted_orders")
if [ "$rows" = "2:1:1" ]; then echo "ok: trader 1 sees exactly its 2 orders"; else echo "FAIL: saw $rows"; fail=1; fi
stolen=$(as_trader -c "SET phantompool.user_id = '2'" -c "SELECT count(*) FROM encrypted_orders WHERE user_id = 2")
if [ "$stolen" = "0" ]; then echo "ok: SET phantompool.user_id = '2' shows nothing of user 2"; else echo "FAIL: saw $stolen of user 2's orders"; fail=1; fi
if out=$(as_trader -c "UPDATE user_balances SET balance = 1000000 WHERE user_id = 1" 2>&1); then
  echo "FAIL: UPDATE user_balances was allowed: $out"; fail=1
elif echo "$out" | grep -q "permission denied"; then
  echo "ok: UPDATE user_balances refused"
else
  echo "FAIL: unexpected error: $out"; fail=1
fi
if as_trader -c "SET ROLE pp_service" >/dev/null 2>&1; then
  echo "FAIL: a trader login could become pp_service"; fail=1
else
  echo "ok: SET ROLE pp_service refused"
fi
if as_trader -c "SELECT pp_journal_append('[]', '[]', 1)" >/dev/null 2>&1; then
  echo "FAIL: a trader could append to the audit chain"; fail=1
else
  echo "ok: the journal function is refused to the trader"
fi
bad_url=$(echo "$trader_url" | sed -E "s#:[^:@]*@#:wrong-password@#")
if psql -X -q -t -A "$bad_url" -c "SELECT 1" >/dev/null 2>&1; then
  echo "FAIL: a wrong password was accepted"; fail=1
else
  echo "ok: a wrong password is refused"
fi
bal=$(psql -X -q -t -A "$url" -c "SELECT sum(balance) FROM user_balances")
[ "$bal" = "1000" ] || { echo "FAIL: balances changed to $bal"; fail=1; }
exit $fail
