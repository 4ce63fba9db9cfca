#!/usr/bin/env bash
# kill -9 of `phantompool serve` around a session, then a restart on the same database:
# three executor processes (t = 2) and the server on 127.0.0.1 and SQLite; two traders'
# crossing orders; the server is killed with SIGKILL at one of two moments:
#   frozen    the moment their batch is seen frozen (the quorum and settlement run in the
#             next few milliseconds, so the kill lands before, during or just after them);
#   answered  after the executors answered and before the coordinator recorded a word of
#             it (made certain by holding the executors with SIGSTOP, below). The restarted
#             coordinator asks the same draw again, and the executors re-serve it (an
#             executor never answers one session for two draws, nor releases a new share).
# A new server on the same database finishes the session. Checked: both orders end filled
# exactly once (one trade of the full size), every token's total over all accounts equals
# what was deposited (fees included: nothing made, nothing lost), and the audit chain
# verifies.
# usage: server_restart_test.sh PHANTOMPOOL_BINARY frozen|answered
set -euo pipefail
pp="$1"
moment="$2"
case "$moment" in frozen | answered) ;; *) echo "moment: frozen or answered" >&2; exit 2 ;; esac
# shellcheck source=tests/apps/lib.sh
source "$(dirname "$0")/lib.sh"
start_executors 3 2
start_server "$((base + 3))"
two_traders

# answered: the executors are stopped (SIGSTOP) before the orders go in, so the
# coordinator's requests wait in their sockets; once the draw is recorded and the requests
# sent, the server is killed and the executors resumed — they answer (to disk first) a
# coordinator that is gone, and the restarted one must be served that same draw again.
if [ "$moment" = answered ]; then for i in 1 2 3; do kill -STOP "${executor_pid[$i]}"; done; fi
buy=$(PHANTOMPOOL_KEY="$work/alice.key" "$pp" order place --pair SOL/USDC --side buy \
  --size 500 --price 10100 --json | jq -r .id)
sell=$(PHANTOMPOOL_KEY="$work/bob.key" "$pp" order place --pair SOL/USDC --side sell \
  --size 500 --price 10000 --json | jq -r .id)

if [ "$moment" = frozen ]; then
  # The moment the batch is frozen (read straight from the database, a few ms apart).
  deadline=$((SECONDS + 30))
  until [ "$(sql "SELECT status FROM encrypted_orders WHERE id = $sell" 2>/dev/null)" \
          != active ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the batch never closed"
  done
  kill -9 "$server_pid"
else
  # (the server's health checks of the stopped executors run into their deadline first)
  wait_for 90 bash -c "[ -n \"\$(sql 'SELECT id FROM matching_sessions WHERE batch_digest IS NOT NULL')\" ]"
  sleep 1  # the requests leave right after the draw is recorded
  kill -9 "$server_pid"
  for i in 1 2 3; do kill -CONT "${executor_pid[$i]}"; done
  answered() {
    local n=0
    for i in 1 2 3; do grep -qs '"pair":"SOL/USDC"' "$work/ex$i/answers.log" && n=$((n + 1)); done
    [ "$n" -ge 2 ]
  }
  wait_for 30 answered
  expect_eq "$(sql "SELECT COUNT(*) FROM quorum_responses")" 0 \
    "responses recorded by the killed server"
fi
wait "$server_pid" 2>/dev/null || true
seen=$(sql "SELECT status FROM encrypted_orders WHERE id = $sell")
echo "killed the server ($moment) with the sell order $seen"

# A new server on the same database finishes what was started.
start_server "$((base + 3))"
wait_for 60 bash -c "[ \"\$(PHANTOMPOOL_KEY='$work/bob.key' '$pp' order show --id $sell --json | jq -r .status)\" = filled ]"
expect_eq "$(PHANTOMPOOL_KEY="$work/alice.key" "$pp" order show --id "$buy" --json | jq -r .status)" \
  filled "alice's order after the restart"
# Filled once: one trade of the full size.
trades=$(PHANTOMPOOL_KEY="$work/alice.key" "$pp" trades --json)
expect_eq "$(jq 'length' <<<"$trades")" 1 "trades after the restart"
expect_eq "$(jq -r '.[0].amount' <<<"$trades")" 500 "the trade's size"
# Value conserved: each token's balances over every account sum to what was deposited.
usdc=$(sql "SELECT SUM(balance) FROM user_balances WHERE token = (SELECT quote_token FROM trading_pairs WHERE symbol = 'SOL/USDC')")
sol=$(sql "SELECT SUM(balance) FROM user_balances WHERE token = (SELECT base_token FROM trading_pairs WHERE symbol = 'SOL/USDC')")
expect_eq "$usdc" 1000000000 "USDC over all accounts"
expect_eq "$sol" 2000000000 "SOL over all accounts"
"$pp" audit verify --db "$db" | jq -e '.ok' >/dev/null || fail "audit chain"
echo "ok: no order lost or filled twice, value conserved, audit chain verified"
