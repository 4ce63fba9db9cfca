#!/usr/bin/env bash
# Lying executors as real processes, on 127.0.0.1 and SQLite. Three of the five executors
# are run by a dishonest operator (tests/apps/rogue_executor.cc): the roster lists the
# rogue's address, the honest executor process sits behind it, and the rogue rewrites what
# it says and signs it again with the executor's own identity key.
#   1. executor 5 deals a wrong share to executor 3 in the DKG and never answers the
#      complaint: executor 3's complaint is upheld, dealer 5 is disqualified, and every
#      executor still agrees on one joint key (5 holds a share of it);
#   2. executors 1 and 2 (the first the coordinator asks) send altered decryption shares:
#      both are recorded invalid with the reason, the session settles with 3, 4 and 5, and
#      `session --verify` re-checks the draw and the clearing from what was published.
# usage: executor_rogue_test.sh PHANTOMPOOL_BINARY ROGUE_EXECUTOR_BINARY
set -euo pipefail
pp="$1"
rogue_bin="$2"
export PP_PORTS=9  # executors 1..5, the server, the honest processes behind rogues 1, 2, 5
# shellcheck source=tests/apps/lib.sh
source "$(dirname "$0")/lib.sh"

init_executors 5 3
declare -A upstream=([1]=$((base + 6)) [2]=$((base + 7)) [5]=$((base + 8)))
# rogue I ARGS...: executor I's honest process moves to its upstream port; the rogue takes
# the roster's address.
rogue() {
  local i=$1; shift
  local config="$work/ex$i/executor.json"
  jq --arg listen "127.0.0.1:${upstream[$i]}" '.listen = $listen' "$config" >"$config.new"
  mv "$config.new" "$config"
  PP_EXECUTOR_PASSPHRASE=$(cat "$work/ex.pass") "$rogue_bin" --listen "$((base + i - 1))" \
    --upstream "${upstream[$i]}" --state-dir "$work/ex$i" --roster "$work/roster.json" "$@" \
    >>"$work/rogue$i.log" 2>&1 &
  pids+=($!)
}
rogue 1 --wrong-shares
rogue 2 --wrong-shares
rogue 5 --bad-dealing-to 3
for i in 1 2 3 4 5; do start_executor "$i"; done  # 1, 2 and 5 answer through their rogue

# 1. The DKG with a dealer that lies.
run_dkg || fail "the DKG with one lying dealer"
grep -q "lied on /v1/dkg/start" "$work/rogue5.log" || fail "rogue 5 dealt its wrong share"
grep -q "executor 3 complains about dealer 5: its share does not match its commitments" \
  "$work/dkg.log" || fail "executor 3's complaint is reported"
if grep -q "dealer 5 answers" "$work/dkg.log"; then fail "dealer 5 answered"; fi
result=$(grep '^{' "$work/dkg.log")
jq -e '.disqualified == [5] and (.finished | sort) == [1, 2, 3, 4, 5]' <<<"$result" >/dev/null \
  || fail "dealer 5 disqualified, all five hold a share: $result"
expect_eq "$(sql "SELECT COUNT(DISTINCT hex(share_public_key)) FROM executor_nodes")" 5 \
  "distinct verification keys recorded"
echo "1. dealer 5 dealt a bad share: complaint upheld, dealer disqualified, key agreed"

# 2. Two executors lie about their decryption shares. Asked first (the lowest indices at
# equal health), both are caught and the coordinator turns to 4 and 5; once they are known
# liars it asks 3, 4 and 5 first. The two orders may land in one batch or two.
start_server "$((base + 5))"
two_traders
read -r buy _ < <(cross 400)
wait_for 90 bash -c "[ \"\$(PHANTOMPOOL_KEY='$work/alice.key' '$pp' order show --id $buy --json | jq -r .status)\" = filled ]"
grep -q "lied on /v1/decrypt" "$work/rogue1.log" || fail "rogue 1 sent altered shares"
grep -q "lied on /v1/decrypt" "$work/rogue2.log" || fail "rogue 2 sent altered shares"
responses() { sql "SELECT matching_session_id, node_index, is_valid, combined, reason FROM quorum_responses ORDER BY 1, 2"; }
expect_eq "$(sql "SELECT COUNT(*) FROM quorum_responses WHERE node_index <= 2 AND is_valid = 1")" 0 \
  "valid answers from 1 and 2 ($(responses))"
expect_eq "$(sql "SELECT COUNT(DISTINCT node_index) FROM quorum_responses WHERE node_index <= 2 AND is_valid = 0 AND asked = 1 AND reason LIKE '%decryption shares%'")" \
  2 "1 and 2 recorded invalid with the reason ($(responses))"
session=$(sql "SELECT DISTINCT matching_session_id FROM trades")
expect_eq "$(sql "SELECT group_concat(node_index) FROM (SELECT node_index FROM quorum_responses WHERE matching_session_id = $session AND combined = 1 ORDER BY node_index)")" \
  "3,4,5" "the executors combined in session $session ($(responses))"
expect_eq "$(sql "SELECT SUM(amount) FROM trades")" 400 "the volume"
"$pp" session --id "$session" --verify --json >"$work/verify.json" || fail "session --verify"
jq -e '(.verified.executors_combined | sort) == [3, 4, 5] and .verified.clearing.volume == 400' \
  "$work/verify.json" >/dev/null || fail "the verified session: $(cat "$work/verify.json")"
"$pp" executors status --db "$db" --json >"$work/status.json"
jq -e '[.[] | select(.node_index <= 2) | .invalid_responses >= 1] | all and length == 2' \
  "$work/status.json" >/dev/null || fail "the liars' record: $(cat "$work/status.json")"
"$pp" audit verify --db "$db" | jq -e '.ok' >/dev/null || fail "audit chain"
echo "2. executors 1 and 2 lied about their shares: recorded invalid, the trade settled with 3, 4, 5"
echo "executor_rogue_test: ok"
