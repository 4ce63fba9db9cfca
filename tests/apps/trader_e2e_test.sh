#!/usr/bin/env bash
# The trader's commands end to end through the binary, on real sockets on 127.0.0.1 and SQLite:
# three executor processes (t = 2) with a fresh DKG, `phantompool serve`, then
#   keygen → register (profile) → operator KYC → deposit → order place → orders → order show
#   → a counterparty's order → the session settles → trades, balances, market, sessions,
#   session --verify → cancel (lock released) → withdraw → watch (events resumed by id)
# and the errors a trader meets: a deposit before KYC (refused), a deposit on a server whose
# deposits are the operator's (refused; `deposit credit` then credits it, idempotently).
# usage: trader_e2e_test.sh PHANTOMPOOL_BINARY
set -euo pipefail
pp="$1"
# shellcheck source=tests/apps/lib.sh
source "$(dirname "$0")/lib.sh"
# expect_error CODE FIELD COMMAND...: the command fails with that exit code and error field.
expect_error() {
  local code=$1 field=$2; shift 2
  local rc=0
  "$@" >"$work/out" 2>"$work/err" || rc=$?
  expect_eq "$rc" "$code" "exit code of: $*"
  expect_eq "$(jq -r '.error.field' "$work/err")" "$field" "error field of: $*"
}

start_executors 3 2
start_server "$((base + 3))" auto
export PHANTOMPOOL_SERVER="http://127.0.0.1:$((base + 3))"

# Register: the profile records the server and the user id; the seed is never printed.
for t in fees alice bob; do "$pp" keygen --out "$work/$t.key" >/dev/null; done
expect_eq "$("$pp" register --key "$work/fees.key" --json | jq -r .id)" 1 "the fee account"
out=$("$pp" register --key "$work/alice.key" --username alice --json)
alice=$(jq -r .id <<<"$out")
expect_eq "$(jq -r .kyc_status <<<"$out")" pending "a new user's KYC"
expect_eq "$(jq -r .user_id "$work/alice.key.profile.json")" "$alice" "alice's profile"
expect_eq "$(jq -r .server "$work/alice.key.profile.json")" "$PHANTOMPOOL_SERVER" "profile server"
expect_eq "$(stat -c %a "$work/alice.key.profile.json")" 600 "profile mode"
seed=$(jq -r .seed "$work/alice.key")
grep -q "$seed" <<<"$out" && fail "register printed the seed"
bob=$("$pp" register --key "$work/bob.key" --username bob --json | jq -r .id)
rc=0; "$pp" register --key "$work/alice.key" >/dev/null 2>&1 || rc=$?
expect_eq "$rc" 1 "registering a key twice"

# Before KYC the account can do nothing with money.
export PHANTOMPOOL_KEY="$work/alice.key"
expect_error 1 kyc_status "$pp" deposit --token USDC --amount 1000000000 --reference a-usdc-1
for u in "$alice" "$bob"; do "$pp" users kyc --db "$db" --user "$u" --status verified >/dev/null; done
"$pp" deposit --token USDC --amount 1000000000 --reference a-usdc-1 >/dev/null

# The deposit is idempotent on its reference.
again=$("$pp" deposit --token USDC --amount 1000000000 --reference a-usdc-1 --json)
expect_eq "$(jq -r .balance_after <<<"$again")" 1000000000 "a repeated deposit"
bal=$("$pp" balances --json | jq -r '.[] | select(.token == "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v") | .balance')
expect_eq "$bal" 1000000000 "alice's USDC"

# An order, listed and opened with the key; the balance shows what it locks.
o1=$("$pp" order place --pair SOL/USDC --side buy --size 500 --price 10100 --json | jq -r .id)
expect_eq "$("$pp" orders --json | jq -r '.[0].id')" "$o1" "orders"
expect_eq "$("$pp" order show --id "$o1" --json | jq -c '.opened')" \
  '{"min_fill":0,"price":10100,"size":500}' "the order opened with the key"
"$pp" balances | grep -q "949.500000 USDC" || fail "available after the lock: $("$pp" balances)"

# Bob sells exactly into it; the session settles.
PHANTOMPOOL_KEY="$work/bob.key" "$pp" deposit --token SOL --amount 2000000000 >/dev/null
o2=$(PHANTOMPOOL_KEY="$work/bob.key" "$pp" order place --pair SOL/USDC --side sell --size 500 \
  --price 10000 --json | jq -r .id)
wait_for 30 bash -c "'$pp' order show --id $o2 --key '$work/bob.key' --json | jq -e '.status == \"filled\"'"
trades=$("$pp" trades --json)
expect_eq "$(jq -r '[.[].amount] | add' <<<"$trades")" 500 "alice's trades"
expect_eq "$(jq -r '.[0].side' <<<"$trades")" buy "alice's side"
expect_eq "$("$pp" order show --id "$o1" --json | jq -r .status)" filled "alice's order"
"$pp" market --json | jq -e '.[] | select(.symbol == "SOL/USDC") | .volume_24h == 500' >/dev/null \
  || fail "market volume"
session=$("$pp" sessions --pair SOL/USDC --json | jq -r '[.[] | select(.total_volume == 500)][0].id')
# 500 lots at both limit prices and no surplus at either: the reference price decides
# (docs/auction.md, rule 4), and the session says so; so do the table and the executors'
# reputations, each the formula of docs/executor.md over the counts published beside it.
"$pp" session --id "$session" --json | jq -e '.status == "settled" and .price_rule == "reference"' \
  >/dev/null || fail "session: $("$pp" session --id "$session" --json)"
"$pp" sessions --pair SOL/USDC | grep -q " reference " || fail "sessions: the rule column"
"$pp" executors status --db "$db" --json | jq -e 'length == 3 and (map(.reputation) | max) > 500
  and all(.[]; .reputation == ((1000 * (.valid_responses + 1)
    / (.valid_responses + 2 * .invalid_responses + .missed_responses + 2)) | floor))' >/dev/null \
  || fail "executors status: $("$pp" executors status --db "$db" --json)"
# Its draw and its clearing re-checked from what the server publishes.
verified() {  # verified SESSION TRADES VOLUME
  "$pp" session --id "$1" --verify --json >"$work/verify.json" || fail "session --verify $1"
  jq -e --argjson t "$2" --argjson v "$3" '.verified.seed == "recomputed, matches"
    and .verified.clearing.trades == $t and .verified.clearing.volume == $v' \
    "$work/verify.json" >/dev/null || fail "session --verify $1: $(cat "$work/verify.json")"
}
verified "$session" 1 500

# A partial fill carried into the next session: alice buys 400, bob sells 300 now and 100
# once the first session settled. Both sessions re-run exactly; the second clears alice's
# order on the 100 lots left of it.
o4=$("$pp" order place --pair SOL/USDC --side buy --size 400 --price 10100 --json | jq -r .id)
PHANTOMPOOL_KEY="$work/bob.key" "$pp" order place --pair SOL/USDC --side sell --size 300 \
  --price 10000 --json >/dev/null
wait_for 30 bash -c "'$pp' order show --id $o4 --json | jq -e '.status == \"partially_filled\"'"
first=$("$pp" sessions --pair SOL/USDC --json | jq -r '[.[] | select(.total_volume == 300)][0].id')
PHANTOMPOOL_KEY="$work/bob.key" "$pp" order place --pair SOL/USDC --side sell --size 100 \
  --price 10000 --json >/dev/null
wait_for 30 bash -c "'$pp' order show --id $o4 --json | jq -e '.status == \"filled\"'"
second=$("$pp" sessions --pair SOL/USDC --json | jq -r '[.[] | select(.total_volume == 100)][0].id')
verified "$first" 1 300
verified "$second" 1 100
curl -fsS --noproxy '*' "$PHANTOMPOOL_SERVER/v1/sessions/$second/audit" \
  | jq -e --argjson o "$o4" '.opened_orders[] | select(.order_id == $o)
      | .size == 400 and .size_in_session == 100' >/dev/null \
  || fail "the second session's audit: alice's order with 100 of its 400 lots left"

# Someone with the database file rewrites a trade of that session: the re-run refuses it,
# naming the trade.
sql "UPDATE trades SET amount = 99 WHERE matching_session_id = $second"
if "$pp" session --id "$second" --verify --json >"$work/verify.json" 2>"$work/err"; then
  fail "a rewritten trade verified"
fi
grep -q "trades\[0\]\|total_volume" "$work/err" "$work/verify.json" \
  || fail "the refusal names the trade: $(cat "$work/err")"
sql "UPDATE trades SET amount = 100 WHERE matching_session_id = $second"

# Cancel releases exactly the lock: 200 lots × 101 USDC per SOL = 20.2 USDC.
o3=$("$pp" order place --pair SOL/USDC --side buy --size 200 --price 10100 --json | jq -r .id)
available() { "$pp" balances | awk '$1 == "USDC" {print $4}' | tr -d .; }
before=$(available)
for _ in $(seq 20); do  # not while its remainder is frozen in a running session
  "$pp" cancel --order "$o3" >"$work/out" 2>"$work/err" && break
  sleep 0.5
done
grep -q cancelled "$work/out" || fail "cancel: $(cat "$work/out" "$work/err")"
after=$(available)
expect_eq "$((10#$after - 10#$before))" 20200000 "what the cancel released (micro-USDC)"

# Withdraw, proven locally; a second call with the same reference moves nothing.
w=$("$pp" withdraw --token USDC --amount 100000000 --reference w-1 --json)
w2=$("$pp" withdraw --token USDC --amount 100000000 --reference w-1 --json)
expect_eq "$(jq -r .id <<<"$w2")" "$(jq -r .id <<<"$w")" "an idempotent withdrawal"

# The stream: everything from the start, then resumed after an id with nothing missed.
"$pp" watch --after-id 0 --count 5 --timeout 20 >"$work/events"
expect_eq "$(wc -l <"$work/events")" 5 "five events"
third=$(sed -n 3p "$work/events" | jq -r .id)
"$pp" watch --after-id "$third" --count 2 --timeout 20 >"$work/resumed"
expect_eq "$(jq -r .id "$work/resumed" | tr '\n' ' ')" \
  "$(sed -n '4,5p' "$work/events" | jq -r .id | tr '\n' ' ')" "resumed events"

# A server whose deposits are the operator's: the trader's deposit is refused, the operator
# credits it (once per reference).
start_server "$((base + 4))" operator
export PHANTOMPOOL_SERVER="http://127.0.0.1:$((base + 4))"
expect_error 1 profile.server "$pp" balances  # the profile names the other server
rc=0; "$pp" deposit --user-id "$alice" --token SOL --amount 5 --reference op-1 \
  >/dev/null 2>"$work/err" || rc=$?
expect_eq "$rc" 1 "a deposit on an operator server"
c1=$("$pp" deposit credit --db "$db" --user "$alice" --token SOL --amount 5 --reference op-1 --json)
c2=$("$pp" deposit credit --db "$db" --user "$alice" --token SOL --amount 5 --reference op-1 --json)
expect_eq "$(jq -r .id <<<"$c2")" "$(jq -r .id <<<"$c1")" "an idempotent credit"
expect_eq "$("$pp" users list --db "$db" --json | jq length)" 3 "users list"
echo "trader_e2e_test: ok"
