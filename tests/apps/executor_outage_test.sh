#!/usr/bin/env bash
# The quorum through the server with real processes, on 127.0.0.1 and SQLite: five executor
# processes (t = 3) with a fresh DKG and `phantompool serve`, then
#   1. two executors killed (SIGKILL): a crossing pair of orders still settles;
#   2. the two back, three others killed: the next crossing pair's session waits — frozen,
#      its orders frozen with their locks, nothing opened, traded or moved — and says why
#      (the audit records every executor's verdict: unavailable);
#   3. one of the three back: the same session (same batch, same draw) completes with it,
#      reusing the valid answers it already had, and `session --verify` re-checks its draw
#      and re-runs its clearing.
# usage: executor_outage_test.sh PHANTOMPOOL_BINARY
set -euo pipefail
pp="$1"
# shellcheck source=tests/apps/lib.sh
source "$(dirname "$0")/lib.sh"
start_executors 5 3
start_server "$((base + 5))"
two_traders

down() { for i in "$@"; do kill -9 "${executor_pid[$i]}"; wait "${executor_pid[$i]}" 2>/dev/null || true; done; }
status_of() { PHANTOMPOOL_KEY="$work/alice.key" "$pp" order show --id "$1" --json | jq -r .status; }

# 1. Two of five down: three answer.
down 4 5
read -r buy1 _ < <(cross 500)
wait_for 60 bash -c "[ \"\$(PHANTOMPOOL_KEY='$work/alice.key' '$pp' order show --id $buy1 --json | jq -r .status)\" = filled ]"
echo "1. two executors down: the session settled"

# 2. Three of five down: the session waits.
start_executor 4
start_executor 5
down 1 2 3
trades_before=$(sql "SELECT COUNT(*) FROM trades")
read -r buy2 _ < <(cross 300)
# The session that froze alice's order (bob's may have missed it by a batch and wait
# behind it: a pair's sessions run one after the other).
wait_for 60 bash -c "[ \"\$(sql \"SELECT status FROM encrypted_orders WHERE id = $buy2\")\" = matching ]"
session=$(sql "SELECT matching_session_id FROM encrypted_orders WHERE id = $buy2")
usdc_before=$("$pp" balances --key "$work/alice.key" --json | jq -r '.[] | select(.token | startswith("EPj")) | .available_commitment')
# Two attempts at least, so the wait is the steady state, not a first try in flight.
wait_for 60 bash -c "[ \"\$(sql \"SELECT COALESCE(MAX(attempt), 0) FROM quorum_responses WHERE matching_session_id = $session\")\" -ge 2 ]"
expect_eq "$(sql "SELECT status FROM matching_sessions WHERE id = $session")" frozen "the waiting session"
expect_eq "$(status_of "$buy2")" matching "alice's order while the quorum is short"
expect_eq "$(sql "SELECT COUNT(*) FROM trades")" "$trades_before" "trades while the quorum is short"
expect_eq "$(sql "SELECT COUNT(*) FROM order_openings WHERE matching_session_id = $session")" 0 \
  "openings while the quorum is short"
expect_eq "$("$pp" balances --key "$work/alice.key" --json | jq -r '.[] | select(.token | startswith("EPj")) | .available_commitment')" \
  "$usdc_before" "alice's available balance (her lock intact)"
audit=$(curl -fsS --noproxy '*' "$server/v1/sessions/$session/audit")
jq -e '[.responses[] | select(.node_index <= 3 and .valid == false)
        | .reason | test("unavailable")] | length >= 3 and all' <<<"$audit" >/dev/null \
  || fail "the audit says the three are unavailable: $(jq -c '.responses' <<<"$audit")"
jq -e '[.responses[] | select(.node_index >= 4 and .valid)] | length >= 2' <<<"$audit" >/dev/null \
  || fail "the two that answered are recorded valid: $(jq -c '.responses' <<<"$audit")"
grep -q "waits for the quorum" "$work/server-$((base + 5)).log" || fail "the server log says why"
echo "2. three executors down: session $session waits, nothing written half-way"

# 3. One back: the same session completes.
digest=$(sql "SELECT hex(batch_digest) FROM matching_sessions WHERE id = $session")
start_executor 1
wait_for 60 bash -c "[ \"\$(PHANTOMPOOL_KEY='$work/alice.key' '$pp' order show --id $buy2 --json | jq -r .status)\" = filled ]"
expect_eq "$(sql "SELECT status FROM matching_sessions WHERE id = $session")" settled "the session"
expect_eq "$(sql "SELECT hex(batch_digest) FROM matching_sessions WHERE id = $session")" "$digest" \
  "its batch digest (the same draw)"
expect_eq "$(sql "SELECT SUM(amount) FROM trades WHERE matching_session_id >= $session")" 300 \
  "the volume from it on"
# Executors 4 and 5 answered once: their first answers were reused, not asked for again.
expect_eq "$(sql "SELECT COUNT(*) FROM quorum_responses WHERE matching_session_id = $session AND node_index IN (4, 5) AND asked = 1")" \
  2 "times 4 and 5 were asked"
"$pp" session --id "$session" --verify --json >"$work/verify.json" || fail "session --verify"
volume=$(sql "SELECT COALESCE(SUM(amount), 0) FROM trades WHERE matching_session_id = $session")
jq -e --argjson v "$volume" '.verified.clearing.volume == $v and
                             (.verified.executors_combined | sort) == [1, 4, 5]' \
  "$work/verify.json" >/dev/null || fail "the verified session: $(cat "$work/verify.json")"
"$pp" audit verify --db "$db" | jq -e '.ok' >/dev/null || fail "audit chain"
echo "3. one executor back: session $session settled on the same draw, verified"
echo "executor_outage_test: ok"
